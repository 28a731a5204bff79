/**
 * The SR Linux tree mapped onto the neutral node configuration: the seed startup configs and the
 * document's multihoming blocks typed in a session, section by section and field by field, with
 * other names and addresses too; commit-time validation; sections of unregistered modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node } from '../../net/node';
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { SrlDevice } from './device';
import type { SrlSession } from './session';
import type { BgpConfig } from '../../protocols/bgp/config';
import type { VxlanConfig } from '../../protocols/vxlan/config';
import type { BridgeConfig } from '../../protocols/bridge/config';
import type { EvpnConfig } from '../../protocols/evpn/config';
import type { LacpConfig } from '../../protocols/lacp/config';

const LAB = '/work/shared/seeds/001-evpn-mh-lab/configs';

function device(name: string, index = 0): SrlDevice {
  return new SrlDevice(new Node(name, index, new Scheduler(), new Random(7)));
}

async function type(s: SrlSession, text: string): Promise<string> {
  let out = '';
  for (const l of text.split('\n')) out += (await s.execute(l)).output;
  return out;
}

/** The document's multihoming configuration, as it types it on leaf1 and leaf2. */
const DOC_BLOCKS = [
  `enter candidate
    /interface lag1 {
        admin-state enable
        vlan-tagging true
        subinterface 0 {
            type bridged
            vlan {
                encap {
                    untagged {
                    }
                }
            }
        }
        lag {
            lag-type lacp
            member-speed 10G
            lacp {
                interval SLOW
                lacp-mode ACTIVE
                admin-key 11
                system-id-mac 00:00:00:00:00:11
                system-priority 11
            }
        }
    }
commit now`,
  `enter candidate
    /interface ethernet-1/1 {
        admin-state enable
        ethernet {
            aggregate-id lag1
        }
    }
commit now`,
  `enter candidate
/system network-instance protocols 
    evpn {
        ethernet-segments {
            bgp-instance 1 {
                ethernet-segment ES-1 {
                    admin-state enable
                    esi 01:11:11:11:11:11:11:00:00:01
                    multi-homing-mode all-active
                    interface lag1 {
                    }
                }
            }
        }
    }
    bgp-vpn {
        bgp-instance 1 {
        }
    }
commit now`,
  `enter candidate
    /network-instance mac-vrf-1 {
        interface lag1.0 {
        }
    }
commit now`,
  `enter candidate
    /network-instance mac-vrf-1 {
        protocols {
        bgp-evpn {
            bgp-instance 1 {
                ecmp 2
            }
        }
    }
commit now`,
];

function loaded(file: string, name: string): SrlDevice {
  const d = device(name);
  assert.deepEqual(d.applyConfig(fs.readFileSync(path.join(LAB, file), 'utf8')), []);
  return d;
}

