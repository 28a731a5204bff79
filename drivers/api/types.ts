// The vendor-neutral device API (DESIGN.md, "Drivers, the device API and lab control"): what a
// suite sees of a node, whatever the vendor. One signature per method; a platform declares, as
// data, which methods it implements (PlatformGetters below, in its own folder), and the API
// dispatches by the node's platform. A method the platform lacks throws NotSupportedError,
// which the suites' fixtures turn into a declared deviation (never a pass).
//
// This file is the contract between drivers/api (dispatch), drivers/platforms/<vendor>/ (getters),
// targets/ (which opens sessions) and suites/. Extend it by adding a method name to
// DEVICE_METHODS, its signature to DeviceStateApi, and the record type to drivers/model/types.ts.
import type {
  Afi, BfdSession, BgpFamily, BgpPeer, Interface, LdpSession, PingResult, RouteEntry, TraceResult, Vrf,
} from '../model/types';
import type { ArpEntry, MacFilterEntry, VrrpGroup, VrrsClient, VrrsGroup, VrrsPluginEntry } from '../model/types';
import type { EthernetSegment, EvpnRoute, EvpnRouteType, LagMember, MacTableEntry } from '../model/types';
import type { CommandRunner, PingOptions, ProbeOptions } from '../platforms/getters';

/** IGP neighbours in one shape for PVRP and OSPF (and IS-IS later), the protocol named. */
export interface IgpNeighbor {
  protocol: 'pvrp' | 'ospf' | 'isis';
  afi: Afi;
  /** OSPF process / PVRP process id, where the device has several. */
  process?: string;
  vrf?: string;
  /** Local interface. */
  iface: string;
  /** Neighbour's router ID. */
  routerId: string;
  /** Neighbour's address on the link, where shown. */
  address?: string;
  /**
   * Neutral adjacency state: 'up' when the adjacency is complete (OSPF Full, or 2-Way between two
   * DROthers; PVRP: the neighbour is known), 'init' while forming, 'down'.
   */
  state: 'up' | 'init' | 'down';
  /** The vendor's own state word, lower case ("full", "2-way", "exstart"). */
  vendorState?: string;
  /** OSPF area, dotted. */
  area?: string;
  /** PVRP: the peer's host name and interface (null until told). */
  name?: string | null;
  peerIface?: string | null;
  /** PVRP: prefixes learned from / advertised to the neighbour. */
  learned?: number;
  advertised?: number;
  uptimeSec?: number;
}

export interface RouteQuery {
  afi?: Afi;
  /** VRF / VPN instance; absent or '' for the global table. */
  vrf?: string;
}

export interface IgpQuery {
  protocol?: IgpNeighbor['protocol'];
  afi?: Afi;
  vrf?: string;
  /** Only this process (OSPF process / PVRP process id); every process when absent. */
  process?: string;
}

export interface BgpQuery {
  family: BgpFamily;
  vrf?: string;
}

