import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as P from '../../net/packet';
import { parseAddr } from '../../net/addr';
import { SEC } from '../../sim/scheduler';
import type { MacTableRow, MacVrfRow, VxlanIfRow } from '../l2-rows';
import { fabric, hostOn, leaf, link, macVrf, newNet, node, pingRun, port } from './testnet';
import type { BridgeEvents } from './config';
import type { Link } from '../../net/link';
import { defaultProtocols } from '../index';

const macOf = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');

/** Frames one link carried away from node `from`. */
function tapFrom(l: Link, from: string): Buffer[] {
  const out: Buffer[] = [];
  l.taps.push((_t, f, b) => {
    if (f.node.name === from) out.push(b);
  });
  return out;
}

const isBroadcast = (b: Buffer) => P.decodeEth(b)!.dst.equals(P.BROADCAST);

void test('two hosts bridged through one node: ARP, ping, learning against the subinterfaces', () => {
  const net = newNet();
  const sw = leaf(node(net, 'sw7'), '10.77.0.7');
  const a = hostOn(net, 'alpha', '172.16.5.10/24', sw.node, 'ge-0/1');
  const b = hostOn(net, 'beta', '172.16.5.20/24', sw.node, 'ge-0/2');
  sw.apply({ macVrfs: [macVrf('lan-blue', ['ge-0/1.0', 'ge-0/2.0'])] });
  const learned: string[] = [];
  sw.bridge().subscribe({ onLocalMacLearned: (v, m, s) => learned.push(`${v} ${m} ${s}`), onLocalMacAged: () => {} });
  const r = pingRun(net, a.node, '172.16.5.20', 4);
  assert.deepEqual(r, { ok: 4, lost: 0 });
  const rows = sw.host.show<MacTableRow>('bridge', 'macTable');
  const byMac = new Map(rows.map((x) => [x.mac, x]));
  const ma = byMac.get(macOf(a.iface.mac))!;
  const mb = byMac.get(macOf(b.iface.mac))!;
  assert.equal(ma.type, 'learnt');
  assert.deepEqual(ma.destination, { kind: 'subinterface', name: 'ge-0/1.0' });
  assert.deepEqual(mb.destination, { kind: 'subinterface', name: 'ge-0/2.0' });
  assert.equal(ma.agingS, 300);
  assert.equal(ma.active, true);
  assert.notEqual(ma.destIndex, mb.destIndex);
  assert.deepEqual(learned.sort(), [`lan-blue ${macOf(a.iface.mac)} ge-0/1.0`, `lan-blue ${macOf(b.iface.mac)} ge-0/2.0`].sort());
  // Known unicast is not flooded: a third port sees only the first ARP broadcast.
  const vrf = sw.host.show<MacVrfRow>('bridge', 'macVrfs');
  assert.deepEqual(vrf.map((v) => [v.name, v.operUp, v.interfaces]), [['lan-blue', true, ['ge-0/1.0', 'ge-0/2.0']]]);
  const c = sw.bridge().portCounters('lan-blue');
  assert.ok(c['ge-0/1.0'].rxFrames >= 5 && c['ge-0/2.0'].rxFrames >= 5);
  // The bridged ports are not IP interfaces of the node: the frames were not counted as IP drops.
  assert.equal(sw.node.ip.forwarded, 0);
});

