/** ICMP echo (ping) and TTL-limited probes (traceroute) run on a node's scheduler. */
import { Addr, addrEq } from './addr';
import type { Node } from './node';
import * as P from './packet';
import { MS } from '../sim/scheduler';

export interface PingOpts {
  vrf: string;
  dst: Addr;
  src?: Addr;
  count: number;
  size: number;
  timeout: number; // microseconds
  ttl: number;
}

export interface ProbeResult {
  seq: number;
  ok: boolean;
  rtt?: number; // microseconds
  ttl?: number;
  from?: Addr;
  kind?: 'reply' | 'ttl' | 'unreach' | 'timeout' | 'noroute';
}

function echoBody(ident: number, seq: number, size: number): Buffer {
  const b = Buffer.alloc(4 + Math.max(0, size));
  b.writeUInt16BE(ident, 0);
  b.writeUInt16BE(seq, 2);
  for (let i = 4; i < b.length; i++) b[i] = i & 0xff;
  return b;
}

/** The echo identifier/sequence carried in an ICMP message, or in the packet an error quotes. */
function matchEcho(m: P.IcmpMessage, afi: 4 | 6): { ident: number; seq: number; kind: 'reply' | 'ttl' | 'unreach' } | undefined {
  const reply = afi === 4 ? P.ICMP4.ECHO_REPLY : P.ICMP6.ECHO_REPLY;
  if (m.type === reply && m.body.length >= 4) return { ident: m.body.readUInt16BE(0), seq: m.body.readUInt16BE(2), kind: 'reply' };
  const ttl = afi === 4 ? P.ICMP4.TIME_EXCEEDED : P.ICMP6.TIME_EXCEEDED;
  const unr = afi === 4 ? P.ICMP4.UNREACH : P.ICMP6.UNREACH;
  if (m.type !== ttl && m.type !== unr) return undefined;
  const inner = m.body.subarray(4);
  const ip = P.decodeIp(afi === 4 ? P.ETH_IPV4 : P.ETH_IPV6, fixLen(inner, afi));
  if (!ip) return undefined;
  const e = P.decodeIcmp(ip.payload);
  if (!e || e.body.length < 4) return undefined;
  return { ident: e.body.readUInt16BE(0), seq: e.body.readUInt16BE(2), kind: m.type === ttl ? 'ttl' : 'unreach' };
}

/** A quoted packet is cut short; patch its length field so it decodes. */
function fixLen(b: Buffer, afi: 4 | 6): Buffer {
  const c = Buffer.from(b);
  if (afi === 4 && c.length >= 20) {
    c.writeUInt16BE(c.length, 2);
    c.writeUInt16BE(0, 10);
    c.writeUInt16BE(P.checksum(c.subarray(0, 20)), 10);
  } else if (afi === 6 && c.length >= 40) {
    c.writeUInt16BE(c.length - 40, 4);
  }
  return c;
}

/** Send one echo with the given TTL and report what came back. */
export function probe(node: Node, o: PingOpts, seq: number, done: (r: ProbeResult) => void): void {
  const afi = o.dst.afi;
  const ident = node.ip.nextIdent();
  const start = node.sched.now;
  let finished = false;
  const finish = (r: ProbeResult) => {
    if (finished) return;
    finished = true;
    off();
    timer.cancel();
    done(r);
  };
  const off = node.ip.onIcmp((_i, ip, m) => {
    const e = matchEcho(m, afi);
    if (!e || e.ident !== ident || e.seq !== seq) return;
    if (e.kind === 'reply' && !addrEq(ip.src, o.dst)) return;
    finish({ seq, ok: e.kind === 'reply', rtt: node.sched.now - start, ttl: ip.ttl, from: ip.src, kind: e.kind });
  });
  const timer = node.sched.schedule(o.timeout, () => finish({ seq, ok: false, kind: 'timeout' }), node.name);
  const src = o.src;
  const payload = (s: Addr) => P.encodeIcmp(s, o.dst, { type: afi === 4 ? P.ICMP4.ECHO : P.ICMP6.ECHO, code: 0, body: echoBody(ident, seq, o.size - 8) });
  const proto = afi === 4 ? P.PROTO_ICMP : P.PROTO_ICMP6;
  // The checksum of ICMPv6 covers the source address, so pick it before encoding.
  const r = node.vrf(o.vrf).rib[afi].lookup(o.dst);
  const s = src ?? node.ip.sourceAddr(o.vrf, o.dst);
  const local = node.ip.isLocal(o.vrf, o.dst);
  if ((!r && !local) || !s) {
    node.sched.schedule(0, () => finish({ seq, ok: false, kind: 'noroute' }), node.name);
    return;
  }
  node.ip.send({ src: s, dst: o.dst, proto, ttl: o.ttl, payload: payload(s) }, { vrf: o.vrf });
}

/** Ping: `count` echoes one after the other, each waiting for its reply or the timeout. */
export function ping(node: Node, o: PingOpts, each: (r: ProbeResult) => void, done: (all: ProbeResult[]) => void): void {
  const out: ProbeResult[] = [];
  const next = (seq: number) => {
    if (seq >= o.count) {
      done(out);
      return;
    }
    probe(node, o, seq, (r) => {
      out.push(r);
      each(r);
      // A lost probe already waited its timeout; the next one goes at once.
      node.sched.schedule(0, () => next(seq + 1), node.name);
    });
  };
  next(0);
}

