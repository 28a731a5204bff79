/**
 * VRRP (RFC 5798 version 3, RFC 3768 version 2) as a protocol module. The instance is the engine
 * itself: dialects read its state through `show` (or the engine's typed getters).
 */
import type { ProtocolModule } from '../registry';
import { newVrrpConfig, type VrrpConfig } from './config';
import { VrrpEngine } from './engine';

export const vrrpModule: ProtocolModule<VrrpConfig, VrrpEngine> = {
  name: 'vrrp',
  defaultConfig: newVrrpConfig,
  create(node, cfg) {
    const e = new VrrpEngine(node);
    e.start();
    e.update(cfg);
    return e;
  },
  update(e, cfg) {
    e.update(cfg);
  },
  stop(e) {
    e.stop();
  },
  show: {
    /** Every group with its full state (`show vrrp`, `display vrrp verbose`). */
    groups: (e) => e.groups(),
    /** One row per group (`show vrrp brief`, `display vrrp brief`). */
    brief: (e) => e.brief(),
    /** State changes, oldest first. */
    events: (e) => e.events(),
  },
};
