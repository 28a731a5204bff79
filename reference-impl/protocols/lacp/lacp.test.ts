/**
 * LACP on the simulated network, in virtual time: two nodes with a two-member LAG (sync, timers,
 * partner fields, member and LAG failure, flows moving), passive/active combinations, mismatched
 * keys, IP over the LAG with both members carrying flows, the flow hashes, malformed LACPDUs, the
 * module through ProtocolHost, and the multihoming shape (one bond to two nodes sharing a system
 * id and key).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SEC, MS } from '../../sim/scheduler';
import { parseAddr } from '../../net/addr';
import * as P from '../../net/packet';
import { ping, type ProbeResult } from '../../net/tools';
import type { Iface } from '../../net/iface';
import { defaultProtocols } from '../index';
import type { LacpLagRow, LacpMemberRow } from '../l2-rows';
import type { LacpEngine, LacpCounterRow } from './engine';
import { flowHash } from './engine';
import { lacpduFrame, ST } from './packet';
import { lacpModule, type LacpInstance } from './module';
import { lacpNet, lagCfg, type LacpNet } from './testnet';
import type { LacpLagConfig } from './config';

const SYS_A = '02:0a:0a:00:00:01';
const SYS_B = '02:0b:0b:00:00:02';

function member(e: LacpEngine, name: string): LacpMemberRow {
  const r = e.memberRows().find((m) => m.member === name);
  assert.ok(r, `no member ${name}`);
  return r;
}
function lagRow(e: LacpEngine, name: string): LacpLagRow {
  const r = e.lagRows().find((l) => l.lag === name);
  assert.ok(r, `no lag ${name}`);
  return r;
}
function counters(e: LacpEngine, name: string): LacpCounterRow {
  return e.counterRows().find((m) => m.member === name)!;
}

/** sw-a agg7 {p1,p2} === sw-b po3 {q1,q2}. */
function pair(o: { a?: Partial<LacpLagConfig>; b?: Partial<LacpLagConfig>; addr?: boolean } = {}) {
  const n = lacpNet();
  const p1 = n.port('sw-a', 'p1');
  const p2 = n.port('sw-a', 'p2');
  const q1 = n.port('sw-b', 'q1');
  const q2 = n.port('sw-b', 'q2');
  const agg = n.lag('sw-a', 'agg7', o.addr ? '172.31.9.1/29' : undefined);
  const po = n.lag('sw-b', 'po3', o.addr ? '172.31.9.2/29' : undefined);
  const l1 = n.connect(p1, q1);
  const l2 = n.connect(p2, q2);
  const ea = n.engine('sw-a', [lagCfg('agg7', ['p1', 'p2'], { systemId: SYS_A, adminKey: 7, systemPriority: 100, ...o.a })]);
  const eb = n.engine('sw-b', [lagCfg('po3', ['q1', 'q2'], { systemId: SYS_B, adminKey: 3, ...o.b })]);
  return { n, p1, p2, q1, q2, agg, po, l1, l2, ea, eb };
}

const distributing = (e: LacpEngine, ...names: string[]) => names.every((x) => member(e, x).distributing);

