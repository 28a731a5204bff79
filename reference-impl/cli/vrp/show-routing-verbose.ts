/**
 * `display ip routing-table [vpn-instance V] verbose`: every path of every route as a block of
 * label/value pairs, VRP V8 layout: labels right-aligned ending at column 13 and 44, `: value`.
 * The fields the emulator has no state for are VRP's values for an ordinary route (Tag 0,
 * QoSInfo 0x0, TunnelID 0x0, Priority medium).
 */
import { fmtPrefix } from '../../net/addr';
import type { Node } from '../../net/node';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';
import type { VrpConfig } from './model';
import { type RouteEntry, routeEntries } from './show-ip';

interface Pair {
  [k: string]: string | undefined;
  l1: string;
  v1: string;
  l2?: string;
  v2?: string;
}

const colon = (v: unknown) => (v === undefined ? '' : `: ${String(v)}`);

/** Label 13 wide right-aligned, `: value` to column 32, second label right-aligned to 44. */
export const VERBOSE_COLUMNS: Column<Pair>[] = [
  { key: 'l1', header: '', width: 13, align: 'right' },
  { key: 'v1', header: '', width: 19, gap: 0, minGap: 0, format: colon },
  { key: 'l2', header: '', width: 12, gap: 0, minGap: 1, align: 'right' },
  { key: 'v2', header: '', gap: 0, minGap: 0, format: colon },
];

/** VRP's route age: 00h05m12s, or 3d04h05m past a day. */
export function fmtAge(us: number): string {
  let s = Math.max(0, Math.floor(us / 1_000_000));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const z = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d${z(h)}h${z(m)}m`;
  return `${z(h)}h${z(m)}m${z(s % 60)}s`;
}

/** The OSPF process id of a route installed by `ospf N`, else 0. */
function processId(e: RouteEntry): number {
  const m = /(\d+)$/.exec(e.source ?? '');
  return e.proto === 'OSPF' && m ? Number(m[1]) : 0;
}

export function verbosePairs(e: RouteEntry, now: number): Pair[] {
  const direct = e.proto === 'Direct';
  return [
    { l1: 'Protocol', v1: e.proto, l2: 'Process ID', v2: String(processId(e)) },
    { l1: 'Preference', v1: String(e.pre), l2: 'Cost', v2: String(e.cost) },
    { l1: 'NextHop', v1: e.nextHop, l2: 'Neighbour', v2: direct ? '0.0.0.0' : e.nextHop },
    { l1: 'State', v1: 'Active Adv', l2: 'Age', v2: fmtAge(e.since === undefined ? 0 : now - e.since) },
    { l1: 'Tag', v1: '0', l2: 'Priority', v2: direct ? 'high' : 'medium' },
    { l1: 'Label', v1: e.label === undefined ? 'NULL' : String(e.label), l2: 'QoSInfo', v2: '0x0' },
    { l1: 'IndirectID', v1: e.relayNextHop ? '0x1' : '0x0', l2: 'Instance', v2: '' },
    { l1: 'RelayNextHop', v1: e.relayNextHop ?? '0.0.0.0', l2: 'Interface', v2: e.iface },
    { l1: 'TunnelID', v1: '0x0', l2: 'Flags', v2: ` ${e.flags}` },
  ];
}

export function displayRoutingTableVerbose(node: Node, cfg: VrpConfig, vrf: string): string {
  const entries = routeEntries(node, cfg, vrf);
  const dests = new Set(entries.map((e) => fmtPrefix(e.prefix))).size;
  const out = [
    'Route Flags: R - relay, D - download to fib, T - to vpn-instance, B - black hole route',
    '-'.repeat(78),
    `Routing Table : ${vrf === '' ? '_public_' : vrf}`,
    `         Destinations : ${String(dests).padEnd(8)} Routes : ${entries.length}`,
    '',
  ];
  for (const e of entries) {
    out.push(`Destination: ${fmtPrefix(e.prefix)}`);
    out.push(...renderFixedLines({ columns: VERBOSE_COLUMNS, rows: verbosePairs(e, node.sched.now) }, { header: false }));
    out.push('');
  }
  return out.join('\n') + '\n';
}
