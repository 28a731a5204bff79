import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');

interface Result { status: string; annotations: Array<{ type: string; description?: string }>; errors: Array<{ message?: string }> }
interface Spec { title: string; tests: Array<{ annotations: Result['annotations']; results: Result[] }> }

void test('fixtures under Playwright: declared deviations, NotSupportedError and LabControlUnsupported end as deviations; other failures fail', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', path.join(__dirname, 'testdata', 'playwright.selftest.config.ts')], {
    cwd: ROOT, env: { ...process.env, NETPROOF_TARGET_KIND: 'fixture-selftest', FORCE_COLOR: '0' }, encoding: 'utf8', timeout: 120_000,
  });
  const report = JSON.parse(r.stdout) as { suites: Array<{ specs: Spec[] }> };
  const got = Object.fromEntries(report.suites[0].specs.map((s) => {
    const t = s.tests[0];
    const res = t.results[t.results.length - 1];
    const dev = [...t.annotations, ...res.annotations].find((a) => a.type === 'deviation');
    return [s.title.split(':')[0], { status: res.status, deviation: dev?.description }];
  }));
  assert.deepEqual(got.declared, { status: 'skipped', deviation: 'declared for the self-test' });
  assert.deepEqual(got.device, { status: 'skipped', deviation: 'r1: bfdSessions is not supported on platform freertr' });
  assert.equal(got.lab.status, 'skipped');
  assert.match(got.lab.deviation ?? '', /^selftest: link is not available: .*no out-of-band control/);
  assert.deepEqual(got.fails, { status: 'failed', deviation: undefined });
  assert.equal(r.status, 1, 'a failed check fails the run');
});