void test('two active slow LAGs sync after the aggregate wait, with the right partner fields', () => {
  const { n, ea, eb, agg, po } = pair();
  assert.equal(agg.up, false, 'no carrier before LACP runs');
  n.sched.runFor(1900 * MS);
  assert.equal(member(ea, 'p1').distributing, false, 'WAITING holds the port for Aggregate_Wait_Time (2 s)');
  assert.ok(n.sched.runUntilCondition(() => distributing(ea, 'p1', 'p2') && distributing(eb, 'q1', 'q2'), 3 * SEC), 'synced within 3 s');
  n.sched.runFor(5 * SEC);
  assert.equal(agg.up, true);
  assert.equal(po.up, true);
  const a1 = member(ea, 'p1');
  const a2 = member(ea, 'p2');
  assert.deepEqual(
    { partnerId: a1.partnerId, partnerKey: a1.partnerKey, partnerPriority: a1.partnerPriority, portNo: a1.portNo, partnerPortNo: a1.partnerPortNo },
    { partnerId: SYS_B, partnerKey: 3, partnerPriority: 32768, portNo: 1, partnerPortNo: 1 },
  );
  assert.equal(a2.portNo, 2);
  assert.equal(a2.partnerPortNo, 2);
  const b1 = member(eb, 'q1');
  assert.equal(b1.partnerId, SYS_A);
  assert.equal(b1.partnerKey, 7);
  assert.equal(b1.partnerPriority, 100);
  assert.deepEqual(
    { inSync: b1.inSync, collecting: b1.collecting, distributing: b1.distributing, aggregation: b1.aggregation, defaulted: b1.defaulted, expired: b1.expired, activity: b1.activity, timeout: b1.timeout, operKey: b1.operKey, systemId: b1.systemId },
    { inSync: true, collecting: true, distributing: true, aggregation: true, defaulted: false, expired: false, activity: 'active', timeout: 'long', operKey: 3, systemId: SYS_B },
  );
  // Linux's /proc/net/bonding `port state: 61` = activity, aggregation, sync, collecting, distributing.
  assert.deepEqual([counters(ea, 'p1').actorState, counters(ea, 'p1').partnerState, counters(ea, 'p2').aggregatorId], [61, 61, 1]);
  const l = lagRow(ea, 'agg7');
  assert.deepEqual({ ...l, lastChange: 0 }, { lag: 'agg7', operUp: true, interval: 'slow', mode: 'active', systemId: SYS_A, systemPriority: 100, adminKey: 7, members: ['p1', 'p2'], minLinks: 1, lastChange: 0 });
  assert.ok(l.lastChange >= 2 * SEC && l.lastChange < 3 * SEC, `lastChange ${l.lastChange}`);
});

void test('periodic transmission: 30 s slow, 1 s fast (the partner\'s timeout sets the rate)', () => {
  const slow = pair();
  slow.n.sched.runFor(10 * SEC);
  const s0 = member(slow.ea, 'p1').txLacpdu;
  slow.n.sched.runFor(120 * SEC);
  assert.equal(member(slow.ea, 'p1').txLacpdu - s0, 4, 'four slow periodic LACPDUs in 120 s');
  assert.equal(member(slow.eb, 'q1').rxLacpdu, member(slow.ea, 'p1').txLacpdu, 'sw-b received every LACPDU sw-a sent on that link');

  const fast = pair({ a: { interval: 'fast' }, b: { interval: 'fast' } });
  fast.n.sched.runFor(10 * SEC);
  const f0 = member(fast.ea, 'p1').txLacpdu;
  fast.n.sched.runFor(20 * SEC);
  assert.equal(member(fast.ea, 'p1').txLacpdu - f0, 20, 'one fast periodic LACPDU a second');
  assert.equal(member(fast.ea, 'p1').timeout, 'short');

  // Only sw-b asks for short timeouts: sw-a sends fast, sw-b (partner long) sends slow.
  const mixed = pair({ b: { interval: 'fast' } });
  mixed.n.sched.runFor(10 * SEC);
  const ma = member(mixed.ea, 'p1').txLacpdu;
  const mb = member(mixed.eb, 'q1').txLacpdu;
  mixed.n.sched.runFor(60 * SEC);
  assert.equal(member(mixed.ea, 'p1').txLacpdu - ma, 60);
  assert.equal(member(mixed.eb, 'q1').txLacpdu - mb, 2);
});

