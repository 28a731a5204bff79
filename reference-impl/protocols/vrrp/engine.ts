/**
 * The VRRP engine of a node: groups from the neutral config (RFC 5798 v3 IPv4/IPv6, RFC 3768
 * v2), the IP protocol 112 listener with the receive checks of RFC 5798 7.1, the wire side of a
 * master (advertisements from the virtual MAC, gratuitous ARP / unsolicited NA, ARP and NS
 * answers for the virtual address, the virtual MAC in the port's MAC filter, RFC 5798 6.4.3 and
 * 7.3), IOS XE's `vrrp delay minimum M reload R`, show rows and state-change events.
 */
import type { Node } from '../../net/node';
import type { Iface } from '../../net/iface';
import { Addr, addrEq, fmtAddr, linkLocalFromMac, parseAddr } from '../../net/addr';
import * as P from '../../net/packet';
import { MS, SEC, type EventHandle, type Micros } from '../../sim/scheduler';
import { checkGroup, groupKey, type VrrpConfig, type VrrpGroupConfig, type VrrpIfaceConfig } from './config';
import { checkVrrp, decodeVrrp, encodeVrrp, PROTO_VRRP, virtualMac, VRRP_GROUP4, VRRP_GROUP6, VRRP_TTL } from './packet';
import { VrrpSession, type SessionParams, type VrrpReason, type VrrpState } from './session';

export type { VrrpState, VrrpReason } from './session';

/** A state change, as VRRS and `debug vrrp` consume it. */
export interface VrrpStateEvent {
  /** Virtual time, microseconds. */
  time: Micros;
  iface: string;
  vrid: number;
  afi: 4 | 6;
  /** The VRRS name the group serves ('' for none). */
  name: string;
  old: VrrpState;
  state: VrrpState;
  reason: VrrpReason;
}

/** Everything `show vrrp` prints for one group. */
export interface VrrpGroupInfo {
  iface: string;
  vrid: number;
  afi: 4 | 6;
  version: 2 | 3;
  state: VrrpState;
  /** Virtual time of the last transition (State duration = now - stateSince). */
  stateSince: Micros;
  /** Why the last transition happened (undefined before the first). */
  lastReason?: VrrpReason;
  /** Virtual addresses, primary first. */
  addresses: string[];
  virtualMac: string;
  advertMs: number;
  preempt: boolean;
  preemptDelayMs: number;
  acceptMode: boolean;
  configuredPriority: number;
  /** Running priority (255 when the router owns the address). */
  priority: number;
  owner: boolean;
  /** This router's primary address on the interface (link-local for IPv6). */
  localAddr?: string;
  masterAddr?: string;
  masterLocal: boolean;
  masterPriority: number;
  masterAdverMs: number;
  /** Master_Down_Interval and Skew_Time (RFC 5798 6.1), ms. */
  masterDownMs: number;
  skewMs: number;
  /** Time left on the Adver_Timer (Master) / Master_Down_Timer (Backup), ms. */
  adverExpiresMs?: number;
  masterDownExpiresMs?: number;
  /** Time left before the group starts (`vrrp delay`), ms. */
  startDelayMs?: number;
  name: string;
  description: string;
  shutdown: boolean;
  txAdverts: number;
  rxAdverts: number;
  txZero: number;
  rxZero: number;
  transitions: number;
  /** Advertisements dropped for this group (TTL, checksum, interval or version mismatch). */
  badAdverts: number;
  /** Advertisements whose address list differed from the configured one (RFC 5798 7.1 MAY log). */
  addrMismatch: number;
}

/** One line of `show vrrp brief`. */
export interface VrrpBriefRow {
  iface: string;
  vrid: number;
  afi: 4 | 6;
  version: 2 | 3;
  priority: number;
  /** The brief's Time column: Master_Down_Interval, ms. */
  timeMs: number;
  owner: boolean;
  preempt: boolean;
  state: VrrpState;
  masterAddr?: string;
  masterLocal: boolean;
  groupAddr: string;
}

