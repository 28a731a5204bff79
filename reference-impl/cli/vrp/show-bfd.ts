/**
 * VRP `display bfd session all [verbose]`, rendered from the live BFD sessions.
 * Layout follows the Huawei document (seed 003, steps 7 and 9); where the document contradicts
 * itself the live, RFC-correct value is printed (see the report / suites ERRATA.md).
 */
import type { BfdEngine, BfdSessionInfo } from '../../protocols/bfd/engine';
import { DIAG_TEXT } from '../../protocols/bfd/packet';

const RULE80 = '-'.repeat(80);
const RULE78 = '-'.repeat(78);
const HEAD = ['(w): State in WTR ', '(*): State is invalid'];

/** Fields without live meaning in the emulator, rendered as constants (documented in the report). */
const FSM_BOARD_ID = '3';
const TOS_EXP = '6';

/** "  Label<pad to 23>: value" */
function kv(label: string, value: string): string {
  return `  ${label.padEnd(23)}: ${value}`;
}

/** Two columns: the second label starts at column 44. */
function kv2(l1: string, v1: string, l2: string, v2: string): string {
  const left = kv(l1, v1);
  return `${left.padEnd(Math.max(44, left.length + 1))}${l2.padEnd(23)}: ${v2}`;
}

function diagText(d: number): string {
  return DIAG_TEXT[d] ?? `Reserved (${d})`;
}

/** VRP's `Session Not Up Reason` from the live state and diagnostic. */
export function notUpReason(s: BfdSessionInfo): string {
  if (s.state === 'AdminDown') return 'Admin Down';
  switch (s.localDiag) {
    case 1:
      return 'Detect Down';
    case 3:
      return 'Neighbor Down';
    case 5:
      return 'Interface Down';
    case 7:
      return 'Admin Down';
    default:
      return 'In negotiation';
  }
}

function verboseBlock(s: BfdSessionInfo): string[] {
  const up = s.state === 'Up';
  const dash = (v: number | undefined) => (up && v !== undefined ? String(v) : '-');
  const stateLine = `  (One Hop) State : ${s.state}`;
  const l: string[] = [RULE80, `${stateLine.padEnd(Math.max(44, stateLine.length + 1))}Name : ${s.name}`, RULE78];
  l.push(kv2('Local Discriminator', String(s.localDisc), 'Remote Discriminator', String(s.remoteDisc)));
  l.push(kv('Session Detect Mode', 'Asynchronous Mode Without Echo Function'));
  l.push(kv('BFD Bind Type', s.iface ? `Interface(${s.iface})` : 'Peer IP Address'));
  l.push(kv('Bind Session Type', s.type));
  l.push(kv('Bind Peer IP Address', s.peer));
  if (s.iface) l.push(kv('Bind Interface', s.iface));
  if (s.vrf) l.push(kv('Vpn Instance Name', s.vrf));
  if (s.source) l.push(kv('Bind Source IP Address', s.source));
  l.push(kv2('FSM Board Id', FSM_BOARD_ID, 'TOS-EXP', TOS_EXP));
  l.push(kv2('Min Tx Interval (ms)', String(s.minTxMs), 'Min Rx Interval (ms)', String(s.minRxMs)));
  l.push(kv2('Actual Tx Interval (ms)', dash(s.actualTxMs), 'Actual Rx Interval (ms)', dash(s.actualRxMs)));
  l.push(kv2('Local Detect Multi', String(s.detectMult), 'Detect Interval (ms)', dash(s.detectMs)));
  l.push(kv2('Echo Passive', 'Disable', 'Acl Number', '-'));
  // RFC 5881 5: single-hop packets are sent with TTL 255.
  l.push(kv2('Destination Port', '3784', 'TTL', '255'));
  l.push(kv2('Proc Interface Status', 'Disable', 'Process PST', 'Disable'));
  l.push(kv2('WTR Interval (ms)', s.wtrMs > 0 ? String(s.wtrMs) : '-', 'Config PST', 'Enable'));
  l.push(kv('Active Multi', String(s.remoteDetectMult || s.detectMult)));
  l.push(kv('Last Local Diagnostic', diagText(s.localDiag)));
  l.push(kv('Bind Application', s.type === 'Static_Auto' ? 'AUTO' : '-'));
  l.push(kv2('Session TX TmrID', '-', 'Session Detect TmrID', '-'));
  l.push(kv2('Session Init TmrID', '-', 'Session WTR TmrID', '-'));
  l.push(kv('Session Echo Tx TmrID', '-'));
  if (!up) l.push(kv('Session Not Up Reason', notUpReason(s)));
  l.push(kv('Session Description', s.description || '-'));
  l.push(kv('Track Group Name', '-'));
  l.push(RULE78);
  return l;
}

function total(list: BfdSessionInfo[]): string {
  const up = list.filter((s) => s.state === 'Up').length;
  return `     Total UP/DOWN Session Number : ${up}/${list.length - up}`;
}

export function displayBfdSessionAllVerbose(e: BfdEngine | undefined, _now: number): string {
  const list = e?.sessions() ?? [];
  const l: string[] = [...HEAD];
  for (const s of list) l.push(...verboseBlock(s));
  if (list.length === 0) l.push(RULE80);
  l.push('', total(list));
  return l.join('\n') + '\n';
}

/** VRP's brief session type: S_AUTO_IF / S_AUTO_PEER (auto discriminators), S_IP_IF / S_IP_PEER. */
function briefType(s: BfdSessionInfo): string {
  return `${s.type === 'Static_Auto' ? 'S_AUTO' : 'S_IP'}_${s.iface ? 'IF' : 'PEER'}`;
}

export function displayBfdSessionAll(e: BfdEngine | undefined): string {
  const list = e?.sessions() ?? [];
  const row = (a: string, b: string, c: string, d: string, t: string, i: string) =>
    `${a.padEnd(6)}${b.padEnd(11)}${c.padEnd(16)}${d.padEnd(10)}${t.padEnd(12)}${i}`.trimEnd();
  const l: string[] = [...HEAD, RULE80, row('Local', 'Remote', 'PeerIpAddr', 'State', 'Type', 'InterfaceName'), RULE80];
  for (const s of list) l.push(row(`${s.localDisc} `, `${s.remoteDisc} `, `${s.peer} `, `${s.state} `, `${briefType(s)} `, s.iface ?? '-'));
  l.push(RULE80, total(list));
  return l.join('\n') + '\n';
}