void test('lost LACPDUs: current_while expires 90 s (slow) / 3 s (fast) after the last one, then the member is defaulted', () => {
  /** Run until `name` of `e` expires; the time from its last LACPDU. */
  const expiry = (net: LacpNet, e: LacpEngine, name: string, deadline: number) => {
    assert.ok(net.sched.runUntilCondition(() => member(e, name).expired, deadline), `${name} expired`);
    return net.sched.now - counters(e, name).lastRxAt!;
  };
  const { n, ea, l1, agg } = pair();
  n.sched.runFor(10 * SEC);
  l1.loss = 1; // the link stays up, its frames are lost
  assert.equal(expiry(n, ea, 'p1', n.sched.now + 100 * SEC), 90 * SEC, 'slow: long timeout');
  const te = n.sched.now;
  assert.equal(member(ea, 'p1').distributing, false, 'partner out of sync: not distributing');
  assert.equal(member(ea, 'p1').defaulted, false);
  assert.equal(agg.up, true, 'the LAG stays up on p2');
  assert.ok(n.sched.runUntilCondition(() => member(ea, 'p1').defaulted, te + 4 * SEC));
  assert.equal(n.sched.now - te, 3 * SEC, 'defaulted a short timeout after expiring');
  assert.equal(member(ea, 'p1').expired, false);
  assert.equal(member(ea, 'p1').partnerId, undefined, 'no partner while defaulted');
  l1.loss = 0;
  // Both ends are defaulted (partner passive, long timeout): the next slow periodic LACPDU (≤ 30 s) brings them back.
  assert.ok(n.sched.runUntilCondition(() => member(ea, 'p1').distributing, n.sched.now + 33 * SEC), 'recovers once LACPDUs pass again');

  const f = pair({ a: { interval: 'fast' }, b: { interval: 'fast' } });
  f.n.sched.runFor(10 * SEC);
  f.l2.loss = 1;
  assert.equal(expiry(f.n, f.ea, 'p2', f.n.sched.now + 5 * SEC), 3 * SEC, 'fast: short timeout');
});

void test('one member down: the LAG stays up and flows move; both down: carrier down and ifaceChanged', () => {
  const { n, ea, eb, l1, l2, agg, po, p1, p2 } = pair({ a: { hashPolicy: 'layer2' } });
  n.sched.runFor(5 * SEC);
  // 32 frames with different destination MACs spread over both members.
  const frames = Array.from({ length: 32 }, (_, k) => P.encodeEth({ dst: Buffer.from([2, 0, 0, 0, 9, k]), src: agg.mac, type: P.ETH_IPV4, payload: Buffer.alloc(46) }));
  const send = () => {
    const before = [counters(ea, 'p1').txFrames, counters(ea, 'p2').txFrames];
    for (const f of frames) agg.send(f);
    return [counters(ea, 'p1').txFrames - before[0], counters(ea, 'p2').txFrames - before[1]];
  };
  assert.deepEqual(send(), [16, 16], 'layer2 hash: MAC[5] parity picks the member');
  const rxB = counters(eb, 'q1').rxFrames + counters(eb, 'q2').rxFrames;
  n.sched.runFor(10 * MS);
  assert.equal(counters(eb, 'q1').rxFrames + counters(eb, 'q2').rxFrames - rxB, 32, 'sw-b collected them all');

  let changes = 0;
  n.node('sw-a').onIfaceChange((i) => {
    if (i === agg) changes++;
  });
  n.setLink(l1, false);
  assert.equal(member(ea, 'p1').operUp, false);
  assert.equal(member(ea, 'p1').distributing, false);
  assert.equal(agg.up, true);
  assert.deepEqual(send(), [0, 32], 'all flows on p2');
  assert.equal(p1.memberOf, agg);
  n.setLink(l2, false);
  assert.equal(agg.up, false);
  assert.equal(po.up, false);
  assert.ok(changes >= 1, 'node.ifaceChanged(lag) fired');
  assert.equal(lagRow(ea, 'agg7').operUp, false);
  assert.equal(lagRow(ea, 'agg7').lastChange, n.sched.now);
  const drops = agg.drops;
  agg.send(frames[0]);
  assert.equal(agg.drops, drops + 1, 'nothing to send on: dropped');
  n.setLink(l1, true);
  n.setLink(l2, true);
  assert.ok(n.sched.runUntilCondition(() => distributing(ea, 'p1', 'p2') && agg.up && po.up, n.sched.now + 4 * SEC));
  assert.deepEqual(send(), [16, 16]);
  assert.equal(p2.memberOf, agg);
});

