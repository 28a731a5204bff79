/**
 * The issue-11 device-API methods the suite calls (drivers/api: lagMembers, ethernetSegments,
 * evpnRoutes, macTable; interface counters per packet), with drivers/model/types.ts's records. The suite reaches them through `evpnApi(device)`, which checks that the method is
 * there: a device API without it is a failure with one clear line (never a pass, never a skip);
 * a platform that has the method but not the feature throws NotSupportedError, which the
 * fixtures turn into a declared deviation.
 */
import type { Device } from '../../drivers/api';
import type {
  EthernetSegment, EvpnRoute, EvpnRouteType, InterfaceCounters, LagMember, MacTableEntry, PingResult,
} from '../../drivers/model/types';

export type { EthernetSegment, EvpnRoute, EvpnRouteType, InterfaceCounters, LagMember, MacTableEntry, MacDest, SegmentDf } from '../../drivers/model/types';

/** The methods of the device API the suite uses (the records are drivers/model/types.ts's). */
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
