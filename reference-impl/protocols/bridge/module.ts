/**
 * MAC-VRF bridging as a protocol module: the section is `BridgeConfig` (protocols/bridge/config.ts),
 * the instance a `BridgeEngine`, which implements `BridgeApi` for the EVPN module
 * (`deps.instance<BridgeApi>('bridge')`). A MAC-VRF with a vxlan-interface sends through the
 * `vxlan` module's instance (looked up at each use, so a restarted VXLAN engine is picked up).
 * Show models (protocols/l2-rows.ts):
 *
 * - `macVrfs`: `MacVrfRow[]`, one per MAC-VRF.
 * - `macTable`: `MacTableRow[]`, the active entry of each MAC of every MAC-VRF.
 */
import type { ProtocolModule } from '../registry';
import type { MacTableRow, MacVrfRow } from '../l2-rows';
import type { VxlanEngine } from '../vxlan/engine';
import type { BridgeConfig } from './config';
import { BridgeEngine } from './engine';

export const bridgeModule: ProtocolModule<BridgeConfig, BridgeEngine> = {
  name: 'bridge',
  mayNeed: ['vxlan'],
  needsOf: () => [],
  defaultConfig: (): BridgeConfig => ({ macVrfs: [] }),
  create(node, cfg, deps) {
    return new BridgeEngine(node, cfg, () => deps.instance<VxlanEngine>('vxlan'));
  },
  update(inst, cfg) {
    inst.update(cfg);
  },
  stop(inst) {
    inst.stop();
  },
  show: {
    macVrfs: (inst): MacVrfRow[] => inst.macVrfRows(),
    macTable: (inst): MacTableRow[] => inst.macTableRows(),
  },
};
