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
    fails('devices:\n  r1: {host: a, dialect: freertr, pasword_env: X}\n', /unknown key "pasword_env" \(known: host, port, transport, dialect, username_env, password_env, enable_password_env, key_file, passphrase_env, host_key_fingerprint, known_hosts, insecure_accept_host_key, gnmi_port, gnmi_ca_file, gnmi_insecure\)/);
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

void describe('inventory: gnmi fields', () => {
  const LOGIN = { U: 'admin', P: 'gnmi-secret' };

  void it('reads gnmi_port and gnmi_ca_file (relative to the inventory) from a device or the defaults; gnmi_insecure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inv-gnmi-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), 'not checked here');
      const file = join(dir, 'lab.yml');
      writeFileSync(file, 'defaults: {transport: ssh, dialect: srlinux, username_env: U, password_env: P, gnmi_port: 57400, gnmi_ca_file: ca.pem}\n'
        + 'devices:\n  leaf1: {host: a}\n  leaf2: {host: b, gnmi_port: 50052, gnmi_insecure: true}\n');
      const inv = loadInventory(file, LOGIN);
      assert.deepEqual(inv.devices.leaf1?.gnmi, { port: 57400, caFile: join(dir, 'ca.pem') });
      assert.deepEqual(inv.devices.leaf2?.gnmi, { port: 50052, insecure: true, caFile: join(dir, 'ca.pem') });
      assert.ok(!JSON.stringify(inv).includes('gnmi-secret'), 'the gNMI login password is not serialised');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('a device without gnmi_port has no gNMI', () => {
    assert.equal(parseInventory('devices:\n  r1: {host: a, dialect: freertr}\n', 'lab.yml', {}).devices.r1?.gnmi, undefined);
  });

  void it('refuses a bad port, an unchecked certificate not said out loud, a CA file without a port, a missing CA file, no login', () => {
    fails('devices:\n  l1: {host: a, dialect: srlinux, username_env: U, password_env: P, gnmi_port: 0, gnmi_insecure: true}\n', /^lab\.yml:2: device "l1": gnmi_port must be a whole number from 1 to 65535$/, LOGIN);
    fails('devices:\n  l1: {host: a, dialect: srlinux, username_env: U, password_env: P, gnmi_port: 57400}\n', /^lab\.yml:2: device "l1": gnmi_port needs gnmi_ca_file \(the CA of the server's TLS certificate\) or gnmi_insecure: true$/, LOGIN);
    fails('devices:\n  l1:\n    host: a\n    dialect: srlinux\n    gnmi_ca_file: ca.pem\n', /^lab\.yml:5: device "l1": gnmi_ca_file without gnmi_port$/, LOGIN);
    fails('devices:\n  l1: {host: a, dialect: srlinux, username_env: U, password_env: P, gnmi_port: 57400, gnmi_ca_file: /nonexistent/ca.pem}\n', /gnmi_ca_file \/nonexistent\/ca\.pem is not a readable file$/, LOGIN);
    fails('devices:\n  l1: {host: a, dialect: srlinux, gnmi_port: 57400, gnmi_insecure: "no"}\n', /gnmi_insecure must be true or false$/, LOGIN);
    fails('devices:\n  l1: {host: a, dialect: srlinux, gnmi_port: 57400, gnmi_insecure: true}\n', /gnmi_port needs username_env and password_env \(the gNMI login\)$/, LOGIN);
  });
});