void test('known unicast goes only to its port; unknown unicast and broadcast flood, never back out the ingress port', () => {
  const net = newNet(5);
  const sw = leaf(node(net, 'brg'), '10.77.1.1');
  const a = hostOn(net, 'h1', '192.168.44.1/24', sw.node, 'p1');
  const b = hostOn(net, 'h2', '192.168.44.2/24', sw.node, 'p2');
  const c = hostOn(net, 'h3', '192.168.44.3/24', sw.node, 'p3');
  sw.apply({ macVrfs: [macVrf('bd9', ['p1.0', 'p2.0', 'p3.0'])] });
  const toA = tapFrom(a.link, 'brg');
  const toC = tapFrom(c.link, 'brg');
  const toB = tapFrom(b.link, 'brg');
  assert.deepEqual(pingRun(net, a.node, '192.168.44.2', 3), { ok: 3, lost: 0 });
  assert.equal(toB.filter((f) => P.decodeEth(f)!.type === P.ETH_IPV4).length, 3, 'the three echo requests');
  // h3 saw the ARP request (broadcast) but none of the unicast echoes; h1 never got its own broadcast back.
  assert.equal(toC.filter(isBroadcast).length, 1);
  assert.equal(toC.filter((f) => !isBroadcast(f)).length, 0);
  assert.equal(toA.filter(isBroadcast).length, 0);
  // A frame to an unknown MAC floods to both other ports.
  const unknown = Buffer.from('02aabbccdd01', 'hex');
  const before = toC.length;
  const beforeB = sw.bridge().portCounters('bd9')['p2.0'].txFrames;
  a.iface.send(P.encodeEth({ dst: unknown, src: a.iface.mac, type: 0x88b5, payload: Buffer.alloc(46) }));
  net.sched.runFor(1000);
  assert.equal(toC.length, before + 1);
  assert.equal(sw.bridge().portCounters('bd9')['p2.0'].txFrames, beforeB + 1);
});

void test('a single-tagged subinterface: the child X.N with its VLAN bridges to an untagged port; a frame of another VLAN is not bridged', () => {
  const net = newNet(8);
  const sw = leaf(node(net, 'agg'), '10.77.2.1');
  const h1 = node(net, 'tagged-host');
  const trunk = port(h1, 'eth1');
  const sub = h1.addIface('eth1.31', 'ethernet', trunk, 31);
  sub.v4 = { addr: parseAddr('10.31.0.1')!, len: 24 };
  sub.adminUp = true;
  h1.ifaceChanged(sub);
  const p = port(sw.node, 'xe1');
  // SR Linux `subinterface 7 { vlan { encap { single-tagged { vlan-id 31 } } } }`: the child xe1.7 on VLAN 31.
  const c7 = sw.node.addIface('xe1.7', 'ethernet', p, 31);
  c7.adminUp = true;
  sw.node.ifaceChanged(c7);
  const l = link(net, trunk, p);
  const b = hostOn(net, 'plain', '10.31.0.2/24', sw.node, 'xe2');
  sw.apply({ macVrfs: [macVrf('v31', ['xe1.7', 'xe2.0'])] });
  const toTrunk = tapFrom(l, 'agg');
  assert.deepEqual(pingRun(net, h1, '10.31.0.2', 2), { ok: 2, lost: 0 });
  assert.ok(toTrunk.length > 0);
  for (const f of toTrunk) assert.equal(P.decodeEth(f)!.vlan, 31);
  const toPlain = tapFrom(b.link, 'agg');
  pingRun(net, h1, '10.31.0.2', 1);
  for (const f of toPlain) assert.equal(P.decodeEth(f)!.vlan, undefined);
  const dests = sw.bridge().macTable('v31').map((e) => (e.destination.kind === 'subinterface' ? e.destination.name : '?'));
  assert.deepEqual(dests.sort(), ['xe1.7', 'xe2.0']);
  // VLAN 32 on the same port is no subinterface of the MAC-VRF: not bridged.
  const n = toPlain.length;
  trunk.send(P.encodeEth({ dst: P.BROADCAST, src: Buffer.from('020000003232', 'hex'), vlan: 32, type: 0x88b5, payload: Buffer.alloc(46) }));
  net.sched.runFor(SEC);
  assert.equal(toPlain.length, n);
  assert.ok(!sw.bridge().macTable('v31').some((e) => e.mac === '02:00:00:00:32:32'));
});

