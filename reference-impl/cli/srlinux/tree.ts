/**
 * The configuration data tree (running and candidate are two of these), and the walker that
 * applies an SR Linux command line (`set / a b c`, `delete ...`, a bare path, `{`, `}`) to it.
 */
import { SCHEMA, SNode, badValue } from './schema';

export interface DNode {
  /** Created on its own by a `set` that ended here (so `info flat` prints its own line). */
  explicit: boolean;
  leaves: Map<string, string>;
  /** Child containers by name; list entries by "name\0key". */
  kids: Map<string, DNode>;
}

export const newD = (): DNode => ({ explicit: false, leaves: new Map(), kids: new Map() });

export function cloneD(d: DNode): DNode {
  return { explicit: d.explicit, leaves: new Map(d.leaves), kids: new Map([...d.kids].map(([k, v]) => [k, cloneD(v)])) };
}

export const sameD = (a: DNode, b: DNode): boolean => flat(a).join('\n') === flat(b).join('\n');

/** One step of a path: a container name, or a list name with its key. */
export type Step = { name: string; key?: string };

export class CliError extends Error {}

function schemaAt(path: Step[]): SNode {
  let s = SCHEMA;
  for (const st of path) {
    if (s.kind === 'leaf') throw new CliError('Parsing error: path through a leaf');
    s = s.children[st.name];
  }
  return s;
}

function nodeAt(root: DNode, path: Step[], create: boolean): DNode | undefined {
  let d = root;
  for (const st of path) {
    const k = st.key === undefined ? st.name : `${st.name}\0${st.key}`;
    let n = d.kids.get(k);
    if (!n) {
      if (!create) return undefined;
      n = newD();
      d.kids.set(k, n);
    }
    d = n;
  }
  return d;
}

const options = (s: SNode): string => {
  const names = s.kind === 'leaf' ? [] : Object.keys(s.children);
  return `Options are [${names.map((n) => `'${n}'`).join(', ')}]`;
};

/** Apply the words of one path expression at `ctx`; returns the context the path ends in. */
export function walk(root: DNode, ctx: Step[], words: string[], op: 'set' | 'delete' | 'nav'): Step[] & { leaf?: boolean } {
  let path = [...ctx];
  let i = 0;
  if (words[0] === '/') {
    path = [];
    i = 1;
  }
  let lastWasLeaf = false;
  while (i < words.length) {
    const w = words[i];
    const s = schemaAt(path);
    if (s.kind === 'leaf') throw new CliError(`Parsing error: Unknown token '${w}'`);
    const child = s.children[w];
    if (!child) throw new CliError(`Parsing error: Unknown token '${w}'. ${options(s)}`);
    if (child.kind === 'leaf') {
      if (op === 'delete' && i === words.length - 1) {
        nodeAt(root, path, false)?.leaves.delete(w);
        return Object.assign(path, { leaf: true });
      }
      const v = words[i + 1];
      if (v === undefined) throw new CliError(`Parsing error: Incomplete command, leaf '${w}' needs a value`);
      const bad = badValue(child.type, v);
      if (bad) throw new CliError(`Parsing error: ${bad}`);
      if (op !== 'delete') nodeAt(root, path, true)!.leaves.set(w, v);
      else nodeAt(root, path, false)?.leaves.delete(w);
      i += 2;
      lastWasLeaf = true;
      continue;
    }
    lastWasLeaf = false;
    if (child.kind === 'list') {
      const key = words[i + 1];
      if (key === undefined) throw new CliError(`Parsing error: Incomplete command, '${w}' needs a value for '${child.key}'`);
      const bad = badValue(child.keyType, key);
      if (bad) throw new CliError(`Parsing error: ${bad}`);
      path.push({ name: w, key });
      i += 2;
    } else {
      path.push({ name: w });
      i += 1;
    }
  }
  if (op === 'delete' && !lastWasLeaf) {
    const last = path[path.length - 1];
    if (!last) throw new CliError('Error: cannot delete the root');
    const parent = nodeAt(root, path.slice(0, -1), false);
    parent?.kids.delete(last.key === undefined ? last.name : `${last.name}\0${last.key}`);
    return Object.assign([...ctx], { leaf: true });
  }
  if (op !== 'delete' && !lastWasLeaf) {
    const n = nodeAt(root, path, true)!;
    if (op === 'set' && schemaAt(path).kind === 'container') n.explicit = true;
  }
  return Object.assign(path, { leaf: lastWasLeaf });
}

