/**
 * One LDP session over a TCP connection (RFC 5036 2.5.4 - 2.5.6): the session state machine
 * NonExistent -> Initialized -> OpenSent / OpenRec -> Operational, Initialization with the
 * Common Session Parameters, KeepAlive sending and the session hold timer, Notifications on
 * fatal errors. Label and address messages are handed to the process once Operational.
 */
import type { Addr } from '../../net/addr';
import { addrEq, fmtAddr } from '../../net/addr';
import type { TcpConn } from '../../net/tcp';
import { EventHandle, Periodic, SEC, Scheduler } from '../../sim/scheduler';
import { LdpMsg, LdpPdu, PduFramer, STATUS, STATUS_E, decodePdu, encodeMsg, encodePdu } from './packet';

export type SessionState = 'NonExistent' | 'Initialized' | 'OpenSent' | 'OpenRec' | 'Operational';
export type SessionRole = 'Active' | 'Passive';

/** Messages without the message ID (the session numbers them). */
export type OutMsg = LdpMsg extends infer M ? (M extends LdpMsg ? Omit<M, 'id'> : never) : never;

export const MAX_PDU = 4096;
/** Path vector limit advertised in the Initialization message (loop detection off). */
export const PV_LIMIT = 0;

export interface SessionParams {
  lsrId: Addr;
  /** Proposed session hold time (the KeepAlive Time field of the Common Session Parameters). */
  holdSec: number;
  /** KeepAlive send interval. */
  keepaliveSec: number;
}

export interface SessionHooks {
  /** Passive side: is there a Hello adjacency with this LSR (2.5.3)? */
  accept?(peer: Addr): boolean;
  /** The peer's LDP identifier became known (passive side, from the Initialization PDU). */
  onPeer?(peer: Addr): void;
  onOperational(): void;
  /** Address and label messages received while Operational. */
  onMessage(m: LdpMsg): void;
  onDown(why: string): void;
}

export class LdpSession {
  state: SessionState = 'NonExistent';
  kaSent = 0;
  kaRcvd = 0;
  upSince?: number;
  /** Negotiated session hold time in seconds (2.5.5: the smaller of the two proposals). */
  holdSec: number;
  peer?: Addr;
  private nextId = 1;
  private framer = new PduFramer();
  private holdTimer?: EventHandle;
  private kaTimer?: Periodic;
  private closed = false;

  constructor(
    private sched: Scheduler,
    private nodeName: string,
    readonly conn: TcpConn,
    readonly role: SessionRole,
    private params: SessionParams,
    private hooks: SessionHooks,
    peer?: Addr,
  ) {
    this.peer = peer;
    this.holdSec = params.holdSec;
    conn.onData((d) => this.onData(d));
    conn.onClose((why) => this.down(`tcp ${why}`, undefined));
    if (role === 'Active') {
      conn.onConnect(() => {
        // 2.5.4: TCP connection established -> Initialized; the active LSR sends Initialization -> OpenSent.
        this.state = 'Initialized';
        this.send([this.initMsg()]);
        this.state = 'OpenSent';
        this.armHold();
      });
    } else {
      // 2.5.4: the passive LSR waits in Initialized for the peer's Initialization message.
      this.state = 'Initialized';
      this.armHold();
    }
  }

  get localId(): Addr {
    return this.params.lsrId;
  }

  private initMsg(): OutMsg {
    return { type: 'init', keepalive: this.params.holdSec, dod: false, loopDetect: false, pvLimit: PV_LIMIT, maxPdu: MAX_PDU, receiver: this.peer ?? { afi: 4, v: 0n }, receiverSpace: 0 };
  }

  /** Send messages, packed into PDUs of at most MAX_PDU bytes (3.5.3 Max PDU Length). */
  send(msgs: OutMsg[]): void {
    if (this.closed) return;
    let batch: Buffer[] = [];
    let size = 10;
    const flush = () => {
      if (batch.length === 0) return;
      const pdu = encodePdu({ lsrId: this.params.lsrId, labelSpace: 0, msgs: [] });
      const body = Buffer.concat(batch);
      pdu.writeUInt16BE(body.length + 6, 2);
      this.conn.send(Buffer.concat([pdu, body]));
      batch = [];
      size = 10;
    };
    for (const m of msgs) {
      const b = encodeMsg({ ...m, id: this.nextId++ } as LdpMsg);
      if (m.type === 'keepalive') this.kaSent++;
      if (size + b.length > MAX_PDU) flush();
      batch.push(b);
      size += b.length;
    }
    flush();
  }

  /** Session hold timer (2.5.6): restarted on every PDU received; expiry ends the session. */
  private armHold(): void {
    this.holdTimer?.cancel();
    this.holdTimer = this.sched.schedule(this.holdSec * SEC, () => {
      this.down('hold timer expired', STATUS.keepaliveExpired);
    }, this.nodeName);
  }

