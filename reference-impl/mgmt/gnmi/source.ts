/**
 * The gNMI data source: what the gNMI server (server.ts) reads, writes and watches on one node.
 * It is generic over a JSON tree keyed SR Linux-style: a container is an object, a list is an
 * array of entry objects that carry their key leaves (as in RFC 7951 / JSON_IETF), a leaf is a
 * string, number or boolean. Paths are gNMI paths (gnmi.proto Path: elem names and key maps),
 * written as strings `/interface[name=ethernet-1/1]/oper-state` in logs and tests.
 *
 * A dialect (the srlinux device) implements GnmiDataSource; `TreeSource` (tree.ts) does the path
 * matching, wildcards and change detection for a source that can give a snapshot of its tree, and
 * MemorySource (memory.ts) is the small in-memory one the server's tests use.
 *
 * Contract:
 *  - get(path, type): every node the path selects, with its concrete path (keys filled in where
 *    the request had `*` or left a list's keys out) and its value: a subtree (JSON tree) or a leaf.
 *    `type` filters config vs state leaves (gNMI GetRequest.DataType). A path that names no schema
 *    node throws GnmiError('NOT_FOUND' | 'INVALID_ARGUMENT', message); a valid path with no data
 *    returns [].
 *  - set(ops): applied in the gNMI order (deletes, then replaces, then updates: gNMI spec 3.4.6)
 *    on a private candidate, then committed atomically: all or nothing. Errors are GnmiError with
 *    the code the server returns as gRPC status and SR Linux's message text.
 *  - subscribe(listener): leaf-level change events after every change of the tree (commit, or
 *    protocol state moving); returns the function that stops them. An event is delivered when
 *    the change happens (in the same instant of the lab clock) where the source is told of it,
 *    and carries `atNs`, the time of the change itself on the clock the server gave the source
 *    (useClock); the server stamps the notification with it (SR Linux stamps an oper-state
 *    notification with the time of the transition, not with a sampling tick). A change the
 *    source only finds by comparing its tree later has no `atNs`: stamped when found.
 *  - useClock(clock) (optional): the server's clock, given once when the server starts.
 *  - validate(path): the schema check alone (no data needed); throws as get does.
 *  - modules(): the YANG models for Capabilities; namespace(names) the module whose prefix a
 *    JSON_IETF value carries at that schema node (`srl_nokia-interfaces` for ['interface']), or
 *    undefined where it is the parent's module.
 */

/** One element of a gNMI path (gnmi.proto PathElem). Key values are strings, `*` = any. */
export interface PathElem {
  name: string;
  key?: Record<string, string>;
}

export type JsonLeaf = string | number | boolean | null;
export type JsonTree = JsonLeaf | JsonTree[] | { [name: string]: JsonTree };

/** gNMI GetRequest.DataType. OPERATIONAL is read as STATE (state leaves that are not config). */
export type DataType = 'ALL' | 'CONFIG' | 'STATE' | 'OPERATIONAL';

export interface Match {
  /** Concrete path: no wildcards, list keys filled in. */
  path: PathElem[];
  value: JsonTree;
}

export interface SetOps {
  delete: PathElem[][];
  replace: Array<{ path: PathElem[]; value: JsonTree }>;
  update: Array<{ path: PathElem[]; value: JsonTree }>;
}

export interface ChangeEvent {
  /** Leaves that got a (new) value. */
  updates: Array<{ path: PathElem[]; value: JsonLeaf }>;
  /** Leaves that disappeared. */
  deletes: PathElem[][];
  /** When the change happened, in ns on the server's clock (GnmiDataSource.useClock); absent: now. */
  atNs?: bigint;
}

export interface ModelData {
  name: string;
  organization: string;
  version: string;
}

/** gRPC status names the source may raise (the server maps them to numeric codes). */
export type GnmiCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'UNIMPLEMENTED'
  | 'UNAVAILABLE'
  | 'RESOURCE_EXHAUSTED'
  | 'PERMISSION_DENIED'
  | 'INTERNAL';

export class GnmiError extends Error {
  constructor(
    readonly code: GnmiCode,
    message: string,
  ) {
    super(message);
    this.name = 'GnmiError';
  }
}

export interface GnmiDataSource {
  modules(): ModelData[];
  namespace(names: readonly string[]): string | undefined;
  validate(path: readonly PathElem[]): void;
  get(path: readonly PathElem[], type: DataType): Match[];
  set(ops: SetOps, ctx: { user: string }): void;
  subscribe(listener: (ev: ChangeEvent) => void): () => void;
  /** The clock the server stamps notifications with, for ChangeEvent.atNs (called once at start). */
  useClock?(clock: { nowNs(): bigint }): void;
}

// ---- path strings -------------------------------------------------------------------------

/** `/a/b[k=v][k2=v2]/c` -> elems. `\]` and `\\` escape inside key values. Throws GnmiError. */
export function parsePath(text: string): PathElem[] {
  const out: PathElem[] = [];
  let i = 0;
  const s = text.trim();
  if (s === '' || s === '/') return out;
  if (s[0] === '/') i = 1;
  while (i < s.length) {
    let name = '';
    while (i < s.length && s[i] !== '/' && s[i] !== '[') name += s[i++];
    if (name === '') throw new GnmiError('INVALID_ARGUMENT', `invalid path '${text}': empty element`);
    const elem: PathElem = { name };
    while (s[i] === '[') {
      i++;
      let k = '';
      while (i < s.length && s[i] !== '=' && s[i] !== ']') k += s[i++];
      if (s[i] !== '=' || k === '') throw new GnmiError('INVALID_ARGUMENT', `invalid path '${text}': bad key in element '${name}'`);
      i++;
      let v = '';
      while (i < s.length && s[i] !== ']') {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        v += s[i++];
      }
      if (s[i] !== ']') throw new GnmiError('INVALID_ARGUMENT', `invalid path '${text}': missing ']'`);
      i++;
      (elem.key ??= {})[k] = v;
    }
    out.push(elem);
    if (i < s.length) {
      if (s[i] !== '/') throw new GnmiError('INVALID_ARGUMENT', `invalid path '${text}'`);
      i++;
    }
  }
  return out;
}

/** elems -> `/a/b[k=v]/c` (keys in sorted order, `]` and `\` escaped). */
export function formatPath(path: readonly PathElem[]): string {
  if (path.length === 0) return '/';
  return path
    .map((e) => {
      const keys = Object.keys(e.key ?? {}).sort();
      return '/' + e.name + keys.map((k) => `[${k}=${e.key![k].replace(/[\\\]]/g, (c) => '\\' + c)}]`).join('');
    })
    .join('');
}

/** True when `prefix` (which may hold wildcards `*` in names and key values) covers `path`. */
export function pathCovers(prefix: readonly PathElem[], path: readonly PathElem[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const p = prefix[i];
    const q = path[i];
    if (p.name === '...') return true;
    if (p.name !== '*' && p.name !== q.name) return false;
    for (const [k, v] of Object.entries(p.key ?? {})) {
      if (v !== '*' && q.key?.[k] !== v) return false;
    }
  }
  return true;
}
