// `netproof run` as a user runs it (a real process): exit codes, the closing summary, SIGINT.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { readResults } from '../reports/checks';
import { ROOT, netproof } from './run-process';

const SEEDS = path.join(ROOT, '..', '..', 'shared', 'seeds');

/** A loopback port with nothing listening on it (connections are refused). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

void test('a refused target: every check broken, one line each, no stack trace, exit 3', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-run-'));
  try {
    const port = await closedPort();
    const inv = path.join(dir, 'refused.yml');
    fs.writeFileSync(inv, `defaults:\n  transport: telnet\n  dialect: freertr\ndevices:\n  r1: { host: 127.0.0.1, port: ${port} }\n  r2: { host: 127.0.0.1, port: ${port} }\n  r3: { host: 127.0.0.1, port: ${port} }\n`);
    const args = ['run', 'pvrp-ecmp', '--target', inv, '--no-report'];
    const withSeeds = fs.existsSync(SEEDS);
    if (withSeeds) args.push('--update-golden', '--seeds', SEEDS);
    const t0 = Date.now();
    const r = await netproof(args, { NETPROOF_OUTPUT_DIR: path.join(dir, 'out') });
    assert.equal(r.code, 3, r.out + r.err);
    assert.ok(Date.now() - t0 < 120_000, 'a refused target ends the run quickly');
    const all = r.out + r.err;
    assert.doesNotMatch(all, /^\s+at /m, 'no stack trace');
    if (withSeeds) assert.match(r.out, /^\d+ golden files, \d+ changed$/m, '--update-golden rewrites them from the document first');
    assert.match(r.out, new RegExp(`^BROKEN pvrp-ecmp › configure: every router takes the document configuration \\(\\d+ ms\\): ConnectError: r\\d: cannot connect to 127\\.0\\.0\\.1:${port}: `, 'm'));
    const results = readResults(path.join(dir, 'out', 'refused'));
    const n = results.checks.length;
    assert.ok(n > 10, `${n} checks`);
    assert.ok(results.checks.every((c) => c.verdict === 'broken'), 'each marked broken, not skipped');
    const lines = r.out.trimEnd().split('\n');
    assert.ok(lines.includes(`0 passed, 0 failed, ${n} broken, 0 deviations`), r.out);
    // The closing summary lists each check once, with the suite name once.
    assert.doesNotMatch(r.out, /pvrp-ecmp › pvrp-ecmp/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('--update-golden without the documents is bad input (exit 2, one line); so is an unknown target', async () => {
  const r = await netproof(['run', 'pvrp-ecmp', '--update-golden', '--seeds', '/nonexistent/seeds'], {});
  assert.equal(r.code, 2);
  assert.equal(r.err.trim(), 'netproof: seed documents not found at /nonexistent/seeds (use --seeds DIR)');
  const u = await netproof(['run', '--target', 'nosuch'], {});
  assert.equal(u.code, 2);
  assert.match(u.err.trim(), /^netproof: unknown target 'nosuch' \(known: reference.*or an inventory file\)$/);
});

void test('SIGINT: the summary of what finished, the results kept, exit 130', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-int-'));
  try {
    let sent = false;
    const r = await netproof(['run', 'pvrp-ecmp', '--no-report', '--speed', '20'], { NETPROOF_OUTPUT_DIR: path.join(dir, 'out') }, (all, c) => {
      if (!sent && /^PASS /m.test(all)) {
        sent = true;
        c.kill('SIGINT');
      }
    });
    assert.ok(sent, r.out + r.err);
    assert.equal(r.code, 130, r.out + r.err);
    assert.match(r.out, /run interrupted/);
    assert.match(r.out, /^\d+ passed, 0 failed, 0 broken, 0 deviations$/m);
    assert.match(r.out, /results kept in/);
    const res = readResults(path.join(dir, 'out', 'reference'));
    assert.ok(res.checks.some((c) => c.verdict === 'passed'), 'the finished check is kept');
    assert.doesNotMatch(r.out + r.err, /^\s+at /m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('several targets run one after the other, each keeps its results, then the comparison is written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-multi-'));
  try {
    const port = await closedPort();
    const invs = ['lab-a', 'lab-b'].map((n) => {
      const f = path.join(dir, `${n}.yml`);
      fs.writeFileSync(f, `defaults:\n  transport: telnet\n  dialect: freertr\ndevices:\n  r1: { host: 127.0.0.1, port: ${port} }\n  r2: { host: 127.0.0.1, port: ${port} }\n  r3: { host: 127.0.0.1, port: ${port} }\n`);
      return f;
    });
    const out = path.join(dir, 'out');
    const r = await netproof(['run', 'pvrp-ecmp', '--target', invs[0], '--target', invs[1], '--no-report'], { NETPROOF_OUTPUT_DIR: out });
    assert.equal(r.code, 3, r.out + r.err);
    assert.match(r.out, /running pvrp-ecmp against lab-a[\s\S]*running pvrp-ecmp against lab-b[\s\S]*comparison: /);
    for (const t of ['lab-a', 'lab-b']) assert.equal(readResults(path.join(out, t)).target, t);
    const cmp = JSON.parse(fs.readFileSync(path.join(out, 'comparison.json'), 'utf8')) as { targets: string[]; suites: Array<{ suite: string; checks: Array<{ cells: Record<string, { verdict: string }> }> }> };
    assert.deepEqual(cmp.targets, ['lab-a', 'lab-b']);
    assert.equal(cmp.suites[0].suite, 'pvrp-ecmp');
    assert.deepEqual(cmp.suites[0].checks[0].cells['lab-b'].verdict, 'broken');
    assert.ok(fs.readFileSync(path.join(out, 'comparison.html'), 'utf8').includes('<th scope="col" class="target">lab-b</th>'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('netproof report after a killed run: the summary from checks.jsonl, the Allure report from the results there', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-report-'));
  try {
    const out = path.join(dir, 'out');
    fs.mkdirSync(path.join(out, 'reference'), { recursive: true });
    const recs = [
      { target: 'reference', suite: 'pvrp-ecmp', title: 'configure', verdict: 'passed', durationMs: 900, measurements: {} },
      { target: 'reference', suite: 'pvrp-ecmp', title: 'state', verdict: 'broken', reason: 'TimeoutError: r1: timed out after 30000 ms waiting for the prompt (command "show x")', durationMs: 30000, measurements: {} },
    ];
    fs.writeFileSync(path.join(out, 'reference', 'checks.jsonl'), recs.map((r) => JSON.stringify(r)).join('\n') + '\n{"torn');
    const r = await netproof(['report'], { NETPROOF_OUTPUT_DIR: out });
    assert.match(r.out, /netproof: target reference, 2 checks finished in 30\.9 s, run did not finish \(read from checks\.jsonl\)/);
    assert.match(r.out, /^ {2}BROKEN pvrp-ecmp › state \(30000 ms\): TimeoutError: r1: timed out/m);
    assert.match(r.out, /^1 passed, 0 failed, 1 broken, 0 deviations$/m);
    // No Allure results here: one line says so (exit 1), never a stack trace.
    assert.equal(r.code, 1);
    assert.match(r.out, /No Allure results in .*allure-results: run the suites first/);
    assert.doesNotMatch(r.out + r.err, /^\s+at /m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('SIGKILL of netproof run: the run stops by itself, keeps what finished, and netproof report summarizes it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-kill-'));
  try {
    const out = path.join(dir, 'out');
    let killed = false;
    await netproof(['run', 'pvrp-ecmp', '--no-report', '--speed', '20'], { NETPROOF_OUTPUT_DIR: out }, (all, c) => {
      if (!killed && /^PASS /m.test(all)) {
        killed = true;
        c.kill('SIGKILL');
      }
    });
    assert.ok(killed);
    const res = path.join(out, 'reference', 'results.json');
    const deadline = Date.now() + 90_000;
    while (!fs.existsSync(res) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.ok(fs.existsSync(res), 'the orphaned Playwright run noticed and stopped, writing its results');
    const r = readResults(res);
    assert.equal(r.status, 'interrupted');
    assert.ok(r.checks.some((c) => c.verdict === 'passed'));
    const rep = await netproof(['report'], { NETPROOF_OUTPUT_DIR: out });
    assert.match(rep.out, /netproof: target reference, \d+ checks? finished in [\d.]+ s \(of 24\), run interrupted/);
    assert.match(rep.out, /^\d+ passed, 0 failed, 0 broken, 0 deviations$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('an incomplete inventory is refused before any connection: every problem one line, exit 2; --preflight reaches each device once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-pre-'));
  const port = await closedPort();
  const inv = path.join(dir, 'lab.yml');
  fs.writeFileSync(inv, `defaults:\n  transport: telnet\n  dialect: freertr\ndevices:\n  r1: { host: 127.0.0.1, port: ${port}, password_env: NETPROOF_TEST_UNSET_PASS }\n  r2: { host: 127.0.0.1, port: ${port}, dialect: junos }\n`);
  const t0 = Date.now();
  const r = await netproof(['run', 'pvrp-ecmp', '--target', inv, '--no-report'], { NETPROOF_OUTPUT_DIR: path.join(dir, 'out') });
  assert.equal(r.code, 2, r.out + r.err);
  const lines = r.err.trim().split('\n');
  assert.equal(lines.length, 3, r.err);
  assert.match(r.err, /lab\.yml:4: topology node "r3" .* has no device/);
  assert.match(r.err, /lab\.yml:5: device "r1": environment variable NETPROOF_TEST_UNSET_PASS/);
  assert.match(r.err, /lab\.yml:6: device "r2": unknown dialect "junos"/);
  assert.doesNotMatch(r.out + r.err, /\n\s+at /);
  assert.ok(Date.now() - t0 < 15_000, 'refused at once, not after a run');
  // A clean file: --preflight connects to each device once and reports the refused ones.
  fs.writeFileSync(inv, `defaults:\n  transport: telnet\n  dialect: freertr\ndevices:\n  r1: { host: 127.0.0.1, port: ${port} }\n  r2: { host: 127.0.0.1, port: ${port} }\n  r3: { host: 127.0.0.1, port: ${port} }\n`);
  const p = await netproof(['run', 'pvrp-ecmp', '--target', inv, '--no-report', '--preflight'], { NETPROOF_OUTPUT_DIR: path.join(dir, 'out') });
  assert.equal(p.code, 2, p.out + p.err);
  for (const n of ['r1', 'r2', 'r3']) assert.match(p.err, new RegExp(`${n}: cannot connect to 127\\.0\\.0\\.1:${port}: connection refused`));
  fs.rmSync(dir, { recursive: true, force: true });
});
