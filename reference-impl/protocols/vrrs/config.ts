/**
 * VRRS configuration, vendor-neutral (Cisco's Virtual Router Redundancy Service; no RFC). The
 * iosxe dialect maps `vrrs follow NAME`, `vrrs interface-state`, `vrrs mac-address [arp [interval
 * S] [duration S]]` on subinterfaces, `vrrs NAME` with `accounting delay|method` and `attribute
 * list`, `aaa accounting vrrs LIST start-stop group radius`, `aaa attribute list` and the RADIUS
 * servers onto it. The VRRS server side (`vrrp N name NAME`) lives in the VRRP config.
 */
export interface VrrsMacConfig {
  /** `arp`: send unsolicited ARP replies every `arpIntervalSec` for `arpDurationSec` after becoming active. */
  arp: boolean;
  /** Defaults assumed where the document is silent: 10 s interval for 60 s. */
  arpIntervalSec: number;
  arpDurationSec: number;
}

/** The plug-ins of one client interface (a subinterface sharing a port with the VRRP group). */
export interface VrrsClientIfConfig {
  iface: string;
  /** `vrrs follow NAME`. */
  follow: string;
  interfaceState: boolean;
  mac?: VrrsMacConfig;
}

/** `vrrs NAME` in global configuration: the accounting plug-in's settings for that name. */
export interface VrrsNameConfig {
  name: string;
  /** `accounting delay S`: Accounting-Off is sent S seconds after the group leaves ACTIVE. */
  accountingDelaySec: number;
  /** `accounting method LIST|default` (undefined: no accounting for this name). */
  accountingMethod?: string;
  /** `attribute list NAME`. */
  attributeList?: string;
}

export interface AaaAttribute {
  /** `attribute type NAME VALUE`: e.g. account-delay "10". */
  type: string;
  value: string;
}

export interface RadiusServerConfig {
  name: string;
  host: string;
  acctPort: number;
  /** Shared secret (never logged or shown in clear). */
  key: string;
}

export interface AaaConfig {
  /** `aaa new-model`. */
  newModel: boolean;
  /** `aaa accounting vrrs LIST start-stop group G...`: method lists by name ('default' too), their groups. */
  vrrsLists: Map<string, string[]>;
  attributeLists: Map<string, AaaAttribute[]>;
  /** Servers of `group radius` (`radius server` / `radius-server host`). */
  radiusServers: RadiusServerConfig[];
  /** NAS-IP-Address (RFC 2865 5.4): `ip radius source-interface`'s address; unset: the VRRP group's interface address. */
  nasIp?: string;
}

export interface VrrsConfig {
  clients: Map<string, VrrsClientIfConfig>;
  names: Map<string, VrrsNameConfig>;
  aaa: AaaConfig;
}

export function newVrrsConfig(): VrrsConfig {
  return { clients: new Map(), names: new Map(), aaa: { newModel: false, vrrsLists: new Map(), attributeLists: new Map(), radiusServers: [] } };
}

export function newVrrsClientIfConfig(iface: string, follow: string): VrrsClientIfConfig {
  return { iface, follow, interfaceState: false };
}

export function newVrrsMacConfig(): VrrsMacConfig {
  return { arp: false, arpIntervalSec: 10, arpDurationSec: 60 };
}

export function newVrrsNameConfig(name: string): VrrsNameConfig {
  return { name, accountingDelaySec: 0 };
}
