/**
 * BGP configuration, vendor-neutral (RFC 4271, RFC 4760, RFC 4364). The vrp dialect maps
 * `bgp 100`, `peer X as-number N`, `ipv4-family vpnv4`, `ipv4-family vpn-instance VPNA` onto it.
 * The srlinux dialect maps `network-instance default protocols bgp` (groups flattened onto peers,
 * `afi-safi evpn`, `local-as`, `transport local-address`) onto the same type.
 * VPN instances themselves (RD, route targets) live on the node's VRFs (net/node.ts Vrf).
 */
export type Redistribute = 'direct' | 'static' | 'ospf';

export interface BgpPeerConfig {
  addr: string;
  remoteAs: number;
  /** `peer X connect-interface LoopBack1`: source the TCP session from that interface's address. */
  connectIface?: string;
  description?: string;
  /** `peer X ebgp-max-hop [N]`: IP TTL of an EBGP session (VRP: 1 by default, 255 for the bare keyword). */
  ebgpMaxHop?: number;
  /**
   * SR Linux `transport local-address A`: source the TCP session from this address (an address of
   * one of the node's interfaces). Takes precedence over connectIface.
   */
  localAddress?: string;
  /**
   * SR Linux `local-as as-number N` on the group or neighbour: the AS this session uses in its
   * OPEN and AS_PATH instead of BgpConfig.asn (RFC 7705 style; SR Linux prepends neither the
   * global AS nor the local-as twice). IBGP/EBGP is decided by comparing remoteAs with this value.
   */
  localAs?: number;
  /** SR Linux `timers minimum-advertisement-interval N` in seconds (RFC 4271 9.2.1.1; SR Linux default 5). */
  minAdvIntervalSec?: number;
  /** SR Linux `peer-group NAME`: the group this neighbour belongs to (shown by `show ... bgp neighbor`). */
  group?: string;
}

export interface BgpVrfConfig {
  /** VPN instance name (a VRF of the node). */
  vrf: string;
  /** EBGP/IBGP peers inside the VPN instance (PE-CE). */
  peers: BgpPeerConfig[];
  redistribute: Redistribute[];
  /** `maximum load-balancing N`: ECMP paths installed in the VRF (VRP default 1). */
  maxPaths: number;
}

export interface BgpConfig {
  asn: number;
  routerId?: string;
  /** Public-network peers (`peer X as-number N` in the bgp view). */
  peers: BgpPeerConfig[];
  /** IPv4 unicast family of the public network: enabled peers (VRP enables every peer by default) and redistribution. */
  ipv4: { enabled: Set<string>; redistribute: Redistribute[]; maxPaths: number };
  /** `ipv4-family vpnv4`: peers with `peer X enable`. */
  vpnv4: { enabled: Set<string>; policyVpnTarget: boolean };
  /**
   * The L2VPN EVPN family (AFI 25, SAFI 70, RFC 7432): peers it is enabled for (SR Linux
   * `afi-safi evpn admin-state enable` on the group or neighbour). The dialect flattens SR Linux's
   * groups onto the peers: a peer of group G gets G's families, local-as, timers unless it sets its own.
   * Peers with IPv4 unicast disabled are simply left out of `ipv4.enabled`.
   */
  evpn: { enabled: Set<string> };
  vrfs: Map<string, BgpVrfConfig>;
  /** VRP's `preference` default: 255 for EBGP, IBGP and local routes. */
  preference: { external: number; internal: number; local: number };
  /** RFC 4271 10: ConnectRetry 32 s (VRP), hold 180 s, keepalive 60 s. */
  connectRetrySec: number;
  holdSec: number;
  keepaliveSec: number;
}

export function newBgpConfig(asn: number): BgpConfig {
  return {
    asn,
    peers: [],
    ipv4: { enabled: new Set(), redistribute: [], maxPaths: 1 },
    vpnv4: { enabled: new Set(), policyVpnTarget: true },
    evpn: { enabled: new Set() },
    vrfs: new Map(),
    preference: { external: 255, internal: 255, local: 255 },
    connectRetrySec: 32,
    holdSec: 180,
    keepaliveSec: 60,
  };
}

export function newBgpVrfConfig(vrf: string): BgpVrfConfig {
  return { vrf, peers: [], redistribute: [], maxPaths: 1 };
}
