/**
 * OSPFv2 configuration, vendor-neutral (RFC 2328). The vrp dialect maps `ospf 1` /
 * `area 0` / `network A W` onto it; other dialects map theirs.
 */
export interface OspfNetwork {
  /** Address and wildcard mask as typed: `network 11.11.11.0 0.0.0.255`. */
  addr: string;
  wildcard: string;
}

export interface OspfArea {
  /** Dotted area id: `area 0` is "0.0.0.0". */
  id: string;
  networks: OspfNetwork[];
}

export interface OspfConfig {
  processId: number;
  /** Router ID; when unset the process picks one (RFC 2328 C.1: the dialect's rule, e.g. VRP's router id). */
  routerId?: string;
  /** VRF the process runs in ('' is the public network). */
  vrf: string;
  areas: OspfArea[];
  /** Interface cost by interface name; interfaces not listed use `defaultCost`. */
  cost: Map<string, number>;
  /** Cost of an interface without an explicit one (VRP: 1 for GE and loopback at 100 Mbit/s reference). */
  defaultCost: number;
  /** Preference (administrative distance) of OSPF routes: VRP 10. */
  preference: number;
  /** RFC 2328 appendix C.3 defaults: hello 10 s, dead 40 s, retransmit 5 s, priority 1. */
  helloSec: number;
  deadSec: number;
  retransmitSec: number;
  priority: number;
  /** Maximum equal-cost paths installed. */
  maxPaths: number;
  /**
   * Routes redistributed into the process (a dialect's `redistribute connected|static`, VRP's
   * `import-route`): each one an AS-external-LSA (RFC 2328 12.4.4) with a type 2 metric, and
   * the router an AS boundary router (router-LSA bit E).
   */
  external: OspfExternal[];
}

export interface OspfExternal {
  /** `a.b.c.d/len`. */
  prefix: string;
  metric: number;
  /** The external metric type (RFC 2328 16.4): 2 unless given. */
  type?: 1 | 2;
  tag?: number;
}

export function newOspfConfig(processId: number): OspfConfig {
  return { processId, vrf: '', areas: [], cost: new Map(), defaultCost: 1, preference: 10, helloSec: 10, deadSec: 40, retransmitSec: 5, priority: 1, maxPaths: 8, external: [] };
}
