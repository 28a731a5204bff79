// MAC-VRF bridging: neutral configuration and the contract the EVPN module (h11evpn) calls.
// SR Linux `network-instance X { type mac-vrf; interface ...; vxlan-interface ...; bridge-table }`.

/** SR Linux default mac-learning aging, seconds (range 60..86400). */
export const MAC_AGING_DEFAULT_S = 300;

export interface MacVrfConfig {
  name: string;
  /** Attached subinterfaces, e.g. `lag1.0`, `ethernet-1/1.0`. */
  interfaces: string[];
  /** The vxlan-interface (see vxlan/config.ts), e.g. `vxlan1.1`, if any. */
  vxlanInterface?: string;
  /** EVPN instance number (bgp-evpn bgp-instance 1 evi N), informational for EVPN. */
  evi?: number;
  learning: boolean;
  /** MAC aging in seconds; 0 disables aging. */
  agingS: number;
  /** Static MAC entries: mac -> subinterface. */
  staticMacs?: { mac: string; destination: string }[];
}

export interface BridgeConfig { macVrfs: MacVrfConfig[] }

/** Entry types as SR Linux prints them in `bridge-table mac-table all`. */
export type MacEntryType = 'learnt' | 'evpn' | 'evpn-static' | 'static' | 'duplicate';

/** Where a MAC entry points. */
export type MacDestination =
  | { kind: 'subinterface'; name: string }
  | { kind: 'vtep'; vtep: string; vni: number }
  | { kind: 'esi'; esi: string; vteps: string[] };

export interface MacEntry {
  mac: string;
  type: MacEntryType;
  destination: MacDestination;
  /** Virtual time (ms) of last update. */
  lastUpdateMs: number;
}

/** A remote MAC as EVPN type 2 gives it: a single VTEP, or an ESI resolved over several VTEPs. */
export type RemoteMacTarget = { vtep: string } | { esi: string; vteps: string[] };

/** Events the bridge emits for EVPN to advertise / withdraw type 2 routes. */
export interface BridgeEvents {
  onLocalMacLearned(macVrf: string, mac: string, subinterface: string): void;
  onLocalMacAged(macVrf: string, mac: string): void;
}

/**
 * The API the EVPN module calls on a node's bridge (one instance per node).
 * Implemented by BridgeEngine (protocols/bridge/engine.ts), the `bridge` module's instance.
 */
export interface BridgeApi {
  /** EVPN type 2 received: install or replace a remote MAC (type evpn, or evpn-static if sticky). */
  installRemoteMac(macVrf: string, mac: string, target: RemoteMacTarget, opts?: { static?: boolean }): void;
  withdrawRemoteMac(macVrf: string, mac: string): void;
  /** EVPN type 3 set: the full ingress-replication flood list (remote VTEP addresses) of a BD. */
  setFloodList(macVrf: string, vteps: string[]): void;
  /** Ethernet segment DF state of an ES subinterface: non-DF drops BUM towards the ES (RFC 7432 8.5). */
  setDesignatedForwarder(macVrf: string, subinterface: string, isDf: boolean): void;
  /** Local-bias split horizon (RFC 8365 8.3.1): BUM from these VTEPs is not sent to the ES subinterface. */
  setEsPeers(subinterface: string, peerVteps: string[]): void;
  /**
   * The ESI of a local ethernet segment on this subinterface (undefined: none). A remote MAC on
   * that ESI (the ES peer's type 2, RFC 7432 section 14.1) is then forwarded to the local
   * subinterface while it is up, over the ESI's VTEPs otherwise. Optional for callers and fakes.
   */
  setLocalEsi?(subinterface: string, esi: string | undefined): void;
  macTable(macVrf: string): MacEntry[];
  subscribe(events: BridgeEvents): () => void;
}
