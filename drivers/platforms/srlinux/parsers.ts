// SR Linux show output -> the neutral model. Boxed tables are read by cell (table.ts, wrapped
// cells joined); detail views by "Key : value". An output that is not the command's format is a
// ParseError naming device, command and line; an empty table is [].
import { ParseError } from '../../errors';
import type { BgpFamily, BgpPeer, BgpState, EthernetSegment, EvpnRoute, EvpnRouteType, Interface, LagMember, MacDest, MacTableEntry } from '../../model/types';
import { normalizeEsi, normalizeMac } from '../../model/types';
import { type BoxedTable, keyValues, parseBoxedTables, rowRecord } from './table';

export interface ParseContext {
  device: string;
  command?: string;
}

const fail = (ctx: ParseContext, line: string, reason: string): ParseError => new ParseError(ctx.device, ctx.command, line, reason);

/** The first line of `text` that looks like an error, if SR Linux answered with one. */
function checkNotError(text: string, ctx: ParseContext): void {
  const bad = text.split(/\r?\n/).find((l) => /^\s*(?:Error:|Parsing error:|Aborted:)/.test(l));
  if (bad !== undefined) throw fail(ctx, bad, 'the device answered with an error');
}

const optNum = (s: string | undefined): number | undefined => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);

const bool = (s: string): boolean => /^(?:true|yes|up|enable)$/i.test(s.trim());

// ---- show interface ------------------------------------------------------------------------

/**
 * `show interface [name]` (brief form): "lag1 is up, speed None, type None", subinterfaces
 * indented ("  lag1.0 is up"), their "Network-instance: X" and "IPv4 addr : A/len (...)" lines.
 * A port down with an admin reason ("is down, reason port-admin-disabled") is 'admin'.
 */
export function parseShowInterface(text: string, ctx: ParseContext): Interface[] {
  checkNotError(text, ctx);
  const out: Interface[] = [];
  let cur: Interface | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(\S+) is (up|down)\b(.*)$/.exec(raw);
    if (m) {
      const reason = /reason\s+([\w-]+)/.exec(m[3])?.[1];
      cur = { name: m[1], state: m[2] === 'up' ? 'up' : reason && /admin/.test(reason) ? 'admin' : 'down' };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const ni = /^\s*(?:\*\s*)?Network-instance[s]?\s*:\s*(\S+)/.exec(raw) ?? /^\s*\*\s*Name:\s*(\S+)/.exec(raw);
    if (ni && ni[1] !== 'default') cur.vrf = ni[1];
    const v4 = /^\s*IPv4 addr(?:ess)?\s*:\s*(\d+\.\d+\.\d+\.\d+\/\d+)/.exec(raw);
    if (v4 && cur.address === undefined) cur.address = v4[1];
  }
  return out;
}

// ---- show lag X lacp-state -------------------------------------------------------------------

/**
 * `show lag <lag> lacp-state`: the LAG head ("Lag Id : lag1", "System Id : ...") and one table
 * row per member. State is synchronization/aggregatable/collecting/distributing, as the
 * srl_nokia-lacp member leaves are ordered ("IN_SYNC/True/True/True").
 */
export function parseLacpState(text: string, ctx: ParseContext): LagMember[] {
  checkNotError(text, ctx);
  const out: LagMember[] = [];
  // One block per LAG ("LACP State for lag1"); the head names it.
  const blocks = text.split(/^\s*LACP State for\s+/m).slice(1);
  if (blocks.length === 0 && text.trim() !== '') throw fail(ctx, text.trim().split('\n')[0], 'no "LACP State for" heading');
  for (const b of blocks) {
    const kv = keyValues(b);
    const lag = kv.get('lagid') ?? b.split(/\s/)[0];
    for (const t of parseBoxedTables(b)) {
      if (!t.keys.includes('members')) continue;
      for (const row of t.rows) {
        const r = rowRecord(t, row);
        const st = r.state.split('/').map((s) => s.trim());
        const m: LagMember = { lag, member: r.members, operUp: bool(r.operstate) };
        if (/^(active|passive)$/i.test(r.activity)) m.activity = r.activity.toLowerCase() as 'active' | 'passive';
        if (/^(long|short)$/i.test(r.timeout)) m.timeout = r.timeout.toLowerCase() as 'long' | 'short';
        if (st[0]) m.inSync = /^in_sync$/i.test(st[0]);
        if (st.length >= 4) {
          m.collecting = bool(st[2]);
          m.distributing = bool(st[3]);
        } else if (st.length === 3) {
          m.collecting = bool(st[1]);
          m.distributing = bool(st[2]);
        }
        const sys = normalizeMac(r.systemid);
        if (sys) m.systemId = sys;
        const key = optNum(r.operkey);
        if (key !== undefined) m.key = key;
        const pid = normalizeMac(r.partnerid);
        if (pid) m.partnerId = pid;
        const pk = optNum(r.partnerkey);
        if (pk !== undefined) m.partnerKey = pk;
        const pn = optNum(r.portno);
        if (pn !== undefined) m.portNo = pn;
        const ppn = optNum(r.partnerportno);
        if (ppn !== undefined) m.partnerPortNo = ppn;
        if (!m.member) throw fail(ctx, r.members, 'member row without a member name');
        out.push(m);
      }
    }
  }
  return out;
}