interface Entry {
  key: string;
  cfg: VrrpGroupConfig;
  s: VrrpSession;
  vmac: Buffer;
  vips: Addr[];
  badAdverts: number;
  addrMismatch: number;
  lastReason?: VrrpReason;
}

/** The owner tag of an entry in a port's MAC filter. */
const FILTER_OWNER = 'vrrp';

export class VrrpEngine {
  private entries = new Map<string, Entry>();
  private ifaceCfg = new Map<string, VrrpIfaceConfig>();
  private listeners: Array<(e: VrrpStateEvent) => void> = [];
  private groupListeners: Array<() => void> = [];
  private log: VrrpStateEvent[] = [];
  private unhook: Array<() => void> = [];
  private running = false;
  /** Interfaces seen up (edge detection), ever up since start (the reload delay), start timers. */
  private ifUp = new Map<string, boolean>();
  private everUp = new Set<string>();
  private startTimer = new Map<string, EventHandle>();
  /** Packets dropped before reaching a group (no such group, malformed). */
  dropped = 0;
  /** Events kept for `events()`. */
  maxEvents = 1000;

  constructor(private node: Node) {
    node.onIfaceChange((i) => this.ifaceChanged(i));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const ip = this.node.ip;
    this.unhook.push(
      ip.registerProto(PROTO_VRRP, (pkt, ctx) => this.input(pkt, ctx.iface)),
      ip.onArp((i, a) => this.arp(i, a)),
      ip.onNd((i, pkt, m) => this.nd(i, pkt, m)),
      ip.addLocalAddrHook((vrf, a) => this.acceptsLocal(vrf, a)),
    );
    for (const i of this.node.ifaces.values()) this.ifaceChanged(i);
  }

  stop(): void {
    for (const e of [...this.entries.values()]) this.remove(e);
    for (const h of this.startTimer.values()) h.cancel();
    this.startTimer.clear();
    for (const u of this.unhook) u();
    this.unhook = [];
    this.running = false;
    this.ifUp.clear();
    this.everUp.clear();
    for (const l of [...this.groupListeners]) l();
  }

  /** Apply a configuration; groups with a bad configuration are skipped and named in the result. */
  update(cfg: VrrpConfig): string[] {
    const errors: string[] = [];
    this.ifaceCfg = new Map(cfg.ifaces);
    for (const e of [...this.entries.values()]) {
      const c = cfg.groups.get(e.key);
      if (!c || identity(c) !== identity(e.cfg) || checkGroup(c)) this.remove(e);
    }
    for (const [key, c] of cfg.groups) {
      const bad = checkGroup(c);
      if (bad) {
        errors.push(`vrrp ${c.iface} group ${c.vrid}: ${bad}`);
        continue;
      }
      const e = this.entries.get(key);
      if (e) {
        const wasShut = e.cfg.shutdown;
        e.cfg = c;
        e.vips = vipsOf(c);
        e.s.setParams(this.params(c));
        if (c.shutdown && !wasShut) e.s.shutdown('config', this.ifaceUp(c.iface));
        else if (e.vips.length === 0) e.s.shutdown('config', this.ifaceUp(c.iface));
        else this.maybeStart(e, 'config');
        continue;
      }
      this.create(key, c);
    }
    for (const l of [...this.groupListeners]) l();
    return errors;
  }

  /** Told after every configuration change (groups added, removed, renamed): VRRS resyncs its servers. */
  onGroupsChanged(cb: () => void): () => void {
    this.groupListeners.push(cb);
    return () => {
      this.groupListeners = this.groupListeners.filter((x) => x !== cb);
    };
  }

  groups(): VrrpGroupInfo[] {
    return [...this.entries.values()].sort(cmpEntry).map((e) => this.info(e));
  }

  brief(): VrrpBriefRow[] {
    return this.groups().map((g) => ({
      iface: g.iface,
      vrid: g.vrid,
      afi: g.afi,
      version: g.version,
      priority: g.priority,
      timeMs: g.masterDownMs,
      owner: g.owner,
      preempt: g.preempt,
      state: g.state,
      masterAddr: g.masterAddr,
      masterLocal: g.masterLocal,
      groupAddr: g.addresses[0] ?? '',
    }));
  }

