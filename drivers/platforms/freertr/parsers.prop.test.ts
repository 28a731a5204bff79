/**
 * Property tests of the freeRtr parsers (fast-check): text generated here from a model, in the
 * device's own format (not by the reference router: drivers and reference-impl meet on the
 * wire only), parses back to the model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePing, parseTraceroute } from './parsers';
import { parseTable } from './table';
import { ParseError } from '../../errors';

const RUNS = { numRuns: 300, seed: 3 };
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));

void test('ping: the result line of any counts parses back to them', () => {
  const model = fc.record({ sent: fc.integer({ min: 1, max: 100000 }), seed: fc.nat(), rtt: fc.tuple(fc.nat(5000), fc.nat(5000), fc.nat(5000)) })
    .map(({ sent, seed, rtt }) => ({ sent, received: seed % (sent + 1), rtt: [...rtt].sort((a, b) => a - b) }));
  fc.assert(fc.property(ipv4, model, (target, m) => {
    const lost = m.sent - m.received;
    const pct = ((100 * m.received) / m.sent).toFixed(1);
    const marks = '!'.repeat(Math.min(m.received, 80)) + '.'.repeat(Math.min(lost, 80));
    const text = `pinging ${target}, src=null, vrf=v1, via=null, cnt=${m.sent}, len=64, df=false, tim=1000, gap=0, ttl=255, tos=0, sgt=0, flow=0, fill=0, alrt=-1, sweep=false, multi=false, mpls=0\n` +
      `${marks}\nresult=${pct}%, recv/sent/lost/err=${m.received}/${m.sent}/${lost}/0, took 13, min/avg/max/dev rtt=${m.rtt[0]}/${m.rtt[1]}.0/${m.rtt[2]}/0.0, ttl 0/0/0/0.0, tos 0/0.0/0/0.0\n`;
    const r = parsePing(text, target);
    assert.deepEqual([r.target, r.sent, r.received, r.lost, r.successPct], [target, m.sent, m.received, lost, Number(pct)]);
    if (m.received > 0) assert.deepEqual([r.rttMin, r.rttAvg, r.rttMax], m.rtt);
    else assert.equal(r.rttMin, undefined);
  }), RUNS);
});

void test('traceroute: hops (answered or not) parse back in order; reached when the last is the target', () => {
  const hop = fc.option(fc.tuple(ipv4, fc.nat(9999)), { nil: null });
  fc.assert(fc.property(ipv4, fc.array(hop, { minLength: 1, maxLength: 30 }), fc.boolean(), (target, hops, reach) => {
    const all = reach ? [...hops, [target, 5] as [string, number]] : hops;
    const text = `tracing ${target}, src=null, vrf=v1, len=64, tim=1000, tos=0, flow=0, fill=0, sgt=0, ttl=1..30\n` +
      all.map((h, i) => (h ? `${i + 1} ${h[0]} time=${h[1]}` : `${i + 1} null time=1000`)).join('\n') + '\n';
    const r = parseTraceroute(text, target);
    assert.equal(r.hops.length, all.length);
    r.hops.forEach((h, i) => {
      const want = all[i];
      assert.equal(h.ttl, i + 1);
      assert.equal(h.address, want ? want[0] : null);
      assert.equal(h.rttMs, want ? want[1] : undefined);
    });
    const last = all[all.length - 1];
    assert.equal(r.reached, last !== null && last[0] === target);
  }), RUNS);
});

void test('parsers refuse garbage with a ParseError, never a TypeError', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
    for (const f of [() => parsePing(text, '1.1.1.1'), () => parseTraceroute(text, '1.1.1.1')]) {
      try { f(); } catch (e) { assert.ok(!(e instanceof TypeError) && !(e instanceof RangeError), String(e)); }
    }
  }), { numRuns: 1000, seed: 5 });
});

// freeRtr's two table formats, written here as freeRtr lays them out (userFormat: columns padded
// to their widest cell, two spaces apart; fancy: `| cell |` boxes with ~, - and _ rulers).
const word = fc.stringMatching(/^[a-z0-9./:-]{1,10}$/);
const cell = fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => w.join(' '));
const tableModel = fc.integer({ min: 1, max: 6 }).chain((n) => fc.record({
  headers: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), { minLength: n, maxLength: n }),
  rows: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 8 }),
}, { noNullPrototype: true }));

function renderPlain(headers: string[], rows: string[][]): string {
  const w = headers.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] as string).length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd((w[k] as number) + 2)).join('').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

function renderFancy(headers: string[], rows: string[][]): string {
  const w = headers.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] as string).length)));
  const rule = (ch: string) => '|' + w.map((n) => ch.repeat(n + 2)).join('|') + '|';
  const line = (cells: string[]) => '|' + cells.map((c, k) => ` ${c.padEnd(w[k] as number)} `).join('|') + '|';
  return [rule('~'), line(headers), rule('-'), ...rows.map(line), rule('_')].join('\n') + '\n';
}

void test('tables: rows written in either freeRtr format parse back to the same cells under the same headers', () => {
  fc.assert(fc.property(tableModel, fc.constantFrom('plain', 'fancy'), ({ headers, rows }, format) => {
    const t = parseTable(format === 'plain' ? renderPlain(headers, rows) : renderFancy(headers, rows));
    assert.equal(t.format, format);
    assert.deepEqual(t.headers, headers);
    assert.deepEqual(t.rows.map((r) => headers.map((h) => r.cells[h])), rows);
  }), RUNS);
});

void test('tables: a row with a cell too many is a ParseError naming the line, never a shifted row', () => {
  fc.assert(fc.property(tableModel.filter((m) => m.rows.length > 0), fc.constantFrom('plain', 'fancy'), ({ headers, rows }, format) => {
    const text = (format === 'plain' ? renderPlain(headers, rows) : renderFancy(headers, rows)).split('\n');
    const at = format === 'plain' ? 1 : 3; // the first data row
    text[at] = format === 'plain' ? `${text[at] as string}  extra1  extra2` : `${text[at] as string} extra |`;
    assert.throws(() => parseTable(text.join('\n')), (e: unknown) => e instanceof ParseError && e.message.includes('extra'));
  }), RUNS);
});
