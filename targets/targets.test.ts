import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LabControlUnsupported } from '../drivers/lab/control';
import { knownTargetKinds, openTarget, registerTargetKind, SessionTarget, targetKindFromEnv } from './index';
import { openInventory } from './inventory';
import { openReference } from './reference';

const TOPO = join(__dirname, '..', 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');

function inventoryFile(nodes: string[]): { file: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'netproof-targets-'));
  const file = join(dir, 'lab.yml');
  writeFileSync(file, `defaults:\n  transport: telnet\n  dialect: freertr\ndevices:\n${nodes.map((n, i) => `  ${n}: {host: 127.0.0.1, port: ${2301 + i}}\n`).join('')}`);
  return { file, done: () => rmSync(dir, { recursive: true, force: true }) };
}

void describe('targets', () => {
  void it('the kind comes from NETPROOF_TARGET_KIND, else the inventory, else reference', () => {
    assert.equal(targetKindFromEnv({}), 'reference');
    assert.equal(targetKindFromEnv({ NETPROOF_INVENTORY: 'lab.yml' }), 'inventory');
    assert.equal(targetKindFromEnv({ NETPROOF_INVENTORY: 'lab.yml', NETPROOF_TARGET_KIND: 'frr' }), 'frr');
  });

  void it('a registered kind opens through openTarget; a duplicate or an unknown kind is one clear line', async () => {
    assert.deepEqual(knownTargetKinds().filter((k) => k === 'reference' || k === 'inventory'), ['inventory', 'reference']);
    let asked = '';
    registerTargetKind('test-kind', async (file) => {
      asked = file;
      throw new Error('opened');
    });
    await assert.rejects(openTarget('x.clab.yml', {}, 'test-kind'), /opened/);
    assert.equal(asked, 'x.clab.yml');
    assert.throws(() => registerTargetKind('test-kind', async () => { throw new Error('no'); }), /already registered/);
    await assert.rejects(openTarget('x.clab.yml', {}, 'nope'), /unknown target kind "nope" \(known: .*inventory.*reference/);
  });

  void it('inventory: a topology node without a device is refused naming the file and the node', async () => {
    const inv = inventoryFile(['r1', 'r2']);
    try {
      await assert.rejects(openInventory(TOPO, {}, inv.file), (e: Error) => e.message === `${inv.file}: no device for topology node 'r3'` && !e.message.includes('\n'));
    } finally {
      inv.done();
    }
  });

  void it('inventory: endpoints and platforms from the file; every lab-control step is LabControlUnsupported with its reason; wall clock', async () => {
    const inv = inventoryFile(['r1', 'r2', 'r3']);
    try {
      const t = await openInventory(TOPO, {}, inv.file);
      assert.ok(t instanceof SessionTarget);
      assert.equal(t.kind, 'inventory');
      assert.equal(t.name, 'lab');
      assert.deepEqual([t.endpoint('r2').port, t.platform('r2'), t.device('r2').platform, t.device('r2').supports('routes')], [2302, 'freertr', 'freertr', true]);
      assert.throws(() => t.endpoint('r9'), /no node 'r9'/);
      assert.equal(t.lab.clock.kind, 'wall');
      assert.ok(Math.abs(t.lab.clock.nowSec() - Date.now() / 1000) < 5);
      assert.equal(t.lab.supports('link'), false);
      const steps: Array<[string, () => Promise<unknown>]> = [
        ['link', () => t.lab.setLink('r1', 'r2', { up: false })],
        ['stream', () => t.lab.startStream({ from: 'r1', src: '1.1.1.1', dst: '2.2.2.2' })],
        ['capture', () => t.lab.capture('r1', 'r2', '/tmp/x.pcap')],
        ['restart', () => t.lab.restartNode('r1')],
      ];
      for (const [step, f] of steps) {
        await assert.rejects(f(), (e: unknown) => e instanceof LabControlUnsupported && e.step === step && e.target === 'lab' && e.reason.length > 20);
      }
      assert.equal(t.deadlineMs(10), 20_000);
      await t.close();
    } finally {
      inv.done();
    }
  });

  void it('inventory: a device\'s gnmi_port is its endpoint\'s gNMI server, on the same host, with its CA file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netproof-targets-'));
    try {
      const file = join(dir, 'lab.yml');
      writeFileSync(join(dir, 'ca.pem'), 'certificate');
      writeFileSync(file, 'defaults: {transport: telnet, dialect: freertr}\ndevices:\n  r1: {host: 127.0.0.1, port: 2301, username_env: U, password_env: P, gnmi_port: 57400, gnmi_ca_file: ca.pem}\n'
        + '  r2: {host: 127.0.0.2, port: 2302, username_env: U, password_env: P, gnmi_port: 57401, gnmi_insecure: true}\n  r3: {host: 127.0.0.3, port: 2303}\n');
      process.env.U = 'admin';
      process.env.P = 'pw';
      const t = await openInventory(TOPO, {}, file);
      assert.deepEqual(t.endpoint('r1').gnmi, { host: '127.0.0.1', port: 57400, caFile: join(dir, 'ca.pem') });
      assert.deepEqual(t.endpoint('r2').gnmi, { host: '127.0.0.2', port: 57401, caFile: undefined });
      assert.equal(t.endpoint('r3').gnmi, undefined);
      await t.close();
    } finally {
      delete process.env.U;
      delete process.env.P;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('reference: starts the lab, telnet endpoints, a device answers over the wire, lab control on the virtual clock', async () => {
    const t = await openReference(TOPO, {});
    try {
      assert.equal(t.kind, 'reference');
      const ep = t.endpoint('r1');
      assert.deepEqual([ep.host, ep.transport, ep.dialect], ['127.0.0.1', 'telnet', 'freertr']);
      assert.ok(ep.port > 0);
      assert.equal(t.lab.clock.kind, 'virtual');
      assert.ok(t.lab.supports('stream') && t.lab.supports('link'));
      const before = t.lab.clock.nowSec();
      const out = await t.device('r1').cli('show running-config');
      assert.match(out, /hostname r1/);
      assert.ok(t.lab.clock.nowSec() > before, 'the virtual clock runs');
      await t.lab.setLink('r1', 'r2', { up: false });
      await assert.rejects(t.lab.setLink('r1', 'r9', { up: false }), /no link r1 -- r9/);
      assert.match(t.transcripts.get('r1')?.entries().map((e) => e.data).join('') ?? '', /show running-config/);
    } finally {
      await t.close();
    }
  });
});