void test('min-links: the LAG needs that many members distributing', () => {
  const { n, agg, l2 } = pair({ a: { minLinks: 2 } });
  n.sched.runFor(5 * SEC);
  assert.equal(agg.up, true);
  n.setLink(l2, false);
  assert.equal(agg.up, false);
});

void test('passive-passive never syncs and sends nothing; active-passive syncs', () => {
  const pp = pair({ a: { mode: 'passive' }, b: { mode: 'passive' } });
  pp.n.sched.runFor(200 * SEC);
  for (const [e, m] of [[pp.ea, 'p1'], [pp.ea, 'p2'], [pp.eb, 'q1'], [pp.eb, 'q2']] as const) {
    const r = member(e, m);
    assert.equal(r.txLacpdu, 0, `${m} sent nothing`);
    assert.equal(r.inSync, false);
    assert.equal(r.distributing, false);
    assert.equal(r.defaulted, true);
    assert.equal(r.activity, 'passive');
  }
  assert.equal(pp.agg.up, false);
  assert.equal(pp.po.up, false);

  const ap = pair({ b: { mode: 'passive' } });
  assert.ok(ap.n.sched.runUntilCondition(() => distributing(ap.ea, 'p1', 'p2') && distributing(ap.eb, 'q1', 'q2'), 4 * SEC));
  assert.ok(member(ap.eb, 'q1').txLacpdu > 0, 'the passive end answers');
  assert.equal(member(ap.ea, 'p1').partnerId, SYS_B);
});

void test('mismatched keys: the member whose partner differs stands by', () => {
  const n = lacpNet(3);
  const p1 = n.port('sw-a', 'p1');
  const p2 = n.port('sw-a', 'p2');
  const q1 = n.port('sw-b', 'q1');
  const q2 = n.port('sw-b', 'q2');
  const agg = n.lag('sw-a', 'agg7');
  const po3 = n.lag('sw-b', 'po3');
  const po4 = n.lag('sw-b', 'po4');
  n.connect(p1, q1);
  n.connect(p2, q2);
  const ea = n.engine('sw-a', [lagCfg('agg7', ['p1', 'p2'], { systemId: SYS_A, adminKey: 7 })]);
  const eb = n.engine('sw-b', [lagCfg('po3', ['q1'], { systemId: SYS_B, adminKey: 3 }), lagCfg('po4', ['q2'], { systemId: SYS_B, adminKey: 4 })]);
  n.sched.runFor(30 * SEC);
  assert.equal(member(ea, 'p1').distributing, true);
  assert.equal(member(ea, 'p2').distributing, false);
  assert.equal(member(ea, 'p2').inSync, false);
  assert.equal(counters(ea, 'p2').selected, 'standby');
  assert.deepEqual([counters(ea, 'p1').aggregatorId, counters(ea, 'p2').aggregatorId], [1, 2], 'the standby member has its own aggregator');
  assert.equal(member(ea, 'p2').partnerKey, 4, 'the standby member still knows its partner');
  assert.equal(agg.up, true);
  assert.equal(po3.up, true);
  assert.equal(member(eb, 'q2').distributing, false, 'its partner port is not in sync');
  assert.equal(po4.up, false);
  // The active aggregator's members gone: the standby group takes over.
  n.setLink(p1.link!, false);
  assert.ok(n.sched.runUntilCondition(() => member(ea, 'p2').distributing && po4.up, n.sched.now + 5 * SEC), 'p2 takes over');
  assert.equal(agg.up, true);
});

