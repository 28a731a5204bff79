/**
 * The show models of the layer-2 and EVPN modules: the typed rows each module's `show` gives
 * (ProtocolHost.show(protocol, model)), which the dialects render (SR Linux's boxed tables, a
 * Linux host's `ip` and `cat /proc/net/bonding/X`) and the gNMI data source serves. One contract
 * for the modules (lacp, bridge, vxlan, bgp's EVPN family, evpn) and their readers; the
 * modules fill them from live state, never from configuration alone.
 *
 *   lacp.lags      LacpLagRow[]       lacp.members  LacpMemberRow[]
 *   bridge.macVrfs MacVrfRow[]        bridge.macTable MacTableRow[]
 *   vxlan.interfaces VxlanIfRow[]
 *   bgp.evpnRoutes EvpnRouteRow[]     (received and advertised, per peer)
 *   evpn.segments  SegmentRow[]       (protocols/evpn/engine.ts)
 */
import type { MacEntryType, MacDestination } from './bridge/config';
import type { LacpInterval, LacpMode } from './lacp/config';

/** One LAG (`show lag lag1 lacp-state` head; `/interface[name=lag1]/lag`). */
export interface LacpLagRow {
  lag: string;
  /** Oper up: at least min-links members distributing. */
  operUp: boolean;
  interval: LacpInterval;
  mode: LacpMode;
  /** Actor system id `aa:bb:cc:dd:ee:ff` (lower case). */
  systemId: string;
  systemPriority: number;
  adminKey: number;
  /** Members in configuration order. */
  members: string[];
  minLinks: number;
  /** Virtual time (µs) of the last oper change. */
  lastChange: number;
}

/** One member port of a LAG (`show lag lag1 lacp-state` table; `/interface[name=lag1]/lag/member`). */
export interface LacpMemberRow {
  lag: string;
  member: string;
  /** The port is up and distributing. */
  operUp: boolean;
  /** Actor state bits (802.1AX 6.4.2.3). */
  activity: LacpMode;
  /** Actor LACP_Timeout: `short` (fast) or `long` (slow). */
  timeout: 'short' | 'long';
  inSync: boolean;
  collecting: boolean;
  distributing: boolean;
  aggregation: boolean;
  defaulted: boolean;
  expired: boolean;
  systemId: string;
  operKey: number;
  /** Partner system id, lower case; undefined before any LACPDU. */
  partnerId?: string;
  partnerKey?: number;
  partnerPriority?: number;
  portNo: number;
  partnerPortNo?: number;
  /** LACPDUs received/sent on this member. */
  rxLacpdu: number;
  txLacpdu: number;
}

export interface MacVrfRow {
  name: string;
  operUp: boolean;
  /** Bridged subinterfaces (`lag1.0`, `ethernet-1/1.0`). */
  interfaces: string[];
  vxlanInterface?: string;
  agingS: number;
  learning: boolean;
}

/** One MAC entry (`show network-instance X bridge-table mac-table all`). */
export interface MacTableRow {
  macVrf: string;
  /** Lower case `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  type: MacEntryType;
  destination: MacDestination;
  /** SR Linux's destination index (an ifindex-like number per destination; stable per destination). */
  destIndex: number;
  active: boolean;
  /** Aging seconds for learnt entries; undefined (N/A) for evpn/static. */
  agingS?: number;
  /** Virtual time (µs) of the last update. */
  lastUpdate: number;
}

export interface VxlanIfRow {
  name: string;
  vni: number;
  sourceAddress: string;
  /** Remote VTEPs of the ingress-replication flood list. */
  floodList: string[];
  txPackets: number;
  rxPackets: number;
}

/** One EVPN route in a BGP RIB (Adj-RIB-In of a peer, the Loc-RIB, or advertised to a peer). */
export interface EvpnRouteRow {
  /** `received` from `peer`, `advertised` to `peer`, or `local` (originated, no peer). */
  direction: 'received' | 'advertised' | 'local';
  peer?: string;
  routeType: 1 | 2 | 3 | 4;
  /** `10.0.0.1:111`. */
  rd: string;
  esi?: string;
  tag?: number;
  mac?: string;
  ip?: string;
  /** Type 3 and 4 originating router. */
  originator?: string;
  nextHop: string;
  /** Label / VNI (types 1 per EVI, 2, 3); undefined for type 1 per ES and type 4. */
  vni?: number;
  med?: number;
  localPref?: number;
  /** AS path as printed, e.g. `i` or `[100] i`. */
  asPath: number[];
  origin: 'i' | 'e' | '?';
  rts: string[];
  used: boolean;
  valid: boolean;
  best: boolean;
}

export type { SegmentRow, DfRow } from './evpn/engine';