// ---- show system network-instance ethernet-segments [ES] detail ------------------------------

/**
 * The detail view: a "Name : ES-1" block per segment, then the per network-instance table
 * ("MAC-VRF  Actv Timer Rem  DF") and the DF candidates ("mac-vrf-1  10.0.0.2 (DF)").
 */
/**
 * `show system network-instance ethernet-segments [NAME] detail`. The per-MAC-VRF row's `DF`
 * column is not "this PE is the DF": SR Linux prints `Yes` on every ES peer once the election is
 * done (the srl-labs evpn-mh tutorial's captures of leaf1 and leaf2 both print `ES-1 0 Yes` under
 * candidates `10.0.0.2 (DF)`). Who the DF is comes from the candidates' `(DF)` mark; `localDf` is
 * set when the caller knows the PE's own originating address (`localAddress`, its router id).
 */
export function parseEthernetSegments(text: string, ctx: ParseContext, localAddress?: string): EthernetSegment[] {
  checkNotError(text, ctx);
  const out: EthernetSegment[] = [];
  const parts = text.split(/^(?=\s*Name\s+:\s)/m).filter((p) => /^\s*Name\s+:\s/.test(p));
  for (const p of parts) {
    const kv = keyValues(p.split(/^\s*MAC-VRF\s+Actv/m)[0]);
    const name = kv.get('name') ?? '';
    const esi = normalizeEsi(kv.get('esi') ?? '');
    if (!name || !esi) throw fail(ctx, p.trim().split('\n')[0], 'segment without a name or ESI');
    const mode = (kv.get('opermultihoming') ?? kv.get('multihoming'))?.toLowerCase();
    const seg: EthernetSegment = { name, esi, adminUp: bool(kv.get('adminstate') ?? ''), operUp: bool(kv.get('operstate') ?? ''), dfs: [] };
    if (mode === 'all-active' || mode === 'single-active' || mode === 'port-active') seg.mode = mode;
    const iface = kv.get('interface');
    if (iface && iface !== 'N/A') seg.iface = iface;
    const at = /^(\d+)/.exec(kv.get('esactivationtimer') ?? '');
    if (at) seg.activationTimerSec = Number(at[1]);
    const dfa = kv.get('operdfelection') ?? kv.get('dfelection');
    if (dfa) seg.dfAlgorithm = dfa;
    const lines = p.split(/\r?\n/).map((l) => l.trim());
    // Per network-instance activation timer (and whether the election is done).
    const local = new Map<string, { rem?: number; df: boolean }>();
    const ih = lines.findIndex((l) => /^MAC-VRF\s+Actv Timer Rem\s+DF$/.test(l));
    if (ih >= 0) {
      for (let i = ih + 1; i < lines.length && lines[i] && !/^[-=]{5,}/.test(lines[i]); i++) {
        const c = lines[i].split(/\s{2,}/);
        local.set(c[0], { rem: optNum(c[1]), df: /^yes$/i.test(c[2] ?? '') });
      }
    }
    const ch = lines.findIndex((l) => /^Network-instance\s+ES Peers$/.test(l));
    const byNi = new Map<string, { candidates: string[]; df?: string }>();
    if (ch >= 0) {
      for (let i = ch + 1; i < lines.length && lines[i] && !/^[-=]{5,}/.test(lines[i]); i++) {
        const m = /^(\S+)\s+(\S+)(\s+\(DF\))?$/.exec(lines[i]);
        if (!m) throw fail(ctx, lines[i], 'DF candidate line: "network-instance address [(DF)]" expected');
        const e = byNi.get(m[1]) ?? { candidates: [] };
        e.candidates.push(m[2]);
        if (m[3]) e.df = m[2];
        byNi.set(m[1], e);
      }
    }
    for (const [ni, e] of byNi) {
      // The evpn-mh document prints the segment's name under "MAC-VRF"; with one network-instance
      // that row is the network-instance's (suites/evpn-mh/ERRATA.md).
      const l = local.get(ni) ?? (local.size === 1 && byNi.size === 1 ? [...local.values()][0] : undefined);
      const df: EthernetSegment['dfs'][number] = { networkInstance: ni, candidates: e.candidates };
      if (e.df) df.df = e.df;
      if (localAddress !== undefined) df.localDf = e.df === localAddress;
      if (l && l.rem !== undefined) df.activationRemainingSec = l.rem;
      seg.dfs.push(df);
    }
    out.push(seg);
  }
  return out;
}

