/**
 * Command grammar shared by the dialects: patterns of keywords and placeholders, matched
 * with the vendor's abbreviation rule (any unambiguous prefix of a keyword).
 *
 * Pattern tokens: `keyword`, `<name>` (one word), `<name...>` (the rest of the line, at
 * least one word), `[<name...>]` (the rest, possibly empty).
 */
export interface Match {
  args: Record<string, string>;
  rest: string[];
  exact: number;
}

interface Tok {
  kind: 'kw' | 'arg' | 'rest' | 'optrest';
  text: string;
}

export function compile(pattern: string): Tok[] {
  return pattern
    .trim()
    .split(/\s+/)
    .map((t): Tok => {
      if (/^\[<[\w-]+\.\.\.>\]$/.test(t)) return { kind: 'optrest', text: t.slice(2, -5) };
      if (/^<[\w-]+\.\.\.>$/.test(t)) return { kind: 'rest', text: t.slice(1, -4) };
      if (/^<[\w-]+>$/.test(t)) return { kind: 'arg', text: t.slice(1, -1) };
      return { kind: 'kw', text: t.toLowerCase() };
    });
}

export function matchTokens(toks: Tok[], words: string[]): Match | undefined {
  const args: Record<string, string> = {};
  let exact = 0;
  let i = 0;
  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t];
    if (tok.kind === 'rest' || tok.kind === 'optrest') {
      const rest = words.slice(i);
      if (tok.kind === 'rest' && rest.length === 0) return undefined;
      args[tok.text] = rest.join(' ');
      return { args, rest, exact };
    }
    const w = words[i];
    if (w === undefined) return undefined;
    if (tok.kind === 'arg') {
      args[tok.text] = w;
    } else {
      const lw = w.toLowerCase();
      if (!tok.text.startsWith(lw)) return undefined;
      if (lw === tok.text) exact++;
    }
    i++;
  }
  if (i !== words.length) return undefined;
  return { args, rest: [], exact };
}

export function splitWords(line: string): string[] {
  return line.trim().split(/\s+/).filter((w) => w.length > 0);
}

export interface Command<C> {
  pattern: string;
  run: (ctx: C, m: Match) => string | void | Promise<string | void>;
  /** For configuration commands: whether a leading `no` is accepted. */
  negatable?: boolean;
}

interface Compiled<C> {
  cmd: Command<C>;
  toks: Tok[];
}

export type Lookup<C> =
  | { kind: 'ok'; cmd: Command<C>; match: Match; negated: boolean }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: string[] };

/** Commands per mode. A duplicate pattern in a mode throws. */
export class CommandTable<C> {
  private modes = new Map<string, Compiled<C>[]>();

  add(mode: string, cmd: Command<C>): void {
    const list = this.modes.get(mode) ?? [];
    if (list.some((c) => c.cmd.pattern === cmd.pattern)) throw new Error(`duplicate command '${cmd.pattern}' in mode ${mode}`);
    list.push({ cmd, toks: compile(cmd.pattern) });
    this.modes.set(mode, list);
  }

  lookup(mode: string, words: string[]): Lookup<C> {
    const list = this.modes.get(mode) ?? [];
    const found: Array<{ c: Compiled<C>; m: Match; negated: boolean }> = [];
    for (const c of list) {
      const m = matchTokens(c.toks, words);
      if (m) found.push({ c, m, negated: false });
    }
    if (found.length === 0 && words.length > 1 && words[0].toLowerCase() === 'no') {
      for (const c of list) {
        if (!c.cmd.negatable) continue;
        const m = matchTokens(c.toks, words.slice(1));
        if (m) found.push({ c, m, negated: true });
      }
    }
    if (found.length === 0) return { kind: 'none' };
    const best = Math.max(...found.map((f) => f.m.exact));
    const top = found.filter((f) => f.m.exact === best);
    if (top.length > 1) {
      // Prefer the most specific pattern (most keywords) when several take the same words.
      const kwCount = (f: (typeof top)[number]) => f.c.toks.filter((t) => t.kind === 'kw').length;
      const most = Math.max(...top.map(kwCount));
      const spec = top.filter((f) => kwCount(f) === most);
      if (spec.length > 1) return { kind: 'ambiguous', candidates: spec.map((f) => f.c.cmd.pattern) };
      return { kind: 'ok', cmd: spec[0].c.cmd, match: spec[0].m, negated: spec[0].negated };
    }
    return { kind: 'ok', cmd: top[0].c.cmd, match: top[0].m, negated: top[0].negated };
  }
}
