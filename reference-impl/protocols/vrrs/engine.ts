/**
 * The VRRS engine of a node: the named-group database fed by the node's VRRP groups with a
 * name (the server), the built-in clients (VRRS-Plugins, VRRS-Accounting) and the three plug-ins:
 * interface-state (a client subinterface's line protocol follows the group: up only while
 * ACTIVE, down while no server has the name), MAC-address (while ACTIVE the virtual MAC is the
 * address of the client interface's primary address: ARP table, port MAC filter, ARP replies,
 * unsolicited ARP every `interval` for `duration`) and accounting (Accounting-On when a group
 * becomes ACTIVE, Accounting-Off `accounting delay` seconds after it leaves ACTIVE).
 */
import type { Node } from '../../net/node';
import type { Iface } from '../../net/iface';
import { addrEq, fmtAddr } from '../../net/addr';
import * as P from '../../net/packet';
import { SEC, type EventHandle, type Micros } from '../../sim/scheduler';
import type { VrrpEngine, VrrpGroupInfo, VrrpReason, VrrpState } from '../vrrp/engine';
import type { AccountingSink, AcctStatus, VrrsAccountingRequest } from './accounting';
import { newVrrsConfig, type VrrsClientIfConfig, type VrrsConfig } from './config';
import { VrrsDatabase, type VrrsClient, type VrrsGroup, type VrrsReason, type VrrsState, type VrrsStateEvent, type VrrsDebug } from './database';

export type { VrrsState, VrrsReason, VrrsStateEvent, VrrsDebug } from './database';

export interface VrrsSummaryRow {
  group: string;
  /** 'VRRP', or 'UNKNOW' (IOS's spelling) when no server has the name. */
  server: string;
  state: VrrsState;
  virtualAddress: string;
}

export interface VrrsGroupRow {
  name: string;
  /** 'VRRP' or 'Not configured'. */
  server: string;
  state: VrrsState;
  oldState: VrrsState;
  reason: VrrsReason;
  since: Micros;
  addressFamily: 'IPv4' | 'IPv6';
  virtualAddress: string;
  virtualMac: string;
  activeAddr: string;
  standbyAddr: string;
  clients: Array<{ id: number; name: string; priority: string }>;
}

export interface VrrsClientRow {
  id: number;
  priority: string;
  allGroups: boolean;
  name: string;
}

export interface VrrsPluginDbRow {
  name: string;
  serverConnection: 'Live' | 'Disconnected';
  /** Active (group ACTIVE), Backup, Init (server present, group not active), Disabled (no server). */
  state: 'Active' | 'Backup' | 'Init' | 'Disabled';
  mac: string;
  testControl: boolean;
  clientHandle: number;
  interfaces: string[];
}

/** A client interface's ARP entry for its own primary address (what `show ip arp` lists). */
export interface VrrsArpRow {
  iface: string;
  addr: string;
  mac: string;
  /** True when the MAC-address plug-in put the virtual MAC there; false: the burned-in address. */
  virtual: boolean;
}

export interface VrrsPluginIfRow {
  iface: string;
  follow: string;
  interfaceState: boolean;
  macAddress: boolean;
  /** Line protocol held down by the interface-state plug-in. */
  heldDown: boolean;
  macActive: boolean;
}

interface ClientIf {
  cfg: VrrsClientIfConfig;
  macActive?: { mac: Buffer; arpTimer?: EventHandle; until: Micros };
}

interface NameEntry {
  handle: number;
}

const NO_MAC = '0000.0000.0000';
const HOLD = (name: string) => `vrrs:${name}`;

export class VrrsEngine {
  readonly db: VrrsDatabase;
  private cfg: VrrsConfig = newVrrsConfig();
  private ifs = new Map<string, ClientIf>();
  private names = new Map<string, NameEntry>();
  private plugins?: VrrsClient;
  private acct?: VrrsClient;
  private running = false;
  private unhook: Array<() => void> = [];
  /** Pending Accounting-Off per name. */
  private offTimers = new Map<string, EventHandle>();
  private acctState = new Map<string, VrrsState>();
  private sessionSeq = 0;
  /** Requests handed to the sink (without secrets in what shows print). */
  readonly accounting: VrrsAccountingRequest[] = [];

