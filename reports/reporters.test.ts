// Runs Playwright for real, with netproof's terminal and Allure reporters, on small specs in a
// temporary folder: what the terminal shows, what Allure's result files say, what the results
// files keep; and what is left after the run is killed with SIGKILL.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readResults } from './checks';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(path.dirname(require.resolve('@playwright/test/package.json')), 'cli.js');

function project(specs: Record<string, string>, timeoutMs: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-reporters-'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'pw.config.ts'),
    `import { defineConfig } from '@playwright/test';
export default defineConfig({ testDir: 'suites', workers: 1, timeout: ${timeoutMs}, retries: 0, outputDir: 'out/test-results', projects: [{ name: 'lab1' }],
  reporter: [[${JSON.stringify(path.join(ROOT, 'reports', 'terminal-reporter.ts'))}, { outputDir: ${JSON.stringify(path.join(dir, 'out'))}, target: 'lab1' }],
             [${JSON.stringify(path.join(ROOT, 'reports', 'allure-reporter.ts'))}, { resultsDir: ${JSON.stringify(path.join(dir, 'allure-results'))} }]] });
`,
  );
  for (const [rel, src] of Object.entries(specs)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'suites', rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'suites', rel), src);
  }
  return dir;
}

const HEAD = `import { test as base, expect } from '@playwright/test';
import { ConnectionLostError, ConnectError } from ${JSON.stringify(path.join(ROOT, 'drivers', 'errors'))};
import { checkVerdict } from ${JSON.stringify(path.join(ROOT, 'suites', 'lib', 'verdict'))};
const test = base.extend<{ verdict: void }>({ verdict: [checkVerdict, { auto: true }] });
`;

function allureStatuses(dir: string): Record<string, { status: string; message: string }> {
  const out: Record<string, { status: string; message: string }> = {};
  const rd = path.join(dir, 'allure-results');
  for (const f of fs.readdirSync(rd).filter((x) => x.endsWith('-result.json'))) {
    const r = JSON.parse(fs.readFileSync(path.join(rd, f), 'utf8')) as { name: string; status: string; statusDetails?: { message?: string } };
    out[r.name] = { status: r.status, message: r.statusDetails?.message ?? '' };
  }
  return out;
}

