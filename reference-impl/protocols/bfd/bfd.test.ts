/** BFD (RFC 5880/5881) on simulated links, fast mode, virtual time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MS, SEC } from '../../sim/scheduler';
import { decodeEth, decodeIp, decodeUdp, encodeUdp, PROTO_UDP } from '../../net/packet';
import { parseAddr } from '../../net/addr';
import type { Iface } from '../../net/iface';
import { BfdControl, decodeBfd, encodeBfd, newControl, rejectReason } from './packet';
import { BfdState } from './engine';
import { bfdCfg, engine, testNet } from './testnet';

void test('control packet codec: bytes of RFC 5880 4.1 and round trip', () => {
  const c = newControl({ diag: 3, state: 'Init', poll: true, detectMult: 5, myDisc: 0x01020304, yourDisc: 8192, desiredMinTx: 10_000, requiredMinRx: 20_000 });
  const b = encodeBfd(c);
  assert.equal(b.length, 24);
  assert.equal(b[0], (1 << 5) | 3, 'version 1, diag 3');
  assert.equal(b[1], (2 << 6) | 0x20, 'state Init, P');
  assert.equal(b[2], 5);
  assert.equal(b[3], 24);
  assert.deepEqual([...b.subarray(4, 8)], [1, 2, 3, 4]);
  assert.equal(b.readUInt32BE(8), 8192);
  assert.equal(b.readUInt32BE(12), 10_000);
  assert.equal(b.readUInt32BE(16), 20_000);
  assert.equal(b.readUInt32BE(20), 0);
  assert.deepEqual(decodeBfd(b), c);
  for (const st of ['AdminDown', 'Down', 'Init', 'Up'] as BfdState[]) {
    const x: BfdControl = { ...c, state: st, poll: false, final: true, demand: true, cpi: true };
    assert.deepEqual(decodeBfd(encodeBfd(x)), x);
  }
  assert.equal(rejectReason(c, 24), undefined);
  assert.equal(rejectReason({ ...c, version: 0 }, 24), 'version');
  assert.equal(rejectReason({ ...c, detectMult: 0 }, 24), 'detect mult 0');
  assert.equal(rejectReason({ ...c, myDisc: 0 }, 24), 'my discriminator 0');
  assert.equal(rejectReason({ ...c, multipoint: true }, 24), 'multipoint');
  assert.equal(rejectReason({ ...c, yourDisc: 0, state: 'Up' }, 24), 'your discriminator 0 while not Down');
  assert.equal(rejectReason({ ...c, yourDisc: 0, state: 'Down' }, 24), undefined);
  assert.equal(rejectReason({ ...c, length: 30 }, 24), 'length beyond payload');
  assert.equal(decodeBfd(Buffer.alloc(10)), undefined);
});

/** r1 eth1 172.30.9.1/30 -- r2 eth7 172.30.9.2/30, plus r2 eth8 -- r3 for a second session on r2. */
function lab() {
  const t = testNet(5);
  const a = t.port('r1', 'eth1', '172.30.9.1/30', 'blue');
  const b = t.port('r2', 'eth7', '172.30.9.2/30', 'blue');
  const b2 = t.port('r2', 'eth8', '172.30.10.5/30');
  const c = t.port('r3', 'eth0', '172.30.10.6/30');
  const link = t.connect(a, b);
  t.connect(b2, c);
  const e1 = engine(t.node('r1'), bfdCfg([['s-one', '172.30.9.2', 'eth1', '172.30.9.1', 'blue']]));
  const e2 = engine(t.node('r2'), bfdCfg([['to-r1', '172.30.9.1', 'eth7', '172.30.9.2', 'blue'], ['to-r3', '172.30.10.6', 'eth8', '172.30.10.5']]));
  const e3 = engine(t.node('r3'), bfdCfg([['to-r2', '172.30.10.5', 'eth0', '172.30.10.6']]));
  return { t, a, b, link, e1, e2, e3 };
}

void test('static auto sessions come Up with discriminators allocated from 8192 and learned from the peer', () => {
  const { t, e1, e2, e3 } = lab();
  assert.equal(e1.state('s-one'), 'Down');
  const ok = t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up' && e3.state('to-r2') === 'Up', 10 * SEC);
  assert.ok(ok, 'sessions Up');
  const [s1] = e1.sessions();
  const [r2a, r2b] = e2.sessions();
  assert.equal(s1.localDisc, 8192);
  assert.equal(s1.remoteDisc, 8192);
  assert.equal(s1.type, 'Static_Auto');
  assert.equal(r2a.name, 'to-r1');
  assert.equal(r2a.localDisc, 8192);
  assert.equal(r2b.name, 'to-r3');
  assert.equal(r2b.localDisc, 8193, 'second session of the node: next discriminator');
  assert.equal(e3.sessions()[0].remoteDisc, 8193);
  t.sched.runFor(1 * SEC);
  const s = e1.sessions()[0];
  assert.equal(s.actualTxMs, 10);
  assert.equal(s.actualRxMs, 10);
  assert.equal(s.detectMs, 30);
  assert.equal(s.localDiag, 0);
  assert.ok(s.upSince !== undefined);
});

