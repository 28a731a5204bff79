// VRP getters: run the display command on a session, parse, return the neutral model.
import { type CommandRunner, type PingOptions, type ProbeOptions, runCommand } from '../getters';
export type { CommandRunner, PingOptions, ProbeOptions } from '../getters';
import type {
  BfdSession, BfdState, BgpFamily, BgpPeer, BgpState, Interface, LdpSession, LdpSessionState, OspfNeighbor, OspfNeighborState,
  PingResult, RouteEntry, RouteProtocol, TraceResult, Vrf, VrrpGroup,
} from '../../model/types';
import { type IgpNeighbor, NotSupportedError, type PlatformGetters } from '../../api/types';
import {
  parseBfdSessionsVerbose, parseBgpPeers, parseIpInterfaceBrief, parseLdpSessions, parseOspfPeerBrief, parsePing, parseRoutingTable, parseTracert,
  parseVpnInstanceVerbose, parseDisplayVrrp, vrrpGroupsOf,
} from './parsers';
import { parseError } from './text';

const PROTOCOLS: Record<string, RouteProtocol> = {
  Direct: 'connected', Static: 'static', OSPF: 'ospf', O_ASE: 'ospf', O_NSSA: 'ospf', IBGP: 'bgp', EBGP: 'bgp',
  'ISIS-L1': 'isis', 'ISIS-L2': 'isis', ISIS: 'isis', RIP: 'rip',
};

/**
 * `display ip routing-table [vpn-instance <vrf>]`. Direct routes whose next hop is 127.0.0.1 (the
 * router's own addresses, broadcast and loopback routes) are 'local', other Direct routes
 * 'connected'; both have nextHop null. EBGP and O_ASE/O_NSSA routes are external.
 */
export async function getRoutes(session: CommandRunner, vrf?: string): Promise<RouteEntry[]> {
  const { text, ctx } = await runCommand(session, vrf ? `display ip routing-table vpn-instance ${vrf}` : 'display ip routing-table');
  const table = parseRoutingTable(text, ctx);
  return table.rows.map((r) => {
    let protocol = PROTOCOLS[r.proto] ?? 'other';
    const direct = r.proto === 'Direct';
    if (direct && r.nextHop === '127.0.0.1') protocol = 'local';
    const e: RouteEntry = {
      afi: 'ipv4', prefix: r.prefix, protocol, vendorType: r.proto, distance: r.preference, metric: r.cost,
      iface: r.iface, nextHop: direct ? null : r.nextHop, flags: [...r.flags],
    };
    if (vrf) e.vrf = vrf;
    if (r.proto === 'EBGP' || r.proto === 'O_ASE' || r.proto === 'O_NSSA') e.external = true;
    return e;
  });
}

/**
 * `display ip interface brief`: every layer-3 interface (NULL0 included) with its physical state
 * ('admin' for `*down`), line protocol, IPv4 address/len and vpn-instance. No counters (the brief
 * form has none).
 */
export async function getInterfaces(session: CommandRunner): Promise<Interface[]> {
  const { text, ctx } = await runCommand(session, 'display ip interface brief');
  return parseIpInterfaceBrief(text, ctx).rows.map((r) => {
    const i: Interface = { name: r.iface, state: r.physical === 'admin-down' ? 'admin' : r.physical, protocol: r.protocol };
    if (r.address !== undefined) i.address = r.address;
    if (r.vrf !== undefined) i.vrf = r.vrf;
    return i;
  });
}

const OSPF_STATES: Record<string, OspfNeighborState> = {
  down: 'down', attempt: 'attempt', init: 'init', '2-way': '2-way', twoway: '2-way', exstart: 'exstart',
  exchange: 'exchange', loading: 'loading', full: 'full',
};

/** `display ospf peer brief` (every process). */
export async function getOspfNeighbors(session: CommandRunner): Promise<OspfNeighbor[]> {
  const { text, ctx } = await runCommand(session, 'display ospf peer brief');
  return parseOspfPeerBrief(text, ctx).rows.map((r) => {
    const state = OSPF_STATES[r.state.toLowerCase()];
    if (!state) throw parseError(ctx, r.state, `unknown OSPF neighbour state "${r.state}"`);
    return { process: String(r.process), area: r.area, iface: r.iface, routerId: r.neighborId, state };
  });
}

const LDP_STATES: Record<string, LdpSessionState> = {
  operational: 'operational', initialized: 'initialized', opensent: 'opensent', openrec: 'openrec',
  'non existent': 'non-existent', nonexistent: 'non-existent',
};

