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

/** What the topology says of the node's hardware and software (containerlab `kind`, `type`, `image`). */
export interface DevicePlatform {
  kind?: string;
  type?: string;
  image?: string;
}

export interface Dialect {
  name: string;
  createDevice(node: Node, platform?: DevicePlatform): Device;
}

/** The dialects a lab can run, from an explicit list. Duplicate names throw; unknown names list the known ones. */
export class DialectRegistry {
  private dialects = new Map<string, Dialect>();

  constructor(list: readonly Dialect[] = []) {
    for (const d of list) this.register(d);
  }

  register(d: Dialect): void {
    if (this.dialects.has(d.name)) throw new Error(`dialect '${d.name}' is already registered`);
    this.dialects.set(d.name, d);
  }

  get(name: string): Dialect {
    const d = this.dialects.get(name);
    if (!d) throw new Error(`unknown dialect '${name}' (known: ${this.names().join(', ') || 'none'})`);
    return d;
  }

  names(): string[] {
    return [...this.dialects.keys()].sort();
  }
}
