/**
 * The simulated network on the wire: address resolution, ping and traceroute over several
 * hops, checksums, and frames that decode as real Ethernet/802.1Q/IPv4/IPv6 with a decoder
 * written here from the standards (not the one the router uses).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import { MS, SEC } from '../sim/scheduler';
import { Addr, addrEq, fmtAddr, parseAddr } from '../net/addr';
import * as P from '../net/packet';
import { ping, traceroute, ProbeResult } from '../net/tools';
import { GenLab, device, lineLab } from './testlab';

const SEED_TOPO = path.join(__dirname, '../../topologies/pvrp-ecmp/pvrp-ecmp.clab.yml');
const a = (s: string): Addr => parseAddr(s)!;
const nodeOf = (g: GenLab, i: number) => g.lab.node(g.routers[i].name).node;
const ifaceOf = (g: GenLab, i: number, name: string) => nodeOf(g, i).ifaces.get(name)!;

// ---- an independent decoder (IEEE 802.3 / 802.1Q, RFC 826, 791, 8200, 768, 4443) ----
function onesSum(...parts: Buffer[]): number {
  let s = 0;
  for (const p of parts) for (let i = 0; i < p.length; i += 2) s += (p[i] << 8) | (i + 1 < p.length ? p[i + 1] : 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}
interface Decoded {
  dst: string;
  src: string;
  vlan?: number;
  type: number;
  l3: Buffer;
}
function eth(frame: Buffer): Decoded {
  const mac = (o: number) => [...frame.subarray(o, o + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
  let type = frame.readUInt16BE(12);
  let off = 14;
  let vlan: number | undefined;
  if (type === 0x8100) {
    vlan = frame.readUInt16BE(14) & 0x0fff;
    type = frame.readUInt16BE(16);
    off = 18;
  }
  return { dst: mac(0), src: mac(6), vlan, type, l3: frame.subarray(off) };
}
/** IPv4 or IPv6 header checks; returns the transport bytes and the pseudo-header. */
function ipCheck(type: number, b: Buffer): { proto: number; src: Buffer; dst: Buffer; ttl: number; l4: Buffer; pseudo: Buffer } {
  if (type === 0x0800) {
    assert.equal(b[0] >> 4, 4, 'IPv4 version');
    const ihl = (b[0] & 15) * 4;
    assert.equal(ihl, 20);
    const total = b.readUInt16BE(2);
    assert.ok(total <= b.length);
    assert.equal(onesSum(b.subarray(0, ihl)), 0xffff, 'IPv4 header checksum');
    const l4 = b.subarray(ihl, total);
    const pseudo = Buffer.concat([b.subarray(12, 20), Buffer.from([0, b[9], l4.length >> 8, l4.length & 255])]);
    return { proto: b[9], src: b.subarray(12, 16), dst: b.subarray(16, 20), ttl: b[8], l4, pseudo };
  }
  assert.equal(type, 0x86dd);
  assert.equal(b[0] >> 4, 6, 'IPv6 version');
  const plen = b.readUInt16BE(4);
  const l4 = b.subarray(40, 40 + plen);
  assert.equal(l4.length, plen);
  const len = Buffer.alloc(8);
  len.writeUInt32BE(plen, 0);
  len[7] = b[6];
  return { proto: b[6], src: b.subarray(8, 24), dst: b.subarray(24, 40), ttl: b[7], l4, pseudo: Buffer.concat([b.subarray(8, 40), len]) };
}

async function settle<T>(g: GenLab, p: Promise<T>, virtual: number): Promise<T> {
  let done = false;
  void p.then(() => {
    done = true;
  });
  g.lab.sched.runFor(virtual);
  await new Promise((r) => setImmediate(r));
  assert.ok(done, 'finished within the virtual time given');
  return p;
}

