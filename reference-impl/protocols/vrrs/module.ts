/**
 * VRRS (the named-group database fed by VRRP, its clients and the interface-state, MAC-address and
 * accounting plug-ins) as a protocol module on top of VRRP. The instance is the engine itself.
 *
 * Accounting requests go to the sink the node's host provides under ACCOUNTING_SERVICE (the lab
 * puts a real RADIUS client there, runtime/radius-acct.ts); without one they are kept in memory.
 */
import type { ProtocolModule } from '../registry';
import type { VrrpEngine } from '../vrrp/engine';
import { ACCOUNTING_SERVICE, MemorySink, type AccountingSink } from './accounting';
import { newVrrsConfig, type VrrsConfig } from './config';
import { VrrsEngine } from './engine';

export const vrrsModule: ProtocolModule<VrrsConfig, VrrsEngine> = {
  name: 'vrrs',
  needs: ['vrrp'],
  defaultConfig: newVrrsConfig,
  create(node, cfg, deps) {
    const vrrp = deps.instance<VrrpEngine>('vrrp');
    if (!vrrp) throw new Error('vrrs: no VRRP instance on this node');
    const sink = (node.services.get(ACCOUNTING_SERVICE) as AccountingSink | undefined) ?? new MemorySink();
    const e = new VrrsEngine(node, vrrp, sink);
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
  show: {
    summary: (e) => e.summary(),
    groups: (e) => e.group(),
    clients: (e) => e.clients(),
    pluginDatabase: (e) => e.pluginDatabase(),
    pluginInterfaces: (e) => e.pluginInterfaces(),
    arp: (e) => e.arpEntries(),
    events: (e) => e.events(),
    debugs: (e) => e.debugs(),
  },
};
