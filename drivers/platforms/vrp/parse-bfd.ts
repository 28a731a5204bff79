// `display bfd session all verbose`: one block per session, opened by
// "(One Hop) State : Up    Name : pe1_to_ce1", then "Key : Value" fields, one or two per line.
import { type ParseContext, int, isRule, keyValues, lines, optInt, parseError } from './text';

export interface VrpBfdSession {
  name: string;
  hop: 'one' | 'multi';
  /** Up, Down, Init, AdminDown as printed, without a "(w)"/"(*)" marker. */
  state: string;
  localDisc: number;
  /** A number when the device prints one; the raw text otherwise (the document prints a name once). */
  remoteDisc: number | string;
  detectMode?: string;
  bindType?: string;
  /** Static_Auto, Static, Dynamic, ... */
  sessionType?: string;
  peer: string;
  iface?: string;
  vrf?: string;
  source?: string;
  minTxMs?: number;
  minRxMs?: number;
  actualTxMs?: number;
  actualRxMs?: number;
  detectMult?: number;
  detectIntervalMs?: number;
  lastDiag?: string;
  notUpReason?: string;
  /** Every field as printed. */
  fields: Record<string, string>;
}

export interface VrpBfdSessions {
  sessions: VrpBfdSession[];
  totalUp?: number;
  totalDown?: number;
}

const HEADER = /^\((One|Multi) Hop\)\s+State\s*:\s*(\S+?)(?:\((?:w|\*)\))?\s+Name\s*:\s*(\S+)$/;

function buildSession(hop: string, state: string, name: string, f: Record<string, string>, ctx: ParseContext, line: string): VrpBfdSession {
  const need = (k: string): string => {
    const v = f[k];
    if (v === undefined) throw parseError(ctx, line, `BFD session "${name}" has no "${k}" field`);
    return v;
  };
  const remote = need('Remote Discriminator');
  const s: VrpBfdSession = {
    name, hop: hop === 'One' ? 'one' : 'multi', state,
    localDisc: int(need('Local Discriminator'), 'local discriminator', ctx, line),
    remoteDisc: /^\d+$/.test(remote) ? Number(remote) : remote,
    peer: need('Bind Peer IP Address'),
    fields: f,
  };
  const str: [keyof VrpBfdSession, string][] = [
    ['detectMode', 'Session Detect Mode'], ['bindType', 'BFD Bind Type'], ['sessionType', 'Bind Session Type'],
    ['iface', 'Bind Interface'], ['vrf', 'Vpn Instance Name'], ['source', 'Bind Source IP Address'],
    ['lastDiag', 'Last Local Diagnostic'], ['notUpReason', 'Session Not Up Reason'],
  ];
  for (const [prop, key] of str) {
    const v = f[key];
    if (v !== undefined && v !== '-' && v !== '') (s as unknown as Record<string, unknown>)[prop] = v;
  }
  const num: [keyof VrpBfdSession, string][] = [
    ['minTxMs', 'Min Tx Interval (ms)'], ['minRxMs', 'Min Rx Interval (ms)'], ['actualTxMs', 'Actual Tx Interval (ms)'],
    ['actualRxMs', 'Actual Rx Interval (ms)'], ['detectMult', 'Local Detect Multi'], ['detectIntervalMs', 'Detect Interval (ms)'],
  ];
  for (const [prop, key] of num) {
    const v = optInt(f[key], key, ctx, line);
    if (v !== undefined) (s as unknown as Record<string, unknown>)[prop] = v;
  }
  return s;
}

export function parseBfdSessionsVerbose(text: string, ctx: ParseContext = {}): VrpBfdSessions {
  const out: VrpBfdSessions = { sessions: [] };
  let cur: { hop: string; state: string; name: string; fields: Record<string, string>; line: string } | null = null;
  const flush = (): void => {
    if (cur) out.sessions.push(buildSession(cur.hop, cur.state, cur.name, cur.fields, ctx, cur.line));
    cur = null;
  };
  for (const line of lines(text)) {
    const t = line.trim();
    if (t.length === 0 || isRule(line) || /^\((?:w|\*)\):/.test(t)) continue;
    const h = HEADER.exec(t);
    if (h) {
      flush();
      cur = { hop: h[1] as string, state: h[2] as string, name: h[3] as string, fields: {}, line };
      continue;
    }
    const tot = /^Total UP\/DOWN Session Number\s*:\s*(\d+)\/(\d+)$/.exec(t);
    if (tot) {
      flush();
      out.totalUp = Number(tot[1]);
      out.totalDown = Number(tot[2]);
      continue;
    }
    const kvs = keyValues(line);
    if (!cur || kvs.length === 0) throw parseError(ctx, line, cur ? 'not a "Key : Value" line' : 'a field before any BFD session header');
    for (const [k, v] of kvs) cur.fields[k] = v;
  }
  flush();
  return out;
}