/** `display mpls ldp session` (public network). */
export async function getLdpSessions(session: CommandRunner): Promise<LdpSession[]> {
  const { text, ctx } = await runCommand(session, 'display mpls ldp session');
  return parseLdpSessions(text, ctx).sessions.map((s) => {
    const [peer, space] = s.peerId.split(':') as [string, string];
    const state = LDP_STATES[s.status.toLowerCase()];
    if (!state) throw parseError(ctx, s.status, `unknown LDP session state "${s.status}"`);
    const out: LdpSession = {
      peer, labelSpace: Number(space), state, uptimeSec: s.ageMinutes * 60, keepaliveSent: s.kaSent, keepaliveReceived: s.kaRcvd,
    };
    if (s.lam === 'DU') out.advertisement = 'downstream-unsolicited';
    else if (s.lam === 'DoD' || s.lam === 'DOD') out.advertisement = 'downstream-on-demand';
    if (/^active$/i.test(s.role)) out.role = 'active';
    else if (/^passive$/i.test(s.role)) out.role = 'passive';
    return out;
  });
}

const BGP_STATES: Record<string, BgpState> = {
  idle: 'idle', connect: 'connect', active: 'active', opensent: 'opensent', openconfirm: 'openconfirm', established: 'established',
};

/**
 * family 'vpnv4': `display bgp vpnv4 all peer`: the public section's peers carry VPNv4 (no vrf), the
 * "VPN-Instance X" sections' peers are IPv4 unicast peers of VRF X. family 'ipv4-unicast':
 * `display bgp peer`, the global IPv4 unicast peers.
 */
export async function getBgpPeers(session: CommandRunner, family: 'vpnv4' | 'ipv4-unicast' = 'vpnv4'): Promise<BgpPeer[]> {
  const { text, ctx } = await runCommand(session, family === 'vpnv4' ? 'display bgp vpnv4 all peer' : 'display bgp peer');
  const t = parseBgpPeers(text, ctx);
  return t.peers.map((p) => {
    const state = BGP_STATES[p.state.replace(/\(.*\)$/, '').toLowerCase()];
    if (!state) throw parseError(ctx, p.state, `unknown BGP state "${p.state}"`);
    const fam: BgpFamily = p.vrf === undefined ? family : 'ipv4-unicast';
    const out: BgpPeer = {
      family: fam, peer: p.addr, remoteAs: p.as, localAs: t.localAs,
      routerId: p.vrf === undefined ? t.routerId : (t.vrfRouterIds[p.vrf] ?? t.routerId), state,
      uptimeSec: p.upDownSeconds, prefixesReceived: p.prefRcv, messagesReceived: p.msgRcvd, messagesSent: p.msgSent,
    };
    if (p.vrf !== undefined) out.vrf = p.vrf;
    return out;
  });
}

const BFD_STATES: Record<string, BfdState> = { up: 'up', down: 'down', init: 'init', admindown: 'admin-down' };

/** `display bfd session all verbose`. remoteDisc is null where VRP prints no number there. */
export async function getBfdSessions(session: CommandRunner): Promise<BfdSession[]> {
  const { text, ctx } = await runCommand(session, 'display bfd session all verbose');
  return parseBfdSessionsVerbose(text, ctx).sessions.map((s) => {
    const state = BFD_STATES[s.state.toLowerCase()];
    if (!state) throw parseError(ctx, s.state, `unknown BFD state "${s.state}"`);
    const out: BfdSession = {
      name: s.name, state, localDisc: s.localDisc, remoteDisc: typeof s.remoteDisc === 'number' ? s.remoteDisc : null,
      peer: s.peer, multihop: s.hop === 'multi',
    };
    const copy: [keyof BfdSession, unknown][] = [
      ['local', s.source], ['iface', s.iface], ['vrf', s.vrf], ['minTxMs', s.minTxMs], ['minRxMs', s.minRxMs],
      ['detectMult', s.detectMult], ['lastDiag', s.lastDiag], ['notUpReason', s.notUpReason],
    ];
    for (const [k, v] of copy) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
    return out;
  });
}

/** `display ip vpn-instance verbose` (the IPv4 family's RD and targets). */
export async function getVrfs(session: CommandRunner): Promise<Vrf[]> {
  const { text, ctx } = await runCommand(session, 'display ip vpn-instance verbose');
  return parseVpnInstanceVerbose(text, ctx).instances.map((i) => {
    const v: Vrf = { name: i.name, importRts: i.importRts, exportRts: i.exportRts, interfaces: i.interfaces };
    if (i.rd !== undefined) v.rd = i.rd;
    if (i.status !== undefined) v.up = i.status.toUpperCase() === 'UP';
    return v;
  });
}

function probeArgs(opts: ProbeOptions): string {
  return `${opts.source ? ` -a ${opts.source}` : ''}${opts.vrf ? ` -vpn-instance ${opts.vrf}` : ''}`;
}

