/**
 * Tests only: minimal ProtocolModule wrappers over the VRRP and VRRS engines, registered into a
 * device's own registry when the tree's protocols/index.ts does not register them yet (the real
 * modules are protocols/vrrp/module.ts and protocols/vrrs/module.ts, written elsewhere).
 */
import type { ProtocolModule } from '../../protocols/registry';
import { VrrpEngine } from '../../protocols/vrrp/engine';
import { VrrsEngine } from '../../protocols/vrrs/engine';
import { newVrrpConfig, type VrrpConfig } from '../../protocols/vrrp/config';
import type { VrrsConfig } from '../../protocols/vrrs/config';
import { MemorySink } from '../../protocols/vrrs/accounting';
import type { IosDevice } from './device';

const vrrp: ProtocolModule<VrrpConfig, VrrpEngine> = {
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
};

const vrrs: ProtocolModule<VrrsConfig, VrrsEngine> = {
  name: 'vrrs',
  needs: ['vrrp'],
  create(node, cfg, deps) {
    const e = new VrrsEngine(node, deps.instance<VrrpEngine>('vrrp')!, new MemorySink());
    e.update(cfg);
    e.start();
    return e;
  },
  update(e, cfg) {
    e.update(cfg);
  },
  stop(e) {
    e.stop();
  },
};

export function ensureVrrpModules(dev: IosDevice): void {
  if (!dev.host.registry.has('vrrp')) dev.host.registry.register(vrrp);
  if (!dev.host.registry.has('vrrs')) dev.host.registry.register(vrrs);
}
