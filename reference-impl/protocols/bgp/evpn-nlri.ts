/**
 * EVPN NLRI (AFI 25 L2VPN, SAFI 70 EVPN; RFC 7432 s7, RFC 8365 s5) and the EVPN extended
 * communities and PMSI Tunnel attribute. Every NLRI is Route Type (1 octet), Length (1 octet),
 * then the route:
 *   type 1 Ethernet Auto-Discovery: RD(8) ESI(10) Ethernet Tag(4) MPLS Label(3)
 *   type 2 MAC/IP Advertisement:    RD(8) ESI(10) Tag(4) MAC len(1)=48 MAC(6) IP len(1) IP(0|4|16) Label1(3) [Label2(3)]
 *   type 3 Inclusive Multicast:     RD(8) Tag(4) IP len(1) Originating router IP(4|16)
 *   type 4 Ethernet Segment:        RD(8) ESI(10) IP len(1) Originating router IP(4|16)
 * With VXLAN (RFC 8365 s5.1.3) the 24-bit label field carries the VNI whole (not label << 4).
 * Malformed input is a BgpError (UPDATE error 9, Optional Attribute Error), never another exception.
 */
import { addrBytes, addrFromBytes, fmtAddr, parseAddr } from '../../net/addr';
import { BgpError, ERR } from './packet';
import { decodeRd, encodeRd, encodeRt, type Rd } from './vpn';

export const AFI_L2VPN = 25;
export const SAFI_EVPN = 70;
/** RFC 7432 s8.2: the Ethernet Tag of the per-ES Ethernet A-D route (MAX-ET). */
export const MAX_ET = 0xffffffff;

export interface EvpnAd { type: 1; rd: Rd; esi: string; tag: number; label: number }
export interface EvpnMacIp { type: 2; rd: Rd; esi: string; tag: number; mac: string; ip?: string; label: number; label2?: number }
export interface EvpnImet { type: 3; rd: Rd; tag: number; origIp: string }
export interface EvpnEs { type: 4; rd: Rd; esi: string; origIp: string }
export type EvpnRoute = EvpnAd | EvpnMacIp | EvpnImet | EvpnEs;

const bad = (): BgpError => new BgpError(ERR.UPDATE, 9);

