/**
 * BGP routing information bases (RFC 4271 3.2): the Adj-RIB-In of each peer holds `BgpPath`s;
 * the decision process (RFC 4271 9.1.2, with VRP's order) picks the best path and the
 * equal-cost ones for load balancing (`maximum load-balancing`).
 */
import type { Addr, Prefix } from '../../net/addr';
import { cmpAddr, prefixKey } from '../../net/addr';
import type { Path } from '../../net/rib';
import type { AsSegment } from './packet';
import { asPathLen } from './packet';

export interface BgpPath {
  family: 'ipv4' | 'vpnv4';
  prefix: Prefix;
  rd?: string;
  /** VPN label (RFC 8277), for VPNv4 paths. */
  label?: number;
  nextHop?: Addr;
  origin: number;
  asPath: AsSegment[];
  med?: number;
  localPref?: number;
  /** Route targets (canonical text). */
  rts: string[];
  /** Undefined for a locally originated path (redistribution). */
  peer?: { key: string; addr: Addr; routerId: Addr; ebgp: boolean; vrf: string };
  /** For local and CE-learned paths: the VRF they come from ('' public). */
  srcVrf: string;
  /** Metric of the redistributed route (becomes the MED). */
  localMetric?: number;
}

export const pathKey = (p: { family: string; rd?: string; prefix: Prefix }): string => `${p.family}|${p.rd ?? ''}|${prefixKey(p.prefix)}`;

export const DEFAULT_LOCAL_PREF = 100;

/** A path with its resolved forwarding (next hop reachability, RFC 4271 9.1.2.1). */
export interface Candidate {
  p: BgpPath;
  igpCost: number;
  fwd: Path[];
}

function firstAs(p: BgpPath): number | undefined {
  const s = p.asPath[0];
  return s && s.type === 2 ? s.asns[0] : undefined;
}

/** Negative when `a` is preferred (RFC 4271 9.1.2.2 and VRP's selection order). */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return compareAttrs(a, b) || compareTieBreak(a, b);
}

/** Steps that make two paths unequal for load balancing. */
export function compareAttrs(a: Candidate, b: Candidate): number {
  const x = a.p;
  const y = b.p;
  // VRP: locally imported routes before learned ones.
  if (!x.peer !== !y.peer) return x.peer ? 1 : -1;
  const lx = x.localPref ?? DEFAULT_LOCAL_PREF;
  const ly = y.localPref ?? DEFAULT_LOCAL_PREF;
  if (lx !== ly) return ly - lx; // highest LOCAL_PREF
  const ax = asPathLen(x.asPath);
  const ay = asPathLen(y.asPath);
  if (ax !== ay) return ax - ay; // shortest AS_PATH
  if (x.origin !== y.origin) return x.origin - y.origin; // IGP < EGP < INCOMPLETE
  // MED only between routes from the same neighbouring AS (RFC 4271 9.1.2.2 c).
  if (firstAs(x) === firstAs(y)) {
    const mx = x.med ?? 0;
    const my = y.med ?? 0;
    if (mx !== my) return mx - my;
  }
  const ex = x.peer?.ebgp ? 0 : 1;
  const ey = y.peer?.ebgp ? 0 : 1;
  if (ex !== ey) return ex - ey; // EBGP over IBGP
  return a.igpCost - b.igpCost; // lowest IGP cost to the next hop
}

function compareTieBreak(a: Candidate, b: Candidate): number {
  const x = a.p.peer;
  const y = b.p.peer;
  if (!x || !y) return 0;
  return cmpAddr(x.routerId, y.routerId) || cmpAddr(x.addr, y.addr); // lowest router ID, then peer address
}

/** The best candidate first, then those equal to it for load balancing, at most `maxPaths` in all. */
export function select(cands: Candidate[], maxPaths: number): Candidate[] {
  if (cands.length === 0) return [];
  const sorted = [...cands].sort(compareCandidates);
  const out = [sorted[0]];
  for (let i = 1; i < sorted.length && out.length < Math.max(1, maxPaths); i++) {
    const c = sorted[i];
    if (!c.p.peer || compareAttrs(sorted[0], c) !== 0) break;
    // Load balancing needs distinct next hops.
    if (out.some((o) => o.p.nextHop && c.p.nextHop && o.p.nextHop.v === c.p.nextHop.v)) continue;
    out.push(c);
  }
  return out;
}

/** An Adj-RIB-In: the paths one peer advertised, by family/RD/prefix. */
export class AdjRibIn {
  readonly paths = new Map<string, BgpPath>();
  set(p: BgpPath): void {
    this.paths.set(pathKey(p), p);
  }
  delete(family: string, prefix: Prefix, rd?: string): void {
    this.paths.delete(pathKey({ family, rd, prefix }));
  }
  count(family: 'ipv4' | 'vpnv4'): number {
    let n = 0;
    for (const p of this.paths.values()) if (p.family === family) n++;
    return n;
  }
  clear(): void {
    this.paths.clear();
  }
}
