// FRR getters: run vtysh's JSON show commands on a session, parse, return the neutral model, with
// the PlatformGetters signatures (drivers/api/types.ts). FRR's vtysh has no usable ping (it runs
// the system's ping without a count, until interrupted): ping and traceroute are not provided, so
// the device API reports them as not supported on platform frr.
import { NotSupportedError, type IgpNeighbor, type IgpQuery, type PlatformGetters, type RouteQuery, type BgpQuery } from '../../api/types';
import type { BfdSession, BgpPeer, Interface, RouteEntry, Vrf, VrrpGroup } from '../../model/types';
import { type CommandRunner, runCommand } from '../getters';
import { parseVrrpJson } from './vrrp';
import {
  buildVrfs, parseBfdPeers, parseBgpSummary, parseInterfaces, parseOspf6Neighbors, parseOspfNeighbors, parseRoutes,
} from './parsers';

const vrfPart = (vrf?: string): string => (vrf && vrf !== 'default' ? ` vrf ${vrf}` : '');

export async function getInterfaces(session: CommandRunner): Promise<Interface[]> {
  const { text, ctx } = await runCommand(session, 'show interface json');
  return parseInterfaces(text, ctx);
}

/** `show ip route [vrf X] json` or `show ipv6 route [vrf X] json`; IPv4 when no family is asked. */
export async function getRoutes(session: CommandRunner, q: RouteQuery = {}): Promise<RouteEntry[]> {
  const afi = q.afi ?? 'ipv4';
  const { text, ctx } = await runCommand(session, `show ${afi === 'ipv6' ? 'ipv6' : 'ip'} route${vrfPart(q.vrf)} json`);
  return parseRoutes(text, afi, ctx, q.vrf && q.vrf !== 'default' ? q.vrf : undefined);
}

/** OSPFv2 (`show ip ospf [vrf X] neighbor json`) and OSPFv3 (`show ipv6 ospf6 [vrf X] neighbor json`). */
export async function getIgpNeighbors(session: CommandRunner, q: IgpQuery = {}): Promise<IgpNeighbor[]> {
  if (q.protocol !== undefined && q.protocol !== 'ospf') throw new NotSupportedError(session.device, 'frr', `igpNeighbors (${q.protocol}: not in FRR's OSPF getters)`);
  const vrf = q.vrf && q.vrf !== 'default' ? q.vrf : undefined;
  const out: IgpNeighbor[] = [];
  if (q.afi !== 'ipv6') {
    const { text, ctx } = await runCommand(session, `show ip ospf${vrfPart(vrf)} neighbor json`);
    out.push(...parseOspfNeighbors(text, ctx, vrf));
  }
  if (q.afi === 'ipv6') {
    const { text, ctx } = await runCommand(session, `show ipv6 ospf6${vrfPart(vrf)} neighbor json`);
    out.push(...parseOspf6Neighbors(text, ctx, vrf));
  }
  return out;
}

export async function getBfdSessions(session: CommandRunner, q: { vrf?: string } = {}): Promise<BfdSession[]> {
  const { text, ctx } = await runCommand(session, `show bfd${vrfPart(q.vrf)} peers json`);
  return parseBfdPeers(text, ctx);
}

export async function getBgpPeers(session: CommandRunner, q: BgpQuery): Promise<BgpPeer[]> {
  const { text, ctx } = await runCommand(session, `show bgp${vrfPart(q.vrf)} summary json`);
  return parseBgpSummary(text, q.family, ctx, q.vrf);
}

/** `show vrf`, the interfaces' VRFs, and RD/RTs from the BGP VRF sections of the running configuration. */
export async function getVrfs(session: CommandRunner): Promise<Vrf[]> {
  const { text: vrfText } = await runCommand(session, 'show vrf');
  if (!/^vrf\s/m.test(vrfText)) return [];
  const { text: cfg } = await runCommand(session, 'show running-config');
  return buildVrfs(vrfText, cfg, await getInterfaces(session));
}

/** `show vrrp json` (vrrpd); only the groups on `iface` when given. */
export async function getVrrpGroups(session: CommandRunner, q: { iface?: string } = {}): Promise<VrrpGroup[]> {
  const { text, ctx } = await runCommand(session, 'show vrrp json');
  const all = parseVrrpJson(text, ctx);
  return q.iface === undefined ? all : all.filter((g) => g.iface === q.iface);
}

export const frrGetters: PlatformGetters = {
  interfaces: getInterfaces,
  routes: getRoutes,
  igpNeighbors: getIgpNeighbors,
  bfdSessions: getBfdSessions,
  bgpPeers: getBgpPeers,
  vrfs: getVrfs,
  vrrpGroups: getVrrpGroups,
};
