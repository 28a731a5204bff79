/**
 * BGP/MPLS VPN on the document's PE triangle (routes pre-filled: static entries stand in for
 * OSPF, FTN set by hand) over the in-memory TCP of testing.ts, plus EBGP to a CE in a VRF.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { fmtAddr, parseIPv4 } from '../../net/addr';
import type { Route } from '../../net/rib';
import { buildLab, setStatic, vrfRoute } from './testlab';

const vias = (r: Route | undefined) => (r?.paths ?? []).map((x) => (x.via ? fmtAddr(x.via) : '-')).sort();

void test('PE triangle: all peers Established; PE3 load-balances 1.1.1.1/32 over PE1 and PE2 with LDP+VPN labels', () => {
  const lab = buildLab(2);
  lab.sched.runFor(10 * SEC);
  for (const pe of ['PE1', 'PE2', 'PE3']) {
    const ps = lab.bgp[pe].peers().filter((p) => p.vrf === '');
    assert.equal(ps.length, 2);
    for (const p of ps) {
      assert.equal(p.state, 'Established', `${pe} -> ${p.addr}`);
      assert.deepEqual(p.families, ['ipv4', 'vpnv4']);
    }
  }
  const r = vrfRoute(lab.nodes.PE3, '1.1.1.1/32');
  assert.ok(r);
  assert.equal(r.code, 'B');
  assert.equal(r.external, false);
  assert.equal(r.distance, 255);
  assert.deepEqual(vias(r), ['2.2.2.2', '3.3.3.3']);
  const l1 = lab.bgp.PE1.vpnLabel('VPNA')!;
  const viaPe1 = r.paths.find((x) => x.via && fmtAddr(x.via) === '2.2.2.2')!;
  assert.deepEqual(viaPe1.labels, [1001, l1]);
  assert.equal(viaPe1.iface, lab.ifs['PE3:PE1']);
  // Subnets behind each PE: 10.1.1.0/24 via PE1 only, PE3's own subnet stays direct.
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE3, '10.1.1.0/24')), ['2.2.2.2']);
  assert.equal(vrfRoute(lab.nodes.PE3, '10.3.1.0/24')?.code, 'C');
  // PE1 keeps its static route (preference 60 beats BGP 255) and learns 10.3.1.0/24 from PE3.
  assert.equal(vrfRoute(lab.nodes.PE1, '1.1.1.1/32')?.code, 'S');
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE1, '10.3.1.0/24')), ['4.4.4.4']);
  assert.ok(lab.bgp.PE1.peers().every((p) => p.prefRcv.vpnv4 >= 2));
});

void test('maximum load-balancing 1 installs one path; withdrawing PE1 static keeps the PE2 path', () => {
  const one = buildLab(1);
  one.sched.runFor(10 * SEC);
  assert.equal(vrfRoute(one.nodes.PE3, '1.1.1.1/32')?.paths.length, 1);

  const lab = buildLab(2);
  lab.sched.runFor(10 * SEC);
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE3, '1.1.1.1/32')), ['2.2.2.2', '3.3.3.3']);
  setStatic(lab.nodes.PE1, lab.ifs['PE1:ce'], '10.1.1.1', false);
  lab.sched.runFor(3 * SEC);
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE3, '1.1.1.1/32')), ['3.3.3.3']);
  // PE1 now reaches 1.1.1.1 through PE2 over BGP.
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE1, '1.1.1.1/32')), ['3.3.3.3']);
  // And back.
  setStatic(lab.nodes.PE1, lab.ifs['PE1:ce'], '10.1.1.1', true);
  lab.sched.runFor(3 * SEC);
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE3, '1.1.1.1/32')), ['2.2.2.2', '3.3.3.3']);
});

void test('no LSP to the next hop: the VPN route is not installed (RFC 4364 5)', () => {
  const lab = buildLab(2);
  lab.sched.runFor(10 * SEC);
  lab.mpls.PE3.setFtn('ldp', []);
  lab.sched.runFor(1 * SEC);
  assert.equal(vrfRoute(lab.nodes.PE3, '1.1.1.1/32'), undefined);
});

void test('EBGP PE3-CE2 in the VRF: AS_PATH prepended both ways, CE routes exported to the other PEs', () => {
  const lab = buildLab(2);
  lab.sched.runFor(10 * SEC);
  const ce = lab.bgp.PE3.peers().find((p) => p.vrf === 'VPNA')!;
  assert.equal(ce.state, 'Established');
  assert.equal(ce.remoteAs, 65410);
  // CE2 learns 1.1.1.1/32 in its public table, EBGP, next hop PE3, AS path 100.
  const r = vrfRoute(lab.nodes.CE2, '1.1.1.1/32', '')!;
  assert.equal(r.code, 'B');
  assert.equal(r.external, true);
  assert.equal(fmtAddr(r.paths[0].nextHop!), '10.3.1.1');
  assert.deepEqual(lab.bgp.CE2.asPathFor('', parseIPv4('10.2.1.2')!), [100]);
  // CE2's loopback reaches PE3's VRF (external) and PE1 via VPNv4 with AS path 65410.
  const p3 = vrfRoute(lab.nodes.PE3, '192.168.50.1/32')!;
  assert.equal(p3.external, true);
  assert.equal(fmtAddr(p3.paths[0].nextHop!), '10.3.1.2');
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE1, '192.168.50.1/32')), ['4.4.4.4']);
  assert.deepEqual(lab.bgp.PE1.asPathFor('VPNA', parseIPv4('192.168.50.1')!), [65410]);
  assert.ok(ce.prefRcv.ipv4 >= 2);
});

void test('hold timer expiry drops the peer and withdraws its routes; it comes back when the path heals', () => {
  const lab = buildLab(2, { hold: 9 });
  lab.sched.runFor(10 * SEC);
  assert.equal(lab.bgp.PE3.peers().find((p) => p.addr === '2.2.2.2')?.state, 'Established');
  lab.net.cut(lab.nodes.PE1, lab.nodes.PE3);
  lab.sched.runFor(5 * SEC);
  assert.equal(lab.bgp.PE3.peers().find((p) => p.addr === '2.2.2.2')?.state, 'Established', 'still within hold time');
  lab.sched.runFor(6 * SEC);
  assert.notEqual(lab.bgp.PE3.peers().find((p) => p.addr === '2.2.2.2')?.state, 'Established');
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE3, '1.1.1.1/32')), ['3.3.3.3']);
  lab.net.cut(lab.nodes.PE1, lab.nodes.PE3, false);
  lab.sched.runFor(60 * SEC);
  assert.equal(lab.bgp.PE3.peers().find((p) => p.addr === '2.2.2.2')?.state, 'Established');
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE3, '1.1.1.1/32')), ['2.2.2.2', '3.3.3.3']);
});

void test('stop() withdraws every BGP route and closes the sessions', () => {
  const lab = buildLab(2);
  lab.sched.runFor(10 * SEC);
  lab.bgp.PE1.stop();
  lab.sched.runFor(2 * SEC);
  assert.equal(lab.nodes.PE1.vrf('VPNA').rib[4].sourceRoutes('bgp').length, 0);
  assert.notEqual(lab.bgp.PE3.peers().find((p) => p.addr === '2.2.2.2')?.state, 'Established');
  assert.deepEqual(vias(vrfRoute(lab.nodes.PE3, '1.1.1.1/32')), ['3.3.3.3']);
});

void test('OPEN carries VRP\'s capabilities; a ROUTE-REFRESH makes the peer send its routes again', () => {
  const lab = buildLab(1);
  lab.sched.runFor(30 * SEC);
  // PE1's view of PE2's OPEN: Multiprotocol for VPNv4 (and IPv4 when enabled), 128, 2, 65.
  const caps = lab.bgp.PE1.peerCapabilities('', '3.3.3.3');
  assert.deepEqual(caps.slice(-3), [128, 2, 65]);
  assert.ok(caps.slice(0, -3).length >= 1 && caps.slice(0, -3).every((c) => c === 1));
  const before = lab.bgp.PE2.peers().find((x) => x.addr === '2.2.2.2')!.msgSent;
  const rcvd = lab.bgp.PE1.peers().find((x) => x.addr === '3.3.3.3')!;
  assert.ok(rcvd.prefRcv.vpnv4 > 0, 'PE2 advertises VPNv4 routes to PE1');
  const pe2 = lab.bgp.PE2;
  const asked: string[] = [];
  const orig = pe2.refresh.bind(pe2);
  pe2.refresh = (p) => {
    asked.push(fmtAddr(p.addr));
    orig(p);
  };
  assert.equal(lab.bgp.PE1.requestRefresh('', '3.3.3.3', 'vpnv4'), true);
  lab.sched.runFor(1 * SEC);
  assert.deepEqual(asked, ['2.2.2.2']);
  const after = lab.bgp.PE2.peers().find((x) => x.addr === '2.2.2.2')!.msgSent;
  assert.ok(after > before, `PE2 re-sent its Adj-RIB-Out (${before} -> ${after} messages)`);
  assert.equal(lab.bgp.PE1.peers().find((x) => x.addr === '3.3.3.3')!.state, 'Established');
  assert.equal(lab.bgp.PE1.requestRefresh('', '9.9.9.9', 'vpnv4'), false);
});