  constructor(
    private node: Node,
    private vrrp: VrrpEngine,
    private sink?: AccountingSink,
  ) {
    this.db = new VrrsDatabase(node.sched);
    node.onIfaceChange((i) => {
      const c = this.running ? this.ifs.get(i.name) : undefined;
      if (c) this.applyMac(c);
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.plugins = this.db.registerClient('VRRS-Plugins', 'High', false, (g) => this.pluginNotify(g));
    this.acct = this.db.registerClient('VRRS-Accounting', 'Low', true, (g) => this.acctNotify(g));
    this.unhook.push(
      this.vrrp.onStateChange(() => this.syncServers()),
      this.vrrp.onGroupsChanged(() => this.syncServers()),
      this.node.ip.onArp((i, a) => this.arp(i, a)),
    );
    this.apply();
    this.syncServers();
  }

  stop(): void {
    for (const c of this.ifs.values()) this.release(c);
    this.ifs.clear();
    for (const h of this.offTimers.values()) h.cancel();
    this.offTimers.clear();
    for (const u of this.unhook) u();
    this.unhook = [];
    if (this.plugins) this.db.unregisterClient(this.plugins.id);
    if (this.acct) this.db.unregisterClient(this.acct.id);
    this.plugins = this.acct = undefined;
    this.running = false;
  }

  update(cfg: VrrsConfig): void {
    this.cfg = cfg;
    if (this.running) this.apply();
  }

  /** Register another client (PPPoE, ANCP, a test client) by name. */
  registerClient(name: string, priority: 'High' | 'Normal' | 'Low', allGroups: boolean, notify: (g: VrrsGroup) => void = () => undefined): number {
    return this.db.registerClient(name, priority, allGroups, notify).id;
  }

  addClient(id: number, name: string): void {
    this.db.addClient(id, name);
  }

  // ---- configuration ----

  private apply(): void {
    for (const [name, c] of [...this.ifs]) {
      const n = this.cfg.clients.get(name);
      if (!n || n.follow !== c.cfg.follow) {
        this.release(c);
        this.ifs.delete(name);
        if (!this.clientsFollowing(c.cfg.follow)) this.db.removeClient(this.plugins!.id, c.cfg.follow);
      }
    }
    for (const [name, n] of this.cfg.clients) {
      let c = this.ifs.get(name);
      if (!c) {
        c = { cfg: n };
        this.ifs.set(name, c);
        if (!this.names.has(n.follow)) this.names.set(n.follow, { handle: this.newHandle() });
        if (!this.db.groups.get(n.follow)?.clients.has(this.plugins!.id)) this.db.addClient(this.plugins!.id, n.follow);
      }
      c.cfg = n;
      this.applyIfState(c);
      this.applyMac(c);
    }
  }

  private clientsFollowing(name: string): boolean {
    return [...this.ifs.values()].some((c) => c.cfg.follow === name);
  }

  /** The plug-in database's client handle for a name: seeded, so a run repeats. */
  private newHandle(): number {
    return ((this.node.rng.int(0x10, 0xef) * 0x1000000) + this.names.size + 2) >>> 0;
  }

  private release(c: ClientIf): void {
    const i = this.node.ifaces.get(c.cfg.iface);
    this.macOff(c, i);
    if (i && i.protocolHolds.delete(HOLD(c.cfg.follow))) this.node.ifaceChanged(i);
  }

  // ---- server: the VRRP groups with a name ----

  private syncServers(): void {
    if (!this.running) return;
    const byName = new Map<string, VrrpGroupInfo>();
    for (const g of this.vrrp.groups()) if (g.name && !byName.has(g.name)) byName.set(g.name, g);
    for (const g of [...this.db.groups.values()]) if (g.server && !byName.has(g.name)) this.db.serverRemove(g.name);
    const last = new Map<string, VrrpReason>();
    for (const e of this.vrrp.events()) if (e.name) last.set(e.name, e.reason);
    for (const [name, g] of byName) {
      const state = vrrsState(g.state);
      const cur = this.db.groups.get(name);
      const local = g.localAddr ?? unspecified(g.afi);
      const info = {
        protocol: 'VRRP' as const,
        state,
        afi: g.afi,
        virtualAddress: g.addresses[0] ?? unspecified(g.afi),
        virtualMac: g.virtualMac,
        activeAddr: g.state === 'Master' ? local : g.state === 'Backup' ? (g.masterAddr ?? unspecified(g.afi)) : unspecified(g.afi),
        standbyAddr: g.state === 'Backup' ? local : unspecified(g.afi),
        reason: vrrsReason(last.get(name)),
      };
      if (cur?.server && cur.state === state && sameInfo(cur.server, info)) continue;
      this.db.serverUpdate(name, info);
    }
  }

  // ---- plug-ins ----

  private pluginNotify(g: VrrsGroup): void {
    for (const c of this.ifs.values()) {
      if (c.cfg.follow !== g.name) continue;
      this.applyIfState(c);
      this.applyMac(c);
    }
  }

  /** Interface-state: line protocol up only while the followed group is ACTIVE. */
  private applyIfState(c: ClientIf): void {
    const i = this.node.ifaces.get(c.cfg.iface);
    if (!i) return;
    const hold = HOLD(c.cfg.follow);
    const want = c.cfg.interfaceState && this.db.groups.get(c.cfg.follow)?.state !== 'ACTIVE';
    const has = i.protocolHolds.has(hold);
    if (want === has) return;
    if (want) i.protocolHolds.add(hold);
    else i.protocolHolds.delete(hold);
    for (const h of [...i.protocolHolds]) if (h.startsWith('vrrs:') && h !== hold) i.protocolHolds.delete(h);
    this.db.debug('plugin', `VRRS-P(if-state): ${i.name} line protocol ${want ? 'down' : 'up'} (${c.cfg.follow} ${this.db.groups.get(c.cfg.follow)?.state ?? 'INIT'})`);
    this.node.ifaceChanged(i);
  }

  /** MAC-address: active while the group is ACTIVE, the interface has an address, is up, and runs no FHRP. */
  private applyMac(c: ClientIf): void {
    const i = this.node.ifaces.get(c.cfg.iface);
    const g = this.db.groups.get(c.cfg.follow);
    const fhrp = this.vrrp.groups().some((x) => x.iface === c.cfg.iface);
    const want = !!c.cfg.mac && !!i && !!i.v4 && i.up && g?.state === 'ACTIVE' && !!g.server && !fhrp;
    if (!want) {
      this.macOff(c, i);
      return;
    }
    const mac = Buffer.from(g.server!.virtualMac.replace(/\./g, ''), 'hex');
    if (c.macActive && c.macActive.mac.equals(mac)) return;
    this.macOff(c, i);
    const port = i.port;
    port.addMacFilter(mac, `vrrs:${i.name}`);
    const m = P.macToString(mac);
    this.db.debug('plugin', `VRRS-P(mac): ${i.name} Add ${m} to MAC filter, using (afilter_add)`);
    this.db.debug('plugin', `VRRS-P(mac): Active count increase to (${port.macFilter.get(mac.toString('hex'))!.owners.size}) for MAC : ${m}`);
    const cfg = c.cfg.mac!;
    c.macActive = { mac, until: this.node.sched.now + (cfg.arp ? cfg.arpDurationSec * SEC : 0) };
    this.unsolicitedArp(c, i);
  }

  /** Unsolicited ARP (a broadcast reply, sender = target = the primary address) now, then every interval until the duration is over. */
  private unsolicitedArp(c: ClientIf, i: Iface): void {
    const a = c.macActive;
    if (!a || !i.v4 || !i.up) return;
    const arp = P.encodeArp({ op: 2, sha: a.mac, spa: i.v4.addr, tha: P.BROADCAST, tpa: i.v4.addr });
    this.node.ip.sendL2(i, P.BROADCAST, P.ETH_ARP, arp, a.mac);
    const ip = fmtAddr(i.v4.addr);
    this.db.debug('arp', `IP ARP: sent rep src ${ip} ${P.macToString(a.mac)}, dst ${ip} ffff.ffff.ffff ${i.name}`);
    const cfg = c.cfg.mac;
    if (!cfg?.arp || cfg.arpIntervalSec <= 0) return;
    const next = this.node.sched.now + cfg.arpIntervalSec * SEC;
    if (next > a.until) return;
    a.arpTimer = this.node.sched.schedule(cfg.arpIntervalSec * SEC, () => {
      if (c.macActive === a) this.unsolicitedArp(c, i);
    }, this.node.name);
  }

  private macOff(c: ClientIf, i: Iface | undefined): void {
    const a = c.macActive;
    if (!a) return;
    a.arpTimer?.cancel();
    c.macActive = undefined;
    if (!i) return;
    const port = i.port;
    port.removeMacFilter(a.mac, `vrrs:${i.name}`);
    const m = P.macToString(a.mac);
    this.db.debug('plugin', `VRRS-P(mac): ${i.name} Remove ${m} from MAC filter`);
    this.db.debug('plugin', `VRRS-P(mac): Active count decrease to (${port.macFilter.get(a.mac.toString('hex'))?.owners.size ?? 0}) for MAC : ${m}`);
  }

  /** ARP requests for a MAC-active client's primary address are answered with the virtual MAC. */
  private arp(i: Iface, a: P.ArpPacket): boolean {
    const c = this.ifs.get(i.name);
    if (!c?.macActive || a.op !== 1 || !i.v4 || !addrEq(i.v4.addr, a.tpa)) return false;
    if (a.spa.v !== 0n) this.node.neighbors.learn(i, a.spa, a.sha);
    const rep = P.encodeArp({ op: 2, sha: c.macActive.mac, spa: i.v4.addr, tha: a.sha, tpa: a.spa });
    this.node.ip.sendL2(i, a.sha, P.ETH_ARP, rep, c.macActive.mac);
    this.db.debug('arp', `IP ARP: sent rep src ${fmtAddr(i.v4.addr)} ${P.macToString(c.macActive.mac)}, dst ${fmtAddr(a.spa)} ${P.macToString(a.sha)} ${i.name}`);
    return true;
  }

  // ---- accounting ----

  private acctNotify(g: VrrsGroup): void {
    const was = this.acctState.get(g.name) ?? 'INIT';
    this.acctState.set(g.name, g.state);
    if (was === g.state) return;
    const aaa = this.cfg.aaa;
    const nc = this.cfg.names.get(g.name);
    const method = nc?.accountingMethod ?? 'default';
    const list = aaa.vrrsLists.get(method);
    if (!aaa.newModel || !list) {
      if (aaa.newModel && nc?.accountingMethod) this.db.debug('accounting', `VRRS/ACCT/ERR: ${g.name} method list ${method} is not defined`);
      return;
    }
    if (g.state === 'ACTIVE') {
      const pending = this.offTimers.get(g.name);
      if (pending) {
        pending.cancel();
        this.offTimers.delete(g.name);
        this.sendAcct(g.name, 'Accounting-Off', method, nc?.accountingDelaySec ?? 0);
      }
      this.sendAcct(g.name, 'Accounting-On', method, 0);
      return;
    }
    if (was === 'ACTIVE') {
      const delay = nc?.accountingDelaySec ?? 0;
      this.db.debug('accounting', `VRRS/ACCT/EV: ${g.name} left ACTIVE, Accounting-Off in ${delay} s`);
      this.offTimers.set(g.name, this.node.sched.schedule(delay * SEC, () => {
        this.offTimers.delete(g.name);
        this.sendAcct(g.name, 'Accounting-Off', method, delay);
      }, this.node.name));
    }
  }

  private sendAcct(name: string, status: AcctStatus, method: string, delaySec: number): void {
    const aaa = this.cfg.aaa;
    const nc = this.cfg.names.get(name);
    const extra = (nc?.attributeList && aaa.attributeLists.get(nc.attributeList)) || [];
    const ad = extra.find((x) => x.type === 'account-delay');
    const server = this.vrrp.groups().find((x) => x.name === name);
    const nasIp = aaa.nasIp ?? (server?.afi === 4 ? server.localAddr : undefined) ?? '0.0.0.0';
    const req: VrrsAccountingRequest = {
      time: this.node.sched.now,
      status,
      vrrsName: name,
      nasIp,
      sessionId: (++this.sessionSeq).toString(16).toUpperCase().padStart(8, '0'),
      delaySec: ad ? Number(ad.value.replace(/"/g, '')) || 0 : delaySec,
      methodList: method,
      servers: aaa.radiusServers,
      extra: extra.filter((x) => x !== ad),
    };
    this.accounting.push(req);
    this.db.debug('accounting', `VRRS/ACCT/EV: ${name} ${status} sent, session ${req.sessionId}, list ${method}`);
    this.sink?.send(req);
  }

  // ---- rows ----

  summary(): VrrsSummaryRow[] {
    return this.sortedGroups().map((g) => ({ group: g.name, server: g.server ? 'VRRP' : 'UNKNOW', state: g.state, virtualAddress: g.server?.virtualAddress ?? '0.0.0.0' }));
  }

  group(name?: string): VrrsGroupRow[] {
    return this.sortedGroups()
      .filter((g) => name === undefined || g.name === name)
      .map((g) => ({
        name: g.name,
        server: g.server ? 'VRRP' : 'Not configured',
        state: g.state,
        oldState: g.oldState,
        reason: g.reason,
        since: g.since,
        addressFamily: g.server?.afi === 6 ? 'IPv6' : 'IPv4',
        virtualAddress: g.server?.virtualAddress ?? '0.0.0.0',
        virtualMac: g.server?.virtualMac ?? NO_MAC,
        activeAddr: g.server?.activeAddr ?? '0.0.0.0',
        standbyAddr: g.server?.standbyAddr ?? '0.0.0.0',
        clients: [...g.clients].map((id) => this.db.clients.get(id)).filter((c): c is VrrsClient => !!c).map((c) => ({ id: c.id, name: c.name, priority: c.priority })),
      }));
  }

  clients(): VrrsClientRow[] {
    return [...this.db.clients.values()].map((c) => ({ id: c.id, priority: c.priority, allGroups: c.allGroups, name: c.name }));
  }

  pluginDatabase(): VrrsPluginDbRow[] {
    const names = [...new Set([...this.ifs.values()].map((c) => c.cfg.follow))];
    return names.map((name) => {
      const g = this.db.groups.get(name);
      const live = !!g?.server;
      const state = !live ? 'Disabled' : g.state === 'ACTIVE' ? 'Active' : g.state === 'BACKUP' ? 'Backup' : 'Init';
      return {
        name,
        serverConnection: live ? 'Live' : 'Disconnected',
        state,
        mac: live ? g.server!.virtualMac : NO_MAC,
        testControl: false,
        clientHandle: this.names.get(name)?.handle ?? 0,
        interfaces: [...this.ifs.values()].filter((c) => c.cfg.follow === name).map((c) => c.cfg.iface),
      };
    });
  }

  /** Each client interface's own ARP entry: the virtual MAC while the MAC plug-in is active, else the BIA. */
  arpEntries(): VrrsArpRow[] {
    const out: VrrsArpRow[] = [];
    for (const c of this.ifs.values()) {
      const i = this.node.ifaces.get(c.cfg.iface);
      if (!i?.v4) continue;
      out.push({ iface: i.name, addr: fmtAddr(i.v4.addr), mac: P.macToString(c.macActive?.mac ?? i.mac), virtual: !!c.macActive });
    }
    return out;
  }

  pluginInterfaces(): VrrsPluginIfRow[] {
    return [...this.ifs.values()].map((c) => {
      const i = this.node.ifaces.get(c.cfg.iface);
      return { iface: c.cfg.iface, follow: c.cfg.follow, interfaceState: c.cfg.interfaceState, macAddress: !!c.cfg.mac, heldDown: !!i?.protocolHolds.has(HOLD(c.cfg.follow)), macActive: !!c.macActive };
    });
  }

  events(): VrrsStateEvent[] {
    return [...this.db.log];
  }

  debugs(): VrrsDebug[] {
    return this.db.debugs();
  }

  onDebug(cb: (d: VrrsDebug) => void): () => void {
    return this.db.onDebug(cb);
  }

  onStateChange(cb: (e: VrrsStateEvent) => void): () => void {
    return this.db.onStateChange(cb);
  }

  /** IOS lists groups newest first (the document's summary: -3, -2, -1). */
  private sortedGroups(): VrrsGroup[] {
    return [...this.db.groups.values()].reverse();
  }
}

function vrrsState(s: VrrpState): VrrsState {
  return s === 'Master' ? 'ACTIVE' : s === 'Backup' ? 'BACKUP' : 'INIT';
}

function vrrsReason(r: VrrpReason | undefined): VrrsReason {
  if (r === 'interface-down') return 'Interface';
  if (r === 'shutdown' || r === 'config') return 'Shutdown';
  return 'Protocol';
}

function unspecified(afi: 4 | 6): string {
  return afi === 4 ? '0.0.0.0' : '::';
}

function sameInfo(a: VrrsGroup['server'], b: NonNullable<VrrsGroup['server']>): boolean {
  return !!a && a.virtualAddress === b.virtualAddress && a.virtualMac === b.virtualMac && a.activeAddr === b.activeAddr && a.standbyAddr === b.standbyAddr;
}