void test('aging in virtual time: 300 s default, refreshed by traffic, agingS 0 never ages', () => {
  const net = newNet(3);
  const sw = leaf(node(net, 'ag'), '10.77.3.1');
  const a = hostOn(net, 'ha', '10.8.8.1/24', sw.node, 'e1');
  hostOn(net, 'hb', '10.8.8.2/24', sw.node, 'e2');
  sw.apply({ macVrfs: [macVrf('aged', ['e1.0', 'e2.0'])] });
  const aged: string[] = [];
  sw.bridge().subscribe({ onLocalMacLearned: () => {}, onLocalMacAged: (_v, m) => aged.push(m) });
  const frame = () => a.iface.send(P.encodeEth({ dst: P.BROADCAST, src: a.iface.mac, type: 0x88b5, payload: Buffer.alloc(46) }));
  const has = () => sw.bridge().macTable('aged').some((e) => e.mac === macOf(a.iface.mac));
  frame();
  net.sched.runFor(299 * SEC);
  assert.ok(has());
  frame(); // refresh at t = 299 s
  net.sched.runFor(200 * SEC);
  assert.ok(has(), 'refreshed entry still there at 499 s');
  assert.deepEqual(aged, []);
  net.sched.runFor(101 * SEC);
  assert.ok(!has(), 'aged out 300 s after the last frame');
  assert.deepEqual(aged, [macOf(a.iface.mac)]);
  // Aging off.
  sw.apply({ macVrfs: [macVrf('aged', ['e1.0', 'e2.0'], { agingS: 0 })] });
  frame();
  net.sched.runFor(5000 * SEC);
  assert.ok(has());
  // Aging back on: the already-learnt entry ages from its last update.
  sw.apply({ macVrfs: [macVrf('aged', ['e1.0', 'e2.0'], { agingS: 60 })] });
  net.sched.runFor(1 * SEC);
  assert.ok(!has());
  // Learning off learns nothing.
  sw.apply({ macVrfs: [macVrf('aged', ['e1.0', 'e2.0'], { learning: false })] });
  frame();
  net.sched.runFor(1000);
  assert.equal(sw.bridge().macTable('aged').length, 0);
});

void test('VXLAN between two bridge nodes over a routed underlay: ARP and ping host to host, no data-plane learning', () => {
  const net = newNet(21);
  const { leaves } = fabric(net, ['edge-a', 'edge-b']);
  const [la, lb] = leaves;
  const x = hostOn(net, 'srv-x', '198.51.100.11/24', la.node, 'acc1');
  const y = hostOn(net, 'srv-y', '198.51.100.12/24', lb.node, 'acc1');
  for (const l of leaves) {
    l.apply({ macVrfs: [macVrf('tenant-7', ['acc1.0'], { vxlanInterface: 'vx7.70' })] }, { sourceAddress: l.vtep, interfaces: [{ name: 'vx7.70', vni: 7070, type: 'bridged' }] });
  }
  la.bridge().setFloodList('tenant-7', [lb.vtep]);
  lb.bridge().setFloodList('tenant-7', [la.vtep]);
  const outer = tapFrom(la.uplink.link!, 'edge-a');
  assert.deepEqual(pingRun(net, x.node, '198.51.100.12', 3), { ok: 3, lost: 0 });
  // Every frame edge-a put on its uplink is VXLAN: IPv4 from its VTEP to edge-b's, UDP 4789, VNI 7070.
  assert.ok(outer.length >= 4);
  for (const f of outer) {
    const e = P.decodeEth(f)!;
    if (e.type === P.ETH_ARP) continue; // underlay ARP for the next hop
    const ip = P.decodeIp(e.type, e.payload)!;
    assert.equal(ip.proto, P.PROTO_UDP);
    assert.equal(ip.src.v, parseAddr(la.vtep)!.v);
    assert.equal(ip.dst.v, parseAddr(lb.vtep)!.v);
    const u = P.decodeUdp(ip.payload)!;
    assert.equal(u.dport, 4789);
    assert.ok(u.sport >= 49152 && u.sport <= 65535);
    assert.equal(ip.payload.readUInt16BE(6), 0, 'UDP checksum zero (RFC 7348 section 5)');
    assert.equal(u.data[0], 0x08);
    assert.equal(u.data.readUIntBE(4, 3), 7070);
  }
  // Remote MACs are not learnt from the data plane: each leaf only knows its own host.
  assert.deepEqual(la.bridge().macTable('tenant-7').map((e) => e.mac), [macOf(x.iface.mac)]);
  assert.deepEqual(lb.bridge().macTable('tenant-7').map((e) => e.mac), [macOf(y.iface.mac)]);
  const vx = la.host.show<VxlanIfRow>('vxlan', 'interfaces');
  assert.equal(vx.length, 1);
  assert.deepEqual([vx[0].name, vx[0].vni, vx[0].sourceAddress, vx[0].floodList], ['vx7.70', 7070, la.vtep, [lb.vtep]]);
  assert.ok(vx[0].txPackets >= 4 && vx[0].rxPackets >= 3);
  // With the remote MAC installed (as EVPN would), the reply path is known unicast, not flooded.
  lb.bridge().installRemoteMac('tenant-7', macOf(x.iface.mac).toUpperCase(), { vtep: la.vtep });
  const row = lb.host.show<MacTableRow>('bridge', 'macTable').find((r) => r.mac === macOf(x.iface.mac))!;
  assert.equal(row.type, 'evpn');
  assert.deepEqual(row.destination, { kind: 'vtep', vtep: la.vtep, vni: 7070 });
  assert.equal(row.agingS, undefined);
  // Without a flood list the ARP cannot cross; with the MAC known the echoes still do.
  lb.bridge().setFloodList('tenant-7', []);
  la.bridge().installRemoteMac('tenant-7', macOf(y.iface.mac), { vtep: lb.vtep });
  assert.deepEqual(pingRun(net, x.node, '198.51.100.12', 2), { ok: 2, lost: 0 });
  lb.bridge().withdrawRemoteMac('tenant-7', macOf(x.iface.mac));
  assert.equal(lb.bridge().macTable('tenant-7').length, 1);
});