export const nodeExists = (root: DNode, path: Step[]): boolean => nodeAt(root, path, false) !== undefined;

export const pathText = (p: Step[]): string => p.map((s) => (s.key === undefined ? s.name : `${s.name} ${quote(s.key)}`)).join(' ');

function keyCmp(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The children of `d` in schema order, list entries sorted by key as SR Linux prints them. */
function ordered(d: DNode, s: SNode): Array<{ step: Step; node: DNode; schema: SNode }> {
  const out: Array<{ step: Step; node: DNode; schema: SNode }> = [];
  if (s.kind === 'leaf') return out;
  for (const [name, cs] of Object.entries(s.children)) {
    if (cs.kind === 'container') {
      const n = d.kids.get(name);
      if (n) out.push({ step: { name }, node: n, schema: cs });
    } else if (cs.kind === 'list') {
      const es = [...d.kids].filter(([k]) => k.startsWith(`${name}\0`)).map(([k, n]) => ({ key: k.slice(name.length + 1), n }));
      es.sort((a, b) => keyCmp(a.key, b.key));
      for (const x of es) out.push({ step: { name, key: x.key }, node: x.n, schema: cs });
    }
  }
  return out;
}

/** A value as SR Linux prints it: quoted when it has spaces or is empty. */
const quote = (v: string): string => (v === '' || /[\s{}]/.test(v) ? `"${v}"` : v);

function leafLines(d: DNode, s: SNode): Array<[string, string]> {
  if (s.kind === 'leaf') return [];
  return Object.keys(s.children).filter((k) => d.leaves.has(k)).map((k) => [k, quote(d.leaves.get(k)!)]);
}

/** `info flat`: one `set / ...` line per list entry, explicit container and leaf, under `at`. */
export function flat(root: DNode, at: Step[] = []): string[] {
  const d = nodeAt(root, at, false);
  if (!d) return [];
  const out: string[] = [];
  const rec = (n: DNode, s: SNode, p: string): void => {
    for (const [k, v] of leafLines(n, s)) out.push(`set / ${p}${p ? ' ' : ''}${k} ${v}`);
    for (const ch of ordered(n, s)) {
      const q = `${p}${p ? ' ' : ''}${pathText([ch.step])}`;
      if (ch.step.key !== undefined || ch.node.explicit) out.push(`set / ${q}`);
      rec(ch.node, ch.schema, q);
    }
  };
  rec(d, schemaAt(at), pathText(at));
  return out;
}

/** `info`: the block form, four spaces per level, under `at`. */
export function info(root: DNode, at: Step[] = [], indent = '    '): string[] {
  const d = nodeAt(root, at, false);
  if (!d) return [];
  const out: string[] = [];
  const rec = (n: DNode, s: SNode, ind: string): void => {
    for (const [k, v] of leafLines(n, s)) out.push(`${ind}${k} ${v}`);
    for (const ch of ordered(n, s)) {
      out.push(`${ind}${pathText([ch.step])} {`);
      rec(ch.node, ch.schema, `${ind}    `);
      out.push(`${ind}}`);
    }
  };
  rec(d, schemaAt(at), indent);
  return out;
}

/** What `?` offers at a context: containers by name, lists with their key, leaves with their type. */
export function helpAt(ctx: Step[]): string[] {
  const s = schemaAt(ctx);
  if (s.kind === 'leaf') return [];
  return Object.entries(s.children).map(([n, c]) => (c.kind === 'list' ? `${n} <${c.key}>` : c.kind === 'leaf' ? `${n} <value>` : n));
}