// ---- BGP neighbors -------------------------------------------------------------------------

const FAMILY: Record<string, BgpFamily> = {
  evpn: 'evpn', 'ipv4-unicast': 'ipv4-unicast', 'ipv6-unicast': 'ipv6-unicast', 'l3vpn-ipv4-unicast': 'vpnv4', 'l3vpn-ipv6-unicast': 'vpnv6',
};

/** An AFI/SAFI cell value is complete unless it is the start of a longer family name ("ipv4-"). */
const familyComplete = (v: string): boolean => v.toLowerCase() in FAMILY || !Object.keys(FAMILY).some((f) => f.startsWith(v.toLowerCase()));

/** "0d:0h:2m:9s" (also "1d:2h:3m:4s") -> seconds; undefined for "-". */
export function parseSrlUptime(s: string): number | undefined {
  const m = /^(\d+)d:(\d+)h:(\d+)m:(\d+)s$/.exec(s.trim());
  return m ? ((Number(m[1]) * 24 + Number(m[2])) * 60 + Number(m[3])) * 60 + Number(m[4]) : undefined;
}

const STATES: readonly BgpState[] = ['idle', 'connect', 'active', 'opensent', 'openconfirm', 'established'];

/**
 * `show network-instance X protocols bgp neighbor`: one row per peer, one AFI/SAFI per physical
 * row ("evpn" / "ipv4-unicast" in continuation rows, with their "[Rx/Active/Tx]").
 */
export function parseBgpNeighbors(text: string, ctx: ParseContext): BgpPeer[] {
  checkNotError(text, ctx);
  const out: BgpPeer[] = [];
  for (const t of parseBoxedTables(text)) {
    if (!t.keys.includes('peer') || !t.keys.includes('state')) continue;
    const col = (k: string): number => t.keys.indexOf(k);
    for (const row of t.rows) {
      const r = rowRecord(t, row);
      // AFI/SAFI and Rx/Active/Tx: one per physical row unless a value itself wrapped.
      const afiIx = col('afisafi');
      const rxIx = t.keys.findIndex((k) => k.startsWith('rxactive'));
      const afis = afiIx < 0 ? [] : splitPerRow(row.map((c) => c[afiIx]), familyComplete);
      const rxs = rxIx < 0 ? [] : splitPerRow(row.map((c) => c[rxIx]), (v) => /^\[\d+\/\d+\/\d+\]$/.test(v));
      const state = r.state.toLowerCase() as BgpState;
      if (!STATES.includes(state)) throw fail(ctx, r.state, 'unknown BGP state');
      const asn = /^(\d+)/.exec(r.peeras);
      if (!asn) throw fail(ctx, r.peeras, 'Peer-AS: a number expected');
      afis.forEach((afi, ix) => {
        const family = FAMILY[afi.toLowerCase()];
        if (!family) return;
        const p: BgpPeer = { family, peer: r.peer, remoteAs: Number(asn[1]), state };
        if (r.netinst && r.netinst !== 'default') p.vrf = r.netinst;
        const up = parseSrlUptime(r.uptime);
        if (up !== undefined) p.uptimeSec = up;
        const rx = /^\[(\d+)\/(\d+)\/(\d+)\]$/.exec(rxs[ix] ?? '');
        if (rx) p.prefixesReceived = Number(rx[1]);
        out.push(p);
      });
    }
  }
  return out;
}

/**
 * The values of one column over a logical row's physical rows: a physical row starts a new value
 * once the value so far is `complete` (a family name, an "[Rx/Active/Tx]" triple); else it is
 * the wrapped rest of the value.
 */
function splitPerRow(frags: ReadonlyArray<{ text: string; width: number } | undefined>, complete: (s: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of frags) {
    if (!f || f.text === '') continue;
    if (out.length === 0 || complete(out[out.length - 1])) out.push(f.text);
    else out[out.length - 1] += f.text;
  }
  return out;
}

// ---- EVPN routes ---------------------------------------------------------------------------

