/**
 * VRRP advertisement codec: version 3 (RFC 5798 5.1/5.2) and version 2 (RFC 3768 5.1/5.3),
 * carried in IP protocol 112 with TTL / Hop Limit 255 to 224.0.0.18 or ff02::12.
 */
import { Addr, addrBytes, addrFromBytes, parseAddr } from '../../net/addr';
import { checksum, pseudo } from '../../net/packet';

export const PROTO_VRRP = 112;
/** RFC 5798 5.1.1.2 / 5.1.2.2: the IPv4 and IPv6 multicast destinations. */
export const VRRP_GROUP4: Addr = parseAddr('224.0.0.18')!;
export const VRRP_GROUP6: Addr = parseAddr('ff02::12')!;
/** RFC 5798 5.1.1.3 / 5.1.2.3: TTL and Hop Limit must be 255. */
export const VRRP_TTL = 255;

export interface VrrpAdvert {
  version: 2 | 3;
  /** RFC 5798 5.2.2: 1 = ADVERTISEMENT, the only type. */
  type: number;
  vrid: number;
  priority: number;
  /** v3: Max Adver Int in centiseconds (5.2.7); v2: Adver Int in seconds (RFC 3768 5.3.7). */
  interval: number;
  /** v2 Auth Type (RFC 3768 5.3.6; 0 = none). */
  authType: number;
  addresses: Addr[];
}

/** The virtual router MAC (RFC 5798 7.3): 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6. */
export function virtualMac(vrid: number, afi: 4 | 6): Buffer {
  return Buffer.from([0x00, 0x00, 0x5e, 0x00, afi === 4 ? 0x01 : 0x02, vrid & 0xff]);
}

/**
 * Encode an advertisement between `src` and `dst` (needed for the v3 checksum pseudo-header,
 * RFC 5798 5.2.8: the one's complement sum over the VRRP message and the pseudo-header of RFC
 * 8200 8.1 / RFC 768 with next header 112; v2 covers the VRRP message only, RFC 3768 5.3.8).
 */
export function encodeVrrp(a: VrrpAdvert, src: Addr, dst: Addr): Buffer {
  const alen = a.addresses.length > 0 ? (a.addresses[0].afi === 4 ? 4 : 16) : 4;
  const auth = a.version === 2 ? 8 : 0;
  const b = Buffer.alloc(8 + alen * a.addresses.length + auth);
  b[0] = (a.version << 4) | (a.type & 15);
  b[1] = a.vrid;
  b[2] = a.priority;
  b[3] = a.addresses.length;
  if (a.version === 3) {
    b.writeUInt16BE(a.interval & 0x0fff, 4);
  } else {
    b[4] = a.authType;
    b[5] = a.interval & 0xff;
  }
  a.addresses.forEach((x, k) => addrBytes(x).copy(b, 8 + alen * k));
  const c = a.version === 3 ? checksum(pseudo(src, dst, PROTO_VRRP, b.length), b) : checksum(b);
  b.writeUInt16BE(c, 6);
  return b;
}

/** Why a received advertisement is discarded (RFC 5798 7.1, RFC 3768 7.1), or undefined when it is valid. */
export function checkVrrp(b: Buffer, src: Addr, dst: Addr): string | undefined {
  if (b.length < 8) return 'too short';
  const version = b[0] >> 4;
  if (version !== 2 && version !== 3) return `version ${version}`;
  if ((b[0] & 15) !== 1) return `type ${b[0] & 15}`;
  const alen = src.afi === 4 ? 4 : 16;
  const need = 8 + alen * b[3] + (version === 2 ? 8 : 0);
  if (b.length < need) return 'length';
  const msg = b.subarray(0, need);
  const ok = version === 3 ? checksum(pseudo(src, dst, PROTO_VRRP, msg.length), msg) === 0 : checksum(msg) === 0;
  if (!ok) return 'checksum';
  return undefined;
}

export function decodeVrrp(b: Buffer, afi: 4 | 6): VrrpAdvert | undefined {
  if (b.length < 8) return undefined;
  const version = b[0] >> 4;
  if (version !== 2 && version !== 3) return undefined;
  const alen = afi === 4 ? 4 : 16;
  const n = b[3];
  if (b.length < 8 + alen * n) return undefined;
  const addresses: Addr[] = [];
  for (let k = 0; k < n; k++) addresses.push(addrFromBytes(afi, b, 8 + alen * k));
  return {
    version,
    type: b[0] & 15,
    vrid: b[1],
    priority: b[2],
    interval: version === 3 ? b.readUInt16BE(4) & 0x0fff : b[5],
    authType: version === 2 ? b[4] : 0,
    addresses,
  };
}
