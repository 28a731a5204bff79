// The device API's dispatch (DESIGN.md, "Drivers, the device API and lab control"): one object per
// node whose state methods go through the node's platform's getter table (drivers/platforms/index.ts).
// A method the table lacks throws NotSupportedError; configuration goes through the session's
// configure (which commits where the dialect has a commit).
import { getGetters } from '../platforms';
import type { CommandRunner } from '../platforms/getters';
import { DEVICE_METHODS, NotSupportedError, type Device, type DeviceMethod, type PlatformGetters } from './types';

/** What a device needs from its session: Session satisfies it; tests pass a fake. */
export interface DeviceSession extends CommandRunner {
  configure(lines: readonly string[], opts?: { timeoutMs?: number }): Promise<string[]>;
}

/** Methods of the device API the platform declares. */
export function platformMethods(platform: string): DeviceMethod[] {
  const g = getGetters(platform);
  return DEVICE_METHODS.filter((m) => typeof g[m] === 'function');
}

/**
 * The device object for node `name` of platform `platform` over `session`. An unknown platform
 * throws RegistryError (listing the known ones); `getters` overrides the registered table (tests).
 */
export function createDevice(name: string, platform: string, session: DeviceSession, getters: PlatformGetters = getGetters(platform)): Device {
  const call = (m: DeviceMethod, args: unknown[]): Promise<never> => {
    const g = getters[m] as ((s: CommandRunner, ...a: unknown[]) => Promise<never>) | undefined;
    if (typeof g !== 'function') return Promise.reject(new NotSupportedError(name, platform, m));
    try {
      return g(session, ...args);
    } catch (e) {
      return Promise.reject(e);
    }
  };
  const dev: Device = {
    name,
    platform,
    supports: (m) => typeof getters[m] === 'function',
    cli: (command, opts) => session.send(command, opts?.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    configure: (lines, opts) => session.configure(lines, opts?.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    interfaces: () => call('interfaces', []),
    routes: (q) => call('routes', [q]),
    igpNeighbors: (q) => call('igpNeighbors', [q]),
    bfdSessions: (q) => call('bfdSessions', [q]),
    bgpPeers: (q) => call('bgpPeers', [q]),
    ldpSessions: () => call('ldpSessions', []),
    vrfs: () => call('vrfs', []),
    ping: (target, opts) => call('ping', [target, opts]),
    traceroute: (target, opts) => call('traceroute', [target, opts]),
    // issue 10
    vrrpGroups: (q) => call('vrrpGroups', [q]),
    vrrsGroups: (q) => call('vrrsGroups', [q]),
    vrrsClients: () => call('vrrsClients', []),
    vrrsPluginDatabase: () => call('vrrsPluginDatabase', []),
    arp: (q) => call('arp', [q]),
    macFilter: (iface) => call('macFilter', [iface]),
    // issue 11
    lagMembers: (q) => call('lagMembers', [q]),
    ethernetSegments: (q) => call('ethernetSegments', [q]),
    evpnRoutes: (q) => call('evpnRoutes', [q]),
    macTable: (q) => call('macTable', [q]),
  };
  return dev;
}