/** `ping [-c n] [-a src] [-vpn-instance vrf] <target>` (VRP waits up to 2 s per probe by default). */
export async function ping(session: CommandRunner, target: string, opts: PingOptions = {}): Promise<PingResult> {
  const count = opts.count !== undefined ? ` -c ${opts.count}` : '';
  const timeoutMs = opts.timeoutMs ?? ((opts.count ?? 5) * 2000 + 10000);
  const { text, ctx } = await runCommand(session, `ping${count}${probeArgs(opts)} ${target}`, timeoutMs);
  const p = parsePing(text, ctx);
  const out: PingResult = {
    target, sent: p.sent, received: p.received, lost: p.sent - p.received,
    successPct: p.sent === 0 ? 0 : Math.round((p.received / p.sent) * 10000) / 100,
  };
  if (p.received > 0 && p.minMs !== undefined) {
    out.rttMin = p.minMs;
    out.rttAvg = p.avgMs;
    out.rttMax = p.maxMs;
  }
  return out;
}

/** `tracert [-a src] [-vpn-instance vrf] <target>`; every probe is kept in hop.probes (ECMP). */
export async function traceroute(session: CommandRunner, target: string, opts: ProbeOptions = {}): Promise<TraceResult> {
  const { text, ctx } = await runCommand(session, `tracert${probeArgs(opts)} ${target}`, opts.timeoutMs ?? 120000);
  const t = parseTracert(text, ctx);
  const last = t.hops[t.hops.length - 1];
  const reached = last !== undefined && (last.probes ?? []).some((p) => p.address === target);
  return { target, hops: t.hops, reached };
}

// The device API (drivers/api/types.ts): what VRP implements, in the one signature.

const OSPF_NEUTRAL: Record<OspfNeighborState, IgpNeighbor['state']> = {
  down: 'down', attempt: 'init', init: 'init', '2-way': 'init', exstart: 'init', exchange: 'init', loading: 'init', full: 'up',
};

/** `GE0/0/1` and `GigabitEthernet0/0/1` are one interface. */
const longIfName = (n: string): string => n.replace(/^GE(?=\d)/i, 'GigabitEthernet').toLowerCase();

/** `display vrrp verbose`: every IPv4 backup group, or those on one interface. */
export async function getVrrpGroups(session: CommandRunner, q: { iface?: string } = {}): Promise<VrrpGroup[]> {
  const { text, ctx } = await runCommand(session, 'display vrrp verbose');
  const all = vrrpGroupsOf(parseDisplayVrrp(text, ctx), ctx);
  return q.iface === undefined ? all : all.filter((g) => longIfName(g.iface) === longIfName(q.iface!));
}

const unsupported = (s: CommandRunner, method: string, detail: string): never => {
  throw new NotSupportedError(s.device, 'vrp', method, detail);
};

export const vrpGetters: PlatformGetters = {
  interfaces: (s) => getInterfaces(s),
  async routes(s, q = {}) {
    if (q.afi === 'ipv6') unsupported(s, 'routes', 'IPv6 routes');
    return getRoutes(s, q.vrf || undefined);
  },
  async igpNeighbors(s, q = {}) {
    if (q.protocol !== undefined && q.protocol !== 'ospf') unsupported(s, 'igpNeighbors', `${q.protocol} neighbours`);
    if (q.afi === 'ipv6') unsupported(s, 'igpNeighbors', 'OSPFv3 neighbours');
    const ns = await getOspfNeighbors(s);
    return ns
      .filter((n) => (q.process === undefined || n.process === q.process) && (q.vrf === undefined || (n.vrf ?? '') === q.vrf))
      .map((n) => {
        const out: IgpNeighbor = { protocol: 'ospf', afi: 'ipv4', iface: n.iface, routerId: n.routerId, state: OSPF_NEUTRAL[n.state], vendorState: n.state, area: n.area };
        for (const k of ['process', 'vrf', 'address'] as const) if (n[k] !== undefined) out[k] = n[k];
        return out;
      });
  },
  async bfdSessions(s, q = {}) {
    const all = await getBfdSessions(s);
    return q.vrf === undefined ? all : all.filter((b) => (b.vrf ?? '') === q.vrf);
  },
  async bgpPeers(s, q) {
    // The VPN instances' IPv4 peers are listed under `display bgp vpnv4 all peer`.
    if (q.family === 'ipv4-unicast' && !q.vrf) return getBgpPeers(s, 'ipv4-unicast');
    if (q.family === 'ipv4-unicast') return (await getBgpPeers(s, 'vpnv4')).filter((p) => p.vrf === q.vrf);
    if (q.family === 'vpnv4' && !q.vrf) return (await getBgpPeers(s, 'vpnv4')).filter((p) => p.vrf === undefined);
    return unsupported(s, 'bgpPeers', `family ${q.family}${q.vrf ? ` in VRF ${q.vrf}` : ''}`);
  },
  ldpSessions: (s) => getLdpSessions(s),
  vrfs: (s) => getVrfs(s),
  ping: (s, target, opts) => ping(s, target, opts),
  traceroute: (s, target, opts) => traceroute(s, target, opts),
  vrrpGroups: (s, q) => getVrrpGroups(s, q),
};
