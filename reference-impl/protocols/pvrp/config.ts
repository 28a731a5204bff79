/** PVRP configuration, vendor-neutral (the freertr dialect maps `router pvrp4 1` onto it). */
import type { Afi } from '../../net/addr';

export interface PvrpIfaceConfig {
  /** freeRtr rtrPvrpIface defaults: hello 5 s, dead 15 s, metric-in 10, distance 80, split horizon on. */
  helloMs: number;
  deadMs: number;
  metricIn: number;
  metricOut: number;
  distance: number;
  splitHorizon: boolean;
  passive: boolean;
}

export interface PvrpConfig {
  afi: Afi;
  proc: number;
  vrf: string;
  routerId?: string;
  redistConnected: boolean;
  ecmp: boolean;
  /** Interfaces by name with `router pvrp4 N enable`. */
  ifaces: Map<string, PvrpIfaceConfig>;
}

export function defaultIfaceConfig(): PvrpIfaceConfig {
  return { helloMs: 5000, deadMs: 15000, metricIn: 10, metricOut: 0, distance: 80, splitHorizon: true, passive: false };
}

export function newPvrpConfig(afi: Afi, proc: number): PvrpConfig {
  return { afi, proc, vrf: '', redistConnected: false, ecmp: false, ifaces: new Map() };
}

/** freeRtr's fixed distances inside PVRP's own table (tabRouteAttr.distanIfc and +1 for redistributed). */
export const DIST_IFACE = 1;
export const DIST_REDIST = 2;
/** tabRouteAttr.distanLim: routes at or above this distance are unusable. */
export const DIST_LIMIT = 255;
export const PVRP_PORT = 1547;
export const MCAST4 = '224.0.0.227';
export const MCAST6 = 'ff02::227';
