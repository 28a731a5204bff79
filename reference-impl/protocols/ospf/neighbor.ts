/**
 * The OSPF neighbour state machine (RFC 2328 10.1-10.3) with the database exchange:
 * Database Description master/slave negotiation and exchange (10.6, 10.8), Link State
 * Requests (10.7, 10.9), and the per-neighbour link-state retransmission list (13.6).
 */
import { SEC, type EventHandle } from '../../sim/scheduler';
import { cmpInstance, lsaKey, Lsdb, MAX_AGE } from './lsdb';
import { DD_I, DD_M, DD_MS, LS_NETWORK, LS_ROUTER, OPT_E, T_DD, T_LSR, T_LSU, withAge, type Dd, type Lsa, type LsaHeader } from './packet';
import type { OspfInterface } from './interface';

export type NbrState = 'Down' | 'Attempt' | 'Init' | '2-Way' | 'ExStart' | 'Exchange' | 'Loading' | 'Full';
export const RANK: Record<NbrState, number> = { Down: 0, Attempt: 1, Init: 2, '2-Way': 3, ExStart: 4, Exchange: 5, Loading: 6, Full: 7 };

/** LSA headers per DD packet and requests per LS Request packet (fits a 1500-byte MTU). */
const DD_CHUNK = 60;
const LSR_CHUNK = 100;

export class Neighbor {
  state: NbrState = 'Down';
  priority = 0;
  /** DR and BDR as the neighbour's Hellos declare them (interface addresses). */
  dr = 0;
  bdr = 0;
  options = 0;
  master = false;
  ddSeq = 0;
  private ddSeqInit = false;
  private lastRcvd?: { flags: number; options: number; seq: number };
  private lastSent?: Dd;
  private summary: LsaHeader[] = [];
  readonly reqList = new Map<string, LsaHeader>();
  private lastLsr: string[] = [];
  readonly retx = new Map<string, Lsa>();
  private inactivity?: EventHandle;
  private ddRxmt?: EventHandle;
  private lsrRxmt?: EventHandle;
  private retxTimer?: EventHandle;
  /** Virtual time the inactivity timer fires. */
  deadAt = 0;
  /** Virtual time the adjacency reached Full. */
  upSince?: number;

  constructor(
    readonly oi: OspfInterface,
    readonly addr: number,
    public routerId: number,
  ) {}

  private get proc() {
    return this.oi.proc;
  }

  private setState(s: NbrState): void {
    const old = this.state;
    if (old === s) return;
    this.state = s;
    if (RANK[s] < RANK.Exchange) this.clearLists();
    if (s === 'Full') this.upSince = this.proc.now;
    if (old === 'Full' || s === 'Full') this.proc.adjacencyChanged();
    // 9.2 NeighborChange: bidirectional communication established or lost.
    if ((RANK[old] >= RANK['2-Way']) !== (RANK[s] >= RANK['2-Way'])) this.oi.neighborChange();
    this.proc.trace?.(`nbr ${this.oi.iface.name} ${this.addr} ${old} -> ${s}`);
  }

  private clearLists(): void {
    this.summary = [];
    this.reqList.clear();
    this.retx.clear();
    this.lastLsr = [];
    this.ddRxmt?.cancel();
    this.lsrRxmt?.cancel();
    this.retxTimer?.cancel();
    this.ddRxmt = this.lsrRxmt = this.retxTimer = undefined;
  }

  // ---- events (10.3) ----

  /** HelloReceived: restart the Inactivity Timer (RouterDeadInterval); Down -> Init. */
  helloReceived(): void {
    this.inactivity?.cancel();
    const dead = this.proc.cfg.deadSec * SEC;
    this.deadAt = this.proc.now + dead;
    this.inactivity = this.proc.schedule(dead, () => this.kill('InactivityTimer'));
    if (this.state === 'Down') this.setState('Init');
  }

  /** 2-WayReceived: Init -> ExStart when an adjacency should form (10.4), else 2-Way. */
  twoWayReceived(): void {
    if (this.state !== 'Init') return;
    if (this.oi.shouldAdjacent(this)) this.startExStart();
    else this.setState('2-Way');
  }

  /** 1-WayReceived: back to Init, the neighbour no longer lists us. */
  oneWayReceived(): void {
    if (RANK[this.state] >= RANK['2-Way']) this.setState('Init');
  }

  /** AdjOK? (10.3): after a DR/BDR change, start or tear down the adjacency. */
  adjOk(): void {
    const should = this.oi.shouldAdjacent(this);
    if (this.state === '2-Way' && should) this.startExStart();
    else if (RANK[this.state] >= RANK.ExStart && !should) this.setState('2-Way');
  }

