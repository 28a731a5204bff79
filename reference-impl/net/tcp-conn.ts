/**
 * One TCP connection (RFC 9293 3.3.2 state machine): handshake, byte stream with cumulative
 * acknowledgements, retransmission timer (RFC 6298), fast retransmit and NewReno partial-ACK
 * recovery (RFC 5681 3.2, RFC 6582), FIN exchange, RST, TIME-WAIT.
 *
 * Simplifications (documented for the protocols that use it): a fixed receive window, no
 * window scaling or SACK, an ACK for every segment that brings data (no delayed ACK, but none
 * either when a data segment of ours already carried it), and no half-close: a FIN
 * from the peer makes this side send its FIN too once its queued data is out.
 */
import type { Addr } from './addr';
import type { Node } from './node';
import type { EventHandle } from '../sim/scheduler';
import { SEC } from '../sim/scheduler';
import { PROTO_TCP } from './packet';
import { ACK, FIN, PSH, RST, SYN, TcpSegment, encodeTcp, seqAdd, seqDiff, seqLe, seqLt } from './tcp-segment';
import type { TcpConn, TcpEndpoint, TcpState } from './tcp';

export const MSS = 1460;
/** The fixed receive window we advertise (no window scaling). */
export const WINDOW = 65535;
/** RFC 6298 2.1: initial RTO 1 s; 2.4: RTO never below 1 s; 2.5: an upper bound (60 s). */
export const RTO_INIT = 1 * SEC;
const RTO_MIN = 1 * SEC;
const RTO_MAX = 60 * SEC;
/** Retransmissions of one segment before the connection is given up (RFC 9293 3.8.3 R2, kept short). */
export const MAX_RETRIES = 6;
/** TIME-WAIT (RFC 9293 3.6 uses 2*MSL; kept short in the simulation). */
export const TIME_WAIT = 1 * SEC;
/** A FIN-WAIT-2 that never sees the peer's FIN is dropped after this (as Linux tcp_fin_timeout). */
const FIN_WAIT_2 = 60 * SEC;

export type CloseWhy = 'closed' | 'reset' | 'timeout';

export interface ConnHooks {
  /** Register/unregister the connection under its (vrf, local, remote) key. */
  bind(c: Connection): void;
  unbind(c: Connection): void;
  /** A passive open completed (SYN-RECEIVED -> ESTABLISHED). */
  accepted(c: Connection): void;
  /** Pick the local address when it was not given (re-asked until the first SYN goes out). */
  sourceFor(vrf: string, dst: Addr): Addr | undefined;
}

export class Connection implements TcpConn {
  state: TcpState;
  local: TcpEndpoint;
  bound = false;
  private iss: number;
  private sndUna: number;
  private sndNxt: number;
  private sndWnd = WINDOW;
  private peerMss = 536;
  /** Bytes from sndUna on: sent-but-unacknowledged, then not yet sent. */
  private buf = Buffer.alloc(0);
  private finQueued = false;
  private finSeq?: number;
  private irs = 0;
  private rcvNxt = 0;
  /** Out-of-order segments by sequence number (RFC 9293 3.10.7.4: may be kept for later). */
  private ooo = new Map<number, Buffer>();
  private oooFin?: number;
  private rto = RTO_INIT;
  private srtt?: number;
  private rttvar = 0;
  private rttSeq?: number;
  private rttStart = 0;
  private retries = 0;
  private dupAcks = 0;
  /** The acknowledgement number of the last segment sent with ACK. */
  private lastAckSent?: number;
  private recover?: number;
  private rtx?: EventHandle;
  private other?: EventHandle;
  private dataCbs: Array<(d: Buffer) => void> = [];
  private held: Buffer[] = [];
  private connectCbs: Array<() => void> = [];
  private closeCbs: Array<(why: CloseWhy) => void> = [];
  private closedWhy?: CloseWhy;
  private connected = false;

  constructor(
    private node: Node,
    private hooks: ConnHooks,
    readonly vrf: string,
    local: TcpEndpoint,
    readonly remote: TcpEndpoint,
    private ttl: number,
    private fixedSrc: boolean,
  ) {
    this.local = local;
    this.iss = node.rng.int(0, 0xffffffff) >>> 0;
    this.sndUna = this.iss;
    this.sndNxt = this.iss;
    this.state = 'CLOSED';
  }

