/**
 * The neutral configuration of one node: what every dialect parses its own syntax into and
 * renders its running configuration from. Interfaces (with subinterfaces), addresses, VRFs,
 * forwarding options, and one section per protocol, keyed by the protocol module's name and
 * typed by that module (protocols/<name>/config.ts). Static routes are the `static` protocol's
 * section. A change reaches the node as the difference between two models (config/host.ts).
 */
export interface IfaceAddr {
  addr: string;
  len: number;
}

export interface IfaceConfig {
  name: string;
  /** `lag`: an aggregate whose members and LACP are the `lacp` protocol's section (protocols/lacp/config.ts). */
  kind: 'ethernet' | 'loopback' | 'lag';
  /** Subinterface: the parent port's name and the 802.1Q VLAN id. */
  parent?: string;
  vlan?: number;
  adminUp: boolean;
  /** '' is the public network. */
  vrf: string;
  v4?: IfaceAddr;
  /** IPv4 secondary addresses (IOS `ip address A M secondary`): connected routes, local delivery, ARP. */
  v4Secondary?: IfaceAddr[];
  v6?: IfaceAddr;
  description: string;
  /** BFD timers of the interface (freeRtr `ipv4 bfd TX RX MULT`), for the protocols that run BFD on it. */
  bfd?: { minTxMs: number; minRxMs: number; detectMult: number };
}

export interface VrfConfig {
  name: string;
  rd?: string;
  importRt: string[];
  exportRt: string[];
}

export interface NodeConfig {
  hostname: string;
  vrfs: Map<string, VrfConfig>;
  ifaces: Map<string, IfaceConfig>;
  loadBalance: 'flow' | 'packet';
  /** Protocol sections by module name; a missing section means the protocol does not run. */
  protocols: Map<string, unknown>;
}

export function newNodeConfig(hostname: string): NodeConfig {
  return { hostname, vrfs: new Map(), ifaces: new Map(), loadBalance: 'flow', protocols: new Map() };
}

export function newVrfConfig(name: string): VrfConfig {
  return { name, importRt: [], exportRt: [] };
}

export function newIfaceConfig(name: string, kind: IfaceConfig['kind'], adminUp: boolean): IfaceConfig {
  return { name, kind, adminUp, vrf: '', description: '' };
}
