/**
 * The protocol registry: every routing protocol of the reference router is one module, written
 * once and run by every dialect.
 *
 * How a protocol reaches a node
 * -----------------------------
 * A dialect parses its own syntax into the node's neutral configuration (config/model.ts:
 * interfaces, addresses, VRFs, and one section per protocol, keyed by the module's name). On
 * every change the device hands the old and the new model to its ProtocolHost (config/host.ts),
 * which, for each registered module in registration order, compares the protocol's section and
 * calls `create` (section appeared), `update` (section changed) or `stop` (section gone). No file
 * outside a protocol's own folder switches on protocol names.
 *
 * Adding a protocol (VRRP, LACP, EVPN, ...)
 * -----------------------------------------
 * 1. `protocols/<name>/config.ts`: its neutral configuration type (no vendor syntax).
 * 2. `protocols/<name>/module.ts`: `export const <name>Module: ProtocolModule<Cfg, Inst>` with
 *    `create`/`update`/`stop` and `show` (typed rows of its state for the dialects' renderers).
 *    A module that uses another one's instance names it in `needs` and reads it with
 *    `deps.instance(name)` (static routes track BFD sessions: `needs: ['bfd']`).
 * 3. Add it to the list in `protocols/index.ts` (the one place protocols are registered).
 * 4. In each dialect, one file `cli/<dialect>/<name>.ts` that registers the commands, modes and
 *    running-configuration section mapping the dialect's syntax onto the section (see
 *    cli/grammar.ts for the command tree).
 *
 * Registration is explicit: `ProtocolRegistry.register` throws on a duplicate name and `get`
 * of an unknown name lists the known ones. Importing a module file registers nothing.
 */
import type { Node } from '../net/node';

/** What a module may see of its node's other protocols. */
export interface ProtocolDeps {
  /** The running instance of another protocol (one the module names in `needs`), if any. */
  instance<I = unknown>(name: string): I | undefined;
}

export interface ProtocolModule<C = unknown, I = unknown> {
  readonly name: string;
  /** Protocols whose instance this one uses; they are created first (with `defaultConfig`) when absent. */
  readonly needs?: readonly string[];
  /** Protocols this one needs only for some configurations (`needsOf` says which), registered before it. */
  readonly mayNeed?: readonly string[];
  /** The protocols this configuration needs, when that depends on the configuration. */
  needsOf?(cfg: C): readonly string[];
  /** The configuration a needed protocol runs with when no section asks for it. */
  defaultConfig?(): C;
  create(node: Node, cfg: C, deps: ProtocolDeps): I;
  /** Apply a changed section; may return a replacement instance (e.g. BGP on a new AS number). */
  update(inst: I, cfg: C, node: Node, deps: ProtocolDeps): I | void;
  stop(inst: I): void;
  /** Typed rows of the protocol's state, per show model name (neighbours, sessions, routes). */
  readonly show?: Readonly<Record<string, (inst: I, now: number) => unknown[]>>;
}

/** A module of any configuration and instance type, as the registry stores it. */
export type AnyModule = ProtocolModule<any, any>;

export class ProtocolRegistry {
  private mods = new Map<string, AnyModule>();

  constructor(modules: readonly AnyModule[] = []) {
    for (const m of modules) this.register(m);
  }

  register(m: AnyModule): void {
    if (this.mods.has(m.name)) throw new Error(`protocol '${m.name}' is already registered`);
    for (const n of [...(m.needs ?? []), ...(m.mayNeed ?? [])]) {
      if (!this.mods.has(n)) throw new Error(`protocol '${m.name}' needs '${n}', which must be registered before it`);
    }
    this.mods.set(m.name, m);
  }

  get(name: string): AnyModule {
    const m = this.mods.get(name);
    if (!m) throw new Error(`unknown protocol '${name}' (known: ${this.names().join(', ') || 'none'})`);
    return m;
  }

  has(name: string): boolean {
    return this.mods.has(name);
  }

  /** Names in registration order (dependencies first). */
  names(): string[] {
    return [...this.mods.keys()];
  }

  modules(): AnyModule[] {
    return [...this.mods.values()];
  }
}
