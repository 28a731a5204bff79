/**
 * An SR Linux node: running and candidate configuration trees (schema.ts), committed as a whole
 * after validation (map.ts validate), and the protocol host fed from the committed tree
 * (map.ts toNodeConfig). Sections of protocol modules this build does not register are left
 * out of what the host applies (they run once the module is registered).
 */
import type { Node } from '../../net/node';
import type { Device, DevicePlatform } from '../registry';
import type { TerminalSessionFactory } from '../../mgmt/terminal';
import type { NodeConfig } from '../../config/model';
import { ProtocolHost } from '../../config/host';
import { defaultProtocols } from '../../protocols';
import { CliError, DNode, cloneD, newD } from './tree';
import { SrlSession, tokens } from './session';
import { toNodeConfig, validate } from './map';
import { showCommand } from './show';
import { SrlGnmiSource } from './gnmi';

export { chassisType, softwareVersion } from './platform';

export class SrlDevice implements Device {
  readonly dialect = 'srlinux';
  running: DNode = newD();
  candidate: DNode = newD();
  readonly host: ProtocolHost;
  /** The neutral configuration of the last commit, every section included (the host gets the registered ones). */
  config?: NodeConfig;
  readonly platform: DevicePlatform;

  constructor(
    readonly node: Node,
    platform: DevicePlatform = {},
  ) {
    this.host = new ProtocolHost(node, defaultProtocols());
    this.platform = platform;
  }

  /** The chassis MAC (`System HW MAC Address`, the default LACP system id). */
  get chassisMac(): string {
    const i = this.node.index;
    return ['1a', ((i >> 8) & 255).toString(16).padStart(2, '0'), (i & 255).toString(16).padStart(2, '0'), 'ff', '00', '00'].join(':');
  }

  /** Validate the candidate and make it the running configuration; throws CliError with SR Linux's errors. */
  commit(): void {
    const errs = validate(this.candidate);
    if (errs.length) throw new CliError(`Error: Failed to commit\n${errs.join('\n')}`);
    const cfg = toNodeConfig(this.node.hostname, this.candidate, { chassisMac: this.chassisMac });
    const applied: NodeConfig = { ...cfg, protocols: this.runnable(cfg.protocols) };
    try {
      this.host.apply(applied);
    } catch (e) {
      throw new CliError(`Error: Failed to commit\nError: ${(e as Error).message}`);
    }
    this.config = cfg;
    this.running = cloneD(this.candidate);
  }

  /**
   * The sections the host can run: those of registered modules whose needed protocols run or
   * have a default configuration (an ethernet segment without BGP configured is accepted, as
   * SR Linux does, and stays inactive until BGP is configured).
   */
  private runnable(sections: Map<string, unknown>): Map<string, unknown> {
    const reg = this.host.registry;
    const out = new Map([...sections].filter(([k]) => reg.has(k)));
    for (const m of reg.modules()) {
      if (!out.has(m.name)) continue;
      const needs = [...(m.needs ?? []), ...(m.needsOf?.(out.get(m.name)) ?? [])];
      if (needs.some((n) => !out.has(n) && (!reg.has(n) || !reg.get(n).defaultConfig))) out.delete(m.name);
    }
    return out;
  }

  show(words: string[]): string {
    return showCommand(this, words);
  }

  /** Startup configuration: `set / ...` lines (and blocks), committed once at the end. */
  applyConfig(text: string): Array<{ line: number; text: string; error: string }> {
    const errors: Array<{ line: number; text: string; error: string }> = [];
    const s = new SrlSession(this, 'startup');
    s.mode = 'candidate';
    const lines = text.split(/\r?\n/);
    for (let n = 0; n < lines.length; n++) {
      const raw = lines[n];
      if (tokens(raw).length === 0) continue;
      try {
        s.run(raw);
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        errors.push({ line: n + 1, text: raw.trim(), error: e.message });
      }
    }
    try {
      this.commit();
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      const last = lines.length;
      for (const l of e.message.split('\n').slice(1)) errors.push({ line: last, text: 'commit', error: l });
    }
    return errors;
  }

  private gnmi?: SrlGnmiSource;
  /** The node's gNMI data source (gnmi.ts), served by the lab's gNMI listener. */
  gnmiSource = (): SrlGnmiSource => (this.gnmi ??= new SrlGnmiSource(this));

  sessions(): TerminalSessionFactory {
    return (peer: string) => new SrlSession(this, peer);
  }

  stop(): void {
    this.host.stop();
  }
}
