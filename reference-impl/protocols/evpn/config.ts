/**
 * EVPN configuration, vendor-neutral (RFC 7432, RFC 8365): the node's ethernet segments and the
 * EVPN binding of each MAC-VRF. This is the contract between the dialects (SR Linux maps
 * `/system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment X`
 * and `/network-instance M protocols bgp-evpn|bgp-vpn bgp-instance 1` onto it) and the EVPN
 * module (protocols/evpn/module.ts). The section name in the node model is `evpn`.
 *
 * The BGP side (the EVPN family enabled per neighbour, `local-as`, the minimum advertisement
 * interval) lives in protocols/bgp/config.ts (`BgpPeerConfig.localAs`, `.families`, `.minAdvIntervalSec`,
 * `BgpConfig.evpn`).
 */

/** RFC 7432 s8.3.1 / SR Linux `multi-homing-mode`. */
export type MultiHomingMode = 'all-active' | 'single-active';

/** SR Linux `df-election algorithm type`: `default` is the modulo procedure of RFC 7432 s8.5. */
export type DfAlgorithm = 'default';

export interface EthernetSegmentConfig {
  /** `ethernet-segment ES-1`: the name the show commands print. */
  name: string;
  /** `admin-state enable|disable` (SR Linux default: disable; the dialect sets what is typed). */
  adminUp: boolean;
  /**
   * The 10-byte ESI as SR Linux prints it: ten colon-separated hex octets, the first one the ESI
   * type (`00` = type 0, operator-configured), e.g. `00:aa:bb:cc:dd:ee:ff:00:00:07`. Any case;
   * `parseEsi` (this file) checks and normalises it.
   */
  esi: string;
  /** `interface lag1`: the LAG (or ethernet interface) the segment is attached to. */
  iface?: string;
  /** `multi-homing-mode` (SR Linux default: all-active). */
  mode: MultiHomingMode;
  /** `df-election algorithm type` (default: `default`). */
  dfAlgorithm: DfAlgorithm;
  /**
   * `df-election timers activation-timer` in seconds: after a change of the DF candidate list
   * (a type 4 route learned or withdrawn, the ES coming up) the PE waits this long before it
   * (re)computes the DF and unblocks BUM forwarding (RFC 7432 s8.5 step 2: 3 s by default).
   */
  activationTimerSec: number;
}

export interface MacVrfEvpnConfig {
  /** The MAC-VRF network-instance name (`network-instance mac-vrf-1 type mac-vrf`). */
  macVrf: string;
  /** `bgp-evpn bgp-instance 1 admin-state` (default enable once configured). */
  adminUp: boolean;
  /** `bgp-evpn bgp-instance 1 evi N` (1..65535): the EVI; the DF election uses it as V in V mod N. */
  evi: number;
  /** `bgp-evpn bgp-instance 1 ecmp N`: how many PEs a MAC behind a remote ESI may be load-balanced to (default 1). */
  ecmp: number;
  /** `bgp-evpn bgp-instance 1 vxlan-interface vxlan1.1` (also the MAC-VRF's `vxlan-interface`). */
  vxlanInterface: string;
  /**
   * The VNI advertised as the label of types 1 (per EVI), 2 and 3, when the dialect knows it
   * (`tunnel-interface vxlan1 vxlan-interface 1 ingress vni 1`). Undefined: the EVPN module asks
   * the VXLAN module for the interface's VNI, and falls back to the EVI.
   */
  vni?: number;
  /** `bgp-vpn bgp-instance 1 route-distinguisher rd`; undefined = auto, `<router-id>:<evi>` as SR Linux derives it. */
  rd?: string;
  /** `route-target export-rt target:A:N`; empty = auto, `target:<AS>:<evi>` (AS = the BGP autonomous-system). */
  exportRt: string[];
  /** `route-target import-rt target:A:N`; empty = auto, as export. */
  importRt: string[];
}

export interface EvpnConfig {
  /** `ethernet-segments bgp-instance N` (SR Linux has one, 1). */
  bgpInstance: number;
  segments: EthernetSegmentConfig[];
  macVrfs: MacVrfEvpnConfig[];
}

export function newEvpnConfig(): EvpnConfig {
  return { bgpInstance: 1, segments: [], macVrfs: [] };
}

export function newEthernetSegment(name: string, esi: string): EthernetSegmentConfig {
  return { name, adminUp: true, esi, mode: 'all-active', dfAlgorithm: 'default', activationTimerSec: 3 };
}

export function newMacVrfEvpn(macVrf: string, evi: number, vxlanInterface: string): MacVrfEvpnConfig {
  return { macVrf, adminUp: true, evi, ecmp: 1, vxlanInterface, exportRt: [], importRt: [] };
}

/** The ESI of the all-zero value: "no ESI" (single-homed) in RFC 7432 s5. */
export const ESI_ZERO = '00:00:00:00:00:00:00:00:00:00';

/**
 * Parse an ESI as SR Linux prints it (10 colon-separated hex octets) into its bytes; undefined
 * when it is not one. `formatEsi` gives it back in the canonical form (lower-case, two digits).
 */
export function parseEsi(s: string): Uint8Array | undefined {
  const parts = s.trim().split(':');
  if (parts.length !== 10) return undefined;
  const out = new Uint8Array(10);
  for (let i = 0; i < 10; i++) {
    if (!/^[0-9a-fA-F]{2}$/.test(parts[i])) return undefined;
    out[i] = parseInt(parts[i], 16);
  }
  return out;
}

export function formatEsi(b: Uint8Array): string {
  return [...b.subarray(0, 10)].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** A route target `target:A:N` (2-byte AS or IPv4 administrator) or `A:N`; undefined when malformed. */
export function normaliseRt(s: string): string | undefined {
  const m = /^(?:target:)?([^:]+):(\d+)$/.exec(s.trim());
  if (!m) return undefined;
  return `target:${m[1]}:${m[2]}`;
}
