import { listPlatforms } from './platforms';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseInventory } from './inventory';
import { checkInputs, checkInventory, preflightDevices, preflightProblems } from './preflight';
import { type FakeServer, startFakeServer } from './testing/fake-telnet-server';

void describe('checkInventory', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'netproof-pre-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('reports every problem at once, one line each with the file and line', () => {
    const file = join(dir, 'lab.yml');
    writeFileSync(file, [
      'defaults: {transport: telnet}',
      'devices:',
      '  r1: {host: 10.0.0.1, dialect: freertr, password_env: R1_PASS}',
      '  r2: {host: 10.0.0.2, dialect: junos}',
      '  r3:',
      '    host: 10.0.0.3',
      '    transport: ssh',
      '    dialect: vrp',
      '    username_env: R3_USER',
      '    key_file: keys/none',
      '',
    ].join('\n'));
    const problems = checkInventory(file, { file: 'topo.clab.yml', nodes: { r1: {}, r2: {}, r3: {}, r4: {}, r5: {} } }, { R3_USER: 'netproof' });
    assert.deepEqual(problems.map((p) => p.message), [
      `${file}:2: topology node "r4" of topo.clab.yml has no device in the inventory (every node must be mapped)`,
      `${file}:2: topology node "r5" of topo.clab.yml has no device in the inventory (every node must be mapped)`,
      `${file}:3: device "r1": environment variable R1_PASS (password_env) is not set`,
      `${file}:4: device "r2": unknown dialect "junos" (known: ${listPlatforms().join(', ')})`,
      `${file}:10: device "r3": key_file ${join(dir, 'keys/none')} is not a readable file`,
    ]);
    assert.ok(problems.every((p) => !p.message.includes('\n')));
  });

  void it('a good inventory for its topology has no problem; a structural fault is one line', () => {
    const file = join(dir, 'good.yml');
    writeFileSync(file, 'devices:\n  r1: {host: a, dialect: freertr}\n  r2: {host: b, dialect: vrp}\n');
    assert.deepEqual(checkInventory(file, { nodes: ['r1', 'r2'] }, {}), []);
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'devices:\n  r1: {host: a\n');
    assert.match(checkInventory(bad, { nodes: ['r1'] }, {})[0]?.message ?? '', /^.*bad\.yml:\d+: not valid YAML/);
    assert.match(checkInventory(join(dir, 'missing.yml'), { nodes: ['r1'] }, {})[0]?.message ?? '', /missing\.yml: file not found$/);
  });
});

void describe('preflightDevices', () => {
  let ok: FakeServer;
  let mute: FakeServer;
  let login: FakeServer;
  let refused: number;
  before(async () => {
    ok = await startFakeServer({});
    mute = await startFakeServer({ mute: true });
    login = await startFakeServer({ login: { username: 'u', password: 'right' } });
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    refused = (srv.address() as AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
  });
  after(async () => { await ok.close(); await mute.close(); await login.close(); });

  void it('reaches every device once, in parallel, and reports each within the deadline', async () => {
    const inv = parseInventory([
      'devices:',
      `  r1: {host: 127.0.0.1, port: ${ok.port}, dialect: freertr}`,
      `  r2: {host: 127.0.0.1, port: ${refused}, dialect: freertr}`,
      `  r3: {host: 127.0.0.1, port: ${mute.port}, dialect: freertr}`,
      `  r4: {host: 127.0.0.1, port: ${login.port}, dialect: freertr, username_env: U, password_env: P}`,
    ].join('\n'), 'lab.yml', { U: 'u', P: 'wrong-Pw1' });
    const t0 = Date.now();
    const results = await preflightDevices(inv, { deadlineMs: 1500, timeouts: { wakeMs: 100, settleMs: 20 } });
    const took = Date.now() - t0;
    assert.ok(took < 3000, `took ${took} ms (in parallel, each within 1.5 s)`);
    assert.deepEqual(results.map((r) => [r.device, r.ok, r.errorType]), [
      ['r1', true, undefined], ['r2', false, 'ConnectError'], ['r3', false, 'TimeoutError'], ['r4', false, 'AuthError'],
    ]);
    assert.equal(results[0]?.prompt, 'r2#');
    const lines = preflightProblems(inv, results);
    assert.equal(lines.length, 3);
    assert.equal(lines[0], `lab.yml:3: r2: cannot connect to 127.0.0.1:${refused}: connection refused`);
    assert.match(lines[1] ?? '', /^lab\.yml:4: r3: timed out .*\(login deadline\) waiting for freertr prompt$/);
    assert.match(lines[2] ?? '', /^lab\.yml:5: r4: authentication failed/);
    assert.ok(lines.every((l) => !l.includes('wrong-Pw1')), 'no secret in the lines');
  });
});

void describe('checkInputs', () => {
  void it('stops at inventory problems without connecting, else reaches the topology\'s devices', async () => {
    const srv = await startFakeServer({});
    const dir = mkdtempSync(join(tmpdir(), 'netproof-in-'));
    try {
      const file = join(dir, 'inv.yml');
      writeFileSync(file, `devices:\n  r1: {host: 127.0.0.1, port: ${srv.port}, dialect: freertr}\n  r9: {host: 127.0.0.1, port: 1, dialect: freertr}\n`);
      const bad = await checkInputs(file, { nodes: ['r1', 'r2'] }, { reach: true, env: {} });
      assert.deepEqual(bad.problems, [`${file}:1: topology node "r2" has no device in the inventory (every node must be mapped)`]);
      assert.equal(bad.results, undefined);
      assert.equal(srv.lines.length, 0, 'nothing was reached');
      const good = await checkInputs(file, { nodes: ['r1'] }, { reach: true, env: {}, deadlineMs: 3000, timeouts: { settleMs: 20 } });
      assert.deepEqual(good.problems, []);
      assert.deepEqual(good.results?.map((r) => [r.device, r.ok]), [['r1', true]], 'only the topology\'s devices');
    } finally {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
