// A gNMI client in another language (Python grpcio, stubs generated from proto/gnmi.proto at test
// time) against an SR Linux leaf of the evpn-mh lab: Capabilities, Get of leaf1's DF state for its
// own address, and an ON_CHANGE Subscribe that sees leaf1 become DF when leaf2's ES link goes down.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import type { SegmentRow } from '../protocols/evpn/engine';
import type { SrlDevice } from '../cli/srlinux/device';
import { PROTO_FILE } from '../mgmt/gnmi/server';

const PY = '/usr/bin/python3';
const probe = spawnSync(PY, ['-c', 'import grpc, grpc_tools'], { timeout: 20_000 });
const skip = probe.status === 0 ? false : 'python3-grpcio / python3-grpc-tools missing (apt-get install -y python3-grpcio python3-grpc-tools)';
const TOPO = path.join(__dirname, '..', '..', 'topologies', 'evpn-mh', 'evpn-mh.clab.yml');
const PASSWORD = 'py-Srl-Secret-4';

/** The document's multihoming configuration (its enter-candidate blocks), as `set` lines. */
const MH = `set / interface lag1 admin-state enable
set / interface lag1 vlan-tagging true
set / interface lag1 subinterface 0 type bridged
set / interface lag1 subinterface 0 vlan encap untagged
set / interface lag1 lag lag-type lacp
set / interface lag1 lag member-speed 10G
set / interface lag1 lag lacp interval SLOW
set / interface lag1 lag lacp lacp-mode ACTIVE
set / interface lag1 lag lacp admin-key 11
set / interface lag1 lag lacp system-id-mac 00:00:00:00:00:11
set / interface lag1 lag lacp system-priority 11
set / interface ethernet-1/1 admin-state enable
set / interface ethernet-1/1 ethernet aggregate-id lag1
set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment ES-1 admin-state enable
set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment ES-1 esi 01:11:11:11:11:11:11:00:00:01
set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment ES-1 multi-homing-mode all-active
set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment ES-1 interface lag1
set / system network-instance protocols bgp-vpn bgp-instance 1
set / network-instance mac-vrf-1 interface lag1.0
set / network-instance mac-vrf-1 protocols bgp-evpn bgp-instance 1 ecmp 2
`;

const DF_OF = (addr: string) =>
  '/system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=1]/ethernet-segment[name=ES-1]/association/network-instance[name=mac-vrf-1]' +
  `/bgp-instance[instance=1]/computed-designated-forwarder-candidates/designated-forwarder-candidate[address=${addr}]/designated-forwarder`;

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

void test('python gNMI client on leaf1 of the evpn-mh lab: Capabilities, Get of its DF state, ON_CHANGE when leaf2\'s ES link goes down', { skip, timeout: 120_000 }, async () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnmi-py-srl-'));
  const lab = Lab.create(await loadTopology(TOPO), { mode: 'realtime', speed: 10, telnet: false, ssh: false, stateDir, auth: { password: PASSWORD } });
  try {
    await lab.start();
    for (const leaf of ['leaf1', 'leaf2']) {
      const errs = (lab.node(leaf).device as SrlDevice).applyConfig(MH);
      assert.deepEqual(errs, [], `${leaf}: the multihoming configuration`);
    }
    const leaf1 = lab.node('leaf1').device as SrlDevice;
    const df = () => leaf1.host.show<SegmentRow>('evpn', 'segments').find((s) => s.name === 'ES-1')?.dfs[0]?.df;
    await until('leaf1: ES-1 DF elected', () => df() === '10.0.0.2', 60_000);
    const g = lab.describe().find((r) => r.name === 'leaf1')!.gnmi!;
    const child = spawn(PY, [path.join(__dirname, '..', 'mgmt', 'gnmi', 'testdata', 'client.py'), path.dirname(PROTO_FILE), stateDir, g, lab.gnmiCertFile!, 'netproof', DF_OF('10.0.0.1'), DF_OF('10.0.0.1'), '1'], {
      env: { ...process.env, GNMI_PASSWORD: PASSWORD, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let err = '';
    let buf = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const m = JSON.parse(buf.slice(0, i)) as Record<string, unknown>;
        buf = buf.slice(i + 1);
        lines.push(m);
        // Synced: take leaf2's ES link down; leaf1 becomes the DF (RFC 7432 8.5 with one candidate).
        if (m.synced) (lab.node('leaf2').device as SrlDevice).applyConfig('set / interface ethernet-1/1 admin-state disable\n');
      }
    });
    const code = await new Promise<number | null>((res) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (c) => {
        clearTimeout(t);
        res(c);
      });
    });
    assert.equal(code, 0, err);
    assert.equal((lines[0].capabilities as { version: string }).version, '0.10.0');
    const got = lines[1].get as Array<{ path: string; value: unknown }>;
    assert.equal(got.length, 1, JSON.stringify(got));
    assert.equal(got[0].value, false, 'leaf1 (10.0.0.1) is not the DF while leaf2 is up');
    assert.ok(lines.some((l) => l.synced));
    const upd = lines.filter((l) => l.update).map((l) => l.update as { path: string; value: unknown });
    assert.equal(upd.at(-1)?.value, true, `leaf1 became the DF: ${JSON.stringify(upd)}`);
    assert.match(upd.at(-1)!.path, /designated-forwarder-candidate\[address=10\.0\.0\.1\]\/designated-forwarder$/);
    assert.equal(df(), '10.0.0.1');
  } finally {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});
