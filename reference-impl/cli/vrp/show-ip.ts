/**
 * `display ip routing-table [vpn-instance V]` and `display ip vpn-instance verbose`, rendered
 * from the live RIB and interface state in the seed's layout.
 *
 * Besides the RIB, VRP lists from interface state: each interface's subnet broadcast /32
 * (NextHop 127.0.0.1), and on InLoopBack0 127.0.0.0/8, 127.0.0.1/32, 127.255.255.255/32 in the
 * public table and 255.255.255.255/32 in every table. The seed's VPN tables show 127.0.0.0/8
 * once (PE1's first capture) and not in three others: this renders them without it.
 */
import { Prefix, cmpPrefix, fmtAddr, fmtPrefix, parsePrefix, prefixKey } from '../../net/addr';
import type { Node } from '../../net/node';
import type { Route } from '../../net/rib';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';
import type { VrpConfig } from './model';

/** One path of one route, as VRP lists it (the verbose display shows every field). */
export interface RouteEntry {
  prefix: Prefix;
  proto: string;
  pre: number;
  cost: number;
  flags: string;
  nextHop: string;
  iface: string;
  /** Virtual time the route was installed (undefined for interface-derived entries). */
  since?: number;
  /** MPLS label pushed, if any (outermost). */
  label?: number;
  /** The IGP next hop a recursive (BGP) next hop was resolved to, if any. */
  relayNextHop?: string;
  /** Route source (OSPF process, static, ...). */
  source?: string;
}
type Row = RouteEntry;

/** One printed line of the routing table (the destination only on the first path of a prefix). */
export interface RoutingTableRow {
  [k: string]: string | number;
  destination: string;
  proto: string;
  pre: number;
  cost: number;
  flags: string;
  nextHop: string;
  iface: string;
}

/**
 * VRP's routing-table columns: the destination right-aligned in 18 (its header left-aligned),
 * two blanks, then fields 6, 4 and 8 wide, Flags right-aligned in 4 (its header one wider keeps
 * one blank before NextHop), two blanks, NextHop 15 wide, Interface.
 */
export const ROUTING_TABLE_COLUMNS: Column<RoutingTableRow>[] = [
  { key: 'destination', header: 'Destination/Mask', width: 18, align: 'right', headerAlign: 'left' },
  { key: 'proto', header: 'Proto', width: 6, gap: 2 },
  { key: 'pre', header: 'Pre', width: 4 },
  { key: 'cost', header: 'Cost', width: 8 },
  { key: 'flags', header: 'Flags', width: 4, align: 'right', headerAlign: 'left' },
  { key: 'nextHop', header: 'NextHop', width: 15, gap: 2 },
  { key: 'iface', header: 'Interface' },
];

function protoOf(r: Route): string {
  switch (r.code) {
    case 'C':
    case 'LOC':
      return 'Direct';
    case 'O':
      // An AS-external route (RFC 2328 16.4), as VRP's routing table names it.
      return r.external ? 'O_ASE' : 'OSPF';
    case 'S':
      return 'Static';
    case 'B':
      return r.external ? 'EBGP' : 'IBGP';
    default:
      return r.code;
  }
}

/** Rows for one RIB route, one per path (ECMP). */
function routeRows(r: Route, cfg: VrpConfig, vrf: string): Row[] {
  const proto = protoOf(r);
  const direct = r.code === 'C' || r.code === 'LOC';
  return r.paths.map((p) => {
    let nh: string;
    if (r.code === 'LOC' || (r.code === 'C' && r.prefix.len === 32)) nh = '127.0.0.1';
    else if (r.code === 'C') nh = p.iface.v4 ? fmtAddr(p.iface.v4.addr) : '0.0.0.0';
    else nh = p.via ? fmtAddr(p.via) : p.nextHop ? fmtAddr(p.nextHop) : '0.0.0.0';
    // R (relay): resolved through another route: BGP routes over a BGP next hop, and static
    // routes given only a next hop (VRP iterates them, as the seed's `Static ... RD` shows).
    let relay = !!p.via;
    if (r.code === 'S') {
      const sc = cfg.statics.find((s) => s.vrf === vrf && s.prefix === fmtPrefix(r.prefix));
      relay = relay || !sc?.iface;
    }
    return {
      prefix: r.prefix,
      proto,
      pre: r.distance,
      cost: direct ? 0 : r.metric,
      flags: relay ? 'RD' : 'D',
      nextHop: nh,
      iface: p.iface.name,
      since: r.since,
      label: p.labels?.[0],
      relayNextHop: p.via && p.nextHop ? fmtAddr(p.nextHop) : undefined,
      source: r.source,
    };
  });
}

const v4 = (s: string): Prefix => parsePrefix(s)!;