  group(iface: string, vrid: number, afi: 4 | 6 = 4): VrrpGroupInfo | undefined {
    const e = this.entries.get(groupKey(iface, vrid, afi));
    return e && this.info(e);
  }

  state(iface: string, vrid: number, afi: 4 | 6 = 4): VrrpState | undefined {
    return this.entries.get(groupKey(iface, vrid, afi))?.s.state;
  }

  /** State changes so far (oldest first, the last `maxEvents`). */
  events(): VrrpStateEvent[] {
    return [...this.log];
  }

  onStateChange(cb: (e: VrrpStateEvent) => void): () => void {
    this.listeners.push(cb);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== cb);
    };
  }

  // ---- groups ----

  private create(key: string, c: VrrpGroupConfig): void {
    const e: Entry = { key, cfg: c, vmac: virtualMac(c.vrid, c.afi), vips: vipsOf(c), s: undefined as unknown as VrrpSession, badAdverts: 0, addrMismatch: 0 };
    e.s = new VrrpSession(this.params(c), this.node.sched, {
      advertise: (prio) => this.advertise(e, prio),
      enterMaster: () => this.enterMaster(e),
      leaveMaster: () => this.leaveMaster(e),
      changed: (old, now, reason) => this.emit(e, old, now, reason),
    }, this.node.name);
    this.entries.set(key, e);
    this.maybeStart(e, 'startup');
  }

  private remove(e: Entry): void {
    e.s.shutdown('config', this.ifaceUp(e.cfg.iface));
    e.s.stop();
    this.entries.delete(e.key);
  }

  /** Start a group when its interface is up, has an address and no start delay is pending. */
  private maybeStart(e: Entry, reason: VrrpReason): void {
    if (!this.running || e.cfg.shutdown || e.s.state !== 'Init') return;
    if (!this.ifaceUp(e.cfg.iface) || this.startTimer.has(e.cfg.iface)) return;
    const i = this.node.ifaces.get(e.cfg.iface);
    // A group needs an interface address and at least one virtual address (RFC 5798 5.2.5).
    if (!i || !this.localAddr(i, e.cfg.afi) || e.vips.length === 0) return;
    e.s.setParams(this.params(e.cfg));
    e.s.startup(reason);
  }

  private params(c: VrrpGroupConfig): SessionParams {
    const i = this.node.ifaces.get(c.iface);
    const primary = (i && this.localAddr(i, c.afi)) ?? { afi: c.afi, v: 0n };
    return { version: c.version, priority: this.isOwner(c) ? 255 : c.priority, advertMs: c.advertMs, preempt: c.preempt, preemptDelayMs: c.preemptDelayMs, primary };
  }

  /** RFC 5798 6.1: the owner has the virtual address as a real interface address. */
  private isOwner(c: VrrpGroupConfig): boolean {
    const i = this.node.ifaces.get(c.iface);
    const own = i?.addrOf(c.afi)?.addr;
    return c.priority === 255 || (!!own && vipsOf(c).some((v) => addrEq(v, own)));
  }

  /** The advertisement source: the primary IPv4 address, or the IPv6 link-local (RFC 5798 5.1.2.1). */
  private localAddr(i: Iface, afi: 4 | 6): Addr | undefined {
    if (afi === 4) return i.v4?.addr;
    return linkLocalFromMac(i.mac);
  }

  private ifaceUp(name: string): boolean {
    return !!this.node.ifaces.get(name)?.up && !this.node.down;
  }

  /**
   * Interface events: down puts its groups in Init; up starts them after IOS XE's `vrrp delay`:
   * `reload` seconds the first time after the engine started (boot), `minimum` later.
   */
  private ifaceChanged(i: Iface): void {
    if (!this.running) return;
    const names = new Set([...this.entries.values()].map((e) => e.cfg.iface));
    for (const c of i.children.values()) if (names.has(c.name)) this.ifaceEdge(c);
    this.ifaceEdge(i);
  }

  private ifaceEdge(i: Iface): void {
    const up = this.node.ifaces.get(i.name) === i && i.up && !this.node.down;
    const was = this.ifUp.get(i.name) ?? false;
    const mine = [...this.entries.values()].filter((e) => e.cfg.iface === i.name);
    if (up === was) {
      // An address change while up: groups that could not start may start now.
      if (up) for (const e of mine) this.maybeStart(e, 'startup');
      return;
    }
    this.ifUp.set(i.name, up);
    if (!up) {
      this.startTimer.get(i.name)?.cancel();
      this.startTimer.delete(i.name);
      for (const e of mine) e.s.shutdown('interface-down', false);
      return;
    }
    const d = this.ifaceCfg.get(i.name);
    const boot = !this.everUp.has(i.name);
    this.everUp.add(i.name);
    const sec = d ? (boot && d.delayReloadSec > 0 ? d.delayReloadSec : d.delayMinimumSec) : 0;
    if (sec > 0) {
      this.startTimer.set(i.name, this.node.sched.schedule(sec * SEC, () => {
        this.startTimer.delete(i.name);
        for (const e of this.entries.values()) if (e.cfg.iface === i.name) this.maybeStart(e, 'startup');
      }, this.node.name));
      return;
    }
    for (const e of mine) this.maybeStart(e, 'startup');
  }

  // ---- wire ----

  /** RFC 5798 5.1 / RFC 3768 5.1: IP protocol 112, TTL 255, to the group address, from the virtual MAC. */
  private advertise(e: Entry, priority: number): void {
    const i = this.node.ifaces.get(e.cfg.iface);
    if (!i || !i.up) return;
    const src = this.localAddr(i, e.cfg.afi);
    if (!src) return;
    const dst = e.cfg.afi === 4 ? VRRP_GROUP4 : VRRP_GROUP6;
    const interval = e.cfg.version === 3 ? Math.round(e.cfg.advertMs / 10) : Math.round(e.cfg.advertMs / 1000);
    const payload = encodeVrrp({ version: e.cfg.version, type: 1, vrid: e.cfg.vrid, priority, interval, authType: 0, addresses: e.vips }, src, dst);
    const bytes = P.encodeIp({ src, dst, proto: PROTO_VRRP, ttl: VRRP_TTL, payload, id: this.node.ip.nextIdent() });
    this.node.ip.sendL2(i, P.multicastMac(dst), e.cfg.afi === 4 ? P.ETH_IPV4 : P.ETH_IPV6, bytes, e.vmac);
  }

  /**
   * RFC 5798 6.4.1/6.4.2 on becoming Master: the virtual MAC goes into the port's filter (7.3),
   * then a gratuitous ARP per IPv4 address (as an ARP reply broadcast, sender = target = the
   * address) or an unsolicited NA per IPv6 address (R and O set, S clear, RFC 4861 7.2.6).
   */
  private enterMaster(e: Entry): void {
    const i = this.node.ifaces.get(e.cfg.iface);
    if (!i) return;
    i.port.addMacFilter(e.vmac, `${FILTER_OWNER}:${e.key}`);
    if (!i.up) return;
    for (const v of e.vips) {
      if (v.afi === 4) {
        const arp = P.encodeArp({ op: 2, sha: e.vmac, spa: v, tha: P.BROADCAST, tpa: v });
        this.node.ip.sendL2(i, P.BROADCAST, P.ETH_ARP, arp, e.vmac);
      } else {
        const src = linkLocalFromMac(i.mac);
        const dst = parseAddr('ff02::1')!;
        const body = P.encodeNd('na', v, e.vmac, 0xa0000000);
        const icmp = P.encodeIcmp(src, dst, { type: P.ICMP6.NA, code: 0, body });
        const bytes = P.encodeIp({ src, dst, proto: P.PROTO_ICMP6, ttl: 255, payload: icmp });
        this.node.ip.sendL2(i, P.multicastMac(dst), P.ETH_IPV6, bytes, e.vmac);
      }
    }
  }

  private leaveMaster(e: Entry): void {
    const i = this.node.ifaces.get(e.cfg.iface);
    i?.port.removeMacFilter(e.vmac, `${FILTER_OWNER}:${e.key}`);
  }

  /** RFC 5798 7.1: the receive checks, then the group's state machine. */
  private input(ip: P.IpPacket, i: Iface | undefined): void {
    if (!i || !this.running) return;
    const afi = ip.src.afi;
    const why = checkVrrp(ip.payload, ip.src, ip.dst);
    const a = why ? undefined : decodeVrrp(ip.payload, afi);
    const e = a ? this.entries.get(groupKey(i.name, a.vrid, afi)) : undefined;
    if (!a || !e) {
      // 7.1: a VRID not configured on the interface is discarded (as is a malformed packet).
      this.dropped++;
      return;
    }
    // 7.1: TTL / Hop Limit must be 255; the version must be the group's; IPv6 from a link-local.
    // RFC 3768 7.1: v2 discards an Adver Interval different from the local one.
    const badV6Src = afi === 6 && (ip.src.v >> 118n) !== 0x3fan;
    const badInterval = a.version === 2 && a.interval * 1000 !== e.cfg.advertMs;
    if (ip.ttl !== VRRP_TTL || a.version !== e.cfg.version || badV6Src || badInterval || a.type !== 1) {
      e.badAdverts++;
      return;
    }
    if (a.addresses.length !== e.vips.length || a.addresses.some((x, k) => !addrEq(x, e.vips[k]))) e.addrMismatch++;
    if (e.s.state === 'Init') return;
    const own = this.localAddr(i, afi);
    if (own && addrEq(own, ip.src)) return;
    e.s.receive(a.priority, a.version === 3 ? a.interval * 10 : a.interval * 1000, ip.src);
  }

  private masterFor(i: Iface, a: Addr): Entry | undefined {
    for (const e of this.entries.values()) {
      if (e.cfg.iface === i.name && e.s.state === 'Master' && e.vips.some((v) => addrEq(v, a))) return e;
    }
    return undefined;
  }

  /** RFC 5798 6.4.3: the master answers ARP for the virtual address with the virtual MAC; a backup must not (6.4.2). */
  private arp(i: Iface, a: P.ArpPacket): boolean {
    if (a.op !== 1) return false;
    const e = this.masterFor(i, a.tpa);
    if (!e) {
      const backup = [...this.entries.values()].some((x) => x.cfg.iface === i.name && x.s.state !== 'Master' && !this.isOwner(x.cfg) && x.vips.some((v) => addrEq(v, a.tpa)));
      return backup;
    }
    if (a.spa.v !== 0n) this.node.neighbors.learn(i, a.spa, a.sha);
    const rep = P.encodeArp({ op: 2, sha: e.vmac, spa: a.tpa, tha: a.sha, tpa: a.spa });
    this.node.ip.sendL2(i, a.sha, P.ETH_ARP, rep, e.vmac);
    return true;
  }

  /** RFC 5798 6.4.3: the master answers NS for the virtual IPv6 address with the virtual MAC (R, S, O set). */
  private nd(i: Iface, ip: P.IpPacket, m: P.IcmpMessage): boolean {
    if (m.type !== P.ICMP6.NS) return false;
    const nd = P.decodeNd(m.body);
    if (!nd) return false;
    const e = this.masterFor(i, nd.target);
    if (!e) return false;
    if (nd.mac) this.node.neighbors.learn(i, ip.src, nd.mac);
    const src = nd.target;
    const body = P.encodeNd('na', nd.target, e.vmac, 0xe0000000);
    const icmp = P.encodeIcmp(src, ip.src, { type: P.ICMP6.NA, code: 0, body });
    const out = P.encodeIp({ src, dst: ip.src, proto: P.PROTO_ICMP6, ttl: 255, payload: icmp });
    if (nd.mac) this.node.ip.sendL2(i, nd.mac, P.ETH_IPV6, out, e.vmac);
    return true;
  }

  /** RFC 5798 6.4.3: a master accepts packets to the virtual address when it owns it or Accept_Mode is on. */
  private acceptsLocal(vrf: string, a: Addr): boolean {
    for (const e of this.entries.values()) {
      if (e.s.state !== 'Master' || !(e.cfg.acceptMode || this.isOwner(e.cfg))) continue;
      const i = this.node.ifaces.get(e.cfg.iface);
      if (i && i.vrf === vrf && e.vips.some((v) => addrEq(v, a))) return true;
    }
    return false;
  }

  private emit(e: Entry, old: VrrpState, state: VrrpState, reason: VrrpReason): void {
    e.lastReason = reason;
    // The group's multicast address is joined while the group runs (RFC 5798 5.1.1.2 / 5.1.2.2):
    // its MAC is in the port's filter, as IOS `show controllers` lists 0100.5e00.0012.
    const i = this.node.ifaces.get(e.cfg.iface);
    const mc = P.multicastMac(e.cfg.afi === 4 ? VRRP_GROUP4 : VRRP_GROUP6);
    if (i && state !== 'Init') i.port.addMacFilter(mc, `${FILTER_OWNER}-group:${e.key}`);
    else if (i) i.port.removeMacFilter(mc, `${FILTER_OWNER}-group:${e.key}`);
    const ev: VrrpStateEvent = { time: this.node.sched.now, iface: e.cfg.iface, vrid: e.cfg.vrid, afi: e.cfg.afi, name: e.cfg.name, old, state, reason };
    this.log.push(ev);
    if (this.log.length > this.maxEvents) this.log.shift();
    for (const l of [...this.listeners]) l(ev);
  }

  private info(e: Entry): VrrpGroupInfo {
    const s = e.s;
    const i = this.node.ifaces.get(e.cfg.iface);
    const local = i ? this.localAddr(i, e.cfg.afi) : undefined;
    const t = this.startTimer.get(e.cfg.iface);
    const ms = (x: Micros | undefined) => (x === undefined ? undefined : Math.floor(x / MS));
    return {
      iface: e.cfg.iface,
      vrid: e.cfg.vrid,
      afi: e.cfg.afi,
      version: e.cfg.version,
      state: s.state,
      stateSince: s.since,
      lastReason: e.lastReason,
      addresses: e.vips.map(fmtAddr),
      virtualMac: P.macToString(e.vmac),
      advertMs: e.cfg.advertMs,
      preempt: e.cfg.preempt,
      preemptDelayMs: e.cfg.preemptDelayMs,
      acceptMode: e.cfg.acceptMode,
      configuredPriority: e.cfg.priority,
      priority: s.params.priority,
      owner: this.isOwner(e.cfg),
      localAddr: local && fmtAddr(local),
      masterAddr: s.masterAddr && fmtAddr(s.masterAddr),
      masterLocal: s.state === 'Master',
      masterPriority: s.masterPriority,
      masterAdverMs: s.masterAdverMs,
      masterDownMs: Math.floor(s.masterDownInterval / MS),
      skewMs: Math.floor(s.skewTime / MS),
      adverExpiresMs: ms(s.adverExpires),
      masterDownExpiresMs: ms(s.masterDownExpires),
      startDelayMs: t && !t.cancelled ? ms(t.time - this.node.sched.now) : undefined,
      name: e.cfg.name,
      description: e.cfg.description,
      shutdown: e.cfg.shutdown,
      txAdverts: s.txAdverts,
      rxAdverts: s.rxAdverts,
      txZero: s.txZero,
      rxZero: s.rxZero,
      transitions: s.transitions,
      badAdverts: e.badAdverts,
      addrMismatch: e.addrMismatch,
    };
  }
}

/** What identifies a group: a change of these makes a new virtual router. */
function identity(c: VrrpGroupConfig): string {
  return [c.iface, c.vrid, c.afi, c.version].join('|');
}

function vipsOf(c: VrrpGroupConfig): Addr[] {
  return c.addresses.map((s) => parseAddr(s)).filter((a): a is Addr => !!a && a.afi === c.afi);
}

function cmpEntry(a: Entry, b: Entry): number {
  return a.cfg.iface < b.cfg.iface ? -1 : a.cfg.iface > b.cfg.iface ? 1 : a.cfg.vrid - b.cfg.vrid || a.cfg.afi - b.cfg.afi;
}