  // ---- application side ----
  send(data: Buffer): void {
    if (this.finQueued || this.closedWhy || !['SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT'].includes(this.state)) return;
    this.buf = Buffer.concat([this.buf, data]);
    this.pump();
  }
  onData(cb: (data: Buffer) => void): void {
    this.dataCbs.push(cb);
    const h = this.held;
    this.held = [];
    for (const d of h) cb(d);
  }
  onConnect(cb: () => void): void {
    if (this.connected) cb();
    else this.connectCbs.push(cb);
  }
  onClose(cb: (why: CloseWhy) => void): void {
    if (this.closedWhy) cb(this.closedWhy);
    else this.closeCbs.push(cb);
  }
  close(): void {
    if (this.closedWhy) return;
    if (this.state === 'SYN-SENT' || this.state === 'CLOSED') {
      this.finish('closed', true);
      return;
    }
    if (this.state === 'ESTABLISHED' || this.state === 'CLOSE-WAIT' || this.state === 'SYN-RECEIVED') {
      this.finQueued = true;
      this.pump();
    }
  }
  abort(): void {
    if (this.closedWhy && this.state !== 'TIME-WAIT') return;
    // RFC 9293 3.10.5 ABORT: a RST in synchronized states, then CLOSED.
    if (this.state !== 'SYN-SENT' && this.state !== 'CLOSED' && this.state !== 'TIME-WAIT') this.out(RST, this.sndNxt);
    if (this.closedWhy) {
      this.teardown();
      return;
    }
    this.finish('reset', true);
  }

  // ---- opens ----
  /** Active open (RFC 9293 3.10.1): send SYN, SYN-SENT. */
  openActive(): void {
    this.state = 'SYN-SENT';
    this.sndNxt = seqAdd(this.iss, 1);
    this.sendSyn();
    this.armRtx();
  }

  /** Passive open after a SYN to a listener (RFC 9293 3.10.7.2): SYN-RECEIVED, send SYN,ACK. */
  openPassive(seg: TcpSegment): void {
    this.state = 'SYN-RECEIVED';
    this.irs = seg.seq;
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.sndWnd = seg.window;
    if (seg.mss) this.peerMss = seg.mss;
    this.sndNxt = seqAdd(this.iss, 1);
    this.out(SYN | ACK, this.iss, Buffer.alloc(0), MSS);
    this.armRtx();
  }

  private sendSyn(): void {
    if (!this.bound) {
      if (!this.fixedSrc) {
        const a = this.hooks.sourceFor(this.vrf, this.remote.addr);
        if (!a) return; // no route yet: the retransmission timer tries again
        this.local = { addr: a, port: this.local.port };
      }
      this.hooks.bind(this);
    }
    this.out(SYN, this.iss, Buffer.alloc(0), MSS);
  }

  // ---- output ----
  private out(flags: number, seq: number, data = Buffer.alloc(0), mss?: number): void {
    const ack = flags & ACK ? this.rcvNxt : 0;
    if (flags & ACK) this.lastAckSent = ack;
    const payload = encodeTcp(this.local.addr, this.remote.addr, { sport: this.local.port, dport: this.remote.port, seq, ack, flags, window: WINDOW, mss, data });
    this.node.ip.send({ src: this.local.addr, dst: this.remote.addr, proto: PROTO_TCP, ttl: this.ttl, payload }, { vrf: this.vrf });
  }

