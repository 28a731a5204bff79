/**
 * DF election by the default modulo procedure (RFC 7432 s8.5, "service carving"): the PEs of an
 * ethernet segment (the originators of its type 4 routes, plus the local PE while its segment is
 * up) are ordered by IP address as unsigned integers, lowest first, and the DF of VLAN / EVI V is
 * the PE at index V mod N. With PEs 10.0.0.1 and 10.0.0.2, EVI 111 gives index 1: 10.0.0.2.
 */
import { parseAddr } from '../../net/addr';

/** Candidates in RFC 7432 s8.5 order (numeric IP, IPv4 before IPv6), duplicates removed. */
export function orderCandidates(ips: Iterable<string>): string[] {
  const seen = new Map<string, { afi: number; v: bigint }>();
  for (const ip of ips) {
    const a = parseAddr(ip);
    if (!a) throw new Error(`DF candidate '${ip}' is not an IP address`);
    seen.set(ip, { afi: a.afi, v: a.v });
  }
  return [...seen.entries()].sort(([, a], [, b]) => (a.afi - b.afi) || (a.v < b.v ? -1 : a.v > b.v ? 1 : 0)).map(([ip]) => ip);
}

/** The DF of EVI (or VLAN) `v` among `candidates` (undefined when there are none). */
export function electDf(candidates: Iterable<string>, v: number): string | undefined {
  const c = orderCandidates(candidates);
  if (c.length === 0) return undefined;
  return c[v % c.length];
}
