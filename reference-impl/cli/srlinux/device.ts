/**
 * An SR Linux node: running and candidate configuration trees (schema.ts), committed as a whole,
 * and the protocol host fed from the committed tree (map.ts).
 */
import type { Node } from '../../net/node';
import type { Device } from '../registry';
import type { TerminalSessionFactory } from '../../mgmt/terminal';
import { ProtocolHost } from '../../config/host';
import { defaultProtocols } from '../../protocols';
import { CliError, DNode, cloneD, newD } from './tree';
import { SrlSession, tokens } from './session';
import { toNodeConfig } from './map';
import { showCommand } from './show';
import { SrlGnmiSource } from './gnmi';

export class SrlDevice implements Device {
  readonly dialect = 'srlinux';
  running: DNode = newD();
  candidate: DNode = newD();
  readonly host: ProtocolHost;

  constructor(readonly node: Node) {
    this.host = new ProtocolHost(node, defaultProtocols());
  }

  commit(): void {
    this.running = cloneD(this.candidate);
    this.host.apply(toNodeConfig(this.node.hostname, this.running));
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
    this.commit();
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
