/**
 * OSPFv2 on the wire (RFC 2328 appendix A): the 24-byte packet header with the IP-style
 * checksum (A.3.1), Hello (A.3.2), Database Description (A.3.3), Link State Request (A.3.4),
 * Link State Update (A.3.5), Link State Acknowledgment (A.3.6), LSA headers (A.4.1) with the
 * Fletcher checksum (RFC 905 annex B, as A.4.1 asks), router LSAs (A.4.2) and network LSAs (A.4.3).
 * Addresses and router IDs are unsigned 32-bit numbers.
 */
import { checksum } from '../../net/packet';

export const PROTO_OSPF = 89;
/** AllSPFRouters and AllDRouters (RFC 2328 A.1). */
export const ALL_SPF_ROUTERS = 0xe0000005;
export const ALL_D_ROUTERS = 0xe0000006;

export const T_HELLO = 1;
export const T_DD = 2;
export const T_LSR = 3;
export const T_LSU = 4;
export const T_ACK = 5;

/** Options field (A.2): E bit (the router accepts AS-external LSAs). */
export const OPT_E = 0x02;

/** DD flags (A.3.3). */
export const DD_I = 4;
export const DD_M = 2;
export const DD_MS = 1;

/** LS types (A.4.1). */
export const LS_ROUTER = 1;
export const LS_NETWORK = 2;
export const LS_EXTERNAL = 5;

/** Router-LSA flags (A.4.2): E, the router is an AS boundary router. */
export const RTR_E = 0x02;
/** LSInfinity (appendix B): an external metric that says unreachable. */
export const LS_INFINITY = 0xffffff;

export const ipStr = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
export function ipNum(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0;
}
export const lenMask = (len: number): number => (len <= 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
export function maskLen(mask: number): number {
  let n = 0;
  while (n < 32 && (mask & (0x80000000 >>> n)) !== 0) n++;
  return n;
}

export interface OspfHeader {
  type: number;
  routerId: number;
  areaId: number;
}

export interface Hello {
  mask: number;
  helloInterval: number;
  options: number;
  priority: number;
  deadInterval: number;
  dr: number;
  bdr: number;
  neighbors: number[];
}

export interface LsaHeader {
  age: number;
  options: number;
  type: number;
  id: number;
  adv: number;
  /** Signed 32-bit sequence number (A.4.1). */
  seq: number;
  cksum: number;
  length: number;
}

/** One LSA: its parsed header and its whole encoding (header included; the age bytes are rewritten on send). */
export interface Lsa {
  hdr: LsaHeader;
  raw: Buffer;
}

export interface Dd {
  mtu: number;
  options: number;
  flags: number;
  seq: number;
  headers: LsaHeader[];
}

export interface LsReq {
  type: number;
  id: number;
  adv: number;
}

export type Body =
  | { type: typeof T_HELLO; hello: Hello }
  | { type: typeof T_DD; dd: Dd }
  | { type: typeof T_LSR; reqs: LsReq[] }
  | { type: typeof T_LSU; lsas: Lsa[] }
  | { type: typeof T_ACK; acks: LsaHeader[] };

export interface OspfPacket {
  hdr: OspfHeader;
  body: Body;
}

// ---- LSA headers and the Fletcher checksum ----

export function encodeLsaHeader(h: LsaHeader): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt16BE(h.age, 0);
  b[2] = h.options;
  b[3] = h.type;
  b.writeUInt32BE(h.id >>> 0, 4);
  b.writeUInt32BE(h.adv >>> 0, 8);
  b.writeInt32BE(h.seq | 0, 12);
  b.writeUInt16BE(h.cksum, 16);
  b.writeUInt16BE(h.length, 18);
  return b;
}

export function decodeLsaHeader(b: Buffer, off = 0): LsaHeader {
  return {
    age: b.readUInt16BE(off),
    options: b[off + 2],
    type: b[off + 3],
    id: b.readUInt32BE(off + 4),
    adv: b.readUInt32BE(off + 8),
    seq: b.readInt32BE(off + 12),
    cksum: b.readUInt16BE(off + 16),
    length: b.readUInt16BE(off + 18),
  };
}

/**
 * Fletcher checksum of an LSA (RFC 2328 A.4.1, the algorithm of RFC 905 annex B / ISO 8473):
 * computed over the LSA without the LS age field, with the checksum octets at offset 16.
 * Returns the 16-bit value to store there.
 */
export function fletcherLsa(lsa: Buffer): number {
  const data = Buffer.from(lsa.subarray(2));
  const off = 14;
  data[off] = 0;
  data[off + 1] = 0;
  let c0 = 0;
  let c1 = 0;
  for (let i = 0; i < data.length; i++) {
    c0 = (c0 + data[i]) % 255;
    c1 = (c1 + c0) % 255;
  }
  let x = ((data.length - off - 1) * c0 - c1) % 255;
  if (x <= 0) x += 255;
  let y = 510 - c0 - x;
  if (y > 255) y -= 255;
  return ((x & 255) << 8) | (y & 255);
}

