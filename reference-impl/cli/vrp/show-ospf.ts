/**
 * VRP `display ospf peer brief`: the neighbours of the OSPF process from live protocol state.
 * Columns start at offsets 1 (Area Id), 18 (Interface), 51 (Neighbor id) and 68 (State).
 */
import type { OspfProcess } from '../../protocols/ospf/process';

const RULE = ' ' + '-'.repeat(76);

/** One row: each cell padded to the next column (a long cell keeps one space before the next). */
function row(cells: string[], widths: number[]): string {
  let s = ' ';
  cells.forEach((c, k) => {
    s += k + 1 < cells.length ? (c.length < widths[k] ? c.padEnd(widths[k]) : c + ' ') : c;
  });
  return s;
}

const WIDTHS = [17, 33, 17];

export function displayOspfPeerBrief(p: OspfProcess | undefined): string {
  // Without an OSPF process VRP prints nothing.
  if (!p) return '';
  const peers = p.neighbors();
  const out = [
    '',
    `          OSPF Process ${p.cfg.processId} with Router ID ${p.routerId}`,
    '                  Peer Statistic Information',
    RULE,
    row(['Area Id', 'Interface', 'Neighbor id', 'State'], WIDTHS),
    ...peers.map((n) => row([n.area, n.iface, n.routerId, n.state], WIDTHS)),
    RULE,
    ` Total Peer(s): ${String(peers.length).padStart(5)}`,
  ];
  return out.join('\n') + '\n';
}
