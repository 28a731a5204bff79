/**
 * One VRRP virtual router's state machine: Initialize, Backup and Master with the
 * Adver_Timer and Master_Down_Timer of RFC 5798 6.4 (version 3) and RFC 3768 6.4 (version 2),
 * on the node's scheduler (virtual time, microseconds). The engine owns the wire; this file owns
 * timers and transitions.
 */
import { Addr, cmpAddr } from '../../net/addr';
import type { EventHandle, Micros, Scheduler } from '../../sim/scheduler';
import { MS, SEC } from '../../sim/scheduler';

export type VrrpState = 'Init' | 'Backup' | 'Master';

/** Why a transition happened (what VRRS reports as the reason). */
export type VrrpReason =
  | 'startup'
  | 'owner'
  | 'master-down'
  | 'preempt'
  | 'higher-priority'
  | 'shutdown'
  | 'interface-down'
  | 'config';

export interface SessionParams {
  version: 2 | 3;
  /** Effective priority (255 for an address owner). */
  priority: number;
  /** Advertisement_Interval (RFC 5798 6.1), ms. */
  advertMs: number;
  preempt: boolean;
  preemptDelayMs: number;
  /** This router's primary address on the interface (the tie-break of RFC 5798 6.4.3). */
  primary: Addr;
}

export interface SessionIo {
  /** Send an ADVERTISEMENT with `priority` (0 when resigning). */
  advertise(priority: number): void;
  /** Entering Master: gratuitous ARP / unsolicited NA, virtual MAC filter (RFC 5798 6.4.1, 6.4.2). */
  enterMaster(): void;
  /** Leaving Master: virtual MAC filter removed; stop answering ARP for the address. */
  leaveMaster(): void;
  changed(old: VrrpState, now: VrrpState, reason: VrrpReason): void;
}

export class VrrpSession {
  state: VrrpState = 'Init';
  /** Master_Adver_Interval (RFC 5798 6.1), ms: learned from the master's ADVERTISEMENT in Backup. */
  masterAdverMs: number;
  /** The current master's address (this router's primary address while Master). */
  masterAddr?: Addr;
  masterPriority = 0;
  /** Virtual time of the last transition. */
  since: Micros;
  txAdverts = 0;
  rxAdverts = 0;
  /** Priority-0 advertisements sent / received (resignations). */
  txZero = 0;
  rxZero = 0;
  transitions = 0;
  private adverTimer?: EventHandle;
  private masterDownTimer?: EventHandle;
  private preemptTimer?: EventHandle;
  /** Set while a backup hears a live master of lower priority (its takeover is a preemption). */
  private lowerMasterSeen = false;

  constructor(
    private p: SessionParams,
    private sched: Scheduler,
    private io: SessionIo,
    private nodeName = '',
  ) {
    this.masterAdverMs = p.advertMs;
    this.since = sched.now;
  }

  get params(): SessionParams {
    return this.p;
  }

  /**
   * Skew_Time: v3 ((256 - Priority) * Master_Adver_Interval) / 256 (RFC 5798 6.1); v2
   * (256 - Priority) / 256 seconds (RFC 3768 6.1). In microseconds.
   */
  get skewTime(): Micros {
    if (this.p.version === 3) return Math.floor(((256 - this.p.priority) * this.masterAdverMs * MS) / 256);
    return Math.floor(((256 - this.p.priority) * SEC) / 256);
  }

  /**
   * Master_Down_Interval: v3 (3 * Master_Adver_Interval) + Skew_Time (RFC 5798 6.1); v2
   * (3 * Advertisement_Interval) + Skew_Time (RFC 3768 6.1). In microseconds.
   */
  get masterDownInterval(): Micros {
    const adv = this.p.version === 3 ? this.masterAdverMs : this.p.advertMs;
    return 3 * adv * MS + this.skewTime;
  }

