/**
 * VRP command matching: keywords abbreviate to any unambiguous prefix, typed parameters are
 * checked, and a failure names the position of the first bad word so the session can draw
 * VRP's caret line. Interface names typed as two words (`gigabitethernet 0/1/0`,
 * `loopback 1`) are joined into one token first.
 *
 * Pattern tokens: `keyword`, `<name:kind>` (kinds: word, int, ip, mask (dotted or length),
 * if, rt (route target / RD `A:N`)), `<name...>` (rest of the line, at least one word).
 */
import { maskToLen, parseIPv4 } from '../../net/addr';

export interface Word {
  text: string;
  /** Offset of the word in the typed line (for the caret). */
  at: number;
}

type ArgKind = 'word' | 'int' | 'ip' | 'mask' | 'if' | 'rt';

interface Tok {
  kind: 'kw' | 'arg' | 'rest';
  text: string;
  arg?: ArgKind;
}

export interface Command<C> {
  pattern: string;
  run: (ctx: C, a: Record<string, string>) => string | void | Promise<string | void>;
  /** `undo <pattern>` is accepted and runs with ctx.undo set. */
  undo?: boolean;
}

export type Lookup<C> =
  | { kind: 'ok'; cmd: Command<C>; args: Record<string, string>; undo: boolean }
  | { kind: 'error'; error: 'Unrecognized command' | 'Incomplete command' | 'Wrong parameter' | 'Ambiguous command'; at: number };

const IF_TYPES: Array<{ stem: string; canon: string; num: RegExp }> = [
  { stem: 'gigabitethernet', canon: 'GigabitEthernet', num: /^\d+\/\d+\/\d+$/ },
  { stem: 'loopback', canon: 'LoopBack', num: /^\d+$/ },
];

/** `gigabitethernet0/1/0`, `GE0/1/0`, `g0/1/0`, `loopback1`, `LoopBack1` -> canonical name. */
export function canonIfName(s: string): string | undefined {
  const m = /^([a-z-]+)\s*(\d+(?:\/\d+)*)$/i.exec(s.trim());
  if (!m) return undefined;
  const stem = m[1].toLowerCase();
  const t = stem === 'ge' ? IF_TYPES[0] : IF_TYPES.find((x) => x.stem.startsWith(stem));
  if (!t || !t.num.test(m[2])) return undefined;
  return t.canon + m[2];
}

/** Split a line into words with offsets, joining `<if-type> <number>` into one word. */
export function tokenize(line: string): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ text: m[0], at: m.index });
  const joined: Word[] = [];
  for (let i = 0; i < out.length; i++) {
    const w = out[i];
    const n = out[i + 1];
    if (n && /^[a-z-]+$/i.test(w.text) && canonIfName(w.text + n.text) && w.text.length >= 2) {
      joined.push({ text: w.text + n.text, at: w.at });
      i++;
    } else {
      joined.push(w);
    }
  }
  return joined;
}

function compile(pattern: string): Tok[] {
  return pattern.split(/\s+/).map((t): Tok => {
    const r = /^<([\w-]+)\.\.\.>$/.exec(t);
    if (r) return { kind: 'rest', text: r[1] };
    const a = /^<([\w-]+)(?::(\w+))?>$/.exec(t);
    if (a) return { kind: 'arg', text: a[1], arg: (a[2] ?? 'word') as ArgKind };
    return { kind: 'kw', text: t.toLowerCase() };
  });
}

function argOk(kind: ArgKind, w: string): string | undefined {
  switch (kind) {
    case 'word':
      return w;
    case 'int':
      return /^\d+$/.test(w) ? w : undefined;
    case 'ip':
      return parseIPv4(w) ? w : undefined;
    case 'mask':
      if (/^\d+$/.test(w)) return Number(w) <= 32 ? w : undefined;
      return maskToLen(4, w) !== undefined ? String(maskToLen(4, w)) : undefined;
    case 'if':
      return canonIfName(w);
    case 'rt':
      return /^(\d+|\d+\.\d+\.\d+\.\d+):\d+$/.test(w) ? w : undefined;
  }
}

interface Attempt {
  /** Words consumed before the failure (words.length when the pattern matched). */
  pos: number;
  fail?: 'kw' | 'arg' | 'short' | 'long';
  args: Record<string, string>;
  exact: number;
  kws: string;
}

