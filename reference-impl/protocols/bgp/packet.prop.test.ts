/**
 * Property tests of the BGP-4 codec (fast-check): decode(encode(m)) = m for OPEN with
 * capabilities, UPDATE with path attributes, NLRI and MP_REACH/MP_UNREACH (VPN-IPv4 included),
 * KEEPALIVE, NOTIFICATION and ROUTE-REFRESH; a malformed message is a BgpError, never another
 * exception (a TypeError or RangeError would reach the session instead of a NOTIFICATION).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addrFromBytes, maskOf, type Addr, type Prefix } from '../../net/addr';
import { type BgpMsg, type Capability, type UpdateMsg, AFI_IPV4, BgpError, HEADER_LEN, MsgType, SAFI_MPLS_VPN, SAFI_UNICAST, decodeMsg, encodeMsg } from './packet';

const RUNS = { numRuns: 300, seed: 31 };
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((u) => Buffer.from(u));
const v4: fc.Arbitrary<Addr> = bytes(4, 4).map((b) => addrFromBytes(4, b, 0));
const prefix: fc.Arbitrary<Prefix> = fc.tuple(v4, fc.nat(32)).map(([a, len]) => ({ afi: 4, net: a.v & maskOf(4, len), len }));
const u32 = fc.nat(0xffffffff);
const rd = fc.oneof(
  fc.tuple(fc.nat(0xffff), u32).map(([a, n]) => `${a}:${n}`),
  fc.tuple(bytes(4, 4), fc.nat(0xffff)).map(([ip, n]) => `${[...ip].join('.')}:${n}`),
  fc.tuple(fc.integer({ min: 0x10000, max: 0xffffffff }), fc.nat(0xffff)).map(([a, n]) => `${a}:${n}`),
);

const cap: fc.Arbitrary<Capability> = fc.oneof(
  fc.record({ code: fc.constant(1 as const), afi: fc.nat(0xffff), safi: fc.nat(255) }),
  fc.record({ code: fc.constant(65 as const), asn: u32 }),
  fc.record({ code: fc.constantFrom(2, 64, 69, 70, 71, 128), data: bytes(0, 30) }),
);
const open: fc.Arbitrary<BgpMsg> = fc.record({
  type: fc.constant(MsgType.OPEN as const), version: fc.constant(4), myAs: fc.nat(0xffff),
  holdTime: fc.nat(0xffff).filter((h) => h !== 1 && h !== 2), bgpId: v4, caps: fc.array(cap, { maxLength: 8 }),
});
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
/** fc.record builds null-prototype objects; decodeMsg builds plain ones (deepEqual compares prototypes). */
function plain<T>(v: T): T {
  if (Array.isArray(v)) return v.map(plain) as T;
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) as T;
  return v;
}

function update(as4: boolean): fc.Arbitrary<UpdateMsg> {
  const asn = as4 ? u32 : fc.nat(0xffff);
  const seg = fc.record({ type: fc.constantFrom(1 as const, 2 as const), asns: fc.array(asn, { minLength: 1, maxLength: 12 }) });
  const attrs = fc.record({
    origin: opt(fc.nat(2)), asPath: opt(fc.array(seg, { maxLength: 3 })), nextHop: opt(v4), med: opt(u32), localPref: opt(u32),
    extComms: opt(fc.array(bytes(8, 8), { minLength: 1, maxLength: 4 })),
  }).map(strip);
  const vpn = fc.boolean();
  const mpReach = fc.tuple(vpn, v4, fc.array(fc.record({ prefix, rd, label: fc.nat(0xfffff) }), { maxLength: 5 })).map(([isVpn, nextHop, ns]) => ({
    afi: AFI_IPV4, safi: isVpn ? SAFI_MPLS_VPN : SAFI_UNICAST, nextHop, nlri: isVpn ? ns : ns.map((n) => ({ prefix: n.prefix })),
  }));
  const mpUnreach = fc.tuple(vpn, fc.array(fc.record({ prefix, rd }), { maxLength: 5 })).map(([isVpn, ns]) => ({
    afi: AFI_IPV4, safi: isVpn ? SAFI_MPLS_VPN : SAFI_UNICAST, nlri: ns.map((n) => (isVpn ? n : { prefix: n.prefix })),
  }));
  return fc.record({
    type: fc.constant(MsgType.UPDATE as const), withdrawn: fc.array(prefix, { maxLength: 10 }), attrs, nlri: fc.array(prefix, { maxLength: 10 }),
    mpReach: opt(mpReach), mpUnreach: opt(mpUnreach),
  }).map(strip);
}

