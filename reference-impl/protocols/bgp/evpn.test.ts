/**
 * The L2VPN EVPN family of the BGP speaker: UPDATEs on the wire (encode/decode round trip with
 * every EVPN community and the PMSI attribute), the Adj-RIB-Out's withdrawal order, and between
 * processes: the capability, local-as, a peer without IPv4 unicast, iBGP non-re-advertisement,
 * eBGP re-advertisement, best path per NLRI and the minimum advertisement interval.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler, SEC } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { parseIPv4, parsePrefix } from '../../net/addr';
import type { Route } from '../../net/rib';
import { MsgType, UpdateMsg, decodeMsg, encodeMsg } from './packet';
import { AFI_L2VPN, MAX_ET, SAFI_EVPN, decodeEvpnExtComm, type EvpnRoute } from './evpn-nlri';
import { EvpnAdjOut, TUNNEL_VXLAN, evpnAttrsOf, localAttrs, type EvpnLocal, type EvpnOut } from './evpn-rib';
import { newBgpConfig, type BgpPeerConfig } from './config';
import { BgpProcess } from './process';
import { FakeMpls, MemNet } from './testing';

const ESI = '00:12:34:56:78:9a:bc:00:00:02';
const vtep = parseIPv4('203.0.113.5')!;

function out(l: EvpnLocal): EvpnOut {
  return { route: l.route, nextHop: vtep, origin: 0, asPath: [], localPref: 100, ...localAttrs(l, vtep) };
}

void test('EVPN UPDATEs round-trip on the wire: MP_REACH with the NLRI, RTs, ESI label, ES-import, MAC mobility, VXLAN encapsulation, PMSI', () => {
  const routes: EvpnLocal[] = [
    { route: { type: 1, rd: '203.0.113.5:0', esi: ESI, tag: MAX_ET, label: 0 }, rts: ['target:64512:10', 'target:64512:20'], singleActive: true },
    { route: { type: 1, rd: '203.0.113.5:10', esi: ESI, tag: 0, label: 7010 }, rts: ['target:64512:10'] },
    { route: { type: 2, rd: '203.0.113.5:10', esi: ESI, tag: 0, mac: '02:de:ad:be:ef:01', label: 7010 }, rts: ['target:64512:10'], macMobility: { seq: 3, sticky: false } },
    { route: { type: 3, rd: '203.0.113.5:10', tag: 0, origIp: '203.0.113.5' }, rts: ['target:64512:10'], pmsiVni: 7010 },
    { route: { type: 4, rd: '203.0.113.5:0', esi: ESI, origIp: '203.0.113.5' }, rts: [] },
  ];
  const adj = new EvpnAdjOut();
  const msgs = adj.diff(routes.map(out));
  assert.equal(msgs.length, 5);
  for (const [i, m] of msgs.entries()) {
    const back = decodeMsg(encodeMsg(m, { as4: true }), { as4: true }) as UpdateMsg;
    assert.equal(back.type, MsgType.UPDATE);
    assert.equal(back.mpReach?.afi, AFI_L2VPN);
    assert.equal(back.mpReach?.safi, SAFI_EVPN);
    assert.equal(back.mpReach?.nextHop.v, vtep.v);
    assert.deepEqual(back.mpReach?.evpn, [routes[i].route]);
    const ev = evpnAttrsOf(back.attrs);
    assert.deepEqual(ev.rts, routes[i].rts);
    const t = routes[i].route.type;
    assert.deepEqual(ev.encap, t === 4 ? [] : [TUNNEL_VXLAN]);
    if (i === 0) assert.equal(ev.singleActive, true);
    else assert.equal(ev.singleActive, undefined);
    if (t === 4) assert.equal(ev.esImport, '12:34:56:78:9a:bc');
    if (t === 2) assert.deepEqual(ev.macMobility, { seq: 3, sticky: false });
    if (t === 3) assert.deepEqual(back.attrs.pmsi, { flags: 0, tunnelType: 6, label: 7010, endpoint: '203.0.113.5' });
    else assert.equal(back.attrs.pmsi, undefined);
  }
  // The ESI label community of the per-ES route: type 0x06, sub-type 0x01, flags bit 0, label 0.
  const esiLabel = (msgs[0].attrs.extComms ?? []).map(decodeEvpnExtComm).find((c) => c?.kind === 'esi-label');
  assert.deepEqual(esiLabel, { kind: 'esi-label', singleActive: true, label: 0 });
  // Unchanged: nothing to send. Withdrawn: MP_UNREACH, the per-ES route alone and first.
  assert.equal(adj.diff(routes.map(out)).length, 0);
  const w = adj.diff([]);
  assert.equal(w.length, 2);
  const wb = w.map((m) => decodeMsg(encodeMsg(m, { as4: true }), { as4: true }) as UpdateMsg);
  assert.deepEqual(wb[0].mpUnreach?.evpn, [routes[0].route]);
  assert.deepEqual(wb[1].mpUnreach?.evpn?.map((r: EvpnRoute) => r.type), [4, 1, 2, 3]);
  assert.equal(wb[0].mpReach, undefined);
});

interface Spk {
  node: Node;
  bgp: BgpProcess;
}

/** Speakers on loopbacks, each reaching the others (static underlay), sessions as given. */
function speakers(specs: Array<{ name: string; ip: string; asn: number; peers: BgpPeerConfig[]; evpn?: string[]; ipv4?: string[]; redistribute?: boolean }>) {
  const sched = new Scheduler();
  const rng = new Random(5);
  const net = new MemNet(sched);
  const out: Record<string, Spk> = {};
  specs.forEach((s, k) => {
    const node = new Node(s.name, k + 1, sched, rng.fork(s.name));
    const lo = node.addIface('system0', 'loopback');
    lo.adminUp = true;
    lo.v4 = { addr: parseIPv4(s.ip)!, len: 32 };
    const up = node.addIface('uplink1', 'ethernet');
    up.adminUp = true;
    up.v4 = { addr: parseIPv4(`172.30.${k}.1`)!, len: 30 };
    node.refreshConnected();
    const routes: Route[] = specs.filter((x) => x !== s).map((x) => ({
      prefix: parsePrefix(`${x.ip}/32`)!, code: 'S', distance: 5, metric: 0, paths: [{ iface: up, nextHop: parseIPv4(`172.30.${k}.2`)! }], since: 0, source: 'static',
    }));
    node.vrf('').rib[4].setSource('static', routes, 0);
    const c = newBgpConfig(s.asn);
    c.routerId = s.ip;
    c.peers = s.peers.map((p) => ({ localAddress: s.ip, ...p }));
    for (const a of s.evpn ?? s.peers.map((p) => p.addr)) c.evpn.enabled.add(a);
    for (const a of s.ipv4 ?? []) c.ipv4.enabled.add(a);
    if (s.redistribute) c.ipv4.redistribute = ['direct'];
    const bgp = new BgpProcess(node, c, { tcp: net.stack(node), mpls: new FakeMpls() });
    bgp.start();
    out[s.name] = { node, bgp };
  });
  return { sched, net, s: out };
}

