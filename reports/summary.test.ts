import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatSummary, readSummary, suiteOf, summarize } from './summary';

// A small Playwright JSON report in the shape the `json` reporter writes (Playwright 1.65).
const fake = {
  config: { metadata: { target: 'frr' }, projects: [{ name: 'frr' }] },
  suites: [
    {
      title: 'pvrp-ecmp/pvrp-ecmp.spec.ts',
      file: 'pvrp-ecmp/pvrp-ecmp.spec.ts',
      specs: [],
      suites: [
        {
          title: 'state',
          file: 'pvrp-ecmp/pvrp-ecmp.spec.ts',
          specs: [
            {
              title: 'ECMP over 4 paths',
              file: 'pvrp-ecmp/pvrp-ecmp.spec.ts',
              tests: [{ projectName: 'frr', status: 'expected', annotations: [], results: [{ status: 'passed', duration: 120, retry: 0, annotations: [{ type: 'measurement', description: 'convergence=812ms' }, { type: 'measurement', description: 'paths=4' }] }] }],
            },
            {
              title: 'PVRP neighbours',
              file: 'pvrp-ecmp/pvrp-ecmp.spec.ts',
              tests: [{
                projectName: 'frr', status: 'skipped',
                annotations: [{ type: 'deviation', description: 'PVRP is not implemented by FRR' }, { type: 'skip', description: 'DEVIATION: PVRP is not implemented by FRR' }],
                results: [{ status: 'skipped', duration: 3, retry: 0, annotations: [{ type: 'deviation', description: 'PVRP is not implemented by FRR' }] }],
              }],
            },
          ],
        },
      ],
    },
    {
      title: 'vrrs/vrrs.spec.ts',
      file: 'vrrs/vrrs.spec.ts',
      specs: [
        { title: 'show vrrs summary', file: 'vrrs/vrrs.spec.ts', tests: [{ projectName: 'frr', status: 'unexpected', annotations: [], results: [{ status: 'failed', duration: 40, retry: 0 }] }] },
        { title: 'failover', file: 'vrrs/vrrs.spec.ts', tests: [{ projectName: 'frr', status: 'unexpected', annotations: [], results: [{ status: 'timedOut', duration: 120000, retry: 0 }] }] },
        { title: 'accounting plug-in', file: 'vrrs/vrrs.spec.ts', tests: [{ projectName: 'frr', status: 'skipped', annotations: [{ type: 'skip', description: 'no lab' }], results: [{ status: 'skipped', duration: 0, retry: 0 }] }] },
        { title: 'clients follow', file: 'vrrs/vrrs.spec.ts', tests: [{ projectName: 'frr', status: 'flaky', annotations: [], results: [{ status: 'failed', duration: 10, retry: 0 }, { status: 'passed', duration: 15, retry: 1 }] }] },
        // Failed first, then declared a deviation: still a failure.
        { title: 'MAC plug-in', file: 'vrrs/vrrs.spec.ts', tests: [{ projectName: 'frr', status: 'unexpected', annotations: [{ type: 'deviation', description: 'late' }], results: [{ status: 'failed', duration: 5, retry: 0 }] }] },
      ],
    },
  ],
  errors: [],
  stats: { startTime: '2026-01-01T00:00:00.000Z', duration: 121234.5, expected: 1, skipped: 2, unexpected: 3, flaky: 1 },
};

void test('summarize counts passes, failures, deviations, skips and flaky tests separately', () => {
  const s = summarize(fake);
  assert.equal(s.target, 'frr');
  assert.deepEqual(
    { passed: s.passed, failed: s.failed, deviations: s.deviations, skipped: s.skipped, flaky: s.flaky, errors: s.errors, durationMs: s.durationMs },
    { passed: 1, failed: 3, deviations: 1, skipped: 1, flaky: 1, errors: 0, durationMs: 121234.5 },
  );
  assert.deepEqual(s.perTest[0], {
    suite: 'pvrp-ecmp', title: 'state › ECMP over 4 paths', project: 'frr', status: 'passed', lastResult: 'passed',
    durationMs: 120, measurements: { convergence: '812ms', paths: '4' },
  });
  assert.equal(s.perTest[1].status, 'deviation');
  assert.equal(s.perTest[1].deviation, 'PVRP is not implemented by FRR');
  assert.equal(s.perTest[3].lastResult, 'timedOut');
  assert.equal(s.perTest[5].durationMs, 25);
  assert.equal(s.perTest[6].status, 'failed');
});

void test('formatSummary ends with exactly "N passed, N failed", deviations on the line before', () => {
  const text = formatSummary(summarize(fake));
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[lines.length - 1], '1 passed, 3 failed');
  assert.equal(lines[lines.length - 2], '1 deviation, 1 skipped, 1 flaky');
  assert.match(text, /DEV {2}pvrp-ecmp › state › PVRP neighbours \(3 ms\): deviation: PVRP is not implemented by FRR/);
  assert.match(text, /FAIL vrrs › failover \(120000 ms\) \[timedOut\]/);
  assert.doesNotMatch(text, /ECMP over 4 paths/); // passes are listed only with verbose
  assert.match(formatSummary(summarize(fake), { verbose: true }), /ok {3}pvrp-ecmp › state › ECMP over 4 paths \(120 ms\) {2}convergence=812ms paths=4/);
});

void test('errors outside tests fail the run; an empty report is 0 passed, 0 failed', () => {
  const s = summarize({ suites: [], errors: [{ message: 'SyntaxError in spec' }], stats: { duration: 5 } });
  assert.equal(s.failed, 1);
  assert.equal(s.errors, 1);
  assert.match(formatSummary(s), /1 error outside tests/);
  assert.equal(formatSummary(summarize({})).trimEnd().split('\n').pop(), '0 passed, 0 failed');
});

void test('readSummary reads a results.json file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-'));
  try {
    const file = path.join(dir, 'results.json');
    fs.writeFileSync(file, JSON.stringify(fake));
    assert.equal(readSummary(file).perTest.length, 7);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('suiteOf names the suite by its folder', () => {
  assert.equal(suiteOf('pvrp-ecmp/pvrp-ecmp.spec.ts'), 'pvrp-ecmp');
  assert.equal(suiteOf('suites/evpn-mh/lag.spec.ts'), 'evpn-mh');
  assert.equal(suiteOf('smoke.spec.ts'), 'smoke');
});
