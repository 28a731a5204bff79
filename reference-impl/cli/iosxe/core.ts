/**
 * The iosxe dialect's core: modes and prompts, the command context, IOS interface names (with
 * `interface gigabitethernet 0/0/0` joined into one word), IOS's answers to bad input, and how a
 * configuration line runs (IOS falls back from a sub-mode to global configuration for a command
 * the sub-mode does not know, and leaves the sub-mode). Commands come from the dialect's parts.
 */
import { CommandTable, Lookup, Word, words } from '../grammar';
import type { IosDevice } from './device';

export class CliError extends Error {}

export type ModeName = 'user' | 'exec' | 'cfg' | 'cfg-if' | 'cfg-subif' | 'cfg-if-vrrp' | 'cfg-attr-list' | 'cfg-vrrs' | 'cfg-radius-server';

export interface Mode {
  name: ModeName;
  iface?: string;
  /** cfg-if-vrrp: the group (VRID) and its address family. */
  vrid?: number;
  afi?: 4 | 6;
  /** cfg-attr-list, cfg-vrrs, cfg-radius-server: the list, VRRS or server name. */
  key?: string;
}

export interface Term {
  length: number;
  width: number;
  /** `terminal monitor`: debug messages reach this (vty) session. */
  monitor: boolean;
}

export interface Ctx {
  dev: IosDevice;
  mode: Mode;
  negated: boolean;
  term: Term;
  setMode(m: Mode): void;
}

export type IosTable = CommandTable<Ctx>;

/** IOS's prompt suffix per mode. */
export const SUFFIX: Record<ModeName, string> = {
  user: '>',
  exec: '#',
  cfg: '(config)#',
  'cfg-if': '(config-if)#',
  'cfg-subif': '(config-subif)#',
  'cfg-if-vrrp': '(config-if-vrrp)#',
  'cfg-attr-list': '(config-attr-list)#',
  'cfg-vrrs': '(config-vrrs)#',
  'cfg-radius-server': '(config-radius-server)#',
};

/** Interface types, as IOS spells them, with the short forms IOS itself prints (`GigE`, `GigEth`). */
const IF_TYPES: Array<{ full: string; alias: string[] }> = [
  { full: 'GigabitEthernet', alias: ['gige', 'gigeth'] },
  { full: 'Loopback', alias: [] },
];

/** `gi0/0/0.1`, `GigE0/0/0`, `GigabitEthernet 0/0/0`, `lo0` → canonical IOS names. */
export function canonIfName(s: string): string | undefined {
  const m = /^([a-z]+)\s*(\d+(?:\/\d+)*)(\.\d+)?$/i.exec(s.trim());
  if (!m) return undefined;
  const stem = m[1].toLowerCase();
  const t = IF_TYPES.find((x) => x.alias.includes(stem) || (stem.length >= 2 && x.full.toLowerCase().startsWith(stem)) || (stem === 'g' && x.full === 'GigabitEthernet'));
  if (!t) return undefined;
  if (t.full === 'Loopback' && (m[2].includes('/') || m[3])) return undefined;
  return t.full + m[2] + (m[3] ?? '');
}

/** IOS's short name (`GigE0/0/0.2`) as `show vrrs plugin database` and `show vrrp brief` print it. */
export function shortIfName(name: string): string {
  return name.replace(/^GigabitEthernet/, 'GigE').replace(/^Loopback/, 'Lo');
}

/** `Gi0/0/0.1` as `show vrrp brief` prints it. */
export function briefIfName(name: string): string {
  return name.replace(/^GigabitEthernet/, 'Gi').replace(/^Loopback/, 'Lo');
}

/** Words, with an interface type followed by its number joined into one (`gigabitethernet 0/0/0`). */
export function tokenize(line: string): Word[] {
  const ws = words(line);
  const out: Word[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    const n = ws[i + 1];
    if (n && /^[a-z]+$/i.test(w.text) && /^\d+(\/\d+)*(\.\d+)?$/.test(n.text) && canonIfName(w.text + n.text) && w.text.length >= 2) {
      out.push({ text: w.text + n.text, at: w.at });
      i++;
    } else out.push(w);
  }
  return out;
}

export function newIosTable(): IosTable {
  return new CommandTable<Ctx>({ negation: { word: 'no', minLen: 2 }, canonIf: canonIfName, tokenize });
}

export function envOf(ctx: Ctx) {
  return { ifExists: (n: string) => ctx.dev.node.ifaces.has(n) || ctx.dev.cfg.ifaces.has(n) };
}