  /** Time left on the running Adver_Timer or Master_Down_Timer (undefined: none running). */
  get adverExpires(): Micros | undefined {
    return this.adverTimer && !this.adverTimer.cancelled ? this.adverTimer.time - this.sched.now : undefined;
  }

  get masterDownExpires(): Micros | undefined {
    return this.masterDownTimer && !this.masterDownTimer.cancelled ? this.masterDownTimer.time - this.sched.now : undefined;
  }

  /** Parameters changed by configuration: a priority change is advertised at the next Adver_Timer. */
  setParams(p: SessionParams): void {
    this.p = p;
    if (this.state === 'Backup' && p.version === 2) this.masterAdverMs = p.advertMs;
    if (this.state === 'Master') this.masterPriority = p.priority;
  }

  /** RFC 5798 6.4.1 / RFC 3768 6.4.1: the Startup event in Initialize. */
  startup(reason: VrrpReason = 'startup'): void {
    if (this.state !== 'Init') return;
    if (this.p.priority === 255) {
      // 6.4.1: the owner sends an ADVERTISEMENT, broadcasts gratuitous ARP (IPv6: unsolicited NA)
      // and becomes Master with Adver_Timer = Advertisement_Interval.
      this.becomeMaster('owner');
      return;
    }
    // 6.4.1: Master_Adver_Interval = Advertisement_Interval, Master_Down_Timer = Master_Down_Interval.
    this.masterAdverMs = this.p.advertMs;
    this.masterAddr = undefined;
    this.masterPriority = 0;
    this.setState('Backup', reason);
    this.armMasterDown(this.masterDownInterval);
  }

  /**
   * The Shutdown event (RFC 5798 6.4.2 / 6.4.3): a Master cancels the Adver_Timer and sends an
   * ADVERTISEMENT with Priority 0; a Backup cancels the Master_Down_Timer. Both go to Initialize.
   * `canSend` is false when the interface is already down.
   */
  shutdown(reason: VrrpReason, canSend = true): void {
    if (this.state === 'Init') return;
    const wasMaster = this.state === 'Master';
    this.cancelAll();
    if (wasMaster) {
      if (canSend) {
        this.txZero++;
        this.io.advertise(0);
      }
      this.io.leaveMaster();
    }
    this.masterAddr = undefined;
    this.masterPriority = 0;
    this.setState('Init', reason);
  }

  /** An ADVERTISEMENT that passed the checks of RFC 5798 7.1 / RFC 3768 7.1. `interval` in ms. */
  receive(priority: number, intervalMs: number, src: Addr): void {
    this.rxAdverts++;
    if (priority === 0) this.rxZero++;
    if (this.state === 'Backup') return this.backupReceive(priority, intervalMs, src);
    if (this.state === 'Master') return this.masterReceive(priority, intervalMs, src);
  }

  private backupReceive(priority: number, intervalMs: number, src: Addr): void {
    if (priority === 0) {
      // RFC 5798 6.4.2: the master resigned: Master_Down_Timer = Skew_Time.
      this.lowerMasterSeen = false;
      this.armMasterDown(this.skewTime);
      return;
    }
    const local = this.p.priority;
    if (!this.p.preempt || priority >= local) {
      // RFC 5798 6.4.2: accept the master: Master_Adver_Interval = Max Adver Int (v3),
      // recompute Skew_Time and Master_Down_Interval, reset Master_Down_Timer.
      this.learnMaster(priority, intervalMs, src);
      this.lowerMasterSeen = false;
      this.preemptTimer?.cancel();
      this.preemptTimer = undefined;
      this.armMasterDown(this.masterDownInterval);
      return;
    }
    // Preempt_Mode and a lower-priority master: RFC 5798 6.4.2 discards the ADVERTISEMENT, so the
    // Master_Down_Timer expires and this router takes over. With a preempt delay (IOS `preempt
    // delay minimum`) the master is kept until the delay has run from the first such advertisement.
    this.learnMaster(priority, intervalMs, src);
    this.lowerMasterSeen = true;
    if (this.p.preemptDelayMs > 0) {
      if (!this.preemptTimer || this.preemptTimer.cancelled) {
        this.preemptTimer = this.sched.schedule(this.p.preemptDelayMs * MS, () => {
          this.preemptTimer = undefined;
          if (this.state === 'Backup' && this.lowerMasterSeen) this.becomeMaster('preempt');
        }, this.nodeName);
      }
      this.armMasterDown(this.masterDownInterval);
    }
  }

