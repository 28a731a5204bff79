/**
 * The LACP engine of a node (IEEE 802.1AX-2014 clause 6.4): per LAG and member port the Receive
 * machine (CURRENT / EXPIRED / DEFAULTED, current_while 3 s short / 90 s long), the Periodic
 * Transmission machine (1 s fast / 30 s slow, none when both ends are passive), the Transmit
 * machine (NTT, at most 3 LACPDUs per Fast_Periodic_Time), Selection (the members whose partner
 * has the same system priority, system id and key aggregate; a member whose partner differs
 * from the active aggregator's stands by) and the Mux machine with coupled control (DETACHED →
 * WAITING (Aggregate_Wait_Time 2 s) → ATTACHED → COLLECTING_DISTRIBUTING while the partner is in
 * sync). Churn detection is not modelled.
 *
 * The LAG's Iface (kind `lag`, made by ProtocolHost from the neutral config) gets a `carrier`
 * (at least min-links members distributing) and a `transmitter` (a flow hash over the
 * distributing members, flowHash below); its members get `memberOf`. An L2 hook takes LACPDUs
 * on members and re-enters a collecting member's other frames on the LAG; frames on a member
 * that is not collecting are dropped (counted in the member's `drops`).
 */
import type { Node } from '../../net/node';
import type { Iface } from '../../net/iface';
import { SEC, type EventHandle } from '../../sim/scheduler';
import { LACP_DEFAULTS, type LacpConfig, type LacpHashPolicy, type LacpLagConfig } from './config';
import type { LacpLagRow, LacpMemberRow } from '../l2-rows';
import {
  decodeLacpdu, isSlowProtocols, lacpduFrame, macBytes, NULL_SYSTEM, SLOW_SUBTYPE_LACP, ST,
  type Lacpdu, type LacpPortInfo,
} from './packet';

/** 802.1AX 6.4.4 timer constants. */
export const LACP_TIMERS = {
  fastPeriodic: 1 * SEC,
  slowPeriodic: 30 * SEC,
  shortTimeout: 3 * SEC,
  longTimeout: 90 * SEC,
  aggregateWait: 2 * SEC,
  /** At most this many LACPDUs per fastPeriodic (6.4.16). */
  txPerFastPeriodic: 3,
};

type RxState = 'port_disabled' | 'expired' | 'defaulted' | 'current';
type MuxState = 'detached' | 'waiting' | 'attached' | 'collecting_distributing';
type Selected = 'unselected' | 'selected' | 'standby';

/** Partner administrative defaults (used while defaulted): passive, long timeout, nothing known. */
const PARTNER_ADMIN: LacpPortInfo = { systemPriority: 0, system: NULL_SYSTEM, key: 0, portPriority: 0, port: 0, state: 0 };

/** Per-member counters beyond the rows' rx/tx (show model `counters`). */
export interface LacpCounterRow {
  lag: string;
  member: string;
  rxLacpdu: number;
  txLacpdu: number;
  /** Malformed LACPDUs dropped. */
  rxErrors: number;
  /** Other Slow Protocols frames (Marker, OAM) ignored. */
  rxUnknown: number;
  /** Data frames dropped because the member was not collecting. */
  rxNotCollecting: number;
  /** Data frames sent / received through the member on the LAG's behalf. */
  txFrames: number;
  rxFrames: number;
  /** Virtual time (µs) the last valid LACPDU arrived; undefined before any. */
  lastRxAt?: number;
  rxState: RxState;
  muxState: MuxState;
  selected: Selected;
  /** Actor and partner state octets as sent / last recorded (802.1AX 6.4.2.3; Linux's `port state: 61`). */
  actorState: number;
  partnerState: number;
  portPriority: number;
  /** Undefined while the partner is unknown (defaulted). */
  partnerPortPriority?: number;
  /**
   * The aggregator the member is attached to, numbered as Linux bonding does (one aggregator per
   * port, numbered from 1 in member order; a port joins the first one whose partner is its own):
   * the lowest port number among the members with the same partner, its own otherwise.
   */
  aggregatorId: number;
}

