/**
 * MPLS data plane (RFC 3032) and an L3VPN path (RFC 4364) built by hand: CE1 = PE1 - P - PE2 - CE2,
 * VPN routes with [transport, VPN] labels, PHP at P, pop into the VRF at PE2. Also ICMP error
 * sources, UDP port unreachable, per-packet load balancing, UDP traceroute, label allocation,
 * FTN, and a capture that tshark decodes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MS, SEC, Scheduler } from '../sim/scheduler';
import { Random } from '../sim/random';
import { Node } from '../net/node';
import { Link } from '../net/link';
import type { Iface } from '../net/iface';
import { Addr, fmtAddr, parseAddr, parsePrefix } from '../net/addr';
import type { Path, Route } from '../net/rib';
import { FIRST_DYNAMIC_LABEL } from '../net/mpls';
import * as P from '../net/packet';
import { ping, tracerouteUdp, ProbeResult, UdpTraceProbe } from '../net/tools';
import { pcapHeader, pcapRecord } from '../net/pcap';

const a = (s: string): Addr => parseAddr(s)!;

function vpnLab() {
  const sched = new Scheduler();
  const rng = new Random(5);
  const mk = (name: string, idx: number) => new Node(name, idx, sched, rng.fork(name));
  const [ce1, pe1, p, pe2, ce2] = [mk('ce1', 1), mk('pe1', 2), mk('p', 3), mk('pe2', 4), mk('ce2', 5)];
  const ifc = (n: Node, name: string, addr: string, len: number, vrf = '', kind: 'ethernet' | 'loopback' = 'ethernet'): Iface => {
    const i = n.addIface(name, kind);
    i.adminUp = true;
    i.vrf = vrf;
    n.vrf(vrf);
    i.v4 = { addr: a(addr), len };
    return i;
  };
  const links: Link[] = [];
  const wire = (x: Iface, y: Iface) => links.push(new Link(x, y, sched, rng.fork(`${x.node.name}${x.name}`)));
  wire(ifc(ce1, 'eth1', '10.1.1.1', 24), ifc(pe1, 'eth1', '10.1.1.2', 24, 'vpna'));
  wire(ifc(ce1, 'eth2', '10.2.1.1', 24), ifc(pe1, 'eth2', '10.2.1.2', 24, 'vpna'));
  wire(ifc(pe1, 'eth3', '172.16.1.1', 30), ifc(p, 'eth1', '172.16.1.2', 30));
  wire(ifc(p, 'eth2', '172.16.2.1', 30), ifc(pe2, 'eth1', '172.16.2.2', 30));
  wire(ifc(pe2, 'eth2', '10.3.1.1', 24, 'vpna'), ifc(ce2, 'eth1', '10.3.1.2', 24));
  ifc(pe1, 'lo0', '1.1.1.1', 32, '', 'loopback');
  ifc(p, 'lo0', '2.2.2.2', 32, '', 'loopback');
  ifc(pe2, 'lo0', '3.3.3.3', 32, '', 'loopback');
  ifc(ce2, 'lo0', '10.9.9.9', 32, '', 'loopback');
  const nodes = [ce1, pe1, p, pe2, ce2];
  for (const n of nodes) n.refreshConnected();
  const I = (n: Node, s: string) => n.ifaces.get(s)!;
  const set = (n: Node, vrf: string, routes: Array<[string, Path[]]>) =>
    n.vrf(vrf).rib[4].setSource(
      'test',
      routes.map(([pf, paths]): Route => ({ prefix: parsePrefix(pf)!, code: 'S', distance: 60, metric: 0, paths, since: 0, source: 'test' })),
      0,
    );
  // Labels: P swaps towards each PE with PHP; each PE has a per-VRF VPN label.
  const lpTo3 = p.mpls.allocLabel();
  const lpTo1 = p.mpls.allocLabel();
  const vpn2 = pe2.mpls.allocLabel();
  const vpn1 = pe1.mpls.allocLabel();
  p.mpls.setLabel(lpTo3, { kind: 'swap', owner: 'ldp', paths: [{ iface: I(p, 'eth2'), nextHop: a('172.16.2.2'), labels: [] }] });
  p.mpls.setLabel(lpTo1, { kind: 'swap', owner: 'ldp', paths: [{ iface: I(p, 'eth1'), nextHop: a('172.16.1.1'), labels: [] }] });
  pe2.mpls.setLabel(vpn2, { kind: 'vrf', vrf: 'vpna', owner: 'bgp' });
  pe1.mpls.setLabel(vpn1, { kind: 'vrf', vrf: 'vpna', owner: 'bgp' });
  for (const [n, ifs] of [
    [pe1, ['eth3']],
    [p, ['eth1', 'eth2']],
    [pe2, ['eth1']],
  ] as Array<[Node, string[]]>) {
    n.mpls.enabled = true;
    for (const i of ifs) n.mpls.ifaceEnabled.add(i);
  }
  const to3 = { iface: I(pe1, 'eth3'), nextHop: a('172.16.1.2') };
  const to1 = { iface: I(pe2, 'eth1'), nextHop: a('172.16.2.1') };
  set(ce1, '', [['0.0.0.0/0', [{ iface: I(ce1, 'eth1'), nextHop: a('10.1.1.2') }, { iface: I(ce1, 'eth2'), nextHop: a('10.2.1.2') }]]]);
  set(ce2, '', [['0.0.0.0/0', [{ iface: I(ce2, 'eth1'), nextHop: a('10.3.1.1') }]]]);
  set(pe1, '', [['3.3.3.3/32', [to3]], ['2.2.2.2/32', [to3]]]);
  set(pe2, '', [['1.1.1.1/32', [to1]], ['2.2.2.2/32', [to1]]]);
  set(p, '', [['1.1.1.1/32', [{ iface: I(p, 'eth1'), nextHop: a('172.16.1.1') }]], ['3.3.3.3/32', [{ iface: I(p, 'eth2'), nextHop: a('172.16.2.2') }]]]);
  const via3 = { ...to3, labels: [lpTo3, vpn2], via: a('3.3.3.3') };
  const via1 = { ...to1, labels: [lpTo1, vpn1], via: a('1.1.1.1') };
  set(pe1, 'vpna', [['10.3.1.0/24', [via3]], ['10.9.9.9/32', [via3]]]);
  set(pe2, 'vpna', [['10.1.1.0/24', [via1]], ['10.2.1.0/24', [via1]], ['10.9.9.9/32', [{ iface: I(pe2, 'eth2'), nextHop: a('10.3.1.2') }]]]);
  return { sched, nodes, ce1, pe1, p, pe2, ce2, links, labels: { lpTo3, lpTo1, vpn2, vpn1 } };
}

function pingOnce(n: Node, sched: Scheduler, dst: string, vrf = ''): ProbeResult[] {
  let out: ProbeResult[] = [];
  ping(n, { vrf, dst: a(dst), count: 2, size: 64, timeout: SEC, ttl: 255 }, () => {}, (all) => (out = all));
  sched.runFor(5 * SEC);
  return out;
}

void test('a VPN route with [transport, VPN] labels: push at PE1, PHP at P, pop into the VRF at PE2', () => {
  const L = vpnLab();
  const core: Array<{ from: string; stack: P.LabelEntry[]; ipTtl?: number }> = [];
  for (const k of [2, 3]) {
    L.links[k].taps.push((_t, from, fr) => {
      const e = P.decodeEth(fr)!;
      if (e.type !== P.ETH_MPLS) return;
      const d = P.decodeMpls(e.payload)!;
      core.push({ from: `${from.node.name}:${from.name}`, stack: d.stack, ipTtl: P.decodeIpAny(d.payload)?.ttl });
    });
  }
  const r = pingOnce(L.ce1, L.sched, '10.9.9.9');
  assert.deepEqual(r.map((x) => x.kind), ['reply', 'reply']);
  assert.equal(r[0].ttl, 255 - 2, 'reply TTL: PE2 and PE1 count as hops, the LSP does not (pipe model)');
  const { lpTo3, vpn2 } = L.labels;
  const out = core.find((c) => c.from === 'pe1:eth3')!;
  assert.deepEqual(out.stack, [
    { label: lpTo3, tc: 0, ttl: 255 },
    { label: vpn2, tc: 0, ttl: 255 },
  ]);
  assert.equal(out.ipTtl, 254, 'the IP TTL is decremented once at PE1, not copied into the label');
  const phP = core.find((c) => c.from === 'p:eth2')!;
  assert.deepEqual(phP.stack, [{ label: vpn2, tc: 0, ttl: 255 }], 'P popped the transport label (PHP)');
  assert.equal(phP.ipTtl, 254);
  assert.ok(lpTo3 >= FIRST_DYNAMIC_LABEL);
});

void test('labelled frames on an interface without MPLS, or with an unknown label, are dropped', () => {
  const L = vpnLab();
  L.p.mpls.ifaceEnabled.delete('eth1');
  const before = L.p.ip.dropped;
  assert.deepEqual(pingOnce(L.ce1, L.sched, '10.9.9.9').map((x) => x.kind), ['timeout', 'timeout']);
  assert.ok(L.p.ip.dropped >= before + 2);
  L.p.mpls.ifaceEnabled.add('eth1');
  assert.deepEqual(pingOnce(L.ce1, L.sched, '10.9.9.9').map((x) => x.kind), ['reply', 'reply']);
  L.p.mpls.removeLabel(L.labels.lpTo3);
  assert.deepEqual(pingOnce(L.ce1, L.sched, '10.9.9.9').map((x) => x.kind), ['timeout', 'timeout']);
  L.p.mpls.enabled = false;
  L.p.mpls.setLabel(L.labels.lpTo3, { kind: 'swap', owner: 'x', paths: [{ iface: L.p.ifaces.get('eth2')!, nextHop: a('172.16.2.2'), labels: [] }] });
  assert.deepEqual(pingOnce(L.ce1, L.sched, '10.9.9.9').map((x) => x.kind), ['timeout', 'timeout'], 'mpls off on the node');
});

void test('UDP tracert through the VPN: per-packet load balancing at CE1, TTL expiry after the pop answers from the VRF interface', () => {
  const L = vpnLab();
  const run = () => {
    const hops: string[] = [];
    let reached: boolean | undefined;
    const fmt = (p: UdpTraceProbe) => (p.from ? `${fmtAddr(p.from)}/${p.kind}` : p.kind);
    tracerouteUdp(L.ce1, { vrf: '', dst: a('10.9.9.9'), maxTtl: 10, probes: 3, timeout: 2 * SEC, size: 40, firstPort: 33434 }, (ttl, ps) => hops.push(`${ttl} ${ps.map(fmt).join(' ')}`), (ok) => (reached = ok));
    L.sched.runFor(60 * SEC);
    return { hops, reached };
  };
  L.ce1.ip.loadBalance = 'packet';
  const t = run();
  assert.equal(t.reached, true);
  assert.deepEqual(t.hops, [
    '1 10.1.1.2/ttl 10.2.1.2/ttl 10.1.1.2/ttl',
    '2 10.3.1.1/ttl 10.3.1.1/ttl 10.3.1.1/ttl',
    '3 10.3.1.2/unreach 10.3.1.2/unreach 10.3.1.2/unreach',
  ]);
  L.ce1.ip.loadBalance = 'flow';
  const f = run();
  const hop1 = f.hops[0].split(' ').slice(1);
  assert.equal(new Set(hop1).size, 1, `per flow: one path (${f.hops[0]})`);
  // No route: CE2 without its default route.
  L.ce2.vrf('').rib[4].setSource('test', [], L.sched.now);
  const n = run();
  assert.equal(n.reached, false);
});

void test('ICMP errors after the pop with no VRF route to the destination come from the first VRF interface', () => {
  const L = vpnLab();
  // PE2's VRF route to 10.9.9.9 goes; the fallback is the first up VRF interface (a loopback).
  const lo = L.pe2.addIface('lo1', 'loopback');
  lo.adminUp = true;
  lo.vrf = 'vpna';
  lo.v4 = { addr: a('10.8.8.8'), len: 32 };
  L.pe2.refreshConnected();
  L.pe2.vrf('vpna').rib[4].setSource('test', L.pe2.vrf('vpna').rib[4].sourceRoutes('test').filter((r) => r.prefix.len !== 32), L.sched.now);
  const hops: UdpTraceProbe[][] = [];
  tracerouteUdp(L.ce1, { vrf: '', dst: a('10.9.9.9'), maxTtl: 5, probes: 1, timeout: SEC, size: 40, firstPort: 33434 }, (_t, ps) => hops.push(ps), () => {});
  L.sched.runFor(20 * SEC);
  assert.deepEqual(
    hops.map((h) => `${h[0].kind} ${h[0].from ? fmtAddr(h[0].from) : ''}`),
    ['ttl 10.1.1.2', 'ttl 10.8.8.8', 'unreach 10.8.8.8'],
    'after the pop PE2 has no route: time exceeded, then network unreachable, from its first VRF interface',
  );
});

void test('UDP port unreachable from the arrival interface; never for multicast, broadcast or a port with a listener', () => {
  const L = vpnLab();
  const got: Array<{ from: string; type: number; code: number }> = [];
  L.ce1.ip.onIcmp((_i, ip, m) => got.push({ from: fmtAddr(ip.src), type: m.type, code: m.code }));
  L.pe1.ip.listenUdp(4000, () => {});
  const eth1 = L.ce1.ifaces.get('eth1')!;
  L.ce1.ip.sendUdp(a('10.1.1.1'), a('10.1.1.2'), 50001, 4001, Buffer.from('x'), { iface: eth1 });
  L.ce1.ip.sendUdp(a('10.1.1.1'), a('10.1.1.2'), 50001, 4000, Buffer.from('x'), { iface: eth1 });
  L.ce1.ip.sendUdp(a('10.1.1.1'), a('224.0.0.9'), 50001, 4001, Buffer.from('x'), { iface: eth1 });
  L.ce1.ip.sendUdp(a('10.1.1.1'), a('10.1.1.255'), 50001, 4001, Buffer.from('x'), { iface: eth1 });
  L.sched.runFor(4 * SEC);
  assert.deepEqual(got, [{ from: '10.1.1.2', type: 3, code: 3 }]);
});

void test('labels: dynamic from 48 up, freed labels reused; FTN by owner, exact host match, version and watchers', () => {
  const { pe1 } = vpnLab();
  const m = pe1.mpls;
  const l1 = m.allocLabel();
  const l2 = m.allocLabel();
  const l3 = m.allocLabel();
  assert.deepEqual([l2 - l1, l3 - l2], [1, 1]);
  m.setLabel(l2, { kind: 'vrf', vrf: 'vpna', owner: 'bgp' });
  m.freeLabel(l2);
  assert.equal(m.lfib().find((e) => e.label === l2), undefined, 'freeing removes the LFIB entry');
  assert.equal(m.allocLabel(), l2, 'reused');
  assert.equal(m.allocLabel(), l3 + 1);
  let fired = 0;
  const off = m.onFtnChange(() => fired++);
  const v0 = m.version;
  const paths: Path[] = [{ iface: pe1.ifaces.get('eth3')!, nextHop: a('172.16.1.2'), labels: [1025] }];
  m.setFtn('ldp', [{ fec: parsePrefix('3.3.3.3/32')!, paths }, { fec: parsePrefix('10.0.0.0/8')!, paths }]);
  assert.equal(m.version, v0 + 1);
  assert.deepEqual(m.ftn(a('3.3.3.3')), paths);
  assert.equal(m.ftn(a('3.3.3.4')), undefined);
  assert.equal(m.ftn(a('10.0.0.0')), undefined, 'host FECs only');
  m.setFtn('ldp', [{ fec: parsePrefix('3.3.3.3/32')!, paths: [{ ...paths[0] }] }, { fec: parsePrefix('10.0.0.0/8')!, paths }]);
  assert.equal(m.version, v0 + 1, 'no change, no bump');
  m.setFtn('ldp', []);
  assert.equal(m.ftn(a('3.3.3.3')), undefined);
  assert.equal(fired, 2);
  off();
  m.setFtn('ldp', [{ fec: parsePrefix('3.3.3.3/32')!, paths }]);
  assert.equal(fired, 2);
});

void test('a TCP + MPLS capture written with net/pcap decodes in tshark without warnings', (t) => {
  const L = vpnLab();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'np-mpls-')), 'core.pcap');
  const recs: Buffer[] = [pcapHeader()];
  L.links[2].taps.push((time, _f, fr) => recs.push(pcapRecord(time, fr)));
  // TCP between the PE loopbacks (public table) and a ping through the VPN.
  let got = 0;
  L.pe2.tcp.listen({ port: 5000, addr: a('3.3.3.3') }, (c) => c.onData((d) => (got += d.length)));
  const c = L.pe1.tcp.connect({ dst: a('3.3.3.3'), dport: 5000, src: a('1.1.1.1') });
  c.onConnect(() => c.send(Buffer.alloc(3000, 0x41)));
  L.sched.runFor(100 * MS);
  pingOnce(L.ce1, L.sched, '10.9.9.9');
  c.close();
  L.sched.runFor(3 * SEC);
  assert.equal(got, 3000);
  fs.writeFileSync(file, Buffer.concat(recs));
  let tshark = true;
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
  } catch {
    tshark = false;
  }
  if (!tshark) {
    t.skip('tshark is not installed');
    return;
  }
  const args = ['-n', '-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
  const text = execFileSync('tshark', [...args, '-T', 'fields', '-e', 'frame.protocols', '-e', '_ws.expert.severity', '-e', '_ws.expert.message'], { encoding: 'utf8' });
  const lines = text.trim().split('\n');
  assert.ok(lines.some((l) => l.includes('eth:ethertype:mpls:ip:icmp')), 'MPLS, then IP/ICMP');
  assert.ok(lines.some((l) => l.includes('eth:ethertype:ip:tcp')), 'TCP');
  // Expert info severity: 0x600000 warning, 0x800000 error (malformed, bad checksum).
  const bad = lines.filter((l) => /malformed|checksum|bad/i.test(l) || (l.split('\t')[1] ?? '').split(',').some((x) => Number(x) >= 0x600000));
  assert.deepEqual(bad, [], 'no malformed packets or bad checksums');
  const flags = execFileSync('tshark', [...args, '-Y', 'tcp', '-T', 'fields', '-e', 'tcp.flags.str'], { encoding: 'utf8' });
  assert.match(flags, /S·*\n/);
  assert.match(flags, /F/);
});
