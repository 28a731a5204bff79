/**
 * One BGP peer: the finite state machine of RFC 4271 8 over one or two TCP connections
 * (both sides connect; RFC 4271 6.8 resolves the collision by BGP identifier), OPEN with
 * capabilities, hold time negotiation and KEEPALIVEs (RFC 4271 4.2, 4.4, 10).
 */
import type { Addr } from '../../net/addr';
import { cmpAddr, fmtAddr, parseAddr } from '../../net/addr';
import type { TcpConn } from '../../net/tcp';
import { EventHandle, MS, SEC } from '../../sim/scheduler';
import {
  AFI_IPV4, BGP_PORT, BgpError, BgpMsg, CAP, Capability, ERR, Framer, MsgType, OpenMsg, SAFI_MPLS_VPN, SAFI_UNICAST, UpdateMsg, decodeMsg, encodeMsg,
} from './packet';
import { AFI_L2VPN, SAFI_EVPN } from './evpn-nlri';

export type PeerState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';
export type Family = 'ipv4' | 'vpnv4' | 'evpn';

/** The (AFI, SAFI) of a family (RFC 4760 8; L2VPN EVPN is AFI 25 / SAFI 70, RFC 7432 s7). */
export function familyAfiSafi(f: Family): { afi: number; safi: number } {
  return f === 'ipv4' ? { afi: AFI_IPV4, safi: SAFI_UNICAST } : f === 'vpnv4' ? { afi: AFI_IPV4, safi: SAFI_MPLS_VPN } : { afi: AFI_L2VPN, safi: SAFI_EVPN };
}

export function familyOf(afi: number, safi: number): Family | undefined {
  if (afi === AFI_IPV4) return safi === SAFI_UNICAST ? 'ipv4' : safi === SAFI_MPLS_VPN ? 'vpnv4' : undefined;
  return afi === AFI_L2VPN && safi === SAFI_EVPN ? 'evpn' : undefined;
}

/** What a peer needs from its process. */
export interface PeerHost {
  readonly localAs: number;
  readonly bgpId: Addr;
  readonly holdSec: number;
  readonly keepaliveSec: number;
  readonly connectRetrySec: number;
  sched: { now: number; schedule(d: number, fn: () => void, node?: string): EventHandle };
  rng: { int(lo: number, hi: number): number };
  nodeName: string;
  connect(p: Peer): TcpConn | undefined;
  established(p: Peer): void;
  down(p: Peer): void;
  received(p: Peer, u: UpdateMsg): void;
  /** The peer asked for our routes of one family again (RFC 2918 ROUTE-REFRESH). */
  refresh?(p: Peer, family: Family): void;
}

interface Session {
  conn: TcpConn;
  outgoing: boolean;
  state: 'Connect' | 'OpenSent' | 'OpenConfirm' | 'Established';
  framer: Framer;
  hold?: EventHandle;
  ka?: EventHandle;
  holdSec: number;
  remoteId?: Addr;
  open?: OpenMsg;
  rcvd: number;
  sent: number;
  dead: boolean;
}

export class Peer {
  readonly addr: Addr;
  private sessions: Session[] = [];
  private retry?: EventHandle;
  private running = false;
  /** Time of the last change to or from Established. */
  since = 0;
  private lastRcvd = 0;
  private lastSent = 0;
  /** Negotiated families and 4-octet AS of the established session. */
  families: Family[] = [];
  as4 = false;
  /** The peer announced route refresh (code 2 or Cisco's 128) in its last OPEN. */
  peerRefresh = false;
  /** Capability codes of the peer's last OPEN, in its order. */
  peerCaps: number[] = [];
  remoteId?: Addr;
  /** Set while the peer waited for ConnectRetry after a failure (RFC 4271 8.2.2 Active). */
  private waiting = false;

  constructor(
    private host: PeerHost,
    readonly vrf: string,
    readonly remoteAs: number,
    addr: string,
    /** Families this side announces (Multiprotocol capabilities, RFC 4760 8). */
    readonly offered: Family[],
    readonly connectIface?: string,
    /** SR Linux `local-as`: the AS of this session (OPEN My AS, AS_PATH); default the process's AS. */
    readonly localAsOverride?: number,
  ) {
    const a = parseAddr(addr);
    if (!a) throw new Error(`bgp: bad peer address ${addr}`);
    this.addr = a;
    this.since = host.sched.now;
  }

