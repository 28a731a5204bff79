// The mode graph, as pure functions over a platform's data: which mode a prompt (and the status
// line above it) belongs to, the prompt matcher for the channel, and the breadth-first path from
// one mode to another (as scrapli's acquire_priv does).
import type { Expect, Match } from '../channel/expect';
import type { ModeDialogSpec, ModeSpec, PlatformSpec } from './spec';

export interface ModeState {
  /** The platform's mode name, e.g. "exec" or "config". */
  name: string;
  config: boolean;
  /** The prompt line as printed, e.g. "r1(cfg-subif)#". */
  prompt: string;
  /** Hostname, when the prompt pattern captures it. */
  host?: string;
  /** Sub-mode, when captured, e.g. "cfg-subif" (from the prompt or the status line). */
  context?: string;
  /**
   * Candidate configuration has uncommitted changes (VRP "[*PE1]", SR Linux "--{ * candidate").
   * Only set by modes with ModeSpec.uncommittedMark.
   */
  uncommitted?: boolean;
  /** The status line above the prompt, for modes with ModeSpec.statusLine. */
  status?: string;
}

/**
 * Finds the mode a prompt line belongs to, or null. `hostHint` (the host seen last) resolves the
 * host/sub-mode split of modes with hostContextSeparator; `statusLine` is the line printed just
 * above the prompt (needed by modes with ModeSpec.statusLine).
 */
export function detectMode(modes: readonly ModeSpec[], promptLine: string, hostHint?: string, statusLine?: string): ModeState | null {
  const line = promptLine.replace(/\s+$/, '');
  const status = statusLine?.replace(/\s+$/, '');
  for (const m of modes) {
    const r = m.prompt.exec(line);
    if (!r) continue;
    let s: RegExpExecArray | null = null;
    if (m.statusLine) {
      s = status === undefined ? null : m.statusLine.exec(status);
      if (!s) continue;
    }
    const state: ModeState = { name: m.name, config: m.config === true, prompt: line };
    let host = r.groups?.host;
    let ctx = r.groups?.ctx ?? s?.groups?.ctx?.trim();
    const sep = m.hostContextSeparator;
    if (sep !== undefined && host && hostHint) {
      const whole = ctx ? `${host}${sep}${ctx}` : host;
      if (whole === hostHint) {
        host = hostHint;
        ctx = undefined;
      } else if (whole.startsWith(hostHint + sep)) {
        host = hostHint;
        ctx = whole.slice(hostHint.length + sep.length);
      }
    }
    if (host) state.host = host;
    if (ctx) state.context = ctx;
    // In a status line, no mark means clean (SR Linux); a prompt without its mark says nothing (VRP
    // in immediate mode prints "[PE1]").
    const cand = r.groups?.cand ?? (s ? s.groups?.cand ?? '' : undefined);
    if (m.uncommittedMark !== undefined && cand !== undefined) state.uncommitted = cand.includes(m.uncommittedMark);
    if (s && status !== undefined) state.status = status;
    return state;
  }
  return null;
}

/** Whether any mode of the platform has a status line above its prompt. */
function statusLines(modes: readonly ModeSpec[]): RegExp[] {
  return modes.flatMap((m) => (m.statusLine ? [m.statusLine] : []));
}

/**
 * The channel matcher for a platform's prompt: the last line of the buffer (nothing after it, as
 * a device prints its prompt and waits) matches a mode's prompt. Where the platform has status
 * lines, the line above is part of the match when it is one, so the mode can be told from it.
 */
