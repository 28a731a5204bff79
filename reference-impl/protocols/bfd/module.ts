/**
 * BFD as a protocol module. The engine runs the sessions of the configuration's section plus
 * the sessions other protocols ask for (OSPF's per-neighbour sessions on `bfd` interfaces):
 * `setClient(name, sessions)` replaces one client's sessions.
 */
import type { ProtocolModule } from '../registry';
import { BfdConfig, BfdSessionConfig, newBfdConfig } from './config';
import { BfdEngine, BfdSessionInfo } from './engine';

export class BfdInstance {
  private base: BfdConfig;
  private clients = new Map<string, BfdSessionConfig[]>();

  constructor(
    readonly engine: BfdEngine,
    cfg: BfdConfig,
  ) {
    this.base = cfg;
    this.push();
  }

  setBase(cfg: BfdConfig): void {
    this.base = cfg;
    this.push();
  }

  setClient(client: string, sessions: BfdSessionConfig[]): void {
    if (sessions.length) this.clients.set(client, sessions);
    else this.clients.delete(client);
    this.push();
  }

  private push(): void {
    const sessions = new Map(this.base.sessions);
    for (const list of this.clients.values()) for (const s of list) if (!sessions.has(s.name)) sessions.set(s.name, s);
    this.engine.update({ enabled: this.base.enabled || this.clients.size > 0, sessions });
  }
}

export const bfdModule: ProtocolModule<BfdConfig, BfdInstance> = {
  name: 'bfd',
  defaultConfig: newBfdConfig,
  create(node, cfg) {
    return new BfdInstance(new BfdEngine(node), cfg);
  },
  update(inst, cfg) {
    inst.setBase(cfg);
  },
  stop(inst) {
    inst.engine.stop();
  },
  show: {
    sessions: (inst): BfdSessionInfo[] => inst.engine.sessions(),
  },
};
