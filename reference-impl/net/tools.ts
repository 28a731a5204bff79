/**
 * ICMP echo (ping) and TTL-limited probes (traceroute) run on a node's scheduler.
 *
 * Every run is bounded here, whatever the dialect let through: packet sizes fit an IP packet,
 * counts and timeouts have ceilings (TOOL_LIMITS), probes start at least MIN_GAP apart in virtual
 * time (so a probe that fails at once cannot spin the scheduler at one instant), and a run stops
 * early when its control's signal is aborted (Ctrl-C) or its work budget is spent. A bad value
 * throws a ToolError before anything is sent: the dialect checks its own ranges first and prints
 * its own error; this is the last guard.
 */
import { Addr, addrEq } from './addr';
import type { Node } from './node';
import * as P from './packet';
import { MS, type EventHandle } from '../sim/scheduler';

/** A ping or traceroute refused before it started (a value outside TOOL_LIMITS). */
export class ToolError extends Error {}

/** Hard ceilings of the tools, whatever a dialect's own ranges are. */
export const TOOL_LIMITS = {
  /** ICMP message length (header included): an IPv4 packet is at most 65535 bytes with its 20-byte header. */
  maxIcmp: { 4: 65535 - 20, 6: 65535 } as Record<4 | 6, number>,
  /** UDP probe: the whole IP packet. */
  maxIpPacket: 65535,
  maxCount: 0xffffffff,
  /** One probe's timeout: at most 2^31-1 ms of virtual time (a Java int of ms, freeRtr's own limit). */
  maxTimeout: 0x7fffffff * MS,
  maxTtl: 255,
  maxProbesPerHop: 255,
};

/** Probes of one run start at least this far apart (virtual time). */
export const MIN_GAP = 1 * MS;

/** How a run is stopped from outside: Ctrl-C aborts the signal; `spend` returns false once the
 * command's work budget is used up (one unit per probe sent). */
export interface ToolControl {
  signal?: AbortSignal;
  spend?: (units: number) => boolean;
}

function stopped(ctl: ToolControl | undefined, units = 0): boolean {
  if (ctl?.signal?.aborted) return true;
  return units > 0 && ctl?.spend !== undefined && !ctl.spend(units);
}

function checkInt(what: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new ToolError(`${what} ${v} is outside ${min}..${max}`);
}

/** Throws a ToolError when a ping's or traceroute's options are outside TOOL_LIMITS. */
export function checkPingOpts(o: Pick<PingOpts, 'dst' | 'size' | 'timeout' | 'ttl'> & { count?: number }): void {
  checkInt('size', o.size, 0, TOOL_LIMITS.maxIcmp[o.dst.afi]);
  checkInt('timeout', o.timeout, 0, TOOL_LIMITS.maxTimeout);
  checkInt('ttl', o.ttl, 1, TOOL_LIMITS.maxTtl);
  if (o.count !== undefined) checkInt('count', o.count, 0, TOOL_LIMITS.maxCount);
}

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

/** Fill pattern of echo data: byte i of the body is i & 0xff. */
const FILL = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