void test('leaf1 startup config: interfaces, BGP with groups flattened, VXLAN, bridge and EVPN sections', () => {
  const d = loaded('leaf1.cfg', 'leaf1');
  const cfg = d.config!;
  const e49 = cfg.ifaces.get('ethernet-1/49')!;
  assert.deepEqual([e49.kind, e49.adminUp, e49.vrf, e49.v4], ['ethernet', true, '', { addr: '192.168.11.1', len: 30 }]);
  assert.equal(cfg.ifaces.has('ethernet-1/49.0'), false, 'an untagged subinterface is the port itself');
  const sys = cfg.ifaces.get('system0')!;
  assert.deepEqual([sys.kind, sys.v4], ['loopback', { addr: '10.0.0.1', len: 32 }]);

  const bgp = cfg.protocols.get('bgp') as BgpConfig;
  assert.equal(bgp.asn, 101);
  assert.equal(bgp.routerId, '10.0.0.1');
  const peers = new Map(bgp.peers.map((p) => [p.addr, p]));
  assert.deepEqual(peers.get('10.0.0.2'), { addr: '10.0.0.2', remoteAs: 100, localAs: 100, minAdvIntervalSec: 1, localAddress: '10.0.0.1', group: 'iBGP-overlay' });
  assert.deepEqual(peers.get('10.0.0.3'), { addr: '10.0.0.3', remoteAs: 100, localAs: 100, minAdvIntervalSec: 1, localAddress: '10.0.0.1', group: 'iBGP-overlay' });
  assert.deepEqual(peers.get('192.168.11.2'), { addr: '192.168.11.2', remoteAs: 201, group: 'eBGP-underlay' });
  assert.deepEqual([...bgp.ipv4.enabled], ['192.168.11.2'], 'iBGP-overlay disables ipv4-unicast, the top level enables it');
  assert.deepEqual([...bgp.evpn.enabled].sort(), ['10.0.0.2', '10.0.0.3']);
  assert.deepEqual(bgp.ipv4.redistribute, ['direct', 'static'], 'export-policy all accepts every route');

  assert.deepEqual(cfg.protocols.get('vxlan') as VxlanConfig, { sourceAddress: '10.0.0.1', interfaces: [{ name: 'vxlan1.1', vni: 1, type: 'bridged' }] });
  assert.deepEqual(cfg.protocols.get('bridge') as BridgeConfig, {
    macVrfs: [{ name: 'mac-vrf-1', interfaces: [], vxlanInterface: 'vxlan1.1', evi: 111, learning: true, agingS: 300 }],
  });
  const evpn = cfg.protocols.get('evpn') as EvpnConfig;
  assert.deepEqual(evpn.segments, []);
  assert.deepEqual(evpn.macVrfs, [
    { macVrf: 'mac-vrf-1', adminUp: true, evi: 111, ecmp: 1, vxlanInterface: 'vxlan1.1', vni: 1, exportRt: ['target:100:111'], importRt: ['target:100:111'] },
  ]);
  assert.equal(cfg.protocols.has('lacp'), false, 'no LAG configured: LACP does not run');
});

void test('spine1 and leaf3: peer-as on the neighbour, bridged untagged ports in the MAC-VRF', () => {
  const sp = loaded('spine1.cfg', 'spine1').config!;
  const bgp = sp.protocols.get('bgp') as BgpConfig;
  assert.deepEqual(bgp.peers.map((p) => [p.addr, p.remoteAs]), [['192.168.11.1', 101], ['192.168.12.1', 102], ['192.168.13.1', 103]]);
  assert.equal(bgp.evpn.enabled.size, 0);
  assert.deepEqual([...sp.protocols.keys()], ['bgp']);
  const l3 = loaded('leaf3.cfg', 'leaf3').config!;
  assert.deepEqual((l3.protocols.get('bridge') as BridgeConfig).macVrfs[0].interfaces, ['ethernet-1/1.0', 'ethernet-1/2.0', 'ethernet-1/3.0']);
  const e1 = l3.ifaces.get('ethernet-1/1')!;
  assert.deepEqual([e1.vrf, e1.v4, e1.adminUp], ['', undefined, true]);
});

