// FRR's JSON show output (8.4) to the neutral model. Each parser takes the command's text and the
// context naming the device and command; text that is not the JSON FRR prints is a ParseError.
import { ParseError } from '../../errors';
import type {
  Afi, BfdSession, BfdState, BgpFamily, BgpPeer, BgpState, Interface, RouteEntry, RouteProtocol, Vrf,
} from '../../model/types';
import type { IgpNeighbor } from '../../api/types';

export interface ParseContext {
  device: string;
  command: string;
}

type Json = Record<string, unknown>;

function fail(ctx: ParseContext, line: string, reason: string): ParseError {
  return new ParseError(ctx.device, ctx.command, line, reason);
}

/** The JSON value in the output (vtysh may print a blank line first); `{}` for empty output. */
export function parseJson(text: string, ctx: ParseContext): unknown {
  const t = text.trim();
  if (t === '') return {};
  const start = t.search(/[[{]/);
  if (start < 0) throw fail(ctx, t.split('\n')[0], 'expected JSON');
  try {
    return JSON.parse(t.slice(start));
  } catch (e) {
    throw fail(ctx, t.split('\n')[0], `not valid JSON (${(e as Error).message})`);
  }
}

function obj(v: unknown, ctx: ParseContext, what: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(ctx, JSON.stringify(v)?.slice(0, 100) ?? String(v), `${what} is not an object`);
  return v as Json;
}

function arr(v: unknown, ctx: ParseContext, what: string): unknown[] {
  if (!Array.isArray(v)) throw fail(ctx, JSON.stringify(v)?.slice(0, 100) ?? String(v), `${what} is not a list`);
  return v;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** "00:01:02" or "1d02h03m" as FRR prints uptimes, in seconds. */
export function parseUptime(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const hms = /^(\d+):(\d\d):(\d\d)$/.exec(s);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const long = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (long && s !== '') return ((Number(long[1] ?? 0) * 7 + Number(long[2] ?? 0)) * 24 + Number(long[3] ?? 0)) * 3600 + Number(long[4] ?? 0) * 60 + Number(long[5] ?? 0);
  return undefined;
}

// ---- show interface json

/** `show interface json`: name -> {administrativeStatus, operationalStatus, vrfName, ipAddresses}. */
export function parseInterfaces(text: string, ctx: ParseContext): Interface[] {
  const all = obj(parseJson(text, ctx), ctx, 'the output');
  return Object.entries(all).map(([name, raw]) => {
    const i = obj(raw, ctx, `interface ${name}`);
    const admin = str(i.administrativeStatus);
    // zebra (if_dump_vty_json) prints operationalStatus only for an interface that is admin up.
    const oper = str(i.operationalStatus) ?? (admin === 'down' ? 'down' : undefined);
    if (admin === undefined || oper === undefined) throw fail(ctx, name, 'interface without administrativeStatus/operationalStatus');
    const out: Interface = { name, state: admin !== 'up' ? 'admin' : oper === 'up' ? 'up' : 'down', protocol: oper === 'up' ? 'up' : 'down' };
    const v4 = (Array.isArray(i.ipAddresses) ? i.ipAddresses : [])
      .map((a) => a as Json)
      .find((a) => typeof a.address === 'string' && !a.address.includes(':') && a.secondary !== true);
    if (v4) out.address = v4.address as string;
    const vrf = str(i.vrfName);
    if (vrf && vrf !== 'default') out.vrf = vrf;
    return out;
  });
}

// ---- show ip route [vrf X] json, show ipv6 route json

const PROTOCOLS: Record<string, RouteProtocol> = {
  connected: 'connected', local: 'local', static: 'static', ospf: 'ospf', ospf6: 'ospf', isis: 'isis', bgp: 'bgp',
  rip: 'rip', ripng: 'rip', eigrp: 'eigrp', babel: 'babel', kernel: 'other', openfabric: 'isis',
};

/**
 * The routes the router uses (FRR's "selected" entries, the ones `show ip route` marks ">"), one
 * RouteEntry per active next hop: ECMP shows as several entries for one prefix. A recursive next
 * hop (a BGP next hop) becomes `via` on each of the next hops that resolve it.
 */
export function parseRoutes(text: string, afi: Afi, ctx: ParseContext, vrf?: string): RouteEntry[] {
  const all = obj(parseJson(text, ctx), ctx, 'the output');
  const out: RouteEntry[] = [];
  for (const [prefix, list] of Object.entries(all)) {
    for (const raw of arr(list, ctx, `routes of ${prefix}`)) {
      const r = obj(raw, ctx, `route ${prefix}`);
      if (r.selected !== true) continue;
      const proto = str(r.protocol);
      if (!proto) throw fail(ctx, prefix, 'route without protocol');
      const base: RouteEntry = { afi, prefix, protocol: PROTOCOLS[proto] ?? 'other', vendorType: proto, installed: r.installed === true };
      const distance = num(r.distance);
      const metric = num(r.metric);
      if (distance !== undefined) base.distance = distance;
      if (metric !== undefined) base.metric = metric;
      const age = parseUptime(str(r.uptime));
      if (age !== undefined) base.ageSec = age;
      if (vrf) base.vrf = vrf;
      let via: string | undefined;
      for (const nhRaw of arr(r.nexthops ?? [], ctx, `next hops of ${prefix}`)) {
        const nh = obj(nhRaw, ctx, `next hop of ${prefix}`);
        if (nh.recursive === true) {
          via = str(nh.ip);
          continue;
        }
        if (nh.active !== true) continue;
        const e: RouteEntry = { ...base };
        const iface = str(nh.interfaceName);
        if (iface) e.iface = iface;
        e.nextHop = nh.directlyConnected === true || nh.ip === undefined ? null : (str(nh.ip) ?? null);
        if (nh.resolver === true && via) e.via = via;
        else via = undefined;
        out.push(e);
      }
    }
  }
  return out;
}

// ---- show ip ospf neighbor json, show ipv6 ospf6 neighbor json

function neutralOspfState(vendor: string): IgpNeighbor['state'] {
  if (vendor === 'full' || vendor === '2-way') return 'up';
  if (vendor === 'down' || vendor === 'deleted') return 'down';
  return 'init';
}

/** `show ip ospf neighbor json`: {neighbors: {routerId: [{nbrState "Full/-", address, ifaceName "eth1:1.1.1.2", upTimeInMsec}]}}. */
export function parseOspfNeighbors(text: string, ctx: ParseContext, vrf?: string): IgpNeighbor[] {
  const root = obj(parseJson(text, ctx), ctx, 'the output');
  const byId = root.neighbors === undefined ? {} : obj(root.neighbors, ctx, 'neighbors');
  const out: IgpNeighbor[] = [];
  for (const [routerId, list] of Object.entries(byId)) {
    for (const raw of arr(list, ctx, `neighbor ${routerId}`)) {
      const n = obj(raw, ctx, `neighbor ${routerId}`);
      const stateText = str(n.nbrState) ?? str(n.state);
      const ifaceText = str(n.ifaceName);
      if (!stateText || !ifaceText) throw fail(ctx, routerId, 'neighbour without state or interface');
      const vendorState = stateText.split('/')[0].toLowerCase();
      const e: IgpNeighbor = { protocol: 'ospf', afi: 'ipv4', iface: ifaceText.split(':')[0], routerId, state: neutralOspfState(vendorState), vendorState };
      const addr = str(n.ifaceAddress) ?? str(n.address);
      if (addr) e.address = addr;
      const up = num(n.upTimeInMsec);
      if (up !== undefined) e.uptimeSec = Math.floor(up / 1000);
      if (vrf) e.vrf = vrf;
      out.push(e);
    }
  }
  return out;
}

/** `show ipv6 ospf6 neighbor json`: {neighbors: [{neighborId, state "Full", interfaceName, duration}]}. */
export function parseOspf6Neighbors(text: string, ctx: ParseContext, vrf?: string): IgpNeighbor[] {
  const root = obj(parseJson(text, ctx), ctx, 'the output');
  return arr(root.neighbors ?? [], ctx, 'neighbors').map((raw) => {
    const n = obj(raw, ctx, 'neighbor');
    const routerId = str(n.neighborId);
    const st = str(n.state);
    const iface = str(n.interfaceName);
    if (!routerId || !st || !iface) throw fail(ctx, JSON.stringify(n).slice(0, 100), 'neighbour without neighborId, state or interfaceName');
    const vendorState = st.toLowerCase().replace(/^twoway$/, '2-way');
    const e: IgpNeighbor = { protocol: 'ospf', afi: 'ipv6', iface, routerId, state: neutralOspfState(vendorState), vendorState };
    const up = parseUptime(str(n.duration));
    if (up !== undefined) e.uptimeSec = up;
    if (vrf) e.vrf = vrf;
    return e;
  });
}

// ---- show bfd peers json

const BFD_STATES: Record<string, BfdState> = { up: 'up', down: 'down', init: 'init', shutdown: 'admin-down', 'admin-down': 'admin-down' };

/** `show bfd peers json`: [{peer, local, interface, vrf, multihop, id, remote-id, status, diagnostic, intervals}]. */
export function parseBfdPeers(text: string, ctx: ParseContext): BfdSession[] {
  const root = parseJson(text, ctx);
  return arr(Array.isArray(root) ? root : [], ctx, 'the output').map((raw) => {
    const p = obj(raw, ctx, 'peer');
    const peer = str(p.peer);
    const status = str(p.status);
    const id = num(p.id);
    if (!peer || !status || id === undefined) throw fail(ctx, JSON.stringify(p).slice(0, 100), 'peer without peer, status or id');
    const state = BFD_STATES[status];
    if (!state) throw fail(ctx, status, 'unknown BFD status');
    const remote = num(p['remote-id']);
    const s: BfdSession = { state, localDisc: id, remoteDisc: remote === undefined || remote === 0 ? null : remote, peer };
    const local = str(p.local);
    if (local) s.local = local;
    const iface = str(p.interface);
    if (iface) s.iface = iface;
    const vrf = str(p.vrf);
    if (vrf && vrf !== 'default') s.vrf = vrf;
    if (typeof p.multihop === 'boolean') s.multihop = p.multihop;
    const tx = num(p['transmit-interval']);
    const rx = num(p['receive-interval']);
    const mult = num(p['detect-multiplier']);
    if (tx !== undefined) s.minTxMs = tx;
    if (rx !== undefined) s.minRxMs = rx;
    if (mult !== undefined) s.detectMult = mult;
    const diag = str(p.diagnostic);
    if (diag) s.lastDiag = diag;
    return s;
  });
}

// ---- show bgp [vrf X] summary json

/** The summary key FRR uses for each neutral family. */
export const BGP_FAMILY_KEYS: Record<BgpFamily, string> = {
  'ipv4-unicast': 'ipv4Unicast', 'ipv6-unicast': 'ipv6Unicast', vpnv4: 'ipv4Vpn', vpnv6: 'ipv6Vpn', evpn: 'l2VpnEvpn',
};

const BGP_STATES: Record<string, BgpState> = {
  idle: 'idle', connect: 'connect', active: 'active', opensent: 'opensent', openconfirm: 'openconfirm', established: 'established',
};

/** `show bgp [vrf X] summary json`: {ipv4Unicast: {routerId, as, peers: {addr: {remoteAs, state, ...}}}, ...}. */
export function parseBgpSummary(text: string, family: BgpFamily, ctx: ParseContext, vrf?: string): BgpPeer[] {
  const root = obj(parseJson(text, ctx), ctx, 'the output');
  const af = root[BGP_FAMILY_KEYS[family]];
  if (af === undefined) return [];
  const a = obj(af, ctx, BGP_FAMILY_KEYS[family]);
  const peers = a.peers === undefined ? {} : obj(a.peers, ctx, 'peers');
  return Object.entries(peers).map(([addr, raw]) => {
    const p = obj(raw, ctx, `peer ${addr}`);
    const remoteAs = num(p.remoteAs);
    const stText = str(p.state);
    if (remoteAs === undefined || !stText) throw fail(ctx, addr, 'peer without remoteAs or state');
    const state = BGP_STATES[stText.split(/\s/)[0].toLowerCase()];
    if (!state) throw fail(ctx, stText, 'unknown BGP state');
    const out: BgpPeer = { family, peer: addr, remoteAs, state };
    const localAs = num(p.localAs) ?? num(a.as);
    if (localAs !== undefined) out.localAs = localAs;
    const rid = str(a.routerId);
    if (rid) out.routerId = rid;
    const up = num(p.peerUptimeMsec);
    if (up !== undefined && state === 'established') out.uptimeSec = Math.floor(up / 1000);
    const pfx = num(p.pfxRcd);
    if (pfx !== undefined) out.prefixesReceived = pfx;
    const rcvd = num(p.msgRcvd);
    const sent = num(p.msgSent);
    if (rcvd !== undefined) out.messagesReceived = rcvd;
    if (sent !== undefined) out.messagesSent = sent;
    if (vrf && vrf !== 'default') out.vrf = vrf;
    return out;
  });
}

// ---- VRFs: `show vrf` (text) and the running configuration's BGP VRF sections

/** `show vrf`: "vrf NAME id N table T" (or "inactive"); "No VRF configured" when none. */
export function parseShowVrf(text: string): { name: string; up: boolean }[] {
  const out: { name: string; up: boolean }[] = [];
  for (const line of text.split('\n')) {
    const m = /^vrf\s+(\S+)\s+(.*)$/.exec(line.trim());
    if (m) out.push({ name: m[1], up: !/inactive/.test(m[2]) });
  }
  return out;
}

/** RD and route targets per VRF from `show running-config`: `router bgp N vrf X` ... `rd vpn export`, `rt vpn import|export|both`. */
export function parseVrfBgpConfig(text: string): Map<string, { rd?: string; importRts: string[]; exportRts: string[] }> {
  const out = new Map<string, { rd?: string; importRts: string[]; exportRts: string[] }>();
  let cur: { rd?: string; importRts: string[]; exportRts: string[] } | undefined;
  for (const line of text.split('\n')) {
    const top = /^router bgp \d+(?:\s+vrf\s+(\S+))?/.exec(line);
    if (top) {
      cur = top[1] ? out.get(top[1]) ?? { importRts: [], exportRts: [] } : undefined;
      if (top[1] && cur) out.set(top[1], cur);
      continue;
    }
    if (/^\S/.test(line)) cur = undefined;
    if (!cur) continue;
    const rd = /^\s+rd vpn export (\S+)/.exec(line);
    if (rd) cur.rd = rd[1];
    const rt = /^\s+rt vpn (import|export|both) (.+)$/.exec(line);
    if (rt) {
      const rts = rt[2].trim().split(/\s+/);
      if (rt[1] !== 'export') cur.importRts.push(...rts.filter((r) => !cur?.importRts.includes(r)));
      if (rt[1] !== 'import') cur.exportRts.push(...rts.filter((r) => !cur?.exportRts.includes(r)));
    }
  }
  return out;
}

export function buildVrfs(showVrf: string, runningConfig: string, ifaces: Interface[]): Vrf[] {
  const bgp = parseVrfBgpConfig(runningConfig);
  return parseShowVrf(showVrf).map(({ name, up }) => {
    const b = bgp.get(name);
    const v: Vrf = { name, importRts: b?.importRts ?? [], exportRts: b?.exportRts ?? [], interfaces: ifaces.filter((i) => i.vrf === name).map((i) => i.name), up };
    if (b?.rd) v.rd = b.rd;
    return v;
  });
}
