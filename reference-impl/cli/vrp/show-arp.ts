/**
 * `display arp all`: the node's ARP table from live state, in VRP's layout (Huawei command
 * reference, `display arp all`): one `I -` entry per interface address (the interface's own
 * MAC), a `D-0` entry per resolved neighbour with its remaining lifetime in minutes, the VPN
 * instance of the interface, then the totals line.
 */
import { fmtAddr } from '../../net/addr';
import type { Node } from '../../net/node';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';

export interface ArpRow {
  [k: string]: string | number | undefined;
  ip: string;
  mac: string;
  /** Minutes left; undefined for interface entries. */
  expire?: number;
  type: 'I -' | 'D-0';
  iface: string;
  vpn: string;
}

/** Fields 15, 15, 9, 11 and 11 wide, one blank between, as in the command reference. */
export const ARP_COLUMNS: Column<ArpRow>[] = [
  { key: 'ip', header: 'IP ADDRESS', width: 15 },
  { key: 'mac', header: 'MAC ADDRESS', width: 15 },
  { key: 'expire', header: 'EXPIRE(M)', width: 9 },
  { key: 'type', header: 'TYPE', width: 11 },
  { key: 'iface', header: 'INTERFACE', width: 11 },
  { key: 'vpn', header: 'VPN-INSTANCE' },
];

/** VRP's MAC form: 00e0-fc12-3456. */
export function vrpMac(mac: Buffer): string {
  const h = mac.toString('hex');
  return `${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}`;
}

export function arpRows(node: Node): ArpRow[] {
  const rows: ArpRow[] = [];
  for (const i of node.sortedIfaces()) {
    if (i.kind === 'loopback' || !i.v4) continue;
    rows.push({ ip: fmtAddr(i.v4.addr), mac: vrpMac(i.mac), type: 'I -', iface: i.name, vpn: i.vrf });
    for (const e of node.neighbors.entriesOf(i, 4)) {
      rows.push({ ip: fmtAddr(e.addr), mac: vrpMac(e.mac), expire: Math.max(0, Math.floor((e.expires - node.sched.now) / 60_000_000)), type: 'D-0', iface: i.name, vpn: i.vrf });
    }
  }
  return rows;
}

const RULE = '-'.repeat(78);

export function displayArpAll(node: Node): string {
  const rows = arpRows(node);
  const [header, ...body] = renderFixedLines({ columns: ARP_COLUMNS, rows });
  const dyn = rows.filter((r) => r.type === 'D-0').length;
  const totals = renderFixedLines(
    {
      columns: [
        { key: 'a', header: '', width: 15 },
        { key: 'b', header: '', width: 15 },
        { key: 'c', header: '', width: 12 },
        { key: 'd', header: '' },
      ],
      rows: [{ a: `Total:${rows.length}`, b: `Dynamic:${dyn}`, c: 'Static:0', d: `Interface:${rows.length - dyn}` }],
    },
    { header: false },
  );
  return [header, ' '.repeat(42) + 'VLAN/CEVLAN(SIP/DIP)', RULE, ...body, RULE, ...totals].join('\n') + '\n';
}