export function promptExpect(platform: PlatformSpec): Expect {
  const prompts = platform.modes.map((m) => new RegExp(m.prompt.source, m.prompt.flags.replace(/[gy]/g, '')));
  const status = statusLines(platform.modes);
  return {
    name: `${platform.name} prompt`,
    find(buffer: string): Match | null {
      const start = buffer.lastIndexOf('\n') + 1;
      const line = buffer.slice(start);
      if (line.length === 0 || !prompts.some((re) => re.test(line))) return null;
      if (status.length > 0 && start > 0) {
        const prevStart = buffer.lastIndexOf('\n', start - 2) + 1;
        const prev = buffer.slice(prevStart, start - 1);
        if (status.some((re) => re.test(prev))) return { start: prevStart, end: buffer.length };
      }
      return { start, end: buffer.length };
    },
  };
}

/** Reads the mode from prompt text (the prompt line, possibly with its status line above). */
export function detectFromText(modes: readonly ModeSpec[], text: string, hostHint?: string): ModeState | null {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (line === '') continue;
    const m = detectMode(modes, line, hostHint, i > 0 ? lines[i - 1] : undefined);
    if (m) return m;
  }
  return null;
}

/** True when the line is one of the platform's status lines (SR Linux "--{ running }--[  ]--"). */
export function isStatusLine(modes: readonly ModeSpec[], line: string): boolean {
  return statusLines(modes).some((re) => re.test(line.replace(/\s+$/, '')));
}

/** One step between two modes. */
export interface ModeStep {
  from: string;
  to: string;
  command: string;
  dialogs: readonly ModeDialogSpec[];
}

/** Every edge of the platform's mode graph, in declaration order (modes first, then transitions). */
export function modeEdges(platform: PlatformSpec): ModeStep[] {
  const edges: ModeStep[] = [];
  for (const m of platform.modes) {
    if (m.parent === undefined) continue;
    if (m.enter !== undefined) edges.push({ from: m.parent, to: m.name, command: m.enter, dialogs: m.enterDialogs ?? [] });
    if (m.exit !== undefined) edges.push({ from: m.name, to: m.parent, command: m.exit, dialogs: m.exitDialogs ?? [] });
  }
  for (const t of platform.transitions ?? []) edges.push({ from: t.from, to: t.to, command: t.command, dialogs: t.dialogs ?? [] });
  return edges;
}

/**
 * The shortest list of steps from mode `from` to mode `to` (breadth-first; ties go to the edge
 * declared first), [] when they are the same, null when `to` cannot be reached.
 */
export function findModePath(platform: PlatformSpec, from: string, to: string): ModeStep[] | null {
  if (from === to) return [];
  const edges = modeEdges(platform);
  const via = new Map<string, ModeStep>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const here = queue.shift() as string;
    for (const e of edges) {
      if (e.from !== here || seen.has(e.to)) continue;
      seen.add(e.to);
      via.set(e.to, e);
      if (e.to === to) {
        const path: ModeStep[] = [];
        for (let n = to; n !== from;) {
          const step = via.get(n) as ModeStep;
          path.unshift(step);
          n = step.from;
        }
        return path;
      }
      queue.push(e.to);
    }
  }
  return null;
}

/** True when the mode state is in a sub-mode of its mode (a context other than the root one). */
export function inSubMode(spec: ModeSpec, state: ModeState): boolean {
  const sub = spec.subModes;
  if (!sub || state.context === undefined) return false;
  return state.context !== sub.rootContext;
}

/** Problems with a platform's mode graph (unknown parents or transition ends), one line each. */
export function checkModeGraph(platform: PlatformSpec): string[] {
  const names = new Set(platform.modes.map((m) => m.name));
  const out: string[] = [];
  for (const m of platform.modes) {
    if (m.parent !== undefined && !names.has(m.parent)) out.push(`mode "${m.name}": unknown parent "${m.parent}"`);
    if (m.parent === undefined && (m.enter !== undefined || m.exit !== undefined)) out.push(`mode "${m.name}": enter/exit without a parent`);
  }
  for (const t of platform.transitions ?? []) {
    for (const end of [t.from, t.to]) if (!names.has(end)) out.push(`transition "${t.command}": unknown mode "${end}"`);
  }
  return out;
}
