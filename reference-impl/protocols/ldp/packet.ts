/**
 * LDP wire format (RFC 5036 section 3): the PDU header (3.1), messages with the U bit, type,
 * length and message ID (3.4), TLVs with U and F bits (3.3), and the messages the reference
 * router speaks: Notification (3.5.1), Hello (3.5.2), Initialization (3.5.3), KeepAlive (3.5.4),
 * Address / Address Withdraw (3.5.5, 3.5.6), Label Mapping / Request / Withdraw / Release /
 * Abort Request (3.5.7 - 3.5.11). Prefix FEC elements for IPv4 and IPv6 (3.4.1).
 */
import { Addr, Afi, Prefix, addrBytes, addrFromBytes, bits, maskOf } from '../../net/addr';

export const LDP_PORT = 646;
export const LDP_VERSION = 1;

export const MSG = {
  notification: 0x0001,
  hello: 0x0100,
  init: 0x0200,
  keepalive: 0x0201,
  address: 0x0300,
  addressWithdraw: 0x0301,
  mapping: 0x0400,
  request: 0x0401,
  withdraw: 0x0402,
  release: 0x0403,
  abort: 0x0404,
} as const;
export type MsgName = keyof typeof MSG;

export const TLV = {
  fec: 0x0100,
  addressList: 0x0101,
  hopCount: 0x0103,
  pathVector: 0x0104,
  genericLabel: 0x0200,
  status: 0x0300,
  commonHello: 0x0400,
  ipv4Transport: 0x0401,
  configSeq: 0x0402,
  ipv6Transport: 0x0403,
  commonSession: 0x0500,
} as const;

/** Status codes (RFC 5036 3.4.6 and section 4.3); the E (fatal) bit is set by the sender. */
export const STATUS = {
  success: 0x00,
  badLdpId: 0x01,
  badVersion: 0x02,
  badPduLength: 0x03,
  unknownMessage: 0x04,
  badMessageLength: 0x05,
  unknownTlv: 0x06,
  badTlvLength: 0x07,
  malformedTlv: 0x08,
  holdTimerExpired: 0x09,
  shutdown: 0x0a,
  noRoute: 0x0d,
  sessionRejectedNoHello: 0x10,
  sessionRejectedAdvMode: 0x11,
  sessionRejectedMaxPdu: 0x12,
  keepaliveExpired: 0x14,
  badKeepaliveTime: 0x18,
} as const;
export const STATUS_E = 0x80000000;

export type Fec = { kind: 'wildcard' } | { kind: 'prefix'; prefix: Prefix };

export type LdpMsg =
  | { type: 'hello'; id: number; holdTime: number; targeted: boolean; requestTargeted: boolean; transport?: Addr; configSeq?: number }
  | { type: 'init'; id: number; keepalive: number; dod: boolean; loopDetect: boolean; pvLimit: number; maxPdu: number; receiver: Addr; receiverSpace: number }
  | { type: 'keepalive'; id: number }
  | { type: 'address' | 'addressWithdraw'; id: number; addrs: Addr[] }
  | { type: 'mapping' | 'request' | 'withdraw' | 'release' | 'abort'; id: number; fecs: Fec[]; label?: number }
  | { type: 'notification'; id: number; status: number; msgId: number; msgType: number };

export interface LdpPdu {
  /** The LSR ID part of the LDP identifier (RFC 5036 2.2.2). */
  lsrId: Addr;
  labelSpace: number;
  msgs: LdpMsg[];
}

// ---- TLV helpers ----
function tlv(type: number, value: Buffer, u = false, f = false): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16BE((u ? 0x8000 : 0) | (f ? 0x4000 : 0) | (type & 0x3fff), 0);
  h.writeUInt16BE(value.length, 2);
  return Buffer.concat([h, value]);
}

const afiCode = (afi: Afi): number => (afi === 4 ? 1 : 2);

function encodeFec(f: Fec): Buffer {
  if (f.kind === 'wildcard') return Buffer.from([1]);
  const p = f.prefix;
  const n = Math.ceil(p.len / 8);
  const h = Buffer.alloc(4);
  h[0] = 2;
  h.writeUInt16BE(afiCode(p.afi), 1);
  h[3] = p.len;
  return Buffer.concat([h, addrBytes({ afi: p.afi, v: p.net }).subarray(0, n)]);
}

