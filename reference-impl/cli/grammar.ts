/**
 * The one command grammar of every dialect: per mode (view), a list of command patterns that
 * together form the mode's command tree; keywords abbreviate to any unambiguous prefix, typed
 * parameters are checked (with the vendor's bounds), and a failure names the kind of error and
 * the column of the first bad word, so that each dialect prints its own error there:
 *
 *   VRP       `          ^` + `Error: Unrecognized command found at '^' position.`
 *   IOS XE    `          ^` + `% Invalid input detected at '^' marker.`
 *   freeRtr   `% unknown config command entered`
 *
 * `?` help (`help`) and Tab completion (`complete`) come from the same patterns.
 *
 * Pattern tokens
 *   keyword            matched by any unambiguous prefix (`disp` for `display`)
 *   <name>             one word                          <name:word>
 *   <name:int:1-4094>  an integer within the bounds      <name:int> (any non-negative integer)
 *   <name:ip>          IPv4 address                      <name:ip6>  IPv6 address
 *   <name:addr>        IPv4 or IPv6 address              <name:prefix> A.B.C.D/LEN
 *   <name:mask>        dotted IPv4 mask or length 0-32 (the value is the length)
 *   <name:if>          an interface name, canonicalised by the dialect (`ge0/1/0`, `eth1`)
 *   <name:ifx>         the same, and it must exist on the node (the lookup's `env.ifExists`)
 *   <name:rt>          route target / distinguisher `ASN:N` or `A.B.C.D:N`
 *   <name...>          the rest of the line (at least one word); [<name...>] possibly empty
 *
 * Adding a protocol to a dialect: in `cli/<dialect>/<protocol>.ts`, register its commands
 * with `table.add(mode, { pattern, run, negatable })` inside the part's `register(t)`; give
 * every numeric parameter its vendor range. Nothing else in the dialect changes.
 */
import { maskToLen, parseIPv4, parseIPv6 } from '../net/addr';

export interface Word {
  text: string;
  /** Offset of the word in the typed line (for the caret). */
  at: number;
}

type ArgKind = 'word' | 'int' | 'ip' | 'ip6' | 'addr' | 'prefix' | 'mask' | 'if' | 'ifx' | 'rt';

interface Tok {
  kind: 'kw' | 'arg' | 'rest' | 'optrest';
  text: string;
  arg?: ArgKind;
  lo?: number;
  hi?: number;
}

export interface Command<C> {
  pattern: string;
  run: (ctx: C, a: Record<string, string>) => string | void | Promise<string | void>;
  /** The dialect's negation (`undo`, `no`) in front of the pattern is accepted. */
  negatable?: boolean;
}

export type GrammarError = 'unknown' | 'incomplete' | 'bad-value' | 'out-of-range' | 'no-interface' | 'ambiguous';

export type Lookup<C> =
  | { kind: 'ok'; cmd: Command<C>; args: Record<string, string>; negated: boolean }
  | {
      kind: 'error';
      error: GrammarError;
      /** Column of the bad word in the line (for `incomplete`: one past the end of the last word). */
      at: number;
      /** The bad word (undefined for `incomplete`). */
      word?: string;
      /** The bounds that were broken (`out-of-range`). */
      range?: [number, number];
    };

export interface GrammarOptions {
  /** The negation keyword (`undo` on VRP, `no` elsewhere) and the shortest prefix of it accepted. */
  negation?: { word: string; minLen: number };
  /** The dialect's interface names: canonical form or undefined. */
  canonIf?: (s: string) => string | undefined;
  /** Split a line into words (VRP joins `GigabitEthernet 0/1/0`); default: on white space. */
  tokenize?: (line: string) => Word[];
}

/** What a lookup may ask of the node. */
export interface LookupEnv {
  ifExists?(name: string): boolean;
}

/** Words with their offsets. */
export function words(line: string): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ text: m[0], at: m.index });
  return out;
}

export function splitWords(line: string): string[] {
  return words(line).map((w) => w.text);
}

function compile(pattern: string): Tok[] {
  return pattern
    .trim()
    .split(/\s+/)
    .map((t): Tok => {
      // Most tokens are keywords: no pattern matching for them.
      if (!/[<>[\]]/.test(t)) return { kind: 'kw', text: t.toLowerCase() };
      const o = /^\[<([\w-]+)\.\.\.>\]$/.exec(t);
      if (o) return { kind: 'optrest', text: o[1] };
      const r = /^<([\w-]+)\.\.\.>$/.exec(t);
      if (r) return { kind: 'rest', text: r[1] };
      const a = /^<([\w-]+)(?::(\w+))?(?::(\d+)-(\d+))?>$/.exec(t);
      if (a) {
        const kind = (a[2] ?? 'word') as ArgKind;
        if (!['word', 'int', 'ip', 'ip6', 'addr', 'prefix', 'mask', 'if', 'ifx', 'rt'].includes(kind)) throw new Error(`pattern '${pattern}': unknown parameter kind '${kind}'`);
        return { kind: 'arg', text: a[1], arg: kind, lo: a[3] !== undefined ? Number(a[3]) : undefined, hi: a[4] !== undefined ? Number(a[4]) : undefined };
      }
      if (/[<>[\]]/.test(t)) throw new Error(`pattern '${pattern}': bad token '${t}'`);
      return { kind: 'kw', text: t.toLowerCase() };
    });
}

