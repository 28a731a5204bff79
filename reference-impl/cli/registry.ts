/**
 * The dialect registry: each dialect turns a node's startup configuration into a running
 * device and serves terminal sessions on it. Duplicate names throw; unknown names list the
 * known ones (DESIGN.md convention 4).
 */
import type { Node } from '../net/node';
import type { TerminalSessionFactory } from '../mgmt/terminal';

export interface Device {
  readonly node: Node;
  readonly dialect: string;
  /** Apply a whole configuration text; returns the error lines (file line numbers are 1-based). */
  applyConfig(text: string): Array<{ line: number; text: string; error: string }>;
  sessions(): TerminalSessionFactory;
  /** Stop protocol engines (node restart, lab stop). */
  stop(): void;
}

export interface Dialect {
  name: string;
  createDevice(node: Node): Device;
}

const dialects = new Map<string, Dialect>();

export function registerDialect(d: Dialect): void {
  if (dialects.has(d.name)) throw new Error(`dialect '${d.name}' is already registered`);
  dialects.set(d.name, d);
}

export function getDialect(name: string): Dialect {
  const d = dialects.get(name);
  if (!d) throw new Error(`unknown dialect '${name}' (known: ${[...dialects.keys()].sort().join(', ') || 'none'})`);
  return d;
}

export function knownDialects(): string[] {
  return [...dialects.keys()].sort();
}