function decodeFecs(b: Buffer): Fec[] {
  const out: Fec[] = [];
  let o = 0;
  while (o < b.length) {
    const kind = b[o];
    if (kind === 1) {
      out.push({ kind: 'wildcard' });
      o += 1;
      continue;
    }
    if (kind !== 2 || o + 4 > b.length) throw new Error('ldp: bad FEC element');
    const fam = b.readUInt16BE(o + 1);
    if (fam !== 1 && fam !== 2) throw new Error('ldp: unsupported FEC address family');
    const afi: Afi = fam === 1 ? 4 : 6;
    const len = b[o + 3];
    const n = Math.ceil(len / 8);
    if (len > bits(afi) || o + 4 + n > b.length) throw new Error('ldp: bad FEC prefix');
    const full = Buffer.alloc(afi === 4 ? 4 : 16);
    b.copy(full, 0, o + 4, o + 4 + n);
    const a = addrFromBytes(afi, full);
    out.push({ kind: 'prefix', prefix: { afi, net: a.v & maskOf(afi, len), len } });
    o += 4 + n;
  }
  return out;
}

function encodeAddrList(addrs: Addr[]): Buffer {
  const afi = addrs[0]?.afi ?? 4;
  const h = Buffer.alloc(2);
  h.writeUInt16BE(afiCode(afi), 0);
  return Buffer.concat([h, ...addrs.filter((a) => a.afi === afi).map(addrBytes)]);
}

function decodeAddrList(b: Buffer): Addr[] {
  const fam = b.readUInt16BE(0);
  const afi: Afi = fam === 2 ? 6 : 4;
  const n = afi === 4 ? 4 : 16;
  const out: Addr[] = [];
  for (let o = 2; o + n <= b.length; o += n) out.push(addrFromBytes(afi, b, o));
  return out;
}

function msgBody(m: LdpMsg): Buffer {
  switch (m.type) {
    case 'hello': {
      const c = Buffer.alloc(4);
      c.writeUInt16BE(m.holdTime, 0);
      c.writeUInt16BE((m.targeted ? 0x8000 : 0) | (m.requestTargeted ? 0x4000 : 0), 2);
      const parts = [tlv(TLV.commonHello, c)];
      if (m.transport) parts.push(tlv(m.transport.afi === 4 ? TLV.ipv4Transport : TLV.ipv6Transport, addrBytes(m.transport)));
      if (m.configSeq !== undefined) {
        const s = Buffer.alloc(4);
        s.writeUInt32BE(m.configSeq >>> 0, 0);
        parts.push(tlv(TLV.configSeq, s));
      }
      return Buffer.concat(parts);
    }
    case 'init': {
      const c = Buffer.alloc(14);
      c.writeUInt16BE(LDP_VERSION, 0);
      c.writeUInt16BE(m.keepalive, 2);
      c[4] = (m.dod ? 0x80 : 0) | (m.loopDetect ? 0x40 : 0);
      c[5] = m.pvLimit;
      c.writeUInt16BE(m.maxPdu, 6);
      addrBytes(m.receiver).copy(c, 8);
      c.writeUInt16BE(m.receiverSpace, 12);
      return tlv(TLV.commonSession, c);
    }
    case 'keepalive':
      return Buffer.alloc(0);
    case 'address':
    case 'addressWithdraw':
      return tlv(TLV.addressList, encodeAddrList(m.addrs));
    case 'notification': {
      const s = Buffer.alloc(10);
      s.writeUInt32BE(m.status >>> 0, 0);
      s.writeUInt32BE(m.msgId >>> 0, 4);
      s.writeUInt16BE(m.msgType, 8);
      return tlv(TLV.status, s);
    }
    default: {
      const parts = [tlv(TLV.fec, Buffer.concat(m.fecs.map(encodeFec)))];
      if (m.label !== undefined) {
        const l = Buffer.alloc(4);
        l.writeUInt32BE(m.label & 0xfffff, 0);
        parts.push(tlv(TLV.genericLabel, l));
      }
      return Buffer.concat(parts);
    }
  }
}

/** One message: U bit clear, type, length (from the message ID on), message ID, TLVs (3.5). */
export function encodeMsg(m: LdpMsg): Buffer {
  const body = msgBody(m);
  const h = Buffer.alloc(8);
  h.writeUInt16BE(MSG[m.type] & 0x7fff, 0);
  h.writeUInt16BE(body.length + 4, 2);
  h.writeUInt32BE(m.id >>> 0, 4);
  return Buffer.concat([h, body]);
}

/** PDU header (3.1): version, PDU length (excluding version and length), LDP identifier. */
export function encodePdu(p: LdpPdu): Buffer {
  const msgs = Buffer.concat(p.msgs.map(encodeMsg));
  const h = Buffer.alloc(10);
  h.writeUInt16BE(LDP_VERSION, 0);
  h.writeUInt16BE(msgs.length + 6, 2);
  addrBytes(p.lsrId).copy(h, 4);
  h.writeUInt16BE(p.labelSpace, 8);
  return Buffer.concat([h, msgs]);
}

