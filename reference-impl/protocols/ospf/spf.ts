/**
 * The shortest-path calculation of one area (RFC 2328 16.1): Dijkstra over router and
 * transit-network vertices with the two-way check, next hops per 16.1.1 (directly attached
 * networks, then the neighbour's address on the shared segment), equal-cost multipath,
 * and stub networks in the second stage.
 */
import { MAX_AGE, type Lsdb } from './lsdb';
import {
  decodeExternalBody,
  decodeNetworkBody,
  LS_EXTERNAL,
  LS_INFINITY,
  decodeRouterBody,
  LINK_P2P,
  LINK_STUB,
  LINK_TRANSIT,
  LS_NETWORK,
  LS_ROUTER,
  maskLen,
  type NetworkLsaBody,
  type RouterLsaBody,
} from './packet';
import type { OspfInterface } from './interface';

export interface NextHop {
  oi: OspfInterface;
  /** The neighbour's address on the segment; undefined for a directly attached network. */
  nh?: number;
}

export interface SpfRoute {
  net: number;
  len: number;
  cost: number;
  hops: NextHop[];
  /** An AS-external route (16.4) with a type 2 metric: `cost` is the external metric. */
  e2?: boolean;
  /** Type 2 externals: the distance to the ASBR (or forwarding address), the tie-breaker. */
  toAsbr?: number;
}

/** A router of the shortest-path tree: its distance and next hops (16.1). */
export interface SpfRouter {
  dist: number;
  hops: NextHop[];
}

interface Vertex {
  id: string;
  kind: 'router' | 'network';
  /** Router ID, or the network LSA's Link State ID (the DR's interface address). */
  key: number;
  router?: RouterLsaBody;
  network?: NetworkLsaBody;
  dist: number;
  hops: NextHop[];
}

const hopKey = (h: NextHop) => `${h.oi.iface.name}|${h.nh ?? ''}`;

function mergeHops(a: NextHop[], b: NextHop[]): NextHop[] {
  const m = new Map<string, NextHop>();
  for (const h of [...a, ...b]) m.set(hopKey(h), h);
  return [...m.values()];
}

/** Run 16.1 from router `rid`; `ifByAddr` maps our interface addresses to their OSPF interfaces. */
export function runSpf(db: Lsdb, rid: number, ifByAddr: Map<number, OspfInterface>, routersOut?: Map<number, SpfRouter>): SpfRoute[] {
  const routers = new Map<number, RouterLsaBody>();
  const networks = new Map<number, { adv: number; body: NetworkLsaBody }[]>();
  for (const e of db.entries()) {
    if (db.age(e) >= MAX_AGE) continue;
    const h = e.lsa.hdr;
    const body = e.lsa.raw.subarray(20);
    if (h.type === LS_ROUTER && h.id === h.adv) {
      const r = decodeRouterBody(body);
      if (r) routers.set(h.adv, r);
    } else if (h.type === LS_NETWORK) {
      const n = decodeNetworkBody(body);
      if (n) networks.set(h.id, [...(networks.get(h.id) ?? []), { adv: h.adv, body: n }]);
    }
  }
  const rootLsa = routers.get(rid);
  if (!rootLsa) return [];
  const netFor = (lsid: number): NetworkLsaBody | undefined => {
    const l = networks.get(lsid);
    if (!l) return undefined;
    // Stale network LSAs of a former DR may share the ID: prefer the one whose originator links to it.
    return (l.find((x) => routers.get(x.adv)?.links.some((k) => k.type === LINK_TRANSIT && k.id === lsid)) ?? l[0]).body;
  };
  const root: Vertex = { id: `r${rid}`, kind: 'router', key: rid, router: rootLsa, dist: 0, hops: [] };
  const tree = new Map<string, Vertex>();
  const cand = new Map<string, Vertex>();

  const consider = (v: Vertex, w: Omit<Vertex, 'dist' | 'hops'>, cost: number, viaLinkData: number) => {
    if (tree.has(w.id)) return;
    const d = v.dist + cost;
    let hops: NextHop[];
    if (v === root) {
      // 16.1.1: a network directly attached to the root: the interface, no next-hop address.
      const oi = ifByAddr.get(viaLinkData);
      if (!oi) return;
      hops = [{ oi }];
    } else if (v.kind === 'network' && w.kind === 'router') {
      // 16.1.1: a router on a directly attached network: its address on that network.
      const addr = w.router!.links.find((k) => k.type === LINK_TRANSIT && k.id === v.key)?.data;
      hops = v.hops.map((h) => (h.nh === undefined && addr !== undefined ? { oi: h.oi, nh: addr } : h));
    } else hops = v.hops;
    if (hops.length === 0) return;
    const c = cand.get(w.id);
    if (!c || d < c.dist) cand.set(w.id, { ...w, dist: d, hops });
    else if (d === c.dist) c.hops = mergeHops(c.hops, hops);
  };

  let v: Vertex | undefined = root;
  while (v) {
    tree.set(v.id, v);
    if (v.kind === 'router') {
      for (const l of v.router!.links) {
        if (l.type === LINK_TRANSIT) {
          const n = netFor(l.id);
          // Step 2b: the network must list this router (two-way check).
          if (!n || !n.routers.includes(v.key)) continue;
          consider(v, { id: `n${l.id}`, kind: 'network', key: l.id, network: n }, l.metric, l.data);
        } else if (l.type === LINK_P2P) {
          const r = routers.get(l.id);
          if (!r || !r.links.some((k) => k.type === LINK_P2P && k.id === v!.key)) continue;
          consider(v, { id: `r${l.id}`, kind: 'router', key: l.id, router: r }, l.metric, l.data);
        }
      }
    } else {
      for (const r of v.network!.routers) {
        const lsa = routers.get(r);
        if (!lsa || !lsa.links.some((k) => k.type === LINK_TRANSIT && k.id === v!.key)) continue;
        consider(v, { id: `r${r}`, kind: 'router', key: r, router: lsa }, 0, 0);
      }
    }
    // Step 3: the closest candidate next; networks before routers at equal distance.
    let next: Vertex | undefined;
    for (const c of cand.values()) {
      if (!next || c.dist < next.dist || (c.dist === next.dist && c.kind === 'network' && next.kind === 'router')) next = c;
    }
    if (next) cand.delete(next.id);
    v = next;
  }

  const out = new Map<string, SpfRoute>();
  const add = (net: number, len: number, cost: number, hops: NextHop[]) => {
    if (hops.length === 0) return;
    const k = `${net}/${len}`;
    const o = out.get(k);
    if (!o || cost < o.cost) out.set(k, { net, len, cost, hops });
    else if (cost === o.cost) o.hops = mergeHops(o.hops, hops);
  };
  for (const x of tree.values()) {
    if (x.kind === 'network') {
      const mask = x.network!.mask;
      add((x.key & mask) >>> 0, maskLen(mask), x.dist, x.hops);
    }
  }
  if (routersOut) for (const x of tree.values()) if (x.kind === 'router' && x !== root) routersOut.set(x.key, { dist: x.dist, hops: x.hops });
  // Stage 2 (16.1 second stage): stub networks of every router in the tree.
  for (const x of tree.values()) {
    if (x.kind !== 'router' || x === root) continue;
    for (const l of x.router!.links) {
      if (l.type !== LINK_STUB) continue;
      add((l.id & l.data) >>> 0, maskLen(l.data), x.dist + l.metric, x.hops);
    }
  }
  // Directly attached networks are the connected routes' business.
  return [...out.values()].filter((r) => r.hops.every((h) => h.nh !== undefined));
}