function threeLeaves(seed: number) {
  const net = newNet(seed);
  const { leaves } = fabric(net, ['lf-1', 'lf-2', 'lf-3']);
  const hosts = leaves.map((l, k) => hostOn(net, `cust${k + 1}`, `100.64.9.${k + 1}/24`, l.node, 'svc'));
  for (const l of leaves) {
    l.apply({ macVrfs: [macVrf('evi-40', ['svc.0'], { vxlanInterface: 'vxlan3.40' })] }, { sourceAddress: l.vtep, interfaces: [{ name: 'vxlan3.40', vni: 40040, type: 'bridged' }] });
    l.bridge().setFloodList('evi-40', leaves.filter((o) => o !== l).map((o) => o.vtep));
  }
  return { net, leaves, hosts };
}

const bcast = (h: { iface: { send(b: Buffer): void; mac: Buffer } }, tag: number) =>
  h.iface.send(P.encodeEth({ dst: P.BROADCAST, src: h.iface.mac, type: 0x88b5, payload: Buffer.alloc(46, tag) }));

void test('BUM from VXLAN: a non-DF subinterface gets none; local bias blocks BUM from the ES peers only', () => {
  const { net, leaves, hosts } = threeLeaves(31);
  const [l1, l2, l3] = leaves;
  const toH1 = tapFrom(hosts[0].link, 'lf-1');
  const got = (tag: number) => toH1.filter((f) => isBroadcast(f) && P.decodeEth(f)!.payload[0] === tag).length;
  bcast(hosts[1], 1);
  net.sched.runFor(SEC);
  assert.equal(got(1), 1, 'DF by default: the broadcast from lf-2 reaches cust1');
  l1.bridge().setDesignatedForwarder('evi-40', 'svc.0', false);
  bcast(hosts[1], 2);
  bcast(hosts[2], 3);
  net.sched.runFor(SEC);
  assert.equal(got(2) + got(3), 0, 'non-DF: no BUM from VXLAN');
  assert.ok(l1.bridge().portCounters('evi-40')['svc.0'].bumBlocked >= 2);
  // Known unicast still reaches a non-DF subinterface.
  l2.bridge().installRemoteMac('evi-40', macOf(hosts[0].iface.mac), { vtep: l1.vtep });
  const before = toH1.length;
  hosts[1].iface.send(P.encodeEth({ dst: hosts[0].iface.mac, src: hosts[1].iface.mac, type: 0x88b5, payload: Buffer.alloc(46, 4) }));
  // cust1's MAC must be local on lf-1 for the unicast to go out: learn it.
  bcast(hosts[0], 9);
  net.sched.runFor(SEC);
  hosts[1].iface.send(P.encodeEth({ dst: hosts[0].iface.mac, src: hosts[1].iface.mac, type: 0x88b5, payload: Buffer.alloc(46, 5) }));
  net.sched.runFor(SEC);
  assert.ok(toH1.slice(before).some((f) => !isBroadcast(f) && P.decodeEth(f)!.payload[0] === 5));
  // DF again, and lf-2 an ES peer of svc.0: BUM from lf-2 blocked, from lf-3 delivered.
  l1.bridge().setDesignatedForwarder('evi-40', 'svc.0', true);
  l1.bridge().setEsPeers('svc.0', [l2.vtep]);
  bcast(hosts[1], 6);
  bcast(hosts[2], 7);
  net.sched.runFor(SEC);
  assert.equal(got(6), 0, 'local bias: nothing from the ES peer');
  assert.equal(got(7), 1, 'BUM from a VTEP that is no ES peer passes');
  void l3;
});

