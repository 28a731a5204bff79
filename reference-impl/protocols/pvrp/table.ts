/** PVRP's route tables, shaped like freeRtr's tabRoute: one entry per prefix with ECMP alternatives. */
import { Addr, Prefix, cmpPrefix, prefixKey, xorHash } from '../../net/addr';
import type { Iface } from '../../net/iface';

export interface Attr {
  /** 'C' for connected/redistributed, null for learned (freeRtr prints "null"). */
  typ: 'C' | null;
  distance: number;
  metric: number;
  iface?: Iface;
  nextHop?: Addr;
  external: boolean;
  /** Router ids the advertisement passed through (freeRtr's clustList). */
  path: string[];
  tag: number;
  since: number;
}

export interface Entry {
  prefix: Prefix;
  alts: Attr[];
  best: Attr;
}

export type Table = Map<string, Entry>;

/** freeRtr tabRouteAttr.isOtherBetter for PVRP: lower distance, then lower metric. */
export function otherBetter(cur: Attr, other: Attr): boolean {
  if (other.distance !== cur.distance) return other.distance < cur.distance;
  return other.metric < cur.metric;
}

export function sameAttr(a: Attr, b: Attr): boolean {
  return (
    a.typ === b.typ &&
    a.distance === b.distance &&
    a.metric === b.metric &&
    a.iface === b.iface &&
    a.external === b.external &&
    a.tag === b.tag &&
    (a.nextHop?.v ?? -1n) === (b.nextHop?.v ?? -1n) &&
    a.path.join(' ') === b.path.join(' ')
  );
}

/** freeRtr tabRouteEntry.hashBest: best = alts[xor(prefix bytes) % alts]. */
export function hashBest(e: Entry): void {
  e.best = e.alts[xorHash({ afi: e.prefix.afi, v: e.prefix.net }) % e.alts.length];
}

/** Add with "better" semantics: replace only when the new one is better. */
export function addBetter(t: Table, prefix: Prefix, a: Attr): void {
  const k = prefixKey(prefix);
  const old = t.get(k);
  if (!old || otherBetter(old.best, a)) t.set(k, { prefix, alts: [a], best: a });
}

/**
 * Merge with "ecmp" semantics (tabRoute.mergeFrom addType.ecmp): a better route replaces,
 * an equal one (same distance and metric) becomes another alternative, then the best is hashed.
 */
export function mergeEcmp(t: Table, prefix: Prefix, a: Attr, ecmp: boolean, limit: number): void {
  if (a.distance >= limit) return;
  const k = prefixKey(prefix);
  const old = t.get(k);
  if (!old) {
    t.set(k, { prefix, alts: [a], best: a });
    return;
  }
  if (otherBetter(old.best, a)) {
    t.set(k, { prefix, alts: [a], best: a });
    return;
  }
  if (!ecmp || otherBetter(a, old.best)) return;
  old.alts.push(a);
  hashBest(old);
}

export function sortedEntries(t: Table): Entry[] {
  return [...t.values()].sort((x, y) => cmpPrefix(x.prefix, y.prefix));
}

/** Keep `since` of alternatives that did not change, so ages in show output are honest. */
export function preserveTimes(next: Table, prev: Table): void {
  for (const [k, e] of next) {
    const o = prev.get(k);
    if (!o) continue;
    for (const a of e.alts) {
      const same = o.alts.find((x) => sameAttr(x, { ...a, since: x.since }));
      if (same) a.since = same.since;
    }
  }
}

export function entryKey(p: Prefix): string {
  return prefixKey(p);
}
