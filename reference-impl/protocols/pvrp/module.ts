/** PVRP as a protocol module: the section is the node's `router pvrp4|pvrp6 N` processes. */
import type { ProtocolModule } from '../registry';
import type { PvrpConfig } from './config';
import { PvrpProcess } from './process';
import type { PvrpNeighbor } from './neighbor';

export interface PvrpSection {
  processes: PvrpConfig[];
}

/** Processes by "afi:proc" ("4:1" for `router pvrp4 1`). */
export type PvrpInstance = Map<string, PvrpProcess>;

export const pvrpKey = (c: Pick<PvrpConfig, 'afi' | 'proc'>): string => `${c.afi}:${c.proc}`;

function sync(node: import('../../net/node').Node, inst: PvrpInstance, sec: PvrpSection): void {
  const want = new Map(sec.processes.map((p) => [pvrpKey(p), p]));
  for (const [k, p] of inst) {
    if (!want.has(k)) {
      p.stop();
      inst.delete(k);
    }
  }
  for (const [k, cfg] of want) {
    let p = inst.get(k);
    if (p && p.cfg.vrf !== cfg.vrf) {
      p.stop();
      p = undefined;
    }
    if (!p) {
      p = new PvrpProcess(node, cfg);
      inst.set(k, p);
      p.start();
    } else {
      p.cfg = cfg;
      p.syncIfaces();
      p.triggerCompute();
    }
  }
}

export const pvrpModule: ProtocolModule<PvrpSection, PvrpInstance> = {
  name: 'pvrp',
  create(node, sec) {
    const inst: PvrpInstance = new Map();
    sync(node, inst, sec);
    return inst;
  },
  update(inst, sec, node) {
    sync(node, inst, sec);
  },
  stop(inst) {
    for (const p of inst.values()) p.stop();
    inst.clear();
  },
  show: {
    neighbors: (inst): Array<{ process: string; iface: string; neighbor: PvrpNeighbor }> =>
      [...inst.entries()].sort().flatMap(([k, p]) => p.sortedIfaces().flatMap((pi) => pi.sortedNeighbors().map((n) => ({ process: k, iface: pi.iface.name, neighbor: n })))),
  },
};