class Member {
  iface?: Iface;
  enabled = false;
  rx: RxState = 'port_disabled';
  mux: MuxState = 'detached';
  selected: Selected = 'unselected';
  /** Actor state bits other than those derived from config (sync, collecting, distributing, defaulted, expired). */
  sync = false;
  collecting = false;
  distributing = false;
  defaulted = true;
  expired = false;
  partner: LacpPortInfo = { ...PARTNER_ADMIN };
  /** The partner information came from a received LACPDU (not the admin defaults). */
  partnerKnown = false;
  ntt = false;
  currentWhile?: EventHandle;
  waitWhile?: EventHandle;
  waitDone = false;
  periodic?: EventHandle;
  periodicMode: 'none' | 'fast' | 'slow' = 'none';
  txPending?: EventHandle;
  txTimes: number[] = [];
  rxLacpdu = 0;
  txLacpdu = 0;
  rxErrors = 0;
  rxUnknown = 0;
  rxNotCollecting = 0;
  txFrames = 0;
  rxFrames = 0;
  lastRxAt?: number;

  constructor(
    readonly name: string,
    readonly portNo: number,
    readonly portPriority: number,
  ) {}

  stopTimers(): void {
    for (const h of [this.currentWhile, this.waitWhile, this.periodic, this.txPending]) h?.cancel();
    this.currentWhile = this.waitWhile = this.periodic = this.txPending = undefined;
    this.periodicMode = 'none';
  }
}

class Lag {
  iface?: Iface;
  members: Member[];
  carrierUp = false;
  lastChange: number;
  /** The partner (system priority/system/key) of the active aggregator. */
  activeGroup?: string;
  readonly active: boolean;
  readonly fast: boolean;
  readonly minLinks: number;
  readonly hashPolicy: LacpHashPolicy;

  constructor(
    readonly cfg: LacpLagConfig,
    now: number,
  ) {
    this.lastChange = now;
    this.active = cfg.mode === 'active';
    this.fast = cfg.interval === 'fast';
    this.minLinks = Math.max(1, cfg.minLinks ?? LACP_DEFAULTS.minLinks);
    this.hashPolicy = cfg.hashPolicy ?? LACP_DEFAULTS.hashPolicy;
    this.members = cfg.members.map((n, i) => new Member(n, i + 1, cfg.portPriority?.[n] ?? LACP_DEFAULTS.portPriority));
  }

  distributing(): Member[] {
    return this.members.filter((m) => m.enabled && m.mux === 'collecting_distributing');
  }

  actorState(m: Member): number {
    return (this.active ? ST.ACTIVITY : 0) | (this.fast ? ST.TIMEOUT : 0) | ST.AGGREGATION | (m.sync ? ST.SYNC : 0) |
      (m.collecting ? ST.COLLECTING : 0) | (m.distributing ? ST.DISTRIBUTING : 0) | (m.defaulted ? ST.DEFAULTED : 0) |
      (m.expired ? ST.EXPIRED : 0);
  }

  actorInfo(m: Member): LacpPortInfo {
    return {
      systemPriority: this.cfg.systemPriority,
      system: this.cfg.systemId.toLowerCase(),
      key: this.cfg.adminKey,
      portPriority: m.portPriority,
      port: m.portNo,
      state: this.actorState(m),
    };
  }
}

function checkLag(c: LacpLagConfig): string | undefined {
  const u16 = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffff;
  if (!macBytes(c.systemId)) return `lag ${c.lag}: system id '${c.systemId}' is not a MAC address`;
  if (!u16(c.systemPriority)) return `lag ${c.lag}: system priority ${c.systemPriority} is outside 0..65535`;
  if (!u16(c.adminKey)) return `lag ${c.lag}: key ${c.adminKey} is outside 0..65535`;
  for (const [m, p] of Object.entries(c.portPriority ?? {})) if (!u16(p)) return `lag ${c.lag}: port priority ${p} of ${m} is outside 0..65535`;
  if (c.minLinks !== undefined && (!Number.isInteger(c.minLinks) || c.minLinks < 0)) return `lag ${c.lag}: min-links ${c.minLinks} is not a count`;
  return undefined;
}

export class LacpEngine {
  private lags = new Map<string, Lag>();
  private byPort = new Map<Iface, { lag: Lag; m: Member }>();
  private unhook?: () => void;
  private stopped = false;
  private dirty = new Set<Lag>();
  private running = false;
  /** Configuration lines refused by the last update. */
  errors: string[] = [];

  constructor(readonly node: Node) {
    this.unhook = node.addL2Hook((port, frame) => this.onFrame(port, frame));
    // Node has no way to remove an interface listener: a stopped engine ignores the calls.
    node.onIfaceChange((i) => this.onIface(i));
  }