interface Seen {
  t: number;
  from: string;
  ttl: number;
  sport: number;
  dport: number;
  c: BfdControl;
}

function capture(iface: Iface, t: { sched: { now: number } }): Seen[] {
  const seen: Seen[] = [];
  iface.link!.taps.push((time, from, frame) => {
    const f = decodeEth(frame);
    const ip = f && decodeIp(f.type, f.payload);
    if (!ip || ip.proto !== PROTO_UDP) return;
    const u = decodeUdp(ip.payload);
    if (!u || u.dport !== 3784) return;
    seen.push({ t: time, from: from.node.name, ttl: ip.ttl, sport: u.sport, dport: u.dport, c: decodeBfd(u.data)! });
  });
  void t;
  return seen;
}

void test('slow rate (>= 1 s, jittered) while not Up, Poll/Final and 10 ms once Up; UDP 3784, TTL 255', () => {
  const t = testNet(9);
  const a = t.port('r1', 'eth1', '172.30.9.1/30', 'blue');
  const b = t.port('r2', 'eth7', '172.30.9.2/30', 'blue');
  t.connect(a, b);
  const seen = capture(a, t);
  const e1 = engine(t.node('r1'), bfdCfg([['s-one', '172.30.9.2', 'eth1', '172.30.9.1', 'blue']]));
  // The peer has no BFD yet: r1 stays Down and sends at the slow rate.
  t.sched.runFor(6 * SEC);
  assert.equal(e1.state('s-one'), 'Down');
  const e2 = engine(t.node('r2'), bfdCfg([['to-r1', '172.30.9.1', 'eth7', '172.30.9.2', 'blue']]));
  t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', t.sched.now + 10 * SEC);
  t.sched.runFor(200 * MS);
  const mine = seen.filter((s) => s.from === 'r1');
  assert.ok(mine.every((s) => s.ttl === 255 && s.dport === 3784 && s.sport >= 49152 && s.sport <= 65535));
  assert.equal(new Set(mine.map((s) => s.sport)).size, 1, 'one source port per session');
  const firstUp = mine.findIndex((s) => s.c.state === 'Up');
  const before = mine.slice(0, firstUp).filter((s) => s.t < 6 * SEC);
  assert.ok(before.length >= 5, `${before.length} slow packets`);
  for (let i = 1; i < before.length; i++) {
    const gap = before[i].t - before[i - 1].t;
    assert.ok(gap >= 750 * MS && gap <= 1000 * MS, `slow gap ${gap}`);
    assert.equal(before[i].c.desiredMinTx, 1_000_000, 'DesiredMinTx 1 s while not Up (6.8.3)');
    assert.equal(before[i].c.yourDisc, 0, 'nothing heard yet');
  }
  const after = mine.slice(firstUp);
  assert.equal(after[0].c.desiredMinTx, 10_000);
  const polls = seen.filter((s) => s.c.poll);
  assert.ok(polls.some((s) => s.from === 'r1') && polls.some((s) => s.from === 'r2'), 'both sides poll after the change to 10 ms');
  const finals = seen.filter((s) => s.c.final);
  assert.ok(finals.some((s) => s.from === 'r1') && finals.some((s) => s.from === 'r2'), 'both sides answer with F');
  assert.ok(!seen.some((s) => s.c.poll && s.c.final), 'never P and F together');
  const late = after.slice(-10);
  for (let i = 1; i < late.length; i++) {
    const gap = late[i].t - late[i - 1].t;
    assert.ok(gap >= 7.5 * MS && gap <= 10 * MS, `fast gap ${gap}`);
    assert.ok(!late[i].c.poll, 'poll ended');
  }
});