void test('IP over the LAG: pings answered, both members carry flows (layer3+4)', () => {
  const { n, ea, eb } = pair({ addr: true });
  n.sched.runFor(5 * SEC);
  const a = n.node('sw-a');
  const results: ProbeResult[] = [];
  // Eight ping runs: eight ICMP identifiers, eight flows.
  for (let k = 0; k < 8; k++) {
    ping(a, { vrf: '', dst: parseAddr('172.31.9.2')!, count: 3, size: 56, timeout: 1 * SEC, ttl: 64 }, () => {}, (all) => results.push(...all));
    n.sched.runFor(5 * SEC);
  }
  assert.equal(results.length, 24);
  assert.ok(results.every((r) => r.ok), 'every echo answered');
  const t1 = counters(ea, 'p1').txFrames;
  const t2 = counters(ea, 'p2').txFrames;
  assert.ok(t1 > 0 && t2 > 0, `both members carry sw-a's flows (${t1} / ${t2})`);
  const r1 = counters(eb, 'q1').rxFrames;
  const r2 = counters(eb, 'q2').rxFrames;
  assert.equal(r1, t1);
  assert.equal(r2, t2);
  const back1 = counters(eb, 'q1').txFrames;
  const back2 = counters(eb, 'q2').txFrames;
  assert.ok(back1 > 0 && back2 > 0, `both members carry sw-b's replies (${back1} / ${back2})`);
});

void test('frames on a member that is not collecting are dropped; malformed LACPDUs are counted, never thrown', () => {
  const { n, ea, p1, q1, agg } = pair({ addr: true });
  n.sched.runFor(1 * SEC);
  assert.equal(member(ea, 'p1').collecting, false);
  const rx = agg.rxPackets;
  q1.send(P.encodeEth({ dst: agg.mac, src: q1.mac, type: P.ETH_IPV4, payload: Buffer.alloc(46) }));
  n.sched.runFor(1 * MS);
  assert.equal(counters(ea, 'p1').rxNotCollecting, 1);
  assert.equal(agg.rxPackets, rx);
  n.sched.runFor(5 * SEC);
  const good = lacpduFrame(q1.mac, {
    actor: { systemPriority: 1, system: '02:99:00:00:00:01', key: 1, portPriority: 1, port: 1, state: ST.ACTIVITY | ST.AGGREGATION },
    partner: { systemPriority: 0, system: '00:00:00:00:00:00', key: 0, portPriority: 0, port: 0, state: 0 },
    collectorMaxDelay: 0,
  });
  const bad = [good.subarray(0, 60), Buffer.concat([good.subarray(0, 16), Buffer.from([9, 20]), good.subarray(18)]), Buffer.concat([good.subarray(0, 15), Buffer.from([0])])];
  for (const f of bad) assert.doesNotThrow(() => n.node('sw-a').receiveFrame(p1, f));
  assert.equal(counters(ea, 'p1').rxErrors, 3);
  const marker = Buffer.from(good);
  marker[14] = 2;
  n.node('sw-a').receiveFrame(p1, marker);
  assert.equal(counters(ea, 'p1').rxUnknown, 1);
  assert.equal(member(ea, 'p1').distributing, true, 'state unchanged by bad frames');
  assert.equal(member(ea, 'p1').partnerId, SYS_B);
});

