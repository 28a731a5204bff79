/**
 * TCP (RFC 9293), enough for BGP and LDP: three-way handshake, in-order byte stream with
 * sequence/acknowledgement numbers, retransmission on a timer, FIN and RST. Segments are
 * real TCP bytes with real checksums inside IPv4/IPv6 packets, so captures decode in Wireshark.
 *
 * CONTRACT (used by protocols/bgp and protocols/ldp): keep these signatures.
 */
import type { Addr } from './addr';
import type { Node } from './node';

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
  /** Called once when the connection ends: 'closed' (FIN exchange), 'reset' (RST), 'timeout' (retransmissions exhausted or SYN unanswered). */
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

/** Placeholder until the implementation lands (net helper replaces this class). */
export class TcpStack implements TcpStackApi {
  constructor(readonly node: Node) {}
  listen(_o: TcpListenOpts, _onAccept: (c: TcpConn) => void): () => void {
    throw new Error('tcp: not implemented yet');
  }
  connect(_o: TcpConnectOpts): TcpConn {
    throw new Error('tcp: not implemented yet');
  }
}