  update(cfg: LacpConfig): string[] {
    const errors: string[] = [];
    const want = new Map<string, LacpLagConfig>();
    const taken = new Map<string, string>();
    for (const c of cfg.lags) {
      const bad = checkLag(c);
      if (bad) {
        errors.push(bad);
        continue;
      }
      if (want.has(c.lag)) {
        errors.push(`lag ${c.lag}: configured twice`);
        continue;
      }
      const members: string[] = [];
      for (const m of c.members) {
        const other = taken.get(m);
        if (other !== undefined) {
          errors.push(other === c.lag ? `lag ${c.lag}: member ${m} is listed twice` : `lag ${c.lag}: ${m} is already a member of ${other}`);
          continue;
        }
        taken.set(m, c.lag);
        members.push(m);
      }
      want.set(c.lag, { ...c, members });
    }
    for (const [name, lag] of [...this.lags]) {
      const c = want.get(name);
      if (c && JSON.stringify(c) === JSON.stringify(lag.cfg)) continue;
      this.lags.delete(name);
      this.teardown(lag);
    }
    for (const [name, c] of want) {
      if (this.lags.has(name)) continue;
      const lag = new Lag(c, this.node.sched.now);
      this.lags.set(name, lag);
      this.bind(lag);
    }
    for (const lag of this.lags.values()) {
      if (!lag.iface) errors.push(`lag ${lag.cfg.lag}: no such interface`);
      for (const m of lag.members) if (!m.iface) errors.push(`lag ${lag.cfg.lag}: member ${m.name}: no such interface`);
    }
    this.errors = errors;
    for (const lag of this.lags.values()) this.kick(lag);
    return errors;
  }

  stop(): void {
    this.stopped = true;
    const lags = [...this.lags.values()];
    this.lags.clear();
    for (const lag of lags) this.teardown(lag);
    this.unhook?.();
    this.unhook = undefined;
  }

  // ---- binding to interfaces ----

  /** Attach the LAG and its members to the node's interfaces that exist (others attach when they appear). */
  private bind(lag: Lag): void {
    if (!lag.iface) {
      const i = this.node.ifaces.get(lag.cfg.lag);
      if (i && i.kind === 'lag') {
        lag.iface = i;
        i.carrier = () => lag.carrierUp;
        i.transmitter = (frame) => this.transmit(lag, frame);
        this.node.ifaceChanged(i);
      }
    }
    for (const m of lag.members) {
      if (!m.iface) {
        const i = this.node.ifaces.get(m.name);
        if (!i || i.kind !== 'ethernet' || i.parent || this.byPort.has(i)) continue;
        m.iface = i;
        this.byPort.set(i, { lag, m });
      }
      m.iface.memberOf = lag.iface;
    }
  }

  private teardown(lag: Lag): void {
    for (const m of lag.members) {
      m.stopTimers();
      if (m.iface) {
        this.byPort.delete(m.iface);
        if (m.iface.memberOf === lag.iface) m.iface.memberOf = undefined;
      }
    }
    const i = lag.iface;
    if (i) {
      i.carrier = undefined;
      i.transmitter = undefined;
      lag.iface = undefined;
      if (this.node.ifaces.get(i.name) === i) this.node.ifaceChanged(i);
    }
  }

  private onIface(i: Iface): void {
    if (this.stopped) return;
    for (const lag of this.lags.values()) {
      const mine = lag.iface === i || lag.members.some((m) => m.iface === i);
      const named = i.name === lag.cfg.lag || lag.cfg.members.includes(i.name);
      // An interface that appeared after the configuration.
      if (named && !mine) this.bind(lag);
      if (mine || named) this.kick(lag);
    }
  }

  // ---- the state machines ----

  /** Run the machines of `lag` until nothing changes (re-entrant calls queue the LAG). */
  private kick(lag: Lag): void {
    this.dirty.add(lag);
    if (this.running) return;
    this.running = true;
    try {
      let guard = 0;
      while (this.dirty.size > 0 && guard++ < 1000) {
        const l = this.dirty.values().next().value as Lag;
        this.dirty.delete(l);
        if (this.lags.get(l.cfg.lag) === l) this.run(l);
      }
    } finally {
      this.running = false;
    }
  }