void test("the document's multihoming blocks typed on leaf1: LAG/LACP, ethernet segment, MAC-VRF interface, ecmp", async () => {
  const d = loaded('leaf1.cfg', 'leaf1');
  const s = d.sessions()('t') as SrlSession;
  for (const b of DOC_BLOCKS) {
    const out = await type(s, b);
    assert.doesNotMatch(out, /error/i, b);
    assert.match(out, /All changes have been committed\. Leaving candidate mode\./);
    assert.equal(s.statusLine(), '--{ running }--[  ]--');
  }
  const cfg = d.config!;
  const lag = cfg.ifaces.get('lag1')!;
  assert.deepEqual([lag.kind, lag.adminUp, lag.vrf], ['lag', true, '']);
  assert.deepEqual(cfg.protocols.get('lacp') as LacpConfig, {
    lags: [{ lag: 'lag1', members: ['ethernet-1/1'], mode: 'active', interval: 'slow', systemId: '00:00:00:00:00:11', systemPriority: 11, adminKey: 11 }],
  });
  const evpn = cfg.protocols.get('evpn') as EvpnConfig;
  assert.deepEqual(evpn.segments, [
    { name: 'ES-1', adminUp: true, esi: '01:11:11:11:11:11:11:00:00:01', iface: 'lag1', mode: 'all-active', dfAlgorithm: 'default', activationTimerSec: 3 },
  ]);
  assert.equal(evpn.macVrfs[0].ecmp, 2);
  assert.deepEqual((cfg.protocols.get('bridge') as BridgeConfig).macVrfs[0].interfaces, ['lag1.0']);
  // What the host runs: only the sections of registered modules.
  for (const k of d.host.config.protocols.keys()) assert.equal(d.host.registry.has(k), true, k);
  assert.equal(d.host.config.protocols.has('bgp'), true);
  // info flat of the typed blocks is the startup configs' form.
  const flat = (await s.execute('info flat interface lag1')).output;
  assert.match(flat, /^set \/ interface lag1 lag lacp system-priority 11$/m);
  assert.match((await s.execute('info flat interface ethernet-1/1')).output, /^set \/ interface ethernet-1\/1 ethernet aggregate-id lag1$/m);
});

void test('other names: tagged subinterfaces, a passive FAST LAG with default system id, ES admin default disable', async () => {
  const d = device('pe7', 3);
  const s = d.sessions()('t') as SrlSession;
  const out = await type(s, `enter candidate
set / interface ethernet-1/5 ethernet aggregate-id lag12
set / interface ethernet-1/6 ethernet aggregate-id lag12
set / interface lag12 vlan-tagging true
set / interface lag12 lag lag-type lacp
set / interface lag12 lag min-links 2
set / interface lag12 lag lacp interval FAST
set / interface lag12 lag lacp lacp-mode PASSIVE
set / interface lag12 subinterface 30 type bridged
set / interface lag12 subinterface 30 vlan encap single-tagged vlan-id 30
set / interface ethernet-1/9 vlan-tagging true
set / interface ethernet-1/9 subinterface 4 ipv4 admin-state enable
set / interface ethernet-1/9 subinterface 4 ipv4 address 172.16.4.1/24
set / interface ethernet-1/9 subinterface 4 vlan encap single-tagged vlan-id 404
set / network-instance blue type ip-vrf
set / network-instance blue interface ethernet-1/9.4
set / network-instance bd30 type mac-vrf
set / network-instance bd30 interface lag12.30
set / network-instance bd30 bridge-table mac-learning aging age-time 600
set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment es-x esi 00:AA:BB:CC:DD:EE:FF:00:00:07
set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment es-x interface lag12
set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment es-x df-election timers activation-timer 0
commit stay`);
  assert.doesNotMatch(out, /error/i);
  const cfg = d.config!;
  const sub = cfg.ifaces.get('ethernet-1/9.4')!;
  assert.deepEqual([sub.parent, sub.vlan, sub.vrf, sub.v4], ['ethernet-1/9', 404, 'blue', { addr: '172.16.4.1', len: 24 }]);
  assert.equal(cfg.vrfs.has('blue'), true);
  assert.equal(cfg.vrfs.has('bd30'), false, 'a MAC-VRF is no IP VRF');
  assert.deepEqual(cfg.ifaces.get('lag12.30')?.vlan, 30);
  const lacp = (cfg.protocols.get('lacp') as LacpConfig).lags[0];
  assert.deepEqual(lacp, { lag: 'lag12', members: ['ethernet-1/5', 'ethernet-1/6'], mode: 'passive', interval: 'fast', systemId: d.chassisMac, systemPriority: 32768, adminKey: 12, minLinks: 2 });
  assert.equal((cfg.protocols.get('bridge') as BridgeConfig).macVrfs[0].agingS, 600);
  const es = (cfg.protocols.get('evpn') as EvpnConfig).segments[0];
  assert.deepEqual([es.adminUp, es.esi, es.iface, es.activationTimerSec], [false, '00:aa:bb:cc:dd:ee:ff:00:00:07', 'lag12', 0]);
  assert.equal(cfg.protocols.has('bgp'), false);
  assert.equal(cfg.protocols.has('vxlan'), false);
});

