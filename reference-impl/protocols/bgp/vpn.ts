/**
 * BGP/MPLS IP VPN helpers: route distinguishers (RFC 4364 4.2), route targets as extended
 * communities (RFC 4360 4, RFC 4364 4.3.1) and MPLS label fields of labelled NLRI (RFC 8277 2).
 */
import { parseIPv4 } from '../../net/addr';

/** An RD in canonical text: "100:1" (type 0), "1.2.3.4:5" (type 1), "4200000000:7" (type 2). */
export type Rd = string;

/** RFC 4364 4.2: 8 octets, 2-octet type then the administrator and assigned number fields. */
export function encodeRd(rd: Rd): Buffer {
  const b = Buffer.alloc(8);
  const i = rd.lastIndexOf(':');
  if (i < 0) throw new Error(`bad RD ${rd}`);
  const admin = rd.slice(0, i);
  const num = Number(rd.slice(i + 1));
  const ip = parseIPv4(admin);
  if (ip) {
    b.writeUInt16BE(1, 0);
    b.writeUInt32BE(Number(ip.v), 2);
    b.writeUInt16BE(num & 0xffff, 6);
  } else if (Number(admin) <= 0xffff) {
    b.writeUInt16BE(0, 0);
    b.writeUInt16BE(Number(admin), 2);
    b.writeUInt32BE(num >>> 0, 4);
  } else {
    b.writeUInt16BE(2, 0);
    b.writeUInt32BE(Number(admin) >>> 0, 2);
    b.writeUInt16BE(num & 0xffff, 6);
  }
  return b;
}

export function decodeRd(b: Buffer, off = 0): Rd {
  const t = b.readUInt16BE(off);
  if (t === 0) return `${b.readUInt16BE(off + 2)}:${b.readUInt32BE(off + 4)}`;
  if (t === 1) return `${ipText(b.readUInt32BE(off + 2))}:${b.readUInt16BE(off + 6)}`;
  if (t === 2) return `${b.readUInt32BE(off + 2)}:${b.readUInt16BE(off + 6)}`;
  return `type${t}:${b.subarray(off + 2, off + 8).toString('hex')}`;
}

const ipText = (v: number) => [24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.');

/**
 * Route target extended community (RFC 4360 4): type 0x00 (2-octet AS), 0x01 (IPv4 address)
 * or 0x02 (4-octet AS, RFC 5668), sub-type 0x02 (Route Target). Text as in `vpn-target 111:1`.
 */
export function encodeRt(rt: string): Buffer {
  const b = Buffer.alloc(8);
  const i = rt.lastIndexOf(':');
  const admin = rt.slice(0, i);
  const num = Number(rt.slice(i + 1));
  const ip = parseIPv4(admin);
  b[1] = 0x02;
  if (ip) {
    b[0] = 0x01;
    b.writeUInt32BE(Number(ip.v), 2);
    b.writeUInt16BE(num & 0xffff, 6);
  } else if (Number(admin) <= 0xffff) {
    b[0] = 0x00;
    b.writeUInt16BE(Number(admin), 2);
    b.writeUInt32BE(num >>> 0, 4);
  } else {
    b[0] = 0x02;
    b.writeUInt32BE(Number(admin) >>> 0, 2);
    b.writeUInt16BE(num & 0xffff, 6);
  }
  return b;
}

/** The route target text of an 8-octet extended community, or undefined for any other community. */
export function decodeRt(b: Buffer): string | undefined {
  if (b.length !== 8 || b[1] !== 0x02) return undefined;
  // The high-order bit of the type is the IANA authority bit, 0x40 the transitive bit (RFC 4360 2).
  const t = b[0] & 0x3f;
  if (t === 0x00) return `${b.readUInt16BE(2)}:${b.readUInt32BE(4)}`;
  if (t === 0x01) return `${ipText(b.readUInt32BE(2))}:${b.readUInt16BE(6)}`;
  if (t === 0x02) return `${b.readUInt32BE(2)}:${b.readUInt16BE(6)}`;
  return undefined;
}

/** Canonical RT text (so "111:1" and "111:01" compare equal). */
export function normRt(rt: string): string {
  return decodeRt(encodeRt(rt)) ?? rt;
}

export function normRd(rd: string): string {
  return decodeRd(encodeRd(rd));
}

/** RFC 3032 / RFC 8277 2.1: label in the high 20 bits of 3 octets, bottom-of-stack in the low bit. */
export function encodeLabel(label: number, bos = true): Buffer {
  const v = ((label & 0xfffff) << 4) | (bos ? 1 : 0);
  return Buffer.from([(v >>> 16) & 255, (v >>> 8) & 255, v & 255]);
}

export function decodeLabel(b: Buffer, off = 0): { label: number; bos: boolean } {
  const v = (b[off] << 16) | (b[off + 1] << 8) | b[off + 2];
  return { label: v >>> 4, bos: (v & 1) === 1 };
}

/** RFC 8277 2.4: the label field of a withdrawn labelled route carries 0x800000. */
export const WITHDRAW_LABEL_FIELD = Buffer.from([0x80, 0x00, 0x00]);
