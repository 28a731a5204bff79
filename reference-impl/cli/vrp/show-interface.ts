/**
 * `display interface brief` and `display interface X` from live interface state.
 *
 * Brief: VRP's legend, then Interface, PHY, Protocol, InUti/OutUti (see `utilisation`),
 * inErrors/outErrors (output errors are the port's drops). Detail: state, line protocol,
 * description, MTU, address, VPN binding, MAC, VLAN, and the packet and byte counters.
 */
import { fmtAddr } from '../../net/addr';
import type { Iface } from '../../net/iface';
import { type Node, compareNames } from '../../net/node';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';
import { vrpMac } from './show-arp';

const LEGEND = [
  'PHY: Physical',
  '*down: administratively down',
  '^down: standby',
  '(l): loopback',
  '(s): spoofing',
  '(b): BFD down',
  '(e): ETHOAM down',
  '(d): Dampening Suppressed',
  'InUti/OutUti: input utility/output utility',
];

export interface InterfaceBriefRow {
  [k: string]: string | number;
  iface: string;
  phy: 'up' | 'down' | '*down';
  protocol: 'up' | 'up(s)' | 'down';
  inUti: string;
  outUti: string;
  inErrors: number;
  outErrors: number;
}

export const INTERFACE_BRIEF_COLUMNS: Column<InterfaceBriefRow>[] = [
  { key: 'iface', header: 'Interface', width: 26 },
  { key: 'phy', header: 'PHY', width: 8 },
  { key: 'protocol', header: 'Protocol', width: 8 },
  { key: 'inUti', header: 'InUti', width: 6, align: 'right' },
  { key: 'outUti', header: 'OutUti', width: 6, align: 'right' },
  { key: 'inErrors', header: 'inErrors', width: 10, align: 'right' },
  { key: 'outErrors', header: 'outErrors', width: 10, align: 'right' },
];

/** Port speed the utilisation is taken against (the emulated ports are GE). */
const PORT_BPS = 1e9;

/**
 * Utilisation as VRP prints it (`0%`, `0.01%` for any traffic below that, `0.35%`, `15%`). The
 * emulator keeps counters, not a 300-second rate history: this is the average since the node
 * started (recorded in the report as a difference from VRP).
 */
export function utilisation(bytes: number, elapsedUs: number): string {
  if (bytes === 0 || elapsedUs <= 0) return '0%';
  const pct = Math.min(100, ((bytes * 8) / ((elapsedUs / 1e6) * PORT_BPS)) * 100);
  if (pct < 0.01) return '0.01%';
  if (pct < 1) return `${pct.toFixed(2)}%`;
  return `${Math.round(pct)}%`;
}

function phyOf(i: Iface): InterfaceBriefRow['phy'] {
  return !i.adminUp ? '*down' : i.up ? 'up' : 'down';
}

function protocolOf(i: Iface): InterfaceBriefRow['protocol'] {
  if (i.kind === 'loopback') return i.adminUp ? 'up(s)' : 'down';
  return i.up && i.v4 ? 'up' : 'down';
}

export function interfaceBriefRows(node: Node): InterfaceBriefRow[] {
  const rows: InterfaceBriefRow[] = [...node.ifaces.values()].map((i) => ({
    iface: i.name,
    phy: phyOf(i),
    protocol: protocolOf(i),
    inUti: i.kind === 'loopback' ? '0%' : utilisation(i.rxBytes, node.sched.now),
    outUti: i.kind === 'loopback' ? '0%' : utilisation(i.txBytes, node.sched.now),
    inErrors: 0,
    outErrors: i.drops,
  }));
  if (!node.ifaces.has('NULL0')) rows.push({ iface: 'NULL0', phy: 'up', protocol: 'up(s)', inUti: '0%', outUti: '0%', inErrors: 0, outErrors: 0 });
  return rows.sort((a, b) => compareNames(a.iface, b.iface));
}

export function displayInterfaceBrief(node: Node): string {
  return [...LEGEND, ...renderFixedLines({ columns: INTERFACE_BRIEF_COLUMNS, rows: interfaceBriefRows(node) })].join('\n') + '\n';
}

/** `display interface X`; undefined when the node has no such interface (the caller's error). */
export function displayInterface(node: Node, name: string): string | undefined {
  const i = node.ifaces.get(name);
  if (!i) return undefined;
  const state = !i.adminUp ? 'Administratively DOWN' : i.up ? 'UP' : 'DOWN';
  const proto = protocolOf(i) === 'down' ? 'DOWN' : i.kind === 'loopback' ? 'UP (spoofing)' : 'UP';
  const out = [
    `${i.name} current state : ${state}`,
    `Line protocol current state : ${proto}`,
    `Description: ${i.description}`,
    'Route Port,The Maximum Transmit Unit is 1500',
    i.v4 ? `Internet Address is ${fmtAddr(i.v4.addr)}/${i.v4.len}` : 'Internet protocol processing : disabled',
  ];
  if (i.vrf) out.push(`Binding VPN-Instance: ${i.vrf}`);
  if (i.kind !== 'loopback') {
    out.push(`IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is ${vrpMac(i.mac)}`);
    if (i.vlan !== undefined) out.push(`Encapsulation dot1q Virtual LAN, The number of VLAN is 1, VLAN ID ${i.vlan}`);
  }
  out.push(
    'Statistics last cleared:never',
    `    Input: ${i.rxBytes} bytes, ${i.rxPackets} packets`,
    `    Output: ${i.txBytes} bytes, ${i.txPackets} packets`,
    `    Output discards: ${i.drops} packets`,
  );
  return out.join('\n') + '\n';
}