const imet = (ip: string, evi: number): EvpnLocal => ({ route: { type: 3, rd: `${ip}:${evi}`, tag: 0, origIp: ip }, rts: [`target:64999:${evi}`], pmsiVni: evi });

void test('local-as: OPEN and AS_PATH use it, iBGP by local-as; IPv4 unicast disabled sends no IPv4; the EVPN capability only when enabled', () => {
  const { sched, s } = speakers([
    { name: 'L1', ip: '192.0.2.101', asn: 64601, peers: [{ addr: '192.0.2.102', remoteAs: 64999, localAs: 64999, group: 'ov' }], redistribute: true },
    { name: 'L2', ip: '192.0.2.102', asn: 64602, peers: [{ addr: '192.0.2.101', remoteAs: 64999, localAs: 64999 }], redistribute: true },
  ]);
  sched.runFor(10 * SEC);
  const p = s.L1.bgp.peers()[0];
  assert.equal(p.state, 'Established');
  assert.deepEqual(p.families, ['evpn']);
  assert.equal(p.localAs, 64999);
  assert.equal(p.ebgp, false);
  assert.equal(p.group, 'ov');
  // L2 saw L1's OPEN: Multiprotocol (once, for 25/70), route refresh, AS4.
  assert.deepEqual(s.L2.bgp.peerCapabilities('', '192.0.2.101'), [1, 128, 2, 65]);
  // Redistributed connected routes are not sent: IPv4 is not enabled on the session.
  assert.equal(p.prefRcv.ipv4, 0);
  assert.equal(s.L2.bgp.peers()[0].prefRcv.ipv4, 0);
  s.L1.bgp.setEvpnLocal([imet('192.0.2.101', 10)]);
  sched.runFor(1 * SEC);
  const rx = s.L2.bgp.evpnRows().filter((r) => r.direction === 'received');
  assert.equal(rx.length, 1);
  assert.deepEqual(rx[0].asPath, []);
  assert.equal(rx[0].localPref, 100);
  assert.equal(rx[0].vni, 10);
  assert.equal(rx[0].best, true);
  // An import policy that refuses the RT hides it.
  s.L2.bgp.setEvpnImport(({ rts }) => rts.includes('target:64999:99'));
  sched.runFor(1 * SEC);
  assert.equal(s.L2.bgp.evpnRows().filter((r) => r.direction === 'received').length, 0);
  assert.equal(s.L2.bgp.evpnPaths().length, 0);
});

