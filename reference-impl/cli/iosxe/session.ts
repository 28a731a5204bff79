/**
 * A terminal session on an IOS XE router: user and privileged exec (`enable`, with `Password:`
 * when an enable secret is set), configuration modes, `do`, `end`/Ctrl-Z, IOS's errors with the
 * caret, and debug messages on the session after `terminal monitor`.
 */
import type { CommandResult, TerminalSession } from '../../mgmt/terminal';
import { CliError, Ctx, Mode, SUFFIX, ambiguousAt, envOf, errorText, runConfigLine } from './core';
import type { IosDevice } from './device';

const CTRL_Z = String.fromCharCode(0x1a);
const UNKNOWN = '% Unknown command or computer name, or unable to find computer address\n';

export class IosSession implements TerminalSession {
  readonly ctrlZEndsLine = true;
  private ctx: Ctx;
  /** Waiting for the enable secret: tries so far. */
  private pwTries?: number;
  private unhook?: () => void;
  /** Debug lines waiting for the next output (the line server has no unsolicited output path). */
  private pending: string[] = [];
  private push?: (text: string) => void;

  constructor(
    private dev: IosDevice,
    readonly peer: string,
    /** The console line: debug messages print without `terminal monitor`. */
    readonly console = false,
  ) {
    this.ctx = {
      dev,
      mode: { name: 'user' },
      negated: false,
      term: { length: 24, width: 80, monitor: false },
      setMode: (m) => {
        this.ctx.mode = m;
      },
    };
    this.unhook = dev.onDebug((line) => {
      if (!this.console && !this.ctx.term.monitor) return;
      if (this.push) this.push(line + '\n');
      else this.pending.push(line);
    });
  }

  /** A way to print debug messages as they happen (servers that can write between commands). */
  attach(write: (text: string) => void): void {
    this.push = write;
  }

  /** Debug messages collected since the last command (printed before its output). */
  drain(): string {
    const t = this.pending.map((l) => l + '\n').join('');
    this.pending = [];
    return t;
  }

  banner(): string {
    return '\n';
  }

  prompt(): string {
    if (this.pwTries !== undefined) return 'Password: ';
    return this.dev.node.hostname + SUFFIX[this.ctx.mode.name];
  }

  /** True while a secret is being typed (the server should not echo it). */
  secretInput(): boolean {
    return this.pwTries !== undefined;
  }

  get mode(): Mode {
    return this.ctx.mode;
  }

  get term(): Ctx['term'] {
    return this.ctx.term;
  }

  async execute(raw: string): Promise<CommandResult> {
    const r = await this.run(raw);
    const dbg = this.drain();
    return dbg ? { ...r, output: dbg + r.output } : r;
  }

  private async run(raw: string): Promise<CommandResult> {
    if (this.pwTries !== undefined) return this.password(raw);
    // Ctrl-Z at the end of a line: the line runs, then the session leaves configuration.
    const ctrlZ = raw.includes(CTRL_Z);
    const line = raw.split(CTRL_Z).join('');
    const promptLen = this.prompt().length;
    const m = this.ctx.mode.name;
    if (line.trim() === '') {
      if (ctrlZ && m !== 'user' && m !== 'exec') this.ctx.setMode({ name: 'exec' });
      return { output: '' };
    }
    if (line.trimEnd().endsWith('?')) return { output: this.help(line.slice(0, line.lastIndexOf('?'))) };
    let res: CommandResult;
    if (m === 'user' || m === 'exec') res = await this.exec(line, promptLen);
    else {
      const ws = this.dev.skin.table.tokenize(line);
      if (ws[0] && ws[0].text.toLowerCase() === 'do' && ws.length > 1) {
        const rest = line.slice(ws[1].at);
        res = await this.exec(rest, promptLen + ws[1].at, 'exec');
      } else {
        const r = runConfigLine(this.dev.skin.table, this.ctx, line, promptLen);
        res = r.error ? { output: r.error, failed: true } : { output: r.output ?? '' };
      }
    }
    if (ctrlZ && this.ctx.mode.name !== 'user' && this.ctx.mode.name !== 'exec') this.ctx.setMode({ name: 'exec' });
    return res;
  }

  private password(line: string): CommandResult {
    const ok = this.dev.enableSecret !== undefined && line === this.dev.enableSecret;
    if (ok) {
      this.pwTries = undefined;
      this.ctx.setMode({ name: 'exec' });
      return { output: '' };
    }
    this.pwTries! += 1;
    if (this.pwTries! >= 3) {
      this.pwTries = undefined;
      return { output: '% Bad secrets\n\n', failed: true };
    }
    return { output: '' };
  }

  private async exec(line: string, promptLen: number, force?: 'exec'): Promise<CommandResult> {
    const mode = force ?? this.ctx.mode.name;
    const ws = this.dev.skin.table.tokenize(line);
    const w0 = ws[0].text.toLowerCase();
    if (ws.length === 1 && ['exit', 'logout', 'quit'].includes(w0) && !force) return { output: '', close: true };
    if (ws.length === 1 && w0 === 'end' && !force) return { output: '' };
    if (ws.length <= 2 && 'enable'.startsWith(w0) && w0.length >= 2 && !force) {
      if (ws.length === 2 && !/^\d+$/.test(ws[1].text)) return { output: `${' '.repeat(promptLen + ws[1].at)}^\n% Invalid input detected at '^' marker.\n\n`, failed: true };
      if (mode === 'exec') return { output: '' };
      if (this.dev.enableSecret === undefined) {
        this.ctx.setMode({ name: 'exec' });
        return { output: '' };
      }
      this.pwTries = 0;
      return { output: '' };
    }
    if (ws.length === 1 && 'disable'.startsWith(w0) && w0.length >= 4 && !force) {
      this.ctx.setMode({ name: 'user' });
      return { output: '' };
    }
    const amb = ambiguousAt(this.dev.skin.table, mode, line, this.ctx);
    if (amb !== undefined) return { output: `% Ambiguous command:  "${amb}"\n`, failed: true };
    const r = this.dev.skin.table.lookup(mode, ws, envOf(this.ctx));
    if (r.kind === 'error') {
      // IOS takes an unknown first word at exec as a host name to connect to.
      if (r.error === 'unknown' && r.at === ws[0].at && ws.length === 1) return { output: UNKNOWN, failed: true };
      return { output: errorText(r, line, promptLen), failed: true };
    }
    try {
      this.ctx.negated = r.negated;
      const out = await r.cmd.run(this.ctx, r.args);
      return { output: out ?? '' };
    } catch (e) {
      if (e instanceof CliError) return { output: e.message.endsWith('\n') ? e.message : e.message + '\n', failed: true };
      throw e;
    } finally {
      this.ctx.negated = false;
    }
  }

  complete(line: string): string | undefined {
    return this.dev.skin.table.complete(this.ctx.mode.name, line, envOf(this.ctx));
  }

  /** `?`: what may follow, as IOS lists it, or IOS's unrecognized-command answer. */
  private help(typed: string): string {
    const hs = this.dev.skin.table.help(this.ctx.mode.name, typed, envOf(this.ctx));
    if (hs.length === 0) return '% Unrecognized command\n';
    return hs.map((h) => `  ${h}\n`).join('') + '\n';
  }

  internalError(): string {
    return '% Command failed\n';
  }

  close(): void {
    this.unhook?.();
  }
}
