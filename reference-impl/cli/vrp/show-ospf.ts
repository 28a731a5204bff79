/**
 * VRP `display ospf peer brief`: the neighbours of the OSPF process from live protocol state, as
 * typed rows rendered in VRP's fixed columns (Area Id 16 wide, Interface 32, Neighbor id 16,
 * one blank between; a longer cell keeps one blank before the next column).
 */
import type { OspfProcess } from '../../protocols/ospf/process';
import { renderFixedLines } from '../../show/fixed';
import type { Column, TableModel } from '../../show/model';

const RULE = ' ' + '-'.repeat(76);

export interface OspfPeerBriefRow {
  [k: string]: string;
  area: string;
  iface: string;
  neighborId: string;
  state: string;
}

export const OSPF_PEER_BRIEF_COLUMNS: Column<OspfPeerBriefRow>[] = [
  { key: 'area', header: 'Area Id', width: 16 },
  { key: 'iface', header: 'Interface', width: 32 },
  { key: 'neighborId', header: 'Neighbor id', width: 16 },
  { key: 'state', header: 'State' },
];

/** The process's neighbours as rows. */
export function ospfPeerBriefRows(p: OspfProcess): OspfPeerBriefRow[] {
  return p.neighbors().map((n) => ({ area: n.area, iface: n.iface, neighborId: n.routerId, state: n.state }));
}

export function displayOspfPeerBrief(p: OspfProcess | undefined): string {
  // Without an OSPF process VRP prints nothing.
  if (!p) return '';
  const rows = ospfPeerBriefRows(p);
  const table: TableModel<OspfPeerBriefRow> = { columns: OSPF_PEER_BRIEF_COLUMNS, rows };
  const out = [
    '',
    `          OSPF Process ${p.cfg.processId} with Router ID ${p.routerId}`,
    '                  Peer Statistic Information',
    RULE,
    ...renderFixedLines(table, { indent: 1 }),
    RULE,
    ` Total Peer(s): ${String(rows.length).padStart(5)}`,
  ];
  return out.join('\n') + '\n';
}

/** Every OSPF process in turn, in process-id order, as VRP prints `display ospf peer brief`. */
export function displayOspfPeerBriefAll(procs: Iterable<OspfProcess>): string {
  return [...procs]
    .sort((a, b) => a.cfg.processId - b.cfg.processId)
    .map((p) => displayOspfPeerBrief(p))
    .join('');
}
