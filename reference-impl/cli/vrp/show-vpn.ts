/**
 * `display ip vpn-instance`: the brief table of VPN instances from the node's VRFs (name, RD,
 * address family), after the same totals lines as the verbose display.
 */
import type { Node } from '../../net/node';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';

export interface VpnInstanceRow {
  [k: string]: string;
  name: string;
  rd: string;
  family: string;
}

export const VPN_INSTANCE_COLUMNS: Column<VpnInstanceRow>[] = [
  { key: 'name', header: 'VPN-Instance Name', width: 31 },
  { key: 'rd', header: 'RD', width: 21 },
  { key: 'family', header: 'Address-family' },
];

/** Every VPN instance on the node (the public network is not one), by name. */
export function vpnInstanceRows(node: Node): VpnInstanceRow[] {
  return [...node.vrfs.values()]
    .filter((v) => v.name !== '')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((v) => ({ name: v.name, rd: v.rd ?? '', family: v.rd ? 'IPv4' : '' }));
}

export function displayIpVpnInstance(node: Node): string {
  const rows = vpnInstanceRows(node);
  return (
    [
      ` Total VPN-Instances configured : ${rows.length}`,
      ` Total IPv4 VPN-Instances configured : ${rows.filter((r) => r.family === 'IPv4').length}`,
      ' Total IPv6 VPN-Instances configured : 0',
      '',
      ...renderFixedLines({ columns: VPN_INSTANCE_COLUMNS, rows }, { indent: 2 }),
    ].join('\n') + '\n'
  );
}