void test('flow hashes: Linux layer2 puts the document\'s ce1 flows to .21/.23 on eth1 and .22 on eth2', () => {
  // ce1's bond0 MAC 00:c1:ab:00:00:11 and ce2's three MACs (the document's tcpdumps).
  const src = Buffer.from('00c1ab000011', 'hex');
  const member = (dst: string, type = P.ETH_IPV4) => flowHash(P.encodeEth({ dst: Buffer.from(dst, 'hex'), src, type, payload: Buffer.alloc(46) }), 'layer2') % 2;
  assert.deepEqual(['00c1ab000021', '00c1ab000022', '00c1ab000023'].map((d) => member(d)), [0, 1, 0]);
  assert.equal(member('ffffffffffff', P.ETH_ARP), 0, 'the broadcast ARP requests all leave on eth1');
  // layer3+4 on one MAC pair: different ports → different members; one flow → one member.
  const tcp = (sport: number, dport: number, dst = '10.1.2.3') => {
    const seg = Buffer.alloc(20);
    seg.writeUInt16BE(sport, 0);
    seg.writeUInt16BE(dport, 2);
    const ip = P.encodeIp({ src: parseAddr('10.1.2.9')!, dst: parseAddr(dst)!, proto: P.PROTO_TCP, ttl: 64, payload: seg });
    return P.encodeEth({ dst: Buffer.from('020000000001', 'hex'), src, type: P.ETH_IPV4, payload: ip });
  };
  const picks = new Set<number>();
  for (let p = 1000; p < 1016; p++) picks.add(flowHash(tcp(40000, p), 'layer3+4') % 2);
  assert.deepEqual([...picks].sort(), [0, 1]);
  assert.equal(flowHash(tcp(40000, 80), 'layer3+4'), flowHash(tcp(40000, 80), 'layer3+4'));
  assert.equal(flowHash(tcp(40000, 80), 'layer2'), flowHash(tcp(40001, 81, '10.9.9.9'), 'layer2'), 'layer2 ignores layer 3/4');
  // layer3+4 is Linux's: ((ports ^ src ^ dst) folded) >> 1, words read in x86 host order.
  const h0 = (Buffer.from([0x9c, 0x40, 0x00, 0x50]).readUInt32LE(0) ^ Buffer.from([10, 1, 2, 9]).readUInt32LE(0) ^ Buffer.from([10, 1, 2, 3]).readUInt32LE(0)) >>> 0;
  const h1 = (h0 ^ (h0 >>> 16)) >>> 0;
  assert.equal(flowHash(tcp(40000, 80), 'layer3+4'), ((h1 ^ (h1 >>> 8)) >>> 0) >>> 1);
  assert.equal(flowHash(Buffer.alloc(5), 'layer3+4'), 0, 'a runt frame hashes without throwing');
});

void test('multihoming: one bond to two nodes sharing system id and key aggregates both members', () => {
  const n = lacpNet(5);
  const e1 = n.port('host-x', 'e1');
  const e2 = n.port('host-x', 'e2');
  const ua = n.port('pe-a', 'ge-0/0/4');
  const ub = n.port('pe-b', 'ge-0/0/4');
  const bond = n.lag('host-x', 'bondx', '10.77.0.5/24');
  const la = n.lag('pe-a', 'ae5', '10.77.0.1/24');
  const lb = n.lag('pe-b', 'ae5');
  n.connect(e1, ua);
  n.connect(e2, ub);
  const es = { systemId: '02:00:00:00:ee:05', adminKey: 5, systemPriority: 5 };
  const eh = n.engine('host-x', [lagCfg('bondx', ['e1', 'e2'], { systemId: bond.mac.toString('hex').replace(/(..)(?!$)/g, '$1:'), adminKey: 15, systemPriority: 65535, hashPolicy: 'layer2' })]);
  const ea = n.engine('pe-a', [lagCfg('ae5', ['ge-0/0/4'], es)]);
  const eb = n.engine('pe-b', [lagCfg('ae5', ['ge-0/0/4'], es)]);
  assert.ok(n.sched.runUntilCondition(() => distributing(eh, 'e1', 'e2'), 4 * SEC), 'both bond members distributing');
  n.sched.runFor(10 * MS);
  assert.equal(bond.up && la.up && lb.up, true);
  assert.equal(member(eh, 'e1').partnerId, es.systemId);
  assert.equal(member(eh, 'e2').partnerId, es.systemId);
  assert.equal(member(eh, 'e1').partnerKey, 5);
  assert.equal(member(ea, 'ge-0/0/4').partnerPortNo, 1, 'pe-a sees the bond\'s first member');
  assert.equal(member(eb, 'ge-0/0/4').partnerPortNo, 2, 'pe-b sees the bond\'s second member');
  assert.equal(member(ea, 'ge-0/0/4').partnerKey, 15);
  // One PE lost: the bond keeps the other member.
  n.setLink(e1.link!, false);
  assert.equal(bond.up, true);
  assert.equal(member(eh, 'e2').distributing, true);
  assert.equal(la.up, false);
  // A PE with a different system id: its member stands by.
  const m = lacpNet(6);
  const f1 = m.port('host-y', 'f1');
  const f2 = m.port('host-y', 'f2');
  m.lag('host-y', 'bondy');
  m.lag('pe-c', 'ae1');
  m.lag('pe-d', 'ae1');
  m.connect(f1, m.port('pe-c', 'x1'));
  m.connect(f2, m.port('pe-d', 'x1'));
  const ey = m.engine('host-y', [lagCfg('bondy', ['f1', 'f2'], { systemId: '02:00:00:00:00:99', adminKey: 9 })]);
  m.engine('pe-c', [lagCfg('ae1', ['x1'], { systemId: '02:00:00:00:cc:01', adminKey: 1 })]);
  m.engine('pe-d', [lagCfg('ae1', ['x1'], { systemId: '02:00:00:00:dd:01', adminKey: 1 })]);
  m.sched.runFor(10 * SEC);
  assert.deepEqual([member(ey, 'f1').distributing, member(ey, 'f2').distributing], [true, false]);
  assert.equal(counters(ey, 'f2').selected, 'standby');
});