void test('a remote ESI MAC resolves over both VTEPs: flows spread, and one VTEP left takes them all', () => {
  const { net, leaves, hosts } = threeLeaves(41);
  const [l1, l2, l3] = leaves;
  const esiMac = '02:ee:51:00:00:07';
  const esi = '01:22:33:44:55:66:77:88:99:aa';
  l3.bridge().installRemoteMac('evi-40', esiMac, { esi, vteps: [l1.vtep, l2.vtep] });
  const row = l3.host.show<MacTableRow>('bridge', 'macTable').find((r) => r.mac === esiMac)!;
  assert.deepEqual(row.destination, { kind: 'esi', esi, vteps: [l1.vtep, l2.vtep] });
  assert.equal(row.type, 'evpn');
  assert.equal(row.active, true);
  assert.ok(row.destIndex >= 1_000_000_000, 'a VXLAN destination index');
  assert.equal(l3.host.show<MacTableRow>('bridge', 'macTable').find((r) => r.mac === esiMac)!.destIndex, row.destIndex);
  const rx = () => leaves.map((l) => l.host.show<VxlanIfRow>('vxlan', 'interfaces')[0].rxPackets);
  const src = hosts[2];
  const flows = 64;
  const r0 = rx();
  for (let k = 0; k < flows; k++) {
    const ip = P.encodeIp({
      src: parseAddr('100.64.9.3')!,
      dst: parseAddr(`100.64.9.${100 + k}`)!,
      proto: P.PROTO_UDP,
      ttl: 64,
      id: k,
      payload: P.encodeUdp(parseAddr('100.64.9.3')!, parseAddr(`100.64.9.${100 + k}`)!, { sport: 40000 + k, dport: 5001, data: Buffer.alloc(20) }),
    });
    src.iface.send(P.encodeEth({ dst: Buffer.from(esiMac.replace(/:/g, ''), 'hex'), src: src.iface.mac, type: P.ETH_IPV4, payload: ip }));
  }
  net.sched.runFor(SEC);
  const r1 = rx();
  const to1 = r1[0] - r0[0];
  const to2 = r1[1] - r0[1];
  assert.equal(to1 + to2, flows, 'every frame went to exactly one VTEP of the ESI (no flooding)');
  assert.ok(to1 >= flows / 5 && to2 >= flows / 5, `spread over both: ${to1} / ${to2}`);
  // The other PE gone from the ESI: all to lf-1.
  l3.bridge().installRemoteMac('evi-40', esiMac, { esi, vteps: [l1.vtep] });
  for (let k = 0; k < 16; k++) {
    src.iface.send(P.encodeEth({ dst: Buffer.from(esiMac.replace(/:/g, ''), 'hex'), src: src.iface.mac, type: 0x88b5, payload: Buffer.alloc(46, k) }));
  }
  net.sched.runFor(SEC);
  const r2 = rx();
  assert.equal(r2[0] - r1[0], 16);
  assert.equal(r2[1] - r1[1], 0);
});