/** What decoding gives back: a withdrawn VPN route carries the 0x800000 label field (RFC 8277 2.4), i.e. label 0x80000. */
function expected(m: BgpMsg): BgpMsg {
  if (m.type !== MsgType.UPDATE || !m.mpUnreach || m.mpUnreach.safi !== SAFI_MPLS_VPN) return m;
  return { ...m, mpUnreach: { ...m.mpUnreach, nlri: m.mpUnreach.nlri.map((n) => ({ ...n, label: 0x80000 })) } };
}

void test('OPEN with capabilities: decode(encode(m)) = m', () => {
  fc.assert(fc.property(open, (m) => { assert.deepEqual(decodeMsg(encodeMsg(m)), plain(m)); }), RUNS);
});

void test('UPDATE with attributes, NLRI and MP_REACH/MP_UNREACH: decode(encode(m)) = m, 2- and 4-octet AS', () => {
  for (const as4 of [false, true]) {
    fc.assert(fc.property(update(as4), (m) => { assert.deepEqual(decodeMsg(encodeMsg(m, { as4 }), { as4 }), plain(expected(m))); }), RUNS);
  }
});

void test('KEEPALIVE, NOTIFICATION and ROUTE-REFRESH: decode(encode(m)) = m', () => {
  const m: fc.Arbitrary<BgpMsg> = fc.oneof(
    fc.constant({ type: MsgType.KEEPALIVE as const }),
    fc.record({ type: fc.constant(MsgType.NOTIFICATION as const), code: fc.nat(255), subcode: fc.nat(255), data: bytes(0, 200) }),
    fc.record({ type: fc.constant(MsgType.ROUTE_REFRESH as const), afi: fc.nat(0xffff), safi: fc.nat(255) }),
  );
  fc.assert(fc.property(m, (x) => { assert.deepEqual(decodeMsg(encodeMsg(x)), plain(x)); }), RUNS);
});

void test('decoding random bytes behind a valid header throws only BgpError', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), bytes(0, 300), fc.boolean(), (type, body, as4) => {
    const h = Buffer.alloc(HEADER_LEN, 0xff);
    h.writeUInt16BE(HEADER_LEN + body.length, 16);
    h[18] = type;
    try { decodeMsg(Buffer.concat([h, body]), { as4 }); } catch (e) { assert.ok(e instanceof BgpError, String(e)); }
  }), { numRuns: 3000, seed: 32 });
});

void test('decoding a valid message cut short or with bytes changed (header length fixed up) throws only BgpError', () => {
  const msg = fc.oneof(open, update(false), update(true)).map((m) => encodeMsg(m));
  const edit = fc.tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 4 }), fc.boolean());
  fc.assert(fc.property(msg, edit, (wire, [cut, flips, as4]) => {
    const b = Buffer.from(wire.subarray(0, HEADER_LEN + (cut % (wire.length - HEADER_LEN + 1))));
    for (const [at, v] of flips) if (b.length > HEADER_LEN) b[HEADER_LEN + (at % (b.length - HEADER_LEN))] = v;
    b.writeUInt16BE(b.length, 16);
    try { decodeMsg(b, { as4 }); } catch (e) { assert.ok(e instanceof BgpError, String(e)); }
  }), { numRuns: 3000, seed: 33 });
});