void test('commit of an invalid candidate: SR Linux errors, nothing applied, the candidate kept', async () => {
  const d = loaded('leaf3.cfg', 'l3x');
  const s = d.sessions()('t') as SrlSession;
  await s.execute('enter candidate');
  await s.execute('set / network-instance default interface ethernet-1/2.0');
  await s.execute('set / interface ethernet-1/7 ethernet aggregate-id lag5');
  const r = await s.execute('commit now');
  assert.equal(r.failed, true);
  const lines = r.output.trimEnd().split('\n');
  assert.equal(lines[0], 'Error: Failed to commit');
  assert.ok(lines.includes(`Error: .interface{.name=="ethernet-1/7"}.ethernet.aggregate-id: leafref validation failed: 'lag5' is not a configured lag interface`), r.output);
  assert.ok(lines.some((l) => /network-instance\{\.name=="(default|mac-vrf-1)"\}\.interface\{\.name=="ethernet-1\/2\.0"\}: subinterface 'ethernet-1\/2\.0' is already associated with network-instance/.test(l)), r.output);
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[  ]--');
  assert.equal(d.config!.ifaces.has('ethernet-1/7'), false);
  await s.execute('discard now');
  assert.equal(s.statusLine(), '--{ running }--[  ]--');
  // A missing policy, a missing peer-group, an ES on a missing interface.
  await s.execute('enter candidate');
  await s.execute('set / network-instance default protocols bgp group iBGP-overlay export-policy nope');
  await s.execute('set / network-instance default protocols bgp neighbor 10.9.9.9 peer-group ghost');
  await s.execute('set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment E esi 00:11:22:33:44:55:66:77:88:99');
  await s.execute('set / system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment E interface lag3');
  const r2 = (await s.execute('commit stay')).output;
  assert.match(r2, /export-policy: leafref validation failed: routing-policy 'nope' is not configured/);
  assert.match(r2, /peer-group: leafref validation failed: group 'ghost' is not configured/);
  assert.match(r2, /interface 'lag3' is not configured/);
  // A startup config that does not validate reports its errors.
  const bad = device('b1').applyConfig('set / interface ethernet-1/1 subinterface 0 type bridged\nset / network-instance default interface ethernet-1/1.0\n');
  assert.equal(bad.length, 1);
  assert.match(bad[0].error, /a subinterface of type bridged can only be associated with a mac-vrf/);
});

void test('blocks and flat lines give the same tree; delete removes what it names', async () => {
  const a = device('a');
  const b = device('b');
  const sa = a.sessions()('t') as SrlSession;
  const sb = b.sessions()('t') as SrlSession;
  await type(sa, DOC_BLOCKS[0]);
  const flat = (await sa.execute('info flat')).output;
  assert.deepEqual(b.applyConfig(flat), []);
  assert.equal((await sb.execute('info flat')).output, flat);
  assert.deepEqual(b.config!.protocols.get('lacp'), a.config!.protocols.get('lacp'));
  await type(sb, 'enter candidate\ndelete / interface lag1 lag lacp system-priority\ncommit now');
  assert.equal((b.config!.protocols.get('lacp') as LacpConfig).lags[0].systemPriority, 32768);
  await type(sb, 'enter candidate\ndelete / interface lag1\ncommit now');
  assert.equal(b.config!.protocols.has('lacp'), false);
  assert.equal(b.config!.ifaces.has('lag1'), false);
});
