/**
 * VRRS as a protocol module (`needs: ['vrrp']`: the VRRP groups with a name are its servers).
 * The section is `VrrsConfig` (client interfaces with their plug-ins, `vrrs NAME` accounting
 * settings, the neutral AAA/RADIUS configuration). Show models (typed rows, rendered by dialects):
 *
 * - `summary`: `VrrsSummaryRow[]` (`show vrrs summary`: group, server, state, virtual address)
 * - `groups`: `VrrsGroupRow[]` (`show vrrs group [NAME]`: state, old state, reason, server,
 *   address family, virtual address/MAC, active/standby address, clients)
 * - `clients`: `VrrsClientRow[]` (`show vrrs clients`: id, priority, all-groups, name)
 * - `pluginDatabase`: `VrrsPluginDbRow[]` (`show vrrs plugin database`: Live/Disconnected,
 *   state, MAC, client handle, interface list)
 * - `pluginInterfaces`: `VrrsPluginIfRow[]` (per client interface: follow name, plug-ins, held
 *   down by interface-state, virtual MAC active)
 * - `arp`: `VrrsArpRow[]` (the client interfaces' own ARP entries: virtual MAC or burned-in)
 * - `events`: `VrrsStateEvent[]` (state changes with old state and reason)
 * - `accounting`: `VrrsAccountingRow[]` (Accounting-Requests handed to the sink, no secrets)
 * - `debugs`: `VrrsDebug[]` (the debug messages so far)
 *
 * Debug feed: `inst.subscribe(cb)` returns the unsubscribe function; each `VrrsDebug` carries
 * `facility` ('vrrp-vrrs' | 'accounting' | 'infra' | 'plugin' | 'arp'), `time` (virtual
 * microseconds; the dialect prints IOS's timestamp from it) and `text` (the message after IOS's
 * timestamp, e.g. `VRRP: Registered VRRS group "x"`).
 *
 * Accounting: requests go to the node's sink (`setAccountingSink(node, sink)`, set by the lab
 * before the section is created; without one a MemorySink keeps them, so shows still list them).
 */
import type { Node } from '../../net/node';
import type { ProtocolModule } from '../registry';
import type { VrrpInstance } from '../vrrp/module';
import { MemorySink, type AccountingSink, type AcctStatus } from './accounting';
import { newVrrsConfig, type VrrsConfig } from './config';
import type { VrrsDebug, VrrsDebugFacility } from './database';
import {
  VrrsEngine,
  type VrrsArpRow,
  type VrrsClientRow,
  type VrrsGroupRow,
  type VrrsPluginDbRow,
  type VrrsPluginIfRow,
  type VrrsStateEvent,
  type VrrsSummaryRow,
} from './engine';

export type { VrrsArpRow, VrrsClientRow, VrrsGroupRow, VrrsPluginDbRow, VrrsPluginIfRow, VrrsStateEvent, VrrsSummaryRow, VrrsDebug, VrrsDebugFacility };

/** One Accounting-Request as shows list it (the shared secret left out). */
export interface VrrsAccountingRow {
  time: number;
  status: AcctStatus;
  vrrsName: string;
  nasIp: string;
  sessionId: string;
  delaySec: number;
  methodList: string;
  /** `host:acctPort` of each RADIUS server it went to. */
  servers: string[];
}

const sinks = new WeakMap<Node, AccountingSink>();

/** The sink a node's VRRS accounting plug-in sends to (the lab puts a real UDP RADIUS sink here). */
export function setAccountingSink(node: Node, sink: AccountingSink): void {
  sinks.set(node, sink);
}

export class VrrsInstance {
  constructor(readonly engine: VrrsEngine) {}

  /** Subscribe to debug messages (all facilities; the dialect filters by its `debug` flags). */
  subscribe(cb: (d: VrrsDebug) => void): () => void {
    return this.engine.onDebug(cb);
  }
}

export const vrrsModule: ProtocolModule<VrrsConfig, VrrsInstance> = {
  name: 'vrrs',
  needs: ['vrrp'],
  defaultConfig: newVrrsConfig,
  create(node, cfg, deps) {
    const vrrp = deps.instance<VrrpInstance>('vrrp');
    if (!vrrp) throw new Error('vrrs: the vrrp module is not running on this node');
    const eng = new VrrsEngine(node, vrrp.engine, sinks.get(node) ?? new MemorySink());
    eng.update(cfg);
    eng.start();
    return new VrrsInstance(eng);
  },
  update(inst, cfg) {
    inst.engine.update(cfg);
  },
  stop(inst) {
    inst.engine.stop();
  },
  show: {
    summary: (inst): VrrsSummaryRow[] => inst.engine.summary(),
    groups: (inst): VrrsGroupRow[] => inst.engine.group(),
    clients: (inst): VrrsClientRow[] => inst.engine.clients(),
    pluginDatabase: (inst): VrrsPluginDbRow[] => inst.engine.pluginDatabase(),
    pluginInterfaces: (inst): VrrsPluginIfRow[] => inst.engine.pluginInterfaces(),
    arp: (inst): VrrsArpRow[] => inst.engine.arpEntries(),
    events: (inst): VrrsStateEvent[] => inst.engine.events(),
    debugs: (inst): VrrsDebug[] => inst.engine.debugs(),
    accounting: (inst): VrrsAccountingRow[] =>
      inst.engine.accounting.map((r) => ({
        time: r.time,
        status: r.status,
        vrrsName: r.vrrsName,
        nasIp: r.nasIp,
        sessionId: r.sessionId,
        delaySec: r.delaySec,
        methodList: r.methodList,
        servers: r.servers.map((s) => `${s.host}:${s.acctPort}`),
      })),
  },
};
