/**
 * The freertr dialect's core: modes, the command context, errors, interface names, and how a
 * configuration line runs (freeRtr falls back from a sub-mode to the global configuration for
 * a command the sub-mode does not know). Commands are registered by the dialect's parts
 * (config.ts, exec.ts, one file per protocol) into a table the dialect builds (index.ts).
 */
import { CommandTable, Lookup, LookupEnv, words } from '../grammar';
import type { FreeRtrTableMode } from '../../show/table';
import type { FreeRtrDevice } from './device';

export class CliError extends Error {}

export type ModeName = 'exec' | 'cfg' | 'cfg-if' | 'cfg-subif' | 'cfg-vrf' | 'cfg-rtr' | 'cfg-server';

export interface Mode {
  name: ModeName;
  /** Interface name (cfg-if, cfg-subif). */
  iface?: string;
  vrf?: string;
  /** The router section being configured: protocol part name and its key ("pvrp", "4:1"). */
  router?: string;
  proto?: string;
  server?: string;
}

export interface Ctx {
  dev: FreeRtrDevice;
  mode: Mode;
  negated: boolean;
  term: { length: number; table: FreeRtrTableMode; width: number };
  setMode(m: Mode): void;
}

export type FreeRtrTable = CommandTable<Ctx>;

/** The dialect's grammar: `no` negates, interface names as freeRtr abbreviates them. */
export function newFreeRtrTable(): FreeRtrTable {
  return new CommandTable<Ctx>({ negation: { word: 'no', minLen: 2 }, canonIf: canonIfName });
}

/** What a lookup asks of the node: whether an interface exists. */
export function envOf(ctx: Ctx): LookupEnv {
  let e = envs.get(ctx.dev);
  if (!e) {
    const dev = ctx.dev;
    e = { ifExists: (n: string) => dev.node.ifaces.has(n) || dev.cfg.ifaces.has(n) };
    envs.set(dev, e);
  }
  return e;
}
const envs = new WeakMap<FreeRtrDevice, LookupEnv>();

/**
 * freeRtr's answers to bad input (userConfig / userExec): one `%` line, no caret. A bad value
 * or a number out of range gets the same answer as an unknown command, as freeRtr's parser
 * rejects the line as a whole.
 */
export function errorText(r: Extract<Lookup<Ctx>, { kind: 'error' }>, where: 'config' | 'exec'): string {
  if (r.error === 'ambiguous') return 'ambiguous command';
  if (r.error === 'no-interface') return 'no such interface';
  if (r.error === 'out-of-range') return `bad value ${r.word}, must be ${r.range![0]}-${r.range![1]}`;
  return `unknown ${where} command entered`;
}

/** One piece of the dialect: its commands and its sections of `show running-config`. */
export interface FreeRtrPart {
  name: string;
  register(t: FreeRtrTable): void;
  /** Global sections (after the VRFs, before the interfaces), each line as printed. */
  runningGlobal?(dev: FreeRtrDevice): string[];
  /** Lines inside an `interface` block, before `no shutdown`. */
  runningIface?(dev: FreeRtrDevice, iface: string): string[];
  /** Global lines after the interfaces (static routes). */
  runningTail?(dev: FreeRtrDevice): string[];
  /** Write the part's protocol sections of the neutral model from its own state, before each apply. */
  derive?(dev: FreeRtrDevice): void;
}

/** The command table's key for a mode: router modes per protocol (`cfg-rtr:pvrp`, `cfg-rtr:ospf`). */
export function modeKey(m: Mode): string {
  return m.name === 'cfg-rtr' && m.proto ? `cfg-rtr:${m.proto}` : m.name;
}

/** freeRtr interface names: `lo1` → `loopback1`, `eth1.11` → `ethernet1.11`. */
export function canonIfName(s: string): string | undefined {
  const m = /^([a-z-]+)(\d+(?:[./]\d+)*)$/i.exec(s.trim());
  if (!m) return undefined;
  const kinds = ['loopback', 'ethernet', 'tunnel', 'bvi', 'null', 'template', 'dialer', 'serial', 'sdn', 'bundle'];
  const stem = m[1].toLowerCase();
  const k = kinds.find((x) => x.startsWith(stem));
  return k ? k + m[2] : undefined;
}

/** Run one configuration line in the context's mode; the device applies the change after it. */
export function runConfigLine(table: FreeRtrTable, ctx: Ctx, raw: string): { error?: string; end?: boolean; output?: string } {
  const line = raw.trim();
  if (line === '' || line.startsWith('!')) return {};
  // One tokenizing per line, no closures per line (tsx names every one it creates).
  const ws = words(line);
  if (ws[0].text.toLowerCase() === 'end') {
    ctx.setMode({ name: 'exec' });
    return { end: true };
  }
  const env = envOf(ctx);
  const own = modeKey(ctx.mode);
  // A router's own commands (`cfg-rtr:ospf`), then those of every router mode (`exit`).
  let r = table.lookup(own, ws, env);
  if (r.kind === 'error' && own !== ctx.mode.name) {
    const g = table.lookup(ctx.mode.name, ws, env);
    if (g.kind === 'ok' || (g.kind === 'error' && g.at > r.at)) r = g;
  }
  if (r.kind === 'error' && ctx.mode.name !== 'cfg') {
    const g = table.lookup('cfg', ws, env);
    if (g.kind === 'ok') {
      ctx.setMode({ name: 'cfg' });
      r = g;
    }
  }
  if (r.kind === 'error') return { error: errorText(r, 'config') };
  try {
    ctx.negated = r.negated;
    const out = r.cmd.run(ctx, r.args);
    if (out instanceof Promise) return { error: 'internal: async config command' };
    ctx.dev.apply();
    return { output: out ?? undefined };
  } catch (e) {
    if (e instanceof CliError) return { error: e.message };
    throw e;
  } finally {
    ctx.negated = false;
  }
}
