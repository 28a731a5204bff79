// VRP protocol tables: `display mpls ldp session`, `display ip vpn-instance verbose`,
// `display bgp [vpnv4 all] peer`, `display ospf peer brief`.
import { type ParseContext, IPV4, int, isRule, lines, parseDuration, parseError, parseUpDown } from './text';

export interface VrpLdpSession {
  /** "3.3.3.3:0" as printed. */
  peerId: string;
  /** Operational, Initialized, OpenSent, OpenRec, Non Existent. */
  status: string;
  /** Label advertisement mode: DU or DoD. */
  lam: string;
  /** Active or Passive. */
  role: string;
  /** SsnAge DDDD:HH:MM, in minutes. */
  ageMinutes: number;
  kaSent: number;
  kaRcvd: number;
  /** The row started with "*": the session is being deleted. */
  deleting: boolean;
}

export interface VrpLdpSessions {
  sessions: VrpLdpSession[];
  total: number;
}

const LDP_ROW = /^(\*)?\s*(\S+:\d+)\s+(Operational|Initialized|OpenSent|OpenRec|Non Existent|NonExistent)\s+(\S+)\s+(\S+)\s+(\d+):(\d{2}):(\d{2})\s+(\d+)\/(\d+)$/;

export function parseLdpSessions(text: string, ctx: ParseContext = {}): VrpLdpSessions {
  const sessions: VrpLdpSession[] = [];
  let total: number | undefined;
  let header = false;
  for (const line of lines(text)) {
    const t = line.trim();
    if (t.length === 0 || isRule(line)) continue;
    if (/^Peer-ID\s+Status/.test(t)) { header = true; continue; }
    const tot = /^TOTAL:\s*(\d+)\s+session\(s\) Found\.?$/i.exec(t);
    if (tot) { total = Number(tot[1]); continue; }
    if (!header) continue; // title, codes and legend lines
    const m = LDP_ROW.exec(t);
    if (!m) throw parseError(ctx, line, 'not an LDP session row');
    sessions.push({
      peerId: m[2] as string, status: m[3] as string, lam: m[4] as string, role: m[5] as string,
      ageMinutes: Number(m[6]) * 1440 + Number(m[7]) * 60 + Number(m[8]),
      kaSent: Number(m[9]), kaRcvd: Number(m[10]), deleting: m[1] === '*',
    });
  }
  if (total === undefined) {
    if (!header && sessions.length === 0 && text.trim().length === 0) return { sessions, total: 0 };
    throw parseError(ctx, text.split('\n').find((l) => l.trim()) ?? text, 'no "TOTAL: n session(s) Found." line');
  }
  if (total !== sessions.length) throw parseError(ctx, `TOTAL: ${total}`, `the output says ${total} sessions and lists ${sessions.length}`);
  return { sessions, total };
}

export interface VrpVpnFamily {
  afi: 'ipv4' | 'ipv6';
  createDate?: string;
  upTimeSeconds?: number;
  /** "UP" / "DOWN" as printed. */
  status?: string;
  rd?: string;
  exportRts: string[];
  importRts: string[];
  labelPolicy?: string;
}

export interface VrpVpnInstance {
  name: string;
  id: number;
  interfaces: string[];
  /** The IPv4 family's values (the first family when there is no IPv4 one). */
  rd?: string;
  exportRts: string[];
  importRts: string[];
  status?: string;
  labelPolicy?: string;
  upTimeSeconds?: number;
  families: VrpVpnFamily[];
}

export interface VrpVpnInstances {
  total?: number;
  instances: VrpVpnInstance[];
}

function rtList(v: string): string[] {
  return v.split(/[\s,]+/).filter((x) => x.length > 0);
}

