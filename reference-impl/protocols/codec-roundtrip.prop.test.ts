/**
 * Property tests (fast-check): the LDP and OSPF encoders round-trip through their decoders.
 * decodePdu(encodePdu(p)) = p for every LDP message kind the router sends (RFC 5036 3.5), and
 * decodeOspf(encodeOspf(p)) = p for Hello, DD, LS Request, LS Update and LS Ack (RFC 2328 A.3),
 * with router and network LSA bodies round-tripping too (A.4.2, A.4.3).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodePdu, encodePdu, type Fec, type LdpMsg, type LdpPdu } from './ldp/packet';
import {
  T_ACK, T_DD, T_HELLO, T_LSR, T_LSU, buildLsa, decodeNetworkBody, decodeOspf, decodeRouterBody, encodeNetworkBody, encodeOspf, encodeRouterBody,
  lsaChecksumOk, type LsaHeader, type OspfPacket,
} from './ospf/packet';
import { maskOf, type Addr, type Afi } from '../net/addr';

const RUNS = { numRuns: 400, seed: 23 };
/** Records with an ordinary prototype, as the decoders build them (deepEqual compares prototypes). */
const rec = <T,>(m: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(m, { noNullPrototype: true }) as fc.Arbitrary<T>;
const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const id = fc.integer({ min: 0, max: 0xffffffff });

const addrOf = (afi: Afi): fc.Arbitrary<Addr> =>
  afi === 4 ? u32.map((n) => ({ afi: 4 as const, v: BigInt(n) })) : fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((v) => ({ afi: 6 as const, v }));
const anyAddr = fc.constantFrom<Afi>(4, 6).chain(addrOf);
const fec: fc.Arbitrary<Fec> = fc.oneof(
  fc.constant<Fec>({ kind: 'wildcard' }),
  fc.constantFrom<Afi>(4, 6).chain((afi) =>
    fc.tuple(addrOf(afi), fc.integer({ min: 0, max: afi === 4 ? 32 : 128 })).map(([a, len]): Fec => ({ kind: 'prefix', prefix: { afi, net: a.v & maskOf(afi, len), len } })),
  ),
);

const ldpMsg: fc.Arbitrary<LdpMsg> = fc.oneof(
  rec({
    type: fc.constant('hello' as const), id, holdTime: u16, targeted: fc.boolean(), requestTargeted: fc.boolean(),
    transport: fc.option(anyAddr, { nil: undefined }), configSeq: fc.option(u32, { nil: undefined }),
  }),
  rec({
    type: fc.constant('init' as const), id, keepalive: u16, dod: fc.boolean(), loopDetect: fc.boolean(), pvLimit: u8, maxPdu: u16,
    receiver: addrOf(4), receiverSpace: u16,
  }),
  rec({ type: fc.constant('keepalive' as const), id }),
  fc.constantFrom<Afi>(4, 6).chain((afi) =>
    rec({ type: fc.constantFrom('address' as const, 'addressWithdraw' as const), id, addrs: fc.array(addrOf(afi), { minLength: 1, maxLength: 6 }) }),
  ),
  rec({
    type: fc.constantFrom('mapping' as const, 'request' as const, 'withdraw' as const, 'release' as const, 'abort' as const), id,
    fecs: fc.array(fec, { minLength: 1, maxLength: 5 }), label: fc.option(fc.integer({ min: 0, max: 0xfffff }), { nil: undefined }),
  }),
  rec({ type: fc.constant('notification' as const), id, status: u32, msgId: u32, msgType: u16 }),
);

void test('LDP PDUs: decodePdu(encodePdu(p)) = p for every message kind', () => {
  const pdu: fc.Arbitrary<LdpPdu> = rec({ lsrId: addrOf(4), labelSpace: u16, msgs: fc.array(ldpMsg, { minLength: 1, maxLength: 6 }) });
  fc.assert(fc.property(pdu, (p) => assert.deepEqual(decodePdu(encodePdu(p)), p)), RUNS);
});

const lsaHeader: fc.Arbitrary<LsaHeader> = rec({
  age: fc.integer({ min: 0, max: 3600 }), options: u8, type: fc.integer({ min: 1, max: 11 }), id: u32, adv: u32,
  seq: fc.integer({ min: -0x7fffffff, max: 0x7fffffff }), cksum: u16, length: fc.integer({ min: 20, max: 0xffff }),
});
const routerBody = rec({
  flags: fc.integer({ min: 0, max: 7 }),
  links: fc.array(rec({ id: u32, data: u32, type: fc.integer({ min: 1, max: 4 }), metric: u16 }), { maxLength: 8 }),
});
const lsa = fc.tuple(rec({ age: fc.integer({ min: 0, max: 3600 }), options: u8, type: fc.constant(1), id: u32, adv: u32, seq: fc.integer({ min: -0x7fffffff, max: 0x7fffffff }) }), routerBody)
  .map(([h, body]) => buildLsa(h, encodeRouterBody(body)));

const ospfPacket: fc.Arbitrary<OspfPacket> = rec({ type: fc.constantFrom(T_HELLO, T_DD, T_LSR, T_LSU, T_ACK), routerId: u32, areaId: u32 }).chain((hdr) => {
  const body = (() => {
    switch (hdr.type) {
      case T_HELLO:
        return rec({
          mask: fc.integer({ min: 0, max: 32 }).map((l) => Number(maskOf(4, l))), helloInterval: u16, options: u8, priority: u8, deadInterval: u32, dr: u32, bdr: u32,
          neighbors: fc.array(u32, { maxLength: 10 }),
        }).map((hello) => ({ type: T_HELLO, hello }));
      case T_DD:
        return rec({ mtu: u16, options: u8, flags: fc.integer({ min: 0, max: 7 }), seq: u32, headers: fc.array(lsaHeader, { maxLength: 6 }) }).map((dd) => ({ type: T_DD, dd }));
      case T_LSR:
        return fc.array(rec({ type: fc.integer({ min: 1, max: 11 }), id: u32, adv: u32 }), { maxLength: 8 }).map((reqs) => ({ type: T_LSR, reqs }));
      case T_LSU:
        return fc.array(lsa, { maxLength: 4 }).map((lsas) => ({ type: T_LSU, lsas }));
      default:
        return fc.array(lsaHeader, { maxLength: 8 }).map((acks) => ({ type: T_ACK, acks }));
    }
  })();
  return (body as fc.Arbitrary<OspfPacket['body']>).map((b) => ({ hdr, body: b }));
});

void test('OSPF packets: decodeOspf(encodeOspf(p)) = p for all five packet types', () => {
  fc.assert(fc.property(ospfPacket, (p) => assert.deepEqual(decodeOspf(encodeOspf(p)), p)), RUNS);
});

void test('OSPF: one flipped bit in an encoded packet is refused (the checksum of A.3.1), never misread', () => {
  fc.assert(fc.property(ospfPacket, fc.nat(), fc.integer({ min: 0, max: 7 }), (p, at, bit) => {
    const b = encodeOspf(p);
    const o = at % b.length;
    if (o === 0 || (o >= 16 && o < 24)) return; // the version byte is checked on its own; the auth field is outside the checksum
    b[o] ^= 1 << bit;
    const d = decodeOspf(b);
    // Flipping a length byte may make the packet look short: refused too. Anything decoded must differ from the original.
    if (d !== undefined) assert.notDeepEqual(d, p);
  }), RUNS);
});

void test('OSPF LSA bodies: router and network bodies round-trip, and built LSAs carry a valid Fletcher checksum', () => {
  fc.assert(fc.property(routerBody, (r) => assert.deepEqual(decodeRouterBody(encodeRouterBody(r)), r)), RUNS);
  const net = rec({ mask: fc.integer({ min: 0, max: 32 }).map((l) => Number(maskOf(4, l))), routers: fc.array(u32, { minLength: 1, maxLength: 8 }) });
  fc.assert(fc.property(net, (n) => assert.deepEqual(decodeNetworkBody(encodeNetworkBody(n)), n)), RUNS);
  fc.assert(fc.property(lsa, (l) => assert.ok(lsaChecksumOk(l.raw))), RUNS);
});
