/**
 * SR Linux's BGP shows of the default network-instance, from the BGP module's live rows
 * (`bgp.peers` BgpPeerInfo, `bgp.evpnRoutes` EvpnRouteRow of protocols/l2-rows.ts):
 *   show network-instance default protocols bgp neighbor
 *   show network-instance default protocols bgp neighbor X advertised-routes evpn
 *   show network-instance default protocols bgp routes evpn route-type summary
 * Column for column as SR Linux prints them (the document, with its broken rulers mended, and SR
 * Linux's own outputs): boxed tables (show/boxed.ts), `-` rules as wide as the page, a table per
 * route type that has routes, and the counts at the end.
 */
import type { BgpPeerInfo, BgpProcess } from '../../protocols/bgp/process';
import type { ProtocolHost } from '../../config/host';
import type { EvpnRouteRow } from '../../protocols/l2-rows';
import type { Column, Row } from '../../show/model';
import { renderBoxedLines, type BoxedOptions } from '../../show/boxed';
import { SEC } from '../../sim/scheduler';
import { CliError } from './tree';

export interface BgpShowOptions {
  /** SR Linux's terminal width: tables wider than it wrap their long columns (show/boxed.ts); none: natural widths. */
  terminalWidth?: number;
  networkInstance?: string;
}

const TYPE_TITLE: Record<1 | 2 | 3 | 4, string> = {
  1: 'Ethernet Auto-Discovery',
  2: 'MAC-IP Advertisement',
  3: 'Inclusive Multicast Ethernet Tag',
  4: 'Ethernet Segment',
};

/**
 * The content widths of SR Linux's columns that do not take a share of the terminal: their data
 * type's width (Tag-ID: a 32-bit number's 10 digits, an ESI's 30 characters, a MAC's 17, ...),
 * whatever the cells hold. Read off the document's tables (see fillWidths).
 */
const SRL_FIXED: Record<string, number> = { Status: 6, 'Tag-ID': 10, ESI: 30, LocPref: 7, 'MAC-address': 17, 'Originator-IP': 19 };

/**
 * SR Linux draws a table that fits its terminal as wide as the terminal: the typed columns
 * (SRL_FIXED) keep their width and every other column gets the same share of the rest, rounded
 * down. This fits every table of the document that fits its terminal (advertised-routes at 158
 * columns: 24/32/12/24/24/9/24 for type 1, 21/12/19/21/21/21/9/21 for type 2, 27/12/21/27/27/9/27
 * for type 3, 21/32/21/21/21/9/21 for type 4, padding included; route-type summary at 162: types
 * 1, 3 and 4). Undefined when a column's cells or header would not fit its share: SR Linux then
 * wraps (the summary's type 2 table), which boxedWidths' own rule does.
 */
export function fillWidths(cols: Array<{ key: string; header: string }>, rows: Row[], terminalWidth: number): number[] | undefined {
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const nat = cols.map((c) => Math.max(...c.header.split('\n').map((l) => l.length), ...rows.flatMap((r) => text(r[c.key]).split('\n').map((l) => l.length))));
  const fixed = cols.map((c, k) => (SRL_FIXED[c.header] !== undefined ? Math.max(SRL_FIXED[c.header], nat[k]) : undefined));
  const flex = fixed.filter((f) => f === undefined).length;
  const room = terminalWidth - 1 - 3 * cols.length - fixed.reduce((a: number, f) => a + (f ?? 0), 0);
  if (flex === 0 || room < 0) return undefined;
  const share = Math.floor(room / flex);
  if (cols.some((_, k) => fixed[k] === undefined && nat[k] > share)) return undefined;
  return fixed.map((f) => f ?? share);
}

function table(cols: Array<{ key: string; header: string }>, rows: Row[], o: BgpShowOptions, noWrap: string[]): string[] {
  const fill = o.terminalWidth !== undefined ? fillWidths(cols, rows, o.terminalWidth) : undefined;
  const columns = (fill ? cols.map((c, k) => ({ ...c, width: fill[k] })) : cols) as Column<Row>[];
  const bo: BoxedOptions = { terminalWidth: o.terminalWidth, noWrap };
  return renderBoxedLines({ columns, rows }, bo);
}

