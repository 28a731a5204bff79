/**
 * VRP `display mpls ldp session`: the LDP sessions of the public network, from the live
 * LdpProcess state, as typed rows in VRP's fixed columns (offsets 1, 20, 32, 37, 46, 58);
 * KA-Sent/Rcv is right-aligned in an 8-character field two blanks after SsnAge (the document's
 * rows end at column 66), a longer count taking the blank before it.
 */
import type { LdpProcess } from '../../protocols/ldp/process';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';

const RULE = ' ' + '-'.repeat(78);

/** Session age as VRP prints it: DDDD:HH:MM. */
export function ldpSsnAge(us: number): string {
  const min = Math.max(0, Math.floor(us / 60_000_000));
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return `${String(d).padStart(4, '0')}:${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export interface LdpSessionRow {
  [k: string]: string | number;
  peerId: string;
  status: string;
  lam: string;
  role: string;
  /** DDDD:HH:MM */
  age: string;
  kaSent: number;
  kaRcvd: number;
}

export const LDP_SESSION_COLUMNS: Column<LdpSessionRow>[] = [
  { key: 'peerId', header: 'Peer-ID', width: 18 },
  { key: 'status', header: 'Status', width: 11 },
  { key: 'lam', header: 'LAM', width: 4 },
  { key: 'role', header: 'SsnRole', width: 8 },
  { key: 'age', header: 'SsnAge', width: 10 },
  { key: 'kaSent', header: 'KA-Sent/Rcv', width: 8, gap: 2, align: 'right', headerAlign: 'left', format: (_v, r) => `${r.kaSent}/${r.kaRcvd}` },
];

export function ldpSessionRows(p: LdpProcess, now: number): LdpSessionRow[] {
  return p.sessions().map((s) => ({
    peerId: s.peerId,
    status: s.state,
    lam: s.lam,
    role: s.role,
    age: s.upSince !== undefined && s.state === 'Operational' ? ldpSsnAge(now - s.upSince) : '0000:00:00',
    kaSent: s.kaSent,
    kaRcvd: s.kaRcvd,
  }));
}

export function displayMplsLdpSession(p: LdpProcess | undefined, now: number): string {
  // Without `mpls ldp` (or without `mpls` / an LSR ID) VRP has no LDP instance to show.
  if (!p || !p.enabled) return 'Info: LDP is not enabled.\n';
  const rows = ldpSessionRows(p, now);
  const [header, ...body] = renderFixedLines({ columns: LDP_SESSION_COLUMNS, rows }, { indent: 1 });
  const out: string[] = [
    '',
    '               LDP Session(s) in Public Network',
    ' Codes: LAM(Label Advertisement Mode), SsnAge Unit(DDDD:HH:MM)',
    ' An asterisk (*) before a session means the session is being deleted.',
    '',
    RULE,
    header,
    RULE,
    ...body,
    RULE,
    ` TOTAL: ${rows.length} session(s) Found.`,
  ];
  return out.join('\n') + '\n';
}
