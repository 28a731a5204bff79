// VRP `ping` and `tracert` output.
import type { TraceHop, TraceProbe } from '../../model/types';
import { type ParseContext, IPV4, lines, parseError } from './text';

export interface VrpPingReply {
  from: string;
  bytes: number;
  sequence: number;
  ttl: number;
  timeMs: number;
}

export interface VrpPing {
  target: string;
  replies: VrpPingReply[];
  /** "Request time out" lines. */
  timeouts: number;
  sent: number;
  received: number;
  lossPct: number;
  minMs?: number;
  avgMs?: number;
  maxMs?: number;
}

const REPLY = /^Reply from (\S+?):\s*bytes=(\d+)\s+Sequence=(\d+)\s+ttl=(\d+)\s+time\s*[=<]\s*(\d+(?:\.\d+)?)\s*ms$/i;

export function parsePing(text: string, ctx: ParseContext = {}): VrpPing {
  let target: string | undefined;
  const replies: VrpPingReply[] = [];
  let timeouts = 0;
  let sent: number | undefined;
  let received: number | undefined;
  let lossPct: number | undefined;
  const out: Partial<VrpPing> = {};
  for (const line of lines(text)) {
    const t = line.trim();
    if (t.length === 0) continue;
    let m = /^PING (\S+?):/.exec(t);
    if (m) { target = m[1]; continue; }
    m = REPLY.exec(t);
    if (m) {
      replies.push({ from: m[1] as string, bytes: Number(m[2]), sequence: Number(m[3]), ttl: Number(m[4]), timeMs: Number(m[5]) });
      continue;
    }
    if (/^Request time out$/i.test(t)) { timeouts++; continue; }
    if (/^--- (\S+) ping statistics ---$/.test(t)) continue;
    m = /^(\d+) packet\(s\) transmitted$/.exec(t);
    if (m) { sent = Number(m[1]); continue; }
    m = /^(\d+) packet\(s\) received$/.exec(t);
    if (m) { received = Number(m[1]); continue; }
    m = /^(\d+(?:\.\d+)?)% packet loss$/.exec(t);
    if (m) { lossPct = Number(m[1]); continue; }
    m = /^round-trip min\/avg\/max = (\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?) ms$/.exec(t);
    if (m) { out.minMs = Number(m[1]); out.avgMs = Number(m[2]); out.maxMs = Number(m[3]); continue; }
    throw parseError(ctx, line, 'not a ping output line');
  }
  if (target === undefined || sent === undefined || received === undefined || lossPct === undefined) {
    throw parseError(ctx, text.split('\n').find((l) => l.trim()) ?? text, 'no "PING" header or no statistics');
  }
  if (received > sent || received !== replies.length) {
    throw parseError(ctx, `${received} packet(s) received`, `${replies.length} replies listed, ${received} received of ${sent}`);
  }
  return { target, replies, timeouts, sent, received, lossPct, ...out };
}

export interface VrpTracert {
  target: string;
  maxHops?: number;
  hops: TraceHop[];
}

/**
 * " 1 10.1.1.2 20 ms 10.2.1.2 1 ms 10.1.1.2 40 ms" and " 2 10.2.1.2 < AS=100 > 6 ms  5 ms  2 ms":
 * an address applies to the times after it until the next address; "*" is a probe that timed out.
 */
export function parseTracert(text: string, ctx: ParseContext = {}): VrpTracert {
  let target: string | undefined;
  let maxHops: number | undefined;
  const hops: TraceHop[] = [];
  for (const line of lines(text)) {
    const t = line.trim();
    if (t.length === 0) continue;
    const head = /^traceroute to\s+(\S+?)\((\S+?)\)(?:,\s*max hops:\s*(\d+))?/.exec(t);
    if (head) {
      target = head[2];
      if (head[3] !== undefined) maxHops = Number(head[3]);
      continue;
    }
    const tok = t.replace(/<\s*AS\s*=\s*(\d+)\s*>/g, ' AS=$1 ').split(/\s+/).filter((x) => x);
    const ttlText = tok.shift() as string;
    if (!/^\d+$/.test(ttlText)) throw parseError(ctx, line, 'not a tracert hop line');
    const ttl = Number(ttlText);
    const probes: TraceProbe[] = [];
    let addr: string | null = null;
    let as: number | undefined;
    for (let i = 0; i < tok.length; i++) {
      const x = tok[i] as string;
      if (IPV4.test(x)) { addr = x; as = undefined; continue; }
      const a = /^AS=(\d+)$/.exec(x);
      if (a) { as = Number(a[1]); continue; }
      if (x === '*') { probes.push({ address: null }); continue; }
      if (/^\d+(?:\.\d+)?$/.test(x) && tok[i + 1] === 'ms') {
        if (addr === null) throw parseError(ctx, line, 'a time before any address');
        const p: TraceProbe = { address: addr, rttMs: Number(x) };
        if (as !== undefined) p.as = as;
        probes.push(p);
        i++;
        continue;
      }
      throw parseError(ctx, line, `unexpected "${x}" in a tracert hop line`);
    }
    if (probes.length === 0) throw parseError(ctx, line, 'a hop with no probes');
    const prev = hops[hops.length - 1];
    if (prev && ttl <= prev.ttl) throw parseError(ctx, line, `hop ${ttl} after hop ${prev.ttl}`);
    const first = probes.find((p) => p.address !== null);
    const hop: TraceHop = { ttl, address: first?.address ?? null, probes };
    if (first?.rttMs !== undefined) hop.rttMs = first.rttMs;
    hops.push(hop);
  }
  if (target === undefined) throw parseError(ctx, text.split('\n').find((l) => l.trim()) ?? text, 'no "traceroute to" header');
  const out: VrpTracert = { target, hops };
  if (maxHops !== undefined) out.maxHops = maxHops;
  return out;
}