  /** The AS this session speaks as (local-as, or the process's AS). */
  get myAs(): number {
    return this.localAsOverride ?? this.host.localAs;
  }

  get ebgp(): boolean {
    return this.remoteAs !== this.myAs;
  }

  get key(): string {
    return `${this.vrf}|${fmtAddr(this.addr)}`;
  }

  get state(): PeerState {
    const order = ['Connect', 'OpenSent', 'OpenConfirm', 'Established'];
    let best: Session | undefined;
    for (const s of this.sessions) if (!best || order.indexOf(s.state) > order.indexOf(best.state)) best = s;
    if (best) return best.state;
    if (!this.running) return 'Idle';
    return this.waiting ? 'Active' : 'Connect';
  }

  private get est(): Session | undefined {
    return this.sessions.find((s) => s.state === 'Established');
  }

  get msgRcvd(): number {
    return this.est?.rcvd ?? this.lastRcvd;
  }
  get msgSent(): number {
    return this.est?.sent ?? this.lastSent;
  }
  /** Local address of the established session (next hop self). */
  get localAddr(): Addr | undefined {
    return this.est?.conn.local.addr;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.waiting = false;
    // RFC 4271 8.2.1.1 / 10: the first ConnectRetry is jittered (0-1 s) so labs converge quickly.
    this.armRetry(this.host.rng.int(0, 1000) * MS);
  }

  stop(why: 'admin' | 'deconfigured' = 'admin'): void {
    this.running = false;
    this.retry?.cancel();
    this.retry = undefined;
    // RFC 4486: Cease, 2 Administrative Shutdown / 3 Peer De-configured.
    for (const s of [...this.sessions]) this.drop(s, { code: ERR.CEASE, subcode: why === 'admin' ? 2 : 3 });
  }

  /** RFC 4271 8.2.2 ConnectRetryTimer: try a TCP connection each time it expires while no session exists. */
  private armRetry(delay: number): void {
    this.retry?.cancel();
    this.retry = this.host.sched.schedule(delay, () => {
      this.retry = undefined;
      if (!this.running) return;
      if (!this.sessions.some((s) => s.outgoing) && !this.est) this.tryConnect();
      this.armRetry(this.retryDelay());
    }, this.host.nodeName);
  }

  /** RFC 4271 10: ConnectRetry jittered by a random factor between 0.75 and 1. */
  private retryDelay(): number {
    return Math.round((this.host.connectRetrySec * SEC * this.host.rng.int(750, 1000)) / 1000);
  }

  private tryConnect(): void {
    const conn = this.host.connect(this);
    if (!conn) {
      this.waiting = true;
      return;
    }
    const s = this.newSession(conn, true);
    conn.onConnect(() => {
      if (s.dead) return;
      this.sendOpen(s);
    });
  }

  /** A connection accepted by the process's listener for this peer (passive open). */
  accept(conn: TcpConn): void {
    if (!this.running || this.est) {
      // RFC 4271 6.8: a connection arriving for an established session is closed.
      conn.abort();
      return;
    }
    const s = this.newSession(conn, false);
    this.sendOpen(s);
  }

  private newSession(conn: TcpConn, outgoing: boolean): Session {
    const s: Session = { conn, outgoing, state: 'Connect', framer: new Framer(), holdSec: 0, rcvd: 0, sent: 0, dead: false };
    this.sessions.push(s);
    conn.onData((d) => this.onData(s, d));
    conn.onClose(() => this.lost(s));
    return s;
  }

  /**
   * The capabilities a VRP speaker sends (RFC 5492), one per optional parameter: Multiprotocol
   * for each configured family (RFC 4760), route refresh in Cisco's old code 128 and the
   * standard code 2 (RFC 2918), and the 4-octet AS number (RFC 6793).
   */
  private caps(): Capability[] {
    const c: Capability[] = [];
    if (this.offered.includes('ipv4')) c.push({ code: CAP.MULTIPROTOCOL, afi: AFI_IPV4, safi: SAFI_UNICAST });
    if (this.offered.includes('vpnv4')) c.push({ code: CAP.MULTIPROTOCOL, afi: AFI_IPV4, safi: SAFI_MPLS_VPN });
    if (this.offered.includes('evpn')) c.push({ code: CAP.MULTIPROTOCOL, afi: AFI_L2VPN, safi: SAFI_EVPN });
    c.push({ code: CAP.ROUTE_REFRESH_OLD, data: Buffer.alloc(0) });
    c.push({ code: CAP.ROUTE_REFRESH, data: Buffer.alloc(0) });
    c.push({ code: CAP.AS4, asn: this.myAs });
    return c;
  }

