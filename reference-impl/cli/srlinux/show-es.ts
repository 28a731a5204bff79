/**
 * SR Linux `show system network-instance ethernet-segments [NAME] [detail]`, rendered from the
 * evpn module's live rows (`evpn.segments`, SegmentRow of protocols/evpn/engine.ts), in SR
 * Linux's layout (the document's leaf1 output and the SR Linux EVPN-VXLAN guide's example):
 *   - summary: `ES-1 is up, all-active`, ESI, algorithm, peers, per network-instance the DF
 *     candidates with `(DF)` and the interface, then `Summary` with the up and down counts;
 *   - detail: the `Ethernet Segment` block, the `MAC-VRF  Actv Timer Rem  DF` table (SR Linux
 *     prints the segment's name in its first column), and the `DF Candidates` per network-instance.
 * Times come from the lab clock (virtual microseconds) as ISO 8601 with milliseconds.
 */
import type { MacVrfRow, SegmentRow } from '../../protocols/l2-rows';
import type { ProtocolHost } from '../../config/host';
import type { EvpnInstance } from '../../protocols/evpn/module';
import { SEC } from '../../sim/scheduler';
import { CliError } from './tree';

/** Virtual time zero on the wall clock (as the srlinux dialect's other shows print it). */
export const EPOCH_MS = Date.UTC(2026, 0, 1);

/** `2026-01-01T00:00:12.345Z`: virtual microseconds on the lab clock, with milliseconds (SR Linux's form). */
export function isoMs(micros: number, epochMs = EPOCH_MS): string {
  return new Date(epochMs + Math.floor(micros / 1000)).toISOString();
}

export interface EsShowOptions {
  /** The terminal width of the rules (the document's: 111). */
  width?: number;
  /** The local PE's originating IP (the candidates other than it are the ES peers). */
  localIp?: string;
  /** The subinterfaces of a MAC-VRF on the segment's interface (summary `Interface :`). */
  subinterfaces?: (macVrf: string, iface: string) => string[];
  epochMs?: number;
}

/** SR Linux's default activation timer (3 s): an ES without its own prints `None`. */
const DEFAULT_ACTIVATION_S = 3;

function candidatesText(cands: string[], df: string | undefined): string[] {
  return cands.map((c) => (c === df ? `${c} (DF)` : c));
}

export function renderEsDetail(segs: SegmentRow[], o: EsShowOptions = {}): string {
  const w = o.width ?? 111;
  const eq = '='.repeat(w);
  const dash = '-'.repeat(w);
  const pair = (l: string, lv: string, r: string, rv: string) => `${l.padEnd(21)}: ${lv.padEnd(20)}${r.padEnd(18)}: ${rv}`;
  const one = (l: string, v: string) => `${l.padEnd(21)}: ${v}`;
  const out: string[] = [];
  for (const s of segs) {
    out.push(eq, 'Ethernet Segment', eq);
    out.push(one('Name', s.name));
    out.push(pair('Admin State', s.adminUp ? 'enable' : 'disable', 'Oper State', s.operUp ? 'up' : 'down'));
    out.push(one('ESI', s.esi));
    out.push(pair('Multi-homing', s.mode, 'Oper Multi-homing', s.mode));
    out.push(one('Interface', s.iface ?? 'N/A'));
    out.push(one('Next Hop', 'N/A'));
    out.push(one('EVI', 'N/A'));
    out.push(one('ES Activation Timer', s.activationTimerSec === DEFAULT_ACTIVATION_S ? 'None' : String(s.activationTimerSec)));
    out.push(pair('DF Election', s.dfAlgorithm, 'Oper DF Election', s.dfAlgorithm));
    out.push('');
    out.push(one('Last Change', isoMs(s.lastChange, o.epochMs)));
    out.push(eq);
    out.push('MAC-VRF   Actv Timer Rem   DF');
    // SR Linux prints the segment's name under MAC-VRF, and DF Yes on every ES peer once the election
    // is done (the srl-labs evpn-mh captures of leaf1 and leaf2 both print `ES-1 0 Yes`).
    for (const d of s.dfs) out.push(`${s.name.padEnd(10)}${String(Math.ceil(d.timerRemaining / SEC)).padEnd(17)}${d.df !== undefined ? 'Yes' : 'No'}`);
    out.push(dash, 'DF Candidates', dash);
    out.push('Network-instance       ES Peers');
    for (const d of s.dfs) for (const c of candidatesText(d.candidates, d.df)) out.push(`${d.macVrf.padEnd(23)}${c}`);
    out.push(eq);
  }
  return out.map((l) => l + '\n').join('');
}