void test('the lacp module: registered first, show rows, update, bad values and stop', () => {
  assert.equal(defaultProtocols().names()[0], 'lacp', 'registered before every other module');
  assert.equal(defaultProtocols().get('lacp'), lacpModule);
  const n: LacpNet = lacpNet(9);
  const ports = new Map<string, Iface>();
  for (const k of [1, 2]) {
    const a = n.port('r-left', `eth${k}`);
    ports.set(`eth${k}`, a);
    n.connect(a, n.port('r-right', `eth${k}`));
  }
  const deps = { instance: () => undefined };
  const insts = new Map<string, LacpInstance>();
  for (const [name, sys, key, addr] of [['r-left', '02:00:00:00:01:01', 21, '192.0.2.1/30'], ['r-right', '02:00:00:00:02:02', 22, '192.0.2.2/30']] as const) {
    n.lag(name, 'lag4', addr);
    insts.set(name, lacpModule.create(n.node(name), { lags: [lagCfg('lag4', ['eth1', 'eth2'], { systemId: sys, adminKey: key, interval: 'fast' })] }, deps));
  }
  const left = insts.get('r-left')!;
  const show = <R,>(model: string) => lacpModule.show![model](left, n.sched.now) as R[];
  const lag4 = n.node('r-left').ifaces.get('lag4')!;
  n.sched.runFor(5 * SEC);
  assert.deepEqual(show<LacpMemberRow>('members').map((r) => [r.member, r.operUp, r.partnerId, r.partnerKey, r.portNo, r.partnerPortNo, r.timeout]), [
    ['eth1', true, '02:00:00:00:02:02', 22, 1, 1, 'short'],
    ['eth2', true, '02:00:00:00:02:02', 22, 2, 2, 'short'],
  ]);
  assert.equal(show<LacpLagRow>('lags')[0].operUp, true);
  assert.equal(show<LacpCounterRow>('counters')[0].muxState, 'collecting_distributing');
  assert.equal(lag4.up, true);
  assert.equal(ports.get('eth1')!.memberOf, lag4);
  // A changed section (slow interval, one member): the LAG renegotiates on eth1 alone.
  const one = { lags: [lagCfg('lag4', ['eth1'], { systemId: '02:00:00:00:01:01', adminKey: 21 })] };
  lacpModule.update(left, structuredClone(one), n.node('r-left'), deps);
  assert.equal(ports.get('eth2')!.memberOf, undefined);
  assert.equal(lag4.up, false, 'renegotiating');
  n.sched.runFor(5 * SEC);
  assert.deepEqual(show<LacpMemberRow>('members').map((r) => [r.member, r.operUp, r.timeout]), [['eth1', true, 'long']]);
  assert.equal(lag4.up, true);
  // Bad values: one line each, never a throw.
  lacpModule.update(left, { lags: [lagCfg('lag4', ['eth1'], { systemId: 'not-a-mac', adminKey: 21 }), lagCfg('lag9', ['eth7'], { systemId: '02:00:00:00:01:01', adminKey: 70000 })] }, n.node('r-left'), deps);
  assert.deepEqual(left.errors, ["lag lag4: system id 'not-a-mac' is not a MAC address", 'lag lag9: key 70000 is outside 0..65535']);
  assert.equal(lag4.up, false);
  lacpModule.update(left, { lags: [lagCfg('lag4', ['eth1', 'eth1'], { systemId: '02:00:00:00:01:01', adminKey: 21 }), lagCfg('lag5', ['eth2', 'eth1'], { systemId: '02:00:00:00:01:01', adminKey: 5 })] }, n.node('r-left'), deps);
  assert.deepEqual(left.errors, ['lag lag4: member eth1 is listed twice', 'lag lag5: eth1 is already a member of lag4', 'lag lag5: no such interface']);
  lacpModule.update(left, structuredClone(one), n.node('r-left'), deps);
  assert.deepEqual(left.errors, []);
  n.sched.runFor(5 * SEC);
  assert.equal(lag4.up, true);
  // Stopped: the LAG loses its carrier and transmitter, the members are plain ports again.
  lacpModule.stop(left);
  assert.equal(lag4.up, false);
  assert.equal(lag4.transmitter, undefined);
  assert.equal(ports.get('eth1')!.memberOf, undefined);
  const tx = ports.get('eth1')!.txPackets;
  n.sched.runFor(60 * SEC);
  assert.equal(ports.get('eth1')!.txPackets, tx, 'no LACPDUs after stop');
});