  /** Send new data within the peer's window, then our FIN once everything queued is out. */
  private pump(): void {
    if (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE-WAIT') return;
    const mss = Math.min(MSS, this.peerMss);
    const wnd = Math.min(this.sndWnd, WINDOW);
    let off = seqDiff(this.sndNxt, this.sndUna);
    while (off < this.buf.length) {
      const room = wnd - off;
      if (room <= 0) break;
      const n = Math.min(mss, room, this.buf.length - off);
      const seq = this.sndNxt;
      this.out(ACK | PSH, seq, this.buf.subarray(off, off + n));
      if (this.rttSeq === undefined) {
        this.rttSeq = seqAdd(seq, n);
        this.rttStart = this.node.sched.now;
      }
      this.sndNxt = seqAdd(this.sndNxt, n);
      off += n;
      if (!this.rtx) this.armRtx();
    }
    if (this.finQueued && this.finSeq === undefined && off >= this.buf.length) {
      // RFC 9293 3.10.4 CLOSE: ESTABLISHED -> FIN-WAIT-1, CLOSE-WAIT -> LAST-ACK.
      this.finSeq = this.sndNxt;
      this.out(FIN | ACK, this.sndNxt);
      this.sndNxt = seqAdd(this.sndNxt, 1);
      this.state = this.state === 'ESTABLISHED' ? 'FIN-WAIT-1' : 'LAST-ACK';
      if (!this.rtx) this.armRtx();
    }
  }

  // ---- retransmission timer (RFC 6298 5) ----
  private armRtx(): void {
    this.rtx?.cancel();
    this.rtx = this.node.sched.schedule(this.rto, () => this.onRtx(), this.node.name);
  }
  private stopRtx(): void {
    this.rtx?.cancel();
    this.rtx = undefined;
  }

  private onRtx(): void {
    this.rtx = undefined;
    // RFC 6298 5.5: back off the timer; RFC 9293 3.8.3: give up after R2 retransmissions.
    if (++this.retries > MAX_RETRIES) {
      this.finish('timeout');
      return;
    }
    this.rto = Math.min(this.rto * 2, RTO_MAX);
    this.rttSeq = undefined; // Karn's algorithm: no sample from a retransmitted segment
    this.recover = this.sndNxt;
    this.retransmitFirst();
    this.armRtx();
  }

  /** RFC 6298 5.4: retransmit the earliest segment not acknowledged. */
  private retransmitFirst(): void {
    if (this.state === 'SYN-SENT') this.sendSyn();
    else if (this.state === 'SYN-RECEIVED') this.out(SYN | ACK, this.iss, Buffer.alloc(0), MSS);
    else if (this.buf.length > 0 && seqLt(this.sndUna, this.finSeq ?? this.sndNxt)) {
      const n = Math.min(MSS, this.peerMss, this.buf.length, seqDiff(this.sndNxt, this.sndUna));
      if (n > 0) this.out(ACK | PSH, this.sndUna, this.buf.subarray(0, n));
    } else if (this.finSeq !== undefined && seqLe(this.sndUna, this.finSeq)) this.out(FIN | ACK, this.finSeq);
  }

  // ---- input (RFC 9293 3.10.7) ----
  input(seg: TcpSegment): void {
    if (this.state === 'SYN-SENT') {
      this.inputSynSent(seg);
      return;
    }
    const len = seg.data.length + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0);
    const inWindow = seqLe(this.rcvNxt, seg.seq) && seqLt(seg.seq, seqAdd(this.rcvNxt, WINDOW));
    // RFC 9293 3.10.7.4 second check (RFC 5961 3.2): a RST is accepted only inside the window.
    if (seg.flags & RST) {
      if (inWindow || seg.seq === this.rcvNxt) {
        if (this.state === 'TIME-WAIT' || this.closedWhy) this.teardown();
        // CLOSING / LAST-ACK: both FINs were exchanged; RFC 9293 3.10.7.4 just enters CLOSED.
        else if (this.state === 'CLOSING' || this.state === 'LAST-ACK') this.finish('closed');
        else this.finish('reset');
      }
      return;
    }
    if (this.state === 'TIME-WAIT') {
      if (seg.flags & FIN) this.out(ACK, this.sndNxt); // the peer lost our ACK of its FIN
      return;
    }
    // Fourth check: a SYN in a synchronized state gets a challenge ACK (RFC 5961 4).
    if (seg.flags & SYN) {
      if (this.state === 'SYN-RECEIVED' && seg.seq === this.irs) this.out(SYN | ACK, this.iss, Buffer.alloc(0), MSS);
      else this.out(ACK, this.sndNxt);
      return;
    }
    if (!(seg.flags & ACK)) return;
    if (this.state === 'SYN-RECEIVED') {
      if (seg.ack !== seqAdd(this.iss, 1)) {
        this.out(RST, seg.ack);
        return;
      }
      // RFC 9293 3.10.7.4 fifth check: SYN-RECEIVED -> ESTABLISHED.
      this.state = 'ESTABLISHED';
      this.sndUna = seg.ack;
      this.sndWnd = seg.window;
      this.retries = 0;
      this.rto = RTO_INIT;
      this.stopRtx();
      this.connected = true;
      this.hooks.accepted(this);
      if (this.closedWhy) return;
      this.fireConnect();
      if (this.finQueued) this.pump();
    } else {
      this.onAck(seg);
    }
    if (this.closedWhy && (this.state as TcpState) !== 'TIME-WAIT') return;
    if (len > 0) this.onText(seg);
    this.pump();
  }

