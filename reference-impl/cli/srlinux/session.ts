/** A terminal session on an SR Linux node: status line and prompt, running/candidate, block syntax. */
import type { CommandResult, TerminalSession } from '../../mgmt/terminal';
import { CliError, type Step, cloneD, flat, helpAt, info, nodeExists, pathText, sameD, walk } from './tree';
import type { SrlDevice } from './device';

export function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\{|\})|([^\s{}"]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    const w = m[1] ?? m[2] ?? m[3];
    // `/interface lag1` is the root and a path in one token.
    if (m[3] !== undefined && w.length > 1 && w.startsWith('/')) out.push('/', w.slice(1));
    else out.push(w);
  }
  return out;
}

export class SrlSession implements TerminalSession {
  mode: 'running' | 'candidate' = 'running';
  ctx: Step[] = [];
  /** Contexts to return to at each `}`. */
  private stack: Step[][] = [];

  constructor(
    private dev: SrlDevice,
    readonly peer: string,
  ) {}

  banner(): string {
    return 'Using configuration file(s): []\nWelcome to the srlinux CLI.\nType \'help\' (and press <ENTER>) if you need any help using this.\n';
  }

  statusLine(): string {
    const where = pathText(this.ctx);
    const m = this.mode === 'running' ? 'running' : `${sameD(this.dev.candidate, this.dev.running) ? '' : '* '}candidate shared default`;
    return `--{ ${m} }--[ ${where ? `${where} ` : ' '}]--`;
  }

  prompt(): string {
    return `${this.statusLine()}\nA:${this.dev.node.hostname}# `;
  }

  async execute(line: string): Promise<CommandResult> {
    try {
      return { output: this.run(line) };
    } catch (e) {
      if (e instanceof CliError) return { output: `${e.message}\n`, failed: true };
      throw e;
    }
  }

  private tree() {
    return this.mode === 'running' ? this.dev.running : this.dev.candidate;
  }

  run(line: string): string {
    const t = line.trim();
    if (!t || t.startsWith('#')) return '';
    if (t.endsWith('?')) return this.help(t.slice(0, -1));
    const w = tokens(t);
    const j = w.join(' ');
    if (j === 'enter candidate' || j === 'enter candidate shared') {
      this.mode = 'candidate';
      return '';
    }
    if (j === 'enter running') {
      this.mode = 'running';
      return '';
    }
    if (j === 'commit now' || j === 'commit stay') {
      if (this.mode !== 'candidate') throw new CliError('Error: commit is only available in candidate mode');
      this.dev.commit();
      if (j === 'commit now') {
        this.mode = 'running';
        this.ctx = [];
        this.stack = [];
      }
      return 'All changes have been committed. ' + (j === 'commit now' ? 'Leaving candidate mode.\n' : 'Starting new transaction.\n');
    }
    if (j === 'discard now' || j === 'discard stay') {
      this.dev.candidate = cloneD(this.dev.running);
      if (j === 'discard now') {
        this.mode = 'running';
        this.ctx = [];
      }
      return '';
    }
    if (j === 'exit all' || j === '/') {
      this.ctx = [];
      this.stack = [];
      return '';
    }
    if (j === 'exit' || j === '..') {
      this.ctx = this.ctx.slice(0, -1);
      return '';
    }
    if (j === 'quit') return '';
    if (w[0] === 'info') return this.info(w.slice(1));
    if (w[0] === 'tree') return helpAt(this.ctx).map((n) => `+-- ${n}\n`).join('');
    if (w[0] === 'show') return this.dev.show(w.slice(1));
    if (w[0] === '}') {
      this.ctx = this.stack.pop() ?? this.ctx;
      return w.length > 1 ? this.run(w.slice(1).join(' ')) : '';
    }
    let op: 'set' | 'delete' | 'nav' = 'nav';
    let rest = w;
    if (w[0] === 'set' || w[0] === 'delete') {
      op = w[0];
      rest = w.slice(1);
    }
    const braces = rest.some((x) => x === '{' || x === '}');
    if (this.mode === 'running') {
      if (op !== 'nav' || braces) throw new CliError(`Error: ${op === 'nav' ? 'set' : op} is not available in running mode, use 'enter candidate' first`);
      const end = walk(cloneD(this.tree()), this.ctx, rest, 'nav');
      if (end.leaf) throw new CliError("Error: set is not available in running mode, use 'enter candidate' first");
      this.ctx = end;
      return '';
    }
    if (op === 'delete' && braces) throw new CliError("Parsing error: Unknown token '{'. 'delete' takes a path");
    // The line applies to a copy: a line with an error changes nothing.
    const work = cloneD(this.dev.candidate);
    let ctx = this.ctx;
    const stack = [...this.stack];
    let words: string[] = [];
    for (const x of rest) {
      if (x === '{') {
        const end = walk(work, ctx, words, 'set');
        if (end.leaf) throw new CliError(`Parsing error: Unknown token '{'. '${words[words.length - 2] ?? ''}' is a leaf`);
        stack.push(ctx);
        ctx = end;
        words = [];
      } else if (x === '}') {
        if (words.length) walk(work, ctx, words, 'set');
        words = [];
        ctx = stack.pop() ?? ctx;
      } else {
        words.push(x);
      }
    }
    if (words.length) {
      const end = walk(work, ctx, words, op === 'nav' ? 'set' : op);
      if (op === 'nav' && !end.leaf) ctx = end;
    }
    this.dev.candidate = work;
    this.ctx = ctx;
    this.stack = stack;
    return '';
  }

