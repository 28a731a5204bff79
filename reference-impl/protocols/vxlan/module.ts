/**
 * VXLAN as a protocol module: the section is `VxlanConfig` (protocols/vxlan/config.ts), the
 * instance the `VxlanEngine` (encapsulation over the node's IP stack, UDP 4789). The bridge
 * module sends through it and receives from it. Show model:
 *
 * - `interfaces`: `VxlanIfRow[]` (protocols/l2-rows.ts): VNI, source address, the flood list
 *   the bridge domain holds, packet counters.
 */
import type { ProtocolModule } from '../registry';
import type { VxlanIfRow } from '../l2-rows';
import type { VxlanConfig } from './config';
import { VxlanEngine } from './engine';

export const vxlanModule: ProtocolModule<VxlanConfig, VxlanEngine> = {
  name: 'vxlan',
  defaultConfig: (): VxlanConfig => ({ sourceAddress: '', interfaces: [] }),
  create(node, cfg) {
    return new VxlanEngine(node, cfg);
  },
  update(inst, cfg) {
    inst.update(cfg);
  },
  stop(inst) {
    inst.stop();
  },
  show: {
    interfaces: (inst): VxlanIfRow[] => inst.rows(),
  },
};
