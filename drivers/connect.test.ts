import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Transcript } from './channel/transcript';
import { hostKeyPolicy, openInventoryDevice, openSession } from './connect';
import { DriverError } from './errors';
import { parseInventory } from './inventory';
import { getPvrpNeighbors } from './platforms/freertr/getters';
import { startFakeServer } from './testing/fake-telnet-server';

const SUM = [
  'iface         router   name  peerif        peer     other    learned  adverted  uptime',
  'ethernet1.11  4.4.4.1  r1    ethernet1.11  1.1.1.1  1.1.1.1  6+0      8+0       00:01:08',
].join('\n');

void describe('openSession', () => {
  void it('opens a telnet session to a freeRtr-like device and runs a getter', async () => {
    const srv = await startFakeServer({ echo: 'freertr', commands: { 'show ipv4 pvrp 1 summary': SUM } });
    const transcript = new Transcript();
    const s = await openSession({
      device: 'r2', host: '127.0.0.1', port: srv.port, transport: 'telnet', platform: 'freertr',
      timeouts: { connectMs: 2000, promptMs: 2000, wakeMs: 200, settleMs: 50 }, transcript,
    });
    try {
      assert.equal(s.mode?.prompt, 'r2#');
      const n = await getPvrpNeighbors(s, 'ipv4', 1);
      assert.deepEqual(n.map((x) => [x.name, x.learned, x.advertised, x.uptimeSec]), [['r1', 6, 8, 68]]);
      assert.ok(transcript.toScreen().includes('welcome\r\nline ready\r\n'));
      assert.ok(transcript.entries().some((e) => e.dir === 'sent' && e.data === 'show ipv4 pvrp 1 summary\r\n'));
    } finally {
      await s.close();
      await srv.close();
    }
  });

  void it('opens an inventory device with credentials from the environment', async () => {
    const srv = await startFakeServer({ login: { username: 'ops', password: 'pw-from-env' } });
    const inv = parseInventory(`devices:\n  r2: {host: 127.0.0.1, port: ${srv.port}, dialect: freertr, username_env: U, password_env: P}\n`, 'lab.yml', { U: 'ops', P: 'pw-from-env' });
    const transcript = new Transcript();
    const s = await openInventoryDevice(inv.devices.r2!, { transcript, timeouts: { wakeMs: 200, settleMs: 50 } });
    try {
      assert.equal(s.mode?.name, 'exec');
      assert.ok(!transcript.toText().includes('pw-from-env'));
    } finally {
      await s.close();
      await srv.close();
    }
  });

  void it('ssh: an unreadable key file is a DriverError naming the device and the file', async () => {
    await assert.rejects(openSession({ device: 'leaf1', host: '127.0.0.1', port: 22, transport: 'ssh', platform: 'freertr', keyFile: '/nonexistent/key' }),
      (e: unknown) => e instanceof DriverError && e.message === 'leaf1: cannot read the SSH key file /nonexistent/key (ENOENT)');
  });

  void it('ssh host key policy: pinned fingerprint first, then insecure (option or env), then known_hosts', () => {
    const fp = 'SHA256:' + 'a'.repeat(43);
    assert.deepEqual(hostKeyPolicy({ hostKeyFingerprint: fp, insecureAcceptHostKey: true }, {}), { kind: 'fingerprint', fingerprint: fp });
    assert.deepEqual(hostKeyPolicy({ insecureAcceptHostKey: true }, {}), { kind: 'insecure' });
    assert.deepEqual(hostKeyPolicy({}, { NETPROOF_INSECURE_ACCEPT_HOST_KEY: '1' }), { kind: 'insecure' });
    assert.deepEqual(hostKeyPolicy({ knownHostsFile: '/x/kh' }, {}), { kind: 'known_hosts', file: '/x/kh' });
    assert.match((hostKeyPolicy({}, {}) as { file: string }).file, /\.ssh\/known_hosts$/);
  });

  void it('an unknown platform lists the known ones', async () => {
    await assert.rejects(openSession({ device: 'x', host: '127.0.0.1', port: 1, transport: 'telnet', platform: 'vyos' }), /unknown platform "vyos"; known platforms: .*freertr/);
  });
});