  /** SeqNumberMismatch / BadLSReq (10.3): restart the exchange in ExStart. */
  restartExchange(why: string): void {
    if (RANK[this.state] < RANK.Exchange) return;
    this.proc.trace?.(`nbr ${this.addr} ${why}`);
    this.setState('2-Way');
    this.startExStart();
  }

  /** KillNbr / InactivityTimer / LLDown: neighbour Down and forgotten. */
  kill(_why: string): void {
    this.inactivity?.cancel();
    this.setState('Down');
    this.oi.removeNeighbor(this);
  }

  /** Stop every timer without state-change side effects (process stop). */
  cancelAll(): void {
    this.inactivity?.cancel();
    this.clearLists();
  }

  // ---- database exchange ----

  private startExStart(): void {
    // 10.3 ExStart: increment the DD sequence number, declare ourselves master, send empty DDs with I/M/MS.
    this.ddSeq = this.ddSeqInit ? (this.ddSeq + 1) >>> 0 : this.proc.rng.int(1, 0x7fffffff);
    this.ddSeqInit = true;
    this.master = true;
    this.lastRcvd = undefined;
    this.setState('ExStart');
    this.sendDd({ mtu: this.oi.mtu, options: OPT_E, flags: DD_I | DD_M | DD_MS, seq: this.ddSeq, headers: [] });
  }

  private sendDd(dd: Dd): void {
    this.lastSent = dd;
    this.proc.send(this.oi, this.addr, { type: T_DD, dd });
    this.ddRxmt?.cancel();
    this.ddRxmt = undefined;
    // 10.8: only the master (and ExStart) retransmits DD packets, every RxmtInterval.
    if (this.master && (this.state === 'ExStart' || this.state === 'Exchange')) {
      this.ddRxmt = this.proc.schedule(this.proc.cfg.retransmitSec * SEC, () => {
        if (this.lastSent && (this.state === 'ExStart' || this.state === 'Exchange')) this.sendDd(this.lastSent);
      });
    }
  }

  private negotiationDone(): void {
    // 10.3 NegotiationDone: the database summary list holds every LSA header; MaxAge LSAs go to the retransmission list.
    this.setState('Exchange');
    this.summary = [];
    const db = this.proc.lsdb;
    for (const h of db.summary()) {
      if (h.age >= MAX_AGE) {
        const e = db.get(h);
        if (e) this.addRetx(e.lsa);
      } else this.summary.push(h);
    }
  }

  private isDup(dd: Dd): boolean {
    const l = this.lastRcvd;
    return !!l && l.flags === dd.flags && l.options === dd.options && l.seq === dd.seq;
  }

  /** A Database Description packet from this neighbour (10.6). */
  onDd(dd: Dd): void {
    const myRid = this.proc.rid;
    // 10.6 Init: the 2-WayReceived event first, then as in the resulting state.
    if (this.state === 'Init') this.twoWayReceived();
    const st: NbrState = this.state;
    switch (st) {
      case 'Down':
      case 'Attempt':
      case 'Init':
      case '2-Way':
        return;
      case 'ExStart':
        if ((dd.flags & 7) === (DD_I | DD_M | DD_MS) && dd.headers.length === 0 && this.routerId > myRid) {
          this.master = false;
          this.ddSeq = dd.seq;
          this.ddRxmt?.cancel();
          this.negotiationDone();
          this.accept(dd);
        } else if ((dd.flags & (DD_I | DD_MS)) === 0 && dd.seq === this.ddSeq && this.routerId < myRid) {
          this.master = true;
          this.negotiationDone();
          this.accept(dd);
        }
        return;
      case 'Exchange':
        if (this.isDup(dd)) {
          if (!this.master && this.lastSent) this.proc.send(this.oi, this.addr, { type: T_DD, dd: this.lastSent });
          return;
        }
        if ((dd.flags & DD_MS) !== (this.master ? 0 : DD_MS) || dd.flags & DD_I || (this.lastRcvd && dd.options !== this.lastRcvd.options)) {
          this.restartExchange('SeqNumberMismatch');
          return;
        }
        if ((this.master && dd.seq === this.ddSeq) || (!this.master && dd.seq === ((this.ddSeq + 1) >>> 0))) this.accept(dd);
        else this.restartExchange('SeqNumberMismatch');
        return;
      case 'Loading':
      case 'Full':
        if (this.isDup(dd)) {
          if (!this.master && this.lastSent) this.proc.send(this.oi, this.addr, { type: T_DD, dd: this.lastSent });
          return;
        }
        this.restartExchange('SeqNumberMismatch');
        return;
    }
  }