function flags(status: string): Pick<EvpnRoute, 'used' | 'valid' | 'best' | 'stale'> {
  return { used: status.includes('u'), valid: status.includes('*'), best: status.includes('>'), stale: status.includes('x') };
}

function routeType(t: BoxedTable): EvpnRouteType | undefined {
  const m = /^Type ([1-5]) /.exec(t.title);
  return m ? (Number(m[1]) as EvpnRouteType) : undefined;
}

/**
 * `show network-instance X protocols bgp routes evpn route-type [N] summary` (direction
 * 'received', the neighbor per row) and `... bgp neighbor P advertised-routes evpn` (direction
 * 'advertised', `peer` = P): one table per route type, titled "Type N ...".
 */
export function parseEvpnRoutes(text: string, ctx: ParseContext, direction: 'received' | 'advertised', peer?: string): EvpnRoute[] {
  checkNotError(text, ctx);
  const out: EvpnRoute[] = [];
  const advPeer = direction === 'advertised' ? (peer ?? /^\s*Peer\s*:\s*(\S+?),/m.exec(text)?.[1]) : undefined;
  for (const t of parseBoxedTables(text)) {
    const type = routeType(t);
    if (type === undefined) continue;
    for (const row of t.rows) {
      const r = rowRecord(t, row);
      if (!r.routedistinguisher) throw fail(ctx, row.map((c) => c.map((x) => x.text).join(' | ')).join(' / '), 'EVPN route without a route distinguisher');
      const e: EvpnRoute = { type, direction, rd: r.routedistinguisher };
      const p = direction === 'advertised' ? advPeer : r.neighbor || undefined;
      if (p) e.peer = p;
      if (r.status !== undefined) Object.assign(e, flags(r.status));
      const esi = r.esi ? normalizeEsi(r.esi) : undefined;
      if (esi) e.esi = esi;
      const tag = optNum(r.tagid);
      if (tag !== undefined) e.tag = tag;
      const mac = r.macaddress ? normalizeMac(r.macaddress) : undefined;
      if (mac) e.mac = mac;
      if (r.ipaddress) e.ip = r.ipaddress;
      const orig = r.originatorip || r.originatingrouter || r.originatingip;
      if (orig) e.originator = orig;
      if (r.nexthop) e.nextHop = r.nexthop;
      const vni = optNum(r.vni);
      if (vni !== undefined) e.vni = vni;
      const lp = optNum(r.locpref);
      if (lp !== undefined) e.localPref = lp;
      const med = optNum(r.med);
      if (med !== undefined) e.med = med;
      out.push(e);
    }
  }
  return out;
}

// ---- bridge-table mac-table ----------------------------------------------------------------

/** "ethernet-1/1.0", "vxlan-interface:vxlan1.1 vtep:10.0.0.2 vni:1", "vxlan-interface:vxlan1.1 esi:01:..." */
export function parseMacDestination(s: string): MacDest {
  const esi = /\besi:([0-9A-Fa-f:]+)/.exec(s);
  if (esi) {
    const n = normalizeEsi(esi[1]);
    if (n) return { kind: 'esi', esi: n };
  }
  const vtep = /\bvtep:(\S+)/.exec(s);
  if (vtep) {
    const vni = /\bvni:(\d+)/.exec(s);
    return vni ? { kind: 'vtep', address: vtep[1], vni: Number(vni[1]) } : { kind: 'vtep', address: vtep[1] };
  }
  if (/^[\w/.-]+$/.test(s) && !s.includes(':')) return { kind: 'interface', name: s };
  return { kind: 'other', text: s };
}

/** `show network-instance X bridge-table mac-table all`. */
export function parseMacTable(text: string, ctx: ParseContext, networkInstance?: string): MacTableEntry[] {
  checkNotError(text, ctx);
  const ni = networkInstance ?? /Mac-table of network instance (\S+)/.exec(text)?.[1];
  if (ni === undefined) throw fail(ctx, text.trim().split('\n')[0] ?? '', 'no "Mac-table of network instance" heading');
  const out: MacTableEntry[] = [];
  for (const t of parseBoxedTables(text)) {
    if (!t.keys.includes('address') || !t.keys.includes('destination')) continue;
    for (const row of t.rows) {
      const r = rowRecord(t, row);
      const mac = normalizeMac(r.address);
      if (!mac) throw fail(ctx, r.address, 'MAC address expected');
      out.push({
        networkInstance: ni,
        mac,
        type: r.type.toLowerCase(),
        destination: parseMacDestination(r.destination),
        active: bool(r.active),
        agingSec: /^\d+$/.test(r.aging) ? Number(r.aging) : null,
      });
    }
  }
  return out;
}