  private run(lag: Lag): void {
    const now = this.node.sched.now;
    for (const m of lag.members) this.portEnabled(lag, m);
    this.selection(lag);
    for (const m of lag.members) this.muxMachine(lag, m);
    const up = lag.distributing().length >= lag.minLinks && !!lag.iface;
    if (up !== lag.carrierUp) {
      lag.carrierUp = up;
      lag.lastChange = now;
      if (lag.iface) this.node.ifaceChanged(lag.iface);
    }
    for (const m of lag.members) {
      this.periodicMachine(lag, m);
      this.transmitMachine(lag, m);
    }
  }

  /** port_enabled (802.1AX 6.4.7): the member's link is up and it and the LAG are admin up. */
  private portEnabled(lag: Lag, m: Member): void {
    const i = m.iface;
    const en = !!i && !!lag.iface && lag.iface.adminUp && i.adminUp && i.linkUp && !this.node.down && this.node.ifaces.get(i.name) === i;
    if (en === m.enabled) return;
    m.enabled = en;
    if (!en) {
      // PORT_DISABLED: the partner is no longer in sync; the port leaves its aggregator.
      m.rx = 'port_disabled';
      m.currentWhile?.cancel();
      m.currentWhile = undefined;
      m.partner = { ...m.partner, state: m.partner.state & ~ST.SYNC };
      this.detach(m);
      m.selected = 'unselected';
      m.ntt = false;
    } else {
      this.enterExpired(lag, m);
      m.ntt = true;
    }
  }

  /** EXPIRED: partner out of sync and asked for short timeouts; current_while = short timeout. */
  private enterExpired(lag: Lag, m: Member): void {
    m.rx = 'expired';
    m.partner = { ...m.partner, state: (m.partner.state & ~ST.SYNC) | ST.TIMEOUT };
    m.expired = true;
    this.startCurrentWhile(lag, m, LACP_TIMERS.shortTimeout);
  }

  private startCurrentWhile(lag: Lag, m: Member, t: number): void {
    m.currentWhile?.cancel();
    m.currentWhile = this.node.sched.schedule(t, () => {
      m.currentWhile = undefined;
      if (!m.enabled) return;
      if (m.rx === 'current') this.enterExpired(lag, m);
      else if (m.rx === 'expired') {
        // DEFAULTED: the partner's administrative values; the port is no longer selectable.
        m.rx = 'defaulted';
        m.partner = { ...PARTNER_ADMIN };
        m.partnerKnown = false;
        m.defaulted = true;
        m.expired = false;
      }
      m.ntt = true;
      this.kick(lag);
    }, this.node.name);
  }

  /** A LACPDU received on an enabled member (Receive machine CURRENT, recordPDU, update_NTT). */
  private receive(lag: Lag, m: Member, pdu: Lacpdu): void {
    if (!m.enabled) return;
    const me = lag.actorInfo(m);
    const a = pdu.actor;
    const p = pdu.partner;
    const changed = !m.partnerKnown || m.partner.system !== a.system || m.partner.systemPriority !== a.systemPriority ||
      m.partner.key !== a.key || m.partner.port !== a.port || m.partner.portPriority !== a.portPriority ||
      (m.partner.state & ST.AGGREGATION) !== (a.state & ST.AGGREGATION);
    const matches = p.port === me.port && p.portPriority === me.portPriority && p.system === me.system &&
      p.systemPriority === me.systemPriority && p.key === me.key && (p.state & ST.AGGREGATION) === (me.state & ST.AGGREGATION);
    let sync = (matches && (a.state & ST.SYNC) !== 0) || ((a.state & ST.AGGREGATION) === 0 && (a.state & ST.SYNC) !== 0);
    if (!lag.active && (a.state & ST.ACTIVITY) === 0) sync = false;
    m.partner = { ...a, state: sync ? a.state | ST.SYNC : a.state & ~ST.SYNC };
    m.partnerKnown = true;
    // update_NTT: the partner's view of us is out of date.
    const mask = ST.ACTIVITY | ST.TIMEOUT | ST.SYNC | ST.AGGREGATION;
    if (!matches || (p.state & mask) !== (me.state & mask)) m.ntt = true;
    m.rx = 'current';
    m.defaulted = false;
    m.expired = false;
    this.startCurrentWhile(lag, m, lag.fast ? LACP_TIMERS.shortTimeout : LACP_TIMERS.longTimeout);
    if (changed) {
      // update_Selected: a different partner; the port leaves its aggregator and is selected again.
      this.detach(m);
      m.selected = 'unselected';
    }
    this.kick(lag);
  }

