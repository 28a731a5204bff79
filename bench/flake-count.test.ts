import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flakes, verdicts, type PwReport } from './flake-count';

const report = (statuses: Array<[string, string, boolean?]>): PwReport => ({
  suites: [{ title: 'pvrp-ecmp.spec.ts', suites: [{ title: 'pvrp-ecmp', specs: statuses.map(([title, status, dev]) => ({ title, tests: [{ annotations: dev ? [{ type: 'deviation', description: 'why' }] : [], results: [{ status }] }] })) }] }],
});

void describe('flake count', () => {
  void it('reads one verdict per check: passed, failed, broken (timedOut), deviation, skipped', () => {
    const v = verdicts(report([['a', 'passed'], ['b', 'failed'], ['c', 'timedOut'], ['d', 'skipped', true], ['e', 'skipped']]));
    assert.deepEqual([...v.values()], ['passed', 'failed', 'broken', 'deviation', 'skipped']);
    assert.equal([...v.keys()][0], 'pvrp-ecmp.spec.ts › pvrp-ecmp › a');
  });

  void it('counts checks whose verdict differed between runs, a missing check as not run', () => {
    const r1 = verdicts(report([['a', 'passed'], ['b', 'passed'], ['c', 'skipped', true]]));
    const r2 = verdicts(report([['a', 'passed'], ['b', 'failed'], ['c', 'skipped', true]]));
    const r3 = verdicts(report([['a', 'passed'], ['c', 'skipped', true]]));
    assert.deepEqual(flakes([r1, r1]), []);
    assert.deepEqual(flakes([r1, r2, r3]), [{ check: 'pvrp-ecmp.spec.ts › pvrp-ecmp › b', counts: { passed: 1, failed: 1, 'not run': 1 } }]);
  });
});