  private inputSynSent(seg: TcpSegment): void {
    const ackOk = (seg.flags & ACK) !== 0 && seg.ack === seqAdd(this.iss, 1);
    if (seg.flags & ACK && !ackOk) {
      if (!(seg.flags & RST)) this.out(RST, seg.ack);
      return;
    }
    if (seg.flags & RST) {
      if (ackOk) this.finish('reset'); // RFC 9293 3.10.7.3: "error: connection reset"
      return;
    }
    if (!(seg.flags & SYN)) return;
    this.irs = seg.seq;
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.sndWnd = seg.window;
    if (seg.mss) this.peerMss = seg.mss;
    if (!ackOk) {
      // Simultaneous open (RFC 9293 3.5 figure 8): SYN-SENT -> SYN-RECEIVED.
      this.state = 'SYN-RECEIVED';
      this.out(SYN | ACK, this.iss, Buffer.alloc(0), MSS);
      return;
    }
    // SYN,ACK: SYN-SENT -> ESTABLISHED (RFC 9293 3.10.7.3), RTT sample unless the SYN was resent.
    this.sndUna = seg.ack;
    this.state = 'ESTABLISHED';
    if (this.retries === 0) this.sample(this.node.sched.now - (this.rtx ? this.rtx.time - this.rto : 0));
    this.retries = 0;
    this.stopRtx();
    this.out(ACK, this.sndNxt);
    this.connected = true;
    this.fireConnect();
    if (!this.closedWhy) this.pump();
  }

  private fireConnect(): void {
    const cbs = this.connectCbs;
    this.connectCbs = [];
    for (const cb of cbs) cb();
  }

  /** RFC 6298 2.2/2.3: SRTT and RTTVAR from a measurement, RTO = SRTT + 4 RTTVAR, at least 1 s. */
  private sample(r: number): void {
    if (this.srtt === undefined) {
      this.srtt = r;
      this.rttvar = r / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
      this.srtt = 0.875 * this.srtt + 0.125 * r;
    }
    this.rto = this.baseRto();
  }

  private baseRto(): number {
    if (this.srtt === undefined) return RTO_INIT;
    return Math.min(RTO_MAX, Math.max(RTO_MIN, Math.round(this.srtt + 4 * this.rttvar)));
  }

  private onAck(seg: TcpSegment): void {
    const ack = seg.ack;
    if (seqLt(this.sndNxt, ack)) {
      this.out(ACK, this.sndNxt); // acknowledges something not yet sent (RFC 9293 3.10.7.4)
      return;
    }
    if (seqLe(ack, this.sndUna)) {
      // RFC 5681 3.2: the third duplicate ACK triggers a fast retransmit.
      if (ack === this.sndUna && seg.data.length === 0 && !(seg.flags & FIN) && this.sndNxt !== this.sndUna) {
        if (++this.dupAcks === 3 && this.recover === undefined) {
          this.recover = this.sndNxt;
          this.rttSeq = undefined;
          this.retransmitFirst();
        }
      }
      this.sndWnd = seg.window;
      return;
    }
    const n = seqDiff(ack, this.sndUna);
    this.buf = this.buf.subarray(Math.min(n, this.buf.length));
    this.sndUna = ack;
    this.sndWnd = seg.window;
    this.dupAcks = 0;
    this.retries = 0;
    // New data acknowledged: drop the exponential backoff (as common stacks do; RFC 6298 5.7 note).
    this.rto = this.baseRto();
    if (this.rttSeq !== undefined && seqLe(this.rttSeq, ack)) {
      this.sample(this.node.sched.now - this.rttStart);
      this.rttSeq = undefined;
    }
    // RFC 6298 5.2/5.3: stop the timer when all is acknowledged, else restart it.
    if (this.sndUna === this.sndNxt) this.stopRtx();
    else this.armRtx();
    if (this.recover !== undefined) {
      // RFC 6582 3.2: a partial ACK retransmits the next hole at once.
      if (seqLt(ack, this.recover)) this.retransmitFirst();
      else this.recover = undefined;
    }
    const finAcked = this.finSeq !== undefined && seqLt(this.finSeq, ack);
    if (!finAcked) return;
    if (this.state === 'FIN-WAIT-1') {
      this.state = 'FIN-WAIT-2'; // RFC 9293 3.10.7.4 FIN-WAIT-1: our FIN acknowledged
      this.other?.cancel();
      this.other = this.node.sched.schedule(FIN_WAIT_2, () => this.finish('closed'), this.node.name);
    } else if (this.state === 'CLOSING') {
      this.enterTimeWait();
    } else if (this.state === 'LAST-ACK') {
      this.finish('closed'); // RFC 9293 3.10.7.4 LAST-ACK: FIN acknowledged -> CLOSED
    }
  }