type Check = { ok: string } | { fail: 'bad-value' | 'out-of-range' | 'no-interface'; range?: [number, number] };

function checkArg(t: Tok, w: string, opts: GrammarOptions, env: LookupEnv): Check {
  switch (t.arg!) {
    case 'word':
      return { ok: w };
    case 'int': {
      if (!/^\d+$/.test(w)) return { fail: 'bad-value' };
      const n = Number(w);
      if ((t.lo !== undefined && n < t.lo) || (t.hi !== undefined && n > t.hi)) return { fail: 'out-of-range', range: [t.lo ?? 0, t.hi ?? Number.MAX_SAFE_INTEGER] };
      return { ok: String(n) };
    }
    case 'ip':
      return parseIPv4(w) ? { ok: w } : { fail: 'bad-value' };
    case 'ip6':
      return parseIPv6(w) ? { ok: w } : { fail: 'bad-value' };
    case 'addr':
      return parseIPv4(w) || parseIPv6(w) ? { ok: w } : { fail: 'bad-value' };
    case 'prefix': {
      const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(w);
      return m && parseIPv4(m[1]) && Number(m[2]) <= 32 ? { ok: w } : { fail: 'bad-value' };
    }
    case 'mask':
      if (/^\d+$/.test(w)) return Number(w) <= 32 ? { ok: String(Number(w)) } : { fail: 'out-of-range', range: [0, 32] };
      return maskToLen(4, w) !== undefined ? { ok: String(maskToLen(4, w)) } : { fail: 'bad-value' };
    case 'if':
    case 'ifx': {
      const n = opts.canonIf ? opts.canonIf(w) : w;
      if (!n) return { fail: 'bad-value' };
      if (t.arg === 'ifx' && env.ifExists && !env.ifExists(n)) return { fail: 'no-interface' };
      return { ok: n };
    }
    case 'rt':
      return /^(\d+|\d+\.\d+\.\d+\.\d+):\d+$/.test(w) ? { ok: w } : { fail: 'bad-value' };
  }
}

interface Attempt {
  /** Words consumed before the failure (words.length when the pattern matched). */
  pos: number;
  fail?: 'kw' | 'short' | 'long' | 'bad-value' | 'out-of-range' | 'no-interface';
  range?: [number, number];
  args: Record<string, string>;
  exact: number;
  /** The keywords matched, `<>` for each parameter (joined only when two answers compete). */
  kws: string[];
}

/** The answer of every command whose first keyword the line's first word does not abbreviate (shared, never written). */
const KW_FAIL: Attempt = Object.freeze({ pos: 0, fail: 'kw', args: Object.freeze({}) as Record<string, string>, exact: 0, kws: Object.freeze([]) as unknown as string[] });

function result(pos: number, fail: Attempt['fail'], range: [number, number] | undefined, args: Record<string, string>, exact: number, kws: string[]): Attempt {
  return { pos, fail, range, args, exact, kws };
}

function attempt(toks: Tok[], ws: Word[], opts: GrammarOptions, env: LookupEnv, first?: string): Attempt {
  // Most commands of a mode fail on their first keyword: say so without building anything.
  const t0 = toks[0];
  if (first !== undefined && t0 !== undefined && t0.kind === 'kw' && !t0.text.startsWith(first)) return KW_FAIL;
  const args: Record<string, string> = {};
  let exact = 0;
  const kws: string[] = [];
  let i = 0;
  for (const t of toks) {
    if (t.kind === 'rest' || t.kind === 'optrest') {
      if (t.kind === 'rest' && i >= ws.length) return result(i, 'short', undefined, args, exact, kws);
      let joined = '';
      for (let k = i; k < ws.length; k++) joined += (k > i ? ' ' : '') + ws[k].text;
      args[t.text] = joined;
      return result(ws.length, undefined, undefined, args, exact, kws);
    }
    const w = ws[i];
    if (!w) return result(i, 'short', undefined, args, exact, kws);
    if (t.kind === 'kw') {
      const lw = w.text.toLowerCase();
      if (!t.text.startsWith(lw)) return result(i, 'kw', undefined, args, exact, kws);
      if (lw === t.text) exact++;
      kws.push(t.text);
    } else {
      const c = checkArg(t, w.text, opts, env);
      if ('fail' in c) return result(i, c.fail, c.range, args, exact, kws);
      args[t.text] = c.ok;
      kws.push('<>');
    }
    i++;
  }
  return result(i, i < ws.length ? 'long' : undefined, undefined, args, exact, kws);
}