/** Every route of the VRF's IPv4 table as VRP lists it, interface-derived entries included. */
export function routeEntries(node: Node, cfg: VrpConfig, vrf: string): Row[] {
  const rows: Row[] = [];
  const have = new Set<string>();
  for (const r of node.vrf(vrf).rib[4].routes()) {
    have.add(prefixKey(r.prefix));
    rows.push(...routeRows(r, cfg, vrf));
  }
  const extra = (p: Prefix, iface: string) => {
    if (have.has(prefixKey(p))) return;
    have.add(prefixKey(p));
    rows.push({ prefix: p, proto: 'Direct', pre: 0, cost: 0, flags: 'D', nextHop: '127.0.0.1', iface });
  };
  for (const i of node.sortedIfaces()) {
    if (i.vrf !== vrf || !i.up || !i.v4 || i.v4.len > 30) continue;
    const host = (1n << BigInt(32 - i.v4.len)) - 1n;
    extra({ afi: 4, net: i.v4.addr.v | host, len: 32 }, i.name);
  }
  if (vrf === '') {
    extra(v4('127.0.0.0/8'), 'InLoopBack0');
    extra(v4('127.0.0.1/32'), 'InLoopBack0');
    extra(v4('127.255.255.255/32'), 'InLoopBack0');
  }
  extra(v4('255.255.255.255/32'), 'InLoopBack0');
  // Stable: the paths of one prefix keep their RIB order.
  rows.sort((a, b) => cmpPrefix(a.prefix, b.prefix));
  return rows;
}

/** The printed rows: the destination on the first path of each prefix only. */
export function routingTableRows(node: Node, cfg: VrpConfig, vrf: string): RoutingTableRow[] {
  let last = '';
  return routeEntries(node, cfg, vrf).map((r) => {
    const k = prefixKey(r.prefix);
    const destination = k === last ? '' : fmtPrefix(r.prefix);
    last = k;
    return { destination, proto: r.proto, pre: r.pre, cost: r.cost, flags: r.flags, nextHop: r.nextHop, iface: r.iface };
  });
}

export function displayRoutingTable(node: Node, cfg: VrpConfig, vrf: string): string {
  const rows = routingTableRows(node, cfg, vrf);
  const dests = rows.filter((r) => r.destination !== '').length;
  const [header, ...body] = renderFixedLines({ columns: ROUTING_TABLE_COLUMNS, rows });
  const out = [
    'Route Flags: R - relay, D - download to fib, T - to vpn-instance, B - black hole route',
    '-'.repeat(78),
    `Routing Table: ${vrf === '' ? '_public_' : vrf}`,
    `         Destinations : ${String(dests).padEnd(8)} Routes : ${rows.length}`,
    '',
    header,
    '',
    ...body,
  ];
  return out.join('\n') + '\n';
}

/** Virtual time 0 is this date (the seed's capture day), for VRP's `Create date`. */
export const EPOCH_MS = Date.UTC(2008, 8, 21, 0, 0, 0);

function fmtDate(us: number): string {
  const d = new Date(EPOCH_MS + Math.floor(us / 1000));
  const z = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${z(d.getUTCMonth() + 1)}/${z(d.getUTCDate())} ${z(d.getUTCHours())}:${z(d.getUTCMinutes())}:${z(d.getUTCSeconds())}`;
}

/** "0 days, 02 hours, 35 minutes and 58 seconds" */
export function fmtUpTime(us: number): string {
  let s = Math.max(0, Math.floor(us / 1_000_000));
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const z = (n: number) => String(n).padStart(2, '0');
  return `${days} days, ${z(Math.floor(s / 3600))} hours, ${z(Math.floor((s % 3600) / 60))} minutes and ${z(s % 60)} seconds`;
}

export function displayVpnInstanceVerbose(node: Node, cfg: VrpConfig, only?: string): string {
  const vpns = [...cfg.vpns.values()];
  const out = [
    ` Total VPN-Instances configured : ${vpns.length}`,
    ` Total IPv4 VPN-Instances configured : ${vpns.filter((v) => v.af4).length}`,
    ' Total IPv6 VPN-Instances configured : 0',
  ];
  vpns.forEach((v, idx) => {
    if (only !== undefined && v.name !== only) return;
    const ifs = node.sortedIfaces().filter((i) => i.vrf === v.name);
    out.push(` VPN-Instance Name and ID : ${v.name}, ${idx + 1}`);
    if (ifs.length) out.push(`  Interfaces : ${ifs.map((i) => i.name).join(', ')}`);
    if (!v.af4) return;
    const vrf = node.vrfs.get(v.name);
    const created = vrf?.created ?? node.sched.now;
    out.push(
      ' Address family ipv4',
      `  Create date : ${fmtDate(created)}`,
      `  Up time : ${fmtUpTime(node.sched.now - created)}`,
      `  Vrf Status : ${ifs.some((i) => i.up) ? 'UP' : 'DOWN'}`,
    );
    if (v.rd) out.push(`  Route Distinguisher : ${v.rd}`);
    if (v.exportRt.length) out.push(`  Export VPN Targets :  ${v.exportRt.join(' ')}`);
    if (v.importRt.length) out.push(`  Import VPN Targets :  ${v.importRt.join(' ')}`);
    out.push(
      `  Label policy : ${v.labelPerInstance ? 'label per instance' : 'label per route'}`,
      '  The diffserv-mode Information is : uniform',
      '  The ttl-mode Information is : pipe',
    );
  });
  return out.join('\n') + '\n\n';
}

