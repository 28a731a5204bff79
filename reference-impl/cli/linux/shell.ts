/**
 * A bash-like shell on a Linux host: the `bash-5.0#` prompt of `docker exec -it NODE bash`, words
 * with quotes, `;`, `&&` and `||`, `#` comments, `$?`, scripts run line by line (`bash FILE`,
 * `sh FILE`, `bash -c '...'`, `. FILE`; without `set -e` a failing line does not stop the
 * script, as in bash), and the commands a CE needs: ip, ping, arping, tcpdump, cat, hostname,
 * echo, sleep, timeout, true, false, exit. Unknown commands: `bash: foo: command not found` (127).
 */
import type { CommandResult, TerminalSession } from '../../mgmt/terminal';
import { commandControl } from '../../mgmt/command';
import { Capture, withSignal, type Command, type Io } from './io';
import { ipCommand } from './ip';
import { arpingCommand, pingCommand, sleepFor } from './tools';
import { tcpdumpCommand } from './tcpdump';
import { procBonding } from './bonding';
import type { LinuxDevice } from './device';

export const PROMPT = 'bash-5.0# ';
/** Commands that wait on the lab clock: refused in a topology's exec, which runs before it does. */
const TIMED = new Set(['ping', 'arping', 'tcpdump', 'sleep']);
/** Deepest nesting of scripts (bash FILE inside FILE...), as bash's own FUNCNEST-like guard. */
const MAX_DEPTH = 16;

type Op = ';' | '&&' | '||';

/** Splits a line into commands joined by ; && ||, each a list of words (quotes removed). */
export function parseLine(line: string): { cmds: Array<{ words: string[]; op: Op }>; error?: string } {
  const cmds: Array<{ words: string[]; op: Op }> = [];
  let words: string[] = [];
  let cur: string | undefined;
  let op: Op = ';';
  const endWord = () => {
    if (cur !== undefined) words.push(cur);
    cur = undefined;
  };
  const endCmd = (next: Op) => {
    endWord();
    if (words.length) cmds.push({ words, op });
    else if (next !== ';' || op !== ';') return `bash: syntax error near unexpected token \`${next}'`;
    words = [];
    op = next;
    return undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) { cur = (cur ?? '') + line[++i]; continue; }
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) return { cmds: [], error: "bash: unexpected EOF while looking for matching `''" };
      cur = (cur ?? '') + line.slice(i + 1, j);
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) s += line[++j];
        else s += line[j];
      }
      if (j >= line.length) return { cmds: [], error: 'bash: unexpected EOF while looking for matching `"\'' };
      cur = (cur ?? '') + s;
      i = j;
      continue;
    }
    if (c === '#' && cur === undefined) break;
    if (c === ' ' || c === '\t') { endWord(); continue; }
    if (c === ';') { const e = endCmd(';'); if (e) return { cmds: [], error: e }; continue; }
    if (c === '&' && line[i + 1] === '&') { i++; const e = endCmd('&&'); if (e) return { cmds: [], error: e }; continue; }
    if (c === '|' && line[i + 1] === '|') { i++; const e = endCmd('||'); if (e) return { cmds: [], error: e }; continue; }
    if (c === '|' || c === '>' || c === '<' || c === '&') {
      return { cmds: [], error: `netproof: this host's shell has no pipes, redirections or background jobs ('${c}')` };
    }
    cur = (cur ?? '') + c;
  }
  endWord();
  if (words.length) cmds.push({ words, op });
  else if (op !== ';') return { cmds: [], error: 'bash: syntax error: unexpected end of file' };
  return { cmds };
}

/** Where a script line comes from, for bash's `FILE: line N: ...` error prefix. */
interface Where {
  script?: string;
  line?: number;
}

/** A value now, or later: commands that need no time run synchronously (a topology's exec at boot). */
type MaybeP<T> = T | Promise<T>;

function chain<T, U>(v: MaybeP<T>, f: (t: T) => MaybeP<U>): MaybeP<U> {
  return v instanceof Promise ? v.then(f) : f(v);
}

export class Shell {
  status = 0;
  errexit = false;
  exited?: number;

  constructor(readonly dev: LinuxDevice) {}