  private groupOf(m: Member): string {
    const p = m.partner;
    const individual = (p.state & ST.AGGREGATION) === 0;
    return `${p.systemPriority}/${p.system}/${p.key}${individual ? `/port${p.port}` : ''}`;
  }

  /** Selection (6.4.14), with one aggregator per LAG and `stable` choice of the active partner group. */
  private selection(lag: Lag): void {
    const eligible = lag.members.filter((m) => m.enabled && m.partnerKnown && !m.defaulted && m.partner.system !== NULL_SYSTEM);
    const groups = new Map<string, Member[]>();
    for (const m of eligible) {
      const g = this.groupOf(m);
      groups.set(g, [...(groups.get(g) ?? []), m]);
    }
    if (!lag.activeGroup || !groups.has(lag.activeGroup)) {
      let best: string | undefined;
      for (const [g, ms] of groups) {
        const cur = best === undefined ? undefined : groups.get(best)!;
        if (!cur || ms.length > cur.length || (ms.length === cur.length && ms[0].portNo < cur[0].portNo)) best = g;
      }
      lag.activeGroup = best;
    }
    for (const m of lag.members) {
      if (!eligible.includes(m)) m.selected = 'unselected';
      else m.selected = this.groupOf(m) === lag.activeGroup ? 'selected' : 'standby';
    }
  }

  private detach(m: Member): void {
    m.mux = 'detached';
    m.waitWhile?.cancel();
    m.waitWhile = undefined;
    m.waitDone = false;
    if (m.sync || m.collecting || m.distributing) m.ntt = true;
    m.sync = m.collecting = m.distributing = false;
  }

  /** Mux machine, coupled control (802.1AX 6.4.15, Figure 6-22). */
  private muxMachine(lag: Lag, m: Member): void {
    for (let n = 0; n < 8; n++) {
      const before = m.mux;
      switch (m.mux) {
        case 'detached':
          if (m.selected !== 'unselected') {
            m.mux = 'waiting';
            m.waitDone = false;
            m.waitWhile?.cancel();
            m.waitWhile = this.node.sched.schedule(LACP_TIMERS.aggregateWait, () => {
              m.waitWhile = undefined;
              m.waitDone = true;
              this.kick(lag);
            }, this.node.name);
          }
          break;
        case 'waiting':
          if (m.selected === 'unselected') this.detach(m);
          else if (m.selected === 'selected' && m.waitDone) {
            m.mux = 'attached';
            m.sync = true;
            m.collecting = m.distributing = false;
            m.ntt = true;
          }
          break;
        case 'attached':
          if (m.selected !== 'selected') this.detach(m);
          else if ((m.partner.state & ST.SYNC) !== 0) {
            m.mux = 'collecting_distributing';
            m.collecting = m.distributing = true;
            m.ntt = true;
          }
          break;
        case 'collecting_distributing':
          if (m.selected !== 'selected' || (m.partner.state & ST.SYNC) === 0) {
            m.mux = 'attached';
            m.collecting = m.distributing = false;
            m.ntt = true;
            if (m.selected !== 'selected') this.detach(m);
          }
          break;
      }
      if (m.mux === before) return;
    }
  }

  /** Periodic Transmission machine (6.4.13): the partner's LACP_Timeout sets the rate. */
  private periodicMachine(lag: Lag, m: Member): void {
    const partnerActive = (m.partner.state & ST.ACTIVITY) !== 0;
    const mode = !m.enabled || (!lag.active && !partnerActive) ? 'none' : (m.partner.state & ST.TIMEOUT) !== 0 ? 'fast' : 'slow';
    if (mode === m.periodicMode) return;
    const from = m.periodicMode;
    m.periodicMode = mode;
    m.periodic?.cancel();
    m.periodic = undefined;
    if (mode === 'none') return;
    // SLOW → FAST: the partner asked for short timeouts; transmit at once (PERIODIC_TX).
    if (from === 'slow' && mode === 'fast') m.ntt = true;
    const period = mode === 'fast' ? LACP_TIMERS.fastPeriodic : LACP_TIMERS.slowPeriodic;
    const tick = () => {
      m.periodic = this.node.sched.schedule(period, tick, this.node.name);
      m.ntt = true;
      this.transmitMachine(lag, m);
    };
    m.periodic = this.node.sched.schedule(period, tick, this.node.name);
  }

