/**
 * LDP between simulated routers (hellos over the simulated links, TCP in memory via testkit),
 * with static routes in the RIB standing in for OSPF.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtAddr } from '../../net/addr';
import { SEC } from '../../sim/scheduler';
import { LdpLab, buildLdpLab, lo } from './testkit';

const byPeer = (lab: LdpLab, i: number) => new Map(lab.ldp[i].sessions().map((s) => [s.peerId, s]));
const pid = (i: number) => `${fmtAddr(lo(i))}:0`;
const start = (lab: LdpLab) => lab.ldp.forEach((p) => p.start());

void test('two routers: Operational, the higher LSR ID is Active, keepalives one per period', () => {
  const lab = buildLdpLab(2, [[0, 1]], { memTcp: true });
  start(lab);
  lab.sched.runFor(10 * SEC);
  const a = byPeer(lab, 0).get(pid(1))!;
  const b = byPeer(lab, 1).get(pid(0))!;
  assert.equal(a.state, 'Operational');
  assert.equal(b.state, 'Operational');
  // 10.9.9.2 > 10.9.9.1: router 1 opened the TCP connection (RFC 5036 2.5.2).
  assert.equal(b.role, 'Active');
  assert.equal(a.role, 'Passive');
  assert.equal(a.lam, 'DU');
  assert.ok(a.upSince !== undefined && a.upSince < 10 * SEC);
  const s0 = a.kaSent;
  const r0 = a.kaRcvd;
  lab.sched.runFor(15 * SEC);
  const a2 = byPeer(lab, 0).get(pid(1))!;
  assert.equal(a2.kaSent, s0 + 1);
  assert.equal(a2.kaRcvd, r0 + 1);
  lab.sched.runFor(150 * SEC);
  const a3 = byPeer(lab, 0).get(pid(1))!;
  assert.equal(a3.kaSent, s0 + 11);
  assert.equal(a3.upSince, a.upSince, 'the session stayed up');
  // Direct neighbour: the peer's loopback is PHP (implicit null -> no label pushed).
  assert.deepEqual(lab.nodes[0].mpls.ftn(lo(1))?.map((p) => p.labels), [[]]);
  assert.deepEqual(lab.nodes[1].mpls.ftn(lo(0))?.map((p) => p.labels), [[]]);
  // Own loopback: implicit null advertised (label 3).
  assert.equal(lab.ldp[0].localBindings().find((b) => fmtAddr({ afi: 4, v: b.fec.net }) === '10.9.9.1')?.label, 3);
});

// The same scenarios over the in-memory TCP and over the simulated TCP (net/tcp.ts) end to end.
for (const [kind, memTcp] of [['memory TCP', true], ['simulated TCP', false]] as const) {
  void test(`line of three (${kind}): real label across the transit LSR, LFIB swap on it, withdraw when the route goes`, () => {
    const lab = buildLdpLab(3, [[0, 1], [1, 2]], { memTcp });
    start(lab);
    lab.sched.runFor(10 * SEC);
    assert.deepEqual([...byPeer(lab, 1).values()].map((s) => [s.peerId, s.state, s.role]), [
      [pid(0), 'Operational', 'Active'],
      [pid(2), 'Operational', 'Passive'],
    ]);
    assert.equal(byPeer(lab, 0).size, 1, 'r0 and r2 are not neighbours');
    // r1's label for r2's loopback, as r0 learnt it.
    const l1 = lab.ldp[1].localBindings().find((b) => b.fec.net === lo(2).v)!.label;
    assert.ok(l1 >= 16 && l1 !== 3);
    assert.equal(lab.ldp[0].peerMappings(pid(1))?.get(`4|${lo(2).v.toString(16)}|32`), l1);
    const ftn = lab.nodes[0].mpls.ftn(lo(2))!;
    assert.equal(ftn.length, 1);
    assert.deepEqual(ftn[0].labels, [l1]);
    assert.equal(fmtAddr(ftn[0].nextHop!), fmtAddr(lab.addrOn(0, 1)));
    assert.equal(ftn[0].iface, lab.port(0, 1));
    // Transit: r1 swaps its label for r2's implicit null (pop) out of the port to r2.
    const e = lab.nodes[1].mpls.lfib().find((x) => x.label === l1)!;
    assert.ok(e && e.action.kind === 'swap');
    assert.deepEqual(e.action.paths.map((p) => [p.iface.name, fmtAddr(p.nextHop!), p.labels]), [[lab.port(1, 2).name, fmtAddr(lab.addrOn(1, 2)), []]]);
    // Liberal retention: r0 keeps r1's mapping for its own loopback too, without using it.
    assert.ok(lab.ldp[0].peerMappings(pid(1))?.has(`4|${lo(0).v.toString(16)}|32`));
    // The route to r2 goes away on r1: r1 withdraws, r0's FTN loses the LSP, r1 frees the label after the release.
    const rib1 = lab.nodes[1].vrf('').rib[4];
    const kept = rib1.sourceRoutes('test').filter((r) => r.prefix.net !== lo(2).v);
    rib1.setSource('test', kept, lab.sched.now);
    lab.sched.runFor(2 * SEC);
    assert.equal(lab.nodes[0].mpls.ftn(lo(2)), undefined);
    assert.equal(lab.ldp[0].peerMappings(pid(1))?.has(`4|${lo(2).v.toString(16)}|32`), false);
    assert.equal(lab.nodes[1].mpls.lfib().find((x) => x.label === l1), undefined);
  });

  void test(`link cut (${kind}): the session drops within the hello hold time and re-forms after repair`, () => {
    const lab = buildLdpLab(2, [[0, 1]], { memTcp });
    start(lab);
    lab.sched.runFor(10 * SEC);
    assert.equal(byPeer(lab, 0).get(pid(1))?.state, 'Operational');
    const link = lab.link(0, 1);
    // A silent failure (every frame lost, carrier stays up): hello adjacency expires (15 s hold).
    link.loss = 1;
    lab.sched.runFor(16 * SEC);
    assert.equal(byPeer(lab, 0).size, 0);
    assert.equal(byPeer(lab, 1).size, 0);
    assert.equal(lab.nodes[0].mpls.ftn(lo(1)), undefined);
    link.loss = 0;
    lab.sched.runFor(8 * SEC);
    const s = byPeer(lab, 0).get(pid(1))!;
    assert.equal(s.state, 'Operational');
    assert.ok(s.upSince! > 20 * SEC, 'a new session');
    assert.deepEqual(lab.nodes[0].mpls.ftn(lo(1))?.map((p) => p.labels), [[]]);
    // Carrier loss: the interface goes down, the adjacency and session at once.
    link.up = false;
    lab.nodes[0].ifaceChanged(link.a);
    lab.nodes[1].ifaceChanged(link.b);
    lab.sched.runFor(1 * SEC);
    assert.equal(byPeer(lab, 0).size, 0);
    link.up = true;
    lab.nodes[0].ifaceChanged(link.a);
    lab.nodes[1].ifaceChanged(link.b);
    lab.sched.runFor(8 * SEC);
    assert.equal(byPeer(lab, 1).get(pid(0))?.state, 'Operational');
  });
}

void test('no mpls ldp / no lsr-id: nothing runs; stop() withdraws the FTN', () => {
  const lab = buildLdpLab(2, [[0, 1]], { memTcp: true });
  lab.cfgs[0].lsrId = undefined;
  start(lab);
  lab.sched.runFor(20 * SEC);
  assert.equal(lab.ldp[0].enabled, false);
  assert.equal(byPeer(lab, 1).size, 0);
  lab.cfgs[0].lsrId = '10.9.9.1';
  lab.ldp[0].update(lab.cfgs[0]);
  lab.sched.runFor(10 * SEC);
  assert.equal(byPeer(lab, 1).get(pid(0))?.state, 'Operational');
  assert.ok(lab.nodes[1].mpls.ftn(lo(0)));
  lab.ldp[1].stop();
  assert.equal(lab.nodes[1].mpls.ftn(lo(0)), undefined);
  lab.sched.runFor(1 * SEC);
  assert.equal(byPeer(lab, 0).get(pid(1))?.state, 'NonExistent', 'the peer saw the Notification / close');
  assert.equal(lab.nodes[0].mpls.ftn(lo(1)), undefined);
  lab.sched.runFor(15 * SEC);
  assert.equal(byPeer(lab, 0).size, 0, 'no hellos from the stopped router: the adjacency expired');
});