void test('ARP and ND resolve a neighbour across a link, with requests and answers on the wire', async () => {
  const g = await lineLab(2);
  const frames: Buffer[] = [];
  g.lab.links[0].link.taps.push((_t, _from, f) => frames.push(Buffer.from(f)));
  const mine = ifaceOf(g, 0, 'ethernet1');
  const theirs = ifaceOf(g, 1, 'ethernet2');
  const got: Record<string, Buffer | undefined> = {};
  nodeOf(g, 0).neighbors.resolve(mine, a(g.routers[1].ports[0].v4), (m) => (got.v4 = m));
  nodeOf(g, 0).neighbors.resolve(mine, a(g.routers[1].ports[0].v6), (m) => (got.v6 = m));
  nodeOf(g, 0).neighbors.resolve(mine, a('10.20.7.3'), (m) => (got.none = m ?? Buffer.from('none')));
  g.lab.sched.runFor(10 * MS);
  assert.deepEqual(got.v4, theirs.mac);
  assert.deepEqual(got.v6, theirs.mac);
  assert.ok(!('none' in got), 'still trying');
  g.lab.sched.runFor(4 * SEC);
  assert.equal(String(got.none), 'none', 'an absent host is given up after the retries');
  const macOf = (m: Buffer) => [...m].map((x) => x.toString(16).padStart(2, '0')).join(':');
  // ARP request broadcast, reply unicast (RFC 826).
  const arps = frames.map(eth).filter((f) => f.type === 0x0806);
  const req = arps.find((f) => f.l3.readUInt16BE(6) === 1 && fmtAddr({ afi: 4, v: BigInt(f.l3.readUInt32BE(24)) }) === g.routers[1].ports[0].v4)!;
  assert.equal(req.dst, 'ff:ff:ff:ff:ff:ff');
  assert.equal(req.src, macOf(mine.mac));
  assert.deepEqual([req.l3.readUInt16BE(0), req.l3.readUInt16BE(2), req.l3[4], req.l3[5]], [1, 0x0800, 6, 4]);
  const rep = arps.find((f) => f.l3.readUInt16BE(6) === 2)!;
  assert.equal(rep.dst, macOf(mine.mac));
  assert.equal(rep.src, macOf(theirs.mac));
  assert.equal(macOf(rep.l3.subarray(8, 14)), macOf(theirs.mac), 'sender hardware address');
  assert.equal(arps.filter((f) => f.l3.readUInt16BE(6) === 1 && f.l3.readUInt32BE(24) === 0x0a140703).length, 3, 'three tries for 10.20.7.3');
  // Neighbour solicitation to the solicited-node group, advertisement back (RFC 4861).
  const nds = frames
    .map(eth)
    .filter((f) => f.type === 0x86dd)
    .map((f) => ({ f, ip: ipCheck(f.type, f.l3) }))
    .filter((x) => x.ip.proto === 58);
  const ns = nds.find((x) => x.ip.l4[0] === 135)!;
  assert.equal(ns.f.dst, '33:33:ff:00:00:06');
  assert.equal(ns.ip.ttl, 255, 'ND hop limit 255');
  assert.equal(onesSum(ns.ip.pseudo, ns.ip.l4), 0xffff, 'ICMPv6 checksum');
  const na = nds.find((x) => x.ip.l4[0] === 136)!;
  assert.equal(na.f.dst, macOf(mine.mac));
  assert.equal(onesSum(na.ip.pseudo, na.ip.l4), 0xffff, 'ICMPv6 checksum');
});

void test('ping and traceroute across 3 hops: each hop answers from its address, TTL expired from the routers in between', async () => {
  const g = await lineLab(4);
  g.lab.sched.runFor(40 * SEC);
  const alpha = nodeOf(g, 0);
  for (const [dst, hopsWant] of [
    ['10.255.0.4', ['10.20.7.6', '10.21.7.6', '10.255.0.4']],
    ['2001:db8:ffff::4', ['2001:db8:1::6', '2001:db8:2::6', '2001:db8:ffff::4']],
  ] as Array<[string, string[]]>) {
    let pings: ProbeResult[] | undefined;
    ping(alpha, { vrf: 'core', dst: a(dst), count: 3, size: 64, timeout: SEC, ttl: 255 }, () => {}, (all) => (pings = all));
    g.lab.sched.runFor(5 * SEC);
    assert.ok(pings);
    assert.deepEqual(
      pings.map((r) => [r.ok, r.kind, r.ttl]),
      [
        [true, 'reply', 253],
        [true, 'reply', 253],
        [true, 'reply', 253],
      ],
      'answered by delta, two routers in between',
    );
    for (const r of pings) assert.ok(addrEq(r.from!, a(dst)));
    const hops: Array<[number, string, string]> = [];
    let reached: boolean | undefined;
    traceroute(alpha, { vrf: 'core', dst: a(dst), size: 64, timeout: SEC, maxTtl: 30 }, (ttl, r) => hops.push([ttl, fmtAddr(r.from!), r.kind!]), (ok) => (reached = ok));
    g.lab.sched.runFor(5 * SEC);
    assert.equal(reached, true);
    assert.deepEqual(hops, [
      [1, hopsWant[0], 'ttl'],
      [2, hopsWant[1], 'ttl'],
      [3, hopsWant[2], 'reply'],
    ]);
  }
  // The same through the CLI.
  const s = device(g, 0).sessions()('test');
  const out = (await settle(g, s.execute('traceroute 10.255.0.4 vrf core source lo0'), 5 * SEC)).output;
  assert.match(out, /^tracing 10\.255\.0\.4, src=10\.255\.0\.1, vrf=core,/);
  assert.deepEqual(
    out
      .split('\n')
      .filter((l) => /^\d+ /.test(l))
      .map((l) => l.split(' ').slice(0, 2).join(' ')),
    ['1 10.20.7.6', '2 10.21.7.6', '3 10.255.0.4'],
  );
  const p = (await settle(g, s.execute('ping 2001:db8:ffff::4 vrf core source lo0'), 5 * SEC)).output;
  assert.match(p, /^pinging 2001:db8:ffff::4, src=2001:db8:ffff::1, vrf=core, via=null, cnt=5, len=64,/);
  assert.match(p, /\n!!!!!\nresult=100\.0%, recv\/sent\/lost\/err=5\/5\/0\/0, .*ttl 253\/253\/253\/0\.0/);
});

