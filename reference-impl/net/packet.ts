/**
 * Wire formats: Ethernet II with 802.1Q, ARP (RFC 826), IPv4 (RFC 791), IPv6 (RFC 8200),
 * ICMP (RFC 792), ICMPv6 (RFC 4443, ND per RFC 4861) and UDP (RFC 768). Frames on simulated
 * links are these bytes, so a capture of a link opens in Wireshark.
 */
import { Addr, addrBytes, addrFromBytes } from './addr';

export const ETH_IPV4 = 0x0800;
export const ETH_ARP = 0x0806;
export const ETH_VLAN = 0x8100;
export const ETH_IPV6 = 0x86dd;
export const ETH_MPLS = 0x8847;
export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMP6 = 58;

export interface EthFrame {
  dst: Buffer;
  src: Buffer;
  vlan?: number;
  type: number;
  payload: Buffer;
}

export function encodeEth(f: EthFrame): Buffer {
  const hdr = Buffer.alloc(f.vlan !== undefined ? 18 : 14);
  f.dst.copy(hdr, 0);
  f.src.copy(hdr, 6);
  if (f.vlan !== undefined) {
    hdr.writeUInt16BE(ETH_VLAN, 12);
    hdr.writeUInt16BE(f.vlan & 0xfff, 14);
    hdr.writeUInt16BE(f.type, 16);
  } else {
    hdr.writeUInt16BE(f.type, 12);
  }
  return Buffer.concat([hdr, f.payload]);
}

export function decodeEth(b: Buffer): EthFrame | undefined {
  if (b.length < 14) return undefined;
  let type = b.readUInt16BE(12);
  let off = 14;
  let vlan: number | undefined;
  if (type === ETH_VLAN) {
    if (b.length < 18) return undefined;
    vlan = b.readUInt16BE(14) & 0xfff;
    type = b.readUInt16BE(16);
    off = 18;
  }
  return { dst: b.subarray(0, 6), src: b.subarray(6, 12), vlan, type, payload: b.subarray(off) };
}

export const BROADCAST = Buffer.from([255, 255, 255, 255, 255, 255]);

export function macToString(m: Buffer): string {
  const h = m.toString('hex');
  return `${h.slice(0, 4)}.${h.slice(4, 8)}.${h.slice(8, 12)}`;
}

export function multicastMac(a: Addr): Buffer {
  const b = addrBytes(a);
  if (a.afi === 4) return Buffer.from([0x01, 0x00, 0x5e, b[1] & 0x7f, b[2], b[3]]);
  return Buffer.from([0x33, 0x33, b[12], b[13], b[14], b[15]]);
}