/**
 * IOS's answer to a grammar failure, after the line the user typed (already echoed): a caret
 * line counted from the start of the prompt, then the message, then an empty line.
 *   Router(config)#interface foo
 *                            ^
 *   % Invalid input detected at '^' marker.
 */
export function errorText(r: Extract<Lookup<Ctx>, { kind: 'error' }>, line: string, promptLen: number): string {
  if (r.error === 'incomplete') return '% Incomplete command.\n\n';
  if (r.error === 'ambiguous') return `% Ambiguous command:  "${line.trim()}"\n`;
  return `${' '.repeat(promptLen + r.at)}^\n% Invalid input detected at '^' marker.\n\n`;
}

/**
 * IOS calls a word ambiguous when it abbreviates several keywords at its place, even when only
 * one of them would complete the command (`show i`: interfaces, ip). The grammar prefers the
 * completing one; this check finds the word first. Returns the line up to that word, or undefined.
 */
export function ambiguousAt(table: IosTable, mode: string, line: string, ctx: Ctx): string | undefined {
  const ws = table.tokenize(line);
  for (const w of ws) {
    const upto = line.slice(0, w.at + w.text.length);
    const hs = table.help(mode, upto, envOf(ctx));
    if (hs.some((h) => h.startsWith('<'))) continue;
    const kws = hs.filter((h) => h !== '<cr>');
    if (kws.length > 1 && !kws.includes(w.text.toLowerCase())) return upto.trim();
  }
  return undefined;
}

/** One piece of the dialect: its commands and its sections of `show running-config`. */
export interface IosPart {
  name: string;
  register(t: IosTable): void;
  /** Global lines before the interfaces. */
  runningGlobal?(dev: IosDevice): string[];
  /** Lines inside an `interface` block. */
  runningIface?(dev: IosDevice, iface: string): string[];
  /** Global lines after the interfaces. */
  runningTail?(dev: IosDevice): string[];
  /** Write the part's protocol sections of the neutral model from its own state, before each apply. */
  derive?(dev: IosDevice): void;
  /** After the model reached the node (follow engines that were created or replaced). */
  applied?(dev: IosDevice): void;
}

/** The modes tried for a line typed in `mode`, own mode first, then the ones IOS falls back to. */
function fallbacks(m: ModeName): ModeName[] {
  if (m === 'cfg-if-vrrp') return ['cfg-if-vrrp', 'cfg-if', 'cfg'];
  if (m === 'cfg') return ['cfg'];
  return [m, 'cfg'];
}

/** Run one configuration line in the context's mode; the device applies the change after it. */
export function runConfigLine(table: IosTable, ctx: Ctx, raw: string, promptLen: number): { error?: string; end?: boolean; output?: string } {
  const line = raw.replace(/\s+$/, '');
  if (line.trim() === '' || line.trim().startsWith('!')) return {};
  const ws = table.tokenize(line);
  if (ws.length === 1 && ws[0].text.toLowerCase() === 'end') {
    ctx.setMode({ name: 'exec' });
    return { end: true };
  }
  const amb = ambiguousAt(table, ctx.mode.name, line, ctx);
  if (amb !== undefined) return { error: `% Ambiguous command:  "${amb}"\n` };
  let r: Lookup<Ctx> | undefined;
  let first: Lookup<Ctx> | undefined;
  const order = fallbacks(ctx.mode.name);
  for (const m of order) {
    const x = table.lookup(m, ws, envOf(ctx));
    first ??= x;
    if (x.kind === 'ok') {
      // A command of an enclosing mode leaves the sub-mode (IOS's parser walks up the tree).
      if (m === 'cfg' && ctx.mode.name !== 'cfg') ctx.setMode({ name: 'cfg' });
      if (m === 'cfg-if' && ctx.mode.name === 'cfg-if-vrrp') ctx.setMode({ name: 'cfg-if', iface: ctx.mode.iface });
      r = x;
      break;
    }
    // The error that got furthest into the line names the position.
    if (first.kind === 'error' && x.kind === 'error' && x.at > first.at && x.error !== 'unknown') first = x;
  }
  if (!r) return { error: errorText(first as Extract<Lookup<Ctx>, { kind: 'error' }>, line, promptLen) };
  if (r.kind !== 'ok') return {};
  try {
    ctx.negated = r.negated;
    const out = r.cmd.run(ctx, r.args);
    if (out instanceof Promise) return { error: '% internal: async config command\n' };
    ctx.dev.apply();
    return { output: out ?? undefined };
  } catch (e) {
    if (e instanceof CliError) return { error: e.message.endsWith('\n') ? e.message : e.message + '\n' };
    throw e;
  } finally {
    ctx.negated = false;
  }
}