  /** Transmit machine (6.4.16): NTT sends one LACPDU, at most 3 per Fast_Periodic_Time. */
  private transmitMachine(lag: Lag, m: Member): void {
    if (!m.ntt) return;
    if (!m.enabled || m.periodicMode === 'none' || !m.iface) {
      m.ntt = false;
      return;
    }
    if (m.txPending) return;
    const now = this.node.sched.now;
    m.txTimes = m.txTimes.filter((t) => t > now - LACP_TIMERS.fastPeriodic);
    if (m.txTimes.length >= LACP_TIMERS.txPerFastPeriodic) {
      m.txPending = this.node.sched.at(m.txTimes[0] + LACP_TIMERS.fastPeriodic, () => {
        m.txPending = undefined;
        this.transmitMachine(lag, m);
      }, this.node.name);
      return;
    }
    m.ntt = false;
    m.txTimes.push(now);
    const frame = lacpduFrame(m.iface.mac, { actor: lag.actorInfo(m), partner: m.partner, collectorMaxDelay: 0 });
    m.txLacpdu++;
    m.iface.txPackets++;
    m.iface.txBytes += frame.length;
    m.iface.send(frame);
  }

  // ---- data path ----

  private onFrame(port: Iface, frame: Buffer): boolean {
    const e = this.byPort.get(port);
    if (!e) return false;
    const { lag, m } = e;
    if (isSlowProtocols(frame)) {
      const body = frame.subarray(14);
      if (body.length > 0 && body[0] !== SLOW_SUBTYPE_LACP) {
        m.rxUnknown++;
        return true;
      }
      const pdu = decodeLacpdu(body);
      if (typeof pdu === 'string') {
        m.rxErrors++;
        port.drops++;
        return true;
      }
      m.rxLacpdu++;
      m.lastRxAt = this.node.sched.now;
      port.rxPackets++;
      port.rxBytes += frame.length;
      this.receive(lag, m, pdu);
      return true;
    }
    if (!m.enabled || !m.collecting || !lag.iface) {
      m.rxNotCollecting++;
      port.drops++;
      return true;
    }
    m.rxFrames++;
    port.rxPackets++;
    port.rxBytes += frame.length;
    this.node.receiveFrame(lag.iface, frame);
    return true;
  }

  private transmit(lag: Lag, frame: Buffer): void {
    const d = lag.distributing();
    if (d.length === 0 || !lag.carrierUp) {
      if (lag.iface) lag.iface.drops++;
      return;
    }
    const m = d[flowHash(frame, lag.hashPolicy) % d.length];
    const i = m.iface!;
    m.txFrames++;
    i.txPackets++;
    i.txBytes += frame.length;
    i.send(frame);
  }

  // ---- show ----

  lagRows(): LacpLagRow[] {
    return [...this.lags.values()].map((lag) => ({
      lag: lag.cfg.lag,
      operUp: lag.carrierUp,
      interval: lag.cfg.interval,
      mode: lag.cfg.mode,
      systemId: lag.cfg.systemId.toLowerCase(),
      systemPriority: lag.cfg.systemPriority,
      adminKey: lag.cfg.adminKey,
      members: [...lag.cfg.members],
      minLinks: lag.minLinks,
      lastChange: lag.lastChange,
    }));
  }

  memberRows(): LacpMemberRow[] {
    const out: LacpMemberRow[] = [];
    for (const lag of this.lags.values()) {
      for (const m of lag.members) {
        const known = m.partnerKnown && !m.defaulted;
        out.push({
          lag: lag.cfg.lag,
          member: m.name,
          operUp: m.enabled && m.distributing,
          activity: lag.cfg.mode,
          timeout: lag.fast ? 'short' : 'long',
          inSync: m.sync,
          collecting: m.collecting,
          distributing: m.distributing,
          aggregation: true,
          defaulted: m.defaulted,
          expired: m.expired,
          systemId: lag.cfg.systemId.toLowerCase(),
          operKey: lag.cfg.adminKey,
          partnerId: known ? m.partner.system : undefined,
          partnerKey: known ? m.partner.key : undefined,
          partnerPriority: known ? m.partner.systemPriority : undefined,
          portNo: m.portNo,
          partnerPortNo: known ? m.partner.port : undefined,
          rxLacpdu: m.rxLacpdu,
          txLacpdu: m.txLacpdu,
        });
      }
    }
    return out;
  }