/** True when the stored Fletcher checksum verifies (both running sums are zero modulo 255). */
export function lsaChecksumOk(lsa: Buffer): boolean {
  if (lsa.length < 20) return false;
  let c0 = 0;
  let c1 = 0;
  for (let i = 2; i < lsa.length; i++) {
    c0 = (c0 + lsa[i]) % 255;
    c1 = (c1 + c0) % 255;
  }
  return c0 === 0 && c1 === 0 && lsa.readUInt16BE(16) !== 0;
}

/** Build an LSA from its header fields and body: length and Fletcher checksum filled in. */
export function buildLsa(h: Omit<LsaHeader, 'cksum' | 'length'>, body: Buffer): Lsa {
  const hdr: LsaHeader = { ...h, cksum: 0, length: 20 + body.length };
  const raw = Buffer.concat([encodeLsaHeader(hdr), body]);
  hdr.cksum = fletcherLsa(raw);
  raw.writeUInt16BE(hdr.cksum, 16);
  return { hdr, raw };
}

/** A copy of the LSA with a given LS age (the age is not covered by the checksum). */
export function withAge(l: Lsa, age: number): Buffer {
  const b = Buffer.from(l.raw);
  b.writeUInt16BE(Math.min(age, 3600), 0);
  return b;
}

// ---- router and network LSA bodies (A.4.2, A.4.3) ----

export const LINK_P2P = 1;
export const LINK_TRANSIT = 2;
export const LINK_STUB = 3;

export interface RouterLink {
  id: number;
  data: number;
  type: number;
  metric: number;
}

export interface RouterLsaBody {
  flags: number;
  links: RouterLink[];
}

export function encodeRouterBody(r: RouterLsaBody): Buffer {
  const b = Buffer.alloc(4 + 12 * r.links.length);
  b[0] = r.flags;
  b.writeUInt16BE(r.links.length, 2);
  r.links.forEach((l, k) => {
    const o = 4 + 12 * k;
    b.writeUInt32BE(l.id >>> 0, o);
    b.writeUInt32BE(l.data >>> 0, o + 4);
    b[o + 8] = l.type;
    b[o + 9] = 0;
    b.writeUInt16BE(l.metric, o + 10);
  });
  return b;
}

export function decodeRouterBody(b: Buffer): RouterLsaBody | undefined {
  if (b.length < 4) return undefined;
  const n = b.readUInt16BE(2);
  const links: RouterLink[] = [];
  let o = 4;
  for (let k = 0; k < n; k++) {
    if (o + 12 > b.length) return undefined;
    const tos = b[o + 9];
    links.push({ id: b.readUInt32BE(o), data: b.readUInt32BE(o + 4), type: b[o + 8], metric: b.readUInt16BE(o + 10) });
    o += 12 + 4 * tos;
  }
  return { flags: b[0], links };
}

export interface NetworkLsaBody {
  mask: number;
  routers: number[];
}

export function encodeNetworkBody(n: NetworkLsaBody): Buffer {
  const b = Buffer.alloc(4 + 4 * n.routers.length);
  b.writeUInt32BE(n.mask >>> 0, 0);
  n.routers.forEach((r, k) => b.writeUInt32BE(r >>> 0, 4 + 4 * k));
  return b;
}

export function decodeNetworkBody(b: Buffer): NetworkLsaBody | undefined {
  if (b.length < 4) return undefined;
  const routers: number[] = [];
  for (let o = 4; o + 4 <= b.length; o += 4) routers.push(b.readUInt32BE(o));
  return { mask: b.readUInt32BE(0), routers };
}

/** AS-external-LSA body (A.4.5), TOS 0 only. */
export interface ExternalLsaBody {
  mask: number;
  /** The E bit: a type 2 external metric (RFC 2328 16.4). */
  e2: boolean;
  metric: number;
  forward: number;
  tag: number;
}

export function encodeExternalBody(x: ExternalLsaBody): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(x.mask >>> 0, 0);
  b.writeUInt32BE(((x.e2 ? 0x80000000 : 0) | (x.metric & LS_INFINITY)) >>> 0, 4);
  b.writeUInt32BE(x.forward >>> 0, 8);
  b.writeUInt32BE(x.tag >>> 0, 12);
  return b;
}

export function decodeExternalBody(b: Buffer): ExternalLsaBody | undefined {
  if (b.length < 16) return undefined;
  const w = b.readUInt32BE(4);
  return { mask: b.readUInt32BE(0), e2: (w & 0x80000000) !== 0, metric: w & LS_INFINITY, forward: b.readUInt32BE(8), tag: b.readUInt32BE(12) };
}

// ---- packets ----

