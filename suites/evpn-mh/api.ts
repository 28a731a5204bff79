/**
 * The issue-11 device-API methods the suite calls (drivers/api: lagMembers, ethernetSegments,
 * evpnRoutes, macTable; interface counters per packet), in the shapes drivers/model/types.ts
 * gives them. The suite reaches them through `evpnApi(device)`, which checks that the method is
 * there: a device API without it is a failure with one clear line (never a pass, never a skip);
 * a platform that has the method but not the feature throws NotSupportedError, which the
 * fixtures turn into a declared deviation.
 */
import type { Device } from '../../drivers/api';
import type { Interface, PingResult } from '../../drivers/model/types';

export interface LagMember {
  lag: string;
  member: string;
  operUp: boolean;
  activity?: 'active' | 'passive';
  timeout?: 'short' | 'long';
  inSync?: boolean;
  collecting?: boolean;
  distributing?: boolean;
  systemId?: string;
  key?: number;
  partnerId?: string;
  partnerKey?: number;
  portNo?: number;
  partnerPortNo?: number;
}

export interface SegmentDf {
  networkInstance: string;
  candidates: string[];
  df?: string;
  localDf?: boolean;
  activationRemainingSec?: number;
}

export interface EthernetSegment {
  name: string;
  esi: string;
  adminUp: boolean;
  operUp: boolean;
  mode?: string;
  iface?: string;
  dfs: SegmentDf[];
}

export type EvpnRouteType = 1 | 2 | 3 | 4 | 5;

export interface EvpnRoute {
  type: EvpnRouteType;
  direction: 'received' | 'advertised';
  peer?: string;
  rd: string;
  esi?: string;
  tag?: number;
  mac?: string;
  ip?: string;
  originator?: string;
  nextHop?: string;
  vni?: number;
  used?: boolean;
  valid?: boolean;
  best?: boolean;
}

export type MacDest =
  | { kind: 'interface'; name: string }
  | { kind: 'vtep'; address: string; vni?: number }
  | { kind: 'esi'; esi: string; vteps?: string[] }
  | { kind: 'other'; text: string };

export interface MacTableEntry {
  networkInstance: string;
  mac: string;
  type: string;
  destination: MacDest;
  active: boolean;
  agingSec: number | null;
}

export interface InterfaceCounters extends Interface {
  rxPackets?: number;
  txPackets?: number;
  master?: string;
}

export interface EvpnApi {
  lagMembers(q?: { lag?: string }): Promise<LagMember[]>;
  ethernetSegments(q?: { name?: string }): Promise<EthernetSegment[]>;
  evpnRoutes(q?: { routeType?: EvpnRouteType; peer?: string; direction?: 'received' | 'advertised' }): Promise<EvpnRoute[]>;
  macTable(q: { networkInstance: string }): Promise<MacTableEntry[]>;
  interfaces(): Promise<InterfaceCounters[]>;
  ping(target: string, opts?: { count?: number; vrf?: string; timeoutMs?: number }): Promise<PingResult>;
}

const METHODS = ['lagMembers', 'ethernetSegments', 'evpnRoutes', 'macTable', 'interfaces', 'ping'] as const;

/** The device with the issue-11 methods; a missing method throws one line naming it. */
export function evpnApi(d: Device, node: string): EvpnApi {
  const o = d as unknown as Record<string, unknown>;
  return new Proxy({} as EvpnApi, {
    get(_t, prop: string) {
      if (!(METHODS as readonly string[]).includes(prop)) return undefined;
      const f = o[prop];
      if (typeof f !== 'function') {
        return () => Promise.reject(new Error(`${node}: the device API has no ${prop}() in this build (drivers/api DEVICE_METHODS)`));
      }
      return (...args: unknown[]) => (f as (...a: unknown[]) => unknown).apply(d, args);
    },
  });
}
