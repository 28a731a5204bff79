import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterCheck, beforeCheck, brokenFlag, resetBrokenFlagsForTesting, TargetBrokenError, VerdictInfo } from './verdict';
import { classifyError } from '../../reports/classify';
import { PollTimeout } from './poll';

function info(dir: string, title: string, status: VerdictInfo['status'], errors: VerdictInfo['errors'] = [], suite = 'pvrp-ecmp', target = 'lab1'): VerdictInfo {
  return {
    title,
    titlePath: [],
    file: path.join(dir, 'suites', suite, `${suite}.spec.ts`),
    status,
    errors,
    project: { name: target, testDir: path.join(dir, 'suites'), outputDir: path.join(dir, 'out') } as VerdictInfo['project'],
  } as VerdictInfo;
}

void test('a broken check flags its target and suite; the next checks end at once with TargetBrokenError, also in a new worker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verdict-'));
  try {
    resetBrokenFlagsForTesting();
    beforeCheck(info(dir, 'configure', undefined));
    assert.equal(afterCheck(info(dir, 'configure', 'passed')), undefined);
    // A failure (the device answered) does not flag the target.
    assert.equal(afterCheck(info(dir, 'golden', 'failed', [{ message: 'Error: golden diff\nexpect(a).toBe(b)' }])), undefined);
    beforeCheck(info(dir, 'next', undefined));
    const f = afterCheck(info(dir, 'state', 'failed', [{ message: 'ConnectionLostError: r1: connection lost while reading (command "show x")', stack: 'ConnectionLostError: r1: ...' }]));
    assert.deepEqual(f, { target: 'lab1', suite: 'pvrp-ecmp', check: 'state', reason: 'ConnectionLostError: r1: connection lost while reading (command "show x")' });
    // Playwright replaces the worker after a failure: the flag is read back from the file.
    resetBrokenFlagsForTesting();
    assert.throws(() => beforeCheck(info(dir, 'ecmp', undefined)), (e: Error) => {
      assert.ok(e instanceof TargetBrokenError);
      assert.equal(e.message, 'target lab1 broke in "state"');
      assert.equal(classifyError({ message: `${e.name}: ${e.message}` }), 'broken');
      return true;
    });
    // The first breakage is kept; another suite or target is not affected.
    afterCheck(info(dir, 'later', 'timedOut', [{ message: 'Test timeout of 120000ms exceeded.' }]));
    assert.equal(brokenFlag(info(dir, 'x', undefined))?.check, 'state');
    beforeCheck(info(dir, 'other suite', undefined, [], 'bfd-static-vpn'));
    beforeCheck(info(dir, 'other target', undefined, [], 'pvrp-ecmp', 'frr'));
    afterCheck(info(dir, 'slow', 'timedOut', [{ message: 'Test timeout of 120000ms exceeded.' }], 'bfd-static-vpn'));
    assert.equal(brokenFlag(info(dir, 'y', undefined, [], 'bfd-static-vpn'))?.reason, 'Test timeout of 120000ms exceeded.');
  } finally {
    resetBrokenFlagsForTesting();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test("a poll that never saw its state is failed (the device answered), not broken", () => {
  const p = new PollTimeout('r2 PVRP neighbours: not reached within 30 s (last: ethernet1.11:null)');
  assert.equal(classifyError(p), 'failed');
  assert.equal(classifyError({ message: `Error: ${p.message}`, stack: p.stack }), 'failed');
});
