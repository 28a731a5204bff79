/**
 * TCP (RFC 9293), enough for BGP and LDP: three-way handshake, in-order byte stream with
 * sequence/acknowledgement numbers, retransmission on a timer, FIN and RST. Segments are
 * real TCP bytes with real checksums inside IPv4/IPv6 packets, so captures decode in Wireshark.
 *
 * CONTRACT (used by protocols/bgp and protocols/ldp): keep these signatures.
 */
import { Addr, addrEq, isMulticast } from './addr';
import type { Node } from './node';
import type { Random } from '../sim/random';
import { IpPacket, PROTO_TCP } from './packet';
import { ACK, FIN, RST, SYN, decodeTcp, encodeTcp, seqAdd } from './tcp-segment';
import { ConnHooks, Connection } from './tcp-conn';

export type TcpState = 'SYN-SENT' | 'SYN-RECEIVED' | 'ESTABLISHED' | 'FIN-WAIT-1' | 'FIN-WAIT-2' | 'CLOSE-WAIT' | 'CLOSING' | 'LAST-ACK' | 'TIME-WAIT' | 'CLOSED';

export interface TcpEndpoint {
  addr: Addr;
  port: number;
}

export interface TcpConn {
  readonly local: TcpEndpoint;
  readonly remote: TcpEndpoint;
  readonly vrf: string;
  readonly state: TcpState;
  /** Queue bytes for sending (segmented at the MSS). Ignored once closed. */
  send(data: Buffer): void;
  /** Bytes as they arrive, in order (the application does its own framing). */
  onData(cb: (data: Buffer) => void): void;
  /** Called once when the connection becomes ESTABLISHED (for an active open). */
  onConnect(cb: () => void): void;
  /**
   * Called once when the connection ends: 'closed' (FIN exchange, or the application's own
   * close()), 'reset' (RST received, or the application's own abort()), 'timeout'
   * (retransmissions exhausted or SYN unanswered). For the application's own close()/abort()
   * (and a close() before the handshake) the call comes on the next scheduler event.
   */
  onClose(cb: (why: 'closed' | 'reset' | 'timeout') => void): void;
  /** Graceful close (FIN). */
  close(): void;
  /** Abort (RST). */
  abort(): void;
}

export interface TcpListenOpts {
  port: number;
  vrf?: string;
  /** Only accept connections to this local address. */
  addr?: Addr;
  /** IP TTL of the accepted connections' segments (default 255). */
  ttl?: number;
  /** IP TTL per remote address, from the SYN-ACK on (BGP: 1 toward an EBGP peer); else `ttl`. */
  ttlFor?: (remote: Addr) => number | undefined;
}

export interface TcpConnectOpts {
  dst: Addr;
  dport: number;
  /** Source address (e.g. BGP connect-interface); default: the egress interface's address. */
  src?: Addr;
  sport?: number;
  vrf?: string;
  /** IP TTL of the segments (EBGP uses 1 by default in some vendors; VRP EBGP 1, IBGP 255). */
  ttl?: number;
}

export interface TcpStackApi {
  /** Accept connections; returns a function that stops listening. */
  listen(o: TcpListenOpts, onAccept: (c: TcpConn) => void): () => void;
  /** Active open; the result reports through onConnect / onClose. */
  connect(o: TcpConnectOpts): TcpConn;
}

/** The TCP layer of a node: listeners, connections keyed by (vrf, local, remote), RST for the rest. */
export class TcpStack implements TcpStackApi {
  private conns = new Map<string, Connection>();
  private listeners: Array<{ o: TcpListenOpts; onAccept: (c: TcpConn) => void; ttl: number }> = [];
  private rng: Random;

  constructor(readonly node: Node) {
    this.rng = node.rng.fork('tcp');
    node.ip.registerProto(PROTO_TCP, (ip, ctx) => this.input(ip, ctx.vrf));
  }