void test('mobility: a local learn takes over a remote MAC; a remote single-VTEP MAC replaces a learnt one; ESI does not', () => {
  const { net, leaves, hosts } = threeLeaves(51);
  const [l1, l2] = leaves;
  const events: string[] = [];
  const ev: BridgeEvents = { onLocalMacLearned: (_v, m, s) => events.push(`learn ${m} ${s}`), onLocalMacAged: (_v, m) => events.push(`gone ${m}`) };
  const unsub = l1.bridge().subscribe(ev);
  const m1 = macOf(hosts[0].iface.mac);
  l1.bridge().installRemoteMac('evi-40', m1, { vtep: l2.vtep });
  assert.equal(l1.bridge().macTable('evi-40')[0].type, 'evpn');
  bcast(hosts[0], 1);
  net.sched.runFor(SEC);
  assert.deepEqual(l1.bridge().macTable('evi-40').map((e) => [e.mac, e.type]), [[m1, 'learnt']]);
  assert.deepEqual(events, [`learn ${m1} svc.0`]);
  // The same MAC advertised on an ESI by a peer: the local entry stays.
  l1.bridge().installRemoteMac('evi-40', m1, { esi: '00:11:11:11:11:11:11:11:11:11', vteps: [l2.vtep] });
  assert.equal(l1.bridge().macTable('evi-40')[0].type, 'learnt');
  // Advertised behind a single VTEP: the host moved; the learnt entry goes (EVPN withdraws its route).
  l1.bridge().installRemoteMac('evi-40', m1, { vtep: l2.vtep });
  assert.deepEqual(l1.bridge().macTable('evi-40').map((e) => [e.type, e.destination.kind]), [['evpn', 'vtep']]);
  assert.deepEqual(events, [`learn ${m1} svc.0`, `gone ${m1}`]);
  // evpn-static: never moved by learning.
  l1.bridge().installRemoteMac('evi-40', m1, { vtep: l2.vtep }, { static: true });
  bcast(hosts[0], 2);
  net.sched.runFor(SEC);
  assert.equal(l1.bridge().macTable('evi-40')[0].type, 'evpn-static');
  unsub();
  l1.bridge().withdrawRemoteMac('evi-40', m1);
  bcast(hosts[0], 3);
  net.sched.runFor(SEC);
  assert.equal(l1.bridge().macTable('evi-40')[0].type, 'learnt');
  assert.equal(events.length, 2, 'no events after unsubscribe');
});

void test('static MACs and configuration errors: one line each, no throw', () => {
  const net = newNet(61);
  const sw = leaf(node(net, 'cfgsw'), '10.77.9.1');
  const q1 = hostOn(net, 'q1', '10.1.2.1/24', sw.node, 'p1');
  hostOn(net, 'q2', '10.1.2.2/24', sw.node, 'p2');
  sw.apply({
    macVrfs: [
      macVrf('m1', ['p1.0', 'p2.0'], { staticMacs: [{ mac: '02:00:00:00:AA:01', destination: 'p2.0' }, { mac: 'zz', destination: 'p1.0' }, { mac: '02:00:00:00:aa:02', destination: 'p9.0' }] }),
      macVrf('m2', ['p1.0'], { agingS: -1 }),
      macVrf('m3', ['p1.0']),
    ],
  });
  const rows = sw.host.show<MacTableRow>('bridge', 'macTable');
  assert.deepEqual(rows.map((r) => [r.macVrf, r.mac, r.type, r.destination]), [['m1', '02:00:00:00:aa:01', 'static', { kind: 'subinterface', name: 'p2.0' }]]);
  assert.deepEqual([...sw.bridge().errors].sort(), [
    "mac-vrf m1: static mac 'zz' is not a MAC address",
    'mac-vrf m1: static mac 02:00:00:00:aa:02: p9.0 is not an interface of the mac-vrf',
    'mac-vrf m2: aging -1 is not a whole number of seconds',
    'mac-vrf m3: p1.0 is already in mac-vrf m1',
  ].sort());
  // Removing the section stops the module and frees the ports back to the IP stack.
  assert.deepEqual(pingRun(net, q1.node, '10.1.2.2', 1), { ok: 1, lost: 0 });
  sw.host.apply(new Map());
  assert.equal(sw.host.instance('bridge'), undefined);
  assert.deepEqual(pingRun(net, q1.node, '10.1.2.2', 1), { ok: 0, lost: 1 });
});