  /** Runs one line; its exit status (at once when no command on it needs time). */
  runLine(line: string, io: Io, where: Where = {}, depth = 0): MaybeP<number> {
    const { cmds, error } = parseLine(line);
    if (error) {
      io.err(`${prefix(where)}${error.replace(/^bash: /, '')}\n`);
      return (this.status = 2);
    }
    const loop = (k: number): MaybeP<number> => {
      for (; k < cmds.length; k++) {
        if (this.exited !== undefined || io.signal.aborted) break;
        const c = cmds[k];
        if (c.op === '&&' && this.status !== 0) continue;
        if (c.op === '||' && this.status === 0) continue;
        const words = c.words.map((w) => w.replace(/\$\?/g, String(this.status)));
        const r = this.runCommand(words, io, where, depth);
        if (r instanceof Promise) {
          const next = k + 1;
          return r.then((st) => {
            this.status = st;
            return loop(next);
          });
        }
        this.status = r;
      }
      return this.status;
    };
    return loop(0);
  }

  private runCommand(words: string[], io: Io, where: Where, depth: number): MaybeP<number> {
    const [cmd, ...args] = words;
    const dev = this.dev;
    const builtin: Record<string, Command> = {
      ip: (a, o) => ipCommand(dev, a, o),
      ping: (a, o) => pingCommand(dev, a, o),
      arping: (a, o) => arpingCommand(dev, a, o),
      tcpdump: (a, o) => tcpdumpCommand(dev, a, o),
      hostname: (a, o) => {
        if (a.length) { o.err('hostname: you must be root to change the host name\n'); return 1; }
        o.out(`${dev.node.hostname}\n`);
        return 0;
      },
      cat: (a, o) => this.cat(a, o),
      echo: (a, o) => {
        const n = a[0] === '-n';
        o.out(a.slice(n ? 1 : 0).join(' ') + (n ? '' : '\n'));
        return 0;
      },
      true: () => 0,
      false: () => 1,
      sleep: (a, o) => sleepCommand(dev, a, o),
      set: (a) => {
        for (const x of a) {
          if (x === '-e') this.errexit = true;
          else if (x === '+e') this.errexit = false;
        }
        return 0;
      },
      exit: (a, o) => {
        const n = a[0] === undefined ? this.status : Number(a[0]);
        if (!Number.isInteger(n)) { o.err(`bash: exit: ${a[0]}: numeric argument required\n`); this.exited = 2; return 2; }
        this.exited = ((n % 256) + 256) % 256;
        return this.exited;
      },
      timeout: (a, o) => this.timeout(a, o, where, depth),
      bash: (a, o) => this.bash(a, o, depth),
      sh: (a, o) => this.bash(a, o, depth),
      source: (a, o) => this.source(a, o, depth),
      '.': (a, o) => this.source(a, o, depth),
    };
    const f = Object.prototype.hasOwnProperty.call(builtin, cmd) ? builtin[cmd] : undefined;
    if (!f) {
      io.err(`${prefix(where, 'bash: ')}${cmd}: command not found\n`);
      return 127;
    }
    if (io.boot && TIMED.has(cmd)) {
      io.err(`netproof: ${cmd} needs the lab clock running; not available in a topology exec\n`);
      return 2;
    }
    return f(args, io);
  }

  private cat(a: string[], io: Io): number {
    let st = 0;
    for (const f of a) {
      const bond = /^\/proc\/net\/bonding\/(.+)$/.exec(f);
      const text = bond ? procBonding(this.dev, bond[1]) : this.dev.files.get(f);
      if (text === undefined) {
        io.err(`cat: ${f}: No such file or directory\n`);
        st = 1;
        continue;
      }
      io.out(text);
    }
    return st;
  }

  private timeout(a: string[], io: Io, where: Where, depth: number): MaybeP<number> {
    const [dur, ...cmd] = a;
    const secs = dur === undefined ? NaN : parseDuration(dur);
    if (!cmd.length || !Number.isFinite(secs)) {
      io.err(dur === undefined || !cmd.length ? "timeout: missing operand\nTry 'timeout --help' for more information.\n" : `timeout: invalid time interval '${dur}'\nTry 'timeout --help' for more information.\n`);
      return 125;
    }
    const ac = new AbortController();
    const sched = this.dev.node.sched;
    const h = sched.schedule(Math.round(secs * 1e6), () => ac.abort(), this.dev.node.name);
    return chain(this.runCommand(cmd, withSignal(io, ac.signal), where, depth), (st) => {
      h.cancel();
      return ac.signal.aborted && !io.signal.aborted ? 124 : st;
    });
  }

  private bash(a: string[], io: Io, depth: number): MaybeP<number> {
    const opts = a.filter((x) => x.startsWith('-'));
    const rest = a.filter((x) => !x.startsWith('-'));
    if (depth >= MAX_DEPTH) return nested(io);
    if (opts.includes('-c')) return new Shell(this.dev).script('bash', rest[0] ?? '', io, depth + 1, false);
    const file = rest[0];
    if (file === undefined) {
      io.err('netproof: an interactive sub-shell is not modelled; run `bash FILE` or `bash -c CMD`\n');
      return 2;
    }
    const text = this.dev.files.get(file);
    if (text === undefined) {
      io.err(`bash: ${file}: No such file or directory\n`);
      return 127;
    }
    const sub = new Shell(this.dev);
    sub.errexit = opts.includes('-e');
    return sub.script(file, text, io, depth + 1, true);
  }

