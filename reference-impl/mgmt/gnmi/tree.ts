/**
 * Generic operations on a source's JSON tree under a small schema: path check, selection with
 * wildcards, config/state filter, Set on a copy, and leaf-level diff for ON_CHANGE.
 * A source built on these (MemorySource, or a dialect's) only keeps its tree and its schema.
 */
import { GnmiError, formatPath, type ChangeEvent, type DataType, type JsonLeaf, type JsonTree, type Match, type PathElem, type SetOps } from './source';

/** A schema node: a container (children), a list (keys + children) or a leaf (neither). */
export interface SchemaNode {
  keys?: string[];
  children?: Record<string, SchemaNode>;
  /** Config (true) or state (false) leaf; inherited from the parent when absent (root: true). */
  config?: boolean;
}

type Obj = { [name: string]: JsonTree };
const isObj = (v: JsonTree | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema node at `path`, or a GnmiError with SR Linux's wording. */
export function schemaAt(schema: SchemaNode, path: readonly PathElem[]): SchemaNode {
  let node = schema;
  const walked: PathElem[] = [];
  for (const e of path) {
    const kids = node.children ?? {};
    const next = e.name === '*' ? undefined : kids[e.name];
    if (!next) {
      const where = formatPath(walked);
      if (e.name === '*' || e.name === '...') throw new GnmiError('INVALID_ARGUMENT', `Path '${formatPath(path)}' is not valid - wildcard element names are not supported`);
      throw new GnmiError('NOT_FOUND', `Path not valid - unknown element '${e.name}' under '${where}'. Options are [${Object.keys(kids).sort().join(', ')}]`);
    }
    for (const k of Object.keys(e.key ?? {})) {
      if (!next.keys?.includes(k)) {
        throw new GnmiError('INVALID_ARGUMENT', `Path '${formatPath(path)}' is not valid - unknown key '${k}' for element '${e.name}'${next.keys ? `. Keys are [${next.keys.join(', ')}]` : ' (not a list)'}`);
      }
    }
    walked.push(e);
    node = next;
  }
  return node;
}

function keyOf(entry: Obj, keys: readonly string[]): Record<string, string> {
  const k: Record<string, string> = {};
  for (const n of keys) k[n] = String(entry[n]);
  return k;
}

function entryMatches(entry: JsonTree, want: Record<string, string> | undefined): entry is Obj {
  if (!isObj(entry)) return false;
  for (const [k, v] of Object.entries(want ?? {})) if (v !== '*' && String(entry[k]) !== v) return false;
  return true;
}

/** Every node `path` selects in `tree` (path already checked against `schema`). */
export function select(schema: SchemaNode, tree: JsonTree, path: readonly PathElem[]): Match[] {
  const out: Match[] = [];
  const walk = (s: SchemaNode, t: JsonTree, i: number, at: PathElem[]): void => {
    if (i === path.length) {
      out.push({ path: at, value: t });
      return;
    }
    const e = path[i];
    const ns = s.children![e.name];
    if (!isObj(t) || !(e.name in t)) return;
    const v = t[e.name];
    if (ns.keys) {
      const entries = Array.isArray(v) ? v : [];
      // The list itself as a whole, when the path ends here without keys.
      if (i === path.length - 1 && !e.key) {
        out.push({ path: [...at, { name: e.name }], value: v });
        return;
      }
      for (const entry of entries) {
        if (entryMatches(entry, e.key)) walk(ns, entry, i + 1, [...at, { name: e.name, key: keyOf(entry, ns.keys) }]);
      }
      return;
    }
    walk(ns, v, i + 1, [...at, { name: e.name }]);
  };
  walk(schema, tree, 0, []);
  return out;
}

/** `tree` (at schema node `s`, whose config-ness is `cfg`) keeping only the leaves of `type`. */
export function filterType(s: SchemaNode, tree: JsonTree, type: DataType, cfg = true): JsonTree | undefined {
  if (type === 'ALL') return tree;
  const isCfg = s.config ?? cfg;
  if (!s.children) {
    const want = type === 'CONFIG' ? isCfg : !isCfg;
    return want ? tree : undefined;
  }
  const one = (t: JsonTree): JsonTree | undefined => {
    if (!isObj(t)) return undefined;
    const o: Obj = {};
    for (const [name, v] of Object.entries(t)) {
      const c = s.children![name];
      if (!c) continue;
      // List keys stay with their entry so the entry can be named.
      if (s.keys?.includes(name)) {
        o[name] = v;
        continue;
      }
      const f = filterType(c, v, type, isCfg);
      if (f !== undefined) o[name] = f;
    }
    const named = Object.keys(o).filter((n) => !s.keys?.includes(n));
    return named.length ? o : undefined;
  };
  if (s.keys) {
    if (!Array.isArray(tree)) return undefined;
    const list = tree.map(one).filter((x): x is JsonTree => x !== undefined);
    return list.length ? list : undefined;
  }
  return one(tree);
}

/** Like select, then filtered by type (dropping matches left empty). */
export function selectTyped(schema: SchemaNode, tree: JsonTree, path: readonly PathElem[], type: DataType): Match[] {
  schemaAt(schema, path);
  const out: Match[] = [];
  for (const m of select(schema, tree, path)) {
    let s = schema;
    let cfg = schema.config ?? true;
    for (const e of m.path) {
      s = s.children![e.name];
      cfg = s.config ?? cfg;
    }
    // A list selected as a whole: filter each entry against the list node.
    const entry = s.keys !== undefined && !Array.isArray(m.value);
    const f = filterType(s, entry ? [m.value] : m.value, type, cfg);
    const v = entry && Array.isArray(f) ? f[0] : f;
    if (v !== undefined) out.push({ path: m.path, value: v });
  }
  return out;
}

const clone = (t: JsonTree): JsonTree => (t === null || typeof t !== 'object' ? t : (JSON.parse(JSON.stringify(t)) as JsonTree));

/** The container object or list entry `path` names in `root`, created on the way if `create`. */
function locate(schema: SchemaNode, root: Obj, path: readonly PathElem[], create: boolean): { parent: Obj; name: string; node: SchemaNode } | undefined {
  let s = schema;
  let t: Obj = root;
  for (let i = 0; i < path.length; i++) {
    const e = path[i];
    const ns = s.children![e.name];
    if (i === path.length - 1 && !(ns.keys && e.key)) return { parent: t, name: e.name, node: ns };
    if (ns.keys) {
      if (!e.key || ns.keys.some((k) => e.key![k] === undefined || e.key![k] === '*')) {
        throw new GnmiError('INVALID_ARGUMENT', `Path '${formatPath(path)}' is not valid - all keys of '${e.name}' must be given in a Set`);
      }
      if (!Array.isArray(t[e.name])) {
        if (!create) return undefined;
        t[e.name] = [];
      }
      const list = t[e.name] as JsonTree[];
      let entry = list.find((x) => entryMatches(x, e.key));
      if (!entry) {
        if (!create) return undefined;
        const fresh: Obj = {};
        for (const k of ns.keys) fresh[k] = e.key[k];
        list.push(fresh);
        entry = fresh;
      }
      if (i === path.length - 1) return { parent: { [e.name]: entry }, name: e.name, node: { ...ns, keys: undefined } };
      t = entry;
    } else {
      if (!isObj(t[e.name])) {
        if (!create) return undefined;
        t[e.name] = {};
      }
      t = t[e.name] as Obj;
    }
    s = ns;
  }
  return undefined;
}

function merge(into: Obj, from: Obj, s: SchemaNode): void {
  for (const [name, v] of Object.entries(from)) {
    const c = s.children?.[name];
    if (!c) throw new GnmiError('INVALID_ARGUMENT', `Unknown element '${name}'. Options are [${Object.keys(s.children ?? {}).sort().join(', ')}]`);
    if (c.keys) {
      if (!Array.isArray(v)) throw new GnmiError('INVALID_ARGUMENT', `'${name}' is a list: a JSON array is expected`);
      const list = Array.isArray(into[name]) ? (into[name] as JsonTree[]) : (into[name] = []);
      for (const entry of v) {
        if (!isObj(entry) || c.keys.some((k) => entry[k] === undefined)) throw new GnmiError('INVALID_ARGUMENT', `list '${name}' entry without its keys [${c.keys.join(', ')}]`);
        const want = keyOf(entry, c.keys);
        const have = list.find((x) => entryMatches(x, want));
        if (have) merge(have as Obj, entry, c);
        else {
          const fresh: Obj = {};
          merge(fresh, entry, c);
          list.push(fresh);
        }
      }
    } else if (c.children) {
      if (!isObj(v)) throw new GnmiError('INVALID_ARGUMENT', `'${name}' is a container: a JSON object is expected`);
      const sub = isObj(into[name]) ? (into[name] as Obj) : (into[name] = {});
      merge(sub, v, c);
    } else {
      if (typeof v === 'object' && v !== null) throw new GnmiError('INVALID_ARGUMENT', `'${name}' is a leaf: a JSON value is expected`);
      if (c.config === false) throw new GnmiError('INVALID_ARGUMENT', `'${name}' is a read-only state leaf`);
      into[name] = v;
    }
  }
}

/** Applies `ops` (deletes, replaces, updates: gNMI spec 3.4.6) to a copy of `tree`; throws on the first error. */
export function applySet(schema: SchemaNode, tree: JsonTree, ops: SetOps): JsonTree {
  const root = (isObj(tree) ? clone(tree) : {}) as Obj;
  for (const p of ops.delete) {
    schemaAt(schema, p);
    if (p.length === 0) {
      for (const k of Object.keys(root)) delete root[k];
      continue;
    }
    const at = locate(schema, root, p, false);
    if (!at) continue; // deleting what is not there is no error (spec 3.4.6)
    const last = p[p.length - 1];
    if (at.node.keys === undefined && last.key && Array.isArray(findParentList(root, schema, p))) {
      const list = findParentList(root, schema, p)!;
      const ix = list.findIndex((x) => entryMatches(x, last.key));
      if (ix >= 0) list.splice(ix, 1);
    } else delete at.parent[at.name];
  }
  const write = (path: PathElem[], value: JsonTree, replace: boolean): void => {
    const s = schemaAt(schema, path);
    if (path.length === 0) {
      if (!isObj(value)) throw new GnmiError('INVALID_ARGUMENT', `a JSON object is expected at '/'`);
      if (replace) for (const k of Object.keys(root)) delete root[k];
      merge(root, value, schema);
      return;
    }
    const at = locate(schema, root, path, true)!;
    const wrapped: Obj = { [at.name]: value };
    const last = path[path.length - 1];
    if (s.keys && last.key && isObj(value)) {
      // A list entry: its keys come from the path.
      for (const k of s.keys) value[k] ??= last.key[k];
      if (replace) for (const k of Object.keys(at.parent[at.name] as Obj)) if (!s.keys.includes(k)) delete (at.parent[at.name] as Obj)[k];
      merge(at.parent[at.name] as Obj, value, s);
      return;
    }
    if (replace) delete at.parent[at.name];
    const parentSchema: SchemaNode = { children: { [at.name]: s } };
    merge(at.parent, wrapped, parentSchema);
  };
  for (const r of ops.replace) write(r.path, r.value, true);
  for (const u of ops.update) write(u.path, u.value, false);
  return root;
}

function findParentList(root: Obj, schema: SchemaNode, p: readonly PathElem[]): JsonTree[] | undefined {
  const parent = p.length > 1 ? select(schema, root, p.slice(0, -1))[0]?.value : root;
  const v = isObj(parent) ? parent[p[p.length - 1].name] : undefined;
  return Array.isArray(v) ? v : undefined;
}

/** Every leaf of `tree` with its concrete path. */
export function leaves(schema: SchemaNode, tree: JsonTree, at: PathElem[] = [], out = new Map<string, { path: PathElem[]; value: JsonLeaf }>()): Map<string, { path: PathElem[]; value: JsonLeaf }> {
  if (!schema.children || !isObj(tree)) {
    if (!isObj(tree) && !Array.isArray(tree)) out.set(formatPath(at), { path: at, value: tree });
    return out;
  }
  for (const [name, v] of Object.entries(tree)) {
    const c = schema.children[name];
    if (!c) continue;
    if (c.keys && Array.isArray(v)) {
      for (const entry of v) if (isObj(entry)) leaves({ children: c.children }, entry, [...at, { name, key: keyOf(entry, c.keys) }], out);
    } else leaves(c, v, [...at, { name }], out);
  }
  return out;
}

/** Leaf-level difference from `before` to `after`. */
export function diff(schema: SchemaNode, before: JsonTree, after: JsonTree): ChangeEvent {
  const a = leaves(schema, before);
  const b = leaves(schema, after);
  const ev: ChangeEvent = { updates: [], deletes: [] };
  for (const [k, v] of b) if (!a.has(k) || a.get(k)!.value !== v.value) ev.updates.push(v);
  for (const [k, v] of a) if (!b.has(k)) ev.deletes.push(v.path);
  return ev;
}