  /** Segment text and FIN (RFC 9293 3.10.7.4 seventh and eighth steps). */
  private onText(seg: TcpSegment): void {
    const canReceive = this.state === 'ESTABLISHED' || this.state === 'FIN-WAIT-1' || this.state === 'FIN-WAIT-2';
    if (!canReceive) {
      this.out(ACK, this.sndNxt);
      return;
    }
    const rcvBefore = this.rcvNxt;
    let seq = seg.seq;
    let data = seg.data;
    const finSeq = seg.flags & FIN ? seqAdd(seg.seq, data.length) : undefined;
    if (seqLt(seq, this.rcvNxt)) {
      const skip = Math.min(data.length, seqDiff(this.rcvNxt, seq));
      data = data.subarray(skip);
      seq = seqAdd(seq, skip);
    }
    if (seq === this.rcvNxt) {
      if (data.length) this.deliver(data);
      this.drainOoo();
    } else if (seqLt(this.rcvNxt, seq) && seqDiff(seq, this.rcvNxt) < WINDOW) {
      if (data.length && !this.ooo.has(seq)) this.ooo.set(seq, Buffer.from(data));
    }
    if (finSeq !== undefined && seqLe(this.rcvNxt, finSeq)) this.oooFin = finSeq;
    const fin = this.oooFin !== undefined && this.oooFin === this.rcvNxt;
    if (fin) {
      this.oooFin = undefined;
      this.rcvNxt = seqAdd(this.rcvNxt, 1);
    }
    // New data: what the application queued while it was delivered goes out first and carries
    // the acknowledgement; a pure ACK only when no segment did (no ACK for data already
    // acknowledged in a segment of our own). Duplicates and out-of-order segments are
    // acknowledged at once (RFC 9293 3.10.7.4, RFC 5681 4.2).
    const advanced = this.rcvNxt !== rcvBefore;
    if (advanced) this.pump();
    if (!advanced || this.lastAckSent !== this.rcvNxt) this.out(ACK, this.sndNxt);
    if (fin) this.onFin();
  }

  private deliver(data: Buffer): void {
    this.rcvNxt = seqAdd(this.rcvNxt, data.length);
    if (this.dataCbs.length === 0) this.held.push(Buffer.from(data));
    else for (const cb of this.dataCbs) cb(data);
  }

  private drainOoo(): void {
    for (let again = true; again && this.ooo.size > 0; ) {
      again = false;
      for (const [s, d] of this.ooo) {
        if (seqLt(this.rcvNxt, s)) continue;
        this.ooo.delete(s);
        const skip = seqDiff(this.rcvNxt, s);
        if (skip < d.length) this.deliver(d.subarray(skip));
        again = true;
      }
    }
  }

  /** The peer's FIN (RFC 9293 3.10.7.4 eighth step). */
  private onFin(): void {
    if (this.closedWhy) return;
    if (this.state === 'ESTABLISHED') {
      // -> CLOSE-WAIT; no half-close here, so our side closes at once (then LAST-ACK).
      this.state = 'CLOSE-WAIT';
      this.finQueued = true;
      this.pump();
    } else if (this.state === 'FIN-WAIT-1') {
      if (this.finSeq !== undefined && seqLt(this.finSeq, this.sndUna)) this.enterTimeWait();
      else this.state = 'CLOSING';
    } else if (this.state === 'FIN-WAIT-2') {
      this.enterTimeWait();
    }
  }

  private enterTimeWait(): void {
    this.stopRtx();
    this.other?.cancel();
    this.state = 'TIME-WAIT';
    this.fireClose('closed');
    this.other = this.node.sched.schedule(TIME_WAIT, () => this.teardown(), this.node.name);
  }

  /** End the connection; `defer` reports to the application on the next event (for its own close/abort). */
  private finish(why: CloseWhy, defer = false): void {
    this.teardown();
    if (defer) this.closedWhy = why;
    if (defer) this.node.sched.schedule(0, () => this.fireClose(why, true), this.node.name);
    else this.fireClose(why);
  }

  private teardown(): void {
    this.stopRtx();
    this.other?.cancel();
    this.other = undefined;
    this.state = 'CLOSED';
    if (this.bound) this.hooks.unbind(this);
    this.bound = false;
  }

  private fireClose(why: CloseWhy, force = false): void {
    if (this.closedWhy && !force) return;
    this.closedWhy = why;
    const cbs = this.closeCbs;
    this.closeCbs = [];
    for (const cb of cbs) cb(why);
  }
}
