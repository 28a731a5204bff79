/**
 * A freeRtr router: the node, its configuration (kept structured so `show running-config`
 * renders it), and its protocol processes. Commands live in config.ts, exec.ts and one file
 * per protocol (pvrp.ts), all registered into one command table.
 */
import type { Node } from '../../net/node';
import type { Iface } from '../../net/iface';
import type { Device } from '../registry';
import type { TerminalSessionFactory } from '../../mgmt/terminal';
import { CommandTable, splitWords } from '../grammar';
import { PvrpProcess } from '../../protocols/pvrp/process';
import { PvrpConfig } from '../../protocols/pvrp/config';
import { FreeRtrSession } from './session';
import type { FreeRtrTableMode } from '../../show/table';

export class CliError extends Error {}

export type ModeName = 'exec' | 'cfg' | 'cfg-if' | 'cfg-subif' | 'cfg-vrf' | 'cfg-rtr' | 'cfg-server';

export interface Mode {
  name: ModeName;
  iface?: Iface;
  vrf?: string;
  /** "4:1" for router pvrp4 1 */
  router?: string;
  server?: string;
}

export interface Ctx {
  dev: FreeRtrDevice;
  mode: Mode;
  negated: boolean;
  term: { length: number; table: FreeRtrTableMode; width: number };
  setMode(m: Mode): void;
}

export interface IfaceConf {
  logLinkChange: boolean;
  pvrp: Set<string>;
}

export interface ServerConf {
  kind: string;
  name: string;
  lines: string[];
}

export const table = new CommandTable<Ctx>();

export class FreeRtrDevice implements Device {
  readonly dialect = 'freertr';
  buggy = false;
  logging: string[] = [];
  vrfRd = new Map<string, string | undefined>();
  ifConf = new Map<string, IfaceConf>();
  pvrpCfg = new Map<string, PvrpConfig>();
  pvrp = new Map<string, PvrpProcess>();
  servers = new Map<string, ServerConf>();
  /** Lines accepted and kept verbatim for show running-config (global mode). */
  extraGlobal: string[] = [];

  constructor(readonly node: Node) {
    // freeRtr interfaces are up until `shutdown` (its running config says `no shutdown`).
    node.ifaceAdminDefault = true;
    // freeRtr's ports are pseudo-wires (UDP in its containerlab image): no carrier to lose.
    node.shutdownDropsCarrier = false;
  }

  ifConfOf(name: string): IfaceConf {
    let c = this.ifConf.get(name);
    if (!c) {
      c = { logLinkChange: false, pvrp: new Set() };
      this.ifConf.set(name, c);
    }
    return c;
  }

  /** Start (or restart) the process for a configured `router pvrpX N`. */
  ensureProcess(key: string): void {
    const cfg = this.pvrpCfg.get(key);
    if (!cfg) return;
    let p = this.pvrp.get(key);
    if (p && p.cfg.vrf !== cfg.vrf) {
      p.stop();
      p = undefined;
    }
    if (!p) {
      p = new PvrpProcess(this.node, cfg);
      this.pvrp.set(key, p);
      p.start();
    } else {
      p.syncIfaces();
    }
  }

  applyConfig(text: string): Array<{ line: number; text: string; error: string }> {
    const errors: Array<{ line: number; text: string; error: string }> = [];
    const ctx: Ctx = {
      dev: this,
      mode: { name: 'cfg' },
      negated: false,
      term: { length: 0, table: 'fancy', width: 79 },
      setMode: (m) => {
        ctx.mode = m;
      },
    };
    const lines = text.split(/\r?\n/);
    for (let n = 0; n < lines.length; n++) {
      const raw = lines[n];
      const res = runConfigLine(ctx, raw);
      if (res.error) errors.push({ line: n + 1, text: raw.trim(), error: res.error });
      if (res.end) break;
    }
    return errors;
  }

  sessions(): TerminalSessionFactory {
    return (peer: string) => new FreeRtrSession(this, peer);
  }

  stop(): void {
    for (const p of this.pvrp.values()) p.stop();
  }
}

/**
 * Run one configuration line in the context's mode. freeRtr falls back from a sub-mode to
 * the global configuration for a command the sub-mode does not know.
 */
export function runConfigLine(ctx: Ctx, raw: string): { error?: string; end?: boolean; output?: string } {
  const line = raw.trim();
  if (line === '' || line.startsWith('!')) return {};
  const words = splitWords(line);
  if (words[0].toLowerCase() === 'end') {
    ctx.setMode({ name: 'exec' });
    return { end: true };
  }
  const tryMode = (mode: string) => table.lookup(mode, words);
  let r = tryMode(ctx.mode.name);
  if (r.kind === 'none' && ctx.mode.name !== 'cfg') {
    const g = tryMode('cfg');
    if (g.kind === 'ok') {
      ctx.setMode({ name: 'cfg' });
      r = g;
    }
  }
  if (r.kind === 'ambiguous') return { error: 'ambiguous command' };
  if (r.kind === 'none') return { error: 'unknown config command entered' };
  try {
    ctx.negated = r.negated;
    const out = r.cmd.run(ctx, r.match);
    if (out instanceof Promise) return { error: 'internal: async config command' };
    return { output: out ?? undefined };
  } catch (e) {
    if (e instanceof CliError) return { error: e.message };
    throw e;
  } finally {
    ctx.negated = false;
  }
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
