import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TestLike, ResultLike, VerdictTracker } from './checks';

let n = 0;
function t(title: string, describe: string[] = ['pvrp-ecmp'], annotations: TestLike['annotations'] = []): TestLike {
  const id = `t${n++}`;
  return { id, title, titlePath: () => ['', 'reference', 'pvrp-ecmp/pvrp-ecmp.spec.ts', ...describe, title], location: { file: '/x/suites/pvrp-ecmp/pvrp-ecmp.spec.ts', line: 3 }, annotations };
}
const res = (status: string, errors: ResultLike['errors'] = [], annotations: ResultLike['annotations'] = []): ResultLike => ({ status, duration: 10.4, errors, annotations });

void test('verdicts, reasons, measurements; the suite name is not repeated in the title', () => {
  const v = new VerdictTracker();
  const pass = v.record(t('configure'), res('passed', [], [{ type: 'measurement', description: 'convergence_virtual_s=7.1s' }]));
  assert.deepEqual(pass, { target: 'reference', suite: 'pvrp-ecmp', title: 'configure', verdict: 'passed', durationMs: 10, measurements: { convergence_virtual_s: '7.1s' }, file: 'pvrp-ecmp/pvrp-ecmp.spec.ts', line: 3 });
  assert.equal(v.record(t('inner', ['pvrp-ecmp', 'state']), res('passed')).title, 'state › inner');
  const dev = v.record(t('golden'), res('skipped', [], [{ type: 'deviation', description: 'another dialect' }, { type: 'skip', description: 'DEVIATION: another dialect' }]));
  assert.deepEqual([dev.verdict, dev.reason], ['deviation', 'another dialect']);
  const skip = v.record(t('needs seeds', ['pvrp-ecmp'], [{ type: 'skip', description: 'seed documents not found at ../shared/seeds' }]), res('skipped'));
  assert.deepEqual([skip.verdict, skip.reason], ['skipped', 'seed documents not found at ../shared/seeds']);
  const fail = v.record(t('ecmp'), res('failed', [{ message: 'Error: r2 1.1.1.8/30 paths\n\nexpect(received).toBe(expected)' }]));
  assert.deepEqual([fail.verdict, fail.reason], ['failed', 'r2 1.1.1.8/30 paths']);
  const after = v.record(t('next'), res('skipped'));
  assert.deepEqual([after.verdict, after.reason], ['skipped', 'not run: "ecmp" failed before it (serial suite)']);
  // A failed check that declared a deviation on the way is still failed.
  assert.equal(v.record(t('late'), res('failed', [{ message: 'Error: x\nexpect(a)' }], [{ type: 'deviation', description: 'late' }])).verdict, 'failed');
  assert.equal(v.record(t('stopped'), res('interrupted')).verdict, 'interrupted');
  assert.equal(v.record(t('odd'), res('weird')).verdict, 'failed');
});

void test('a broken check makes the checks a serial suite did not run broken too, with the cause', () => {
  const v = new VerdictTracker();
  const b = v.record(t('state'), res('failed', [{ message: 'ConnectError: r1: cannot connect to 127.0.0.1:1: ECONNREFUSED', stack: 'ConnectError: r1: ...\n    at x' }]));
  assert.deepEqual([b.verdict, b.reason], ['broken', 'ConnectError: r1: cannot connect to 127.0.0.1:1: ECONNREFUSED']);
  const next = v.record(t('golden'), res('skipped'));
  assert.equal(next.verdict, 'broken');
  assert.equal(next.reason, 'not run: the target broke in "state"');
  const to = new VerdictTracker().record(t('slow'), res('timedOut', [{ message: 'Test timeout of 120000ms exceeded.' }, { message: 'ConnectionLostError: r1: connection lost closed locally' }]));
  assert.deepEqual([to.verdict, to.reason], ['broken', 'Test timeout of 120000ms exceeded.']);
});