function tlvs(b: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let o = 0;
  while (o + 4 <= b.length) {
    const t = b.readUInt16BE(o) & 0x3fff;
    const len = b.readUInt16BE(o + 2);
    if (o + 4 + len > b.length) throw new Error('ldp: bad TLV length');
    if (!out.has(t)) out.set(t, b.subarray(o + 4, o + 4 + len));
    o += 4 + len;
  }
  return out;
}

const NAMES = new Map<number, MsgName>(Object.entries(MSG).map(([k, v]) => [v, k as MsgName]));

/** Decode one message; undefined for an unknown message type (ignored when the U bit is set). */
export function decodeMsg(type: number, id: number, body: Buffer): LdpMsg | undefined {
  const name = NAMES.get(type);
  if (!name) return undefined;
  const t = tlvs(body);
  const need = (k: number): Buffer => {
    const v = t.get(k);
    if (!v) throw new Error(`ldp: missing TLV 0x${k.toString(16)}`);
    return v;
  };
  switch (name) {
    case 'hello': {
      const c = need(TLV.commonHello);
      const ta4 = t.get(TLV.ipv4Transport);
      const ta6 = t.get(TLV.ipv6Transport);
      const seq = t.get(TLV.configSeq);
      const flags = c.readUInt16BE(2);
      return {
        type: 'hello',
        id,
        holdTime: c.readUInt16BE(0),
        targeted: (flags & 0x8000) !== 0,
        requestTargeted: (flags & 0x4000) !== 0,
        transport: ta4 ? addrFromBytes(4, ta4) : ta6 ? addrFromBytes(6, ta6) : undefined,
        configSeq: seq ? seq.readUInt32BE(0) : undefined,
      };
    }
    case 'init': {
      const c = need(TLV.commonSession);
      if (c.length < 14) throw new Error('ldp: short Common Session Parameters');
      return {
        type: 'init',
        id,
        keepalive: c.readUInt16BE(2),
        dod: (c[4] & 0x80) !== 0,
        loopDetect: (c[4] & 0x40) !== 0,
        pvLimit: c[5],
        maxPdu: c.readUInt16BE(6),
        receiver: addrFromBytes(4, c, 8),
        receiverSpace: c.readUInt16BE(12),
      };
    }
    case 'keepalive':
      return { type: 'keepalive', id };
    case 'address':
    case 'addressWithdraw':
      return { type: name, id, addrs: decodeAddrList(need(TLV.addressList)) };
    case 'notification': {
      const s = need(TLV.status);
      return { type: 'notification', id, status: s.readUInt32BE(0), msgId: s.readUInt32BE(4), msgType: s.readUInt16BE(8) };
    }
    default: {
      const l = t.get(TLV.genericLabel);
      return { type: name, id, fecs: decodeFecs(need(TLV.fec)), label: l ? l.readUInt32BE(0) & 0xfffff : undefined };
    }
  }
}

/** Decode a whole PDU; throws on a malformed header or message. */
export function decodePdu(b: Buffer): LdpPdu {
  if (b.length < 10) throw new Error('ldp: short PDU');
  if (b.readUInt16BE(0) !== LDP_VERSION) throw new Error('ldp: bad protocol version');
  const len = b.readUInt16BE(2);
  if (len + 4 > b.length || len < 6) throw new Error('ldp: bad PDU length');
  const lsrId = addrFromBytes(4, b, 4);
  const labelSpace = b.readUInt16BE(8);
  const msgs: LdpMsg[] = [];
  let o = 10;
  while (o + 8 <= len + 4) {
    const type = b.readUInt16BE(o) & 0x7fff;
    const mlen = b.readUInt16BE(o + 2);
    if (mlen < 4 || o + 4 + mlen > len + 4) throw new Error('ldp: bad message length');
    const id = b.readUInt32BE(o + 4);
    const m = decodeMsg(type, id, b.subarray(o + 8, o + 4 + mlen));
    if (m) msgs.push(m);
    o += 4 + mlen;
  }
  return { lsrId, labelSpace, msgs };
}

/** Splits a TCP byte stream into PDUs by the PDU length field (RFC 5036 3.1). */
export class PduFramer {
  private buf: Buffer = Buffer.alloc(0);
  push(data: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    const out: Buffer[] = [];
    while (this.buf.length >= 4) {
      const total = this.buf.readUInt16BE(2) + 4;
      if (this.buf.length < total) break;
      out.push(this.buf.subarray(0, total));
      this.buf = this.buf.subarray(total);
    }
    return out;
  }
}
