// freeRtr getters: run the show command on a session, parse, return the neutral model.
import { type CommandRunner, type PingOptions, type ProbeOptions, runCommand } from '../getters';
export type { CommandRunner, PingOptions, ProbeOptions } from '../getters';
import type { Afi, Interface, PingResult, PvrpNeighbor, RouteEntry, TraceResult } from '../../model/types';
import { type IgpNeighbor, NotSupportedError, type PlatformGetters } from '../../api/types';
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

// The device API (drivers/api/types.ts): what freeRtr implements, in the one signature.

/** `router pvrp4 1` / `router pvrp6 1` blocks of the running configuration, with their vrf. */
export function parsePvrpProcesses(runningConfig: string): Array<{ afi: Afi; process: string; vrf?: string }> {
  const out: Array<{ afi: Afi; process: string; vrf?: string }> = [];
  let cur: { afi: Afi; process: string; vrf?: string } | undefined;
  for (const line of runningConfig.split(/\r?\n/)) {
    const m = /^router pvrp([46]) (\S+)\s*$/.exec(line);
    if (m) {
      cur = { afi: m[1] === '4' ? 'ipv4' : 'ipv6', process: m[2] };
      out.push(cur);
      continue;
    }
    if (!/^\s/.test(line)) {
      cur = undefined;
      continue;
    }
    const v = /^\s+vrf (\S+)\s*$/.exec(line);
    if (cur && v) cur.vrf = v[1];
  }
  return out;
}

function toIgp(n: PvrpNeighbor, process: string, vrf: string | undefined): IgpNeighbor {
  const out: IgpNeighbor = {
    protocol: 'pvrp', afi: n.afi, process, iface: n.iface, routerId: n.routerId, address: n.peer,
    // A neighbour in the summary is known (hellos heard); PVRP has no other adjacency states.
    state: 'up', name: n.name, peerIface: n.peerIface, learned: n.learned, advertised: n.advertised, uptimeSec: n.uptimeSec,
  };
  if (vrf !== undefined) out.vrf = vrf;
  return out;
}

export const freertrGetters: PlatformGetters = {
  interfaces: (s) => getInterfaces(s),
  async routes(s, q = {}) {
    // freeRtr has no global table: every route lives in a named VRF.
    if (!q.vrf) throw new NotSupportedError(s.device, 'freertr', 'routes', 'a table outside a named VRF');
    if (q.afi) return getRoutes(s, q.afi, q.vrf);
    return [...(await getRoutes(s, 'ipv4', q.vrf)), ...(await getRoutes(s, 'ipv6', q.vrf))];
  },
  async igpNeighbors(s, q = {}) {
    if (q.protocol !== undefined && q.protocol !== 'pvrp') throw new NotSupportedError(s.device, 'freertr', 'igpNeighbors', `${q.protocol} neighbours`);
    const { text } = await runCommand(s, 'show running-config');
    const procs = parsePvrpProcesses(text).filter((p) => (q.afi === undefined || p.afi === q.afi) && (q.vrf === undefined || p.vrf === q.vrf) && (q.process === undefined || p.process === q.process));
    const out: IgpNeighbor[] = [];
    for (const p of procs) for (const n of await getPvrpNeighbors(s, p.afi, p.process)) out.push(toIgp(n, p.process, p.vrf));
    return out;
  },
  ping: (s, target, opts) => ping(s, target, opts),
  traceroute: (s, target, opts) => traceroute(s, target, opts),
};