void test('ping to an unreachable address reports loss and ends', async () => {
  const g = await lineLab(4);
  g.lab.sched.runFor(40 * SEC);
  const s = device(g, 0).sessions()('test');
  // No route at all: each probe fails at once (probes start 1 ms apart).
  const none = (await settle(g, s.execute('ping 172.31.1.1 vrf core repeat 4'), 10 * MS)).output;
  assert.match(none, /\nUUUU\nresult=0\.0%, recv\/sent\/lost\/err=0\/4\/4\/4, /);
  // A routed subnet with nobody at the address: the last router cannot resolve it; timeouts.
  const t0 = g.lab.sched.now;
  const lost = (await settle(g, s.execute('ping 10.22.7.3 vrf core repeat 3 timeout 500'), 2 * SEC)).output;
  assert.match(lost, /\n\.\.\.\nresult=0\.0%, recv\/sent\/lost\/err=0\/3\/3\/0, took 1500,/);
  assert.ok(g.lab.sched.now - t0 <= 2 * SEC);
  const lost6 = (await settle(g, s.execute('ping 2001:db8:3::3 vrf core repeat 2'), 3 * SEC)).output;
  assert.match(lost6, /\n\.\.\nresult=0\.0%, recv\/sent\/lost\/err=0\/2\/2\/0, /);
  // A cut link on the way: loss, then the answers come back once the link is up again.
  g.lab.setLink('bravo', 'charlie', { loss: 1 });
  const cut = (await settle(g, s.execute('ping 10.255.0.4 vrf core repeat 2 timeout 200'), 1 * SEC)).output;
  assert.match(cut, /\n\.\.\nresult=0\.0%, recv\/sent\/lost\/err=0\/2\/2\/0, /);
  g.lab.setLink('bravo', 'charlie', { loss: 0 });
  g.lab.sched.runFor(20 * SEC);
  const back = (await settle(g, s.execute('ping 10.255.0.4 vrf core repeat 2'), 1 * SEC)).output;
  assert.match(back, /\n!!\nresult=100\.0%/);
});

