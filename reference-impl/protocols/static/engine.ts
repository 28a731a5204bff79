/**
 * Static routes (neutral config) installed into the VRF routing tables as source 'static'
 * (code 'S', distance = preference, metric 0). A route is active while its next hop resolves in
 * its VRF and, with `trackBfd`, while that BFD session is Up (re-evaluated in the same virtual
 * instant the session changes). Several active routes to one prefix with the lowest preference
 * form one ECMP route.
 */
import type { Node } from '../../net/node';
import type { Iface } from '../../net/iface';
import { Addr, Afi, Prefix, addrEq, contains, parseAddr, parsePrefix, prefixKey, prefixOf } from '../../net/addr';
import type { Path, Route } from '../../net/rib';
import { EventHandle } from '../../sim/scheduler';
import type { StaticConfig, StaticRouteConfig } from './config';

export type BfdState = 'AdminDown' | 'Down' | 'Init' | 'Up';

export interface BfdTracker {
  state(name: string): BfdState | undefined;
  onStateChange(cb: (name: string, s: BfdState) => void): () => void;
}

export const STATIC_SOURCE = 'static';

export class StaticRoutes {
  private cfg: StaticConfig = { routes: [] };
  private active = false;
  private unsubscribe?: () => void;
  private pending?: EventHandle;
  /** Change callbacks on the tables our routes live in, per "vrf|afi". */
  private watching = new Map<string, () => void>();
  /** VRFs we have written routes into, so that removing all routes withdraws them. */
  private written = new Set<string>();

  constructor(
    private node: Node,
    private bfd?: BfdTracker,
  ) {
    node.onIfaceChange(() => {
      if (this.active) this.evaluate();
    });
  }

  update(cfg: StaticConfig): void {
    this.cfg = cfg;
    if (!this.active) {
      this.active = true;
      this.unsubscribe = this.bfd?.onStateChange(() => {
        if (this.active) this.evaluate();
      });
    }
    this.evaluate();
  }

  stop(): void {
    this.active = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.pending?.cancel();
    this.pending = undefined;
    for (const off of this.watching.values()) off();
    this.watching.clear();
    const now = this.node.sched.now;
    for (const k of this.written) {
      const [vrf, afi] = splitKey(k);
      this.node.vrfs.get(vrf)?.rib[afi].setSource(STATIC_SOURCE, [], now);
    }
    this.written.clear();
  }

  /**
   * Route changes of other sources can make a next hop (un)reachable: re-evaluate, coalesced
   * into one run at the same virtual instant. Our own writes do not count.
   */
  private watch(k: string): void {
    if (this.watching.has(k)) return;
    const [vrf, afi] = splitKey(k);
    const off = this.node.vrf(vrf).rib[afi].onChange((changed) => {
      if (!this.active || !changed.some((r) => r.source !== STATIC_SOURCE) || this.pending) return;
      this.pending = this.node.sched.schedule(0, () => {
        this.pending = undefined;
        this.evaluate();
      }, this.node.name);
    });
    this.watching.set(k, off);
  }

  /** Recompute every static route and write each VRF/family table. */
  evaluate(): void {
    if (!this.active) return;
    const now = this.node.sched.now;
    // "vrf|afi" -> prefixKey -> candidates
    const tables = new Map<string, Map<string, { prefix: Prefix; pref: number; paths: Path[] }>>();
    const keys = new Set<string>();
    for (const r of this.cfg.routes) {
      const prefix = parsePrefix(r.prefix);
      if (!prefix) continue;
      const k = `${r.vrf}|${prefix.afi}`;
      keys.add(k);
      const path = this.resolve(r, prefix.afi);
      if (!path) continue;
      let t = tables.get(k);
      if (!t) tables.set(k, (t = new Map()));
      const pk = prefixKey(prefix);
      const cur = t.get(pk);
      if (!cur || r.preference < cur.pref) t.set(pk, { prefix, pref: r.preference, paths: [path] });
      else if (r.preference === cur.pref && !cur.paths.some((p) => samePath(p, path))) cur.paths.push(path);
    }
    for (const k of this.written) keys.add(k);
    for (const k of keys) {
      this.watch(k);
      const [vrf, afi] = splitKey(k);
      const routes: Route[] = [...(tables.get(k)?.values() ?? [])].map((c) => ({
        prefix: c.prefix,
        code: 'S',
        distance: c.pref,
        metric: 0,
        paths: c.paths,
        since: now,
        source: STATIC_SOURCE,
      }));
      const rib = this.node.vrf(vrf).rib[afi];
      rib.setSource(STATIC_SOURCE, routes, now);
      if (routes.length) this.written.add(k);
      else this.written.delete(k);
    }
  }

  /** The path of one configured route, or undefined while it must not be installed. */
  private resolve(r: StaticRouteConfig, afi: Afi): Path | undefined {
    if (r.trackBfd !== undefined && this.bfd?.state(r.trackBfd) !== 'Up') return undefined;
    if (r.trackBfd !== undefined && !this.bfd) return undefined;
    const nh = r.nextHop ? parseAddr(r.nextHop) : undefined;
    if (r.nextHop && (!nh || nh.afi !== afi)) return undefined;
    if (r.iface) {
      const i = this.node.ifaces.get(r.iface);
      if (!i || !i.up || i.vrf !== r.vrf) return undefined;
      if (nh && !onLink(i, nh)) return undefined;
      return nh ? { iface: i, nextHop: nh } : { iface: i };
    }
    if (!nh) return undefined;
    if (this.node.ip.isLocal(r.vrf, nh)) return undefined;
    const via = this.lookupNonStatic(r.vrf, nh);
    if (!via || via.paths.length === 0) return undefined;
    const p = via.paths[0];
    if (via.code === 'C') return { iface: p.iface, nextHop: nh };
    // Recursive next hop: forward towards the resolving route's next hop, show the configured one.
    return { iface: p.iface, nextHop: p.nextHop ?? nh, labels: p.labels, via: nh };
  }

  /**
   * Longest match for `a` among the VRF's best routes, static ones left out: a static route never
   * resolves through another static route (that would let 0.0.0.0/0 keep itself alive).
   */
  private lookupNonStatic(vrf: string, a: Addr): Route | undefined {
    const rib = this.node.vrf(vrf).rib[a.afi];
    const best = rib.lookup(a);
    if (best && best.source !== STATIC_SOURCE) return best;
    let win: Route | undefined;
    for (const r of rib.routes()) {
      if (r.source === STATIC_SOURCE || r.code === 'LOC' || !contains(r.prefix, a)) continue;
      if (!win || r.prefix.len > win.prefix.len) win = r;
    }
    return win;
  }
}

function onLink(i: Iface, a: Addr): boolean {
  const x = i.addrOf(a.afi);
  return !!x && contains(prefixOf(x.addr, x.len), a);
}

function samePath(a: Path, b: Path): boolean {
  if (a.iface !== b.iface) return false;
  if (!a.nextHop || !b.nextHop) return a.nextHop === b.nextHop;
  return addrEq(a.nextHop, b.nextHop);
}

function splitKey(k: string): [string, Afi] {
  const at = k.lastIndexOf('|');
  return [k.slice(0, at), Number(k.slice(at + 1)) as Afi];
}
