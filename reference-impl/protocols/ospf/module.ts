/**
 * OSPFv2 as a protocol module: the section is the node's OSPF processes, one engine each, and
 * the interfaces where BFD guards the adjacencies (freeRtr `router ospf4 1 bfd`). On those, a
 * BFD session runs to every Full neighbour (asked of the bfd module); when a session that was
 * Up goes Down the neighbour is killed at once instead of after the dead interval.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Node } from '../../net/node';
import type { ProtocolDeps, ProtocolModule } from '../registry';
import type { BfdInstance } from '../bfd/module';
import { newBfdSessionConfig, type BfdSessionConfig } from '../bfd/config';
import type { OspfConfig } from './config';
import { OspfNeighborInfo, OspfProcess } from './process';
import { ipStr } from './packet';

export interface OspfBfdIface {
  process: number;
  iface: string;
  minTxMs: number;
  minRxMs: number;
  detectMult: number;
}

export interface OspfSection {
  processes: OspfConfig[];
  /** Interfaces whose adjacencies BFD guards. */
  bfd?: OspfBfdIface[];
}

export class OspfInstance {
  readonly procs = new Map<number, OspfProcess>();
  bfdIfaces: OspfBfdIface[] = [];
  private bfd?: BfdInstance;
  private offBfd?: () => void;
  private wasUp = new Set<string>();
  /** Our BFD session name -> the neighbour it guards. */
  private guarded = new Map<string, { proc: number; iface: string; addr: number }>();

  constructor(readonly node: Node) {}

  sync(sec: OspfSection, deps: ProtocolDeps): void {
    const want = new Map(sec.processes.map((p) => [p.processId, p]));
    for (const [id, p] of this.procs) {
      if (!want.has(id)) {
        p.stop();
        this.procs.delete(id);
      }
    }
    for (const [id, cfg] of want) {
      const p = this.procs.get(id);
      if (!p) {
        const np = new OspfProcess(this.node, cfg);
        const adj = np.adjacencyChanged.bind(np);
        np.adjacencyChanged = () => {
          adj();
          this.syncBfd();
        };
        this.procs.set(id, np);
        np.start();
      } else if (!isDeepStrictEqual(p.cfg, cfg)) p.update(cfg);
    }
    this.bfdIfaces = sec.bfd ?? [];
    const bfd = this.bfdIfaces.length ? deps.instance<BfdInstance>('bfd') : undefined;
    if (bfd !== this.bfd) {
      this.offBfd?.();
      this.offBfd = undefined;
      this.bfd?.setClient('ospf', []);
      this.bfd = bfd;
      if (bfd) this.offBfd = bfd.engine.onStateChange((name, st) => this.bfdChanged(name, st));
    }
    this.syncBfd();
  }

  /** One BFD session per Full neighbour on a BFD interface. */
  private syncBfd(): void {
    if (!this.bfd) return;
    const sessions: BfdSessionConfig[] = [];
    this.guarded.clear();
    for (const b of this.bfdIfaces) {
      const p = this.procs.get(b.process);
      const oi = p?.ifaces.get(b.iface);
      const src = oi?.iface.v4;
      if (!p || !oi || !src) continue;
      for (const n of oi.nbrs.values()) {
        if (n.state !== 'Full') continue;
        const name = `ospf${b.process}-${b.iface}-${ipStr(n.addr)}`;
        const s = newBfdSessionConfig(name, ipStr(n.addr));
        s.vrf = p.cfg.vrf;
        s.iface = b.iface;
        s.source = ipStr(Number(src.addr.v));
        s.minTxMs = b.minTxMs;
        s.minRxMs = b.minRxMs;
        s.detectMult = b.detectMult;
        sessions.push(s);
        this.guarded.set(name, { proc: b.process, iface: b.iface, addr: n.addr });
      }
    }
    for (const n of [...this.wasUp]) if (!this.guarded.has(n)) this.wasUp.delete(n);
    this.bfd.setClient('ospf', sessions);
  }

  private bfdChanged(name: string, st: string): void {
    const g = this.guarded.get(name);
    if (!g) return;
    if (st === 'Up') {
      this.wasUp.add(name);
      return;
    }
    if (st !== 'Down' || !this.wasUp.has(name)) return;
    this.wasUp.delete(name);
    // The forwarding path is gone: the neighbour goes Down now (KillNbr), not at the dead interval.
    const oi = this.procs.get(g.proc)?.ifaces.get(g.iface);
    const nbr = oi && [...oi.nbrs.values()].find((n) => n.addr === g.addr);
    nbr?.kill('BfdDown');
  }

  stop(): void {
    this.offBfd?.();
    this.offBfd = undefined;
    this.bfd?.setClient('ospf', []);
    this.bfd = undefined;
    for (const p of this.procs.values()) p.stop();
    this.procs.clear();
  }
}

export interface OspfNeighborRow extends OspfNeighborInfo {
  process: number;
  routerIdLocal: string;
}

export const ospfModule: ProtocolModule<OspfSection, OspfInstance> = {
  name: 'ospf',
  mayNeed: ['bfd'],
  needsOf: (sec) => (sec.bfd?.length ? ['bfd'] : []),
  create(node, sec, deps) {
    const inst = new OspfInstance(node);
    inst.sync(sec, deps);
    return inst;
  },
  update(inst, sec, _node, deps) {
    inst.sync(sec, deps);
  },
  stop(inst) {
    inst.stop();
  },
  show: {
    /** Every process's neighbours, by process id. */
    neighbors: (inst): OspfNeighborRow[] =>
      [...inst.procs.values()]
        .sort((a, b) => a.cfg.processId - b.cfg.processId)
        .flatMap((p) => p.neighbors().map((n) => ({ ...n, process: p.cfg.processId, routerIdLocal: p.routerId }))),
  },
};