function echoBody(ident: number, seq: number, size: number): Buffer {
  const b = Buffer.alloc(4 + Math.max(0, size));
  // The pattern repeats every 256 bytes from offset 0, so a native fill gives byte i = i & 0xff.
  b.fill(FILL);
  b.writeUInt16BE(ident & 0xffff, 0);
  b.writeUInt16BE(seq & 0xffff, 2);
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

/**
 * Send one echo with the given TTL and report what came back. `ident` is the ICMP identifier
 * (one per ping run); the returned function cancels the probe without calling `done`.
 */
export function probe(node: Node, o: PingOpts, seq: number, done: (r: ProbeResult) => void, ident = node.ip.nextIdent() & 0xffff): () => void {
  checkPingOpts(o);
  const afi = o.dst.afi;
  const wireSeq = seq & 0xffff;
  const start = node.sched.now;
  let finished = false;
  const finish = (r: ProbeResult) => {
    if (finished) return;
    finished = true;
    off();
    timer.cancel();
    done(r);
  };
  const cancel = () => {
    if (finished) return;
    finished = true;
    off();
    timer.cancel();
  };
  const off = node.ip.onIcmp((_i, ip, m) => {
    const e = matchEcho(m, afi);
    if (!e || e.ident !== ident || e.seq !== wireSeq) return;
    if (e.kind === 'reply' && !addrEq(ip.src, o.dst)) return;
    finish({ seq, ok: e.kind === 'reply', rtt: node.sched.now - start, ttl: ip.ttl, from: ip.src, kind: e.kind });
  });
  // Declared after finish/cancel, which only run from later scheduler events.
  const timer = node.sched.schedule(o.timeout, () => finish({ seq, ok: false, kind: 'timeout' }), node.name);
  const src = o.src;
  const payload = (s: Addr) => P.encodeIcmp(s, o.dst, { type: afi === 4 ? P.ICMP4.ECHO : P.ICMP6.ECHO, code: 0, body: echoBody(ident, wireSeq, o.size - 8) });
  const proto = afi === 4 ? P.PROTO_ICMP : P.PROTO_ICMP6;
  // The checksum of ICMPv6 covers the source address, so pick it before encoding.
  const r = node.vrf(o.vrf).rib[afi].lookup(o.dst);
  const s = src ?? node.ip.sourceAddr(o.vrf, o.dst);
  const local = node.ip.isLocal(o.vrf, o.dst);
  if ((!r && !local) || !s) {
    node.sched.schedule(0, () => finish({ seq, ok: false, kind: 'noroute' }), node.name);
    return cancel;
  }
  node.ip.send({ src: s, dst: o.dst, proto, ttl: o.ttl, payload: payload(s) }, { vrf: o.vrf });
  return cancel;
}

/**
 * Runs `step` now and again each time it calls its continuation, each start at least MIN_GAP
 * after the previous one; stops when the signal is aborted (calling `onStop` once).
 */
function paced(node: Node, ctl: ToolControl | undefined, onStop: () => void): { next: (fn: () => void) => void; stop: () => void; watch: (cancel: () => void) => void } {
  let last = -Infinity;
  let pending: EventHandle | undefined;
  let cancelProbe: (() => void) | undefined;
  let over = false;
  const stop = () => {
    if (over) return;
    over = true;
    pending?.cancel();
    cancelProbe?.();
    ctl?.signal?.removeEventListener('abort', abort);
    onStop();
  };
  const abort = () => node.sched.schedule(0, stop, node.name);
  ctl?.signal?.addEventListener('abort', abort, { once: true });
  return {
    next: (fn) => {
      if (over) return;
      const wait = Math.max(0, last + MIN_GAP - node.sched.now);
      pending = node.sched.schedule(wait, () => {
        if (over) return;
        last = node.sched.now;
        fn();
      }, node.name);
    },
    stop,
    watch: (cancel) => { cancelProbe = cancel; },
  };
}

/**
 * Ping: `count` echoes one after the other with one ICMP identifier, each waiting for its reply
 * or the timeout. Ctrl-C (ctl.signal) or a spent budget ends it early: `done` gets the probes that
 * finished.
 */
export function ping(node: Node, o: PingOpts, each: (r: ProbeResult) => void, done: (all: ProbeResult[]) => void, ctl?: ToolControl): void {
  checkPingOpts(o);
  const out: ProbeResult[] = [];
  const ident = node.ip.nextIdent() & 0xffff;
  const run = paced(node, ctl, () => done(out));
  const next = (seq: number) => {
    if (seq >= o.count || stopped(ctl, 1)) {
      run.stop();
      return;
    }
    run.watch(probe(node, o, seq, (r) => {
      out.push(r);
      each(r);
      // A lost probe already waited its timeout; the next one goes at once (MIN_GAP after this one's start).
      run.next(() => next(seq + 1));
    }, ident));
  };
  run.next(() => next(0));
}

/** Traceroute: TTL 1..maxTtl until the destination answers. */
export function traceroute(
  node: Node,
  o: Omit<PingOpts, 'count' | 'ttl'> & { maxTtl: number },
  each: (ttl: number, r: ProbeResult) => void,
  done: (reached: boolean) => void,
  ctl?: ToolControl,
): void {
  checkInt('max ttl', o.maxTtl, 1, TOOL_LIMITS.maxTtl);
  checkPingOpts({ ...o, ttl: 1 });
  const ident = node.ip.nextIdent() & 0xffff;
  let reached = false;
  const run = paced(node, ctl, () => done(reached));
  const step = (ttl: number) => {
    if (ttl > o.maxTtl || stopped(ctl, 1)) {
      run.stop();
      return;
    }
    run.watch(probe(node, { ...o, count: 1, ttl }, ttl, (r) => {
      each(ttl, r);
      if (r.kind === 'reply') { reached = true; run.stop(); }
      else if (r.kind === 'noroute') run.stop();
      else run.next(() => step(ttl + 1));
    }, ident));
  };
  run.next(() => step(1));
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
  ctl?: ToolControl,
): void {
  const afi = o.dst.afi;
  checkInt('max ttl', o.maxTtl, 1, TOOL_LIMITS.maxTtl);
  checkInt('probes', o.probes, 1, TOOL_LIMITS.maxProbesPerHop);
  checkInt('timeout', o.timeout, 0, TOOL_LIMITS.maxTimeout);
  checkInt('size', o.size, 0, TOOL_LIMITS.maxIpPacket);
  checkInt('port', o.firstPort, 1, 65535);
  const sport = 32768 + node.rng.int(0, 28000);
  let port = o.firstPort;
  const dataLen = Math.max(0, o.size - (afi === 4 ? 28 : 48));
  let reachedAll = false;
  const run = paced(node, ctl, () => done(reachedAll));
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
    run.watch(() => { if (!finished) { finished = true; off(); timer.cancel(); } });
    const payload = P.encodeUdp(src, o.dst, { sport, dport, data: Buffer.alloc(dataLen) });
    if (!node.ip.send({ src, dst: o.dst, proto: P.PROTO_UDP, ttl, payload }, { vrf: o.vrf })) finish({ kind: 'noroute' }, false);
  };
  const hop = (ttl: number) => {
    if (ttl > o.maxTtl) {
      run.stop();
      return;
    }
    const got: UdpTraceProbe[] = [];
    let reached = false;
    const next = () => {
      if (got.length < o.probes && stopped(ctl, 1)) {
        if (got.length) eachHop(ttl, got);
        run.stop();
        return;
      }
      if (got.length < o.probes) {
        one(ttl, (p, pu) => {
          got.push(p);
          reached ||= pu;
          run.next(next);
        });
        return;
      }
      eachHop(ttl, got);
      if (reached) { reachedAll = true; run.stop(); }
      else if (got.some((p) => p.kind === 'noroute' || p.kind === 'unreach')) run.stop();
      else hop(ttl + 1);
    };
    next();
  };
  run.next(() => hop(1));
}