/** Traceroute: TTL 1..maxTtl until the destination answers. */
export function traceroute(
  node: Node,
  o: Omit<PingOpts, 'count' | 'ttl'> & { maxTtl: number },
  each: (ttl: number, r: ProbeResult) => void,
  done: (reached: boolean) => void,
): void {
  const step = (ttl: number) => {
    if (ttl > o.maxTtl) {
      done(false);
      return;
    }
    probe(node, { ...o, count: 1, ttl }, ttl, (r) => {
      each(ttl, r);
      if (r.kind === 'reply') done(true);
      else if (r.kind === 'noroute') done(false);
      else node.sched.schedule(1 * MS, () => step(ttl + 1), node.name);
    });
  };
  step(1);
}

export interface UdpTraceOpts {
  vrf: string;
  dst: Addr;
  src?: Addr;
  maxTtl: number;
  probes: number;
  /** Per probe, microseconds. */
  timeout: number;
  /** IP packet size of a probe (headers included). */
  size: number;
  /** Destination port of the first probe; each probe uses the next one. */
  firstPort: number;
}

export interface UdpTraceProbe {
  from?: Addr;
  rtt?: number;
  kind: 'ttl' | 'unreach' | 'timeout' | 'noroute';
}

/** The UDP ports of the datagram an ICMP error quotes (RFC 792: IP header + first 8 bytes). */
function quotedUdp(m: P.IcmpMessage, afi: 4 | 6): { sport: number; dport: number } | undefined {
  const ip = P.decodeIp(afi === 4 ? P.ETH_IPV4 : P.ETH_IPV6, fixLen(m.body.subarray(4), afi));
  if (!ip || ip.proto !== P.PROTO_UDP || ip.payload.length < 4) return undefined;
  return { sport: ip.payload.readUInt16BE(0), dport: ip.payload.readUInt16BE(2) };
}

/**
 * UDP traceroute (the VRP `tracert`, Unix traceroute): for TTL 1..maxTtl, `probes` datagrams one
 * after the other to ports firstPort, firstPort+1, ... each waiting up to `timeout` for the ICMP
 * time exceeded or destination unreachable that quotes its ports. Stops after the hop that
 * answered unreachable (reached when it was a port unreachable) or when there is no route.
 * Each probe goes through node.ip.send, so per-packet load balancing spreads the probes.
 */
export function tracerouteUdp(
  node: Node,
  o: UdpTraceOpts,
  eachHop: (ttl: number, probes: UdpTraceProbe[]) => void,
  done: (reached: boolean) => void,
): void {
  const afi = o.dst.afi;
  const sport = 32768 + node.rng.int(0, 28000);
  let port = o.firstPort;
  const dataLen = Math.max(0, o.size - (afi === 4 ? 28 : 48));
  const one = (ttl: number, cb: (p: UdpTraceProbe, portUnreach: boolean) => void) => {
    const dport = port;
    port = port >= 65535 ? o.firstPort : port + 1;
    const src = o.src ?? node.ip.sourceAddr(o.vrf, o.dst);
    if (!src) {
      node.sched.schedule(0, () => cb({ kind: 'noroute' }, false), node.name);
      return;
    }
    const start = node.sched.now;
    let finished = false;
    const finish = (p: UdpTraceProbe, pu: boolean) => {
      if (finished) return;
      finished = true;
      off();
      timer.cancel();
      cb(p, pu);
    };
    const te = afi === 4 ? P.ICMP4.TIME_EXCEEDED : P.ICMP6.TIME_EXCEEDED;
    const un = afi === 4 ? P.ICMP4.UNREACH : P.ICMP6.UNREACH;
    const off = node.ip.onIcmp((_i, ip, m) => {
      if (m.type !== te && m.type !== un) return;
      const q = quotedUdp(m, afi);
      if (!q || q.sport !== sport || q.dport !== dport) return;
      const pu = m.type === un && m.code === (afi === 4 ? 3 : 4);
      finish({ from: ip.src, rtt: node.sched.now - start, kind: m.type === te ? 'ttl' : 'unreach' }, pu);
    });
    const timer = node.sched.schedule(o.timeout, () => finish({ kind: 'timeout' }, false), node.name);
    const payload = P.encodeUdp(src, o.dst, { sport, dport, data: Buffer.alloc(dataLen) });
    if (!node.ip.send({ src, dst: o.dst, proto: P.PROTO_UDP, ttl, payload }, { vrf: o.vrf })) finish({ kind: 'noroute' }, false);
  };
  const hop = (ttl: number) => {
    if (ttl > o.maxTtl) {
      done(false);
      return;
    }
    const got: UdpTraceProbe[] = [];
    let reached = false;
    const next = () => {
      if (got.length < o.probes) {
        one(ttl, (p, pu) => {
          got.push(p);
          reached ||= pu;
          node.sched.schedule(0, next, node.name);
        });
        return;
      }
      eachHop(ttl, got);
      if (reached) done(true);
      else if (got.some((p) => p.kind === 'noroute' || p.kind === 'unreach')) done(false);
      else hop(ttl + 1);
    };
    next();
  };
  hop(1);
}
