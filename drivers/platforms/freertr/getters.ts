// freeRtr getters: run the show command on a session, parse, return the neutral model.
import { type CommandRunner, type PingOptions, type ProbeOptions, runCommand } from '../getters';
export type { CommandRunner, PingOptions, ProbeOptions } from '../getters';
import type { Afi, Interface, PingResult, PvrpNeighbor, RouteEntry, TraceResult } from '../../model/types';
import { parseInterfacesSummary, parsePing, parsePvrpSummary, parseRouteTable, parseTraceroute } from './parsers';

/** `show ipv4|ipv6 pvrp <proc> summary` */
export async function getPvrpNeighbors(session: CommandRunner, afi: Afi, proc: number | string): Promise<PvrpNeighbor[]> {
  const { text, ctx } = await runCommand(session, `show ${afi} pvrp ${proc} summary`);
  return parsePvrpSummary(text, afi, ctx);
}

/** `show ipv4|ipv6 route <vrf>`: the VRF's routing table. */
export async function getRoutes(session: CommandRunner, afi: Afi, vrf: string): Promise<RouteEntry[]> {
  const { text, ctx } = await runCommand(session, `show ${afi} route ${vrf}`);
  return parseRouteTable(text, { afi, vrf }, ctx);
}

/** `show ipv4|ipv6 pvrp <proc> route`: PVRP's own table (typ "null" = learned, not installed). */
export async function getPvrpRoutes(session: CommandRunner, afi: Afi, proc: number | string): Promise<RouteEntry[]> {
  const { text, ctx } = await runCommand(session, `show ${afi} pvrp ${proc} route`);
  return parseRouteTable(text, { afi, owner: 'pvrp' }, ctx);
}

/** `show interfaces summary` */
export async function getInterfaces(session: CommandRunner): Promise<Interface[]> {
  const { text, ctx } = await runCommand(session, 'show interfaces summary');
  return parseInterfacesSummary(text, ctx);
}

function probeArgs(opts: ProbeOptions): string {
  return `${opts.vrf ? ` vrf ${opts.vrf}` : ''}${opts.source ? ` source ${opts.source}` : ''}`;
}

/** `ping <target> vrf <vrf> source <iface> [repeat <n>]` (freeRtr waits up to 1 s per probe). */
export async function ping(session: CommandRunner, target: string, opts: PingOptions = {}): Promise<PingResult> {
  const repeat = opts.count !== undefined ? ` repeat ${opts.count}` : '';
  const timeoutMs = opts.timeoutMs ?? ((opts.count ?? 5) * 1000 + 10000);
  const { text, ctx } = await runCommand(session, `ping ${target}${probeArgs(opts)}${repeat}`, timeoutMs);
  return parsePing(text, target, ctx);
}

/** `traceroute <target> vrf <vrf> source <iface>` */
export async function traceroute(session: CommandRunner, target: string, opts: ProbeOptions = {}): Promise<TraceResult> {
  const { text, ctx } = await runCommand(session, `traceroute ${target}${probeArgs(opts)}`, opts.timeoutMs ?? 60000);
  return parseTraceroute(text, target, ctx);
}