interface Entry<C> {
  cmd: Command<C>;
  toks: Tok[];
  /** Position in its mode's list. */
  order: number;
}

const RANK: Record<NonNullable<Attempt['fail']>, number> = { 'no-interface': 5, 'out-of-range': 4, 'bad-value': 3, short: 2, long: 1, kw: 0 };

/** Commands per mode. A duplicate pattern in a mode throws. */
export class CommandTable<C> {
  private modes = new Map<string, Array<Entry<C>>>();
  /**
   * Per mode and first letter: the commands a line starting with that letter may be (those whose
   * first keyword starts with it, and those that start with a parameter), in table order. Built
   * on first use, dropped by add(): a lookup attempts these instead of the whole mode.
   */
  private index = new Map<string, Map<string, Array<Entry<C>>>>();
  /** mode + pattern of every command, for the duplicate check. */
  private patterns = new Set<string>();

  constructor(readonly opts: GrammarOptions = {}) {}

  add(mode: string, cmd: Command<C>): void {
    const list = this.modes.get(mode) ?? [];
    const key = `${mode}\n${cmd.pattern}`;
    if (this.patterns.has(key)) throw new Error(`duplicate command '${cmd.pattern}' in mode ${mode}`);
    list.push({ cmd, toks: compile(cmd.pattern), order: list.length });
    this.patterns.add(key);
    this.modes.set(mode, list);
    this.index.delete(mode);
  }

  /** The commands of `mode` that a line whose first word is `w` may be (all of them without a word). */
  private candidates(mode: string, list: Array<Entry<C>>, w: string | undefined): Array<Entry<C>> {
    if (!w) return list;
    let byLetter = this.index.get(mode);
    if (!byLetter) this.index.set(mode, (byLetter = new Map()));
    const letter = w[0];
    let c = byLetter.get(letter);
    if (!c) byLetter.set(letter, (c = list.filter((e) => e.toks[0]?.kind !== 'kw' || e.toks[0].text.startsWith(letter))));
    return c;
  }

  tokenize(line: string): Word[] {
    return this.opts.tokenize ? this.opts.tokenize(line) : words(line);
  }

  private isNegation(w: Word | undefined): boolean {
    const n = this.opts.negation;
    if (!n || !w) return false;
    const lw = w.text.toLowerCase();
    return lw.length >= n.minLen && n.word.startsWith(lw);
  }

