import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, type ConnectConfig } from 'ssh2';
import { loadLabState } from './lab-state';
import { describeHostKey, generateHostKey, startSshServer, type SshServer } from './ssh';
import type { CommandResult, TerminalSession } from './terminal';

/** A tiny CLI: "echo X" prints X, "exit" closes. */
function fakeSession(): TerminalSession {
  return {
    banner: () => 'hello\n',
    prompt: () => 'r1#',
    execute: (line: string): Promise<CommandResult> =>
      Promise.resolve(line === 'exit' ? { output: 'bye\n', close: true } : { output: line.startsWith('echo ') ? line.slice(5) : `% unknown: ${line}` }),
    close: () => undefined,
  };
}

const HOST = generateHostKey();
const USER_KEY = generateHostKey('user');

function connect(port: number, cfg: Partial<ConnectConfig>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c)).on('error', reject);
    c.connect({ host: '127.0.0.1', port, username: 'netproof', readyTimeout: 10000, hostVerifier: () => true, ...cfg });
  });
}

void describe('SSH server', () => {
  let srv: SshServer;
  before(async () => {
    srv = await startSshServer({ hostKey: HOST.privateKey, auth: { username: 'netproof', password: 'Right-Pw-1', authorizedKeys: ['# mine', `no-pty ${USER_KEY.publicKey}`] }, factory: fakeSession, log: () => undefined });
  });
  after(() => srv.close());

  void it('refuses a wrong password and a wrong user, accepts the right ones and the key', async () => {
    await assert.rejects(connect(srv.port, { password: 'wrong' }), (e: Error & { level?: string }) => e.level === 'client-authentication');
    await assert.rejects(connect(srv.port, { username: 'root', password: 'Right-Pw-1' }), (e: Error & { level?: string }) => e.level === 'client-authentication');
    await assert.rejects(connect(srv.port, { privateKey: generateHostKey().privateKey }), (e: Error & { level?: string }) => e.level === 'client-authentication');
    (await connect(srv.port, { password: 'Right-Pw-1' })).end();
    (await connect(srv.port, { privateKey: USER_KEY.privateKey })).end();
  });

  void it('exec runs one command, exits 0 and closes; without a pty lines end in \\n', async () => {
    const c = await connect(srv.port, { password: 'Right-Pw-1' });
    const { out, code } = await new Promise<{ out: string; code: number }>((resolve, reject) => {
      c.exec('echo a\nb', (err, stream) => {
        if (err) return reject(err);
        let out = '';
        let code = -1;
        stream.on('data', (d: Buffer) => { out += d.toString(); });
        stream.on('exit', (n: number) => { code = n; });
        stream.on('close', () => resolve({ out, code }));
      });
    });
    c.end();
    assert.equal(out, 'a\nb\n');
    assert.equal(code, 0);
  });

  void it('shell with a pty echoes, writes CRLF, runs pasted lines in order; frozen holds output', async () => {
    const c = await connect(srv.port, { password: 'Right-Pw-1' });
    const stream = await new Promise<import('ssh2').ClientChannel>((resolve, reject) => c.shell({ term: 'vt100' }, (e, s) => (e ? reject(e) : resolve(s))));
    let out = '';
    stream.on('data', (d: Buffer) => { out += d.toString(); });
    const until = (text: string) => new Promise<void>((resolve) => { const t = setInterval(() => { if (out.includes(text)) { clearInterval(t); resolve(); } }, 5); });
    await until('r1#');
    srv.setFrozen(true);
    stream.write('echo one\recho two\r');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(out, 'hello\r\nr1#', 'nothing written while frozen');
    srv.setFrozen(false);
    await until('two\r\nr1#');
    assert.equal(out, 'hello\r\nr1#echo one\r\none\r\nr1#echo two\r\ntwo\r\nr1#');
    const closed = new Promise((r) => stream.on('close', r));
    stream.write('exit\r');
    await closed;
    c.end();
  });
});

void describe('lab state folder', () => {
  void it('generates the host key and password once (0600), reuses them, takes the env password', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labstate-'));
    try {
      const a = loadLabState('my lab/x', { stateDir: dir }, {});
      assert.equal(a.dir, path.join(dir, 'labs', 'my_lab_x'));
      assert.equal(fs.statSync(path.join(a.dir, 'credentials')).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.join(a.dir, 'ssh_host_ed25519_key')).mode & 0o777, 0o600);
      assert.equal(a.passwordFrom, 'file');
      assert.ok((a.auth.password ?? '').length >= 20);
      fs.writeFileSync(path.join(a.dir, 'authorized_keys'), `${USER_KEY.publicKey}\n`);
      const b = loadLabState('my lab/x', { stateDir: dir }, {});
      assert.equal(b.fingerprint, a.fingerprint);
      assert.equal(b.auth.password, a.auth.password);
      assert.ok(b.auth.authorizedKeys?.includes(USER_KEY.publicKey));
      const c = loadLabState('my lab/x', { stateDir: dir }, { NETPROOF_SSH_PASSWORD: 'from-env' });
      assert.equal(c.auth.password, 'from-env');
      assert.equal(c.passwordFrom, 'env');
      assert.equal(describeHostKey(c.hostKey).publicKey, c.publicKey);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
