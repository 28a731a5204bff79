/**
 * A Huawei VRP (V8, NE40E style) router: the running configuration, the ProtocolHost that runs
 * the protocols from its neutral model on each commit, and the dialect skin (views, commands).
 *
 * Two-stage configuration as on VRP V8: each session edits a candidate; `commit` makes it the
 * running configuration.
 */
import type { Node } from '../../net/node';
import type { Device } from '../registry';
import type { TerminalSessionFactory } from '../../mgmt/terminal';
import { cloneConfig, newConfig, VrpConfig } from './model';
import { autoRouterId, toNodeConfig } from './apply';
import { ProtocolHost } from '../../config/host';
import { defaultProtocols } from '../../protocols';
import { renderConfig } from './running';
import { Ctx, VrpTable, runLine } from './core';
import type { TerminalSession } from '../../mgmt/terminal';

/** What the dialect gives each device: its views and commands, and how sessions are made. */
export interface VrpSkin {
  table: VrpTable;
  session(dev: VrpDevice, peer: string): TerminalSession;
}

export class VrpDevice implements Device {
  /** Terminal sessions open now (telnet and SSH), for the login banner. */
  vtyUsers = 0;
  readonly dialect = 'vrp';
  running: VrpConfig;
  /** The node's protocols, run from the neutral model of the running configuration. */
  readonly host: ProtocolHost;
  /** Router ID chosen once (VRP: the highest loopback address, else the highest interface address). */
  private routerId?: string;
  /** Bumped on each commit (sessions refresh their candidate from it). */
  generation = 0;

  constructor(
    readonly node: Node,
    readonly skin: VrpSkin,
  ) {
    // VRP ports are shut down until `undo shutdown`.
    node.ifaceAdminDefault = false;
    this.running = newConfig('HUAWEI', skin.table.parts);
    this.host = new ProtocolHost(node, defaultProtocols());
    node.hostname = 'HUAWEI';
  }

  /** Check a candidate before it becomes the running configuration; returns VRP's error text. */
  validate(c: VrpConfig): string | undefined {
    const seen = new Map<string, string>();
    for (const i of c.ifaces.values()) {
      if (!i.addr) continue;
      const k = `${i.vrf ?? ''}|${i.addr.addr}`;
      const other = seen.get(k);
      if (other) return `Error: The address ${i.addr.addr} configured on ${i.name} conflicts with the address on ${other}.`;
      seen.set(k, i.name);
      if (i.vrf && !c.vpns.has(i.vrf)) return `Error: The VPN instance ${i.vrf} bound to ${i.name} does not exist.`;
    }
    for (const p of this.skin.table.parts) {
      const e = p.validate?.(c);
      if (e) return e;
    }
    return undefined;
  }

  /** Make `c` the running configuration and push it onto the node and engines. */
  commit(c: VrpConfig): string | undefined {
    const err = this.validate(c);
    if (err) return err;
    this.running = cloneConfig(c);
    this.generation++;
    this.routerId ??= autoRouterId(this.running);
    this.host.apply(toNodeConfig(this.skin.table.parts, this.running, this.routerId));
    return undefined;
  }

  currentConfiguration(): string {
    return this.render(this.running);
  }

  /** A configuration in `display current-configuration` form. */
  render(c: VrpConfig): string {
    return renderConfig(this.skin.table.parts, c);
  }

  applyConfig(text: string): Array<{ line: number; text: string; error: string }> {
    const errors: Array<{ line: number; text: string; error: string }> = [];
    const t = this.skin.table;
    const ctx: Ctx = {
      dev: this,
      cand: cloneConfig(this.running),
      view: { kind: 'system' },
      undo: false,
      setView: (v) => {
        ctx.view = v.kind === 'user' ? { kind: 'system' } : v;
      },
      commit: () => '',
      quit: () => {
        ctx.view = t.parentView(ctx.view) ?? { kind: 'system' };
        if (ctx.view.kind === 'user') ctx.view = { kind: 'system' };
      },
      ret: () => {
        ctx.view = { kind: 'system' };
      },
      promptLen: 0,
    };
    const lines = text.split(/\r?\n/);
    for (let n = 0; n < lines.length; n++) {
      const raw = lines[n];
      const line = raw.trim();
      if (line === '' || line === '#') {
        // A `#` line ends a section: back to the system view, except inside bgp's families.
        if (line === '#' && !/^ /.test(raw)) ctx.view = { kind: 'system' };
        continue;
      }
      if (line === 'return') break;
      // Indentation says which view a line belongs to (one space per level).
      const depth = raw.length - raw.trimStart().length;
      if (depth === 0) ctx.view = { kind: 'system' };
      else while (t.depth(ctx.view) > depth) ctx.view = t.parentView(ctx.view)!;
      const err = runLine(t, ctx, line);
      if (err) errors.push({ line: n + 1, text: line, error: err });
    }
    if (errors.length === 0) {
      const e = this.commit(ctx.cand);
      if (e) errors.push({ line: lines.length, text: 'commit', error: e });
    }
    return errors;
  }

  sessions(): TerminalSessionFactory {
    return (peer: string) => this.skin.session(this, peer);
  }

  stop(): void {
    this.host.stop();
  }
}

