/**
 * The VRRS named-group database: groups by name, fed by a server (a VRRP group with `vrrp N name
 * NAME`), clients registered with ids and priorities that are told of every update of the groups
 * they joined (or of all groups), and the debug lines of `debug vrrp vrrs` / `debug vrrs infra`.
 */
import type { Micros, Scheduler } from '../../sim/scheduler';

export type VrrsState = 'INIT' | 'BACKUP' | 'ACTIVE';
export type VrrsReason = 'Protocol' | 'Interface' | 'Shutdown' | 'Server removed';
export type ClientPriority = 'High' | 'Normal' | 'Low';

export type VrrsDebugFacility = 'vrrp-vrrs' | 'accounting' | 'infra' | 'plugin' | 'arp';

/** One debug message (the dialect prefixes IOS's timestamp from `time`). */
export interface VrrsDebug {
  time: Micros;
  facility: VrrsDebugFacility;
  text: string;
}

export interface VrrsServerInfo {
  protocol: 'VRRP';
  state: VrrsState;
  afi: 4 | 6;
  virtualAddress: string;
  virtualMac: string;
  activeAddr: string;
  standbyAddr: string;
  /** The VRRP reason of the last transition, mapped. */
  reason: VrrsReason;
}

export interface VrrsGroup {
  name: string;
  handle: number;
  server?: VrrsServerInfo;
  state: VrrsState;
  oldState: VrrsState;
  reason: VrrsReason;
  /** Virtual time of the last state change. */
  since: Micros;
  clients: Set<number>;
}

export interface VrrsClient {
  id: number;
  name: string;
  priority: ClientPriority;
  allGroups: boolean;
  handle: number;
  notify: (g: VrrsGroup) => void;
}

/** A state change of a VRRS group, with its old state and reason. */
export interface VrrsStateEvent {
  time: Micros;
  name: string;
  old: VrrsState;
  state: VrrsState;
  reason: VrrsReason;
}

const RANK: Record<ClientPriority, number> = { High: 0, Normal: 1, Low: 2 };

export class VrrsDatabase {
  readonly groups = new Map<string, VrrsGroup>();
  readonly clients = new Map<number, VrrsClient>();
  readonly log: VrrsStateEvent[] = [];
  private debugLog: VrrsDebug[] = [];
  private debugListeners: Array<(d: VrrsDebug) => void> = [];
  private stateListeners: Array<(e: VrrsStateEvent) => void> = [];
  private nextClient = 1;
  private nextHandle = 1;
  maxLog = 1000;

  constructor(private sched: Scheduler) {}

  debug(facility: VrrsDebugFacility, text: string): void {
    const d = { time: this.sched.now, facility, text };
    this.debugLog.push(d);
    if (this.debugLog.length > this.maxLog) this.debugLog.shift();
    for (const l of [...this.debugListeners]) l(d);
  }

  debugs(): VrrsDebug[] {
    return [...this.debugLog];
  }

  onDebug(cb: (d: VrrsDebug) => void): () => void {
    this.debugListeners.push(cb);
    return () => {
      this.debugListeners = this.debugListeners.filter((x) => x !== cb);
    };
  }

  onStateChange(cb: (e: VrrsStateEvent) => void): () => void {
    this.stateListeners.push(cb);
    return () => {
      this.stateListeners = this.stateListeners.filter((x) => x !== cb);
    };
  }

  registerClient(name: string, priority: ClientPriority, allGroups: boolean, notify: (g: VrrsGroup) => void): VrrsClient {
    const id = this.nextClient++;
    const c: VrrsClient = { id, name, priority, allGroups, handle: 0xfe700 + id * 0x10, notify };
    this.clients.set(id, c);
    this.debug('infra', `VRRS: Client ${name} registered, id ${id}`);
    return c;
  }

  unregisterClient(id: number): void {
    const c = this.clients.get(id);
    if (!c) {
      this.debug('infra', `VRRS: Client ${id} is not registered`);
      this.debug('infra', `VRRS: Client ${id} unregister failed`);
      return;
    }
    for (const g of this.groups.values()) g.clients.delete(id);
    this.clients.delete(id);
    this.gc();
  }

  private allocate(name: string): VrrsGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, handle: (0xf7000000 + this.nextHandle++) >>> 0, state: 'INIT', oldState: 'INIT', reason: 'Protocol', since: this.sched.now, clients: new Set() };
      this.groups.set(name, g);
    }
    return g;
  }

  /** A client joins group `name` (allocated when it does not exist yet). */
  addClient(id: number, name: string): VrrsGroup | undefined {
    const c = this.clients.get(id);
    if (!c) {
      this.debug('infra', `VRRS: Client ${id} is not registered`);
      return undefined;
    }
    if (!this.groups.has(name)) this.debug('infra', `VRRS: Client ${id} add, group ${name} does not exist, allocating...`);
    const g = this.allocate(name);
    g.clients.add(id);
    this.debug('infra', `VRRS: Client ${id} add to ${name}. Vrrs handle ${hex(g.handle)}, client handle ${hex(c.handle)}`);
    return g;
  }

  removeClient(id: number, name: string): void {
    const g = this.groups.get(name);
    if (!g) return;
    g.clients.delete(id);
    this.gc();
  }

  /** The server registers (or updates) the group `name` (VRRP `vrrp N name NAME`). */
  serverUpdate(name: string, info: VrrsServerInfo): void {
    const fresh = !this.groups.get(name)?.server;
    const g = this.allocate(name);
    g.server = info;
    if (fresh) {
      this.debug('vrrp-vrrs', `VRRP: Registered VRRS group "${name}"`);
      this.debug('infra', `VRRS: Server VRRP add, group ${name}, state ${info.state}, vrrs handle ${hex(g.handle)}`);
    } else {
      this.debug('vrrp-vrrs', `VRRP: Updated info for VRRS group ${name}`);
    }
    this.setState(g, info.state, info.reason);
    this.push(g);
  }

  serverRemove(name: string): void {
    const g = this.groups.get(name);
    if (!g?.server) return;
    g.server = undefined;
    this.debug('vrrp-vrrs', `VRRP: Unregistered VRRS group "${name}"`);
    this.setState(g, 'INIT', 'Server removed');
    this.push(g);
    this.gc();
  }

  private setState(g: VrrsGroup, s: VrrsState, reason: VrrsReason): void {
    if (g.state === s) return;
    const ev: VrrsStateEvent = { time: this.sched.now, name: g.name, old: g.state, state: s, reason };
    g.oldState = g.state;
    g.state = s;
    g.reason = reason;
    g.since = this.sched.now;
    this.log.push(ev);
    if (this.log.length > this.maxLog) this.log.shift();
    for (const l of [...this.stateListeners]) l(ev);
  }

  /** Push an update to the group's clients and the all-groups clients, High priority first. */
  push(g: VrrsGroup): void {
    const cs = [...this.clients.values()].filter((c) => c.allGroups || g.clients.has(c.id)).sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.id - b.id);
    for (const c of cs) c.notify(g);
  }

  /** Groups with neither a server nor a client are dropped. */
  private gc(): void {
    for (const [n, g] of this.groups) if (!g.server && g.clients.size === 0) this.groups.delete(n);
  }
}

export function hex(n: number): string {
  return n.toString(16).toUpperCase();
}
