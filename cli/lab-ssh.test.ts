// End to end over real sockets: the driver's SSH transport (drivers/) against the reference
// router's SSH server (reference-impl/). It lives in cli/ because only cli/ may import both.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { utils } from 'ssh2';
import { Transcript } from '../drivers/channel/transcript';
import { openSession, type OpenSessionOptions } from '../drivers/connect';
import { AuthError, ConnectError, ConnectionLostError, HostKeyError, TimeoutError } from '../drivers/errors';
import { Lab } from '../reference-impl/lab';
import { loadTopology } from '../topologies';

const PASSWORD = 'Pw-e2e-7f3a9c';
const TOPO = path.join(__dirname, '..', 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');
const FAST = { connectMs: 10000, promptMs: 10000, wakeMs: 200, settleMs: 50 };

function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

void describe('SSH: driver against the reference router', () => {
  let lab: Lab;
  let stateDir: string;
  let keyFile: string;
  let r1: { host: string; port: number };

  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-ssh-'));
    const pair = utils.generateKeyPairSync('ed25519');
    keyFile = path.join(stateDir, 'id_ed25519');
    fs.writeFileSync(keyFile, pair.private, { mode: 0o600 });
    lab = Lab.create(await loadTopology(TOPO), { stateDir, auth: { password: PASSWORD, authorizedKeys: [pair.public] } });
    await lab.start();
    r1 = lab.node('r1').ssh!;
  });
  after(async () => {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const base = (o: Partial<OpenSessionOptions> = {}): OpenSessionOptions => ({
    device: 'r1', host: r1.host, port: r1.port, transport: 'ssh', platform: 'freertr', username: 'netproof',
    hostKeyFingerprint: lab.sshHostKey!.fingerprint, timeouts: FAST, ...o,
  });

  void it('keeps the host key in the state folder (0600) and reuses it', async () => {
    const file = path.join(stateDir, 'labs', 'pvrp-ecmp', 'ssh_host_ed25519_key');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.match(lab.sshHostKey!.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.match(lab.sshHostKey!.publicKey, /^ssh-ed25519 AAAA/);
    const again = Lab.create(await loadTopology(TOPO), { stateDir, telnet: false, auth: { password: 'x' } });
    await again.start();
    try {
      assert.equal(again.sshHostKey!.fingerprint, lab.sshHostKey!.fingerprint);
      assert.match(again.describe()[0].ssh ?? '', /^127\.0\.0\.1:\d+$/);
    } finally {
      await again.stop();
    }
  });

  void it('logs in with a password, runs a command; the password is in no transcript', async () => {
    const transcript = new Transcript();
    const s = await openSession(base({ password: PASSWORD, transcript }));
    try {
      assert.equal(s.mode?.prompt, 'r1#');
      const out = await s.send('show ipv4 route v1');
      assert.match(out, /LOC\s+\|\s+1\.1\.1\.1\/32/);
    } finally {
      await s.close();
    }
    assert.ok(!transcript.toText().includes(PASSWORD));
  });

  void it('logs in with a key', async () => {
    const s = await openSession(base({ keyFile }));
    try {
      assert.equal(s.mode?.prompt, 'r1#');
    } finally {
      await s.close();
    }
  });

  void it('a wrong password is an AuthError that does not show the password', async () => {
    await assert.rejects(openSession(base({ password: 'wrong-Pw-123' })), (e: unknown) => {
      assert.ok(e instanceof AuthError, String(e));
      assert.match(e.message, /^r1: authentication failed/);
      assert.ok(!e.message.includes('wrong-Pw-123'));
      return true;
    });
  });

  void it('an unknown host key is a HostKeyError; known_hosts and insecure accept work', async () => {
    const kh = path.join(stateDir, 'known_hosts');
    fs.writeFileSync(kh, '');
    await assert.rejects(openSession(base({ hostKeyFingerprint: undefined, knownHostsFile: kh, password: PASSWORD })), (e: unknown) => {
      assert.ok(e instanceof HostKeyError, String(e));
      assert.equal(e.problem, 'unknown');
      assert.ok(e.message.includes(`${r1.host}:${r1.port}`) && e.message.includes(lab.sshHostKey!.fingerprint) && e.message.startsWith('r1: '));
      return true;
    });
    const wrong = 'SHA256:' + 'A'.repeat(43);
    await assert.rejects(openSession(base({ hostKeyFingerprint: wrong, password: PASSWORD })), (e: unknown) => e instanceof HostKeyError && e.problem === 'mismatch');
    fs.writeFileSync(kh, `[${r1.host}]:${r1.port} ${lab.sshHostKey!.publicKey}\n`);
    const s1 = await openSession(base({ hostKeyFingerprint: undefined, knownHostsFile: kh, password: PASSWORD }));
    await s1.close();
    const s2 = await openSession(base({ hostKeyFingerprint: undefined, knownHostsFile: kh + '.none', insecureAcceptHostKey: true, password: PASSWORD }));
    await s2.close();
  });

  void it('dropSessions mid-command is a ConnectionLostError, well before the command deadline', async () => {
    const s = await openSession(base({ password: PASSWORD, timeouts: { ...FAST, commandMs: 10000 } }));
    try {
      lab.freezeNode('r1', true); // the command hangs...
      const t0 = Date.now();
      const pending = s.send('show ipv4 route v1');
      setTimeout(() => lab.dropSessions('r1'), 200); // ...and the connection drops under it
      await assert.rejects(pending, (e: unknown) => e instanceof ConnectionLostError && e.device === 'r1');
      assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
    } finally {
      lab.freezeNode('r1', false);
      await s.close();
    }
  });

  void it('freezeNode makes a command time out at its deadline, and thawing brings the CLI back', async () => {
    const s = await openSession(base({ password: PASSWORD, timeouts: { ...FAST, commandMs: 800 } }));
    try {
      lab.freezeNode('r1', true);
      const t0 = Date.now();
      await assert.rejects(s.send('show ipv4 route v1'), (e: unknown) => e instanceof TimeoutError && e.deadlineMs === 800);
      assert.ok(Date.now() - t0 >= 750);
    } finally {
      lab.freezeNode('r1', false);
      await s.close();
    }
    const again = await openSession(base({ password: PASSWORD }));
    assert.equal(again.mode?.prompt, 'r1#');
    await again.close();
  });

  void it('dropSessions also drops telnet clients', async () => {
    const tel = lab.node('r2').telnet!;
    const sock = net.connect(tel.port, tel.host);
    await new Promise((r) => sock.once('data', r));
    const closed = new Promise((r) => sock.once('close', r));
    sock.on('error', () => undefined);
    lab.dropSessions('r2');
    await closed;
  });

  void it('the OpenSSH client works (exec with a key)', async (t) => {
    const ssh = which('ssh');
    if (!ssh) { t.skip('the ssh binary is not installed (apt-get install openssh-client)'); return; }
    const kh = path.join(stateDir, 'kh-openssh');
    const args = ['-p', String(r1.port), '-i', keyFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${kh}`,
      '-o', 'StrictHostKeyChecking=accept-new', '-o', 'LogLevel=ERROR', `netproof@${r1.host}`, 'show ipv4 route v1'];
    const out = await new Promise<string>((resolve, reject) => {
      execFile(ssh, args, { timeout: 10000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(stdout)));
    });
    assert.match(out, /LOC\s+\|\s+1\.1\.1\.1\/32/);
    assert.ok(fs.readFileSync(kh, 'utf8').includes(lab.sshHostKey!.publicKey.split(' ')[1]));
  });
});

void describe('OpenSSH against every SR Linux leaf of the evpn-mh lab', () => {
  void it('ssh (exec with a key) on leaf1, leaf2, leaf3 and spine1 answers show version with the node\'s hostname and chassis', async (t) => {
    const ssh = which('ssh');
    if (!ssh) { t.skip('the ssh binary is not installed (apt-get install openssh-client)'); return; }
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-ssh-srl-'));
    const pair = utils.generateKeyPairSync('ed25519');
    const keyFile = path.join(stateDir, 'id_ed25519');
    fs.writeFileSync(keyFile, pair.private, { mode: 0o600 });
    const lab = Lab.create(await loadTopology(path.join(__dirname, '..', 'topologies', 'evpn-mh', 'evpn-mh.clab.yml')), { stateDir, auth: { password: PASSWORD, authorizedKeys: [pair.public] } });
    try {
      await lab.start();
      const chassis: Record<string, string> = { leaf1: '7220 IXR-D2', leaf2: '7220 IXR-D2', leaf3: '7220 IXR-D2', spine1: '7220 IXR-D3' };
      for (const [node, want] of Object.entries(chassis)) {
        const ep = lab.node(node).ssh!;
        const args = ['-p', String(ep.port), '-i', keyFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${path.join(stateDir, 'kh')}`,
          '-o', 'StrictHostKeyChecking=accept-new', '-o', 'LogLevel=ERROR', `netproof@${ep.host}`, 'show version'];
        const out = await new Promise<string>((resolve, reject) => {
          execFile(ssh, args, { timeout: 15000 }, (err, stdout, stderr) => (err ? reject(new Error(`${node}: ${err.message} ${stderr}`)) : resolve(stdout)));
        });
        assert.match(out, new RegExp(`^Hostname\\s+: ${node}$`, 'm'), `${node}: ${out}`);
        assert.match(out, new RegExp(`^Chassis Type\\s+: ${want}$`, 'm'), `${node}: ${out}`);
      }
    } finally {
      await lab.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

void describe('SSH: connection errors without a lab', () => {
  void it('a refused port is a ConnectError', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((r) => srv.close(r));
    await assert.rejects(openSession({ device: 'r9', host: '127.0.0.1', port, transport: 'ssh', platform: 'freertr', username: 'u', password: 'p', insecureAcceptHostKey: true, timeouts: FAST }),
      (e: unknown) => e instanceof ConnectError && /connection refused/.test(e.message) && e.device === 'r9');
  });

  void it('a server that accepts and never speaks SSH is a TimeoutError at the deadline', async () => {
    const sockets: net.Socket[] = [];
    const srv = net.createServer((s) => { sockets.push(s); s.on('error', () => undefined); });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    const t0 = Date.now();
    try {
      await assert.rejects(openSession({ device: 'r9', host: '127.0.0.1', port, transport: 'ssh', platform: 'freertr', username: 'u', password: 'p', insecureAcceptHostKey: true, timeouts: { ...FAST, connectMs: 700 } }),
        (e: unknown) => e instanceof TimeoutError && e.device === 'r9');
      const took = Date.now() - t0;
      assert.ok(took >= 650 && took < 5000, `took ${took} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => srv.close(r));
    }
  });
});
