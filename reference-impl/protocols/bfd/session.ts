/**
 * One BFD session: the state variables of RFC 5880 section 6.8.1, the state machine of 6.8.6,
 * timers of 6.8.2-6.8.4 and 6.8.7, the Poll Sequence of 6.5 and administrative control of 6.8.16.
 * Asynchronous mode only, no Echo function, no Demand mode, no authentication.
 * All times are virtual microseconds; the wire carries microseconds too (4.1).
 */
import { EventHandle, MS, SEC, Scheduler } from '../../sim/scheduler';
import type { Random } from '../../sim/random';
import { BfdControl, BfdState, DIAG, newControl } from './packet';

export interface SessionParams {
  /** Configured bfd.DesiredMinTxInterval, microseconds. */
  desiredMinTx: number;
  /** bfd.RequiredMinRxInterval, microseconds. */
  requiredMinRx: number;
  detectMult: number;
}

export interface SessionHooks {
  /** Put one Control packet on the wire. */
  send(c: BfdControl): void;
  /** Called synchronously after every change of bfd.SessionState. */
  changed(old: BfdState, now: BfdState): void;
}

/** RFC 5880 6.8.3: while not Up, bfd.DesiredMinTxInterval is at least one second. */
export const SLOW_TX = 1 * SEC;

export class BfdSession {
  // ---- RFC 5880 6.8.1 state variables ----
  state: BfdState = 'Down';
  remoteState: BfdState = 'Down';
  remoteDisc = 0;
  localDiag: number = DIAG.NONE;
  /** bfd.DesiredMinTxInterval in effect (the configured value, or >= 1 s while not Up). */
  desiredMinTx = SLOW_TX;
  requiredMinRx: number;
  /** bfd.RemoteMinRxInterval: initialised to 1 (6.8.1). */
  remoteMinRx = 1;
  remoteDesiredMinTx = 0;
  remoteDetectMult = 0;
  detectMult: number;
  /** A Poll Sequence is in progress (6.5). */
  polling = false;
  // ---- bookkeeping ----
  txCount = 0;
  rxCount = 0;
  downCount = 0;
  lastChange: number;
  upSince?: number;
  lastRx?: number;
  private cfgTx: number;
  private txTimer?: EventHandle;
  private nextTx?: number;
  private detectTimer?: EventHandle;
  private running = false;

  constructor(
    readonly localDisc: number,
    /** Configured remote discriminator (type Static); undefined when learned (Static_Auto). */
    readonly fixedRemoteDisc: number | undefined,
    p: SessionParams,
    private sched: Scheduler,
    private rng: Random,
    private hooks: SessionHooks,
    private nodeName = '',
  ) {
    this.cfgTx = p.desiredMinTx;
    this.requiredMinRx = p.requiredMinRx;
    this.detectMult = p.detectMult;
    this.lastChange = sched.now;
    if (fixedRemoteDisc !== undefined) this.remoteDisc = fixedRemoteDisc;
    this.desiredMinTx = Math.max(this.cfgTx, SLOW_TX);
  }

  start(adminDown: boolean): void {
    this.running = true;
    if (adminDown) this.setState('AdminDown', DIAG.ADMIN_DOWN);
    this.scheduleTx(true);
  }

  stop(): void {
    this.running = false;
    this.txTimer?.cancel();
    this.detectTimer?.cancel();
    this.txTimer = undefined;
    this.detectTimer = undefined;
  }

  /** The transmit interval before jitter (6.8.7): max(DesiredMinTx, RemoteMinRxInterval). */
  get txInterval(): number {
    return Math.max(this.desiredMinTx, this.remoteMinRx);
  }

  /** The interval at which the remote system transmits to us (6.8.4): max(RequiredMinRx, remote DesiredMinTx). */
  get rxInterval(): number {
    return Math.max(this.requiredMinRx, this.remoteDesiredMinTx);
  }

  /** Detection Time in asynchronous mode (6.8.4): remote DetectMult x the agreed receive interval. */
  get detectTime(): number {
    return this.remoteDetectMult * this.rxInterval;
  }

