/** OSPFv2 as a protocol module: the section is the node's OSPF processes, one engine each. */
import { isDeepStrictEqual } from 'node:util';
import type { Node } from '../../net/node';
import type { ProtocolModule } from '../registry';
import type { OspfConfig } from './config';
import { OspfNeighborInfo, OspfProcess } from './process';

export interface OspfSection {
  processes: OspfConfig[];
}

export type OspfInstance = Map<number, OspfProcess>;

export interface OspfNeighborRow extends OspfNeighborInfo {
  process: number;
  routerIdLocal: string;
}

function sync(node: Node, inst: OspfInstance, sec: OspfSection): void {
  const want = new Map(sec.processes.map((p) => [p.processId, p]));
  for (const [id, p] of inst) {
    if (!want.has(id)) {
      p.stop();
      inst.delete(id);
    }
  }
  for (const [id, cfg] of want) {
    const p = inst.get(id);
    if (!p) {
      const np = new OspfProcess(node, cfg);
      inst.set(id, np);
      np.start();
    } else if (!isDeepStrictEqual(p.cfg, cfg)) p.update(cfg);
  }
}

export const ospfModule: ProtocolModule<OspfSection, OspfInstance> = {
  name: 'ospf',
  create(node, sec) {
    const inst: OspfInstance = new Map();
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
    /** Every process's neighbours, by process id. */
    neighbors: (inst): OspfNeighborRow[] =>
      [...inst.values()]
        .sort((a, b) => a.cfg.processId - b.cfg.processId)
        .flatMap((p) => p.neighbors().map((n) => ({ ...n, process: p.cfg.processId, routerIdLocal: p.routerId }))),
  },
};