function encodeBody(body: Body): Buffer {
  switch (body.type) {
    case T_HELLO: {
      const h = body.hello;
      const b = Buffer.alloc(20 + 4 * h.neighbors.length);
      b.writeUInt32BE(h.mask >>> 0, 0);
      b.writeUInt16BE(h.helloInterval, 4);
      b[6] = h.options;
      b[7] = h.priority;
      b.writeUInt32BE(h.deadInterval, 8);
      b.writeUInt32BE(h.dr >>> 0, 12);
      b.writeUInt32BE(h.bdr >>> 0, 16);
      h.neighbors.forEach((n, k) => b.writeUInt32BE(n >>> 0, 20 + 4 * k));
      return b;
    }
    case T_DD: {
      const d = body.dd;
      const b = Buffer.alloc(8);
      b.writeUInt16BE(d.mtu, 0);
      b[2] = d.options;
      b[3] = d.flags;
      b.writeUInt32BE(d.seq >>> 0, 4);
      return Buffer.concat([b, ...d.headers.map(encodeLsaHeader)]);
    }
    case T_LSR: {
      const b = Buffer.alloc(12 * body.reqs.length);
      body.reqs.forEach((r, k) => {
        b.writeUInt32BE(r.type, 12 * k);
        b.writeUInt32BE(r.id >>> 0, 12 * k + 4);
        b.writeUInt32BE(r.adv >>> 0, 12 * k + 8);
      });
      return b;
    }
    case T_LSU: {
      const n = Buffer.alloc(4);
      n.writeUInt32BE(body.lsas.length, 0);
      return Buffer.concat([n, ...body.lsas.map((l) => l.raw)]);
    }
    case T_ACK:
      return Buffer.concat(body.acks.map(encodeLsaHeader));
  }
}

/** Encode a packet with null authentication (AuType 0) and the checksum of A.3.1. */
export function encodeOspf(p: OspfPacket): Buffer {
  const body = encodeBody(p.body);
  const h = Buffer.alloc(24);
  h[0] = 2;
  h[1] = p.hdr.type;
  h.writeUInt16BE(24 + body.length, 2);
  h.writeUInt32BE(p.hdr.routerId >>> 0, 4);
  h.writeUInt32BE(p.hdr.areaId >>> 0, 8);
  const out = Buffer.concat([h, body]);
  // A.3.1: the standard IP checksum of the whole packet, excluding the 64-bit authentication field.
  out.writeUInt16BE(checksum(out.subarray(0, 16), out.subarray(24)), 12);
  return out;
}

/** Decode and verify a packet; undefined when malformed or the checksum fails (RFC 2328 8.2). */
export function decodeOspf(b: Buffer): OspfPacket | undefined {
  if (b.length < 24 || b[0] !== 2) return undefined;
  const len = b.readUInt16BE(2);
  if (len < 24 || len > b.length) return undefined;
  const pkt = b.subarray(0, len);
  if (pkt.readUInt16BE(14) !== 0) return undefined; // only null authentication
  if (checksum(pkt.subarray(0, 16), pkt.subarray(24)) !== 0) return undefined;
  const type = pkt[1];
  const hdr: OspfHeader = { type, routerId: pkt.readUInt32BE(4), areaId: pkt.readUInt32BE(8) };
  const d = pkt.subarray(24);
  switch (type) {
    case T_HELLO: {
      if (d.length < 20) return undefined;
      const neighbors: number[] = [];
      for (let o = 20; o + 4 <= d.length; o += 4) neighbors.push(d.readUInt32BE(o));
      const hello: Hello = {
        mask: d.readUInt32BE(0),
        helloInterval: d.readUInt16BE(4),
        options: d[6],
        priority: d[7],
        deadInterval: d.readUInt32BE(8),
        dr: d.readUInt32BE(12),
        bdr: d.readUInt32BE(16),
        neighbors,
      };
      return { hdr, body: { type: T_HELLO, hello } };
    }
    case T_DD: {
      if (d.length < 8 || (d.length - 8) % 20 !== 0) return undefined;
      const headers: LsaHeader[] = [];
      for (let o = 8; o < d.length; o += 20) headers.push(decodeLsaHeader(d, o));
      return { hdr, body: { type: T_DD, dd: { mtu: d.readUInt16BE(0), options: d[2], flags: d[3] & 7, seq: d.readUInt32BE(4), headers } } };
    }
    case T_LSR: {
      if (d.length % 12 !== 0) return undefined;
      const reqs: LsReq[] = [];
      for (let o = 0; o < d.length; o += 12) reqs.push({ type: d.readUInt32BE(o), id: d.readUInt32BE(o + 4), adv: d.readUInt32BE(o + 8) });
      return { hdr, body: { type: T_LSR, reqs } };
    }
    case T_LSU: {
      if (d.length < 4) return undefined;
      const n = d.readUInt32BE(0);
      const lsas: Lsa[] = [];
      let o = 4;
      for (let k = 0; k < n; k++) {
        if (o + 20 > d.length) return undefined;
        const h = decodeLsaHeader(d, o);
        if (h.length < 20 || o + h.length > d.length) return undefined;
        lsas.push({ hdr: h, raw: Buffer.from(d.subarray(o, o + h.length)) });
        o += h.length;
      }
      return { hdr, body: { type: T_LSU, lsas } };
    }
    case T_ACK: {
      if (d.length % 20 !== 0) return undefined;
      const acks: LsaHeader[] = [];
      for (let o = 0; o < d.length; o += 20) acks.push(decodeLsaHeader(d, o));
      return { hdr, body: { type: T_ACK, acks } };
    }
  }
  return undefined;
}
