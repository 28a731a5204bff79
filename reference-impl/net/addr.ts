/** IPv4 and IPv6 addresses and prefixes as bigints, with parsing and canonical text. */

export type Afi = 4 | 6;

export interface Addr {
  readonly afi: Afi;
  readonly v: bigint;
}

export interface Prefix {
  readonly afi: Afi;
  readonly net: bigint;
  readonly len: number;
}

export const bits = (afi: Afi): number => (afi === 4 ? 32 : 128);
const ALL = (afi: Afi): bigint => (1n << BigInt(bits(afi))) - 1n;

export function maskOf(afi: Afi, len: number): bigint {
  if (len <= 0) return 0n;
  return ALL(afi) ^ ((1n << BigInt(bits(afi) - len)) - 1n);
}

export function parseIPv4(s: string): Addr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    v = (v << 8n) | BigInt(o);
  }
  return { afi: 4, v };
}

export function parseIPv6(s: string): Addr | undefined {
  s = s.trim().toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(s) || s.length < 2) return undefined;
  const dbl = s.split('::');
  if (dbl.length > 2) return undefined;
  const part = (x: string): number[] | undefined => {
    if (x === '') return [];
    const out: number[] = [];
    const groups = x.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push(Number(v4.v >> 16n), Number(v4.v & 0xffffn));
        continue;
      }
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = part(dbl[0]);
  const tail = dbl.length === 2 ? part(dbl[1]) : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (dbl.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return { afi: 6, v };
}

export function parseAddr(s: string): Addr | undefined {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

export function fmtAddr(a: Addr): string {
  if (a.afi === 4) {
    const v = a.v;
    return [24n, 16n, 8n, 0n].map((sh) => String((v >> sh) & 255n)).join('.');
  }
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((a.v >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (>= 2) of zero groups, leftmost on a tie.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (x: number[]) => x.map((n) => n.toString(16)).join(':');
  if (best < 0) return hex(g);
  return hex(g.slice(0, best)) + '::' + hex(g.slice(best + bestLen));
}

/** Netmask text (255.255.255.252 or ffff:ffff::) to a prefix length; undefined if not contiguous. */
export function maskToLen(afi: Afi, mask: string): number | undefined {
  const m = afi === 4 ? parseIPv4(mask) : parseIPv6(mask);
  if (!m) return undefined;
  const n = bits(afi);
  let len = 0;
  while (len < n && ((m.v >> BigInt(n - 1 - len)) & 1n) === 1n) len++;
  if (m.v !== maskOf(afi, len)) return undefined;
  return len;
}

export function lenToMask(afi: Afi, len: number): string {
  return fmtAddr({ afi, v: maskOf(afi, len) });
}

export function prefixOf(a: Addr, len: number): Prefix {
  return { afi: a.afi, net: a.v & maskOf(a.afi, len), len };
}

export function parsePrefix(s: string): Prefix | undefined {
  const i = s.indexOf('/');
  if (i < 0) return undefined;
  const a = parseAddr(s.slice(0, i));
  const len = Number(s.slice(i + 1));
  if (!a || !Number.isInteger(len) || len < 0 || len > bits(a.afi)) return undefined;
  return prefixOf(a, len);
}

export function fmtPrefix(p: Prefix): string {
  return `${fmtAddr({ afi: p.afi, v: p.net })}/${p.len}`;
}

export function prefixKey(p: Prefix): string {
  return `${p.afi}|${p.net.toString(16)}|${p.len}`;
}

export function contains(p: Prefix, a: Addr): boolean {
  return p.afi === a.afi && (a.v & maskOf(p.afi, p.len)) === p.net;
}

export function addrEq(a: Addr, b: Addr): boolean {
  return a.afi === b.afi && a.v === b.v;
}

export function cmpAddr(a: Addr, b: Addr): number {
  if (a.afi !== b.afi) return a.afi - b.afi;
  return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
}

export function cmpPrefix(a: Prefix, b: Prefix): number {
  if (a.afi !== b.afi) return a.afi - b.afi;
  if (a.net !== b.net) return a.net < b.net ? -1 : 1;
  return a.len - b.len;
}

/** Bytes of an address in network order (4 or 16 bytes). */
export function addrBytes(a: Addr): Buffer {
  const n = a.afi === 4 ? 4 : 16;
  const b = Buffer.alloc(n);
  let v = a.v;
  for (let i = n - 1; i >= 0; i--) {
    b[i] = Number(v & 255n);
    v >>= 8n;
  }
  return b;
}

export function addrFromBytes(afi: Afi, b: Buffer, off = 0): Addr {
  const n = afi === 4 ? 4 : 16;
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[off + i]);
  return { afi, v };
}

/** freeRtr's getHashB: XOR of the address bytes (used to pick the "best" of ECMP alternatives). */
export function xorHash(a: Addr): number {
  let h = 0;
  for (const x of addrBytes(a)) h ^= x;
  return h;
}

export const isMulticast = (a: Addr): boolean =>
  a.afi === 4 ? (a.v >> 28n) === 0xen : (a.v >> 120n) === 0xffn;

export const isLinkLocal6 = (a: Addr): boolean => a.afi === 6 && (a.v >> 118n) === 0x3fan;

/** EUI-64 link-local address from a MAC (RFC 4291 appendix A). */
export function linkLocalFromMac(mac: Buffer): Addr {
  const e = Buffer.from([mac[0] ^ 2, mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]]);
  let v = 0xfe80n << 112n;
  for (const x of e) v = (v << 8n) | BigInt(x);
  v = (0xfe80n << 112n) | (v & ((1n << 64n) - 1n));
  return { afi: 6, v };
}

/** Solicited-node multicast address (RFC 4291 2.7.1). */
export function solicitedNode(a: Addr): Addr {
  return { afi: 6, v: (0xff02n << 112n) | (1n << 32n) | (0xffn << 24n) | (a.v & 0xffffffn) };
}