void test('registration: vxlan, then bridge (which may use vxlan), before bgp', () => {
  const names = defaultProtocols().names();
  assert.ok(names.indexOf('vxlan') < names.indexOf('bridge') && names.indexOf('bridge') < names.indexOf('bgp'), names.join(' '));
  assert.deepEqual(defaultProtocols().get('bridge').mayNeed, ['vxlan']);
});

void test('a LAG port: frames re-entered on the LAG are bridged, sent through its transmitter; its carrier loss flushes its MACs', () => {
  const net = newNet(81);
  const sw = leaf(node(net, 'mh'), '10.77.8.1');
  // Two members towards one dual-attached host, emulating what the LACP module does for a LAG.
  const h = node(net, 'dual');
  const hp = [port(h, 'm0'), port(h, 'm1')];
  const bond = h.addIface('bond0', 'lag');
  const lag = sw.node.addIface('lag4', 'lag');
  const mem = [port(sw.node, 'e-1/5'), port(sw.node, 'e-1/6')];
  const links = [link(net, hp[0], mem[0]), link(net, hp[1], mem[1])];
  let carrier = true;
  const sent = [0, 0];
  for (const [agg, ms] of [[lag, mem], [bond, hp]] as const) {
    for (const m of ms) m.memberOf = agg;
    agg.carrier = () => carrier;
    let rr = 0;
    agg.transmitter = (f) => {
      const k = rr++ & 1;
      if (agg === lag) sent[k]++;
      ms[k].send(f);
    };
    agg.node.addL2Hook((p, f) => {
      if (p.memberOf !== agg) return false;
      agg.node.receiveFrame(agg, f);
      return true;
    });
  }
  bond.v4 = { addr: parseAddr('10.44.0.1')!, len: 24 };
  bond.adminUp = true;
  lag.adminUp = true;
  h.ifaceChanged(bond);
  sw.node.ifaceChanged(lag);
  const other = hostOn(net, 'single', '10.44.0.2/24', sw.node, 'e-1/7');
  sw.apply({ macVrfs: [macVrf('mv-lag', ['lag4.0', 'e-1/7.0'])] });
  const gone: string[] = [];
  sw.bridge().subscribe({ onLocalMacLearned: () => {}, onLocalMacAged: (_v, m) => gone.push(m) });
  assert.deepEqual(pingRun(net, h, '10.44.0.2', 3), { ok: 3, lost: 0 });
  assert.deepEqual(pingRun(net, other.node, '10.44.0.1', 2), { ok: 2, lost: 0 });
  const row = sw.bridge().macTable('mv-lag').find((e) => e.mac === macOf(bond.mac))!;
  assert.deepEqual(row.destination, { kind: 'subinterface', name: 'lag4.0' });
  assert.ok(sent[0] + sent[1] >= 5, 'the bridge sent through the LAG transmitter');
  assert.ok(links.every((l) => l.txFrames > 0), 'both member links carried frames');
  assert.ok(sw.bridge().portCounters('mv-lag')['lag4.0'].txFrames >= 5);
  // The LAG loses its carrier: the MAC learnt on it is flushed at once.
  carrier = false;
  sw.node.ifaceChanged(lag);
  assert.equal(sw.bridge().macTable('mv-lag').some((e) => e.mac === macOf(bond.mac)), false);
  assert.deepEqual(gone, [macOf(bond.mac)]);
  assert.equal(sw.host.show<MacTableRow>('bridge', 'macTable').length, 1);
  // Down, it takes no frames: the other host's broadcast is not sent to it.
  const before = sw.bridge().portCounters('mv-lag')['lag4.0'];
  bcast(other, 1);
  net.sched.runFor(SEC);
  assert.equal(sw.bridge().portCounters('mv-lag')['lag4.0'].txFrames, before.txFrames);
  assert.equal(sw.bridge().portCounters('mv-lag')['lag4.0'].drops, before.drops + 1);
  const mv = sw.host.show<MacVrfRow>('bridge', 'macVrfs')[0];
  assert.equal(mv.operUp, true, 'e-1/7.0 still up');
});