void test('iBGP-learned EVPN routes are not re-advertised to iBGP peers; an eBGP peer gets them with the AS prepended and the VTEP kept', () => {
  const { sched, s } = speakers([
    { name: 'A', ip: '192.0.2.1', asn: 64700, peers: [{ addr: '192.0.2.2', remoteAs: 64700 }] },
    { name: 'B', ip: '192.0.2.2', asn: 64700, peers: [{ addr: '192.0.2.1', remoteAs: 64700 }, { addr: '192.0.2.3', remoteAs: 64700 }, { addr: '192.0.2.4', remoteAs: 64800 }] },
    { name: 'C', ip: '192.0.2.3', asn: 64700, peers: [{ addr: '192.0.2.2', remoteAs: 64700 }] },
    { name: 'D', ip: '192.0.2.4', asn: 64800, peers: [{ addr: '192.0.2.2', remoteAs: 64700, ebgpMaxHop: 2 }] },
  ]);
  sched.runFor(10 * SEC);
  for (const n of ['A', 'B', 'C', 'D']) for (const p of s[n].bgp.peers()) assert.equal(p.state, 'Established', `${n} ${p.addr}`);
  s.A.bgp.setEvpnLocal([imet('192.0.2.1', 5)]);
  sched.runFor(2 * SEC);
  assert.equal(s.B.bgp.evpnPaths().length, 1);
  assert.equal(s.C.bgp.evpnPaths().length, 0, 'iBGP to iBGP: not re-advertised (full mesh expected)');
  const d = s.D.bgp.evpnRows().filter((r) => r.direction === 'received');
  assert.equal(d.length, 1);
  assert.deepEqual(d[0].asPath, [64700]);
  assert.equal(d[0].nextHop, '192.0.2.1');
  assert.equal(d[0].localPref, undefined);
  // Withdrawn at A: gone at B and D.
  s.A.bgp.setEvpnLocal([]);
  sched.runFor(2 * SEC);
  assert.equal(s.B.bgp.evpnPaths().length, 0);
  assert.equal(s.D.bgp.evpnPaths().length, 0);
});

void test('best path per NLRI key: the same route from two peers, one best; an unresolvable next hop is not valid', () => {
  const { sched, s } = speakers([
    { name: 'A', ip: '192.0.2.1', asn: 64700, peers: [{ addr: '192.0.2.3', remoteAs: 64900, ebgpMaxHop: 2 }] },
    { name: 'B', ip: '192.0.2.2', asn: 64800, peers: [{ addr: '192.0.2.3', remoteAs: 64900, ebgpMaxHop: 2 }] },
    { name: 'C', ip: '192.0.2.3', asn: 64900, peers: [{ addr: '192.0.2.1', remoteAs: 64700, ebgpMaxHop: 2 }, { addr: '192.0.2.2', remoteAs: 64800, ebgpMaxHop: 2 }] },
  ]);
  sched.runFor(10 * SEC);
  // Both originate the same NLRI (same RD): C keeps both paths and picks one.
  const same: EvpnLocal = { route: { type: 4, rd: '192.0.2.9:0', esi: ESI, origIp: '192.0.2.9' }, rts: [] };
  s.A.bgp.setEvpnLocal([same]);
  s.B.bgp.setEvpnLocal([same]);
  sched.runFor(2 * SEC);
  const rx = s.C.bgp.evpnRows().filter((r) => r.direction === 'received');
  assert.equal(rx.length, 2);
  assert.equal(rx.filter((r) => r.best).length, 1);
  assert.equal(rx.find((r) => r.best)!.peer, '192.0.2.1', 'lowest router id');
  assert.equal(s.C.bgp.evpnPaths().length, 1);
  // A's next hop becomes unreachable at C: B's path is the best now.
  s.C.node.vrf('').rib[4].setSource('static', s.C.node.vrf('').rib[4].sourceRoutes('static').filter((r) => r.prefix.net !== parseIPv4('192.0.2.1')!.v), sched.now);
  s.A.bgp.setEvpnLocal([{ ...same }]);
  sched.runFor(1 * SEC);
  const rx2 = s.C.bgp.evpnRows().filter((r) => r.direction === 'received');
  assert.equal(rx2.find((r) => r.peer === '192.0.2.1')?.valid, false);
  assert.equal(rx2.find((r) => r.best)?.peer, '192.0.2.2');
});

void test('minimum-advertisement-interval: changes within the interval wait and go out together', () => {
  const { sched, s } = speakers([
    { name: 'A', ip: '192.0.2.1', asn: 64700, peers: [{ addr: '192.0.2.2', remoteAs: 64700, minAdvIntervalSec: 2 }] },
    { name: 'B', ip: '192.0.2.2', asn: 64700, peers: [{ addr: '192.0.2.1', remoteAs: 64700 }] },
  ]);
  sched.runFor(10 * SEC);
  s.A.bgp.setEvpnLocal([imet('192.0.2.1', 1)]);
  sched.runFor(100_000);
  assert.equal(s.B.bgp.evpnPaths().length, 1, 'the first change goes at once');
  s.A.bgp.setEvpnLocal([imet('192.0.2.1', 1), imet('192.0.2.1', 2)]);
  sched.runFor(1 * SEC);
  assert.equal(s.B.bgp.evpnPaths().length, 1, 'held by the interval');
  sched.runFor(1 * SEC);
  assert.equal(s.B.bgp.evpnPaths().length, 2, 'sent when the interval expires');
});
