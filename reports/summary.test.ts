import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitCodeOf, formatSummary, readSummary, summarizeResults } from './summary';
import type { CheckRecord, ResultsFile } from './checks';

const rec = (title: string, verdict: CheckRecord['verdict'], reason?: string, measurements: Record<string, string> = {}): CheckRecord => ({
  target: 'frr', suite: 'pvrp-ecmp', title, verdict, durationMs: 12, measurements, ...(reason ? { reason } : {}),
});

const results: ResultsFile = {
  format: 'netproof-results', version: 1, target: 'frr', status: 'failed', durationMs: 61234, planned: 6,
  checks: [
    rec('state: ECMP over 4 paths', 'passed', undefined, { convergence: '812ms' }),
    rec('golden: r2 show ipv4 route v1', 'failed', 'golden diff: r2 show ipv4 route v1'),
    rec('state: PVRP neighbours', 'deviation', 'PVRP is not implemented by FRR'),
    rec('failover: cut r2-r3', 'broken', 'ConnectionLostError: r2: connection lost while reading (command "show ipv4 route v1")'),
    rec('failover: restore', 'skipped', 'not run: "golden: r2 show ipv4 route v1" failed before it (serial suite)'),
    rec('reachability', 'passed'),
  ],
};

void test('the summary lists only what did not pass, with reasons, and ends with the four counts', () => {
  const text = formatSummary(summarizeResults(results));
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[lines.length - 1], '2 passed, 1 failed, 1 broken, 1 deviation');
  assert.equal(lines[lines.length - 2], '1 skipped');
  assert.match(lines[0], /^netproof: target frr, 6 checks finished in 61\.2 s$/);
  assert.doesNotMatch(text, /ECMP over 4 paths|reachability/, 'passes are not listed');
  assert.match(text, /^ {2}FAIL {3}pvrp-ecmp › golden: r2 show ipv4 route v1 \(12 ms\): golden diff: r2 show ipv4 route v1$/m);
  assert.match(text, /^ {2}BROKEN pvrp-ecmp › failover: cut r2-r3 \(12 ms\): ConnectionLostError: r2: connection lost while reading \(command "show ipv4 route v1"\)$/m);
  assert.match(text, /^ {2}DEV {4}pvrp-ecmp › state: PVRP neighbours \(12 ms\): PVRP is not implemented by FRR$/m);
  assert.match(text, /^ {2}SKIP {3}pvrp-ecmp › failover: restore \(12 ms\): not run: "golden: r2 show ipv4 route v1" failed before it/m);
  assert.doesNotMatch(text, /pvrp-ecmp › pvrp-ecmp/, 'the suite name is not doubled');
  assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');
});

void test('exit codes: 1 when a check failed, else 3 when one broke, else 0 (deviations and skips do not fail)', () => {
  assert.equal(exitCodeOf(summarizeResults(results)), 1);
  const noFail = { ...results, checks: results.checks.filter((c) => c.verdict !== 'failed') };
  assert.equal(exitCodeOf(summarizeResults(noFail)), 3);
  const clean = { ...results, checks: results.checks.filter((c) => c.verdict !== 'failed' && c.verdict !== 'broken') };
  assert.equal(exitCodeOf(summarizeResults(clean)), 0);
  assert.equal(formatSummary(summarizeResults({ ...clean, checks: [] })).trimEnd().split('\n').pop(), '0 passed, 0 failed, 0 broken, 0 deviations');
});

void test('an interrupted run says so and how many checks never finished', () => {
  const s = summarizeResults({ ...results, status: 'interrupted', planned: 10, checks: [...results.checks, rec('ping', 'interrupted', 'the run was interrupted while it ran')] });
  const text = formatSummary(s);
  assert.match(text, /6 checks finished in 61\.2 s \(of 10\), run interrupted/);
  assert.match(text, /1 skipped, 1 interrupted, 3 not run/);
  assert.match(text, /STOP {3}pvrp-ecmp › ping/);
});

void test('readSummary reads results.json, and the checks.jsonl stream a killed run leaves (torn last line ignored)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-'));
  try {
    fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results));
    assert.equal(readSummary(dir).checks.length, 6);
    fs.rmSync(path.join(dir, 'results.json'));
    const stream = results.checks.slice(0, 3).map((c) => JSON.stringify(c)).join('\n') + '\n{"target":"frr","sui';
    fs.writeFileSync(path.join(dir, 'checks.jsonl'), stream);
    const s = readSummary(dir);
    assert.equal(s.status, 'incomplete');
    assert.deepEqual(s.checks.map((c) => c.verdict), ['passed', 'failed', 'deviation']);
    assert.match(formatSummary(s), /run did not finish \(read from checks\.jsonl\)/);
    fs.writeFileSync(path.join(dir, 'other.json'), '{"suites": []}');
    assert.throws(() => readSummary(path.join(dir, 'other.json')), /other\.json: not a netproof results file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
