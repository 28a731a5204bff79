/**
 * `display ip interface brief`, rendered from live interface state in the NE40E/NE8000 V8
 * layout (with the VPN column).
 *
 * Layout sources (public captures, not the seed, which never runs this command):
 * - an NE8000 (V8) capture: legend `*down ... (D): DF backup down`, the four "The number of
 *   interface that is ..." lines, then no blank line and the header
 *   `Interface                         IP Address/Mask      Physical   Protocol VPN`, columns
 *   34/21/11/9 wide, VPN `--` or the instance name, `*down` for shutdown ports, `up(s)` on
 *   loopbacks (with or without an address), rows in name order (Eth-Trunk, GigabitEthernet,
 *   LoopBack, Virtual-...), subinterfaces in numeric order;
 * - Huawei's command reference for `display ip interface brief` (CloudEngine V300R023C00):
 *   "VPN: --: No VPN is configured", Protocol "Down: ... or the interface is not assigned an
 *   IP address", NULL0 listed (`NULL0  unassigned  up  up(s)  --`) and counted;
 * - AR/older VRP captures (no VPN column) list NULL0 too, counted, after the other interfaces
 *   in name order (Dialer1, GigabitEthernet..., NULL0). VRP creates NULL0 itself and it cannot
 *   be deleted, so it is rendered here as a fixed row.
 */
import { fmtAddr } from '../../net/addr';
import type { Iface } from '../../net/iface';
import { type Node, compareNames } from '../../net/node';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';

/** The NE8000 V8 legend, printed whatever the interfaces' states. */
const LEGEND = [
  '*down: administratively down',
  '!down: FIB overload down',
  '^down: standby',
  '(l): loopback',
  '(s): spoofing',
  '(d): Dampening Suppressed',
  '(E): E-Trunk down',
];

export interface BriefRow {
  [k: string]: string;
  iface: string;
  /** "A.B.C.D/len" or "unassigned". */
  address: string;
  /** up, down (no carrier or parent down), *down (shutdown). */
  physical: 'up' | 'down' | '*down';
  /** up, up(s) (loopback, NULL0: spoofing), down. */
  protocol: 'up' | 'up(s)' | 'down';
  /** The vpn-instance name, or "--" in the public network. */
  vpn: string;
}

/** One row from an interface's live state. */
export function briefRow(i: Iface): BriefRow {
  const physical = !i.adminUp ? '*down' : i.up ? 'up' : 'down';
  // Loopbacks are spoofing: protocol always up while not shut down, address or not (the
  // NE8000 capture's `LoopBack1  unassigned  up  up(s)`). Other interfaces: up when the
  // interface is up and has an IPv4 address (the command reference's Protocol field).
  const protocol = i.kind === 'loopback' ? (i.adminUp ? 'up(s)' : 'down') : i.up && i.v4 ? 'up' : 'down';
  return {
    iface: i.name,
    address: i.v4 ? `${fmtAddr(i.v4.addr)}/${i.v4.len}` : 'unassigned',
    physical,
    protocol,
    vpn: i.vrf === '' ? '--' : i.vrf,
  };
}

const NULL0: BriefRow = { iface: 'NULL0', address: 'unassigned', physical: 'up', protocol: 'up(s)', vpn: '--' };

/** Every row, NULL0 included, in VRP's order (interface name, numbers compared as numbers). */
export function briefRows(node: Node): BriefRow[] {
  const rows = [...node.ifaces.values()].map(briefRow);
  if (!node.ifaces.has('NULL0')) rows.push(NULL0);
  return rows.sort((a, b) => compareNames(a.iface, b.iface));
}

/** NE8000 V8 columns: fields 33, 20, 10 and 8 wide, one blank between, then the VPN. */
export const IP_INTERFACE_BRIEF_COLUMNS: Column<BriefRow>[] = [
  { key: 'iface', header: 'Interface', width: 33 },
  { key: 'address', header: 'IP Address/Mask', width: 20 },
  { key: 'physical', header: 'Physical', width: 10 },
  { key: 'protocol', header: 'Protocol', width: 8 },
  { key: 'vpn', header: 'VPN' },
];

export function displayIpInterfaceBrief(node: Node): string {
  const rows = briefRows(node);
  const upPhy = rows.filter((r) => r.physical === 'up').length;
  const upProto = rows.filter((r) => r.protocol !== 'down').length;
  const out = [
    ...LEGEND,
    `The number of interface that is UP in Physical is ${upPhy}`,
    `The number of interface that is DOWN in Physical is ${rows.length - upPhy}`,
    `The number of interface that is UP in Protocol is ${upProto}`,
    `The number of interface that is DOWN in Protocol is ${rows.length - upProto}`,
    ...renderFixedLines({ columns: IP_INTERFACE_BRIEF_COLUMNS, rows }),
  ];
  return out.join('\n') + '\n';
}
