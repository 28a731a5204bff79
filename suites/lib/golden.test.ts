import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareGolden, extractTables, maskColumns, normalise } from './golden';
import { parseTable } from '../../drivers/platforms/freertr/table';
import { buildGolden } from '../pvrp-ecmp/golden-source';

const table = [
  ' |~~~~~~|~~~~~~~~~~~~|~~~~~~~~~~|',
  ' | typ  | prefix     | time     |',
  ' |------|------------|----------|',
  ' | C    | 1.1.1.0/30 | 00:00:12 |',
  ' |______|____________|__________|',
].join('\n');

void test('maskColumns hides only the named columns, keeping widths', () => {
  const m = maskColumns(table, ['time']);
  assert.match(m, /\| C {4}\| 1\.1\.1\.0\/30 \| xxxxxxxx \|/);
  assert.ok(m.includes('| typ  | prefix     | time     |'));
});

void test('compareGolden ignores volatile columns but catches any other change', () => {
  const later = table.replace('00:00:12', '01:02:03');
  assert.equal(compareGolden('t', table, later + '\n\n', ['time']).ok, true);
  const wrong = table.replace('1.1.1.0/30', '1.1.1.4/30');
  const r = compareGolden('t', table, wrong, ['time']);
  assert.equal(r.ok, false);
  assert.match(r.diff, /^-.*1\.1\.1\.0\/30/m);
  assert.match(r.diff, /^\+.*1\.1\.1\.4\/30/m);
  // Without the mask the time difference is a failure too: the mask is what makes it pass.
  assert.equal(compareGolden('t', table, later, []).ok, false);
});

void test('extractTables takes host#command blocks followed by a table', () => {
  const doc = ['    r2#', '    r2#show ipv4 route v1', '    r2#show ipv4 route v1', ...table.split('\n').map((l) => '    ' + l), '    r2#'].join('\n');
  const t = extractTables(doc);
  assert.equal(t.length, 1);
  assert.equal(t[0].host, 'r2');
  assert.equal(t[0].command, 'show ipv4 route v1');
  assert.equal(normalise(t[0].text), normalise(table));
});

void test('the plain table form keeps single spaces inside cells (P EX), as golden-source needs', () => {
  const t = parseTable('typ   prefix      metric\nP EX  2.2.2.1/32  80/10\n');
  assert.deepEqual(t.headers.map((h) => t.rows[0].cells[h]), ['P EX', '2.2.2.1/32', '80/10']);
});

const seeds = path.join(__dirname, '..', '..', '..', 'shared', 'seeds');
void test('committed pvrp-ecmp golden files are exactly what `netproof golden` extracts', { skip: fs.existsSync(seeds) ? false : `seed documents not found at ${seeds}` }, () => {
  const files = buildGolden(seeds);
  assert.equal(files.size, 9);
  for (const [rel, text] of files) {
    const f = path.join(__dirname, '..', 'pvrp-ecmp', 'golden', rel);
    assert.equal(fs.readFileSync(f, 'utf8'), text, rel);
  }
  // The seed's own IPv6 summary differs from the converged expectation (ERRATA E1).
  const seedSum = files.get(path.join('r2', 'show-ipv6-pvrp-1-sum.txt'))!;
  const conv = files.get(path.join('r2', 'show-ipv6-pvrp-1-sum.errata.txt'))!;
  assert.equal(compareGolden('sum', seedSum, conv, ['uptime']).ok, false);
});
