/** A terminal session on a freeRtr router: prompts, modes, and freeRtr's answers to bad input. */
import type { CommandResult, TerminalSession } from '../../mgmt/terminal';
import { splitWords } from '../grammar';
import { CliError, Ctx, FreeRtrDevice, Mode, runConfigLine, table } from './device';

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
    if (this.ctx.mode.name !== 'exec') {
      // `do <exec command>` from configuration, as freeRtr allows.
      if (words[0].toLowerCase() === 'do' && words.length > 1) return this.exec(words.slice(1));
      const r = runConfigLine(this.ctx, line);
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
    const r = table.lookup('exec', words);
    if (r.kind === 'none') return { output: '% unknown exec command entered\n', failed: true };
    if (r.kind === 'ambiguous') return { output: '% ambiguous command\n', failed: true };
    try {
      const out = await r.cmd.run(this.ctx, r.match);
      return { output: out ?? '' };
    } catch (e) {
      if (e instanceof CliError) return { output: `% ${e.message}\n`, failed: true };
      throw e;
    }
  }

  /** A command that failed unexpectedly (the stack is in the lab's log). */
  internalError(): string {
    return '% command failed\n';
  }

  close(): void {}
}
