// The vendor-neutral state model. Getters of every platform return these records, so a state
// check written once runs on every target whose platform implements the getter
// (DESIGN.md, "Drivers and the neutral state model").

export type Afi = 'ipv4' | 'ipv6';

export type InterfaceState = 'up' | 'down' | 'admin';

export interface Interface {
  name: string;
  /** 'admin' = administratively down (shutdown). */
  state: InterfaceState;
  /** Counters as the device reports them (freeRtr: bytes). */
  tx?: number;
  rx?: number;
  drops?: number;
}

/** Neutral names of the protocols a route can come from. */
export type RouteProtocol =
  | 'connected'
  | 'local'
  | 'static'
  | 'pvrp'
  | 'lsrp'
  | 'ospf'
  | 'isis'
  | 'bgp'
  | 'rip'
  | 'eigrp'
  | 'babel'
  | 'olsr'
  | 'other';

export interface RouteEntry {
  vrf?: string;
  afi: Afi;
  /** Prefix with length, as printed: "1.1.1.8/30", "4321::1/128". */
  prefix: string;
  protocol: RouteProtocol;
  /** Redistributed into the protocol (freeRtr "P EX", OSPF E1/E2). */
  external?: boolean;
  /** False for a route a protocol learned but has not put in the routing table (freeRtr typ "null"). */
  installed?: boolean;
  /** The vendor's own type code, e.g. "P EX", kept for reports. */
  vendorType?: string;
  distance?: number;
  metric?: number;
  iface?: string;
  /** null for a directly connected route (no gateway). */
  nextHop?: string | null;
  ageSec?: number;
}

export interface RoutePath {
  iface?: string;
  nextHop?: string | null;
}

export interface RouteGroup {
  vrf?: string;
  afi: Afi;
  prefix: string;
  /** One per ECMP path, in the order the device printed them. */
  paths: RoutePath[];
}

/** Groups route entries by (vrf, afi, prefix), keeping first-seen order: ECMP shows as paths.length > 1. */
export function groupRoutes(entries: readonly RouteEntry[]): RouteGroup[] {
  const groups = new Map<string, RouteGroup>();
  for (const e of entries) {
    const key = `${e.vrf ?? ''}|${e.afi}|${e.prefix}`;
    let g = groups.get(key);
    if (!g) {
      g = { afi: e.afi, prefix: e.prefix, paths: [] };
      if (e.vrf !== undefined) g.vrf = e.vrf;
      groups.set(key, g);
    }
    g.paths.push({ iface: e.iface, nextHop: e.nextHop });
  }
  return [...groups.values()];
}

export interface PvrpNeighbor {
  afi: Afi;
  /** Local interface. */
  iface: string;
  routerId: string;
  /** Peer's host name; null until the peer has told it (freeRtr prints "null"). */
  name: string | null;
  /** Peer's interface name; null until known. */
  peerIface: string | null;
  /** Peer's address on the link. */
  peer: string;
  /** Prefixes learned from / advertised to this neighbour. */
  learned: number;
  advertised: number;
  uptimeSec: number;
}

export interface PingResult {
  target: string;
  sent: number;
  received: number;
  lost: number;
  /** Percent of probes answered, 0..100. */
  successPct: number;
  /** Round-trip times in milliseconds, where the device reports them. */
  rttMin?: number;
  rttAvg?: number;
  rttMax?: number;
}

export interface TraceHop {
  ttl: number;
  /** null when the hop did not answer. */
  address: string | null;
  rttMs?: number;
}

export interface TraceResult {
  target: string;
  hops: TraceHop[];
  /** True when the last hop is the target. */
  reached: boolean;
}

// Room for the records the other suites need, added with their getters:
// - BfdSession {vrf?, peer, local?, iface?, state: 'up'|'down'|'init'|'admin-down', localDiscr?, remoteDiscr?}
// - VrrpGroup {iface, vrid, afi, state: 'master'|'backup'|'init', priority, virtualIps, masterAddress?}
// - VrrsGroup / VrrsClient {name, state, clients: {plugin, iface, state}[]}
// - BgpPeer {vrf?, peer, remoteAs, state, afis: {afi, received, advertised}[], uptimeSec?}
// - EvpnRoute {type: 1|2|3|4, rd, esi?, mac?, ip?, nextHop, ...}, EthernetSegment {esi, df, members}
// - MacEntry {vlan?, mac, dest: {iface}|{esi}|{vtep}}, LacpMember {lag, iface, state, partner}
// - OspfNeighbor {routerId, iface, state, area}, LdpSession {peer, state, labelsIn, labelsOut}
