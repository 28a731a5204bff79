/**
 * The vrp dialect's core: views, the command context, and how a line finds its command. Views
 * and commands are registered by the dialect's parts (config.ts, exec.ts and one file per
 * protocol: ospf.ts, ldp.ts, bgp.ts, bfd.ts, static.ts), listed once in index.ts. A part also
 * gives its sections of `display current-configuration` and its section of the neutral model.
 */
import type { NodeConfig } from '../../config/model';
import { CommandTable, Lookup } from '../grammar';
import { canonIfName, tokenize } from './names';
import type { IfCfg, VrpConfig } from './model';
import type { VrpDevice } from './device';

export class CliError extends Error {
  /**
   * `token`: the bad word's index among the line's words, or 'end' (an incomplete command): the
   * session draws VRP's caret line under it, as VRP does for every such error.
   */
  constructor(
    message: string,
    readonly token?: number | 'end',
  ) {
    super(message);
  }
}

/** A view: its kind and what it configures (interface name, process, area, VPN instance, session). */
export interface View {
  kind: string;
  iface?: string;
  ospf?: number;
  area?: string;
  vrf?: string;
  bfd?: string;
}

export interface Ctx {
  dev: VrpDevice;
  cand: VrpConfig;
  view: View;
  undo: boolean;
  setView(v: View): void;
  /** Session hooks for commit and leaving views (the startup-config loader has its own). */
  commit(): string;
  quit(): string | void;
  ret(): string | void;
  /** Width of the prompt, for the caret line. */
  promptLen: number;
}

export interface ViewDef {
  kind: string;
  /** The view one `quit` goes up to (the system view when absent). */
  parent?(v: View): View;
  /** The part of the prompt after the sysname: `-GigabitEthernet0/1/0`, `-ospf-1-area-0.0.0.0`. */
  label(v: View, c: VrpConfig): string;
  /** The first line of the view's section in the running configuration (`display this`). */
  head?(v: View, c: VrpConfig): string | undefined;
}

/** A section of `display current-configuration`; sections print by rank. */
export interface RunningSection {
  rank: number;
  lines: string[];
}

/** Ranks of the sections in VRP's order. */
export const RANK = { sysname: 0, vpn: 10, bfd: 20, mpls: 30, iface: 40, bgp: 50, ospf: 60, loadBalance: 70, static: 80, bfdSession: 90 } as const;

export interface VrpPart {
  name: string;
  views?: ViewDef[];
  register(t: VrpTable): void;
  running?(c: VrpConfig): RunningSection[];
  /** Lines of an `interface` section after the core's own. */
  ifaceLines?(i: IfCfg): string[];
  /** Put the part's protocol section into the neutral model. */
  neutral?(c: VrpConfig, n: NodeConfig, routerId?: string): void;
  /** Set the part's own fields of a new configuration (model.ts: declared in the part's file). */
  initConfig?(c: VrpConfig): void;
  /** Set the part's own fields of a new interface. */
  initIface?(i: IfCfg): void;
  /** A candidate's error before commit (VRP's text), or undefined. */
  validate?(c: VrpConfig): string | undefined;
  /** An interface was deleted from the candidate (`undo interface LoopBackN`). */
  ifaceRemoved?(c: VrpConfig, name: string): void;
  /** A VPN instance was deleted from the candidate. */
  vpnRemoved?(c: VrpConfig, name: string): void;
}

export class VrpTable {
  readonly cmds = new CommandTable<Ctx>({ negation: { word: 'undo', minLen: 2 }, canonIf: canonIfName, tokenize });
  private views = new Map<string, ViewDef>();

  constructor(readonly parts: readonly VrpPart[]) {
    for (const p of parts) for (const v of p.views ?? []) this.addView(v);
    for (const p of parts) p.register(this);
  }

  addView(v: ViewDef): void {
    if (this.views.has(v.kind)) throw new Error(`duplicate view '${v.kind}'`);
    this.views.set(v.kind, v);
  }

  view(kind: string): ViewDef {
    const v = this.views.get(kind);
    if (!v) throw new Error(`unknown view '${kind}' (known: ${[...this.views.keys()].sort().join(', ')})`);
    return v;
  }

