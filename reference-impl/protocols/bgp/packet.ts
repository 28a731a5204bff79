/**
 * BGP-4 message codec (RFC 4271 4): the 19-octet header with its all-ones marker, OPEN with
 * capabilities (RFC 5492; Multiprotocol RFC 4760 8, 4-octet AS RFC 6793), UPDATE with path
 * attributes (RFC 4271 4.3 / 5.1, EXTENDED_COMMUNITIES RFC 4360) and MP_REACH_NLRI /
 * MP_UNREACH_NLRI (RFC 4760 3, 4) carrying VPN-IPv4 NLRI (RFC 4364 4.3.4, RFC 8277 2),
 * KEEPALIVE and NOTIFICATION (RFC 4271 4.4, 4.5).
 */
import { Addr, Prefix, addrBytes, addrFromBytes, maskOf } from '../../net/addr';
import { AFI_L2VPN, SAFI_EVPN, type EvpnRoute, type Pmsi, decodeEvpnNlri, decodePmsi, encodeEvpnNlri, encodePmsi } from './evpn-nlri';
import { Rd, decodeLabel, decodeRd, encodeLabel, encodeRd, WITHDRAW_LABEL_FIELD } from './vpn';

export const BGP_PORT = 179;
export const HEADER_LEN = 19;
export const MAX_LEN = 4096;
export const AFI_IPV4 = 1;
export const SAFI_UNICAST = 1;
/** RFC 4364 4.3.4: SAFI 128, MPLS-labelled VPN address. */
export const SAFI_MPLS_VPN = 128;
export const AS_TRANS = 23456;

export const enum MsgType {
  OPEN = 1,
  UPDATE = 2,
  NOTIFICATION = 3,
  KEEPALIVE = 4,
  /** RFC 2918 3 */
  ROUTE_REFRESH = 5,
}

/** Capability codes (IANA BGP Capability Codes). */
export const CAP = {
  /** RFC 4760 8 */
  MULTIPROTOCOL: 1,
  /** RFC 2918 2 */
  ROUTE_REFRESH: 2,
  /** RFC 6793 3 */
  AS4: 65,
  /** The pre-standard route refresh code Cisco used, still sent by Cisco and Huawei speakers. */
  ROUTE_REFRESH_OLD: 128,
} as const;

/** RFC 4271 4.5 error codes. */
export const ERR = { HEADER: 1, OPEN: 2, UPDATE: 3, HOLD: 4, FSM: 5, CEASE: 6 } as const;

export class BgpError extends Error {
  constructor(
    readonly code: number,
    readonly subcode: number,
    readonly data: Buffer = Buffer.alloc(0),
  ) {
    super(`BGP error ${code}/${subcode}`);
  }
}

export type Capability = { code: 1; afi: number; safi: number } | { code: 65; asn: number } | { code: number; data: Buffer };

export interface OpenMsg {
  type: MsgType.OPEN;
  version: number;
  myAs: number;
  holdTime: number;
  bgpId: Addr;
  caps: Capability[];
}

export interface AsSegment {
  /** 1 AS_SET, 2 AS_SEQUENCE. */
  type: 1 | 2;
  asns: number[];
}

export interface PathAttrs {
  origin?: number;
  asPath?: AsSegment[];
  nextHop?: Addr;
  med?: number;
  localPref?: number;
  /** 8-octet extended communities (RFC 4360). */
  extComms?: Buffer[];
  /** PMSI Tunnel attribute (RFC 6514 s5, type 22) of EVPN type 3 routes. */
  pmsi?: Pmsi;
}

export interface LabelledNlri {
  prefix: Prefix;
  rd?: Rd;
  label?: number;
}

export interface MpReach {
  afi: number;
  safi: number;
  nextHop: Addr;
  nlri: LabelledNlri[];
  /** AFI 25 / SAFI 70: the EVPN routes (nlri is then empty). */
  evpn?: EvpnRoute[];
}