/** A page of lines: the rules are as wide as the widest line (or the terminal). */
function page(lines: Array<string | null>, o: BgpShowOptions): string {
  const w = Math.max(o.terminalWidth ?? 0, ...lines.filter((l): l is string => l !== null).map((l) => l.length));
  return lines.map((l) => (l === null ? '-'.repeat(w) : l) + '\n').join('');
}
const RULE = null;

/** `0d:18h:20m:49s` (SR Linux's uptime). */
export function srlUptime(micros: number): string {
  let s = Math.max(0, Math.floor(micros / SEC));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  return `${d}d:${h}h:${m}m:${s - m * 60}s`;
}

const FAMILY_NAME: Record<string, string> = { ipv4: 'ipv4-unicast', vpnv4: 'l3vpn-ipv4-unicast', evpn: 'evpn' };

/** `show network-instance default protocols bgp neighbor [X]`: the session summary. */
export function renderBgpNeighbors(peers: BgpPeerInfo[], now: number, o: BgpShowOptions = {}): string {
  const ni = o.networkInstance ?? 'default';
  const sorted = [...peers].filter((p) => p.vrf === '').sort((a, b) => ipNum(a.addr) - ipNum(b.addr));
  const rows: Row[] = sorted.map((p) => {
    const fams = (p.state === 'Established' ? p.families : p.enabled ?? p.families).filter((f) => FAMILY_NAME[f]);
    const counts = fams.map((f) => {
      if (p.state !== 'Established') return '[0/0/0]';
      if (f === 'evpn') return `[${p.evpn?.rx ?? 0}/${p.evpn?.active ?? 0}/${p.evpn?.tx ?? 0}]`;
      if (f === 'ipv4') return `[${p.ipv4?.rx ?? p.prefRcv.ipv4}/${p.ipv4?.active ?? 0}/${p.ipv4?.tx ?? 0}]`;
      return `[${p.prefRcv.vpnv4}/0/0]`;
    });
    return {
      ni, peer: p.addr, group: p.group ?? '', flags: 'S', as: p.remoteAs, state: p.state.toLowerCase(),
      uptime: p.state === 'Established' ? srlUptime(now - p.since) : '-', fam: fams.map((f) => FAMILY_NAME[f]).join('\n'), rat: counts.join('\n'),
    };
  });
  const t = table([
    { key: 'ni', header: 'Net-Inst' }, { key: 'peer', header: 'Peer' }, { key: 'group', header: 'Group' }, { key: 'flags', header: 'Flags' },
    { key: 'as', header: 'Peer-AS' }, { key: 'state', header: 'State' }, { key: 'uptime', header: 'Uptime' }, { key: 'fam', header: 'AFI/SAFI' },
    { key: 'rat', header: '[Rx/Active/Tx]' },
  ], rows, o, ['flags', 'as']);
  const est = sorted.filter((p) => p.state === 'Established').length;
  return page([
    RULE,
    `BGP neighbor summary for network-instance "${ni}"`,
    'Flags: S static, D dynamic, L discovered by LLDP, B BFD enabled, - disabled, * slow',
    RULE,
    RULE,
    ...t,
    RULE,
    'Summary:',
    `${sorted.length} configured neighbors, ${est} configured sessions are established,0 disabled peers`,
    '0 dynamic peers',
  ], o);
}

function ipNum(a: string): number {
  const p = a.split('.').map(Number);
  return p.length === 4 ? ((p[0] * 256 + p[1]) * 256 + p[2]) * 256 + p[3] : 0;
}

const upperMac = (m?: string) => (m ?? '').toUpperCase();
const dash = (v: number | undefined) => (v === undefined ? '-' : String(v));
const pathText = (r: EvpnRouteRow) => (r.asPath.length ? `${r.asPath.join(' ')} ${r.origin}` : '');