  add(view: string, cmd: Parameters<CommandTable<Ctx>['add']>[1]): void {
    if (view !== 'any' && view !== 'cfg-any') this.view(view);
    this.cmds.add(view, cmd);
  }

  /** The view one `quit` goes up to. */
  parentView(v: View): View | undefined {
    if (v.kind === 'user') return undefined;
    if (v.kind === 'system') return { kind: 'user' };
    return this.view(v.kind).parent?.(v) ?? { kind: 'system' };
  }

  /** How many `quit`s from the view to the system view (the indentation of its lines - 1). */
  depth(v: View): number {
    let d = 0;
    for (let u = v; u.kind !== 'system' && u.kind !== 'user'; u = this.parentView(u)!) d++;
    return d;
  }

  label(v: View, c: VrpConfig): string {
    return this.view(v.kind).label(v, c);
  }

  /** `?` help in a view: what may follow the typed words, from the view's and every view's commands. */
  help(view: View, line: string): string[] {
    const modes = [view.kind, 'any', ...(view.kind === 'user' ? [] : ['cfg-any'])];
    const all = new Set(modes.flatMap((m) => this.cmds.help(m, line)));
    return [...all].sort((a, b) => (a === '<cr>' ? 1 : b === '<cr>' ? -1 : a.localeCompare(b)));
  }

  /**
   * Find a command for a line in a view: the view's own commands, then the commands of every
   * view (display, ping, ...), then configuration commands of the views above it (VRP runs
   * them there and moves to that view). `to` is the view the command runs in.
   */
  find(view: View, line: string): { r: Lookup<Ctx>; to: View } {
    const words = this.cmds.tokenize(line);
    const own: string[] = [view.kind, 'any'];
    if (view.kind !== 'user') own.push('cfg-any');
    let worst: Lookup<Ctx> | undefined;
    for (const t of own) {
      const r = this.cmds.lookup(t, words);
      if (r.kind === 'ok') return { r, to: view };
      if (!worst || (worst.kind === 'error' && r.kind === 'error' && r.at > worst.at)) worst = r;
    }
    for (let up = this.parentView(view); up && up.kind !== 'user'; up = this.parentView(up)) {
      const r = this.cmds.lookup(up.kind, words);
      if (r.kind === 'ok') return { r, to: up };
      // The error of the view that understood most of the line names the position.
      if (worst && worst.kind === 'error' && r.kind === 'error' && r.at > worst.at) worst = r;
    }
    return { r: worst!, to: view };
  }
}

type Run = (c: Ctx, a: Record<string, string>) => string | void | Promise<string | void>;

/** `add(views, pattern, run, undo = true)`: a command in one or more views of a table. */
export function adder(t: VrpTable) {
  return (views: string | string[], pattern: string, run: Run, undo = true): void => {
    for (const v of Array.isArray(views) ? views : [views]) t.add(v, { pattern, run, negatable: undo });
  };
}

/** Run one configuration line (no async commands); returns an error line or undefined. */
export function runLine(t: VrpTable, ctx: Ctx, line: string): string | undefined {
  const { r, to } = t.find(ctx.view, line);
  if (r.kind === 'error') return errorLine(r);
  ctx.view = to;
  ctx.undo = r.negated;
  try {
    const out = r.cmd.run(ctx, r.args);
    if (out instanceof Promise) return 'Error: the command cannot run here.';
    return undefined;
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  } finally {
    ctx.undo = false;
  }
}

const MESSAGES: Record<Extract<Lookup<Ctx>, { kind: 'error' }>['error'], string> = {
  unknown: 'Unrecognized command',
  incomplete: 'Incomplete command',
  'bad-value': 'Wrong parameter',
  'out-of-range': 'Wrong parameter',
  'no-interface': 'Wrong parameter',
  ambiguous: 'Ambiguous command',
};

/** VRP's error line for a grammar failure (the caret line above it is the session's). */
export function errorLine(r: Extract<Lookup<Ctx>, { kind: 'error' }>): string {
  return `Error: ${MESSAGES[r.error]} found at '^' position.`;
}
