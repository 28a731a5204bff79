/**
 * An IOS XE router: its neutral configuration (config/model.ts), the dialect's own settings
 * beside it (enable secret, terminal defaults, the parts' state), and the ProtocolHost that runs
 * the protocols from that model. Every configuration line edits the model; the device then
 * applies the difference to the node.
 */
import type { Node } from '../../net/node';
import type { Device } from '../registry';
import type { TerminalSessionFactory, TerminalSession } from '../../mgmt/terminal';
import { ProtocolHost } from '../../config/host';
import { NodeConfig, newNodeConfig } from '../../config/model';
import { defaultProtocols } from '../../protocols';
import { Ctx, IosPart, IosTable, runConfigLine } from './core';

export interface IosSkin {
  table: IosTable;
  parts: readonly IosPart[];
  session(dev: IosDevice, peer: string): TerminalSession;
}

/** A listener for debug messages (a session with `terminal monitor`, or the console). */
export type DebugSink = (line: string) => void;

export class IosDevice implements Device {
  readonly dialect = 'iosxe';
  readonly cfg: NodeConfig;
  readonly host: ProtocolHost;
  /** `enable secret` (kept hashed-looking in running-config; compared in clear). */
  enableSecret?: string;
  /** Global lines accepted and kept verbatim for show running-config. */
  extraGlobal: string[] = [];
  /** Interface lines kept verbatim (mac-address), by interface. */
  readonly ifExtra = new Map<string, Map<string, string>>();
  /** Debug flags on (`debug vrrp vrrs`, `debug arp`, ...), as IOS keeps them per router. */
  readonly debugs = new Set<string>();
  private readonly sinks = new Set<DebugSink>();
  private batching = false;
  readonly ext = new Map<string, unknown>();

  constructor(
    readonly node: Node,
    readonly skin: IosSkin,
  ) {
    // Ports are up unless `shutdown` is configured: the document never types `no shutdown` and shows
    // its ports up (ERRATA: a factory-default ISR/ASR port is shut down).
    node.ifaceAdminDefault = true;
    this.cfg = newNodeConfig(node.hostname);
    this.host = new ProtocolHost(node, defaultProtocols());
  }

  /** True while a whole configuration text (startup) is applied: addresses then show Method NVRAM. */
  get loading(): boolean {
    return this.batching;
  }

  apply(): void {
    if (this.batching) return;
    for (const p of this.skin.parts) p.derive?.(this);
    this.host.apply(this.cfg);
    for (const p of this.skin.parts) p.applied?.(this);
  }

  /** A protocol's section of the model, only where the protocol is registered. */
  setSection(proto: string, sec: unknown | undefined): void {
    if (!this.host.registry.has(proto)) return;
    if (sec === undefined) this.cfg.protocols.delete(proto);
    else this.cfg.protocols.set(proto, sec);
  }

  state<S>(part: string, make: () => S): S {
    let s = this.ext.get(part) as S | undefined;
    if (!s) {
      s = make();
      this.ext.set(part, s);
    }
    return s;
  }

  onDebug(sink: DebugSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** One debug message, to every monitoring session, when its flag is on. */
  debug(flag: string, line: string): void {
    if (!this.debugs.has(flag)) return;
    for (const s of this.sinks) s(line);
  }

  applyConfig(text: string): Array<{ line: number; text: string; error: string }> {
    const errors: Array<{ line: number; text: string; error: string }> = [];
    const ctx: Ctx = {
      dev: this,
      mode: { name: 'cfg' },
      negated: false,
      term: { length: 0, width: 80, monitor: false },
      setMode: (m) => {
        ctx.mode = m;
      },
    };
    const lines = text.split(/\r?\n/);
    this.batching = true;
    try {
      for (let n = 0; n < lines.length; n++) {
        const raw = lines[n];
        const res = runConfigLine(this.skin.table, ctx, raw, 0);
        if (res.error) errors.push({ line: n + 1, text: raw.trim(), error: res.error.trim().split('\n').pop()! });
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