  private masterReceive(priority: number, intervalMs: number, src: Addr): void {
    if (priority === 0) {
      // RFC 5798 6.4.3: another router resigned: send an ADVERTISEMENT, reset the Adver_Timer.
      this.sendAdvert();
      this.armAdver();
      return;
    }
    const local = this.p.priority;
    if (priority > local || (priority === local && cmpAddr(src, this.p.primary) > 0)) {
      // RFC 5798 6.4.3: a higher priority (or equal priority and a higher primary address):
      // cancel Adver_Timer, learn Master_Adver_Interval, Master_Down_Timer, go to Backup.
      this.cancelAll();
      this.io.leaveMaster();
      this.learnMaster(priority, intervalMs, src);
      this.setState('Backup', 'higher-priority');
      this.armMasterDown(this.masterDownInterval);
    }
    // Otherwise discarded (RFC 5798 6.4.3).
  }

  private learnMaster(priority: number, intervalMs: number, src: Addr): void {
    if (this.p.version === 3) this.masterAdverMs = intervalMs;
    this.masterAddr = src;
    this.masterPriority = priority;
  }

  /**
   * RFC 5798 6.4.2 (Master_Down_Timer fires) and 6.4.1 (owner): send an ADVERTISEMENT,
   * gratuitous ARP / unsolicited NA, Adver_Timer = Advertisement_Interval, Master.
   */
  private becomeMaster(reason: VrrpReason): void {
    this.cancelAll();
    this.lowerMasterSeen = false;
    this.masterAdverMs = this.p.advertMs;
    this.masterAddr = this.p.primary;
    this.masterPriority = this.p.priority;
    // The RFC's order: ADVERTISEMENT, gratuitous ARP, Adver_Timer, then the transition (so that
    // listeners told of Master find the virtual MAC already in place).
    this.state = 'Master';
    this.sendAdvert();
    this.io.enterMaster();
    this.armAdver();
    this.state = 'Backup';
    this.setState('Master', reason);
  }

  private sendAdvert(): void {
    this.txAdverts++;
    this.io.advertise(this.p.priority);
  }

  /** Adver_Timer (RFC 5798 6.4.3): on expiry send an ADVERTISEMENT and restart it. */
  private armAdver(): void {
    this.adverTimer?.cancel();
    this.adverTimer = this.sched.schedule(this.p.advertMs * MS, () => {
      if (this.state !== 'Master') return;
      this.sendAdvert();
      this.armAdver();
    }, this.nodeName);
  }

  /** Master_Down_Timer (RFC 5798 6.4.2): on expiry this backup becomes Master. */
  private armMasterDown(delay: Micros): void {
    this.masterDownTimer?.cancel();
    this.masterDownTimer = this.sched.schedule(delay, () => {
      if (this.state !== 'Backup') return;
      this.becomeMaster(this.lowerMasterSeen ? 'preempt' : 'master-down');
    }, this.nodeName);
  }

  private cancelAll(): void {
    this.adverTimer?.cancel();
    this.masterDownTimer?.cancel();
    this.preemptTimer?.cancel();
    this.adverTimer = this.masterDownTimer = this.preemptTimer = undefined;
  }

  private setState(s: VrrpState, reason: VrrpReason): void {
    const old = this.state;
    if (old === s) return;
    this.state = s;
    this.since = this.sched.now;
    this.transitions++;
    this.io.changed(old, s, reason);
  }

  stop(): void {
    this.cancelAll();
  }
}