function attempt(toks: Tok[], words: Word[]): Attempt {
  const args: Record<string, string> = {};
  let exact = 0;
  const kws: string[] = [];
  let i = 0;
  for (const t of toks) {
    if (t.kind === 'rest') {
      if (i >= words.length) return { pos: i, fail: 'short', args, exact, kws: kws.join(' ') };
      args[t.text] = words.slice(i).map((w) => w.text).join(' ');
      return { pos: words.length, args, exact, kws: kws.join(' ') };
    }
    const w = words[i];
    if (!w) return { pos: i, fail: 'short', args, exact, kws: kws.join(' ') };
    if (t.kind === 'kw') {
      const lw = w.text.toLowerCase();
      if (!t.text.startsWith(lw)) return { pos: i, fail: 'kw', args, exact, kws: kws.join(' ') };
      if (lw === t.text) exact++;
      kws.push(t.text);
    } else {
      const v = argOk(t.arg!, w.text);
      if (v === undefined) return { pos: i, fail: 'arg', args, exact, kws: kws.join(' ') };
      args[t.text] = v;
      kws.push('<>');
    }
    i++;
  }
  if (i < words.length) return { pos: i, fail: 'long', args, exact, kws: kws.join(' ') };
  return { pos: i, args, exact, kws: kws.join(' ') };
}

/** Commands per view. A duplicate pattern in a view throws. */
export class CommandTable<C> {
  private views = new Map<string, Array<{ cmd: Command<C>; toks: Tok[] }>>();

  add(view: string, cmd: Command<C>): void {
    const list = this.views.get(view) ?? [];
    if (list.some((c) => c.cmd.pattern === cmd.pattern)) throw new Error(`duplicate command '${cmd.pattern}' in view ${view}`);
    list.push({ cmd, toks: compile(cmd.pattern) });
    this.views.set(view, list);
  }

  lookup(view: string, words: Word[]): Lookup<C> {
    const list = this.views.get(view) ?? [];
    const undo = words.length > 0 && 'undo'.startsWith(words[0].text.toLowerCase()) && words[0].text.length >= 2;
    const tries: Array<{ c: (typeof list)[number]; a: Attempt; undo: boolean; off: number }> = [];
    for (const c of list) {
      tries.push({ c, a: attempt(c.toks, words), undo: false, off: 0 });
      if (undo && c.cmd.undo) tries.push({ c, a: attempt(c.toks, words.slice(1)), undo: true, off: 1 });
    }
    const ok = tries.filter((t) => !t.a.fail);
    if (ok.length) {
      const best = Math.max(...ok.map((t) => t.a.exact - t.off));
      const top = ok.filter((t) => t.a.exact - t.off === best);
      const kinds = new Set(top.map((t) => `${t.undo}|${t.a.kws}`));
      if (kinds.size > 1) {
        // Several keyword sequences take these words: a prefix matched more than one keyword.
        const spec = top.filter((t) => t.c.toks.filter((x) => x.kind === 'kw').length === Math.max(...top.map((u) => u.c.toks.filter((x) => x.kind === 'kw').length)));
        if (new Set(spec.map((t) => `${t.undo}|${t.a.kws}`)).size > 1) return { kind: 'error', error: 'Ambiguous command', at: firstDiff(top, words) };
        return { kind: 'ok', cmd: spec[0].c.cmd, args: spec[0].a.args, undo: spec[0].undo };
      }
      return { kind: 'ok', cmd: top[0].c.cmd, args: top[0].a.args, undo: top[0].undo };
    }
    if (words.length === 0) return { kind: 'error', error: 'Incomplete command', at: 0 };
    // The failure that got furthest names the position.
    let far = -1;
    let fail: Attempt['fail'];
    for (const t of tries) {
      const p = t.a.pos + t.off;
      const rank = (f: Attempt['fail']) => (f === 'arg' ? 3 : f === 'short' ? 2 : f === 'long' ? 1 : 0);
      if (p > far || (p === far && rank(t.a.fail) > rank(fail))) {
        far = p;
        fail = t.a.fail;
      }
    }
    if (fail === 'short') {
      const last = words[words.length - 1];
      return { kind: 'error', error: 'Incomplete command', at: last.at + last.text.length + 1 };
    }
    const w = words[Math.max(0, Math.min(far, words.length - 1))];
    return { kind: 'error', error: fail === 'arg' ? 'Wrong parameter' : 'Unrecognized command', at: w.at };
  }
}

function firstDiff(top: Array<{ a: Attempt; off: number }>, words: Word[]): number {
  const seqs = top.map((t) => t.a.kws.split(' '));
  for (let i = 0; i < words.length; i++) {
    const s = new Set(seqs.map((q) => q[i]));
    if (s.size > 1) return words[i].at;
  }
  return words[0].at;
}
