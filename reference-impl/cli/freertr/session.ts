/** A terminal session on a freeRtr router: prompts, modes, and freeRtr's answers to bad input. */
import type { CommandResult, TerminalSession } from '../../mgmt/terminal';
import { splitWords } from '../grammar';
import { CliError, Ctx, Mode, envOf, errorText, modeKey, runConfigLine } from './core';
import type { FreeRtrDevice } from './device';

const SUFFIX: Record<Mode['name'], string> = {
  exec: '#',
  cfg: '(cfg)#',
  'cfg-if': '(cfg-if)#',
  'cfg-subif': '(cfg-subif)#',
  'cfg-vrf': '(cfg-vrf)#',
  'cfg-rtr': '(cfg-rtr)#',
  'cfg-server': '(cfg-server)#',
};

export class FreeRtrSession implements TerminalSession {
  private ctx: Ctx;

  constructor(
    private dev: FreeRtrDevice,
    readonly peer: string,
  ) {
    this.ctx = {
      dev,
      mode: { name: 'exec' },
      negated: false,
      term: { length: 25, table: 'fancy', width: 79 },
      setMode: (m) => {
        this.ctx.mode = m;
      },
    };
  }

  banner(): string {
    return 'welcome\nline ready\n';
  }

  prompt(): string {
    return this.dev.node.hostname + SUFFIX[this.ctx.mode.name];
  }

  get mode(): Mode {
    return this.ctx.mode;
  }

  async execute(line: string): Promise<CommandResult> {
    const words = splitWords(line);
    if (words.length === 0) return { output: '' };
    if (line.trimEnd().endsWith('?')) return { output: this.help(line.slice(0, line.lastIndexOf('?'))) };
    if (this.ctx.mode.name !== 'exec') {
      // `do <exec command>` from configuration, as freeRtr allows.
      if (words[0].toLowerCase() === 'do' && words.length > 1) return this.exec(words.slice(1));
      const r = runConfigLine(this.dev.skin.table, this.ctx, line);
      if (r.error) return { output: `% ${r.error}\n`, failed: true };
      return { output: r.output ?? '' };
    }
    const w0 = words[0].toLowerCase();
    if (words.length === 1 && ['exit', 'logout', 'quit'].some((x) => x.startsWith(w0) && w0.length >= 3)) {
      return { output: 'see you later\n', close: true };
    }
    if (w0 === 'end') return { output: '' };
    return this.exec(words);
  }

  private async exec(words: string[]): Promise<CommandResult> {
    const r = this.dev.skin.table.lookup('exec', words.join(' '), envOf(this.ctx));
    if (r.kind === 'error') return { output: `% ${errorText(r, 'exec')}\n`, failed: true };
    try {
      const out = await r.cmd.run(this.ctx, r.args);
      return { output: out ?? '' };
    } catch (e) {
      if (e instanceof CliError) return { output: `% ${e.message}\n`, failed: true };
      throw e;
    }
  }

  /** Tab: the line with its last word completed when one keyword of the mode's tree fits. */
  complete(line: string): string | undefined {
    const modes = this.ctx.mode.name === 'exec' ? ['exec'] : [...new Set([modeKey(this.ctx.mode), this.ctx.mode.name])];
    const hits = [...new Set(modes.map((m) => this.dev.skin.table.complete(m, line, envOf(this.ctx))).filter((x): x is string => x !== undefined))];
    return hits.length === 1 ? hits[0] : undefined;
  }

  /** `?`: freeRtr lists what may follow, two spaces in; nothing fits: its unknown-command answer. */
  private help(typed: string): string {
    const exec = this.ctx.mode.name === 'exec';
    let t = typed;
    if (!exec && /^\s*do\s+/i.test(t)) t = t.replace(/^\s*do\s+/i, '');
    const mode = exec || t !== typed ? 'exec' : this.ctx.mode.name;
    const modes = mode === 'exec' ? ['exec'] : [...new Set([modeKey(this.ctx.mode), mode])];
    const hs = [...new Set(modes.flatMap((m) => this.dev.skin.table.help(m, t, envOf(this.ctx))))].sort();
    if (hs.length === 0) return `% unknown ${mode === 'exec' ? 'exec' : 'config'} command entered\n`;
    return hs.map((h) => `  ${h}\n`).join('');
  }

  /** A command that failed unexpectedly (the stack is in the lab's log). */
  internalError(): string {
    return '% command failed\n';
  }

  close(): void {}
}
