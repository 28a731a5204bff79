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
import type { VrpConfig } from './model';

interface Row {
  prefix: Prefix;
  proto: string;
  pre: number;
  cost: number;
  flags: string;
  nextHop: string;
  iface: string;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - s.length));

function protoOf(r: Route): string {
  switch (r.code) {
    case 'C':
    case 'LOC':
      return 'Direct';
    case 'O':
      return 'OSPF';
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
    return { prefix: r.prefix, proto, pre: r.distance, cost: direct ? 0 : r.metric, flags: relay ? 'RD' : 'D', nextHop: nh, iface: p.iface.name };
  });
}

const v4 = (s: string): Prefix => parsePrefix(s)!;

export function displayRoutingTable(node: Node, cfg: VrpConfig, vrf: string): string {
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
  const dests = new Set(rows.map((r) => prefixKey(r.prefix))).size;
  const out = [
    'Route Flags: R - relay, D - download to fib, T - to vpn-instance, B - black hole route',
    '-'.repeat(78),
    `Routing Table: ${vrf === '' ? '_public_' : vrf}`,
    `         Destinations : ${pad(String(dests), 9)}Routes : ${rows.length}`,
    '',
    'Destination/Mask    Proto  Pre  Cost     Flags NextHop         Interface',
    '',
  ];
  let last = '';
  for (const r of rows) {
    const k = prefixKey(r.prefix);
    const dest = k === last ? '' : fmtPrefix(r.prefix);
    last = k;
    out.push(dest.padStart(18) + '  ' + pad(r.proto, 7) + pad(String(r.pre), 5) + pad(String(r.cost), 9) + r.flags.padStart(4) + '  ' + pad(r.nextHop, 16) + r.iface);
  }
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

