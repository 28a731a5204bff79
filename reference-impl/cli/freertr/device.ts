/**
 * A freeRtr router: its neutral configuration (config/model.ts) with the few freeRtr-only
 * settings beside it, and the ProtocolHost that runs the protocols from that model. Every
 * configuration line edits the model; the device then applies the difference to the node.
 * The commands come from the dialect's parts (index.ts), the session from session.ts.
 */
import type { Node } from '../../net/node';
import type { Device } from '../registry';
import type { TerminalSessionFactory, TerminalSession } from '../../mgmt/terminal';
import { ProtocolHost } from '../../config/host';
import { NodeConfig, newNodeConfig } from '../../config/model';
import { defaultProtocols } from '../../protocols';
import type { PvrpInstance } from '../../protocols/pvrp/module';
import type { PvrpProcess } from '../../protocols/pvrp/process';
import { Ctx, FreeRtrPart, FreeRtrTable, runConfigLine } from './core';

export interface ServerConf {
  kind: string;
  name: string;
  lines: string[];
}

/** What the dialect gives each device: its command table, parts, and how sessions are made. */
export interface FreeRtrSkin {
  table: FreeRtrTable;
  parts: readonly FreeRtrPart[];
  session(dev: FreeRtrDevice, peer: string): TerminalSession;
}

export class FreeRtrDevice implements Device {
  readonly dialect = 'freertr';
  /** The running configuration as the neutral model (freeRtr applies each line at once). */
  readonly cfg: NodeConfig;
  readonly host: ProtocolHost;
  buggy = false;
  logging: string[] = [];
  /** Interfaces with `log-link-change`. */
  logLinkChange = new Set<string>();
  servers = new Map<string, ServerConf>();
  /** Lines accepted and kept verbatim for show running-config (global mode). */
  extraGlobal: string[] = [];
  /** Set while applyConfig runs a whole text: apply() waits for its end. */
  private batching = false;
  /** The parts' own configuration state, by part name (what `derive` turns into model sections). */
  readonly ext = new Map<string, unknown>();

  constructor(
    readonly node: Node,
    readonly skin: FreeRtrSkin,
  ) {
    // freeRtr interfaces are up until `shutdown` (its running config says `no shutdown`).
    node.ifaceAdminDefault = true;
    // freeRtr's ports are pseudo-wires (UDP in its containerlab image): no carrier to lose.
    node.shutdownDropsCarrier = false;
    this.cfg = newNodeConfig(node.hostname);
    this.host = new ProtocolHost(node, defaultProtocols());
  }

  /** Push the configuration model onto the node and its protocols (the difference only). */
  apply(): void {
    // A whole configuration text (boot, restart) is applied once at its end, as a router boots
    // from its startup configuration; a line typed in a session is applied at once.
    if (this.batching) return;
    for (const p of this.skin.parts) p.derive?.(this);
    this.host.apply(this.cfg);
  }

  /** A protocol's section of the model, created with `make` when asked to and absent. */
  section<S>(proto: string, make?: () => S): S | undefined {
    let s = this.cfg.protocols.get(proto) as S | undefined;
    if (!s && make) {
      s = make();
      this.cfg.protocols.set(proto, s);
    }
    return s;
  }

  /** A part's own state, created with `make` on first use. */
  state<S>(part: string, make: () => S): S {
    let s = this.ext.get(part) as S | undefined;
    if (!s) {
      s = make();
      this.ext.set(part, s);
    }
    return s;
  }

  /** PVRP processes by "afi:proc" (tests and show commands). */
  get pvrp(): Map<string, PvrpProcess> {
    return this.host.instance<PvrpInstance>('pvrp') ?? new Map();
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
    this.batching = true;
    try {
      for (let n = 0; n < lines.length; n++) {
        const raw = lines[n];
        const res = runConfigLine(this.skin.table, ctx, raw);
        if (res.error) errors.push({ line: n + 1, text: raw.trim(), error: res.error });
        if (res.end) break;
      }
    } finally {
      this.batching = false;
    }
    this.apply();
    return errors;
  }

  sessions(): TerminalSessionFactory {
    return (peer: string) => this.skin.session(this, peer);
  }

  stop(): void {
    this.host.stop();
  }
}