  private accept(dd: Dd): void {
    this.lastRcvd = { flags: dd.flags, options: dd.options, seq: dd.seq };
    const db = this.proc.lsdb;
    for (const h of dd.headers) {
      if (h.type !== LS_ROUTER && h.type !== LS_NETWORK && (h.type < 3 || h.type > 5)) {
        this.restartExchange('SeqNumberMismatch');
        return;
      }
      const e = db.get(h);
      if (!e || cmpInstance(h, db.header(e)) > 0) this.reqList.set(lsaKey(h), h);
    }
    const sentMore = !!this.lastSent && (this.lastSent.flags & DD_M) !== 0;
    if (this.master) {
      this.ddSeq = (this.ddSeq + 1) >>> 0;
      if (!(dd.flags & DD_M) && !sentMore) this.exchangeDone();
      else this.sendNextDd();
    } else {
      this.ddSeq = dd.seq;
      const more = this.sendNextDd();
      if (!(dd.flags & DD_M) && !more) this.exchangeDone();
    }
  }

  /** Send the next chunk of the summary list; returns the M bit sent. */
  private sendNextDd(): boolean {
    const headers = this.summary.splice(0, DD_CHUNK);
    const more = this.summary.length > 0;
    const flags = (this.master ? DD_MS : 0) | (more ? DD_M : 0);
    this.sendDd({ mtu: this.oi.mtu, options: OPT_E, flags, seq: this.ddSeq, headers });
    return more;
  }

  private exchangeDone(): void {
    this.ddRxmt?.cancel();
    this.ddRxmt = undefined;
    if (this.reqList.size === 0) this.setState('Full');
    else {
      this.setState('Loading');
      this.sendLsr();
    }
  }

  private sendLsr(): void {
    this.lsrRxmt?.cancel();
    const reqs = [...this.reqList.values()].slice(0, LSR_CHUNK);
    if (reqs.length === 0) return;
    this.lastLsr = reqs.map(lsaKey);
    this.proc.send(this.oi, this.addr, { type: T_LSR, reqs: reqs.map(Lsdb.req) });
    // 10.9: retransmit the request every RxmtInterval until answered.
    this.lsrRxmt = this.proc.schedule(this.proc.cfg.retransmitSec * SEC, () => this.sendLsr());
  }

  /** Some requested LSAs arrived (13 step 5/6): LoadingDone when the list is empty (10.3). */
  requestsSatisfied(): void {
    if (this.state !== 'Loading' && this.state !== 'Exchange') return;
    if (this.reqList.size === 0) {
      this.lsrRxmt?.cancel();
      if (this.state === 'Loading') this.setState('Full');
      return;
    }
    if (this.state === 'Loading' && this.lastLsr.every((k) => !this.reqList.has(k))) this.sendLsr();
  }

  /** A Link State Request packet (10.7): answer with the requested LSAs, BadLSReq when one is missing. */
  onLsr(reqs: Array<{ type: number; id: number; adv: number }>): void {
    if (RANK[this.state] < RANK.Exchange) return;
    const db = this.proc.lsdb;
    const out: Lsa[] = [];
    for (const r of reqs) {
      const e = db.get(r);
      if (!e) {
        this.restartExchange('BadLSReq');
        return;
      }
      out.push(this.proc.lsaForSend(e));
    }
    for (let i = 0; i < out.length; i += 20) this.proc.send(this.oi, this.addr, { type: T_LSU, lsas: out.slice(i, i + 20) });
  }

  // ---- retransmission list (13.6) ----

  addRetx(l: Lsa): void {
    this.retx.set(lsaKey(l.hdr), l);
    if (!this.retxTimer) this.armRetx();
  }

  removeRetx(k: string): void {
    this.retx.delete(k);
  }

  private armRetx(): void {
    this.retxTimer = this.proc.schedule(this.proc.cfg.retransmitSec * SEC, () => {
      this.retxTimer = undefined;
      if (this.retx.size === 0 || RANK[this.state] < RANK.Exchange) return;
      const db = this.proc.lsdb;
      const lsas: Lsa[] = [];
      for (const [k, l] of this.retx) {
        const e = db.get(k);
        // The list holds the instance flooded; the database's age is the one that goes on the wire.
        if (e && e.lsa === l) lsas.push(this.proc.lsaForSend(e));
        else lsas.push({ hdr: l.hdr, raw: withAge(l, l.hdr.age) });
        if (lsas.length >= 20) break;
      }
      this.proc.send(this.oi, this.addr, { type: T_LSU, lsas });
      this.armRetx();
    });
  }
}