export interface MpUnreach {
  afi: number;
  safi: number;
  nlri: LabelledNlri[];
  /** AFI 25 / SAFI 70: the EVPN routes withdrawn (nlri is then empty). */
  evpn?: EvpnRoute[];
}

const isEvpn = (afi: number, safi: number): boolean => afi === AFI_L2VPN && safi === SAFI_EVPN;

export interface UpdateMsg {
  type: MsgType.UPDATE;
  withdrawn: Prefix[];
  attrs: PathAttrs;
  nlri: Prefix[];
  mpReach?: MpReach;
  mpUnreach?: MpUnreach;
}

export interface NotificationMsg {
  type: MsgType.NOTIFICATION;
  code: number;
  subcode: number;
  data: Buffer;
}

export interface KeepaliveMsg {
  type: MsgType.KEEPALIVE;
}

/** RFC 2918 3: ask the peer to re-send its Adj-RIB-Out for one family. */
export interface RouteRefreshMsg {
  type: MsgType.ROUTE_REFRESH;
  afi: number;
  safi: number;
}

export type BgpMsg = OpenMsg | UpdateMsg | NotificationMsg | KeepaliveMsg | RouteRefreshMsg;

export interface CodecOpts {
  /** Both sides announced the 4-octet AS capability (RFC 6793 4). */
  as4: boolean;
}

function header(type: number, body: Buffer): Buffer {
  const len = HEADER_LEN + body.length;
  if (len > MAX_LEN) throw new Error(`BGP message too long (${len})`);
  const h = Buffer.alloc(HEADER_LEN, 0xff);
  h.writeUInt16BE(len, 16);
  h[18] = type;
  return Buffer.concat([h, body]);
}

function encodeCaps(caps: Capability[]): Buffer {
  const parts: Buffer[] = [];
  for (const c of caps) {
    let v: Buffer;
    if (c.code === 1 && 'afi' in c) v = Buffer.from([c.afi >> 8, c.afi & 255, 0, c.safi]);
    else if (c.code === 65 && 'asn' in c) {
      v = Buffer.alloc(4);
      v.writeUInt32BE(c.asn >>> 0);
    } else v = (c as { data: Buffer }).data;
    // RFC 5492 4: optional parameter type 2 holding one capability.
    parts.push(Buffer.from([2, v.length + 2, c.code, v.length]), v);
  }
  return Buffer.concat(parts);
}

function prefixBytes(p: Prefix): Buffer {
  const n = Math.ceil(p.len / 8);
  return addrBytes({ afi: p.afi, v: p.net }).subarray(0, n);
}

function encodePrefixes(ps: Prefix[]): Buffer {
  return Buffer.concat(ps.flatMap((p) => [Buffer.from([p.len]), prefixBytes(p)]));
}

function encodeVpnNlri(ns: LabelledNlri[], withdraw: boolean): Buffer {
  return Buffer.concat(
    ns.flatMap((n) => [
      Buffer.from([24 + 64 + n.prefix.len]),
      withdraw ? WITHDRAW_LABEL_FIELD : encodeLabel(n.label ?? 0),
      encodeRd(n.rd ?? '0:0'),
      prefixBytes(n.prefix),
    ]),
  );
}

