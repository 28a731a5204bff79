// SR Linux getters: the PlatformGetters signatures (drivers/api/types.ts) over the CLI (show
// commands, parsers.ts) and, where the platform option says so, over gNMI (gnmi.ts).
//
// The registered table (srlinuxGetters()) reads the CLI. A target that reaches a node's gNMI
// server builds the device with srlinuxGetters({ gnmi, via: 'gnmi' }) (createDevice's `getters`
// argument): interfaces, LAG members, ethernet segments and the MAC table are then read through
// gNMI; BGP peers and EVPN routes stay on the CLI (their tables are what the document checks).
import type { EvpnRouteQuery, PlatformGetters } from '../../api/types';
import { NotSupportedError } from '../../api/types';
import type { BgpPeer, EthernetSegment, EvpnRoute, Interface, LagMember, MacTableEntry } from '../../model/types';
import type { BgpQuery } from '../../api/types';
import { type CommandRunner, runCommand } from '../getters';
import { type GnmiReader, gnmiEthernetSegments, gnmiInterfaces, gnmiLagMembers, gnmiMacTable, gnmiRouterId } from './gnmi';
import { parseBgpNeighbors, parseEthernetSegments, parseEvpnRoutes, parseLacpState, parseMacTable, parseShowInterface } from './parsers';

export interface SrlinuxGetterOptions {
  /** A connected gNMI client of the same node. */
  gnmi?: GnmiReader;
  /** Where the state getters read (default 'cli'); 'gnmi' needs `gnmi`. */
  via?: 'cli' | 'gnmi';
}

/** An SR Linux name argument (interface, network-instance, segment): one token, no spaces or brackets. */
function arg(s: string, what: string): string {
  if (!/^[\w./:-]{1,255}$/.test(s)) throw new Error(`bad ${what} "${s}": one word of letters, digits and . / : - _ expected`);
  return s;
}

export async function cliInterfaces(session: CommandRunner): Promise<Interface[]> {
  const { text, ctx } = await runCommand(session, 'show interface');
  return parseShowInterface(text, ctx);
}

/** `show lag <lag> lacp-state`; without a LAG, every LAG `show interface` lists. */
export async function cliLagMembers(session: CommandRunner, q: { lag?: string } = {}): Promise<LagMember[]> {
  const lags = q.lag !== undefined ? [arg(q.lag, 'LAG')] : (await cliInterfaces(session)).map((i) => i.name).filter((n) => /^lag\d+$/.test(n));
  const out: LagMember[] = [];
  for (const lag of lags) {
    const { text, ctx } = await runCommand(session, `show lag ${lag} lacp-state`);
    out.push(...parseLacpState(text, ctx));
  }
  return out;
}

export async function cliEthernetSegments(session: CommandRunner, q: { name?: string } = {}): Promise<EthernetSegment[]> {
  const cmd = `show system network-instance ethernet-segments${q.name === undefined ? '' : ` ${arg(q.name, 'ethernet segment')}`} detail`;
  const { text, ctx } = await runCommand(session, cmd);
  return parseEthernetSegments(text, ctx, await cliRouterId(session));
}

/** The PE's own originating address for EVPN: the default network-instance's BGP router id (`info flat` of its bgp container). */
async function cliRouterId(session: CommandRunner): Promise<string | undefined> {
  const { text } = await runCommand(session, 'info flat network-instance default protocols bgp');
  return / protocols bgp router-id (\d+\.\d+\.\d+\.\d+)\s*$/m.exec(text)?.[1];
}

/**
 * Received: `show network-instance default protocols bgp routes evpn route-type [N] summary` (the
 * RIB, each route with the neighbor it came from; `peer` filters). Advertised: `show
 * network-instance default protocols bgp neighbor P advertised-routes evpn`.
 */
export async function cliEvpnRoutes(session: CommandRunner, q: EvpnRouteQuery = {}): Promise<EvpnRoute[]> {
  const ni = arg(q.networkInstance ?? 'default', 'network-instance');
  const dir = q.direction ?? 'received';
  let out: EvpnRoute[];
  if (dir === 'advertised') {
    if (q.peer === undefined) throw new NotSupportedError(session.device, 'srlinux', 'evpnRoutes', 'advertised routes need a peer');
    const { text, ctx } = await runCommand(session, `show network-instance ${ni} protocols bgp neighbor ${arg(q.peer, 'peer')} advertised-routes evpn`);
    out = parseEvpnRoutes(text, ctx, 'advertised', q.peer);
  } else {
    const t = q.routeType === undefined ? 'summary' : `${q.routeType} summary`;
    const { text, ctx } = await runCommand(session, `show network-instance ${ni} protocols bgp routes evpn route-type ${t}`);
    out = parseEvpnRoutes(text, ctx, 'received');
    if (q.peer !== undefined) out = out.filter((r) => r.peer === q.peer);
  }
  return q.routeType === undefined ? out : out.filter((r) => r.type === q.routeType);
}

export async function cliMacTable(session: CommandRunner, q: { networkInstance: string }): Promise<MacTableEntry[]> {
  const ni = arg(q.networkInstance, 'network-instance');
  const { text, ctx } = await runCommand(session, `show network-instance ${ni} bridge-table mac-table all`);
  return parseMacTable(text, ctx, ni);
}

/** `show network-instance <vrf|default> protocols bgp neighbor`, the rows of `q.family`. */
export async function cliBgpPeers(session: CommandRunner, q: BgpQuery): Promise<BgpPeer[]> {
  const ni = arg(q.vrf || 'default', 'network-instance');
  const { text, ctx } = await runCommand(session, `show network-instance ${ni} protocols bgp neighbor`);
  return parseBgpNeighbors(text, ctx).filter((p) => p.family === q.family);
}

/** The getter table; `o.via === 'gnmi'` reads interfaces, LAG members, segments and MACs through `o.gnmi`. */
export function srlinuxGetters(o: SrlinuxGetterOptions = {}): PlatformGetters {
  const cli: PlatformGetters = {
    interfaces: cliInterfaces,
    bgpPeers: cliBgpPeers,
    lagMembers: cliLagMembers,
    ethernetSegments: cliEthernetSegments,
    evpnRoutes: cliEvpnRoutes,
    macTable: cliMacTable,
  };
  if ((o.via ?? 'cli') === 'cli') return cli;
  const g = o.gnmi;
  if (!g) throw new Error("srlinux getters: via 'gnmi' needs a gNMI client (option gnmi)");
  let routerId: Promise<string | undefined> | undefined;
  return {
    ...cli,
    interfaces: () => gnmiInterfaces(g),
    lagMembers: (_s, q) => gnmiLagMembers(g, q),
    ethernetSegments: async (_s, q) => gnmiEthernetSegments(g, q, await (routerId ??= gnmiRouterId(g).catch(() => undefined))),
    macTable: (_s, q) => gnmiMacTable(g, q),
  };
}
