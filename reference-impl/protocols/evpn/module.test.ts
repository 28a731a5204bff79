/**
 * The evpn module over real BGP sessions with the EVPN family (in-memory TCP, virtual time):
 * DF election, aliasing, mass withdrawal and the DF returning, with names and addresses other
 * than the document's (except the document's own DF example).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { buildFabric, dfOf } from './testlab';
import { fmtAddr } from '../../net/addr';
import type { DfChange } from './module';
import type { EvpnRxEvent } from '../bgp/process';

const ESI = '00:77:66:55:44:33:22:00:00:07';

void test('the document\'s DF: EVI 111 on a segment of 10.0.0.1 and 10.0.0.2 elects 10.0.0.2, over real iBGP EVPN sessions', () => {
  const f = buildFabric([
    { name: 'p1', ip: '10.0.0.1', onEs: true },
    { name: 'p2', ip: '10.0.0.2', onEs: true },
    { name: 'p3', ip: '10.0.0.3', onEs: false },
  ], { evis: [111] });
  f.sched.runFor(10 * SEC);
  for (const pe of Object.values(f.pes)) {
    for (const p of pe.bgp.peers()) {
      assert.equal(p.state, 'Established', `${pe.name} -> ${p.addr}`);
      assert.deepEqual(p.families, ['evpn']);
      assert.equal(p.localAs, 65100);
      assert.equal(p.ebgp, false);
    }
  }
  assert.equal(dfOf(f.pes.p1, 111), '10.0.0.2');
  assert.equal(dfOf(f.pes.p2, 111), '10.0.0.2');
  assert.equal(f.pes.p2.bridge.df.get('bd-111|bond7.0'), true);
  assert.equal(f.pes.p1.bridge.df.get('bd-111|bond7.0'), false);
  assert.deepEqual(f.pes.p1.bridge.peers.get('bond7.0'), ['10.0.0.2']);
  const seg = f.pes.p1.evpn.segments()[0];
  assert.deepEqual(seg.dfs[0].candidates, ['10.0.0.1', '10.0.0.2']);
  // The remote PE imports no type 4 (ES-import of a segment it does not have) but both PEs' A-D routes.
  const rx3 = f.pes.p3.bgp.evpnRows().filter((r) => r.direction === 'received');
  assert.equal(rx3.filter((r) => r.routeType === 4).length, 0);
  assert.equal(rx3.filter((r) => r.routeType === 1).length, 4);
  assert.deepEqual(rx3.filter((r) => r.routeType === 1).map((r) => r.tag).sort(), [0, 0, 4294967295, 4294967295]);
  // p2 imports p1's type 4 with the ES-import RT of the ESI.
  const t4 = f.pes.p2.bgp.evpnRows().filter((r) => r.direction === 'received' && r.routeType === 4);
  assert.deepEqual(t4.map((r) => [r.rd, r.esi, r.originator, r.nextHop]), [['10.0.0.1:0', ESI, '10.0.0.1', '10.0.0.1']]);
});

void test('three PEs on one segment, several EVIs: DF by V mod 3; a remote MAC aliases to all three; flood lists from type 3', () => {
  const f = buildFabric([
    { name: 'a', ip: '192.0.2.13', onEs: true },
    { name: 'b', ip: '192.0.2.11', onEs: true },
    { name: 'c', ip: '192.0.2.12', onEs: true },
    { name: 'r', ip: '192.0.2.40', onEs: false },
  ], { evis: [300, 301, 302] });
  f.sched.runFor(10 * SEC);
  const order = ['192.0.2.11', '192.0.2.12', '192.0.2.13'];
  for (const evi of [300, 301, 302]) for (const pe of ['a', 'b', 'c']) assert.equal(dfOf(f.pes[pe], evi), order[evi % 3], `EVI ${evi} on ${pe}`);
  f.pes.b.bridge.learn('bd-301', '02:aa:00:00:00:01', 'bond7.0');
  f.pes.r.bridge.learn('bd-301', '02:bb:00:00:00:02', 'eth9.0');
  f.sched.runFor(2 * SEC);
  assert.deepEqual(f.pes.r.bridge.remote.get('bd-301|02:aa:00:00:00:01'), { esi: ESI, vteps: order });
  // A MAC behind no segment points at its VTEP.
  assert.deepEqual(f.pes.a.bridge.remote.get('bd-301|02:bb:00:00:00:02'), { vtep: '192.0.2.40' });
  assert.deepEqual(f.pes.r.bridge.flood.get('bd-300'), order);
  assert.deepEqual(f.pes.a.bridge.flood.get('bd-302'), ['192.0.2.11', '192.0.2.12', '192.0.2.40']);
  // The type 2 route carries the ESI and the MAC-VRF's VNI; RTs are target:<local-as>:<evi>.
  const t2 = f.pes.r.bgp.evpnRows().find((x) => x.direction === 'received' && x.routeType === 2 && x.mac === '02:aa:00:00:00:01')!;
  assert.equal(t2.esi, ESI);
  assert.equal(t2.vni, 5301);
  assert.deepEqual(t2.rts, ['target:65100:301']);
  assert.equal(t2.rd, '192.0.2.11:301');
  // ecmp limits aliasing.
  const g = buildFabric([
    { name: 'a', ip: '192.0.2.13', onEs: true },
    { name: 'b', ip: '192.0.2.11', onEs: true },
    { name: 'c', ip: '192.0.2.12', onEs: true },
    { name: 'r', ip: '192.0.2.40', onEs: false },
  ], { evis: [301], ecmp: 2 });
  g.sched.runFor(10 * SEC);
  g.pes.b.bridge.learn('bd-301', '02:aa:00:00:00:01', 'bond7.0');
  g.sched.runFor(2 * SEC);
  assert.deepEqual(g.pes.r.bridge.remote.get('bd-301|02:aa:00:00:00:01'), { esi: ESI, vteps: ['192.0.2.11', '192.0.2.12'] });
});

void test('a PE\'s ES link fails: its type 4 and 1 are withdrawn, the DF moves, remote aliasing shrinks before any type 2 withdrawal; back: the DF returns', () => {
  const f = buildFabric([
    { name: 'x', ip: '198.51.100.1', onEs: true },
    { name: 'y', ip: '198.51.100.2', onEs: true },
    { name: 'z', ip: '198.51.100.9', onEs: false },
  ], { evis: [111, 222], mrai: 1 });
  const changes: DfChange[] = [];
  f.pes.x.evpn.onDfChange((c) => changes.push(c));
  f.sched.runFor(10 * SEC);
  assert.equal(dfOf(f.pes.x, 111), '198.51.100.2');
  assert.equal(dfOf(f.pes.x, 222), '198.51.100.1');
  // ce's MAC hashed to both PEs (as the document's ce1), another MAC only to y.
  f.pes.x.bridge.learn('bd-111', '02:cc:00:00:00:01', 'bond7.0');
  f.pes.y.bridge.learn('bd-111', '02:cc:00:00:00:01', 'bond7.0');
  f.pes.y.bridge.learn('bd-111', '02:cc:00:00:00:02', 'bond7.0');
  f.sched.runFor(3 * SEC);
  const zb = f.pes.z.bridge;
  assert.deepEqual(zb.remote.get('bd-111|02:cc:00:00:00:01'), { esi: ESI, vteps: ['198.51.100.1', '198.51.100.2'] });
  assert.deepEqual(zb.remote.get('bd-111|02:cc:00:00:00:02'), { esi: ESI, vteps: ['198.51.100.1', '198.51.100.2'] });
  const rxEvents: EvpnRxEvent[] = [];
  f.pes.z.bgp.onEvpnRx((e) => rxEvents.push(e));
  zb.calls = [];
  changes.length = 0;
  const t0 = f.sched.now;
  f.pes.y.setEsLink(false);
  assert.ok(f.sched.runUntilCondition(() => dfOf(f.pes.x, 111) === '198.51.100.1', t0 + 10 * SEC), 'x becomes DF of EVI 111');
  f.sched.runFor(3 * SEC);
  assert.equal(f.pes.y.evpn.segments()[0].operUp, false);
  assert.equal(f.pes.y.bridge.localEsi.get('bond7.0'), undefined, 'the segment is down on y');
  assert.equal(f.pes.x.bridge.localEsi.get('bond7.0'), ESI);
  // y's type 4 and both type 1 are gone from x and z.
  const fromY = (pe: string, t: number) => f.pes[pe].bgp.evpnRows().filter((r) => r.direction === 'received' && r.peer === '198.51.100.2' && r.routeType === t);
  assert.equal(fromY('x', 4).length, 0);
  assert.equal(fromY('z', 1).length, 0);
  assert.equal(fromY('x', 3).length, 2, 'type 3 stays: y still serves the EVIs');
  // Mass withdrawal: z hears y's per-ES route withdrawn before the MAC route, and re-resolves both MACs to x alone.
  const iPerEs = rxEvents.findIndex((e) => e.kind === 'withdraw' && e.route.type === 1 && e.route.tag === 0xffffffff && e.route.rd === '198.51.100.2:111');
  const iMac = rxEvents.findIndex((e) => e.kind === 'withdraw' && e.route.type === 2);
  assert.ok(iPerEs >= 0 && iMac > iPerEs, `per-ES withdrawal (${iPerEs}) before type 2 (${iMac})`);
  assert.deepEqual(zb.remote.get('bd-111|02:cc:00:00:00:01'), { esi: ESI, vteps: ['198.51.100.1'] });
  assert.ok(zb.calls.includes(`install bd-111 02:cc:00:00:00:01 esi:${ESI}=198.51.100.1`), zb.calls.join('\n'));
  assert.ok(!zb.calls.includes('withdraw bd-111 02:cc:00:00:00:01'), 'the MAC x still advertises stays');
  assert.ok(zb.calls.includes('withdraw bd-111 02:cc:00:00:00:02'), 'the MAC only y had goes with its type 2');
  const dfMove = changes.find((c) => c.macVrf === 'bd-111' && c.after === '198.51.100.1')!;
  assert.ok(dfMove, JSON.stringify(changes));
  assert.equal(dfMove.before, '198.51.100.2');
  assert.equal(dfMove.localDf, true);
  assert.ok(dfMove.time - t0 < 2 * SEC, `DF change ${(dfMove.time - t0) / 1000} ms after the link event`);
  assert.equal(dfOf(f.pes.x, 222), '198.51.100.1');
  // Link back: after the activation timer (3 s) the DF of EVI 111 returns to y.
  changes.length = 0;
  f.pes.y.setEsLink(true);
  f.sched.runFor(1 * SEC);
  assert.equal(dfOf(f.pes.y, 111), undefined, 'y waits for its activation timer');
  f.sched.runFor(8 * SEC);
  assert.equal(dfOf(f.pes.x, 111), '198.51.100.2');
  assert.equal(dfOf(f.pes.y, 111), '198.51.100.2');
  assert.equal(dfOf(f.pes.y, 222), '198.51.100.1');
  assert.ok(changes.some((c) => c.macVrf === 'bd-111' && c.after === '198.51.100.2' && !c.localDf));
});

void test('the session going down withdraws everything learnt from it; the engine follows', () => {
  const f = buildFabric([
    { name: 'x', ip: '198.51.100.1', onEs: true },
    { name: 'y', ip: '198.51.100.2', onEs: true },
  ], { evis: [7] });
  f.sched.runFor(10 * SEC);
  assert.deepEqual(f.pes.x.evpn.segments()[0].dfs[0].candidates, ['198.51.100.1', '198.51.100.2']);
  f.pes.y.bgp.stop();
  f.sched.runFor(2 * SEC);
  assert.equal(f.pes.x.bgp.evpnRows().filter((r) => r.direction === 'received').length, 0);
  assert.equal(dfOf(f.pes.x, 7), '198.51.100.1');
  assert.deepEqual(f.pes.x.bridge.flood.get('bd-7'), []);
});

void test('single-active segment: the ESI label says so, the remote PE uses the lowest PE as primary, the others as backup', () => {
  const f = buildFabric([
    { name: 'x', ip: '198.51.100.1', onEs: true },
    { name: 'y', ip: '198.51.100.2', onEs: true },
    { name: 'z', ip: '198.51.100.9', onEs: false },
  ], { evis: [5], mode: 'single-active' });
  f.sched.runFor(10 * SEC);
  f.pes.y.bridge.learn('bd-5', '02:dd:00:00:00:01', 'bond7.0');
  f.sched.runFor(2 * SEC);
  assert.deepEqual(f.pes.z.bridge.remote.get('bd-5|02:dd:00:00:00:01'), { esi: ESI, vteps: ['198.51.100.1'] });
  const perEs = f.pes.z.bgp.evpnPaths().filter((p) => p.route.type === 1 && p.route.tag === 0xffffffff);
  assert.equal(perEs.length, 2);
  assert.ok(perEs.every((p) => p.singleActive === true));
  assert.deepEqual(f.pes.z.evpn.engine.resolveEsi('bd-5', ESI), { active: ['198.51.100.1'], backup: ['198.51.100.2'], esi: ESI });
});

void test('a new BGP process (new AS) on a PE: the module re-attaches to it and the fabric converges again', async () => {
  const { BgpProcess } = await import('../bgp/process');
  const { newBgpConfig } = await import('../bgp/config');
  const { FakeMpls } = await import('../bgp/testing');
  const f = buildFabric([
    { name: 'x', ip: '198.51.100.1', onEs: true },
    { name: 'y', ip: '198.51.100.2', onEs: true },
  ], { evis: [9] });
  f.sched.runFor(10 * SEC);
  assert.equal(dfOf(f.pes.x, 9), '198.51.100.2');
  const x = f.pes.x;
  const c = newBgpConfig(64444);
  c.routerId = x.ip;
  c.peers.push({ addr: '198.51.100.2', remoteAs: 65100, localAs: 65100, localAddress: x.ip });
  c.evpn.enabled.add('198.51.100.2');
  x.bgp.stop();
  const nb = new BgpProcess(x.node, c, { tcp: x.net.stack(x.node), mpls: new FakeMpls() });
  x.bgp = nb;
  nb.start();
  f.sched.runFor(60 * SEC);
  assert.equal(nb.peers()[0].state, 'Established');
  assert.ok(nb.evpnRows().some((r) => r.direction === 'local' && r.routeType === 4), 'x originates again through the new process');
  assert.deepEqual(f.pes.y.evpn.segments()[0].dfs[0].candidates, ['198.51.100.1', '198.51.100.2']);
  assert.equal(dfOf(f.pes.x, 9), '198.51.100.2');
});

void test('MAC mobility (RFC 7432 s15): a MAC moving between single-homed ports goes out with sequence + 1, the old PE withdraws; ES peers do not count as a move', () => {
  const f = buildFabric([
    { name: 'p', ip: '203.0.113.11', onEs: true },
    { name: 'q', ip: '203.0.113.12', onEs: true },
    { name: 'r', ip: '203.0.113.20', onEs: false },
  ], { evis: [400], mrai: 1 });
  f.sched.runFor(10 * SEC);
  const MAC = '02:ab:cd:00:04:01';
  /** `pe`'s best imported type 2 paths for MAC: originator (next hop) and sequence (undefined: no community). */
  const seen = (pe: string) => f.pes[pe].bgp.evpnPaths().filter((x) => x.route.type === 2 && x.route.mac === MAC)
    .map((x) => [fmtAddr(x.nextHop), x.macMobility?.seq]).sort();
  // Learnt on r's single-homed port: advertised without the community (sequence 0).
  f.pes.r.bridge.learn('bd-400', MAC, 'eth5.0');
  f.sched.runFor(3 * SEC);
  assert.deepEqual(seen('p'), [['203.0.113.20', undefined]]);
  // The host moves behind p's single-homed port: p advertises sequence 1, r sees the higher one and withdraws its own.
  f.pes.p.bridge.learn('bd-400', MAC, 'eth6.0');
  f.sched.runFor(3 * SEC);
  assert.deepEqual(seen('r'), [['203.0.113.11', 1]]);
  assert.deepEqual(seen('q'), [['203.0.113.11', 1]], 'r\'s route withdrawn: only p\'s left');
  assert.deepEqual(f.pes.r.bridge.remote.get(`bd-400|${MAC}`), { vtep: '203.0.113.11' }, 'r forwards to p now');
  // And back to r: sequence 2, p withdraws.
  f.pes.r.bridge.learn('bd-400', MAC, 'eth5.0');
  f.sched.runFor(3 * SEC);
  assert.deepEqual(seen('p'), [['203.0.113.20', 2]]);
  assert.deepEqual(seen('q'), [['203.0.113.20', 2]]);
  assert.deepEqual(f.pes.p.bridge.remote.get(`bd-400|${MAC}`), { vtep: '203.0.113.20' });
  // A multihomed host learnt on the segment by both ES peers: the same ESI, not a move: no community, both routes stay.
  const CE = '02:ab:cd:00:04:02';
  f.pes.p.bridge.learn('bd-400', CE, 'bond7.0');
  f.sched.runFor(3 * SEC);
  f.pes.q.bridge.learn('bd-400', CE, 'bond7.0');
  f.sched.runFor(3 * SEC);
  const ce = f.pes.r.bgp.evpnPaths().filter((x) => x.route.type === 2 && x.route.mac === CE).map((x) => [fmtAddr(x.nextHop), x.macMobility?.seq]).sort();
  assert.deepEqual(ce, [['203.0.113.11', undefined], ['203.0.113.12', undefined]]);
});

void test('MAC mobility: equal sequence numbers from two attachments: the lower originator address keeps the MAC', () => {
  const f = buildFabric([
    { name: 'lo', ip: '203.0.113.31', onEs: false },
    { name: 'hi', ip: '203.0.113.32', onEs: false },
  ], { evis: [400], mrai: 1 });
  f.sched.runFor(10 * SEC);
  const MAC = '02:ab:cd:00:04:09';
  // Learnt on both in the same instant (neither had the other's route yet): both sequence 0.
  f.pes.lo.bridge.learn('bd-400', MAC, 'eth5.0');
  f.pes.hi.bridge.learn('bd-400', MAC, 'eth5.0');
  f.sched.runFor(3 * SEC);
  const adv = (pe: string) => f.pes[pe].bgp.evpnRows().filter((r) => r.direction === 'advertised' && r.routeType === 2 && r.mac === MAC).length;
  assert.equal(adv('lo'), 1, 'the lower address keeps advertising');
  assert.equal(adv('hi'), 0, 'the higher one yields');
  assert.deepEqual(f.pes.hi.bridge.remote.get(`bd-400|${MAC}`), { vtep: '203.0.113.31' });
});
