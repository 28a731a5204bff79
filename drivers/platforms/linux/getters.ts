// Linux host getters (PlatformGetters): interfaces with per-packet counters (`ip -s -j link` with
// `ip -j addr`; the suite counts a bond's traffic per member), routes (`ip -j route`, per VRF with
// `show vrf X`), ping (iputils or BusyBox; `-I` the VRF or source).
import type { PlatformGetters, RouteQuery } from '../../api/types';
import type { InterfaceCounters, PingResult, RouteEntry } from '../../model/types';
import { type CommandRunner, type PingOptions, runCommand } from '../getters';
import { parseIpLinkAddr, parseIpRoute, parsePing } from './parsers';

/** One shell word of the safe kind (interface, VRF, address); anything else is refused, never quoted. */
function word(s: string, what: string): string {
  if (!/^[\w.:%@/-]{1,64}$/.test(s)) throw new Error(`bad ${what} "${s}": letters, digits and . : % @ / - _ expected`);
  return s;
}

export async function linuxInterfaces(session: CommandRunner): Promise<InterfaceCounters[]> {
  const link = await runCommand(session, 'ip -s -j link');
  const addr = await runCommand(session, 'ip -j addr');
  return parseIpLinkAddr(link.text, addr.text, link.ctx);
}

export async function linuxRoutes(session: CommandRunner, q: RouteQuery = {}): Promise<RouteEntry[]> {
  const afi = q.afi ?? 'ipv4';
  const cmd = `ip ${afi === 'ipv6' ? '-6 ' : ''}-j route${q.vrf ? ` show vrf ${word(q.vrf, 'VRF')}` : ''}`;
  const { text, ctx } = await runCommand(session, cmd);
  return parseIpRoute(text, ctx, afi, q.vrf || undefined);
}

export async function linuxPing(session: CommandRunner, target: string, opts: PingOptions = {}): Promise<PingResult> {
  const count = opts.count ?? 5;
  if (!Number.isInteger(count) || count < 1 || count > 10000) throw new Error(`bad ping count ${count}: 1..10000`);
  const via = opts.vrf ?? opts.source;
  const cmd = `ping -c ${count}${via ? ` -I ${word(via, 'interface')}` : ''} ${word(target, 'target')}`;
  // One probe a second, plus the last reply's wait.
  const { text, ctx } = await runCommand(session, cmd, opts.timeoutMs ?? count * 1000 + 10_000);
  return parsePing(text, target, ctx);
}

export const linuxGetters: PlatformGetters = {
  interfaces: linuxInterfaces,
  routes: linuxRoutes,
  ping: linuxPing,
};