export function renderEsSummary(segs: SegmentRow[], o: EsShowOptions = {}): string {
  const w = o.width ?? 111;
  const dash = '-'.repeat(w);
  const out: string[] = [dash];
  for (const s of segs) {
    out.push(`${s.name} is ${s.operUp ? 'up' : 'down'}, ${s.mode}`);
    out.push(`  ESI  : ${s.esi}`);
    out.push(`  Alg  : ${s.dfAlgorithm}`);
    const peers = [...new Set(s.dfs.flatMap((d) => d.candidates))].filter((c) => c !== o.localIp);
    out.push(`  Peers: ${peers.join(', ')}`);
    out.push('  Network-instances:');
    for (const d of s.dfs) {
      out.push(`     ${d.macVrf}`);
      out.push(`      Candidates : ${candidatesText(d.candidates, d.df).join(', ')}`);
      const subs = s.iface ? (o.subinterfaces?.(d.macVrf, s.iface) ?? []) : [];
      out.push(`      Interface : ${subs.join(', ') || s.iface || 'N/A'}`);
    }
    out.push(dash);
  }
  const up = segs.filter((s) => s.operUp).length;
  out.push('Summary', ` ${up} Ethernet Segments Up`, ` ${segs.length - up} Ethernet Segments Down`, dash);
  return out.map((l) => l + '\n').join('');
}

/**
 * `show system network-instance ethernet-segments [NAME] [detail]` (words after `show`); undefined
 * when the words are not this command. An unknown NAME is SR Linux's error.
 */
export function showEthernetSegments(words: string[], segs: SegmentRow[], o: EsShowOptions = {}): string | undefined {
  if (words.slice(0, 3).join(' ') !== 'system network-instance ethernet-segments') return undefined;
  const rest = words.slice(3);
  const detail = rest[rest.length - 1] === 'detail';
  const names = detail ? rest.slice(0, -1) : rest;
  if (names.length > 1) throw new CliError(`Parsing error: Unknown token '${names[1]}'. Options are ['detail']`);
  let list = segs;
  if (names.length === 1) {
    list = segs.filter((s) => s.name === names[0]);
    if (list.length === 0) throw new CliError(`Error: ethernet-segment '${names[0]}' does not exist`);
  }
  return detail ? renderEsDetail(list, o) : renderEsSummary(list, o);
}

/** The ethernet-segment shows of a node's protocol host (the `evpn` module's rows, the bridge's MAC-VRFs). */
export function showEsCommand(words: string[], host: ProtocolHost, o: EsShowOptions = {}): string | undefined {
  if (words.slice(0, 3).join(' ') !== 'system network-instance ethernet-segments') return undefined;
  const segs = host.registry.has('evpn') ? host.show<SegmentRow>('evpn', 'segments') : [];
  const ev = host.registry.has('evpn') ? host.instance<EvpnInstance>('evpn') : undefined;
  const macVrfs = host.registry.has('bridge') ? host.show<MacVrfRow>('bridge', 'macVrfs') : [];
  const subinterfaces = (mv: string, iface: string) => (macVrfs.find((m) => m.name === mv)?.interfaces ?? []).filter((s) => s === iface || s.startsWith(`${iface}.`));
  return showEthernetSegments(words, segs, { localIp: ev?.engine.localIp, subinterfaces, epochMs: EPOCH_MS, ...o });
}