export function parseVpnInstanceVerbose(text: string, ctx: ParseContext = {}): VrpVpnInstances {
  const out: VrpVpnInstances = { instances: [] };
  let inst: VrpVpnInstance | null = null;
  let fam: VrpVpnFamily | null = null;
  let inInterfaces = false;
  for (const line of lines(text)) {
    const t = line.trim();
    if (t.length === 0) { inInterfaces = false; continue; }
    const head = /^VPN-Instance Name and ID\s*:\s*(\S+),\s*(\d+)$/.exec(t);
    if (head) {
      inst = { name: head[1] as string, id: Number(head[2]), interfaces: [], exportRts: [], importRts: [], families: [] };
      out.instances.push(inst);
      fam = null;
      inInterfaces = false;
      continue;
    }
    const af = /^Address family (ipv4|ipv6)$/i.exec(t);
    if (af) {
      if (!inst) throw parseError(ctx, line, 'address family before any VPN instance');
      fam = { afi: (af[1] as string).toLowerCase() as 'ipv4' | 'ipv6', exportRts: [], importRts: [] };
      inst.families.push(fam);
      inInterfaces = false;
      continue;
    }
    // Interface lists wrap: "Interfaces : GE0/3/0, GE0/4/0," then more names on the next line.
    if (inInterfaces && inst && !/:\s/.test(t) && !t.endsWith(':')) {
      inst.interfaces.push(...t.split(/[\s,]+/).filter((x) => x));
      continue;
    }
    inInterfaces = false;
    const kv = /^([A-Za-z][A-Za-z0-9 -]*?)\s*:\s*(.*)$/.exec(t);
    if (!kv) throw parseError(ctx, line, 'not a "Key : Value" line');
    const [key, value] = [kv[1] as string, (kv[2] as string).trim()];
    if (key === 'Total VPN-Instances configured') { out.total = int(value, 'total', ctx, line); continue; }
    if (key.startsWith('Total ')) continue;
    if (!inst) throw parseError(ctx, line, 'a field before any VPN instance');
    if (key === 'Interfaces') {
      inst.interfaces.push(...value.split(/[\s,]+/).filter((x) => x));
      inInterfaces = value.endsWith(',');
      continue;
    }
    if (!fam) continue; // other instance-level fields (description, ...)
    switch (key) {
      case 'Create date': fam.createDate = value; break;
      case 'Up time': fam.upTimeSeconds = parseDuration(value, ctx, line); break;
      case 'Vrf Status': fam.status = value; break;
      case 'Route Distinguisher': fam.rd = value; break;
      case 'Export VPN Targets': fam.exportRts = rtList(value); break;
      case 'Import VPN Targets': fam.importRts = rtList(value); break;
      case 'Label policy': fam.labelPolicy = value; break;
      default: break; // diffserv-mode, ttl-mode, tunnel policy, ...
    }
  }
  for (const i of out.instances) {
    const f = i.families.find((x) => x.afi === 'ipv4') ?? i.families[0];
    if (!f) continue;
    i.exportRts = f.exportRts;
    i.importRts = f.importRts;
    if (f.rd !== undefined) i.rd = f.rd;
    if (f.status !== undefined) i.status = f.status;
    if (f.labelPolicy !== undefined) i.labelPolicy = f.labelPolicy;
    if (f.upTimeSeconds !== undefined) i.upTimeSeconds = f.upTimeSeconds;
  }
  if (out.total !== undefined && out.total !== out.instances.length) {
    throw parseError(ctx, `Total VPN-Instances configured : ${out.total}`, `the output says ${out.total} instances and lists ${out.instances.length}`);
  }
  return out;
}

export interface VrpBgpPeerRow {
  /** The VPN instance section the row is in; absent for the public (or VPNv4) section. */
  vrf?: string;
  addr: string;
  version: number;
  as: number;
  msgRcvd: number;
  msgSent: number;
  outQ: number;
  /** As printed ("03:05:25"), and in seconds. */
  upDown: string;
  upDownSeconds: number;
  /** Established, Idle, Active, Connect, OpenSent, OpenConfirm; "Idle(Admin)" and such kept whole. */
  state: string;
  prefRcv: number;
}

export interface VrpBgpPeers {
  routerId: string;
  localAs: number;
  totalPeers: number;
  establishedPeers: number;
  /** Router ID of each VPN instance section. */
  vrfRouterIds: Record<string, string>;
  peers: VrpBgpPeerRow[];
}

/** An AS number in asplain ("65536") or asdot ("1.0" = 1 * 65536 + 0, RFC 5396). */
const asNumber = (t: string): number => {
  const [hi, lo] = t.split('.');
  return lo === undefined ? Number(hi) : Number(hi) * 65536 + Number(lo);
};

const BGP_ROW = /^(\S+)\s+(\d+)\s+(\d+(?:\.\d+)?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+)$/;

