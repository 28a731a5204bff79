/**
 * An in-memory GnmiDataSource: one JSON tree (config and state leaves) under a schema. Set commits
 * atomically (applied on a copy, swapped in only when every operation succeeded); `setState` moves
 * a state leaf as a protocol would. The gNMI server's tests run on it; a dialect may too.
 */
import type { ChangeEvent, DataType, GnmiDataSource, JsonTree, Match, ModelData, PathElem, SetOps } from './source';
import { applySet, diff, schemaAt, selectTyped, type SchemaNode } from './tree';

export interface MemorySourceOptions {
  schema: SchemaNode;
  tree: JsonTree;
  models: ModelData[];
  /** Module of each top-level (or augmenting) schema node, by its names joined with '/'. */
  namespaces: Record<string, string>;
  /** Extra check before a commit (e.g. a referenced interface must exist); throw GnmiError. */
  validateCommit?: (candidate: JsonTree) => void;
}

export class MemorySource implements GnmiDataSource {
  private tree: JsonTree;
  private clock?: { nowNs(): bigint };
  private readonly listeners = new Set<(ev: ChangeEvent) => void>();

  constructor(private readonly o: MemorySourceOptions) {
    this.tree = o.tree;
  }

  modules(): ModelData[] {
    return this.o.models;
  }

  namespace(names: readonly string[]): string | undefined {
    return this.o.namespaces[names.join('/')];
  }

  validate(path: readonly PathElem[]): void {
    schemaAt(this.o.schema, path);
  }

  get(path: readonly PathElem[], type: DataType): Match[] {
    return selectTyped(this.o.schema, this.tree, path, type);
  }

  set(ops: SetOps): void {
    const candidate = applySet(this.o.schema, this.tree, ops);
    this.o.validateCommit?.(candidate);
    this.swap(candidate);
  }

  /** A state change from "the protocols": `mutate` edits a copy of the tree. */
  setState(mutate: (tree: JsonTree) => void): void {
    const copy = JSON.parse(JSON.stringify(this.tree)) as JsonTree;
    mutate(copy);
    this.swap(copy);
  }

  useClock(clock: { nowNs(): bigint }): void {
    this.clock = clock;
  }

  subscribe(listener: (ev: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private swap(next: JsonTree): void {
    const ev: ChangeEvent = { ...diff(this.o.schema, this.tree, next), ...(this.clock ? { atNs: this.clock.nowNs() } : {}) };
    this.tree = next;
    if (ev.updates.length || ev.deletes.length) for (const l of [...this.listeners]) l(ev);
  }
}