  counterRows(): LacpCounterRow[] {
    const out: LacpCounterRow[] = [];
    for (const lag of this.lags.values()) {
      for (const m of lag.members) {
        const known = m.partnerKnown && !m.defaulted;
        const same = known ? lag.members.find((o) => o.partnerKnown && !o.defaulted && o.enabled && this.groupOf(o) === this.groupOf(m)) : undefined;
        out.push({
          actorState: lag.actorState(m),
          partnerState: m.partner.state,
          portPriority: m.portPriority,
          partnerPortPriority: known ? m.partner.portPriority : undefined,
          aggregatorId: same && m.enabled ? same.portNo : m.portNo,
          lag: lag.cfg.lag, member: m.name, rxLacpdu: m.rxLacpdu, txLacpdu: m.txLacpdu, rxErrors: m.rxErrors, rxUnknown: m.rxUnknown,
          rxNotCollecting: m.rxNotCollecting, txFrames: m.txFrames, rxFrames: m.rxFrames, lastRxAt: m.lastRxAt, rxState: m.rx, muxState: m.mux, selected: m.selected,
        });
      }
    }
    return out;
  }
}

// ---- flow hash ----

/** Linux's ipv6_addr_hash: the XOR of the address's four 32-bit words (host order on x86). */
function v6Hash(b: Buffer, off: number): number {
  return (b.readUInt32LE(off) ^ b.readUInt32LE(off + 4) ^ b.readUInt32LE(off + 8) ^ b.readUInt32LE(off + 12)) >>> 0;
}

const ICMP_WITH_ID4 = new Set([0, 8, 13, 14, 15, 16, 17, 18]);
const ICMP_WITH_ID6 = new Set([128, 129]);

/**
 * The transmit hash of a frame, as Linux bonding computes it on x86 (Documentation/networking/
 * bonding.rst, xmit_hash_policy); the member is `hash % (distributing members)`.
 *
 * - `layer2`: source MAC[5] XOR destination MAC[5] XOR EtherType.
 * - `layer3+4`: the L4 word (TCP/UDP/SCTP source and destination ports; ICMP type, code and
 *   echo id) XOR source XOR destination address, folded (`h ^= h >> 16; h ^= h >> 8`) and
 *   shifted right by one; fragments hash without ports; non-IP frames hash by layer 2.
 */
export function flowHash(frame: Buffer, policy: LacpHashPolicy): number {
  if (frame.length < 14) return 0;
  let type = frame.readUInt16BE(12);
  const l2 = (frame[5] ^ frame[11] ^ type) >>> 0;
  if (policy === 'layer2') return l2;
  let off = 14;
  if (type === 0x8100 && frame.length >= 18) {
    type = frame.readUInt16BE(16);
    off = 18;
  }
  let src: number;
  let dst: number;
  let proto: number;
  let l4: number;
  let fragment = false;
  if (type === 0x0800) {
    if (frame.length < off + 20 || frame[off] >> 4 !== 4) return l2;
    const ihl = (frame[off] & 15) * 4;
    src = frame.readUInt32LE(off + 12);
    dst = frame.readUInt32LE(off + 16);
    proto = frame[off + 9];
    fragment = (frame.readUInt16BE(off + 6) & 0x3fff) !== 0;
    l4 = off + ihl;
  } else if (type === 0x86dd) {
    if (frame.length < off + 40) return l2;
    src = v6Hash(frame, off + 8);
    dst = v6Hash(frame, off + 24);
    proto = frame[off + 6];
    l4 = off + 40;
  } else {
    return l2;
  }
  let h = 0;
  if (!fragment && frame.length >= l4 + 4) {
    if (proto === 6 || proto === 17 || proto === 132) h = frame.readUInt32LE(l4);
    else if ((proto === 1 && ICMP_WITH_ID4.has(frame[l4])) || (proto === 58 && ICMP_WITH_ID6.has(frame[l4]))) {
      if (frame.length >= l4 + 6 && frame.readUInt16BE(l4 + 4) !== 0) {
        h = (frame[l4] | (frame[l4 + 1] << 8) | (frame[l4 + 4] << 16) | (frame[l4 + 5] << 24)) >>> 0;
      }
    }
  }
  h = (h ^ src ^ dst) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = (h ^ (h >>> 8)) >>> 0;
  return h >>> 1;
}
