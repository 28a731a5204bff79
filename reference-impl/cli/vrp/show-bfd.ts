/**
 * VRP `display bfd session all [verbose]`, rendered from the live BFD sessions.
 * Layout follows the Huawei document (seed 003, steps 7 and 9); where the document contradicts
 * itself the live, RFC-correct value is printed (see the report / suites ERRATA.md).
 */
import type { BfdEngine, BfdSessionInfo } from '../../protocols/bfd/engine';
import { DIAG_TEXT } from '../../protocols/bfd/packet';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';

const RULE80 = '-'.repeat(80);
const RULE78 = '-'.repeat(78);
const HEAD = ['(w): State in WTR ', '(*): State is invalid'];

/** Fields without live meaning in the emulator, rendered as constants (documented in the report). */
const FSM_BOARD_ID = '3';
const TOS_EXP = '6';

/**
 * The verbose block's label/value pairs: two per line, `Label` 23 wide then `: value`, the second
 * pair starting at column 44 (or one blank after a long first value).
 */
export interface BfdKvRow {
  [k: string]: string | undefined;
  l1: string;
  v1: string;
  l2?: string;
  v2?: string;
}

const colon = (v: unknown) => (v === undefined || v === null ? '' : `: ${String(v)}`);

export const BFD_KV_COLUMNS: Column<BfdKvRow>[] = [
  { key: 'l1', header: '', width: 23 },
  { key: 'v1', header: '', width: 19, gap: 0, minGap: 0, format: colon },
  { key: 'l2', header: '', width: 23, gap: 0, minGap: 1 },
  { key: 'v2', header: '', gap: 0, minGap: 0, format: colon },
];

const kv = (l1: string, v1: string): BfdKvRow => ({ l1, v1 });
const kv2 = (l1: string, v1: string, l2: string, v2: string): BfdKvRow => ({ l1, v1, l2, v2 });

/** The state line: `(One Hop) State : X` then `Name : N` at column 44. */
const STATE_COLUMNS: Column[] = [
  { key: 'state', header: '', width: 42, format: (v) => `(One Hop) State : ${String(v)}` },
  { key: 'name', header: '', gap: 0, minGap: 1, format: (v) => `Name : ${String(v)}` },
];

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
  const l: string[] = [RULE80, ...renderFixedLines({ columns: STATE_COLUMNS, rows: [{ state: s.state, name: s.name }] }, { indent: 2 }), RULE78];
  const kvs: BfdKvRow[] = [];
  kvs.push(kv2('Local Discriminator', String(s.localDisc), 'Remote Discriminator', String(s.remoteDisc)));
  kvs.push(kv('Session Detect Mode', 'Asynchronous Mode Without Echo Function'));
  kvs.push(kv('BFD Bind Type', s.iface ? `Interface(${s.iface})` : 'Peer IP Address'));
  kvs.push(kv('Bind Session Type', s.type));
  kvs.push(kv('Bind Peer IP Address', s.peer));
  if (s.iface) kvs.push(kv('Bind Interface', s.iface));
  if (s.vrf) kvs.push(kv('Vpn Instance Name', s.vrf));
  if (s.source) kvs.push(kv('Bind Source IP Address', s.source));
  kvs.push(kv2('FSM Board Id', FSM_BOARD_ID, 'TOS-EXP', TOS_EXP));
  kvs.push(kv2('Min Tx Interval (ms)', String(s.minTxMs), 'Min Rx Interval (ms)', String(s.minRxMs)));
  kvs.push(kv2('Actual Tx Interval (ms)', dash(s.actualTxMs), 'Actual Rx Interval (ms)', dash(s.actualRxMs)));
  kvs.push(kv2('Local Detect Multi', String(s.detectMult), 'Detect Interval (ms)', dash(s.detectMs)));
  kvs.push(kv2('Echo Passive', 'Disable', 'Acl Number', '-'));
  // RFC 5881 5: single-hop packets are sent with TTL 255.
  kvs.push(kv2('Destination Port', '3784', 'TTL', '255'));
  kvs.push(kv2('Proc Interface Status', 'Disable', 'Process PST', 'Disable'));
  kvs.push(kv2('WTR Interval (ms)', s.wtrMs > 0 ? String(s.wtrMs) : '-', 'Config PST', 'Enable'));
  kvs.push(kv('Active Multi', String(s.remoteDetectMult || s.detectMult)));
  kvs.push(kv('Last Local Diagnostic', diagText(s.localDiag)));
  kvs.push(kv('Bind Application', s.type === 'Static_Auto' ? 'AUTO' : '-'));
  kvs.push(kv2('Session TX TmrID', '-', 'Session Detect TmrID', '-'));
  kvs.push(kv2('Session Init TmrID', '-', 'Session WTR TmrID', '-'));
  kvs.push(kv('Session Echo Tx TmrID', '-'));
  if (!up) kvs.push(kv('Session Not Up Reason', notUpReason(s)));
  kvs.push(kv('Session Description', s.description || '-'));
  kvs.push(kv('Track Group Name', '-'));
  l.push(...renderFixedLines({ columns: BFD_KV_COLUMNS, rows: kvs }, { indent: 2, header: false }), RULE78);
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

export interface BfdBriefRow {
  [k: string]: string | number;
  local: number;
  remote: number;
  peer: string;
  state: string;
  type: string;
  iface: string;
}

/** `display bfd session all`: fields 5, 10, 15, 9 and 11 wide, one blank between. */
export const BFD_BRIEF_COLUMNS: Column<BfdBriefRow>[] = [
  { key: 'local', header: 'Local', width: 5 },
  { key: 'remote', header: 'Remote', width: 10 },
  { key: 'peer', header: 'PeerIpAddr', width: 15 },
  { key: 'state', header: 'State', width: 9 },
  { key: 'type', header: 'Type', width: 11 },
  { key: 'iface', header: 'InterfaceName' },
];

export function bfdBriefRows(e: BfdEngine | undefined): BfdBriefRow[] {
  return (e?.sessions() ?? []).map((s) => ({ local: s.localDisc, remote: s.remoteDisc, peer: s.peer, state: s.state, type: briefType(s), iface: s.iface ?? '-' }));
}

export function displayBfdSessionAll(e: BfdEngine | undefined): string {
  const list = e?.sessions() ?? [];
  const [header, ...body] = renderFixedLines({ columns: BFD_BRIEF_COLUMNS, rows: bfdBriefRows(e) });
  const l: string[] = [...HEAD, RULE80, header, RULE80, ...body];
  l.push(RULE80, total(list));
  return l.join('\n') + '\n';
}
