/**
 * OSPFv2 on simulated links (fast mode): adjacency to Full, DR election, database exchange,
 * flooding, SPF with ECMP, link failure by the dead interval, costs, a restart, and the codec.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { fmtAddr } from '../../net/addr';
import * as P from '../../net/packet';
import type { Route } from '../../net/rib';
import { GE1, GE2, OspfNet, TRI_FULL, triangle } from './testnet';

const hops = (r: Route | undefined) => (r ? r.paths.map((p) => `${p.nextHop ? fmtAddr(p.nextHop) : '-'}@${p.iface.name}`).sort() : []);
import { SPF_DELAY } from './process';
import * as W from './packet';



void describe('OSPF triangle (the document)', () => {
  void test('reaches Full within the Wait timer and installs the routes with ECMP', () => {
    const t = triangle();
    t.start();
    assert.ok(t.sched.runUntilCondition(() => t.allFull(TRI_FULL), 120 * SEC), 'all Full');
    const fullAt = t.sched.now;
    // Broadcast links wait RouterDeadInterval (40 s) before the DR election (RFC 2328 9.4), then
    // the exchange takes a few link delays.
    assert.ok(fullAt >= 40 * SEC && fullAt < 41 * SEC, `time to Full ${fullAt / SEC} s`);
    // Router LSAs re-originated within MinLSInterval (5 s) of the first one arrive a little later.
    t.sched.runFor(10 * SEC);
    const r3 = t.route('PE1', '3.3.3.3/32');
    const r4 = t.route('PE1', '4.4.4.4/32');
    const r22 = t.route('PE1', '22.22.22.0/24');
    assert.equal(r3?.code, 'O');
    assert.equal(r3?.source, 'ospf 1');
    assert.equal(r3?.distance, 10);
    assert.equal(r3?.metric, 2);
    assert.deepEqual(hops(r3), [`33.33.33.2@${GE2}`]);
    assert.equal(r4?.metric, 2);
    assert.deepEqual(hops(r4), [`11.11.11.2@${GE1}`]);
    assert.equal(r22?.metric, 2);
    assert.deepEqual(hops(r22), [`11.11.11.2@${GE1}`, `33.33.33.2@${GE2}`]);
    // Connected networks stay connected routes.
    assert.equal(t.route('PE1', '11.11.11.0/24')?.code, 'C');
    assert.equal(t.route('PE3', '33.33.33.0/24')?.metric, 2);
    assert.deepEqual(hops(t.route('PE3', '33.33.33.0/24')), [`11.11.11.1@${GE1}`, `22.22.22.1@${GE2}`]);
    // DR election: the highest router ID on each segment is DR, the other BDR.
    const n = t.proc('PE1').neighbors().find((x) => x.routerId === '4.4.4.4')!;
    assert.equal(n.dr, '11.11.11.2');
    assert.equal(n.bdr, '11.11.11.1');
    assert.equal(n.addr, '11.11.11.2');
    assert.ok(n.deadDueSec > 30 && n.deadDueSec <= 40);
    assert.equal(t.proc('PE1').routerId, '2.2.2.2');
  });

  void test('a silent link failure moves the routes after the dead interval', () => {
    const t = triangle();
    t.start();
    t.sched.runUntilCondition(() => t.allFull(TRI_FULL), 120 * SEC);
    t.sched.runFor(10 * SEC);
    const l = t.links[2]; // PE1-PE2
    l.loss = 1;
    const cut = t.sched.now;
    t.sched.runFor(25 * SEC);
    assert.deepEqual(hops(t.route('PE1', '3.3.3.3/32')), [`33.33.33.2@${GE2}`], 'unchanged before RouterDeadInterval');
    const moved = t.sched.runUntilCondition(() => hops(t.route('PE1', '3.3.3.3/32'))[0] === `11.11.11.2@${GE1}`, cut + 40 * SEC + SPF_DELAY + 10 * 1000);
    assert.ok(moved, 'moved within dead interval + SPF delay');
    assert.equal(t.route('PE1', '3.3.3.3/32')?.metric, 3);
    t.sched.runFor(2 * SEC);
    assert.deepEqual(hops(t.route('PE1', '22.22.22.0/24')), [`11.11.11.2@${GE1}`]);
    assert.equal(t.proc('PE1').neighbors().length, 1);
    // Carrier loss is immediate: PE3's loopback moves at once when its link goes down.
    t.setLink(t.links[0], false);
    t.sched.runFor(SPF_DELAY + 1000);
    assert.equal(t.route('PE1', '4.4.4.4/32'), undefined, 'PE1 is now isolated');
    assert.equal(t.route('PE1', '3.3.3.3/32'), undefined);
  });

  void test('an interface cost changes the paths (update reconciles)', () => {
    const t = triangle();
    t.start();
    t.sched.runUntilCondition(() => t.allFull(TRI_FULL), 120 * SEC);
    t.sched.runFor(10 * SEC);
    const cfg = { ...t.cfgs.get('PE1')!, cost: new Map([[GE2, 10]]) };
    t.proc('PE1').update(cfg);
    t.sched.runFor(6 * SEC);
    assert.deepEqual(hops(t.route('PE1', '3.3.3.3/32')), [`11.11.11.2@${GE1}`]);
    assert.equal(t.route('PE1', '3.3.3.3/32')?.metric, 3);
    assert.deepEqual(hops(t.route('PE1', '22.22.22.0/24')), [`11.11.11.2@${GE1}`]);
    // The other direction is unchanged: costs are per outgoing interface.
    assert.deepEqual(hops(t.route('PE2', '2.2.2.2/32')), [`33.33.33.1@${GE2}`]);
    assert.equal(t.route('PE2', '2.2.2.2/32')?.metric, 2);
    // Removing the network statement for 33.33.33.0 takes the interface out of OSPF.
    const cfg2 = { ...cfg, areas: [{ id: '0.0.0.0', networks: cfg.areas[0].networks.filter((n) => n.addr !== '33.33.33.0') }] };
    t.proc('PE1').update(cfg2);
    t.sched.runFor(SEC);
    assert.deepEqual(t.proc('PE1').neighbors().map((n) => n.routerId), ['4.4.4.4']);
    // PE1 stops sending Hellos there; PE2 drops it when RouterDeadInterval expires.
    t.sched.runFor(41 * SEC);
    assert.equal(t.proc('PE2').neighbors().filter((n) => n.routerId === '2.2.2.2').length, 0);
    assert.deepEqual(hops(t.route('PE2', '2.2.2.2/32')), [`22.22.22.2@${GE1}`]);
    assert.equal(t.route('PE2', '2.2.2.2/32')?.metric, 3);
  });

  void test('a restarted process re-forms its adjacencies and supersedes its old LSAs', () => {
    const t = triangle();
    t.start();
    t.sched.runUntilCondition(() => t.allFull(TRI_FULL), 120 * SEC);
    t.sched.runFor(10 * SEC);
    const old = t.proc('PE2');
    const oldSeq = old.lsdb.get({ type: 1, id: old.rid, adv: old.rid })!.lsa.hdr.seq;
    let sent = 0;
    t.links[2].taps.push((_t, from, frame) => {
      if (from.node.name === 'PE2' && frame.readUInt16BE(12) === 0x0800 && frame[14 + 9] === W.PROTO_OSPF) sent++;
    });
    old.stop();
    assert.equal(t.route('PE2', '2.2.2.2/32'), undefined, 'routes withdrawn at stop');
    const flushes = sent; // the MaxAge flush of its own LSAs (14.1), sent once at stop
    assert.equal(flushes, 1);
    t.sched.runFor(SEC);
    // The neighbours aged PE2's LSAs out at once: PE2's loopback is gone before the dead interval.
    assert.equal(t.route('PE1', '3.3.3.3/32'), undefined);
    t.sched.runFor(15 * SEC);
    assert.equal(sent, flushes, 'a stopped process sends nothing more');
    t.start('PE2');
    assert.ok(t.sched.runUntilCondition(() => t.allFull(TRI_FULL), t.sched.now + 60 * SEC), 'Full again');
    t.sched.runFor(12 * SEC);
    const p = t.proc('PE2');
    assert.notEqual(p, old);
    const seq = p.lsdb.get({ type: 1, id: p.rid, adv: p.rid })!.lsa.hdr.seq;
    assert.ok(seq > oldSeq, `sequence ${seq} past the old incarnation's ${oldSeq}`);
    assert.equal(t.route('PE2', '2.2.2.2/32')?.metric, 2);
    assert.equal(t.route('PE1', '3.3.3.3/32')?.metric, 2);
    assert.deepEqual(hops(t.route('PE1', '22.22.22.0/24')), [`11.11.11.2@${GE1}`, `33.33.33.2@${GE2}`]);
  });
});

void describe('OSPF line of five routers', () => {
  void test('costs add up along the path and an explicit router ID is used', () => {
    const t = new OspfNet();
    const names = ['ra', 'rb', 'rc', 'rd', 're'];
    names.forEach((n, i) => t.loopback(n, 'LoopBack0', `10.9.9.${i + 1}`));
    for (let i = 0; i + 1 < names.length; i++) t.link(names[i], GE1, `172.16.${i}.1`, names[i + 1], GE2, `172.16.${i}.2`);
    t.cfgs.get('rc')!.routerId = '7.7.7.7';
    t.cfgs.get('rd')!.cost.set(GE1, 5);
    t.start();
    assert.ok(t.sched.runUntilCondition(() => t.allFull({ ra: 1, rb: 2, rc: 2, rd: 2, re: 1 }), 120 * SEC));
    // Flooding during the exchange meets MinLSArrival (1 s) and is repaired by retransmission (5 s).
    t.sched.runFor(15 * SEC);
    assert.equal(t.proc('rc').routerId, '7.7.7.7');
    assert.equal(t.proc('ra').routerId, '10.9.9.1');
    // ra -> re's loopback: ra, rb, rc GE1 (1 each), rd GE1 (5), re's loopback stub (1).
    assert.equal(t.route('ra', '10.9.9.5/32')?.metric, 9);
    assert.deepEqual(hops(t.route('ra', '10.9.9.5/32')), [`172.16.0.2@${GE1}`]);
    assert.equal(t.route('ra', '10.9.9.4/32')?.metric, 4);
    assert.equal(t.route('ra', '172.16.3.0/24')?.metric, 8);
    // Costs are per outgoing interface: re -> ra uses GE2 links of cost 1.
    assert.equal(t.route('re', '10.9.9.1/32')?.metric, 5);
    assert.deepEqual(hops(t.route('re', '10.9.9.1/32')), [`172.16.3.1@${GE2}`]);
    assert.equal(t.route('rd', '10.9.9.5/32')?.metric, 6);
    assert.equal(t.route('rc', '10.9.9.1/32')?.metric, 3);
  });
});

void describe('OSPF packets', () => {
  const hdr = (type: number): W.OspfHeader => ({ type, routerId: 0x02020202, areaId: 0 });
  void test('every packet type round-trips with a valid checksum', () => {
    const lsa = W.buildLsa(
      { age: 0, options: W.OPT_E, type: W.LS_ROUTER, id: 0x02020202, adv: 0x02020202, seq: -0x7fffffff },
      W.encodeRouterBody({ flags: 0, links: [{ id: 0x02020202, data: 0xffffffff, type: W.LINK_STUB, metric: 1 }] }),
    );
    const bodies: W.Body[] = [
      { type: W.T_HELLO, hello: { mask: 0xffffff00, helloInterval: 10, options: 2, priority: 1, deadInterval: 40, dr: 0x0b0b0b02, bdr: 0, neighbors: [0x04040404] } },
      { type: W.T_DD, dd: { mtu: 1500, options: 2, flags: W.DD_I | W.DD_M | W.DD_MS, seq: 0x12345678, headers: [lsa.hdr] } },
      { type: W.T_LSR, reqs: [{ type: 1, id: 0x03030303, adv: 0x03030303 }] },
      { type: W.T_LSU, lsas: [lsa] },
      { type: W.T_ACK, acks: [lsa.hdr] },
    ];
    for (const body of bodies) {
      const b = W.encodeOspf({ hdr: hdr(body.type), body });
      assert.equal(b[0], 2);
      assert.equal(b.readUInt16BE(2), b.length);
      // A.3.1: ones' complement sum over the packet without the authentication field.
      assert.equal(P.checksum(b.subarray(0, 16), b.subarray(24)), 0);
      const d = W.decodeOspf(b);
      assert.ok(d);
      assert.deepEqual(d.hdr, hdr(body.type));
      assert.deepEqual(W.encodeOspf(d), b);
      const bad = Buffer.from(b);
      bad[bad.length - 1] ^= 0x40;
      assert.equal(W.decodeOspf(bad), undefined, 'corrupted packet rejected');
    }
  });

  void test('the Fletcher LSA checksum verifies, ignores the age and catches corruption', () => {
    const lsa = W.buildLsa(
      { age: 0, options: W.OPT_E, type: W.LS_NETWORK, id: 0x0b0b0b02, adv: 0x04040404, seq: -0x7fffffff },
      W.encodeNetworkBody({ mask: 0xffffff00, routers: [0x04040404, 0x02020202] }),
    );
    assert.ok(W.lsaChecksumOk(lsa.raw));
    assert.ok(W.lsaChecksumOk(W.withAge(lsa, 1234)), 'age is outside the checksum');
    // Independent check (ISO 8473 annex C): both running sums over octets 2.. are 0 mod 255.
    let c0 = 0;
    let c1 = 0;
    for (const x of lsa.raw.subarray(2)) {
      c0 = (c0 + x) % 255;
      c1 = (c1 + c0) % 255;
    }
    assert.deepEqual([c0, c1], [0, 0]);
    for (const at of [3, 10, 19, 25]) {
      const bad = Buffer.from(lsa.raw);
      bad[at] ^= 1;
      assert.equal(W.lsaChecksumOk(bad), false, `flip at ${at}`);
    }
  });
});