/** Route order within a type, as SR Linux sorts its RIB: by RD, then the key fields. */
function byKey(a: EvpnRouteRow, b: EvpnRouteRow): number {
  const k = (r: EvpnRouteRow) => [r.rd, r.esi ?? '', String(r.tag ?? 0).padStart(10, '0'), r.mac ?? '', r.originator ?? '', r.peer ?? ''].join('|');
  return k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0;
}

/** `... bgp neighbor X advertised-routes evpn`. */
export function renderAdvertisedEvpn(peer: BgpPeerInfo, rows: EvpnRouteRow[], o: BgpShowOptions = {}): string {
  const adv = rows.filter((r) => r.direction === 'advertised' && r.peer === peer.addr).sort(byKey);
  const common = (r: EvpnRouteRow) => ({ rd: r.rd, nh: r.nextHop, med: dash(r.med), lp: dash(r.localPref), path: pathText(r) });
  const tail = [{ key: 'nh', header: 'Next-Hop' }, { key: 'med', header: 'MED' }, { key: 'lp', header: 'LocPref' }, { key: 'path', header: 'Path' }];
  const spec: Record<1 | 2 | 3 | 4, { cols: Array<{ key: string; header: string }>; row: (r: EvpnRouteRow) => Row }> = {
    1: { cols: [{ key: 'rd', header: 'Route-distinguisher' }, { key: 'esi', header: 'ESI' }, { key: 'tag', header: 'Tag-ID' }, ...tail], row: (r) => ({ ...common(r), esi: r.esi ?? '', tag: r.tag ?? 0 }) },
    2: {
      cols: [{ key: 'rd', header: 'Route-distinguisher' }, { key: 'tag', header: 'Tag-ID' }, { key: 'mac', header: 'MAC-address' }, { key: 'ip', header: 'IP-address' }, ...tail],
      row: (r) => ({ ...common(r), tag: r.tag ?? 0, mac: upperMac(r.mac), ip: r.ip ?? '0.0.0.0' }),
    },
    3: { cols: [{ key: 'rd', header: 'Route-distinguisher' }, { key: 'tag', header: 'Tag-ID' }, { key: 'orig', header: 'Originator-IP' }, ...tail], row: (r) => ({ ...common(r), tag: r.tag ?? 0, orig: r.originator ?? '' }) },
    4: { cols: [{ key: 'rd', header: 'Route-distinguisher' }, { key: 'esi', header: 'ESI' }, { key: 'orig', header: 'Originating-IP' }, ...tail], row: (r) => ({ ...common(r), esi: r.esi ?? '', orig: r.originator ?? '' }) },
  };
  const lines: Array<string | null> = [
    RULE,
    `Peer        : ${peer.addr}, remote AS: ${peer.remoteAs}, local AS: ${peer.localAs ?? ''}`,
    'Type        : static',
    `Description : ${peer.description || 'None'}`,
    `Group       : ${peer.group ?? 'None'}`,
    RULE,
    'Origin codes: i=IGP, e=EGP, ?=incomplete',
    RULE,
    RULE,
  ];
  let first = true;
  for (const t of [1, 2, 3, 4] as const) {
    const rs = adv.filter((r) => r.routeType === t);
    if (rs.length === 0) continue;
    if (!first) lines.push(RULE);
    first = false;
    lines.push(`Type ${t} ${TYPE_TITLE[t]} Routes`, ...table(spec[t].cols, rs.map(spec[t].row), o, ['esi', 'tag', 'mac', 'lp']));
  }
  lines.push(RULE, RULE);
  for (const t of [1, 2, 3, 4] as const) lines.push(`${adv.filter((r) => r.routeType === t).length} advertised ${TYPE_TITLE[t]} routes`);
  lines.push('0 advertised IP Prefix routes', RULE);
  // SR Linux: no rule between the type 1 table and the next title (the document's outputs).
  return page(dropRuleAfterType1(lines), o);
}