function attr(flags: number, type: number, v: Buffer): Buffer {
  if (v.length > 255) {
    const h = Buffer.from([flags | 0x10, type, 0, 0]);
    h.writeUInt16BE(v.length, 2);
    return Buffer.concat([h, v]);
  }
  return Buffer.concat([Buffer.from([flags, type, v.length]), v]);
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

function encodeAsPath(segs: AsSegment[], as4: boolean): Buffer {
  const parts: Buffer[] = [];
  for (const s of segs) {
    for (let i = 0; i < s.asns.length || (i === 0 && s.asns.length === 0); i += 255) {
      const chunk = s.asns.slice(i, i + 255);
      parts.push(Buffer.from([s.type, chunk.length]));
      for (const a of chunk) {
        if (as4) parts.push(u32(a));
        else parts.push(Buffer.from([(a > 0xffff ? AS_TRANS : a) >> 8, (a > 0xffff ? AS_TRANS : a) & 255]));
      }
      if (chunk.length === 0) break;
    }
  }
  return Buffer.concat(parts);
}

function encodeAttrs(u: UpdateMsg, o: CodecOpts): Buffer {
  const a = u.attrs;
  const parts: Buffer[] = [];
  // RFC 4271 4.3: well-known mandatory attributes are transitive (0x40), optional ones 0x80.
  if (a.origin !== undefined) parts.push(attr(0x40, 1, Buffer.from([a.origin])));
  if (a.asPath !== undefined) parts.push(attr(0x40, 2, encodeAsPath(a.asPath, o.as4)));
  if (a.nextHop !== undefined) parts.push(attr(0x40, 3, addrBytes(a.nextHop)));
  if (a.med !== undefined) parts.push(attr(0x80, 4, u32(a.med)));
  if (a.localPref !== undefined) parts.push(attr(0x40, 5, u32(a.localPref)));
  if (u.mpReach) {
    const m = u.mpReach;
    const vpn = m.safi === SAFI_MPLS_VPN;
    // RFC 4364 4.3.2: the next hop of a VPN-IPv4 route is an RD of zero followed by the IPv4 address.
    const nh = vpn ? Buffer.concat([Buffer.alloc(8), addrBytes(m.nextHop)]) : addrBytes(m.nextHop);
    const head = Buffer.from([m.afi >> 8, m.afi & 255, m.safi, nh.length]);
    const nlri = isEvpn(m.afi, m.safi) ? encodeEvpnNlri(m.evpn ?? []) : vpn ? encodeVpnNlri(m.nlri, false) : encodePrefixes(m.nlri.map((n) => n.prefix));
    parts.push(attr(0x80, 14, Buffer.concat([head, nh, Buffer.from([0]), nlri])));
  }
  if (u.mpUnreach) {
    const m = u.mpUnreach;
    const nlri = isEvpn(m.afi, m.safi) ? encodeEvpnNlri(m.evpn ?? []) : m.safi === SAFI_MPLS_VPN ? encodeVpnNlri(m.nlri, true) : encodePrefixes(m.nlri.map((n) => n.prefix));
    parts.push(attr(0x80, 15, Buffer.concat([Buffer.from([m.afi >> 8, m.afi & 255, m.safi]), nlri])));
  }
  if (a.extComms && a.extComms.length) parts.push(attr(0xc0, 16, Buffer.concat(a.extComms)));
  // RFC 6514 s5: optional transitive.
  if (a.pmsi) parts.push(attr(0xc0, 22, encodePmsi(a.pmsi)));
  return Buffer.concat(parts);
}

export function encodeMsg(m: BgpMsg, o: CodecOpts = { as4: false }): Buffer {
  switch (m.type) {
    case MsgType.KEEPALIVE:
      return header(MsgType.KEEPALIVE, Buffer.alloc(0));
    case MsgType.ROUTE_REFRESH:
      // AFI (2 octets), Reserved (1), SAFI (1).
      return header(MsgType.ROUTE_REFRESH, Buffer.from([m.afi >> 8, m.afi & 255, 0, m.safi]));
    case MsgType.NOTIFICATION:
      return header(MsgType.NOTIFICATION, Buffer.concat([Buffer.from([m.code, m.subcode]), m.data]));
    case MsgType.OPEN: {
      const params = encodeCaps(m.caps);
      const b = Buffer.alloc(10);
      b[0] = m.version;
      b.writeUInt16BE(m.myAs > 0xffff ? AS_TRANS : m.myAs, 1);
      b.writeUInt16BE(m.holdTime, 3);
      addrBytes(m.bgpId).copy(b, 5);
      b[9] = params.length;
      return header(MsgType.OPEN, Buffer.concat([b, params]));
    }
    case MsgType.UPDATE: {
      const w = encodePrefixes(m.withdrawn);
      const at = encodeAttrs(m, o);
      const n = encodePrefixes(m.nlri);
      const l1 = Buffer.alloc(2);
      l1.writeUInt16BE(w.length);
      const l2 = Buffer.alloc(2);
      l2.writeUInt16BE(at.length);
      return header(MsgType.UPDATE, Buffer.concat([l1, w, l2, at, n]));
    }
  }
}

function readPrefix(b: Buffer, off: number, end: number, bitsLen: number): Prefix {
  const n = Math.ceil(bitsLen / 8);
  if (bitsLen > 32 || off + n > end) throw new BgpError(ERR.UPDATE, 10); // Invalid Network Field
  const raw = Buffer.alloc(4);
  b.copy(raw, 0, off, off + n);
  const a = addrFromBytes(4, raw);
  return { afi: 4, net: a.v & maskOf(4, bitsLen), len: bitsLen };
}

function decodePrefixes(b: Buffer, off: number, end: number): Prefix[] {
  const out: Prefix[] = [];
  while (off < end) {
    const len = b[off++];
    out.push(readPrefix(b, off, end, len));
    off += Math.ceil(len / 8);
  }
  return out;
}

function decodeMpNlri(b: Buffer, off: number, end: number, safi: number): LabelledNlri[] {
  if (safi !== SAFI_MPLS_VPN) return decodePrefixes(b, off, end).map((prefix) => ({ prefix }));
  const out: LabelledNlri[] = [];
  while (off < end) {
    const len = b[off++];
    if (len < 88 || off + Math.ceil(len / 8) > end) throw new BgpError(ERR.UPDATE, 9); // Optional Attribute Error
    const { label } = decodeLabel(b, off);
    const rd = decodeRd(b, off + 3);
    const prefix = readPrefix(b, off + 11, end, len - 88);
    out.push({ prefix, rd, label });
    off += Math.ceil(len / 8);
  }
  return out;
}

function decodeAsPath(v: Buffer, as4: boolean): AsSegment[] {
  const w = as4 ? 4 : 2;
  const segs: AsSegment[] = [];
  let off = 0;
  while (off < v.length) {
    if (off + 2 > v.length) throw new BgpError(ERR.UPDATE, 11); // Malformed AS_PATH
    const type = v[off];
    const n = v[off + 1];
    off += 2;
    if ((type !== 1 && type !== 2) || off + n * w > v.length) throw new BgpError(ERR.UPDATE, 11);
    const asns: number[] = [];
    for (let i = 0; i < n; i++, off += w) asns.push(as4 ? v.readUInt32BE(off) : v.readUInt16BE(off));
    segs.push({ type: type as 1 | 2, asns });
  }
  return segs;
}

function decodeUpdate(b: Buffer, o: CodecOpts): UpdateMsg {
  const end = b.length;
  if (end < 4) throw new BgpError(ERR.UPDATE, 1); // Malformed Attribute List
  const wl = b.readUInt16BE(0);
  if (2 + wl + 2 > end) throw new BgpError(ERR.UPDATE, 1);
  const withdrawn = decodePrefixes(b, 2, 2 + wl);
  const al = b.readUInt16BE(2 + wl);
  let off = 4 + wl;
  const aend = off + al;
  if (aend > end) throw new BgpError(ERR.UPDATE, 1);
  const u: UpdateMsg = { type: MsgType.UPDATE, withdrawn, attrs: {}, nlri: [] };
  while (off < aend) {
    if (off + 3 > aend) throw new BgpError(ERR.UPDATE, 1);
    const flags = b[off];
    const type = b[off + 1];
    const ext = (flags & 0x10) !== 0;
    const len = ext ? b.readUInt16BE(off + 2) : b[off + 2];
    off += ext ? 4 : 3;
    if (off + len > aend) throw new BgpError(ERR.UPDATE, 5); // Attribute Length Error
    const v = b.subarray(off, off + len);
    off += len;
    const a = u.attrs;
    switch (type) {
      case 1:
        if (len !== 1) throw new BgpError(ERR.UPDATE, 5);
        if (v[0] > 2) throw new BgpError(ERR.UPDATE, 6); // Invalid ORIGIN Attribute
        a.origin = v[0];
        break;
      case 2:
        a.asPath = decodeAsPath(v, o.as4);
        break;
      case 3:
        if (len !== 4) throw new BgpError(ERR.UPDATE, 5);
        a.nextHop = addrFromBytes(4, v);
        break;
      case 4:
        if (len !== 4) throw new BgpError(ERR.UPDATE, 5);
        a.med = v.readUInt32BE(0);
        break;
      case 5:
        if (len !== 4) throw new BgpError(ERR.UPDATE, 5);
        a.localPref = v.readUInt32BE(0);
        break;
      case 14: {
        if (len < 5) throw new BgpError(ERR.UPDATE, 9);
        const afi = v.readUInt16BE(0);
        const safi = v[2];
        const nhl = v[3];
        if (5 + nhl > len) throw new BgpError(ERR.UPDATE, 9);
        const nhb = v.subarray(4, 4 + nhl);
        const nextHop = safi === SAFI_MPLS_VPN && nhl >= 12 ? addrFromBytes(4, nhb, 8) : addrFromBytes(4, nhb, 0);
        if (nhl !== 4 && nhl !== 12 && nhl !== 16 && nhl !== 24 && nhl !== 32) throw new BgpError(ERR.UPDATE, 9);
        if (isEvpn(afi, safi)) u.mpReach = { afi, safi, nextHop, nlri: [], evpn: decodeEvpnNlri(v, 5 + nhl, len) };
        else u.mpReach = { afi, safi, nextHop, nlri: decodeMpNlri(v, 5 + nhl, len, safi) };
        break;
      }
      case 15: {
        if (len < 3) throw new BgpError(ERR.UPDATE, 9);
        const afi = v.readUInt16BE(0);
        const safi = v[2];
        u.mpUnreach = isEvpn(afi, safi) ? { afi, safi, nlri: [], evpn: decodeEvpnNlri(v, 3, len) } : { afi, safi, nlri: decodeMpNlri(v, 3, len, safi) };
        break;
      }
      case 16:
        if (len % 8 !== 0) throw new BgpError(ERR.UPDATE, 9);
        a.extComms = [];
        for (let i = 0; i < len; i += 8) a.extComms.push(Buffer.from(v.subarray(i, i + 8)));
        break;
      case 22:
        a.pmsi = decodePmsi(v);
        break;
      default:
        // Unrecognized optional attributes are ignored (not propagated: RFC 4271 9 allows it for non-transitive ones).
        if ((flags & 0x80) === 0) throw new BgpError(ERR.UPDATE, 2, Buffer.from([flags, type])); // Unrecognized Well-known
    }
  }
  u.nlri = decodePrefixes(b, aend, end);
  return u;
}

function decodeOpen(b: Buffer): OpenMsg {
  if (b.length < 10) throw new BgpError(ERR.HEADER, 2);
  const m: OpenMsg = { type: MsgType.OPEN, version: b[0], myAs: b.readUInt16BE(1), holdTime: b.readUInt16BE(3), bgpId: addrFromBytes(4, b, 5), caps: [] };
  if (m.version !== 4) throw new BgpError(ERR.OPEN, 1, Buffer.from([0, 4])); // Unsupported Version Number
  if (m.holdTime === 1 || m.holdTime === 2) throw new BgpError(ERR.OPEN, 6); // Unacceptable Hold Time
  const pl = b[9];
  let off = 10;
  const end = 10 + pl;
  if (end > b.length) throw new BgpError(ERR.OPEN, 0);
  while (off < end) {
    if (off + 2 > end) throw new BgpError(ERR.OPEN, 0);
    const ptype = b[off];
    const plen = b[off + 1];
    off += 2;
    if (off + plen > end) throw new BgpError(ERR.OPEN, 0);
    if (ptype === 2) {
      let c = off;
      while (c < off + plen) {
        // A capability running past its optional parameter is malformed (RFC 5492 4).
        if (c + 2 > off + plen || c + 2 + b[c + 1] > off + plen) throw new BgpError(ERR.OPEN, 0);
        const code = b[c];
        const clen = b[c + 1];
        const v = Buffer.from(b.subarray(c + 2, c + 2 + clen));
        if (code === 1 && clen === 4) m.caps.push({ code: 1, afi: v.readUInt16BE(0), safi: v[3] });
        else if (code === 65 && clen === 4) m.caps.push({ code: 65, asn: v.readUInt32BE(0) });
        else m.caps.push({ code, data: v });
        c += 2 + clen;
      }
    } else throw new BgpError(ERR.OPEN, 4); // Unsupported Optional Parameter
    off += plen;
  }
  return m;
}

/** Decode one whole message (header included). Throws BgpError on malformed input (RFC 4271 6). */
export function decodeMsg(buf: Buffer, o: CodecOpts = { as4: false }): BgpMsg {
  if (buf.length < HEADER_LEN) throw new BgpError(ERR.HEADER, 2);
  for (let i = 0; i < 16; i++) if (buf[i] !== 0xff) throw new BgpError(ERR.HEADER, 1); // Connection Not Synchronized
  const len = buf.readUInt16BE(16);
  if (len < HEADER_LEN || len > MAX_LEN || len !== buf.length) throw new BgpError(ERR.HEADER, 2, buf.subarray(16, 18));
  const body = buf.subarray(HEADER_LEN, len);
  switch (buf[18]) {
    case MsgType.OPEN:
      return decodeOpen(body);
    case MsgType.UPDATE:
      return decodeUpdate(body, o);
    case MsgType.NOTIFICATION:
      if (body.length < 2) throw new BgpError(ERR.HEADER, 2);
      return { type: MsgType.NOTIFICATION, code: body[0], subcode: body[1], data: Buffer.from(body.subarray(2)) };
    case MsgType.KEEPALIVE:
      if (len !== HEADER_LEN) throw new BgpError(ERR.HEADER, 2);
      return { type: MsgType.KEEPALIVE };
    case MsgType.ROUTE_REFRESH:
      // RFC 2918 3: the message is 4 octets after the header; other lengths are a header error.
      if (body.length !== 4) throw new BgpError(ERR.HEADER, 2, buf.subarray(16, 18));
      return { type: MsgType.ROUTE_REFRESH, afi: body.readUInt16BE(0), safi: body[3] };
    default:
      throw new BgpError(ERR.HEADER, 3, Buffer.from([buf[18]])); // Bad Message Type
  }
}

/** Splits the TCP byte stream into whole messages by the header's length field. */
export class Framer {
  private buf = Buffer.alloc(0);
  push(data: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : Buffer.from(data);
    const out: Buffer[] = [];
    while (this.buf.length >= HEADER_LEN) {
      const len = this.buf.readUInt16BE(16);
      if (len < HEADER_LEN || len > MAX_LEN) throw new BgpError(ERR.HEADER, 2, this.buf.subarray(16, 18));
      if (this.buf.length < len) break;
      out.push(this.buf.subarray(0, len));
      this.buf = this.buf.subarray(len);
    }
    return out;
  }
}

/** Flattened AS path length for the decision process (an AS_SET counts as one, RFC 4271 9.1.2.2). */
export function asPathLen(segs: AsSegment[] | undefined): number {
  return (segs ?? []).reduce((n, s) => n + (s.type === 1 ? 1 : s.asns.length), 0);
}

export function asPathList(segs: AsSegment[] | undefined): number[] {
  return (segs ?? []).flatMap((s) => s.asns);
}
