/**
 * Bounded commands on a running lab, through its real telnet and SSH servers (issue 7 items 1-3):
 * out-of-range ping values get the dialect's own error at once, the lab keeps answering on every
 * session, Ctrl-C stops a running ping as on the device (input typed meanwhile is kept), an
 * unexpected exception in a command gives the dialect's error line and a stack in the lab's log,
 * and SSH exec exits 1 when the device reported an error.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import { SEC } from '../sim/scheduler';
import type { FreeRtrDevice } from '../cli/freertr/device';
import { sshExec, sshShell, telnetClient, type SshLogin, type TermClient } from '../tests/term-client';

const TOPO = path.join(__dirname, '../../topologies/pvrp-ecmp/pvrp-ecmp.clab.yml');
const logs: string[] = [];
let lab: Lab;
let stateDir: string;
const PASSWORD = 'bounded-test-secret';

before(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-bounded-'));
  lab = Lab.create(await loadTopology(TOPO), { mode: 'realtime', speed: 1, stateDir, auth: { password: PASSWORD }, log: (m) => logs.push(m) });
  // A command that throws what no dialect expects, standing for any bug in a command.
  (lab.node('r2').device as FreeRtrDevice).skin.table.add('exec', { pattern: 'test-throw', run: () => { throw new TypeError('injected failure'); } });
  lab.sched.runFor(40 * SEC); // converge before the wall clock takes over
  await lab.start();
});
after(async () => {
  await lab.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function telnet(node: string): Promise<TermClient> {
  const t = lab.node(node).telnet!;
  const c = await telnetClient(t.host, t.port);
  await c.waitFor(new RegExp(`${node}#$`));
  c.clear();
  return c;
}

function login(node: string): SshLogin {
  const s = lab.node(node).ssh!;
  return { host: s.host, port: s.port, username: 'netproof', password: PASSWORD };
}

/** Sends one line and waits for the prompt after it; returns the text in between. */
async function cmd(c: TermClient, node: string, line: string, ms = 3000): Promise<string> {
  c.clear();
  c.send(line + '\r\n');
  const text = await c.waitFor(new RegExp(`\\n${node}#$`), ms);
  return text;
}

void test('the line that took the lab down, and its relatives, get freeRtr\'s error within a second', async () => {
  const r2 = await telnet('r2');
  const r1 = await telnet('r1');
  try {
    const rss0 = process.memoryUsage().rss;
    for (const size of ['4294967295', '65536', '100000', '99999999999999999999', '-1', '1e3']) {
      const t0 = performance.now();
      const out = await cmd(r2, 'r2', `ping 2.2.2.2 vrf v1 size ${size} repeat 1 timeout 50`, 1000);
      assert.ok(performance.now() - t0 < 1000, `size ${size} answered within a second`);
      assert.match(out, /% bad size\n/, `size ${size}`);
      assert.doesNotMatch(out, /internal error|pinging/);
    }
    for (const [opt, re] of [['repeat 4294967296', /% bad repeat/], ['timeout 99999999999', /% bad timeout/], ['ttl 0', /% bad ttl/], ['ttl 256', /% bad ttl/]] as const) {
      assert.match(await cmd(r2, 'r2', `ping 2.2.2.2 vrf v1 ${opt}`, 1000), re, opt);
    }
    // The largest size that fits an IPv4 packet is sent and answered.
    const big = await cmd(r2, 'r2', 'ping 2.2.2.2 vrf v1 size 65515 repeat 2 timeout 50', 3000);
    assert.match(big, /len=65515, .*\n!!\nresult=100\.0%/);
    assert.ok(process.memoryUsage().rss - rss0 < 200 * 1024 * 1024, 'memory stays within budget');
    // Every other session still answers.
    assert.match(await cmd(r1, 'r1', 'show clock', 1000), /uptime: /);
  } finally {
    r1.close();
    r2.close();
  }
});

