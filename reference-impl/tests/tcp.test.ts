/**
 * TCP (RFC 9293) between simulated nodes: handshake, 100 kB each way, FIN close, loss recovery,
 * RST from a closed port, retransmission give-up on a cut link, listeners in a VRF, and the
 * segments on the wire checked with a decoder written here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler, SEC } from '../sim/scheduler';
import { Random } from '../sim/random';
import { Node } from '../net/node';
import { Link } from '../net/link';
import type { Iface } from '../net/iface';
import { Addr, parseAddr } from '../net/addr';
import type { TcpConn } from '../net/tcp';

const a = (s: string): Addr => parseAddr(s)!;

function lab(seed = 3) {
  const sched = new Scheduler();
  const rng = new Random(seed);
  const nodes = [new Node('left', 1, sched, rng.fork('left')), new Node('right', 2, sched, rng.fork('right'))];
  const addIf = (n: Node, name: string, addr: string, len: number, vrf = ''): Iface => {
    const i = n.addIface(name, 'ethernet');
    i.adminUp = true;
    i.vrf = vrf;
    i.v4 = { addr: a(addr), len };
    return i;
  };
  const x = addIf(nodes[0], 'eth1', '172.16.9.1', 30);
  const y = addIf(nodes[1], 'eth1', '172.16.9.2', 30);
  const link = new Link(x, y, sched, rng.fork('link'));
  for (const n of nodes) n.refreshConnected();
  return { sched, nodes, link, addIf, rng };
}

function pattern(n: number, salt: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + salt + (i >> 8)) & 0xff;
  return b;
}

/** Collect what a connection receives and how it ends. */
function watch(c: TcpConn) {
  const w = { chunks: [] as Buffer[], closed: undefined as string | undefined, connected: false, len: 0 };
  c.onData((d) => {
    w.chunks.push(Buffer.from(d));
    w.len += d.length;
  });
  c.onClose((why) => (w.closed = why));
  c.onConnect(() => (w.connected = true));
  return { w, data: () => Buffer.concat(w.chunks) };
}

function exchange(loss: number, seed: number) {
  const { sched, nodes, link } = lab(seed);
  let server: ReturnType<typeof watch> | undefined;
  let sconn: TcpConn | undefined;
  const up = pattern(100_000, 1);
  const down = pattern(100_000, 2);
  nodes[1].tcp.listen({ port: 179 }, (c) => {
    sconn = c;
    server = watch(c);
    c.send(down);
  });
  link.loss = loss;
  const c = nodes[0].tcp.connect({ dst: a('172.16.9.2'), dport: 179 });
  const client = watch(c);
  c.onConnect(() => c.send(up));
  sched.runUntilCondition(() => client.w.len === down.length && (server?.w.len ?? 0) === up.length, 600 * SEC);
  assert.ok(client.w.connected);
  assert.ok(sconn && server);
  assert.equal(c.local.port >= 49152 && c.local.port <= 65535, true, `ephemeral port ${c.local.port}`);
  assert.equal(sconn.remote.port, c.local.port);
  assert.ok(server.data().equals(up), 'every byte client -> server, in order');
  assert.ok(client.data().equals(down), 'every byte server -> client, in order');
  assert.equal(c.state, 'ESTABLISHED');
  c.close();
  sched.runFor(120 * SEC);
  assert.equal(client.w.closed, 'closed');
  assert.equal(server.w.closed, 'closed');
  assert.equal(c.state, 'CLOSED', 'TIME-WAIT over');
  assert.equal(sconn.state, 'CLOSED');
  return { link, sched };
}

void test('three-way handshake, 100 kB each way, FIN both ways', () => {
  const { sched } = exchange(0, 3);
  assert.ok(sched.now < 200 * SEC);
});

void test('a link dropping 20% of frames still delivers every byte in order', () => {
  const { link } = exchange(0.2, 11);
  assert.ok(link.lostFrames > 20, `frames lost: ${link.lostFrames}`);
});

void test('a SYN to a port nobody listens on is answered with RST: reset', () => {
  const { sched, nodes } = lab();
  const c = nodes[0].tcp.connect({ dst: a('172.16.9.2'), dport: 646 });
  const w = watch(c);
  sched.runFor(1 * SEC);
  assert.equal(w.w.closed, 'reset');
  assert.equal(w.w.connected, false);
  assert.equal(c.state, 'CLOSED');
});

void test('abort() resets the peer; a cut link and an unanswered SYN time out', () => {
  const { sched, nodes, link } = lab();
  let peer: ReturnType<typeof watch> | undefined;
  nodes[1].tcp.listen({ port: 179 }, (c) => (peer = watch(c)));
  const c = nodes[0].tcp.connect({ dst: a('172.16.9.2'), dport: 179 });
  const w = watch(c);
  sched.runFor(1 * SEC);
  assert.ok(w.w.connected && peer);
  c.abort();
  sched.runFor(1 * SEC);
  assert.equal(peer.w.closed, 'reset');
  assert.equal(w.w.closed, 'reset');

  const c2 = nodes[0].tcp.connect({ dst: a('172.16.9.2'), dport: 179 });
  const w2 = watch(c2);
  sched.runFor(1 * SEC);
  assert.ok(w2.w.connected);
  link.up = false;
  const t0 = sched.now;
  c2.send(Buffer.from('hello'));
  sched.runFor(60 * SEC);
  assert.equal(w2.w.closed, undefined, 'still retransmitting (1+2+4+8+16+32 s)');
  sched.runFor(200 * SEC);
  assert.equal(w2.w.closed, 'timeout');
  assert.ok(sched.now - t0 > 63 * SEC);

  const c3 = nodes[0].tcp.connect({ dst: a('172.16.9.3'), dport: 179 });
  const w3 = watch(c3);
  sched.runFor(300 * SEC);
  assert.equal(w3.w.closed, 'timeout', 'nobody answers the SYN');
});