  private source(a: string[], io: Io, depth: number): MaybeP<number> {
    const file = a[0];
    const text = file === undefined ? undefined : this.dev.files.get(file);
    if (file === undefined || text === undefined) {
      io.err(file === undefined ? 'bash: .: filename argument required\n' : `bash: ${file}: No such file or directory\n`);
      return file === undefined ? 2 : 1;
    }
    if (depth >= MAX_DEPTH) return nested(io);
    return this.script(file, text, io, depth + 1, true);
  }

  /** Runs a script's lines in order; its status is the last command's (or the failing one with set -e). */
  script(name: string, text: string, io: Io, depth: number, numbered: boolean): MaybeP<number> {
    const lines = text.split(/\r?\n/);
    let st = 0;
    const run = (n: number): MaybeP<number> => {
      for (; n < lines.length; n++) {
        let line = lines[n];
        const first = n;
        while (line.endsWith('\\') && n + 1 < lines.length) line = line.slice(0, -1) + lines[++n];
        if (line.trim() === '') continue;
        const r = this.runLine(line, io, numbered ? { script: name, line: first + 1 } : { script: 'bash' }, depth);
        const after = (s: number): number | undefined => {
          st = s;
          if (this.exited !== undefined) return this.exited;
          if (io.signal.aborted) return 130;
          if (this.errexit && s !== 0) return s;
          return undefined;
        };
        if (r instanceof Promise) {
          const next = n + 1;
          return r.then((s) => after(s) ?? run(next));
        }
        const stop = after(r);
        if (stop !== undefined) return stop;
      }
      return st;
    };
    return run(0);
  }
}

function nested(io: Io): number {
  io.err(`bash: maximum script nesting level exceeded (${MAX_DEPTH})\n`);
  return 1;
}

function prefix(w: Where, dflt = 'bash: '): string {
  if (w.script && w.line !== undefined) return `${w.script}: line ${w.line}: `;
  return dflt;
}

function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(s);
  if (!m) return NaN;
  const k = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * k;
}

async function sleepCommand(dev: LinuxDevice, a: string[], io: Io): Promise<number> {
  if (!a.length) { io.err("sleep: missing operand\nTry 'sleep --help' for more information.\n"); return 1; }
  let total = 0;
  for (const x of a) {
    const s = parseDuration(x);
    if (!Number.isFinite(s)) { io.err(`sleep: invalid time interval '${x}'\nTry 'sleep --help' for more information.\n`); return 1; }
    total += s;
  }
  if (io.boot) { io.err('netproof: sleep needs the lab clock running; not available in a topology exec\n'); return 1; }
  await sleepFor(dev, Math.round(total * 1e6), io.signal);
  return io.signal.aborted ? 130 : 0;
}

/** A terminal session on the host (SSH, telnet, `netproof lab exec`). */
export class LinuxSession implements TerminalSession {
  private readonly shell: Shell;

  constructor(readonly dev: LinuxDevice) {
    this.shell = new Shell(dev);
  }

  banner(): string {
    return '';
  }

  prompt(): string {
    return PROMPT;
  }

  async execute(line: string): Promise<CommandResult> {
    const ctl = commandControl();
    const signal = ctl?.signal ?? new AbortController().signal;
    const io = new Capture(signal, false, ctl?.write, (u) => ctl?.spend(u) ?? true);
    const st = await this.shell.runLine(line, io);
    const close = this.shell.exited !== undefined;
    return { output: io.all, failed: st !== 0, exitStatus: st, close };
  }

  internalError(): string {
    return 'bash: internal error';
  }

  close(): void {}
}

export interface BootResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * One `exec` command of the topology, run at boot before the lab's clock runs (containerlab runs
 * them after the container starts). Commands that need time (ping, sleep, tcpdump) refuse there.
 */
export function runBoot(dev: LinuxDevice, command: string): BootResult {
  const io = new Capture(new AbortController().signal, true);
  const r = new Shell(dev).runLine(command, io);
  if (r instanceof Promise) {
    // Not reached: every command that waits refuses at boot before it waits.
    void r.catch(() => undefined);
    return { status: 1, stdout: io.stdout, stderr: io.stderr + 'netproof: the command did not complete at boot\n' };
  }
  return { status: r, stdout: io.stdout, stderr: io.stderr };
}