  private sendOpen(s: Session): void {
    this.write(s, { type: MsgType.OPEN, version: 4, myAs: this.myAs, holdTime: this.host.holdSec, bgpId: this.host.bgpId, caps: this.caps() });
    s.state = 'OpenSent';
    // RFC 4271 8.2.2: in OpenSent the HoldTimer is set to a large value (4 minutes).
    this.armHold(s, 240);
  }

  private write(s: Session, m: BgpMsg): void {
    if (s.dead) return;
    s.sent++;
    s.conn.send(encodeMsg(m, { as4: s === this.est ? this.as4 : false }));
  }

  send(m: BgpMsg): void {
    const s = this.est;
    if (s) this.write(s, m);
  }

  private armHold(s: Session, sec: number): void {
    s.hold?.cancel();
    if (sec === 0) return;
    // RFC 4271 8.2.2 (Event 10 HoldTimer_Expires): NOTIFICATION Hold Timer Expired, drop the session.
    s.hold = this.host.sched.schedule(sec * SEC, () => this.drop(s, { code: ERR.HOLD, subcode: 0 }), this.host.nodeName);
  }

  private armKeepalive(s: Session): void {
    s.ka?.cancel();
    if (s.holdSec === 0) return;
    // RFC 4271 4.4 / 10: KEEPALIVE at one third of the hold time (or the configured interval if smaller).
    const ka = Math.max(1, Math.min(this.host.keepaliveSec, Math.floor(s.holdSec / 3)));
    s.ka = this.host.sched.schedule(ka * SEC, () => {
      this.write(s, { type: MsgType.KEEPALIVE });
      this.armKeepalive(s);
    }, this.host.nodeName);
  }

  private onData(s: Session, d: Buffer): void {
    if (s.dead) return;
    try {
      for (const raw of s.framer.push(d)) {
        if (s.dead) return;
        s.rcvd++;
        this.onMsg(s, decodeMsg(raw, { as4: s.state === 'Established' && this.as4 }));
      }
    } catch (e) {
      if (e instanceof BgpError) this.drop(s, { code: e.code, subcode: e.subcode, data: e.data });
      else throw e;
    }
  }

  private onMsg(s: Session, m: BgpMsg): void {
    if (m.type === MsgType.NOTIFICATION) {
      this.drop(s);
      return;
    }
    switch (s.state) {
      case 'OpenSent':
        if (m.type !== MsgType.OPEN) throw new BgpError(ERR.FSM, 1); // RFC 6608: unexpected in OpenSent
        this.gotOpen(s, m);
        return;
      case 'OpenConfirm':
        if (m.type !== MsgType.KEEPALIVE) throw new BgpError(ERR.FSM, 2);
        this.toEstablished(s);
        return;
      case 'Established':
        if (s.holdSec) this.armHold(s, s.holdSec); // RFC 4271 8.2.2: restart the HoldTimer on KEEPALIVE/UPDATE
        if (m.type === MsgType.UPDATE) this.host.received(this, m);
        else if (m.type === MsgType.ROUTE_REFRESH) this.gotRefresh(m.afi, m.safi);
        else if (m.type !== MsgType.KEEPALIVE) throw new BgpError(ERR.FSM, 3);
        return;
      default:
        throw new BgpError(ERR.FSM, 0);
    }
  }

