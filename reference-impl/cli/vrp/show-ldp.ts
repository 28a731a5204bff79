/**
 * VRP `display mpls ldp session`: the LDP sessions of the public network, from the live
 * LdpProcess state. Columns (offsets 1, 20, 32, 37, 46) as VRP prints them; KA-Sent/Rcv is
 * right-aligned in a 10-character field after SsnAge (the document's rows end at column 66).
 */
import type { LdpProcess } from '../../protocols/ldp/process';

const RULE = ' ' + '-'.repeat(78);

/** Session age as VRP prints it: DDDD:HH:MM. */
export function ldpSsnAge(us: number): string {
  const min = Math.max(0, Math.floor(us / 60_000_000));
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return `${String(d).padStart(4, '0')}:${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function displayMplsLdpSession(p: LdpProcess | undefined, now: number): string {
  // Without `mpls ldp` (or without `mpls` / an LSR ID) VRP has no LDP instance to show.
  if (!p || !p.enabled) return 'Info: LDP is not enabled.\n';
  const rows = p.sessions();
  const out: string[] = [
    '',
    '               LDP Session(s) in Public Network',
    ' Codes: LAM(Label Advertisement Mode), SsnAge Unit(DDDD:HH:MM)',
    ' An asterisk (*) before a session means the session is being deleted.',
    '',
    RULE,
    ' Peer-ID            Status      LAM  SsnRole  SsnAge      KA-Sent/Rcv',
    RULE,
  ];
  for (const s of rows) {
    const age = s.upSince !== undefined && s.state === 'Operational' ? ldpSsnAge(now - s.upSince) : '0000:00:00';
    const ka = `${s.kaSent}/${s.kaRcvd}`;
    const kaCol = ka.length >= 10 ? ' ' + ka : ka.padStart(10);
    out.push(' ' + s.peerId.padEnd(19) + s.state.padEnd(12) + s.lam.padEnd(5) + s.role.padEnd(9) + age + kaCol);
  }
  out.push(RULE, ` TOTAL: ${rows.length} session(s) Found.`);
  return out.join('\n') + '\n';
}