/** `display bgp peer` and `display bgp vpnv4 all peer` (public section, then one per VPN instance). */
export function parseBgpPeers(text: string, ctx: ParseContext = {}): VrpBgpPeers {
  let routerId: string | undefined;
  let localAs: number | undefined;
  let totals: [number, number] | undefined;
  let vrf: string | undefined;
  const vrfRouterIds: Record<string, string> = {};
  const peers: VrpBgpPeerRow[] = [];
  for (const line of lines(text)) {
    const t = line.trim();
    if (t.length === 0 || isRule(line)) continue;
    let m = /^BGP local router ID\s*:\s*(\S+)$/.exec(t);
    if (m) { routerId = m[1]; continue; }
    m = /^Local AS number\s*:\s*(\d+(?:\.\d+)?)$/.exec(t);
    if (m) { localAs = asNumber(m[1] as string); continue; }
    m = /^Total number of peers\s*:\s*(\d+)\s+Peers in established state\s*:\s*(\d+)$/.exec(t);
    if (m) { totals = [Number(m[1]), Number(m[2])]; continue; }
    if (/^Peer\s+V\s+AS\s+MsgRcvd/.test(t) || /^Peer of IPv[46]-family for vpn instance\s*:?$/i.test(t)) continue;
    m = /^VPN-Instance\s+(\S+),\s*Router ID\s+(\S+?):?$/.exec(t);
    if (m) { vrf = m[1] as string; vrfRouterIds[vrf] = m[2] as string; continue; }
    m = BGP_ROW.exec(t);
    if (!m) throw parseError(ctx, line, 'not a BGP peer row');
    const row: VrpBgpPeerRow = {
      addr: m[1] as string, version: Number(m[2]), as: asNumber(m[3] as string), msgRcvd: Number(m[4]), msgSent: Number(m[5]),
      outQ: Number(m[6]), upDown: m[7] as string, upDownSeconds: parseUpDown(m[7] as string, ctx, line),
      state: m[8] as string, prefRcv: Number(m[9]),
    };
    if (vrf !== undefined) row.vrf = vrf;
    peers.push(row);
  }
  if (routerId === undefined || localAs === undefined || totals === undefined) {
    throw parseError(ctx, text.split('\n').find((l) => l.trim()) ?? text, 'no router ID, local AS and peer totals');
  }
  if (totals[0] !== peers.length) throw parseError(ctx, `Total number of peers : ${totals[0]}`, `the output says ${totals[0]} peers and lists ${peers.length}`);
  return { routerId, localAs, totalPeers: totals[0], establishedPeers: totals[1], vrfRouterIds, peers };
}

export interface VrpOspfPeerRow {
  process: number;
  routerId: string;
  area: string;
  iface: string;
  neighborId: string;
  /** As printed: Full, 2-Way, ExStart, Exchange, Loading, Init, Attempt, Down. */
  state: string;
}

export interface VrpOspfPeers {
  rows: VrpOspfPeerRow[];
  total: number;
}

/** `display ospf peer brief`: one block per process, "Total Peer(s): n" over all of them. */
export function parseOspfPeerBrief(text: string, ctx: ParseContext = {}): VrpOspfPeers {
  const rows: VrpOspfPeerRow[] = [];
  let proc: { process: number; routerId: string } | null = null;
  let total = 0;
  let sawTotal = false;
  for (const line of lines(text)) {
    const t = line.trim();
    if (t.length === 0 || isRule(line) || t === 'Peer Statistic Information' || /^Area Id\s+Interface/.test(t)) continue;
    let m = /^OSPF Process (\d+) with Router ID (\S+)$/.exec(t);
    if (m) { proc = { process: Number(m[1]), routerId: m[2] as string }; continue; }
    m = /^Total Peer\(s\)\s*:\s*(\d+)$/.exec(t);
    if (m) { total += Number(m[1]); sawTotal = true; continue; }
    const f = t.split(/\s+/);
    if (!proc || f.length !== 4 || !IPV4.test(f[0] as string) || !IPV4.test(f[2] as string)) throw parseError(ctx, line, 'not an OSPF peer row');
    rows.push({ ...proc, area: f[0] as string, iface: f[1] as string, neighborId: f[2] as string, state: f[3] as string });
  }
  if (!sawTotal && rows.length > 0) throw parseError(ctx, text, 'no "Total Peer(s):" line');
  if (total !== rows.length) throw parseError(ctx, `Total Peer(s): ${total}`, `the output says ${total} peers and lists ${rows.length}`);
  return { rows, total };
}