void test('a child subinterface on VLAN 0 is the untagged port; priority-tagged frames are bridged as untagged', () => {
  const net = newNet(91);
  const sw = leaf(node(net, 'pt'), '10.77.9.9');
  const a = hostOn(net, 'pa', '10.5.5.1/24', sw.node, 'bond2');
  const c0 = sw.node.addIface('bond2.0', 'ethernet', a.port, 0);
  c0.adminUp = true;
  sw.node.ifaceChanged(c0);
  const b = hostOn(net, 'pb', '10.5.5.2/24', sw.node, 'p9');
  sw.apply({ macVrfs: [macVrf('m0', ['bond2.0', 'p9.0'])] });
  const toA = tapFrom(a.link, 'pt');
  assert.deepEqual(pingRun(net, b.node, '10.5.5.1', 2), { ok: 2, lost: 0 });
  assert.ok(toA.length >= 3 && toA.every((f) => P.decodeEth(f)!.vlan === undefined));
  const toB = tapFrom(b.link, 'pt');
  a.iface.send(P.encodeEth({ dst: P.BROADCAST, src: Buffer.from('020000000a0a', 'hex'), vlan: 0, type: 0x88b5, payload: Buffer.alloc(46) }));
  net.sched.runFor(SEC);
  assert.equal(toB.length, 1);
  assert.equal(P.decodeEth(toB[0])!.vlan, undefined);
});

void test('a remote MAC on the ESI of a local segment (the ES peer\'s route) is forwarded to the local subinterface', () => {
  const { net, leaves, hosts } = threeLeaves(97);
  const [l1, l2, l3] = leaves;
  const esi = '00:45:45:45:45:45:45:45:45:01';
  const m2 = macOf(hosts[1].iface.mac);
  // lf-2 has cust2 on its ES but has not learnt it; lf-1 (the ES peer) advertised it with the ESI.
  l2.bridge().installRemoteMac('evi-40', m2, { esi, vteps: [l1.vtep] });
  l3.bridge().installRemoteMac('evi-40', m2, { vtep: l2.vtep });
  const toH2 = tapFrom(hosts[1].link, 'lf-2');
  const send = (tag: number) => {
    hosts[2].iface.send(P.encodeEth({ dst: hosts[1].iface.mac, src: hosts[2].iface.mac, type: 0x88b5, payload: Buffer.alloc(46, tag) }));
    net.sched.runFor(SEC);
  };
  send(1);
  assert.equal(toH2.length, 0, 'without the local ESI: a remote destination, not sent back to VXLAN');
  l2.bridge().setLocalEsi('svc.0', esi.toUpperCase());
  send(2);
  assert.equal(toH2.length, 1);
  assert.equal(P.decodeEth(toH2[0])!.payload[0], 2);
  const row = l2.host.show<MacTableRow>('bridge', 'macTable').find((r) => r.mac === m2)!;
  assert.deepEqual([row.type, row.destination.kind, row.active], ['evpn', 'esi', true]);
  // The local ES port down: nothing goes out of it, and frames from VXLAN are not sent back to VXLAN.
  const tx = () => l2.host.show<VxlanIfRow>('vxlan', 'interfaces')[0].txPackets;
  const before = tx();
  hosts[1].port.adminUp = false;
  l2.node.ifaceChanged(hosts[1].port);
  send(3);
  assert.equal(toH2.length, 1);
  assert.equal(tx(), before);
  l2.bridge().setLocalEsi('svc.0', undefined);
  assert.equal(l2.bridge().macTable('evi-40')[0].destination.kind, 'esi');
});