void test('random link flaps and losses: invariants hold throughout, both ends converge once the links are back', () => {
  fc.assert(fc.property(
    fc.array(fc.record({ link: fc.constantFrom(0, 1), what: fc.constantFrom('down', 'up', 'lossy', 'clean'), afterMs: fc.integer({ min: 1, max: 40_000 }) }), { maxLength: 12 }),
    fc.constantFrom<'fast' | 'slow'>('fast', 'slow'),
    (events, interval) => {
      const t = pair({ a: { interval }, b: { interval: 'slow' } });
      const links = [t.l1, t.l2];
      const check = () => {
        for (const [e, lag] of [[t.ea, t.agg], [t.eb, t.po]] as const) {
          const rows = e.memberRows();
          const d = rows.filter((r) => r.distributing);
          assert.equal(lag.up, d.length >= 1, 'carrier = at least min-links members distributing');
          for (const r of d) {
            assert.ok(r.inSync && r.collecting && r.operUp, `${r.member}: distributing implies in sync, collecting, up`);
            assert.ok(r.partnerId !== undefined && !r.defaulted, `${r.member}: distributing implies a partner`);
          }
        }
      };
      t.n.sched.runFor(3 * SEC);
      check();
      for (const ev of events) {
        const l = links[ev.link];
        if (ev.what === 'down' || ev.what === 'up') t.n.setLink(l, ev.what === 'up');
        else l.loss = ev.what === 'lossy' ? 1 : 0;
        check();
        t.n.sched.runFor(ev.afterMs * MS);
        check();
      }
      for (const l of links) {
        l.loss = 0;
        if (!l.up) t.n.setLink(l, true);
      }
      // Defaulted ends wait for the next slow periodic LACPDU (30 s), then Aggregate_Wait_Time.
      t.n.sched.runFor(35 * SEC);
      check();
      assert.ok(distributing(t.ea, 'p1', 'p2') && distributing(t.eb, 'q1', 'q2'), 'converged');
    },
  ), { numRuns: 40, seed: 8023 });
});