/** The state methods of the device API. Every platform implements a subset (see PlatformGetters). */
export interface DeviceStateApi {
  interfaces(): Promise<Interface[]>;
  routes(q?: RouteQuery): Promise<RouteEntry[]>;
  igpNeighbors(q?: IgpQuery): Promise<IgpNeighbor[]>;
  bfdSessions(q?: { vrf?: string }): Promise<BfdSession[]>;
  bgpPeers(q: BgpQuery): Promise<BgpPeer[]>;
  ldpSessions(): Promise<LdpSession[]>;
  vrfs(): Promise<Vrf[]>;
  ping(target: string, opts?: PingOptions): Promise<PingResult>;
  traceroute(target: string, opts?: ProbeOptions): Promise<TraceResult>;
  // ---- issue 10: VRRP, VRRS, ARP, MAC address filter (records in drivers/model/types.ts) ----
  /** VRRP groups; only those on `iface` when given. */
  vrrpGroups(q?: { iface?: string }): Promise<VrrpGroup[]>;
  /** VRRS groups (IOS `show vrrs group [name]`); only `name` when given. */
  vrrsGroups(q?: { name?: string }): Promise<VrrsGroup[]>;
  /** Registered VRRS clients (IOS `show vrrs clients`). */
  vrrsClients(): Promise<VrrsClient[]>;
  /** The VRRS plug-in database (IOS `show vrrs plugin database`). */
  vrrsPluginDatabase(): Promise<VrrsPluginEntry[]>;
  /** The ARP table; only entries on `iface` when given. */
  arp(q?: { iface?: string }): Promise<ArpEntry[]>;
  /** The software MAC address filter of a physical interface (IOS `show controllers`). */
  macFilter(iface: string): Promise<MacFilterEntry[]>;
  // ---- issue 11: LAG/LACP, EVPN multihoming, the MAC table ----
  /** LAG member ports with their LACP state; only `lag`'s when given. */
  lagMembers(q?: { lag?: string }): Promise<LagMember[]>;
  /** Ethernet segments with their DF election per network-instance; only `name` when given. */
  ethernetSegments(q?: { name?: string }): Promise<EthernetSegment[]>;
  /**
   * EVPN routes. Without `peer`: the routes received (the BGP RIB); with `peer` and
   * direction 'advertised': what is advertised to that peer; `routeType` filters.
   */
  evpnRoutes(q?: EvpnRouteQuery): Promise<EvpnRoute[]>;
  /** The MAC table of a MAC-VRF / bridge. */
  macTable(q: { networkInstance: string }): Promise<MacTableEntry[]>;
}

export interface EvpnRouteQuery {
  routeType?: EvpnRouteType;
  peer?: string;
  /** Default 'received'; 'advertised' needs `peer`. */
  direction?: 'received' | 'advertised';
  /** The network-instance whose BGP carries EVPN (default: the platform's, SR Linux "default"). */
  networkInstance?: string;
}

export type DeviceMethod = keyof DeviceStateApi;

/** Every state method, in a fixed order (for capability tables in reports). */
export const DEVICE_METHODS: readonly DeviceMethod[] = [
  'interfaces', 'routes', 'igpNeighbors', 'bfdSessions', 'bgpPeers', 'ldpSessions', 'vrfs', 'ping', 'traceroute',
  // issue 10
  'vrrpGroups', 'vrrsGroups', 'vrrsClients', 'vrrsPluginDatabase', 'arp', 'macFilter',
  // issue 11
  'lagMembers', 'ethernetSegments', 'evpnRoutes', 'macTable',
];

/** A platform's getters: each takes the session first, then the method's own arguments. */
export type PlatformGetters = {
  [M in DeviceMethod]?: (session: CommandRunner, ...args: Parameters<DeviceStateApi[M]>) => ReturnType<DeviceStateApi[M]>;
};

/** The object a suite gets per node: `device('r2')`. */
export interface Device extends DeviceStateApi {
  readonly name: string;
  /** The node's platform (dialect), e.g. "freertr", "vrp", "frr". */
  readonly platform: string;
  /** True when the platform implements the method. */
  supports(method: DeviceMethod): boolean;
  /** Runs one CLI command and returns its output (vendor errors throw CommandError). */
  cli(command: string, opts?: { timeoutMs?: number }): Promise<string>;
  /** Enters configuration, types the lines, commits where the dialect has a commit, leaves. */
  configure(lines: readonly string[], opts?: { timeoutMs?: number }): Promise<string[]>;
}

/** A device API method the node's platform does not implement. Suites turn it into a deviation. */
export class NotSupportedError extends Error {
  /** `detail`: what part is missing where the platform has the method but not this use of it ("IPv6 routes"). */
  constructor(readonly device: string, readonly platform: string, readonly method: string, readonly detail?: string) {
    super(`${device}: ${method}${detail ? ` (${detail})` : ''} is not supported on platform ${platform}`);
    this.name = 'NotSupportedError';
  }
}