function esiBytes(esi: string): Buffer {
  const p = esi.split(':');
  if (p.length !== 10 || p.some((x) => !/^[0-9a-fA-F]{2}$/.test(x))) throw new Error(`bad ESI '${esi}'`);
  return Buffer.from(p.map((x) => parseInt(x, 16)));
}
const hex = (b: Buffer): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
function macBytes(mac: string): Buffer {
  const p = mac.split(':');
  if (p.length !== 6 || p.some((x) => !/^[0-9a-fA-F]{2}$/.test(x))) throw new Error(`bad MAC '${mac}'`);
  return Buffer.from(p.map((x) => parseInt(x, 16)));
}
const u24 = (n: number): Buffer => Buffer.from([(n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
function ipField(ip: string | undefined): Buffer {
  if (ip === undefined) return Buffer.from([0]);
  const a = parseAddr(ip);
  if (!a) throw new Error(`bad IP '${ip}'`);
  const b = addrBytes(a);
  return Buffer.concat([Buffer.from([b.length * 8]), b]);
}

/** The bytes of one route (without the type/length header). */
function body(r: EvpnRoute): Buffer {
  switch (r.type) {
    case 1:
      return Buffer.concat([encodeRd(r.rd), esiBytes(r.esi), u32(r.tag), u24(r.label)]);
    case 2:
      return Buffer.concat([
        encodeRd(r.rd), esiBytes(r.esi), u32(r.tag), Buffer.from([48]), macBytes(r.mac), ipField(r.ip), u24(r.label),
        r.label2 !== undefined ? u24(r.label2) : Buffer.alloc(0),
      ]);
    case 3:
      return Buffer.concat([encodeRd(r.rd), u32(r.tag), ipField(r.origIp)]);
    case 4:
      return Buffer.concat([encodeRd(r.rd), esiBytes(r.esi), ipField(r.origIp)]);
  }
}

export function encodeEvpnNlri(routes: readonly EvpnRoute[]): Buffer {
  return Buffer.concat(routes.flatMap((r) => {
    const b = body(r);
    return [Buffer.from([r.type, b.length]), b];
  }));
}

function readIp(b: Buffer, off: number, end: number, allowZero: boolean): { ip?: string; off: number } {
  if (off >= end) throw bad();
  const bitsLen = b[off++];
  if (bitsLen === 0 && allowZero) return { off };
  if (bitsLen !== 32 && bitsLen !== 128) throw bad();
  const n = bitsLen / 8;
  if (off + n > end) throw bad();
  return { ip: fmtAddr(addrFromBytes(n === 4 ? 4 : 6, b, off)), off: off + n };
}

/** Decode the NLRI field of an MP_REACH/MP_UNREACH of AFI 25 / SAFI 70. Unknown route types are skipped (RFC 7432 s7). */
export function decodeEvpnNlri(b: Buffer, off = 0, end = b.length): EvpnRoute[] {
  const out: EvpnRoute[] = [];
  while (off < end) {
    if (off + 2 > end) throw bad();
    const type = b[off];
    const len = b[off + 1];
    const s = off + 2;
    const e = s + len;
    if (e > end) throw bad();
    off = e;
    const need = (n: number) => {
      if (len < n) throw bad();
    };
    switch (type) {
      case 1:
        if (len !== 25) throw bad();
        out.push({ type: 1, rd: decodeRd(b, s), esi: hex(b.subarray(s + 8, s + 18)), tag: b.readUInt32BE(s + 18), label: b.readUIntBE(s + 22, 3) });
        break;
      case 2: {
        need(33);
        if (b[s + 22] !== 48) throw bad();
        const mac = hex(b.subarray(s + 23, s + 29));
        const ipr = readIp(b, s + 29, e, true);
        const rest = e - ipr.off;
        if (rest !== 3 && rest !== 6) throw bad();
        const r: EvpnMacIp = { type: 2, rd: decodeRd(b, s), esi: hex(b.subarray(s + 8, s + 18)), tag: b.readUInt32BE(s + 18), mac, label: b.readUIntBE(ipr.off, 3) };
        if (ipr.ip !== undefined) r.ip = ipr.ip;
        if (rest === 6) r.label2 = b.readUIntBE(ipr.off + 3, 3);
        out.push(r);
        break;
      }
      case 3: {
        need(13);
        const ipr = readIp(b, s + 12, e, false);
        if (ipr.off !== e) throw bad();
        out.push({ type: 3, rd: decodeRd(b, s), tag: b.readUInt32BE(s + 8), origIp: ipr.ip! });
        break;
      }
      case 4: {
        need(19);
        const ipr = readIp(b, s + 18, e, false);
        if (ipr.off !== e) throw bad();
        out.push({ type: 4, rd: decodeRd(b, s), esi: hex(b.subarray(s + 8, s + 18)), origIp: ipr.ip! });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** A stable key of a route (RFC 7432 s7: the fields that identify it; label and label2 excluded). */
export function evpnKey(r: EvpnRoute): string {
  switch (r.type) {
    case 1: return `1|${r.rd}|${r.esi}|${r.tag}`;
    case 2: return `2|${r.rd}|${r.tag}|${r.mac}|${r.ip ?? ''}`;
    case 3: return `3|${r.rd}|${r.tag}|${r.origIp}`;
    case 4: return `4|${r.rd}|${r.esi}|${r.origIp}`;
  }
}

// ---- Extended communities (RFC 4360 / RFC 7432 s7.5-7.7 / RFC 9012 / RFC 9135) ----

export type EvpnExtComm =
  | { kind: 'rt'; rt: string }
  /** RFC 9012 s4.1 / RFC 8365 s5.1.3: Encapsulation, tunnel type 8 = VXLAN. */
  | { kind: 'encap'; tunnelType: number }
  /** RFC 7432 s7.5: ESI Label, flag bit 0 = single-active. */
  | { kind: 'esi-label'; singleActive: boolean; label: number }
  /** RFC 7432 s7.6: ES-Import Route Target, the 6 high-order octets of the ESI value. */
  | { kind: 'es-import'; mac: string }
  /** RFC 7432 s7.7: MAC Mobility, sticky flag, sequence number. */
  | { kind: 'mac-mobility'; sticky: boolean; seq: number }
  /** RFC 9135 s8.1: EVPN Router's MAC. */
  | { kind: 'router-mac'; mac: string };

export function encodeExtComm(c: EvpnExtComm): Buffer {
  const b = Buffer.alloc(8);
  switch (c.kind) {
    case 'rt':
      return encodeRt(c.rt);
    case 'encap':
      b[0] = 0x03; b[1] = 0x0c; b.writeUInt16BE(c.tunnelType, 6);
      return b;
    case 'esi-label':
      b[0] = 0x06; b[1] = 0x01; b[2] = c.singleActive ? 1 : 0; u24(c.label).copy(b, 5);
      return b;
    case 'es-import':
      b[0] = 0x06; b[1] = 0x02; macBytes(c.mac).copy(b, 2);
      return b;
    case 'mac-mobility':
      b[0] = 0x06; b[1] = 0x00; b[2] = c.sticky ? 1 : 0; b.writeUInt32BE(c.seq >>> 0, 4);
      return b;
    case 'router-mac':
      b[0] = 0x06; b[1] = 0x03; macBytes(c.mac).copy(b, 2);
      return b;
  }
}

/** Decode the EVPN-relevant extended communities; undefined for others (route targets go through vpn.ts decodeRt). */
export function decodeEvpnExtComm(b: Buffer): EvpnExtComm | undefined {
  if (b.length !== 8) return undefined;
  if (b[0] === 0x03 && b[1] === 0x0c) return { kind: 'encap', tunnelType: b.readUInt16BE(6) };
  if (b[0] !== 0x06) return undefined;
  switch (b[1]) {
    case 0x00: return { kind: 'mac-mobility', sticky: (b[2] & 1) !== 0, seq: b.readUInt32BE(4) };
    case 0x01: return { kind: 'esi-label', singleActive: (b[2] & 1) !== 0, label: b.readUIntBE(5, 3) };
    case 0x02: return { kind: 'es-import', mac: hex(b.subarray(2, 8)) };
    case 0x03: return { kind: 'router-mac', mac: hex(b.subarray(2, 8)) };
    default: return undefined;
  }
}

/** RFC 7432 s7.6: the ES-Import RT of an ESI is its 6 high-order octets of the ESI Value (octets 1..6 after the type). */
export function esImportOf(esi: string): string {
  return hex(esiBytes(esi).subarray(1, 7));
}

// ---- PMSI Tunnel attribute (RFC 6514 s5; type 22), as RFC 8365 s5.1.3 uses it for type 3 ----

export const PMSI_INGRESS_REPLICATION = 6;
export interface Pmsi { flags: number; tunnelType: number; label: number; endpoint: string }

export function encodePmsi(p: Pmsi): Buffer {
  const a = parseAddr(p.endpoint);
  if (!a) throw new Error(`bad PMSI endpoint '${p.endpoint}'`);
  return Buffer.concat([Buffer.from([p.flags, p.tunnelType]), u24(p.label), addrBytes(a)]);
}

export function decodePmsi(v: Buffer): Pmsi {
  if (v.length !== 9 && v.length !== 21) throw bad();
  return { flags: v[0], tunnelType: v[1], label: v.readUIntBE(2, 3), endpoint: fmtAddr(addrFromBytes(v.length === 9 ? 4 : 6, v, 5)) };
}