  listen(o: TcpListenOpts, onAccept: (c: TcpConn) => void): () => void {
    const l = { o, onAccept, ttl: o.ttl ?? 255 };
    this.listeners.push(l);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== l);
    };
  }

  connect(o: TcpConnectOpts): TcpConn {
    const vrf = o.vrf ?? '';
    const sport = o.sport ?? this.ephemeral(vrf);
    const local = { addr: o.src ?? { afi: o.dst.afi, v: 0n }, port: sport };
    const c = new Connection(this.node, this.hooks, vrf, local, { addr: o.dst, port: o.dport }, o.ttl ?? 255, o.src !== undefined);
    c.openActive();
    return c;
  }

  /** Every connection not yet CLOSED (for displays such as `display tcp status`). */
  connections(): TcpConn[] {
    return [...this.conns.values()];
  }

  private hooks: ConnHooks = {
    bind: (c) => {
      c.bound = true;
      this.conns.set(connKey(c.vrf, c.local.addr, c.local.port, c.remote.addr, c.remote.port), c);
    },
    unbind: (c) => {
      const k = connKey(c.vrf, c.local.addr, c.local.port, c.remote.addr, c.remote.port);
      if (this.conns.get(k) === c) this.conns.delete(k);
    },
    accepted: (c) => {
      const l = this.findListener(c.vrf, c.local.addr, c.local.port);
      if (l) l.onAccept(c);
      else c.abort();
    },
    sourceFor: (vrf, dst) => this.node.ip.sourceAddr(vrf, dst),
  };

  /** Ephemeral port (RFC 6335 6: 49152-65535), drawn from the node's random numbers. */
  private ephemeral(vrf: string): number {
    const used = new Set<number>();
    for (const c of this.conns.values()) if (c.vrf === vrf) used.add(c.local.port);
    for (let n = 0; n < 64; n++) {
      const p = this.rng.int(49152, 65535);
      if (!used.has(p)) return p;
    }
    for (let p = 49152; p <= 65535; p++) if (!used.has(p)) return p;
    return 49152;
  }

  private findListener(vrf: string, a: Addr, port: number) {
    let any: (typeof this.listeners)[number] | undefined;
    for (const l of this.listeners) {
      if (l.o.port !== port || (l.o.vrf ?? '') !== vrf) continue;
      if (l.o.addr && addrEq(l.o.addr, a)) return l;
      if (!l.o.addr && !any) any = l;
    }
    return any;
  }

  private input(ip: IpPacket, vrf: string): void {
    if (isMulticast(ip.dst)) return;
    const seg = decodeTcp(ip.src, ip.dst, ip.payload);
    if (!seg) return;
    const c = this.conns.get(connKey(vrf, ip.dst, seg.dport, ip.src, seg.sport));
    if (c) {
      c.input(seg);
      return;
    }
    if (seg.flags & RST) return;
    if (seg.flags & SYN && !(seg.flags & ACK)) {
      const l = this.findListener(vrf, ip.dst, seg.dport);
      if (l) {
        const ttl = l.o.ttlFor?.(ip.src) ?? l.ttl;
        const n = new Connection(this.node, this.hooks, vrf, { addr: ip.dst, port: seg.dport }, { addr: ip.src, port: seg.sport }, ttl, true);
        this.hooks.bind(n);
        n.openPassive(seg);
        return;
      }
    }
    // RFC 9293 3.10.7.1: a segment for a CLOSED connection gets a RST.
    const len = seg.data.length + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0);
    const rst =
      seg.flags & ACK
        ? { seq: seg.ack, ack: 0, flags: RST }
        : { seq: 0, ack: seqAdd(seg.seq, len), flags: RST | ACK };
    const payload = encodeTcp(ip.dst, ip.src, { sport: seg.dport, dport: seg.sport, window: 0, data: Buffer.alloc(0), ...rst });
    this.node.ip.send({ src: ip.dst, dst: ip.src, proto: PROTO_TCP, ttl: 255, payload }, { vrf });
  }
}

function connKey(vrf: string, la: Addr, lp: number, ra: Addr, rp: number): string {
  return `${vrf}|${la.afi}|${la.v.toString(16)}|${lp}|${ra.v.toString(16)}|${rp}`;
}
