/**
 * TCP header codec (RFC 9293 3.1): ports, sequence and acknowledgement numbers, data offset,
 * flags, window, checksum over the IPv4/IPv6 pseudo-header, and the MSS option (RFC 9293 3.2).
 */
import type { Addr } from './addr';
import { PROTO_TCP, checksum, pseudo } from './packet';

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface TcpSegment {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** MSS option (SYN segments only). */
  mss?: number;
  data: Buffer;
}

export function encodeTcp(src: Addr, dst: Addr, s: TcpSegment): Buffer {
  const opt = s.mss !== undefined ? 4 : 0;
  const hl = 20 + opt;
  const b = Buffer.alloc(hl + s.data.length);
  b.writeUInt16BE(s.sport, 0);
  b.writeUInt16BE(s.dport, 2);
  b.writeUInt32BE(s.seq >>> 0, 4);
  b.writeUInt32BE(s.ack >>> 0, 8);
  b[12] = (hl / 4) << 4;
  b[13] = s.flags & 0x3f;
  b.writeUInt16BE(s.window & 0xffff, 14);
  if (s.mss !== undefined) {
    b[20] = 2;
    b[21] = 4;
    b.writeUInt16BE(s.mss, 22);
  }
  s.data.copy(b, hl);
  b.writeUInt16BE(checksum(pseudo(src, dst, PROTO_TCP, b.length), b), 16);
  return b;
}

/** Decode and verify the checksum; a segment that fails is silently discarded (RFC 9293 3.10.7.4). */
export function decodeTcp(src: Addr, dst: Addr, b: Buffer): TcpSegment | undefined {
  if (b.length < 20) return undefined;
  const hl = (b[12] >> 4) * 4;
  if (hl < 20 || hl > b.length) return undefined;
  if (checksum(pseudo(src, dst, PROTO_TCP, b.length), b) !== 0) return undefined;
  let mss: number | undefined;
  for (let off = 20; off < hl; ) {
    const kind = b[off];
    if (kind === 0) break;
    if (kind === 1) {
      off++;
      continue;
    }
    const len = b[off + 1];
    if (!len || len < 2 || off + len > hl) break;
    if (kind === 2 && len === 4) mss = b.readUInt16BE(off + 2);
    off += len;
  }
  return {
    sport: b.readUInt16BE(0),
    dport: b.readUInt16BE(2),
    seq: b.readUInt32BE(4),
    ack: b.readUInt32BE(8),
    flags: b[13] & 0x3f,
    window: b.readUInt16BE(14),
    mss,
    data: b.subarray(hl),
  };
}

/** Sequence-number arithmetic modulo 2^32 (RFC 9293 3.4). */
export const seqAdd = (a: number, n: number): number => (a + n) >>> 0;
export const seqDiff = (a: number, b: number): number => (a - b) | 0;
export const seqLt = (a: number, b: number): boolean => seqDiff(a, b) < 0;
export const seqLe = (a: number, b: number): boolean => seqDiff(a, b) <= 0;
