/**
 * The VRP configuration as data: the running configuration of a device and the candidate of a
 * session are both a VrpConfig; `commit` copies the candidate over the running one. Everything
 * `display current-configuration` prints comes from here (running.ts).
 */
import type { Redistribute } from '../../protocols/bgp/config';
import type { StaticRouteConfig } from '../../protocols/static/config';
import type { VrrpGroupConfig } from '../../protocols/vrrp/config';

export interface IfCfg {
  name: string;
  /** undefined: the default (physical ports down, loopbacks up). */
  shutdown?: boolean;
  vrf?: string;
  addr?: { addr: string; len: number };
  mpls: boolean;
  mplsLdp: boolean;
  description?: string;
  /** VRRP groups (vrrp.ts) by VRID, in the neutral form. */
  vrrp?: Map<number, VrrpGroupConfig>;
}

export interface VpnCfg {
  name: string;
  af4: boolean;
  rd?: string;
  exportRt: string[];
  importRt: string[];
  labelPerInstance: boolean;
}

export interface PeerCfg {
  addr: string;
  as: number;
  connectIf?: string;
}

export interface BgpVrfCfg {
  vrf: string;
  peers: Map<string, PeerCfg>;
  redistribute: Redistribute[];
  maxPaths: number;
}

export interface BgpCfg {
  asn: number;
  routerId?: string;
  peers: Map<string, PeerCfg>;
  /** ipv4-family unicast: peers with `undo peer X enable` (VRP enables every peer by default). */
  ipv4Disabled: Set<string>;
  ipv4Redistribute: Redistribute[];
  ipv4MaxPaths: number;
  vpnv4?: { enabled: string[] };
  vrfs: Map<string, BgpVrfCfg>;
}

export interface OspfCfg {
  id: number;
  routerId?: string;
  areas: Map<string, Array<{ addr: string; wildcard: string }>>;
}

export interface BfdSessCfg {
  name: string;
  peer: string;
  /** `... auto`: discriminators negotiated; otherwise `discriminator local/remote N` give them. */
  auto: boolean;
  localDisc?: number;
  remoteDisc?: number;
  vrf?: string;
  iface?: string;
  source?: string;
  minTx?: number;
  minRx?: number;
  mult?: number;
  shutdown: boolean;
  description?: string;
}

export interface VrpConfig {
  sysname: string;
  vpns: Map<string, VpnCfg>;
  bfd: boolean;
  lsrId?: string;
  mpls: boolean;
  mplsLdp: boolean;
  ifaces: Map<string, IfCfg>;
  bgp?: BgpCfg;
  ospf: Map<number, OspfCfg>;
  loadBalancePacket: boolean;
  statics: StaticRouteConfig[];
  bfdSessions: Map<string, BfdSessCfg>;
  /** `vrrp version v3` in the system view (VRP's default is v2). */
  vrrpV3: boolean;
}

export function newConfig(sysname: string): VrpConfig {
  return { sysname, vpns: new Map(), bfd: false, mpls: false, mplsLdp: false, ifaces: new Map(), ospf: new Map(), loadBalancePacket: false, statics: [], bfdSessions: new Map(), vrrpV3: false };
}

export function cloneConfig(c: VrpConfig): VrpConfig {
  return structuredClone(c);
}

export function newIfCfg(name: string): IfCfg {
  return { name, mpls: false, mplsLdp: false };
}

export function newBgpCfg(asn: number): BgpCfg {
  return { asn, peers: new Map(), ipv4Disabled: new Set(), ipv4Redistribute: [], ipv4MaxPaths: 1, vrfs: new Map() };
}

/** Dotted area id: `area 0` and `area 0.0.0.0` are the same area. */
export function areaId(s: string): string | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n > 0xffffffff) return undefined;
    return [24, 16, 8, 0].map((b) => (n >>> b) & 255).join('.');
  }
  return /^\d+\.\d+\.\d+\.\d+$/.test(s) ? s : undefined;
}