  private onData(d: Buffer): void {
    for (const raw of this.framer.push(d)) {
      if (this.closed) return;
      let pdu: LdpPdu;
      try {
        pdu = decodePdu(raw);
      } catch {
        this.down('malformed PDU', STATUS.badPduLength);
        return;
      }
      this.onPdu(pdu);
    }
  }

  private onPdu(pdu: LdpPdu): void {
    this.armHold();
    if (this.peer && !addrEq(this.peer, pdu.lsrId)) {
      this.down(`bad LDP identifier ${fmtAddr(pdu.lsrId)}`, STATUS.badLdpId);
      return;
    }
    for (const m of pdu.msgs) {
      if (this.closed) return;
      this.onMsg(pdu, m);
    }
  }

  private onMsg(pdu: LdpPdu, m: LdpMsg): void {
    if (m.type === 'notification') {
      // 3.5.1: a fatal error notification (E bit) ends the session.
      if ((m.status & STATUS_E) !== 0) this.down(`peer notification 0x${(m.status & 0x3fffffff).toString(16)}`, undefined);
      return;
    }
    switch (this.state) {
      case 'Initialized':
        // 2.5.4 (passive): acceptable Initialization -> send Initialization and KeepAlive -> OpenRec.
        if (m.type !== 'init') return this.down('unexpected message in Initialized', STATUS.shutdown);
        if (!this.peer) {
          if (this.hooks.accept && !this.hooks.accept(pdu.lsrId)) return this.down('no hello adjacency', STATUS.sessionRejectedNoHello);
          this.peer = pdu.lsrId;
          this.hooks.onPeer?.(pdu.lsrId);
        }
        if (!this.acceptInit(m)) return;
        this.send([this.initMsg(), { type: 'keepalive' }]);
        this.state = 'OpenRec';
        return;
      case 'OpenSent':
        // 2.5.4 (active): acceptable Initialization -> send KeepAlive -> OpenRec.
        if (m.type !== 'init') return this.down('unexpected message in OpenSent', STATUS.shutdown);
        if (!this.acceptInit(m)) return;
        this.send([{ type: 'keepalive' }]);
        this.state = 'OpenRec';
        return;
      case 'OpenRec':
        // 2.5.4: KeepAlive -> Operational; any other message is an error.
        if (m.type !== 'keepalive') return this.down('unexpected message in OpenRec', STATUS.shutdown);
        this.kaRcvd++;
        this.operational();
        return;
      case 'Operational':
        if (m.type === 'keepalive') {
          this.kaRcvd++;
          return;
        }
        if (m.type === 'init' || m.type === 'hello') return this.down(`unexpected ${m.type} when Operational`, STATUS.shutdown);
        this.hooks.onMessage(m);
        return;
      default:
        return;
    }
  }

  /** Common Session Parameters checks (3.5.3) and hold time negotiation (2.5.5). */
  private acceptInit(m: Extract<LdpMsg, { type: 'init' }>): boolean {
    if (!addrEq(m.receiver, this.params.lsrId) || m.receiverSpace !== 0) {
      this.down('Initialization for another LDP identifier', STATUS.sessionRejectedNoHello);
      return false;
    }
    if (m.keepalive === 0) {
      this.down('bad keepalive time', STATUS.badKeepaliveTime);
      return false;
    }
    if (m.maxPdu !== 0 && m.maxPdu < 256) {
      this.down('max PDU length', STATUS.sessionRejectedMaxPdu);
      return false;
    }
    this.holdSec = Math.min(this.params.holdSec, m.keepalive);
    this.armHold();
    return true;
  }

  private operational(): void {
    this.state = 'Operational';
    this.upSince = this.sched.now;
    // 2.5.6: KeepAlive at the configured interval, never slower than a third of the hold time.
    const every = Math.max(1, Math.min(this.params.keepaliveSec, Math.floor(this.holdSec / 3)));
    this.kaTimer = new Periodic(this.sched, every * SEC, () => this.send([{ type: 'keepalive' }]), this.nodeName);
    this.kaTimer.start();
    this.hooks.onOperational();
  }

  /** End the session: Notification (when `status` is given, E bit set), close TCP, NonExistent (2.5.4). */
  down(why: string, status: number | undefined): void {
    if (this.closed) return;
    if (status !== undefined && this.conn.state === 'ESTABLISHED') {
      this.send([{ type: 'notification', status: (STATUS_E | status) >>> 0, msgId: 0, msgType: 0 }]);
    }
    this.closed = true;
    this.holdTimer?.cancel();
    this.kaTimer?.stop();
    this.state = 'NonExistent';
    this.upSince = undefined;
    if (this.conn.state !== 'CLOSED') this.conn.close();
    this.hooks.onDown(why);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