void test('the peer stops answering (all frames lost): Down after the detection time (30 ms), diag 1; back Up', () => {
  const { t, link, e1, e2 } = lab();
  t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', 10 * SEC);
  t.sched.runFor(500 * MS);
  const changes: Array<[string, BfdState, number]> = [];
  e1.onStateChange((n, s) => changes.push([n, s, t.sched.now]));
  const cut = t.sched.now;
  link.loss = 1;
  t.sched.runUntilCondition(() => e1.state('s-one') === 'Down', cut + 100 * MS);
  const took = t.sched.now - cut;
  assert.equal(e1.state('s-one'), 'Down');
  assert.ok(took >= 20 * MS && took <= 31 * MS, `detected after ${took} us`);
  assert.deepEqual(changes.map((c) => c.slice(0, 2)), [['s-one', 'Down']]);
  const s = e1.sessions()[0];
  assert.equal(s.localDiag, 1, 'Control Detection Time Expired');
  assert.equal(s.downCount, 1);
  assert.equal(s.lastChange, changes[0][2]);
  assert.equal(s.remoteDisc, 0, 'RemoteDiscr reset after a Detection Time (6.8.1)');
  assert.equal(s.actualTxMs, undefined, 'no negotiated interval while not Up');
  t.sched.runFor(40 * MS);
  assert.equal(e2.state('to-r1'), 'Down');
  assert.equal(e2.sessions()[0].localDiag, 1);
  link.loss = 0;
  assert.ok(t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', t.sched.now + 5 * SEC));
  assert.equal(e1.sessions()[0].remoteDisc, 8192);
});

void test('far-end shutdown where the carrier stays up: Down within 30 ms with diag 1, the shut side Path Down', () => {
  const { t, b, e1, e2 } = lab();
  t.node('r2').shutdownDropsCarrier = false;
  t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', 10 * SEC);
  t.sched.runFor(300 * MS);
  const cut = t.sched.now;
  b.adminUp = false;
  t.node('r2').ifaceChanged(b);
  assert.equal(e2.state('to-r1'), 'Down');
  assert.equal(e2.sessions()[0].localDiag, 5, 'Path Down on the side whose interface went down');
  t.sched.runUntilCondition(() => e1.state('s-one') === 'Down', cut + 100 * MS);
  const took = t.sched.now - cut;
  assert.ok(took <= 31 * MS && took >= 20 * MS, `took ${took}`);
  assert.equal(e1.sessions()[0].localDiag, 1);
  b.adminUp = true;
  t.node('r2').ifaceChanged(b);
  assert.ok(t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', t.sched.now + 5 * SEC));
});

void test('far-end shutdown that drops the carrier: both sides Down at once with diag 5 Path Down', () => {
  const { t, b, e1, e2 } = lab();
  t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', 10 * SEC);
  t.sched.runFor(300 * MS);
  b.adminUp = false;
  t.node('r2').ifaceChanged(b);
  assert.equal(e1.state('s-one'), 'Down');
  assert.equal(e2.state('to-r1'), 'Down');
  assert.equal(e1.sessions()[0].localDiag, 5);
  t.sched.runFor(5 * SEC);
  assert.equal(e1.state('s-one'), 'Down');
  b.adminUp = true;
  t.node('r2').ifaceChanged(b);
  assert.ok(t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', t.sched.now + 5 * SEC));
});

void test('AdminDown (6.8.16): diag 7 locally, the peer goes Down with diag 3; re-enabled comes Up', () => {
  const { t, e1, e2 } = lab();
  t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', 10 * SEC);
  const cfg = bfdCfg([['s-one', '172.30.9.2', 'eth1', '172.30.9.1', 'blue']]);
  cfg.sessions.get('s-one')!.adminDown = true;
  e1.update(cfg);
  assert.equal(e1.state('s-one'), 'AdminDown');
  assert.equal(e1.sessions()[0].localDiag, 7);
  t.sched.runUntilCondition(() => e2.state('to-r1') === 'Down', t.sched.now + 3 * SEC);
  assert.equal(e2.state('to-r1'), 'Down');
  assert.equal(e2.sessions()[0].localDiag, 3, 'Neighbor Signaled Session Down');
  t.sched.runFor(3 * SEC);
  assert.equal(e2.state('to-r1'), 'Down', 'stays Down while the remote is AdminDown');
  cfg.sessions.get('s-one')!.adminDown = false;
  e1.update(cfg);
  assert.ok(t.sched.runUntilCondition(() => e1.state('s-one') === 'Up' && e2.state('to-r1') === 'Up', t.sched.now + 5 * SEC));
  // update() with the same config is idempotent.
  const before = e1.sessions()[0];
  e1.update(cfg);
  assert.deepEqual(e1.sessions()[0], before);
  // BFD disabled globally: no sessions.
  e1.update({ ...cfg, enabled: false });
  assert.equal(e1.sessions().length, 0);
  assert.equal(e1.state('s-one'), undefined);
});

void test('GTSM (RFC 5881 5): a Control packet with TTL below 255 is discarded', () => {
  const { t, b, e1, e2 } = lab();
  t.sched.runUntilCondition(() => e1.state('s-one') === 'Up', 10 * SEC);
  const d0 = e2.dropped;
  const src = parseAddr('172.30.9.1')!;
  const dst = parseAddr('172.30.9.2')!;
  const data = encodeBfd(newControl({ state: 'Down', myDisc: 8192, yourDisc: 8192 }));
  t.node('r1').ip.send({ src, dst, proto: PROTO_UDP, ttl: 254, payload: encodeUdp(src, dst, { sport: 50000, dport: 3784, data }) }, { iface: t.iface('r1', 'eth1') });
  t.sched.runFor(1 * MS);
  assert.equal(e2.dropped, d0 + 1);
  assert.equal(e2.state('to-r1'), 'Up', 'the forged Down was not acted on');
  void b;
});
