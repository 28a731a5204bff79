/**
 * Routing table per VRF and address family: routes from every source (connected, local,
 * each protocol instance), the best by administrative distance then metric, with ECMP paths,
 * and a longest-prefix-match lookup (one Map per prefix length).
 */
import { Addr, Afi, Prefix, cmpPrefix, maskOf, prefixKey } from './addr';
import type { Iface } from './iface';

export interface Path {
  iface: Iface;
  nextHop?: Addr;
  /** MPLS labels to push, outermost first (implicit null is left out). */
  labels?: number[];
  /** The recursive next hop this path was resolved from (a BGP next hop), for display. */
  via?: Addr;
}

export interface Route {
  prefix: Prefix;
  /** freeRtr's type code: C, LOC, P, ... */
  code: string;
  external?: boolean;
  distance: number;
  metric: number;
  paths: Path[];
  /** Virtual time the route was installed (kept while it does not change). */
  since: number;
  /** Which source installed it ("connected", "local", "pvrp4 1", ...). */
  source: string;
}

function samePaths(a: Path[], b: Path[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].iface !== b[i].iface) return false;
    const x = a[i].nextHop;
    const y = b[i].nextHop;
    if ((x === undefined) !== (y === undefined)) return false;
    if (x && y && x.v !== y.v) return false;
    if ((a[i].labels ?? []).join(',') !== (b[i].labels ?? []).join(',')) return false;
    if (a[i].via?.v !== b[i].via?.v) return false;
  }
  return true;
}

export function sameRoute(a: Route, b: Route): boolean {
  return a.code === b.code && a.distance === b.distance && a.metric === b.metric && !!a.external === !!b.external && samePaths(a.paths, b.paths);
}

export class Rib {
  /** source -> prefixKey -> route */
  private bySource = new Map<string, Map<string, Route>>();
  /** prefixKey -> best route */
  private best = new Map<string, Route>();
  /** prefix length -> (masked network -> best route) */
  private fib = new Map<number, Map<bigint, Route>>();
  private lens: number[] = [];
  /** Bumped on every change of the best routes; protocols watch it. */
  version = 0;
  private listeners: Array<(changed: Route[]) => void> = [];

  /** Called after the best routes change, with the prefixes' new (or removed) best routes. */
  onChange(cb: (changed: Route[]) => void): () => void {
    this.listeners.push(cb);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== cb);
    };
  }

  constructor(readonly afi: Afi) {}

  /** Replace every route of `source` with `routes`; keeps `since` of unchanged routes. */
  setSource(source: string, routes: Route[], now: number): boolean {
    const old = this.bySource.get(source) ?? new Map<string, Route>();
    const next = new Map<string, Route>();
    for (const r of routes) {
      const k = prefixKey(r.prefix);
      const o = old.get(k);
      next.set(k, o && sameRoute(o, r) ? o : { ...r, since: now, source });
    }
    this.bySource.set(source, next);
    const touched = new Set<string>([...old.keys(), ...next.keys()]);
    return this.recompute(touched);
  }

  private recompute(keys: Iterable<string>): boolean {
    let changed = false;
    const touched: Route[] = [];
    for (const k of keys) {
      let win: Route | undefined;
      for (const m of this.bySource.values()) {
        const r = m.get(k);
        if (!r || r.paths.length === 0) continue;
        if (!win || r.distance < win.distance || (r.distance === win.distance && r.metric < win.metric)) win = r;
      }
      const cur = this.best.get(k);
      if (cur === win) continue;
      changed = true;
      touched.push((win ?? cur)!);
      if (cur) this.fib.get(cur.prefix.len)?.delete(cur.prefix.net);
      if (win) {
        this.best.set(k, win);
        let t = this.fib.get(win.prefix.len);
        if (!t) {
          t = new Map();
          this.fib.set(win.prefix.len, t);
          this.lens = [...this.fib.keys()].sort((a, b) => b - a);
        }
        t.set(win.prefix.net, win);
      } else {
        this.best.delete(k);
      }
    }
    if (changed) {
      this.version++;
      for (const l of [...this.listeners]) l(touched);
    }
    return changed;
  }

  lookup(a: Addr): Route | undefined {
    for (const len of this.lens) {
      const r = this.fib.get(len)!.get(a.v & maskOf(this.afi, len));
      if (r) return r;
    }
    return undefined;
  }

  /** Best routes sorted by prefix. */
  routes(): Route[] {
    return [...this.best.values()].sort((a, b) => cmpPrefix(a.prefix, b.prefix));
  }

  /** Routes of one source (e.g. for redistribution). */
  sourceRoutes(source: string): Route[] {
    return [...(this.bySource.get(source)?.values() ?? [])];
  }

  bestFor(p: Prefix): Route | undefined {
    return this.best.get(prefixKey(p));
  }
}
