/**
 * `netproof lab up` as a user runs it (a child process): stable ports with --base-port, the
 * document's configuration with --configured, captures of links whose interface names hold `/`,
 * one line and exit 2 for any start failure (the process then ends: nothing left listening), and
 * SIGTERM ends a lab within 5 s even while a long ping runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseInventory } from '../drivers/inventory';
import { GnmiTransport } from '../drivers/transport/gnmi';
import { telnetClient } from '../reference-impl/tests/term-client';
import { labInventoryYaml, labLoginEnv } from '../targets/lab-inventory';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'netproof.js');
const PVRP = path.join(ROOT, 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');
const VRP = path.join(ROOT, 'topologies', 'bfd-static-vpn', 'bfd-static-vpn.clab.yml');
const EVPN = path.join(ROOT, 'topologies', 'evpn-mh', 'evpn-mh.clab.yml');

interface Up { child: ChildProcess; doc: Record<string, unknown> & { nodes: Array<{ name: string; telnet: string; ssh: string }> }; exited: Promise<{ code: number | null; err: string; ms: () => number }> }

function labUp(args: string[], cwd: string): Promise<Up> {
  // Without node:test's child context: with it, Node's test runner in the child ends it on SIGTERM.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT'));
  const child = spawn(process.execPath, [BIN, 'lab', 'up', ...args, '--json'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let signalled = 0;
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<{ code: number | null; err: string; ms: () => number }>((resolve) => child.on('exit', (code, sig) => {
    if (sig) err += `(killed by ${sig})`;
    const at = performance.now();
    resolve({ code, err, ms: () => at - signalled });
  }));
  const origKill = child.kill.bind(child);
  child.kill = (sig?: NodeJS.Signals | number) => { signalled = performance.now(); return origKill(sig); };
  return new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`no JSON line within 30 s: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) { clearTimeout(t); resolve({ child, doc: JSON.parse(buf.slice(0, i)) as Up['doc'], exited }); }
    });
    void exited.then((r) => { clearTimeout(t); reject(Object.assign(new Error(`exited ${r.code}: ${r.err}`), { result: r })); });
  });
}

async function failing(args: string[], cwd: string): Promise<{ code: number | null; err: string }> {
  try {
    const up = await labUp(args, cwd);
    up.child.kill('SIGKILL');
    assert.fail('lab up started');
  } catch (e) {
    const r = (e as { result?: { code: number | null; err: string } }).result;
    if (!r) throw e;
    return r;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'np-labup-'));

void test('--base-port: node i on N+2i (telnet) and N+2i+1 (SSH); a taken port is one line, exit 2, nothing left running', { timeout: 90_000 }, async () => {
  const cwd = tmp();
  const base = await freePort();
  const up = await labUp([PVRP, '--base-port', String(base)], cwd);
  try {
    assert.deepEqual(up.doc.nodes.map((n) => [n.telnet, n.ssh]), [0, 1, 2].map((i) => [`127.0.0.1:${base + 2 * i}`, `127.0.0.1:${base + 2 * i + 1}`]));
    // A second lab on the same ports cannot start: one line naming the node and the port.
    const r = await failing([PVRP, '--base-port', String(base)], cwd);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`^netproof: node r1: cannot listen for telnet on 127\\.0\\.0\\.1:${base}: EADDRINUSE\\n$`));
    // Taken halfway (r2's SSH port): the servers already started are closed again.
    const blocker = net.createServer().listen(base + 103, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const r2 = await failing([PVRP, '--base-port', String(base + 100)], cwd);
      assert.equal(r2.code, 2);
      assert.match(r2.err, /node r2: cannot listen for ssh on 127\.0\.0\.1:\d+: EADDRINUSE/);
      assert.equal(r2.err.trim().split('\n').length, 1);
      await new Promise<void>((resolve, reject) => {
        const s = net.createServer().once('error', reject).listen(base + 100, '127.0.0.1', () => s.close(() => resolve()));
      });
    } finally {
      blocker.close();
    }
    for (const bad of ['0', '65535', 'x']) {
      const b = await failing([PVRP, '--base-port', bad], cwd);
      assert.equal(b.code, 2, bad);
      assert.match(b.err, /--base-port/);
    }
  } finally {
    up.child.kill('SIGTERM');
  }
  assert.equal((await up.exited).code, 0);
});

void test('--capture: safe file names for interface names with "/", pcap files written; an unwritable folder is one line', { timeout: 90_000 }, async () => {
  const cwd = tmp();
  const dir = path.join(cwd, 'caps');
  const up = await labUp([VRP, '--capture', dir], cwd);
  let files: string[];
  try {
    files = up.doc.captures as string[];
    assert.equal(files.length, 6);
    assert.ok(files.every((f) => path.dirname(f) === dir), 'every file directly in the folder');
    assert.ok(files.includes(path.join(dir, 'PE1-GigabitEthernet0_1_0--PE3-GigabitEthernet0_1_0.pcap')), files.join(' '));
  } finally {
    up.child.kill('SIGTERM');
  }
  const ended = await up.exited;
  assert.equal(ended.code, 0, ended.err);
  for (const f of files) assert.equal(fs.readFileSync(f).readUInt32LE(0), 0xa1b2c3d4, `${f} is a pcap file`);
  fs.writeFileSync(path.join(cwd, 'plain-file'), '');
  const r = await failing([VRP, '--capture', path.join(cwd, 'plain-file', 'sub')], cwd);
  assert.equal(r.code, 2);
  assert.match(r.err, /^netproof: --capture .*plain-file\/sub: cannot create the folder \(ENOTDIR\)\n$/);
});

void test('--configured boots the document\'s configuration files; SIGTERM ends the lab within 5 s during a long ping', { timeout: 90_000 }, async () => {
  const cwd = tmp();
  const up = await labUp([VRP, '--configured', '--speed', '10'], cwd);
  try {
    const conf = up.doc.configured as { dir: string; nodes: string[] };
    assert.deepEqual([...conf.nodes].sort(), ['CE1', 'CE2', 'PE1', 'PE2', 'PE3']);
    assert.equal(conf.dir, path.join(ROOT, 'suites', 'bfd-static-vpn', 'golden', 'config-files'));
    const [host, port] = up.doc.nodes[0].telnet.split(':');
    const c = await telnetClient(host, Number(port));
    await c.waitFor(/<PE1>$/, 5000);
    c.clear();
    c.send('display current-configuration\r\n');
    const cfg = await c.waitFor(/return\n<PE1>$/, 5000);
    assert.match(cfg, /^sysname PE1$/m);
    assert.match(cfg, /^ip vpn-instance VPNA$/m);
    c.clear();
    c.send('ping -c 100000 -t 2000 11.11.11.2\r\n');
    await c.waitFor(/PING 11\.11\.11\.2/, 5000);
  } finally {
    up.child.kill('SIGTERM');
  }
  const r = await up.exited;
  assert.equal(r.code, 0, r.err);
  assert.ok(r.ms() < 5000, `ended ${Math.round(r.ms())} ms after SIGTERM`);
});

void test('--json names the gNMI certificate: an inventory of the lab (gnmi_port, gnmi_ca_file, the SSH login) reaches leaf1\'s gNMI', { timeout: 90_000 }, async () => {
  const cwd = tmp();
  const up = await labUp([EVPN, '--speed', '10'], cwd);
  try {
    const doc = up.doc as unknown as { nodes: Array<{ name: string; dialect: string; telnet: string; gnmi?: string }>; gnmi: { caFile: string }; ssh: { username: string; credentialsFile: string } };
    assert.equal(doc.gnmi.caFile, path.join(path.dirname(doc.ssh.credentialsFile), 'gnmi.crt'), 'the certificate beside the credentials, in the lab\'s state folder');
    assert.match(fs.readFileSync(doc.gnmi.caFile, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
    const inv = path.join(cwd, 'inv.yml');
    fs.writeFileSync(inv, labInventoryYaml(doc));
    const env = await labLoginEnv(doc);
    const ep = parseInventory(fs.readFileSync(inv, 'utf8'), inv, env).devices.leaf1!;
    assert.deepEqual([ep.gnmi?.port, ep.gnmi?.caFile], [Number(doc.nodes.find((n) => n.name === 'leaf1')!.gnmi!.split(':')[1]), doc.gnmi.caFile]);
    const g = new GnmiTransport({ device: 'leaf1', host: ep.host, port: ep.gnmi!.port, username: ep.username!, password: ep.password!, ca: fs.readFileSync(ep.gnmi!.caFile!, 'utf8'), timeoutMs: 10_000 });
    try {
      await g.connect();
      const caps = await g.capabilities();
      assert.ok(caps.encodings.includes('JSON_IETF'), JSON.stringify(caps.encodings));
    } finally {
      await g.close();
    }
  } finally {
    up.child.kill('SIGTERM');
  }
  assert.equal((await up.exited).code, 0);
});