  // ---- transmission (6.8.7) ----

  /**
   * Schedule the next periodic packet. Jitter (6.8.7): the interval is reduced by a random 0-25%,
   * and by 10-25% when bfd.DetectMult is 1 (at most 90% of the interval).
   */
  private scheduleTx(first = false): void {
    this.txTimer?.cancel();
    this.txTimer = undefined;
    this.nextTx = undefined;
    if (!this.running) return;
    // 6.8.7: no periodic transmission while bfd.RemoteMinRxInterval is zero.
    if (this.remoteMinRx === 0) return;
    const base = this.txInterval;
    const lo = 0.75;
    const hi = this.detectMult === 1 ? 0.9 : 1.0;
    let delay = Math.max(1, Math.floor(base * (lo + (hi - lo) * this.rng.next())));
    // The first packet of a new session goes out within a short random delay (no history to pace).
    if (first) delay = Math.min(delay, Math.max(1, Math.floor(10 * MS * this.rng.next())));
    this.nextTx = this.sched.now + delay;
    this.txTimer = this.sched.schedule(delay, () => {
      this.txTimer = undefined;
      this.transmit(false);
      this.scheduleTx();
    }, this.nodeName);
  }

  /** After the transmit interval shrank, do not wait out the old, longer one (6.8.7). */
  private txIntervalChanged(): void {
    if (!this.running) return;
    if (this.nextTx === undefined || this.nextTx - this.sched.now > this.txInterval) this.scheduleTx();
  }

  private transmit(final: boolean): void {
    if (!this.running) return;
    const c = newControl({
      diag: this.localDiag,
      state: this.state,
      // 6.5: P is set on every packet while a Poll Sequence runs, never together with F.
      poll: this.polling && !final,
      final,
      detectMult: this.detectMult,
      myDisc: this.localDisc,
      yourDisc: this.remoteDisc,
      desiredMinTx: this.desiredMinTx,
      requiredMinRx: this.requiredMinRx,
      requiredMinEchoRx: 0,
    });
    this.txCount++;
    this.hooks.send(c);
  }

  // ---- reception (6.8.6) ----

  /** A packet that passed the session-independent checks and was demultiplexed to us (6.3). */
  receive(c: BfdControl): void {
    if (!this.running) return;
    this.rxCount++;
    this.lastRx = this.sched.now;
    // 6.8.6: learn the remote's variables.
    this.remoteDisc = c.myDisc;
    this.remoteState = c.state;
    const oldTx = this.txInterval;
    this.remoteMinRx = c.requiredMinRx;
    this.remoteDesiredMinTx = c.desiredMinTx;
    this.remoteDetectMult = c.detectMult;
    // 6.5 / 6.8.6: a packet with F set terminates our Poll Sequence.
    if (c.final && this.polling) this.polling = false;
    // 6.8.7: a changed RemoteMinRxInterval changes the transmit interval.
    if (this.txInterval !== oldTx) {
      if (this.txInterval < oldTx) this.txIntervalChanged();
    }
    // 6.8.4: restart the detection timer on every valid packet.
    this.armDetect();
    // 6.8.6: "If bfd.SessionState is AdminDown, discard the packet".
    if (this.state === 'AdminDown') return;
    if (c.state === 'AdminDown') {
      // 6.8.6: the remote went AdminDown.
      if (this.state !== 'Down') this.setState('Down', DIAG.NEIGHBOR_DOWN);
    } else if (this.state === 'Down') {
      // 6.8.6: Down -> Init on a remote Down, Down -> Up on a remote Init.
      if (c.state === 'Down') this.setState('Init', this.localDiag);
      else if (c.state === 'Init') this.setState('Up', DIAG.NONE);
    } else if (this.state === 'Init') {
      // 6.8.6: Init -> Up on a remote Init or Up.
      if (c.state === 'Init' || c.state === 'Up') this.setState('Up', DIAG.NONE);
    } else if (c.state === 'Down') {
      // 6.8.6: Up -> Down when the remote signals Down (diag 3 Neighbor Signaled Session Down).
      this.setState('Down', DIAG.NEIGHBOR_DOWN);
    }
    // 6.8.7: a Poll is answered at once with F set, regardless of the transmit timer.
    if (c.poll) this.transmit(true);
  }

