/**
 * VRRP configuration, vendor-neutral: version 3 (RFC 5798, IPv4 and IPv6) and version 2 (RFC
 * 3768, IPv4). IOS XE maps `vrrp N ip A [secondary]`, `vrrp N priority P`, `vrrp N preempt
 * [delay minimum S]`, `vrrp N timers advertise`, `vrrp N name X` and `vrrp delay minimum M reload R`
 * onto it; VRP maps `vrrp vrid N virtual-ip A`, `priority`, `preempt-mode timer delay`.
 */
export type VrrpVersion = 2 | 3;

export interface VrrpGroupConfig {
  /** Interface the group runs on (its name in the node). */
  iface: string;
  /** Virtual Router Identifier 1-255 (RFC 5798 5.2.3). */
  vrid: number;
  afi: 4 | 6;
  version: VrrpVersion;
  /** Virtual addresses, primary first (IOS `vrrp N ip A`, then `... secondary`). */
  addresses: string[];
  /**
   * Priority 1-254 (RFC 5798 5.2.4, default 100). An owner of the virtual address (the address is
   * the interface's own) runs with 255 whatever is configured (RFC 5798 6.1 / RFC 3768 6.1).
   */
  priority: number;
  /** Preempt_Mode (RFC 5798 6.1, default true). */
  preempt: boolean;
  /** IOS `preempt delay minimum S`: how long a backup waits before preempting a lower-priority master, ms. */
  preemptDelayMs: number;
  /** Accept_Mode (RFC 5798 6.1, default false): a non-owner master accepts packets to the virtual address. */
  acceptMode: boolean;
  /**
   * Advertisement_Interval in ms: v3 carries centiseconds (RFC 5798 5.2.7, default 100 cs = 1 s),
   * v2 whole seconds (RFC 3768 5.3.7, default 1 s).
   */
  advertMs: number;
  /** VRRS name the group serves (IOS `vrrp N name X`); empty: none. */
  name: string;
  description: string;
  /** `vrrp N shutdown`: the group stays in Init. */
  shutdown: boolean;
}

/** Per-interface start delays (IOS XE `vrrp delay minimum M reload R`), seconds. */
export interface VrrpIfaceConfig {
  /** Delay before the interface's groups start after the interface comes up. */
  delayMinimumSec: number;
  /** Delay before they start after the router boots (the first time the interface is up). */
  delayReloadSec: number;
}

export interface VrrpConfig {
  /** Groups by `groupKey(iface, vrid, afi)`. */
  groups: Map<string, VrrpGroupConfig>;
  ifaces: Map<string, VrrpIfaceConfig>;
}

export function groupKey(iface: string, vrid: number, afi: 4 | 6): string {
  return `${iface}|${vrid}|${afi}`;
}

export function newVrrpConfig(): VrrpConfig {
  return { groups: new Map(), ifaces: new Map() };
}

export function newVrrpGroupConfig(iface: string, vrid: number, afi: 4 | 6 = 4, version: VrrpVersion = 3): VrrpGroupConfig {
  return { iface, vrid, afi, version, addresses: [], priority: 100, preempt: true, preemptDelayMs: 0, acceptMode: false, advertMs: 1000, name: '', description: '', shutdown: false };
}

/** Add (or replace) a group in `cfg`; returns it. */
export function setGroup(cfg: VrrpConfig, g: VrrpGroupConfig): VrrpGroupConfig {
  cfg.groups.set(groupKey(g.iface, g.vrid, g.afi), g);
  return g;
}

/** One line naming what is wrong with a group's configuration, or undefined. */
export function checkGroup(g: VrrpGroupConfig): string | undefined {
  if (!Number.isInteger(g.vrid) || g.vrid < 1 || g.vrid > 255) return `VRID ${g.vrid} is not in 1-255`;
  if (!Number.isInteger(g.priority) || g.priority < 1 || g.priority > 255) return `priority ${g.priority} is not in 1-255`;
  if (g.version === 2 && g.afi === 6) return 'VRRP version 2 is IPv4 only (RFC 3768)';
  if (g.version === 2 && (g.advertMs % 1000 !== 0 || g.advertMs < 1000 || g.advertMs > 255_000)) return `advertisement interval ${g.advertMs} ms: version 2 carries whole seconds 1-255`;
  if (g.version === 3 && (g.advertMs % 10 !== 0 || g.advertMs < 10 || g.advertMs > 40_950)) return `advertisement interval ${g.advertMs} ms: version 3 carries centiseconds 1-4095`;
  return undefined;
}
