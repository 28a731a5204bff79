/**
 * The VRP configuration as data: the running configuration of a device and the candidate of a
 * session are both a VrpConfig; `commit` copies the candidate over the running one. Everything
 * `display current-configuration` prints comes from here (running.ts).
 *
 * This file holds the dialect's core only: the system name, interfaces, VPN instances and
 * load balancing. Each protocol's fields live in that protocol's part (ospf.ts, bgp.ts, bfd.ts,
 * ldp.ts, static.ts, vrrp.ts): the part adds them to VrpConfig and IfCfg by declaration merging
 * (`declare module './model'`) and fills them in on a new configuration or interface through its
 * `initConfig` / `initIface` hooks (core.ts VrpPart), so adding a protocol touches its own file.
 */

export interface IfCfg {
  name: string;
  /** undefined: the default (physical ports down, loopbacks up). */
  shutdown?: boolean;
  vrf?: string;
  addr?: { addr: string; len: number };
  description?: string;
}

export interface VpnCfg {
  name: string;
  af4: boolean;
  rd?: string;
  exportRt: string[];
  importRt: string[];
  labelPerInstance: boolean;
}

export interface VrpConfig {
  sysname: string;
  vpns: Map<string, VpnCfg>;
  ifaces: Map<string, IfCfg>;
  loadBalancePacket: boolean;
}

/** What a part does to a new configuration and a new interface (its fields' defaults). */
export interface ConfigInit {
  initConfig?(c: VrpConfig): void;
  initIface?(i: IfCfg): void;
}

export function newConfig(sysname: string, parts: readonly ConfigInit[]): VrpConfig {
  const c = { sysname, vpns: new Map(), ifaces: new Map(), loadBalancePacket: false } as VrpConfig;
  for (const p of parts) p.initConfig?.(c);
  return c;
}

export function cloneConfig(c: VrpConfig): VrpConfig {
  return structuredClone(c);
}

export function newIfCfg(name: string, parts: readonly ConfigInit[]): IfCfg {
  const i = { name } as IfCfg;
  for (const p of parts) p.initIface?.(i);
  return i;
}