/** SR Linux prints no rule between the type 1 table and the table after it. */
function dropRuleAfterType1(lines: Array<string | null>): Array<string | null> {
  const i = lines.findIndex((l) => typeof l === 'string' && l.startsWith('Type 1 '));
  if (i < 0) return lines;
  let j = i + 1;
  while (j < lines.length && typeof lines[j] === 'string' && (lines[j] as string).startsWith('+') || (typeof lines[j] === 'string' && (lines[j] as string).startsWith('|'))) j++;
  if (lines[j] === null && typeof lines[j + 1] === 'string' && (lines[j + 1] as string).startsWith('Type ')) return [...lines.slice(0, j), ...lines.slice(j + 1)];
  return lines;
}

const status = (r: EvpnRouteRow) => `${r.used ? 'u' : ''}${r.valid ? '*' : ''}${r.best ? '>' : ''}`;

/** `... bgp routes evpn route-type summary`: every imported EVPN path of the RIB. */
export function renderEvpnRouteSummary(rows: EvpnRouteRow[], bgp: { routerId: string; asn: number; localAs?: number }, o: BgpShowOptions & { routeType?: 1 | 2 | 3 | 4 } = {}): string {
  const ni = o.networkInstance ?? 'default';
  // `route-type N summary`: that type's table and count only.
  const types = o.routeType ? [o.routeType] : ([1, 2, 3, 4] as const);
  const rx = rows.filter((r) => r.direction === 'received').sort(byKey);
  const spec: Record<1 | 2 | 3 | 4, { cols: Array<{ key: string; header: string }>; row: (r: EvpnRouteRow) => Row }> = {
    1: {
      cols: [{ key: 'st', header: 'Status' }, { key: 'rd', header: 'Route-distinguisher' }, { key: 'esi', header: 'ESI' }, { key: 'tag', header: 'Tag-ID' },
        { key: 'nb', header: 'neighbor' }, { key: 'nh', header: 'Next-hop' }, { key: 'vni', header: 'VNI' }],
      row: (r) => ({ st: status(r), rd: r.rd, esi: r.esi ?? '', tag: r.tag ?? 0, nb: r.peer ?? '', nh: r.nextHop, vni: dash(r.vni) }),
    },
    2: {
      cols: [{ key: 'st', header: 'Status' }, { key: 'rd', header: 'Route-distinguisher' }, { key: 'tag', header: 'Tag-ID' }, { key: 'mac', header: 'MAC-address' },
        { key: 'ip', header: 'IP-address' }, { key: 'nb', header: 'neighbor' }, { key: 'nh', header: 'Next-Hop' }, { key: 'vni', header: 'VNI' }, { key: 'esi', header: 'ESI' },
        { key: 'mm', header: 'MAC Mobility' }],
      row: (r) => ({ st: status(r), rd: r.rd, tag: r.tag ?? 0, mac: upperMac(r.mac), ip: r.ip ?? '0.0.0.0', nb: r.peer ?? '', nh: r.nextHop, vni: dash(r.vni), esi: r.esi ?? '', mm: '-' }),
    },
    3: {
      cols: [{ key: 'st', header: 'Status' }, { key: 'rd', header: 'Route-distinguisher' }, { key: 'tag', header: 'Tag-ID' }, { key: 'orig', header: 'Originator-IP' },
        { key: 'nb', header: 'neighbor' }, { key: 'nh', header: 'Next-Hop' }],
      row: (r) => ({ st: status(r), rd: r.rd, tag: r.tag ?? 0, orig: r.originator ?? '', nb: r.peer ?? '', nh: r.nextHop }),
    },
    4: {
      cols: [{ key: 'st', header: 'Status' }, { key: 'rd', header: 'Route-distinguisher' }, { key: 'esi', header: 'ESI' }, { key: 'orig', header: 'originating-router' },
        { key: 'nb', header: 'neighbor' }, { key: 'nh', header: 'Next-Hop' }],
      row: (r) => ({ st: status(r), rd: r.rd, esi: r.esi ?? '', orig: r.originator ?? '', nb: r.peer ?? '', nh: r.nextHop }),
    },
  };
  const lines: Array<string | null> = [
    RULE,
    `Show report for the BGP route table of network-instance "${ni}"`,
    RULE,
    'Status codes: u=used, *=valid, >=best, x=stale',
    'Origin codes: i=IGP, e=EGP, ?=incomplete',
    RULE,
    `BGP Router ID: ${bgp.routerId}      AS: ${bgp.asn}      Local AS: ${bgp.localAs ?? bgp.asn}`,
    RULE,
    RULE,
  ];
  let first = true;
  for (const t of types) {
    const rs = rx.filter((r) => r.routeType === t);
    if (rs.length === 0) continue;
    if (!first) lines.push(RULE);
    first = false;
    lines.push(`Type ${t} ${TYPE_TITLE[t]} Routes`, ...table(spec[t].cols, rs.map(spec[t].row), o, ['st', 'esi', 'tag']));
  }
  lines.push(RULE);
  for (const t of types) {
    const rs = rx.filter((r) => r.routeType === t);
    lines.push(`${rs.length} ${TYPE_TITLE[t]} routes ${rs.filter((r) => r.used).length} used, ${rs.filter((r) => r.valid).length} valid`);
  }
  if (!o.routeType) lines.push('0 IP Prefix routes 0 used, 0 valid');
  lines.push(RULE);
  return page(dropRuleAfterType1(lines), o);
}

