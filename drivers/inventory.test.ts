import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InventoryError } from './errors';
import { loadInventory, parseInventory } from './inventory';

const ENV = { R1_USER: 'admin', R1_PASS: 'pa55', LAB_PASS: 'labpw' };

const GOOD = `defaults:
  transport: telnet
  dialect: freertr
  password_env: LAB_PASS
devices:
  r1: {host: 10.0.0.1, port: 2323, username_env: R1_USER, password_env: R1_PASS}
  r2:
    host: 10.0.0.2
  r3:
    host: r3.lab
    port: 2001
`;

function fails(text: string, pattern: RegExp, env: Record<string, string> = ENV): void {
  assert.throws(() => parseInventory(text, 'lab.yml', env), (e: unknown) => {
    assert.ok(e instanceof InventoryError, String(e));
    assert.ok(!e.message.includes('\n'), e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

void describe('inventory', () => {
  void it('reads devices, applies defaults and reads credentials from the environment', () => {
    const inv = parseInventory(GOOD, 'lab.yml', ENV);
    assert.deepEqual(Object.keys(inv.devices), ['r1', 'r2', 'r3']);
    const r1 = inv.devices.r1!;
    assert.deepEqual({ ...r1 }, {
      name: 'r1', host: '10.0.0.1', port: 2323, transport: 'telnet', dialect: 'freertr',
      usernameEnv: 'R1_USER', username: 'admin', passwordEnv: 'R1_PASS',
    });
    assert.equal(r1.password, 'pa55');
    assert.ok(!JSON.stringify(inv).includes('pa55'), 'password not serialised');
    assert.equal(inv.devices.r2?.port, 23);
    assert.equal(inv.devices.r2?.password, 'labpw');
    assert.equal(inv.devices.r3?.username, undefined);
  });

  void it('missing host, with the line number', () => {
    fails('devices:\n  r1:\n    port: 23\n    dialect: freertr\n', /^lab\.yml:3: device "r1": missing "host"$/);
  });

  void it('unknown transport', () => {
    fails('devices:\n  r1: {host: a, dialect: freertr, transport: serial}\n', /^lab\.yml:2: device "r1": unknown transport "serial" \(known: telnet, ssh\)$/);
  });

  void it('environment variable not set', () => {
    fails('devices:\n  r1: {host: a, dialect: freertr, password_env: NOPE_PW}\n', /^lab\.yml:2: device "r1": environment variable NOPE_PW \(password_env\) is not set$/);
  });

  void it('unknown dialect lists the known ones', () => {
    fails('devices:\n  r1:\n    host: a\n    dialect: junos\n', /^lab\.yml:4: device "r1": unknown dialect "junos" \(known: .*freertr.*\)$/);
  });

  void it('missing dialect', () => {
    fails('devices:\n  r1: {host: a}\n', /device "r1": missing "dialect"/);
  });

  void it('not a mapping: the file, devices, a device', () => {
    fails('- r1\n- r2\n', /^lab\.yml:1: the inventory must be a mapping$/);
    fails('devices:\n  - r1\n', /^lab\.yml:2: "devices" must be a mapping$/);
    fails('defaults: {dialect: freertr}\ndevices:\n  r1: 10.0.0.1\n', /^lab\.yml:3: device "r1" must be a mapping$/);
    fails('', /the inventory must be a mapping/);
  });

  void it('unknown keys, bad ports, bad variable names', () => {
    fails('devices:\n  r1: {host: a, dialect: freertr, pasword_env: X}\n', /unknown key "pasword_env" \(known: host, port, transport, dialect, username_env, password_env, enable_password_env, key_file, passphrase_env, host_key_fingerprint, known_hosts, insecure_accept_host_key\)/);
    fails('devices:\n  r1: {host: a, dialect: freertr, password: secret}\n', /unknown key "password"/);
    fails('nodes: {}\n', /^lab\.yml:1: inventory: unknown key "nodes"/);
    fails('devices:\n  r1: {host: a, dialect: freertr, port: 70000}\n', /port must be a whole number from 1 to 65535/);
    fails('devices:\n  r1: {host: a, dialect: freertr, username_env: "1-bad"}\n', /"1-bad" is not an environment variable name/);
    fails('defaults: {dialect: freertr}\n', /missing "devices" mapping/);
  });

  void it('invalid YAML gives the line', () => {
    fails('devices:\n  r1: {host: a\n  r2: [\n', /^lab\.yml:\d+: not valid YAML: /);
  });

  void it('loadInventory reads a file and reports a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netproof-inv-'));
    try {
      const file = join(dir, 'lab.yml');
      writeFileSync(file, GOOD);
      assert.equal(loadInventory(file, ENV).devices.r3?.host, 'r3.lab');
      assert.throws(() => loadInventory(join(dir, 'none.yml'), ENV), /none\.yml: file not found$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('inventory: ssh fields', () => {
  const FP = 'SHA256:TcPjyvbPKAKkBmTLyRB2UKtQA5Ca8kBzavS9Kjw5fBw';

  void it('reads key_file (relative to the inventory), passphrase_env, host key options', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inv-ssh-'));
    try {
      writeFileSync(join(dir, 'id_r1'), 'not checked here');
      const file = join(dir, 'lab.yml');
      writeFileSync(file, `defaults: {transport: ssh, dialect: freertr, known_hosts: kh}\ndevices:\n  r1: {host: a, key_file: id_r1, passphrase_env: KP, host_key_fingerprint: "${FP}"}\n  r2: {host: b, insecure_accept_host_key: true}\n`);
      const inv = loadInventory(file, { KP: 'secret-pass' });
      const r1 = inv.devices.r1!;
      assert.equal(r1.port, 22);
      assert.equal(r1.keyFile, join(dir, 'id_r1'));
      assert.equal(r1.passphrase, 'secret-pass');
      assert.equal(r1.passphraseEnv, 'KP');
      assert.ok(!JSON.stringify(inv).includes('secret-pass'), 'passphrase not serialised');
      assert.equal(r1.hostKeyFingerprint, FP);
      assert.equal(r1.knownHostsFile, join(dir, 'kh'));
      assert.equal(inv.devices.r2?.insecureAcceptHostKey, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('rejects a missing key file, a malformed fingerprint and a non-boolean insecure flag, with lines', () => {
    fails('devices:\n  r1: {host: a, dialect: freertr, transport: ssh,\n    key_file: /nonexistent/id}\n', /^lab\.yml:3: device "r1": key_file \/nonexistent\/id is not a readable file$/);
    fails('devices:\n  r1:\n    host: a\n    dialect: freertr\n    host_key_fingerprint: MD5:aa:bb\n', /^lab\.yml:5: device "r1": host_key_fingerprint must look like SHA256:/);
    fails('devices:\n  r1: {host: a, dialect: freertr, insecure_accept_host_key: "yes"}\n', /^lab\.yml:2: device "r1": insecure_accept_host_key must be true or false$/);
  });
});