  private armDetect(): void {
    this.detectTimer?.cancel();
    const t = this.detectTime;
    if (t <= 0) return;
    this.detectTimer = this.sched.schedule(t, () => {
      this.detectTimer = undefined;
      this.detectExpired();
    }, this.nodeName);
  }

  /** 6.8.4: a Detection Time without a valid packet. */
  private detectExpired(): void {
    // 6.8.1 bfd.RemoteDiscr: reset to zero after a Detection Time without packets (learned only).
    if (this.fixedRemoteDisc === undefined) this.remoteDisc = 0;
    this.remoteState = 'Down';
    this.remoteDesiredMinTx = 0;
    this.remoteDetectMult = 0;
    // 6.8.1: bfd.RemoteMinRxInterval returns to its initial value 1 so transmission goes on.
    const oldTx = this.txInterval;
    this.remoteMinRx = 1;
    if (this.state === 'Init' || this.state === 'Up') this.setState('Down', DIAG.DETECT_EXPIRED);
    else if (this.txInterval < oldTx) this.txIntervalChanged();
  }

  // ---- local events ----

  /** The bound interface lost its path (operationally down): Down with diag 5 Path Down (4.1). */
  pathDown(): void {
    if (this.state === 'Init' || this.state === 'Up') this.setState('Down', DIAG.PATH_DOWN);
  }

  /** 6.8.16: administratively disable (AdminDown, diag 7) or re-enable (Down) the session. */
  setAdminDown(down: boolean): void {
    if (down && this.state !== 'AdminDown') {
      this.setState('AdminDown', DIAG.ADMIN_DOWN);
      this.detectTimer?.cancel();
    } else if (!down && this.state === 'AdminDown') {
      this.setState('Down', this.localDiag);
    }
  }

  /** New configured timers; 6.8.3: a Poll Sequence is started when the session is Up. */
  setParams(p: SessionParams): void {
    const changed = p.desiredMinTx !== this.cfgTx || p.requiredMinRx !== this.requiredMinRx || p.detectMult !== this.detectMult;
    if (!changed) return;
    this.cfgTx = p.desiredMinTx;
    this.requiredMinRx = p.requiredMinRx;
    this.detectMult = p.detectMult;
    const oldTx = this.txInterval;
    this.desiredMinTx = this.state === 'Up' ? this.cfgTx : Math.max(this.cfgTx, SLOW_TX);
    if (this.state === 'Up') this.polling = true;
    if (this.txInterval < oldTx) this.txIntervalChanged();
  }

  private setState(s: BfdState, diag: number): void {
    const old = this.state;
    this.localDiag = diag;
    if (old === s) return;
    this.state = s;
    this.lastChange = this.sched.now;
    const oldTx = this.txInterval;
    if (s === 'Up') {
      this.upSince = this.sched.now;
      // 6.8.3: once Up, DesiredMinTxInterval drops from 1 s to the configured value and a Poll
      // Sequence (6.5) tells the remote, which recomputes its Detection Time on reception.
      this.desiredMinTx = this.cfgTx;
      if (this.desiredMinTx !== Math.max(this.cfgTx, SLOW_TX)) this.polling = true;
    } else {
      if (old === 'Up') {
        this.downCount++;
        this.upSince = undefined;
      }
      // 6.8.3: not Up: DesiredMinTxInterval at least one second; no poll needed outside Up.
      this.desiredMinTx = Math.max(this.cfgTx, SLOW_TX);
      this.polling = false;
    }
    if (this.txInterval < oldTx) this.txIntervalChanged();
    this.hooks.changed(old, s);
  }
}