void test('a listener in a VRF accepts only connections arriving in that VRF', () => {
  const { sched, nodes, link, addIf, rng } = lab();
  // A second link in VRF blue between the same nodes, same addresses as the public link.
  const x = addIf(nodes[0], 'eth2', '172.16.9.1', 30, 'blue');
  const y = addIf(nodes[1], 'eth2', '172.16.9.2', 30, 'blue');
  new Link(x, y, sched, rng.fork('blue'));
  for (const n of nodes) {
    n.vrf('blue');
    n.refreshConnected();
  }
  const accepted: string[] = [];
  nodes[1].tcp.listen({ port: 179, vrf: 'blue' }, (c) => {
    accepted.push(c.vrf);
    c.onData((d) => c.send(Buffer.concat([Buffer.from('echo:'), d])));
  });
  const pub = watch(nodes[0].tcp.connect({ dst: a('172.16.9.2'), dport: 179 }));
  const blueConn = nodes[0].tcp.connect({ dst: a('172.16.9.2'), dport: 179, vrf: 'blue' });
  const blue = watch(blueConn);
  blueConn.onConnect(() => blueConn.send(Buffer.from('x')));
  sched.runFor(2 * SEC);
  assert.equal(pub.w.closed, 'reset', 'no listener in the public table');
  assert.deepEqual(accepted, ['blue']);
  assert.equal(blue.data().toString(), 'echo:x');
  assert.equal(blueConn.vrf, 'blue');
  assert.ok(link.txFrames > 0);
});

void test('segments on the wire: protocol 6, checksum over the pseudo-header, MSS 1460 on the SYN', () => {
  const { sched, nodes, link } = lab();
  const frames: Buffer[] = [];
  link.taps.push((_t, _f, fr) => frames.push(Buffer.from(fr)));
  nodes[1].tcp.listen({ port: 179, addr: a('172.16.9.2') }, (c) => c.send(pattern(4000, 5)));
  const c = nodes[0].tcp.connect({ dst: a('172.16.9.2'), dport: 179, sport: 50000, ttl: 1 });
  watch(c);
  sched.runFor(2 * SEC);
  const segs = frames
    .filter((f) => f.readUInt16BE(12) === 0x0800)
    .map((f) => f.subarray(14))
    .filter((ip) => ip[9] === 6)
    .map((ip) => {
      const total = ip.readUInt16BE(2);
      const l4 = ip.subarray(20, total);
      const ph = Buffer.concat([ip.subarray(12, 20), Buffer.from([0, 6, l4.length >> 8, l4.length & 255])]);
      let s = 0;
      for (const p of [ph, l4]) for (let i = 0; i < p.length; i += 2) s += (p[i] << 8) | (i + 1 < p.length ? p[i + 1] : 0);
      while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
      assert.equal(s, 0xffff, 'TCP checksum');
      const hl = (l4[12] >> 4) * 4;
      return { ttl: ip[8], sport: l4.readUInt16BE(0), dport: l4.readUInt16BE(2), flags: l4[13], hl, opts: l4.subarray(20, hl), len: l4.length - hl };
    });
  const syn = segs[0];
  assert.equal(syn.flags, 0x02);
  assert.equal(syn.sport, 50000);
  assert.equal(syn.dport, 179);
  assert.equal(syn.ttl, 1, 'TTL from connect()');
  assert.deepEqual([...syn.opts], [2, 4, 0x05, 0xb4], 'MSS option 1460');
  assert.equal(segs[1].flags, 0x12, 'SYN,ACK');
  assert.equal(segs[2].flags, 0x10, 'ACK');
  const data = segs.filter((s) => s.sport === 179 && s.len > 0).map((s) => s.len);
  assert.deepEqual(data, [1460, 1460, 1080], 'segmented at the MSS');
});

void test('TCP over IPv6 (pseudo-header with 128-bit addresses)', () => {
  const { sched, nodes } = lab();
  nodes[0].ifaces.get('eth1')!.v6 = { addr: a('2001:db8:9::1'), len: 64 };
  nodes[1].ifaces.get('eth1')!.v6 = { addr: a('2001:db8:9::2'), len: 64 };
  for (const n of nodes) n.refreshConnected();
  let got = '';
  nodes[1].tcp.listen({ port: 179 }, (c) => c.onData((d) => (got += d.toString())));
  const c = nodes[0].tcp.connect({ dst: a('2001:db8:9::2'), dport: 179 });
  c.onConnect(() => c.send(Buffer.from('over v6')));
  sched.runFor(2 * SEC);
  assert.equal(got, 'over v6');
  assert.equal(c.local.addr.afi, 6);
});