export function checksum(...parts: Buffer[]): number {
  let sum = 0;
  for (const p of parts) {
    for (let i = 0; i + 1 < p.length; i += 2) sum += p.readUInt16BE(i);
    if (p.length % 2) sum += p[p.length - 1] << 8;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

// ---- ARP ----
export interface ArpPacket {
  op: 1 | 2;
  sha: Buffer;
  spa: Addr;
  tha: Buffer;
  tpa: Addr;
}

export function encodeArp(p: ArpPacket): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt16BE(1, 0);
  b.writeUInt16BE(ETH_IPV4, 2);
  b[4] = 6;
  b[5] = 4;
  b.writeUInt16BE(p.op, 6);
  p.sha.copy(b, 8);
  addrBytes(p.spa).copy(b, 14);
  p.tha.copy(b, 18);
  addrBytes(p.tpa).copy(b, 24);
  return b;
}

export function decodeArp(b: Buffer): ArpPacket | undefined {
  if (b.length < 28) return undefined;
  const op = b.readUInt16BE(6);
  if (op !== 1 && op !== 2) return undefined;
  return { op, sha: b.subarray(8, 14), spa: addrFromBytes(4, b, 14), tha: b.subarray(18, 24), tpa: addrFromBytes(4, b, 24) };
}

// ---- IP ----
export interface IpPacket {
  src: Addr;
  dst: Addr;
  proto: number;
  ttl: number;
  tos?: number;
  id?: number;
  payload: Buffer;
}

export function encodeIp(p: IpPacket): Buffer {
  if (p.src.afi === 4) {
    const h = Buffer.alloc(20);
    h[0] = 0x45;
    h[1] = p.tos ?? 0;
    h.writeUInt16BE(20 + p.payload.length, 2);
    h.writeUInt16BE((p.id ?? 0) & 0xffff, 4);
    h[8] = p.ttl;
    h[9] = p.proto;
    addrBytes(p.src).copy(h, 12);
    addrBytes(p.dst).copy(h, 16);
    h.writeUInt16BE(checksum(h), 10);
    return Buffer.concat([h, p.payload]);
  }
  const h = Buffer.alloc(40);
  h.writeUInt32BE((6 << 28) | ((p.tos ?? 0) << 20), 0);
  h.writeUInt16BE(p.payload.length, 4);
  h[6] = p.proto;
  h[7] = p.ttl;
  addrBytes(p.src).copy(h, 8);
  addrBytes(p.dst).copy(h, 24);
  return Buffer.concat([h, p.payload]);
}

export function decodeIp(type: number, b: Buffer): IpPacket | undefined {
  if (type === ETH_IPV4) {
    if (b.length < 20 || b[0] >> 4 !== 4) return undefined;
    const ihl = (b[0] & 15) * 4;
    const total = b.readUInt16BE(2);
    if (total > b.length || ihl < 20) return undefined;
    if (checksum(b.subarray(0, ihl)) !== 0) return undefined;
    return {
      src: addrFromBytes(4, b, 12),
      dst: addrFromBytes(4, b, 16),
      proto: b[9],
      ttl: b[8],
      tos: b[1],
      id: b.readUInt16BE(4),
      payload: b.subarray(ihl, total),
    };
  }
  if (type === ETH_IPV6) {
    if (b.length < 40 || b[0] >> 4 !== 6) return undefined;
    const plen = b.readUInt16BE(4);
    if (40 + plen > b.length) return undefined;
    return {
      src: addrFromBytes(6, b, 8),
      dst: addrFromBytes(6, b, 24),
      proto: b[6],
      ttl: b[7],
      tos: (b.readUInt32BE(0) >> 20) & 0xff,
      payload: b.subarray(40, 40 + plen),
    };
  }
  return undefined;
}

/** Pseudo-header for UDP/TCP/ICMPv6 checksums (RFC 768, RFC 9293 3.1, RFC 8200 8.1). */
export function pseudo(src: Addr, dst: Addr, proto: number, len: number): Buffer {
  if (src.afi === 4) {
    const b = Buffer.alloc(12);
    addrBytes(src).copy(b, 0);
    addrBytes(dst).copy(b, 4);
    b[9] = proto;
    b.writeUInt16BE(len, 10);
    return b;
  }
  const b = Buffer.alloc(40);
  addrBytes(src).copy(b, 0);
  addrBytes(dst).copy(b, 16);
  b.writeUInt32BE(len, 32);
  b[39] = proto;
  return b;
}

// ---- UDP ----
export interface UdpDatagram {
  sport: number;
  dport: number;
  data: Buffer;
}

export function encodeUdp(src: Addr, dst: Addr, u: UdpDatagram): Buffer {
  const b = Buffer.alloc(8 + u.data.length);
  b.writeUInt16BE(u.sport, 0);
  b.writeUInt16BE(u.dport, 2);
  b.writeUInt16BE(b.length, 4);
  u.data.copy(b, 8);
  const c = checksum(pseudo(src, dst, PROTO_UDP, b.length), b);
  b.writeUInt16BE(c === 0 ? 0xffff : c, 6);
  return b;
}

/**
 * Receive-side UDP checksum check: a non-zero checksum that does not verify is discarded
 * (RFC 1122 4.1.3.4); over IPv6 the checksum is mandatory, so zero is discarded too (RFC 8200 8.1).
 */
export function udpChecksumOk(src: Addr, dst: Addr, b: Buffer): boolean {
  if (b.length < 8) return false;
  if (b.readUInt16BE(6) === 0) return src.afi === 4;
  return checksum(pseudo(src, dst, PROTO_UDP, b.length), b) === 0;
}

export function decodeUdp(b: Buffer): UdpDatagram | undefined {
  if (b.length < 8) return undefined;
  const len = b.readUInt16BE(4);
  if (len < 8 || len > b.length) return undefined;
  return { sport: b.readUInt16BE(0), dport: b.readUInt16BE(2), data: b.subarray(8, len) };
}

// ---- ICMP / ICMPv6 ----
export interface IcmpMessage {
  type: number;
  code: number;
  /** Bytes after the 4-byte header (identifier/sequence/data, or unused + invoking packet). */
  body: Buffer;
}

export function encodeIcmp(src: Addr, dst: Addr, m: IcmpMessage): Buffer {
  const b = Buffer.alloc(4 + m.body.length);
  b[0] = m.type;
  b[1] = m.code;
  m.body.copy(b, 4);
  const c = src.afi === 4 ? checksum(b) : checksum(pseudo(src, dst, PROTO_ICMP6, b.length), b);
  b.writeUInt16BE(c, 2);
  return b;
}

export function decodeIcmp(b: Buffer): IcmpMessage | undefined {
  if (b.length < 4) return undefined;
  return { type: b[0], code: b[1], body: b.subarray(4) };
}

export const ICMP4 = { ECHO_REPLY: 0, UNREACH: 3, ECHO: 8, TIME_EXCEEDED: 11 } as const;
export const ICMP6 = { UNREACH: 1, TIME_EXCEEDED: 3, ECHO: 128, ECHO_REPLY: 129, NS: 135, NA: 136 } as const;

/** Neighbor Solicitation/Advertisement body (after the ICMPv6 header), RFC 4861 4.3/4.4. */
export function encodeNd(kind: 'ns' | 'na', target: Addr, mac: Buffer, flags = 0): Buffer {
  const b = Buffer.alloc(4 + 16 + 8);
  b.writeUInt32BE(kind === 'na' ? flags : 0, 0);
  addrBytes(target).copy(b, 4);
  b[20] = kind === 'ns' ? 1 : 2; // source / target link-layer address option
  b[21] = 1;
  mac.copy(b, 22);
  return b;
}

export function decodeNd(body: Buffer): { target: Addr; mac?: Buffer } | undefined {
  if (body.length < 20) return undefined;
  const target = addrFromBytes(6, body, 4);
  let mac: Buffer | undefined;
  for (let off = 20; off + 8 <= body.length; ) {
    const len = body[off + 1] * 8;
    if (len === 0) break;
    if (body[off] === 1 || body[off] === 2) mac = body.subarray(off + 2, off + 8);
    off += len;
  }
  return { target, mac };
}

// ---- MPLS label stack (RFC 3032 2.1) ----
export interface LabelEntry {
  label: number;
  /** Traffic class (RFC 5462), 3 bits. */
  tc: number;
  ttl: number;
}

/** Label stack entries, outermost first, in front of `payload`; the S bit is set on the last. */
export function encodeMpls(stack: LabelEntry[], payload: Buffer): Buffer {
  const h = Buffer.alloc(4 * stack.length);
  stack.forEach((e, k) => {
    const s = k === stack.length - 1 ? 1 : 0;
    h.writeUInt32BE((((e.label & 0xfffff) << 12) | ((e.tc & 7) << 9) | (s << 8) | (e.ttl & 0xff)) >>> 0, 4 * k);
  });
  return Buffer.concat([h, payload]);
}

/** The label stack (up to the entry with S set) and what follows it. */
export function decodeMpls(b: Buffer): { stack: LabelEntry[]; payload: Buffer } | undefined {
  const stack: LabelEntry[] = [];
  for (let off = 0; off + 4 <= b.length; off += 4) {
    const w = b.readUInt32BE(off);
    stack.push({ label: w >>> 12, tc: (w >>> 9) & 7, ttl: w & 0xff });
    if (w & 0x100) return { stack, payload: b.subarray(off + 4) };
  }
  return undefined;
}

/** An IP packet behind a label stack: the version nibble tells IPv4 from IPv6 (RFC 3032 2.2). */
export function decodeIpAny(b: Buffer): IpPacket | undefined {
  if (b.length < 1) return undefined;
  const v = b[0] >> 4;
  return v === 4 ? decodeIp(ETH_IPV4, b) : v === 6 ? decodeIp(ETH_IPV6, b) : undefined;
}