void test('a long ping runs on the scheduler: other sessions answer meanwhile, Ctrl-C (IAC IP and 0x03) stops it, typed-ahead input is kept', async () => {
  const r2 = await telnet('r2');
  const r3 = await telnet('r3');
  try {
    for (const brk of [Buffer.from([255, 244]), Buffer.from([0x03])]) {
      r2.clear();
      const t0 = performance.now();
      r2.send('ping 1.1.1.1 vrf v1 repeat 100000 timeout 1000\r\n');
      await r2.waitFor(/pinging 1\.1\.1\.1/, 2000);
      // Another node and session answer while the ping runs.
      assert.match(await cmd(r3, 'r3', 'show clock', 1000), /uptime: /);
      await new Promise((r) => setTimeout(r, 300));
      r2.send(Buffer.concat([brk, Buffer.from('show clock\r\n')]));
      const text = await r2.waitFor(/result=.*\n(.|\n)*uptime: .*\n(.|\n)*r2#$/, 3000);
      assert.ok(performance.now() - t0 < 3000, 'stopped at once');
      const m = /recv\/sent\/lost\/err=(\d+)\/(\d+)\//.exec(text);
      assert.ok(m, text);
      assert.ok(Number(m[2]) > 0 && Number(m[2]) < 100000, `stopped early: ${m[0]}`);
    }
  } finally {
    r2.close();
    r3.close();
  }
});

void test('an unexpected exception in a command: the dialect\'s error line on the session, the stack in the lab\'s log', async () => {
  const r2 = await telnet('r2');
  try {
    const before = logs.length;
    const out = await cmd(r2, 'r2', 'test-throw');
    assert.match(out, /% command failed\n/);
    assert.doesNotMatch(out, /internal error|TypeError|injected| at /);
    const logged = logs.slice(before).join('\n');
    assert.match(logged, /TypeError: injected failure\n\s+at /, 'the stack is in the lab log');
    assert.match(await cmd(r2, 'r2', 'show clock'), /uptime: /, 'the session goes on');
  } finally {
    r2.close();
  }
});

void test('SSH: exec exits 1 when the device reported an error, 0 otherwise; Ctrl-C stops a ping in a shell', async () => {
  const bad = await sshExec(login('r2'), 'show bogus');
  assert.match(bad.output, /% unknown exec command entered/);
  assert.equal(bad.code, 1);
  const good = await sshExec(login('r2'), 'show clock');
  assert.match(good.output, /uptime: /);
  assert.equal(good.code, 0);
  const sh = await sshShell(login('r2'));
  try {
    await sh.waitFor(/r2#$/);
    sh.clear();
    sh.send('ping 1.1.1.1 vrf v1 repeat 100000 timeout 1000\r');
    await sh.waitFor(/pinging/, 2000);
    await new Promise((r) => setTimeout(r, 200));
    sh.send('\x03');
    await sh.waitFor(/result=.*\n(.|\n)*r2#$/, 3000);
  } finally {
    sh.close();
  }
});

void test('freeRtr: a line ending in ESC [ keeps its carriage return', async () => {
  const r2 = await telnet('r2');
  try {
    r2.clear();
    r2.send('show clock\x1b[\r\n');
    await r2.waitFor(/uptime: (.|\n)*r2#$/, 2000);
  } finally {
    r2.close();
  }
});

void test('freeRtr server telnet: whole words and well-formed values only', async () => {
  const s = lab.node('r3').device.sessions()('test');
  for (const l of ['configure terminal', 'server telnet fuzz']) assert.equal((await s.execute(l)).output, '', l);
  for (const bad of ['vrfΩ v1', 'vrf -1 v1', 'security protocol 1e3.1.1.1', 'port 99999', 'timeoutx 5']) {
    assert.match((await s.execute(bad)).output, /% unknown config command entered/, bad);
  }
  for (const good of ['vrf tester', 'security protocol telnet', 'port 2323', 'no exec authorization']) assert.equal((await s.execute(good)).output, '', good);
  await s.execute('exit');
  const run = (await s.execute('do show running-config')).output;
  const block = run.slice(run.indexOf('server telnet fuzz'));
  assert.match(block, /^server telnet fuzz\n vrf tester\n security protocol telnet\n port 2323\n no exec authorization\n exit\n/);
  assert.doesNotMatch(run, /vrfΩ|vrf -1|1e3/);
  s.close();
});
