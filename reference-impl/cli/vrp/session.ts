/**
 * A terminal session on a VRP router: `<PE1>` / `[~PE1-view]` / `[*PE1-view]` prompts, the
 * session's candidate configuration, the uncommitted-changes dialog, and VRP's answer to bad
 * input: a caret under the first bad word, counted from the start of the prompt line, then
 * the error, e.g. (captures: annetutil/gnetcli README `dis ver0`; a forum capture of
 * `[Huawei-vlan20]int`):
 *
 *     <ts-vrp-1>dis ver0
 *                   ^
 *     Error: Unrecognized command found at '^' position.
 */
import type { CommandResult, TerminalSession } from '../../mgmt/terminal';
import { CliError, Ctx, View, errorLine } from './core';
import type { VrpDevice } from './device';
import { cloneConfig, VrpConfig } from './model';

const DIALOG = 'Warning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:';

/** VRP's default number of VTY lines (user-interface vty 0 20). */
const VTY_MAX = 21;

export class VrpSession implements TerminalSession {
  private ctx: Ctx;
  private gen: number;
  /** The running configuration the candidate was copied from. */
  private base: string;
  /** Set while the uncommitted-changes question waits for Y/N/C. */
  private pending?: 'quit' | 'return';

  constructor(
    private dev: VrpDevice,
    readonly peer: string,
  ) {
    this.gen = dev.generation;
    this.base = dev.currentConfiguration();
    dev.vtyUsers++;
    this.ctx = {
      dev,
      cand: cloneConfig(dev.running),
      view: { kind: 'user' },
      undo: false,
      setView: (v) => {
        this.ctx.view = v;
      },
      commit: () => this.commit(),
      quit: () => this.leave('quit'),
      ret: () => this.leave('return'),
      promptLen: 0,
    };
  }

  get view(): View {
    return this.ctx.view;
  }

  get candidate(): VrpConfig {
    return this.ctx.cand;
  }

  banner(): string {
    return `Info: The max number of VTY users is ${VTY_MAX}, the number of current VTY users online is ${this.ctx.dev.vtyUsers}.\n`;
  }

  /** Uncommitted changes: the candidate differs from the running configuration. */
  dirty(): boolean {
    return this.dev.render(this.ctx.cand) !== this.dev.currentConfiguration();
  }

  prompt(): string {
    if (this.pending) return DIALOG;
    const host = this.dev.running.sysname;
    if (this.ctx.view.kind === 'user') return `<${host}>`;
    return `[${this.dirty() ? '*' : '~'}${host}${this.dev.skin.table.label(this.ctx.view, this.ctx.cand)}]`;
  }

  private commit(): string {
    const err = this.dev.commit(this.ctx.cand);
    if (err) return err + '\n';
    this.refresh();
    return '';
  }

  private leave(how: 'quit' | 'return'): string | void {
    const target = how === 'return' ? { kind: 'user' as const } : this.dev.skin.table.parentView(this.ctx.view)!;
    if (target.kind === 'user' && this.dirty()) {
      this.pending = how;
      return;
    }
    this.ctx.view = target;
  }

  private answer(line: string): CommandResult {
    const a = line.trim().toLowerCase();
    if (a === 'y' || a === 'yes') {
      this.pending = undefined;
      const err = this.commit();
      if (err) return { output: err };
      this.ctx.view = { kind: 'user' };
    } else if (a === 'n' || a === 'no') {
      this.pending = undefined;
      this.refresh();
      this.ctx.view = { kind: 'user' };
    } else if (a === 'c' || a === 'cancel') {
      this.pending = undefined;
    }
    return { output: '' };
  }

  async execute(line: string): Promise<CommandResult> {
    if (this.pending) return this.answer(line);
    if (line.trim() === '') return { output: '' };
    // Another session committed: an unchanged candidate follows the new running config.
    if (this.gen !== this.dev.generation && this.dev.render(this.ctx.cand) === this.base) this.refresh();
    const promptLen = this.prompt().length;
    if (line.trimEnd().endsWith('?')) {
      // `?` help: VRP lists what may follow, two spaces in.
      const typed = line.slice(0, line.lastIndexOf('?'));
      const hs = this.dev.skin.table.help(this.ctx.view, typed);
      if (hs.length === 0) return { output: `${' '.repeat(promptLen + typed.length)}^\nError: Unrecognized command found at '^' position.\n`, failed: true };
      return { output: hs.map((h) => `  ${h}\n`).join('') };
    }
    const { r, to } = this.dev.skin.table.find(this.ctx.view, line);
    if (r.kind === 'error') return { output: `${' '.repeat(promptLen + r.at)}^\n${errorLine(r)}\n`, failed: true };
    if (this.ctx.view.kind === 'user' && r.cmd.pattern === 'quit') return { output: '', close: true };
    const from = this.ctx.view;
    this.ctx.view = to;
    this.ctx.undo = r.negated;
    try {
      const out = await r.cmd.run(this.ctx, r.args);
      return { output: out ?? '' };
    } catch (e) {
      this.ctx.view = from;
      if (e instanceof CliError) {
        const msg = e.message.endsWith('\n') ? e.message : e.message + '\n';
        if (e.token === undefined) return { output: msg };
        const ws = this.dev.skin.table.cmds.tokenize(line);
        const last = ws[ws.length - 1];
        const w = e.token === 'end' ? undefined : ws[Math.min(e.token, ws.length - 1)];
        const col = w ? w.at : last.at + last.text.length + 1;
        return { output: `${' '.repeat(promptLen + col)}^\n${msg}` };
      }
      throw e;
    } finally {
      this.ctx.undo = false;
    }
  }

  /** Tab: the line with its last word completed when one keyword of the view's tree fits. */
  complete(line: string): string | undefined {
    const t = this.dev.skin.table;
    const modes = [this.ctx.view.kind, 'any', ...(this.ctx.view.kind === 'user' ? [] : ['cfg-any'])];
    const hits = [...new Set(modes.map((m) => t.cmds.complete(m, line)).filter((x): x is string => x !== undefined))];
    return hits.length === 1 ? hits[0] : undefined;
  }

  /** Start a fresh candidate from the running configuration. */
  private refresh(): void {
    this.ctx.cand = cloneConfig(this.dev.running);
    this.base = this.dev.currentConfiguration();
    this.gen = this.dev.generation;
  }

  /** A command that failed unexpectedly (the stack is in the lab's log). */
  internalError(): string {
    return 'Error: Failed to execute the command.\n';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ctx.dev.vtyUsers--;
  }

  private closed = false;
}