  close(): void {}

  internalError(): string {
    return 'Error: Internal error\n';
  }

  /** `?` after a (possibly empty) path: the children offered where that path ends. */
  private help(before: string): string {
    const w = tokens(before).filter((x) => x !== 'set' && x !== 'delete' && x !== 'info' && x !== 'flat');
    const at: Step[] & { leaf?: boolean } = w.length ? walk(cloneD(this.tree()), this.ctx, w, 'nav') : this.ctx;
    if (at.leaf) return 'Parsing error: a leaf takes a value\n';
    const local = at.length === 0 && w.length === 0 ? ['commit', 'delete', 'discard', 'enter', 'exit', 'info', 'set', 'show', 'tree'] : [];
    const out = helpAt(at).map((n) => `  ${n}\n`);
    return (local.length ? `Local commands:\n${local.map((n) => `  ${n}\n`).join('')}\n` : '') + out.join('');
  }

  /** `info [flat|detail] [path]`: a path argument is printed inside its own blocks, as SR Linux does. */
  private info(args: string[]): string {
    let a = args;
    let form: 'block' | 'flat' = 'block';
    if (a[0] === 'flat' || a[0] === 'detail') {
      if (a[0] === 'flat') form = 'flat';
      a = a.slice(1);
    }
    if (a[0] === 'from' && a[1] === 'running') a = a.slice(2);
    const at: Step[] & { leaf?: boolean } = a.length ? walk(cloneD(this.tree()), this.ctx, a, 'nav') : this.ctx;
    if (at.leaf) throw new CliError(`Parsing error: 'info' takes a container or list path, '${a[a.length - 1]}' is a leaf`);
    if (form === 'flat') return flat(this.tree(), at).map((l) => `${l}\n`).join('');
    if (!a.length) return info(this.tree(), at).map((l) => `${l}\n`).join('');
    // The steps the argument added to the context, each an enclosing block.
    const base = a[0] === '/' ? 0 : this.ctx.length;
    const rel = at.slice(base);
    const body = info(this.tree(), at, '    '.repeat(rel.length + 1));
    if (!body.length && !nodeExists(this.tree(), at)) return '';
    const open = rel.map((s, k) => `${'    '.repeat(k + 1)}${pathText([s])} {`);
    const close = rel.map((_, k) => `${'    '.repeat(rel.length - k)}}`);
    return [...open, ...body, ...close].map((l) => `${l}\n`).join('');
  }
}