export interface BgpShowSource {
  peers(): BgpPeerInfo[];
  evpnRoutes(): EvpnRouteRow[];
  routerId: string;
  asn: number;
  now: number;
}

/**
 * The BGP shows by their words after `show` (`network-instance default protocols bgp ...`);
 * undefined when the words are not one of them. A neighbour that is not configured is SR Linux's error.
 */
export function showBgp(words: string[], src: BgpShowSource | undefined, o: BgpShowOptions = {}): string | undefined {
  const j = words.join(' ');
  const m = /^network-instance (\S+) protocols bgp (.*)$/.exec(j);
  if (!m) return undefined;
  const rest = m[2];
  const opts = { ...o, networkInstance: m[1] };
  if (m[1] !== 'default') throw new CliError(`Error: BGP is not configured in network-instance '${m[1]}'`);
  const peers = src?.peers() ?? [];
  const rows = src?.evpnRoutes() ?? [];
  if (rest === 'neighbor') return renderBgpNeighbors(peers, src?.now ?? 0, opts);
  const rt = /^routes evpn route-type (?:([1-4]) )?summary$/.exec(rest);
  if (rt) {
    const routeType = rt[1] === undefined ? undefined : (Number(rt[1]) as 1 | 2 | 3 | 4);
    // SR Linux prints the global AS as both (the document's leaf2: `AS: 102      Local AS: 102`).
    return renderEvpnRouteSummary(rows, { routerId: src?.routerId ?? '0.0.0.0', asn: src?.asn ?? 0 }, { ...opts, routeType });
  }
  const n = /^neighbor (\S+)(?: (advertised-routes evpn))?$/.exec(rest);
  if (n) {
    const p = peers.find((x) => x.addr === n[1] && x.vrf === '');
    if (!p) throw new CliError(`Error: neighbor '${n[1]}' does not exist in network-instance '${m[1]}'`);
    return n[2] ? renderAdvertisedEvpn(p, rows, opts) : renderBgpNeighbors([p], src?.now ?? 0, opts);
  }
  return undefined;
}

/** The BGP shows of a node's protocol host (its `bgp` module's rows); undefined when the words are not one. */
export function showBgpCommand(words: string[], host: ProtocolHost, o: BgpShowOptions = {}): string | undefined {
  if (!/^network-instance \S+ protocols bgp /.test(words.join(' '))) return undefined;
  const bgp = host.registry.has('bgp') ? host.instance<BgpProcess>('bgp') : undefined;
  const src: BgpShowSource | undefined = bgp
    ? {
      peers: () => host.show<BgpPeerInfo>('bgp', 'peers'), evpnRoutes: () => host.show<EvpnRouteRow>('bgp', 'evpnRoutes'),
      routerId: bgp.routerId, asn: bgp.localAs, now: host.node.sched.now,
    }
    : undefined;
  return showBgp(words, src, o);
}