void test('checksums: a frame with a corrupted IPv4 header or UDP checksum is dropped, a good one delivered', async () => {
  const g = await lineLab(2);
  g.lab.sched.runFor(10 * SEC);
  const bravo = nodeOf(g, 1);
  const port = ifaceOf(g, 1, 'ethernet2');
  const src = a(g.routers[0].ports[0].v4);
  const dst = a(g.routers[1].ports[0].v4);
  const got: string[] = [];
  bravo.ip.listenUdp(4242, (_i, _ip, u) => got.push(u.data.toString()));
  const frame = (text: string, afi: 4 | 6 = 4) => {
    const s = afi === 4 ? src : a(g.routers[0].ports[0].v6);
    const d = afi === 4 ? dst : a(g.routers[1].ports[0].v6);
    const udp = P.encodeUdp(s, d, { sport: 4242, dport: 4242, data: Buffer.from(text) });
    const ip = P.encodeIp({ src: s, dst: d, proto: P.PROTO_UDP, ttl: 64, payload: udp });
    return P.encodeEth({ dst: port.mac, src: ifaceOf(g, 0, 'ethernet1').mac, type: afi === 4 ? P.ETH_IPV4 : P.ETH_IPV6, payload: ip });
  };
  bravo.receiveFrame(port, frame('good'));
  const ttl = frame('bad ttl');
  ttl[14 + 8] ^= 0x10; // TTL changed in flight, checksum not updated
  bravo.receiveFrame(port, ttl);
  const sum = frame('bad checksum');
  sum[14 + 10] ^= 0xff;
  bravo.receiveFrame(port, sum);
  const addr = frame('bad source');
  addr[14 + 12] ^= 1;
  bravo.receiveFrame(port, addr);
  const data = frame('bad udp');
  data[data.length - 1] ^= 0x20; // payload changed: the UDP checksum no longer matches (RFC 1122 4.1.3.4)
  bravo.receiveFrame(port, data);
  bravo.receiveFrame(port, frame('good v6', 6));
  const zero6 = frame('zero v6', 6);
  zero6.writeUInt16BE(0, 14 + 40 + 6); // RFC 8200 8.1: a zero UDP checksum over IPv6 is discarded
  bravo.receiveFrame(port, zero6);
  const bad6 = frame('bad v6', 6);
  bad6[bad6.length - 1] ^= 1;
  bravo.receiveFrame(port, bad6);
  assert.deepEqual(got, ['good', 'good v6']);
  // A corrupted echo request gets no reply on the wire.
  const replies: Buffer[] = [];
  g.lab.links[0].link.taps.push((_t, from, f) => {
    const e = eth(f);
    if (from === port && e.type === 0x0800 && e.l3[9] === 1) replies.push(Buffer.from(f));
  });
  const echo = (corrupt: boolean) => {
    const icmp = P.encodeIcmp(src, dst, { type: 8, code: 0, body: Buffer.from([0, 1, 0, 1, 1, 2, 3, 4]) });
    const ip = P.encodeIp({ src, dst, proto: P.PROTO_ICMP, ttl: 64, payload: icmp });
    if (corrupt) ip[1] ^= 0x04;
    return P.encodeEth({ dst: port.mac, src: ifaceOf(g, 0, 'ethernet1').mac, type: P.ETH_IPV4, payload: ip });
  };
  bravo.receiveFrame(port, echo(true));
  g.lab.sched.runFor(10 * MS);
  assert.equal(replies.length, 0);
  bravo.receiveFrame(port, echo(false));
  g.lab.sched.runFor(10 * MS);
  assert.equal(replies.length, 1);
});

void test('captured frames are real Ethernet, 802.1Q, IPv4, IPv6, UDP and ARP/ND', async () => {
  const lab = Lab.create(await loadTopology(SEED_TOPO), { mode: 'fast', telnet: false });
  const frames: Array<{ from: string; frame: Buffer }> = [];
  for (const { link } of lab.links) link.taps.push((_t, from, f) => frames.push({ from: `${from.node.name}:${from.name}`, frame: Buffer.from(f) }));
  lab.sched.runFor(30 * SEC);
  assert.ok(frames.length > 100);
  const seen = new Set<string>();
  for (const { from, frame } of frames) {
    const f = eth(frame);
    assert.ok(f.vlan === 11 || f.vlan === 22, `${from}: every frame of the seed lab is tagged 11 or 22`);
    const [node, port] = from.split(':');
    assert.equal(f.src, [...lab.node(node).node.ifaces.get(port)!.mac].map((x) => x.toString(16).padStart(2, '0')).join(':'));
    if (f.type === 0x0806) {
      seen.add('arp');
      assert.equal(f.l3.length, 28);
      continue;
    }
    const ip = ipCheck(f.type, f.l3);
    seen.add(f.type === 0x0800 ? 'ipv4' : 'ipv6');
    if (ip.proto === 17) {
      const sport = ip.l4.readUInt16BE(0);
      const dport = ip.l4.readUInt16BE(2);
      assert.equal(ip.l4.readUInt16BE(4), ip.l4.length, 'UDP length');
      assert.equal(onesSum(ip.pseudo, ip.l4), 0xffff, 'UDP checksum');
      assert.deepEqual([sport, dport], [1547, 1547], 'PVRP port');
      const text = ip.l4.subarray(8).toString();
      assert.match(text, /^pvrp (hello|data) s=\d+ /);
      if (text.includes('\nopen rtrid=')) seen.add('open');
      if (text.startsWith('pvrp hello')) {
        const group = f.type === 0x0800 ? [224, 0, 0, 227] : [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x27];
        assert.deepEqual([...ip.dst], group);
        assert.equal(f.dst, f.type === 0x0800 ? '01:00:5e:00:00:e3' : '33:33:00:00:02:27');
        seen.add(`hello${f.type === 0x0800 ? 4 : 6}`);
      }
    } else {
      assert.equal(ip.proto, 58, 'ICMPv6');
      assert.equal(onesSum(ip.pseudo, ip.l4), 0xffff, 'ICMPv6 checksum');
      seen.add(`icmp6-${ip.l4[0]}`);
    }
  }
  assert.deepEqual([...seen].sort(), ['arp', 'hello4', 'hello6', 'icmp6-135', 'icmp6-136', 'ipv4', 'ipv6', 'open']);
});
