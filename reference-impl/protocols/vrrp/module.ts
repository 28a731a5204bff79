/**
 * VRRP as a protocol module (RFC 5798 v3, RFC 3768 v2). The section is `VrrpConfig` (groups by
 * `groupKey(iface, vrid, afi)`, per-interface `vrrp delay`). Show models:
 *
 * - `groups`: `VrrpGroupInfo[]`, everything `show vrrp` / `display vrrp verbose` prints (state,
 *   vrid, afi, version, addresses, configured/effective priority, preempt + delay, adv interval,
 *   master address, master-down interval, virtual MAC, transitions + stateSince, counters).
 * - `brief`: `VrrpBriefRow[]`, one line of `show vrrp brief` / `display vrrp brief`.
 * - `events`: `VrrpStateEvent[]`, the state changes so far (oldest first).
 *
 * Other modules (VRRS) reach the engine through `deps.instance<VrrpInstance>('vrrp')`.
 */
import type { ProtocolModule } from '../registry';
import { newVrrpConfig, type VrrpConfig } from './config';
import { VrrpEngine, type VrrpBriefRow, type VrrpGroupInfo, type VrrpStateEvent } from './engine';

export type { VrrpBriefRow, VrrpGroupInfo, VrrpStateEvent } from './engine';

export class VrrpInstance {
  /** Lines naming groups whose configuration was refused by the last update (bad VRID, ...). */
  errors: string[] = [];

  constructor(
    readonly engine: VrrpEngine,
    cfg: VrrpConfig,
  ) {
    // Configuration first, then the interfaces: at boot an interface already up starts its
    // groups after `vrrp delay ... reload` (the engine sees it come up with its delay configured).
    this.errors = engine.update(cfg);
    engine.start();
  }

  update(cfg: VrrpConfig): void {
    this.errors = this.engine.update(cfg);
  }
}

export const vrrpModule: ProtocolModule<VrrpConfig, VrrpInstance> = {
  name: 'vrrp',
  defaultConfig: newVrrpConfig,
  create(node, cfg) {
    return new VrrpInstance(new VrrpEngine(node), cfg);
  },
  update(inst, cfg) {
    inst.update(cfg);
  },
  stop(inst) {
    inst.engine.stop();
  },
  show: {
    groups: (inst): VrrpGroupInfo[] => inst.engine.groups(),
    brief: (inst): VrrpBriefRow[] => inst.engine.brief(),
    events: (inst): VrrpStateEvent[] => inst.engine.events(),
  },
};