void test('terminal: one line per check, no stack trace; Allure: broken checks are "broken"; results kept', async () => {
  const dir = project(
    {
      'one/one.spec.ts': `${HEAD}
test('ok', async ({}, ti) => { ti.annotations.push({ type: 'measurement', description: 'convergence=812ms' }); expect(1).toBe(1); });
test('lost', async () => { throw new ConnectionLostError('r1', 'while reading', 'show ipv4 route v1'); });
test('after', async () => { expect(1).toBe(1); });
`,
      'two/two.spec.ts': `${HEAD}
test.describe('two', () => {
  test.describe.configure({ mode: 'serial' });
  test('golden', async () => { expect('a', 'golden diff: r2 show x').toBe('b'); });
  test('next', async () => {});
});
test.describe('slow', () => {
  test.describe.configure({ mode: 'serial' });
  test('hangs', async () => { await new Promise((r) => setTimeout(r, 60_000)); });
  test('then', async () => {});
});
`,
      'three/three.spec.ts': `${HEAD}
test('dev', async ({}, ti) => { ti.annotations.push({ type: 'deviation', description: 'PVRP is not in FRR' }); test.skip(true, 'DEVIATION: PVRP is not in FRR'); });
test('refused', async () => { throw new ConnectError('r3', '127.0.0.1', 1, 'ECONNREFUSED'); });
`,
    },
    2500,
  );
  try {
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      let out = '';
      const c = spawn(process.execPath, [CLI, 'test', '-c', 'pw.config.ts'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr.on('data', (d: Buffer) => (out += d.toString()));
      c.on('exit', (code) => resolve({ code, out }));
    });
    const lines = r.out.trim().split('\n');
    assert.equal(lines[0], '9 checks', r.out);
    assert.doesNotMatch(r.out, /^\s+at /m, 'no stack trace on the terminal');
    assert.equal(lines.length, 10, r.out);
    const want: Array<[string, RegExp]> = [
      ['ok', /^PASS {3}one › ok \(\d+ ms\) {2}\[convergence=812ms\]$/m],
      ['lost', /^BROKEN one › lost \(\d+ ms\): ConnectionLostError: r1: connection lost while reading \(command "show ipv4 route v1"\)$/m],
      ['after', /^BROKEN one › after \(\d+ ms\): TargetBrokenError: target lab1 broke in "lost"$/m],
      ['golden', /^FAIL {3}two › golden \(\d+ ms\): golden diff: r2 show x$/m],
      ['next', /^SKIP {3}two › next \(\d+ ms\): not run: "golden" failed before it \(serial suite\)$/m],
      ['hangs', /^BROKEN two › slow › hangs \(\d+ ms\): Test timeout of 2500ms exceeded\.$/m],
      ['then', /^BROKEN two › slow › then \(\d+ ms\): not run: the target broke in "slow › hangs"$/m],
      ['refused', /^BROKEN three › refused \(\d+ ms\): ConnectError: r3: cannot connect to 127\.0\.0\.1:1: ECONNREFUSED$/m],
      ['dev', /^DEV {4}three › dev \(\d+ ms\): PVRP is not in FRR$/m],
    ];
    for (const [name, re] of want) assert.match(r.out, re, name);
    const a = allureStatuses(dir);
    assert.deepEqual(
      Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.status])),
      { ok: 'passed', lost: 'broken', after: 'broken', golden: 'failed', next: 'skipped', hangs: 'broken', then: 'broken', refused: 'broken', dev: 'skipped' },
    );
    assert.match(a.then.message, /not run: the target broke/);
    assert.match(a.next.message, /failed before it/);
    assert.match(a.dev.message, /DEVIATION: PVRP is not in FRR/);
    const res = readResults(path.join(dir, 'out'));
    assert.equal(res.status, 'failed');
    assert.equal(res.planned, 9);
    assert.deepEqual(res.checks.map((c) => c.verdict).sort(), ['broken', 'broken', 'broken', 'broken', 'broken', 'deviation', 'failed', 'passed', 'skipped']);
    assert.equal(fs.readFileSync(path.join(dir, 'out', 'checks.jsonl'), 'utf8').trim().split('\n').length, 9);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('after SIGKILL of the run, every finished check is in checks.jsonl and in the Allure results', async () => {
  const dir = project(
    {
      'k/k.spec.ts': `${HEAD}
test('first', async () => { expect(1).toBe(1); });
test('second', async () => { expect(2).toBe(2); });
test('hangs', async () => { await new Promise((r) => setTimeout(r, 60_000)); });
`,
    },
    120_000,
  );
  try {
    const c = spawn(process.execPath, [CLI, 'test', '-c', 'pw.config.ts'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`no second check within 60 s: ${out}`)), 60_000);
      c.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/PASS {3}k › second/.test(out)) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    // allure-playwright writes a result a few ms after the terminal line: give it a moment.
    const rd = path.join(dir, 'allure-results');
    for (let i = 0; i < 50 && !(fs.existsSync(rd) && fs.readdirSync(rd).filter((x) => x.endsWith('-result.json')).length >= 2); i++) await new Promise((r) => setTimeout(r, 100));
    const exited = new Promise((resolve) => c.on('exit', resolve));
    process.kill(-c.pid!, 'SIGKILL');
    await exited;
    assert.ok(!fs.existsSync(path.join(dir, 'out', 'results.json')), 'the run did not get to write results.json');
    const res = readResults(path.join(dir, 'out'));
    assert.equal(res.status, 'incomplete');
    assert.deepEqual(res.checks.map((x) => [x.title, x.verdict]), [['first', 'passed'], ['second', 'passed']]);
    const a = allureStatuses(dir);
    assert.deepEqual(Object.keys(a).sort(), ['first', 'second']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