  private gotOpen(s: Session, m: OpenMsg): void {
    const as4cap = m.caps.find((c) => c.code === 65 && 'asn' in c) as { asn: number } | undefined;
    const remoteAs = as4cap ? as4cap.asn : m.myAs;
    if (remoteAs !== this.remoteAs) throw new BgpError(ERR.OPEN, 2); // Bad Peer AS
    if (m.bgpId.v === 0n || (!this.ebgp && m.bgpId.v === this.host.bgpId.v)) throw new BgpError(ERR.OPEN, 3); // Bad BGP Identifier
    s.remoteId = m.bgpId;
    s.open = m;
    // RFC 4271 6.8: collision with another connection that already received an OPEN.
    for (const o of this.sessions) {
      if (o === s || o.dead) continue;
      if (o.state === 'Established') throw new BgpError(ERR.CEASE, 7);
      if (o.state === 'OpenConfirm') {
        // Keep the connection initiated by the speaker with the higher BGP Identifier.
        const localHigher = cmpAddr(this.host.bgpId, m.bgpId) > 0;
        const keepOutgoing = localHigher;
        const loser = o.outgoing === keepOutgoing ? s : o;
        this.drop(loser, { code: ERR.CEASE, subcode: 7 }); // RFC 4486 Connection Collision Resolution
        if (loser === s) return;
      }
    }
    // RFC 4271 4.2: hold time is the smaller of the two; 0 means no keepalives.
    s.holdSec = Math.min(this.host.holdSec, m.holdTime);
    this.write(s, { type: MsgType.KEEPALIVE });
    s.state = 'OpenConfirm';
    this.armKeepalive(s);
    this.armHold(s, s.holdSec);
  }

  /** RFC 2918 4: re-send the family's routes; a family we did not negotiate is ignored. */
  private gotRefresh(afi: number, safi: number): void {
    const f = familyOf(afi, safi);
    if (f && this.families.includes(f)) this.host.refresh?.(this, f);
  }

  /** Ask the peer to re-send one family (when it announced route refresh). */
  requestRefresh(family: Family): boolean {
    const s = this.sessions.find((x) => x.state === 'Established' && !x.dead);
    if (!s || !this.peerRefresh || !this.families.includes(family)) return false;
    this.write(s, { type: MsgType.ROUTE_REFRESH, ...familyAfiSafi(family) });
    return true;
  }

  private toEstablished(s: Session): void {
    const m = s.open!;
    s.state = 'Established';
    // Only one session survives (RFC 4271 6.8).
    for (const o of [...this.sessions]) if (o !== s) this.drop(o, { code: ERR.CEASE, subcode: 7 });
    const mp = m.caps.filter((c) => c.code === 1 && 'afi' in c) as Array<{ afi: number; safi: number }>;
    // RFC 4760 8: a peer without Multiprotocol capabilities speaks IPv4 unicast only.
    const theirs: Family[] = mp.length === 0 ? ['ipv4'] : mp.flatMap((c) => familyOf(c.afi, c.safi) ?? []);
    this.families = this.offered.filter((f) => theirs.includes(f));
    this.as4 = m.caps.some((c) => c.code === CAP.AS4);
    this.peerRefresh = m.caps.some((c) => c.code === CAP.ROUTE_REFRESH || c.code === CAP.ROUTE_REFRESH_OLD);
    this.peerCaps = m.caps.map((c) => c.code);
    this.remoteId = s.remoteId;
    this.since = this.host.sched.now;
    this.retry?.cancel();
    this.retry = undefined;
    this.host.established(this);
  }

  /** Send an optional NOTIFICATION and close the connection (RFC 4271 8.2.2). */
  private drop(s: Session, n?: { code: number; subcode: number; data?: Buffer }): void {
    if (s.dead) return;
    if (n) this.write(s, { type: MsgType.NOTIFICATION, code: n.code, subcode: n.subcode, data: n.data ?? Buffer.alloc(0) });
    s.conn.close();
    this.lost(s);
  }

  /** The connection ended: back to Idle/Active and retry after ConnectRetry (RFC 4271 8.2.2). */
  private lost(s: Session): void {
    if (s.dead) return;
    s.dead = true;
    s.hold?.cancel();
    s.ka?.cancel();
    const wasEst = s.state === 'Established';
    this.sessions = this.sessions.filter((x) => x !== s);
    if (wasEst) {
      this.lastRcvd = s.rcvd;
      this.lastSent = s.sent;
      this.since = this.host.sched.now;
      this.families = [];
      this.host.down(this);
    }
    if (this.running && this.sessions.length === 0) {
      this.waiting = true;
      if (!this.retry) this.armRetry(this.retryDelay());
    }
  }

  /** TCP destination of an active open. */
  get tcpTarget(): { dst: Addr; dport: number } {
    return { dst: this.addr, dport: BGP_PORT };
  }
}
