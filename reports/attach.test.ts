import { afterEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as AllureApi from 'allure-js-commons';
import {
  attachDiff,
  attachTiming,
  attachTranscript,
  declareDeviation,
  maskSecrets,
  recordMeasurement,
  setAllureApiForTesting,
  type DeviationTarget,
} from './attach';

interface Attached { name: string; body: string; contentType: string }

function fakeInfo(): DeviationTarget & { attached: Attached[]; skipped: string[] } {
  const attached: Attached[] = [];
  const skipped: string[] = [];
  const info = {
    attached,
    skipped,
    annotations: [] as Array<{ type: string; description?: string }>,
    attach: (name: string, opts: { body?: string | Buffer; contentType?: string } = {}): Promise<void> => {
      attached.push({ name, body: String(opts.body), contentType: opts.contentType ?? '' });
      return Promise.resolve();
    },
    skip: (...args: unknown[]): void => {
      skipped.push(String(args[1]));
      throw new Error('skip: ' + String(args[1])); // Playwright throws to end the test
    },
  };
  return info as unknown as DeviationTarget & { attached: Attached[]; skipped: string[] };
}

const calls: string[] = [];
const fakeAllure = {
  parameter: (name: string, value: string) => { calls.push(`parameter ${name}=${value}`); return Promise.resolve(); },
  label: (name: string, value: string) => { calls.push(`label ${name}=${value}`); return Promise.resolve(); },
  tag: (name: string) => { calls.push(`tag ${name}`); return Promise.resolve(); },
} as unknown as typeof AllureApi;

afterEach(() => {
  calls.length = 0;
  setAllureApiForTesting(undefined);
});

void test('maskSecrets masks every occurrence, longest secret first, ignoring empty ones', () => {
  assert.equal(maskSecrets('user admin pass s3cret s3cret2 s3cret', ['s3cret', 's3cret2', '']), 'user admin pass ***** ***** *****');
  assert.equal(maskSecrets('a.b*c', ['.b*']), 'a*****c');
});

void test('attachTranscript attaches text/plain with secrets masked', async () => {
  const info = fakeInfo();
  await attachTranscript(info, 'r2 session', 'Password: hunter2\nr2#show run\n enable secret hunter2\n', ['hunter2']);
  assert.deepEqual(info.attached, [{ name: 'r2 session', body: 'Password: *****\nr2#show run\n enable secret *****\n', contentType: 'text/plain' }]);
});

void test('attachDiff attaches text/x-diff', async () => {
  const info = fakeInfo();
  await attachDiff(info, 'golden', '--- a\n+++ b\n');
  assert.equal(info.attached[0].contentType, 'text/x-diff');
});

void test('recordMeasurement and attachTiming add measurement annotations and Allure parameters', async () => {
  setAllureApiForTesting(fakeAllure);
  const info = fakeInfo();
  await recordMeasurement(info, 'loss', 0.5, '%');
  await attachTiming(info, 'switchover', 41.23456);
  assert.deepEqual(info.annotations, [
    { type: 'measurement', description: 'loss=0.5%' },
    { type: 'measurement', description: 'switchover=41.235ms' },
  ]);
  assert.deepEqual(calls, ['parameter loss=0.5%', 'parameter switchover=41.235ms']);
  assert.deepEqual(info.attached, [{ name: 'switchover', body: 'switchover: 41.235 ms\n', contentType: 'text/plain' }]);
});

void test('without Allure (or outside a Playwright test) annotations still work', async () => {
  setAllureApiForTesting(null);
  const info = fakeInfo();
  await recordMeasurement(info, 'paths', 4);
  assert.deepEqual(info.annotations, [{ type: 'measurement', description: 'paths=4' }]);
  // The real allure-js-commons outside Playwright must not throw either.
  setAllureApiForTesting(undefined);
  await recordMeasurement(info, 'paths', 2);
  assert.equal(info.annotations.length, 2);
});

void test('declareDeviation annotates, labels, then skips with a DEVIATION reason', async () => {
  setAllureApiForTesting(fakeAllure);
  const info = fakeInfo();
  await assert.rejects(declareDeviation(info, 'PVRP is not implemented by FRR'), /skip: DEVIATION: PVRP is not implemented by FRR/);
  assert.deepEqual(info.annotations, [{ type: 'deviation', description: 'PVRP is not implemented by FRR' }]);
  assert.deepEqual(info.skipped, ['DEVIATION: PVRP is not implemented by FRR']);
  assert.deepEqual(calls, ['label deviation=PVRP is not implemented by FRR', 'tag deviation']);
});