/**
 * 16.4: AS-external routes from the AS-external-LSAs of other routers, given the intra-area
 * routes and the routers of the tree (the ASBRs are routers of this one area). An LSA at MaxAge
 * or with metric LSInfinity, or whose ASBR (or forwarding address) is unreachable, gives no
 * route; a prefix with an intra-area route keeps it (step 6). Type 1 is preferred to type 2;
 * type 1 costs distance + metric; type 2 costs the metric, ties broken by the distance to the
 * ASBR; equal ones merge their next hops.
 */
export function externalRoutes(db: Lsdb, rid: number, routers: Map<number, SpfRouter>, intra: SpfRoute[]): SpfRoute[] {
  const have = new Set(intra.map((r) => `${r.net}/${r.len}`));
  const out = new Map<string, SpfRoute>();
  for (const e of db.entries()) {
    const h = e.lsa.hdr;
    if (h.type !== LS_EXTERNAL || h.adv === rid || db.age(e) >= MAX_AGE) continue;
    const x = decodeExternalBody(e.lsa.raw.subarray(20));
    if (!x || x.metric >= LS_INFINITY) continue;
    const asbr = routers.get(h.adv);
    if (!asbr) continue;
    let via: SpfRouter = asbr;
    if (x.forward !== 0) {
      // A forwarding address: reached by the intra-area route that contains it, longest first.
      const r = intra
        .filter((q) => (x.forward & maskOf(q.len)) >>> 0 === q.net)
        .sort((a, b) => b.len - a.len)[0];
      if (!r) continue;
      via = { dist: r.cost, hops: r.hops };
    }
    const len = maskLen(x.mask);
    const net = (h.id & x.mask) >>> 0;
    const k = `${net}/${len}`;
    if (have.has(k) || via.hops.length === 0) continue;
    const cand: SpfRoute = x.e2 ? { net, len, cost: x.metric, hops: via.hops, e2: true, toAsbr: via.dist } : { net, len, cost: via.dist + x.metric, hops: via.hops };
    const o = out.get(k);
    const better = (a: SpfRoute, b: SpfRoute): number => {
      if (!!a.e2 !== !!b.e2) return a.e2 ? 1 : -1;
      if (a.cost !== b.cost) return a.cost - b.cost;
      return a.e2 ? (a.toAsbr ?? 0) - (b.toAsbr ?? 0) : 0;
    };
    if (!o || better(cand, o) < 0) out.set(k, cand);
    else if (better(cand, o) === 0) o.hops = mergeHops(o.hops, cand.hops);
  }
  return [...out.values()].filter((r) => r.hops.every((q) => q.nh !== undefined));
}

function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}