  lookup(mode: string, line: string | Word[], env: LookupEnv = {}): Lookup<C> {
    const ws = typeof line === 'string' ? this.tokenize(line) : line;
    const list = this.modes.get(mode) ?? [];
    const neg = this.isNegation(ws[0]);
    const tries: Array<{ c: Entry<C>; a: Attempt; negated: boolean; off: number }> = [];
    const first = ws[0]?.text.toLowerCase();
    const rest = neg ? ws.slice(1) : ws;
    const second = rest[0]?.text.toLowerCase();
    // The same tries, in the same order, as attempting every command of the mode (plain, then
    // negated), less those that fail on their first keyword; what those would have said is
    // put back below (skippedPlain, skippedNeg).
    const plain = this.candidates(mode, list, first);
    const negs = neg ? this.candidates(mode, list, second) : [];
    let skippedNeg = false;
    if (neg) {
      let n = 0;
      for (const e of negs) if (e.cmd.negatable) n++;
      for (const e of list) if (e.cmd.negatable) n--;
      skippedNeg = n < 0;
    }
    for (let i = 0, j = 0; i < plain.length || j < negs.length; ) {
      const p = plain[i];
      const q = negs[j];
      if (p && (!q || p.order <= q.order)) {
        tries.push({ c: p, a: attempt(p.toks, ws, this.opts, env, first), negated: false, off: 0 });
        i++;
        if (q && q === p) {
          if (q.cmd.negatable) tries.push({ c: q, a: attempt(q.toks, rest, this.opts, env, second), negated: true, off: 1 });
          j++;
        }
      } else if (q) {
        if (q.cmd.negatable) tries.push({ c: q, a: attempt(q.toks, rest, this.opts, env, second), negated: true, off: 1 });
        j++;
      }
    }
    const ok = tries.filter((t) => !t.a.fail);
    if (ok.length === 1) return { kind: 'ok', cmd: ok[0].c.cmd, args: ok[0].a.args, negated: ok[0].negated };
    if (ok.length) {
      // Plain forms before negated ones, then the most exactly typed keywords.
      const best = Math.max(...ok.map((t) => t.a.exact - t.off));
      const top = ok.filter((t) => t.a.exact - t.off === best);
      const kinds = new Set(top.map((t) => `${t.negated}|${t.a.kws.join(' ')}`));
      if (kinds.size > 1) {
        // Several keyword sequences take these words: prefer the most specific pattern.
        const kw = (t: (typeof top)[number]) => t.c.toks.filter((x) => x.kind === 'kw').length;
        const most = Math.max(...top.map(kw));
        const spec = top.filter((t) => kw(t) === most);
        if (new Set(spec.map((t) => `${t.negated}|${t.a.kws.join(' ')}`)).size > 1) {
          const at = firstDiff(spec, ws);
          return { kind: 'error', error: 'ambiguous', at: at.at, word: at.text };
        }
        return { kind: 'ok', cmd: spec[0].c.cmd, args: spec[0].a.args, negated: spec[0].negated };
      }
      return { kind: 'ok', cmd: top[0].c.cmd, args: top[0].a.args, negated: top[0].negated };
    }
    if (ws.length === 0) return { kind: 'error', error: 'incomplete', at: 0 };
    // The failure that got furthest names the position.
    let far = -1;
    let fail: Attempt | undefined;
    for (const t of tries) {
      const p = t.a.pos + t.off;
      if (p > far || (p === far && RANK[t.a.fail!] > RANK[fail!.fail!])) {
        far = p;
        fail = t.a;
      }
    }
    // A skipped command failed on its first keyword: position 0 (plain) or 1 (negated), the lowest rank.
    if (plain.length < list.length && far < 0) {
      far = 0;
      fail = KW_FAIL;
    }
    if (skippedNeg && far < 1) {
      far = 1;
      fail = KW_FAIL;
    }
    if (!fail) return { kind: 'error', error: 'unknown', at: ws[0].at, word: ws[0].text };
    const f = fail;
    if (f.fail === 'short') {
      const last = ws[ws.length - 1];
      return { kind: 'error', error: 'incomplete', at: last.at + last.text.length + 1 };
    }
    const w = ws[Math.max(0, Math.min(far, ws.length - 1))];
    const error: GrammarError = f.fail === 'kw' || f.fail === 'long' ? 'unknown' : f.fail!;
    return { kind: 'error', error, at: w.at, word: w.text, range: f.range };
  }

  /**
   * `?` help: what may follow the words typed so far. With `partial`, the last word is being
   * typed and the keywords it abbreviates are listed. Parameters show as `<name>` with their
   * bounds (`<1-4094>`), as vendors list them.
   */
  help(mode: string, line: string, env: LookupEnv = {}): string[] {
    const partial = line.length > 0 && !/\s$/.test(line);
    const ws = this.tokenize(line);
    const before = partial ? ws.slice(0, -1) : ws;
    const last = partial ? ws[ws.length - 1]?.text.toLowerCase() : undefined;
    const out = new Set<string>();
    for (const c of this.modes.get(mode) ?? []) {
      for (const off of this.isNegation(before[0]) && c.cmd.negatable ? [0, 1] : [0]) {
        const pre = before.slice(off);
        const toks = c.toks;
        if (pre.length > toks.length) continue;
        const a = attempt(toks.slice(0, pre.length), pre, this.opts, env);
        if (a.fail) {
          if (a.fail !== 'long' || !toks.slice(0, pre.length).some((t) => t.kind === 'rest' || t.kind === 'optrest')) continue;
        }
        const next = toks[pre.length];
        if (!next) {
          if (!partial) out.add('<cr>');
          continue;
        }
        if (next.kind === 'kw') {
          if (last === undefined || next.text.startsWith(last)) out.add(next.text);
        } else if (last === undefined) {
          out.add(next.kind === 'arg' && next.arg === 'int' && next.lo !== undefined ? `<${next.lo}-${next.hi}>` : `<${next.text}>`);
        }
      }
    }
    return [...out].sort((a, b) => (a === '<cr>' ? 1 : b === '<cr>' ? -1 : a.localeCompare(b)));
  }

  /** Tab completion: the line with its last word completed when one keyword fits, else undefined. */
  complete(mode: string, line: string, env: LookupEnv = {}): string | undefined {
    if (line === '' || /\s$/.test(line)) return undefined;
    const opts = this.help(mode, line, env).filter((h) => !h.startsWith('<'));
    if (opts.length !== 1) return undefined;
    const ws = this.tokenize(line);
    const last = ws[ws.length - 1];
    return line.slice(0, last.at) + opts[0] + ' ';
  }
}

function firstDiff(top: Array<{ a: Attempt; off: number }>, ws: Word[]): Word {
  const seqs = top.map((t) => t.a.kws);
  for (let i = 0; i < ws.length; i++) {
    const s = new Set(seqs.map((q) => q[i]));
    if (s.size > 1) return ws[i];
  }
  return ws[0];
}
