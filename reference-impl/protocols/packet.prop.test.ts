/**
 * Property tests of the protocols' codecs (fast-check): decode(encode(c)) = c for BFD control
 * packets; decoding arbitrary bytes never throws a JavaScript error (a bad packet is undefined
 * or a typed protocol error) for BFD, OSPF and LDP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBfd, encodeBfd, type BfdControl } from './bfd/packet';
import { decodeOspf } from './ospf/packet';
import { decodePdu } from './ldp/packet';

const RUNS = { numRuns: 300, seed: 7 };

void test('BFD control packets: decode(encode(c)) = c (RFC 5880 4.1 fields)', () => {
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const ctl = fc.record({
    version: fc.integer({ min: 0, max: 7 }), diag: fc.integer({ min: 0, max: 31 }), state: fc.constantFrom('AdminDown', 'Down', 'Init', 'Up'),
    poll: fc.boolean(), final: fc.boolean(), cpi: fc.boolean(), auth: fc.boolean(), demand: fc.boolean(), multipoint: fc.boolean(),
    detectMult: fc.integer({ min: 0, max: 255 }), length: fc.constant(24), myDisc: u32, yourDisc: u32, desiredMinTx: u32, requiredMinRx: u32, requiredMinEchoRx: u32,
  }).map((c) => ({ ...c })) as fc.Arbitrary<BfdControl>;
  fc.assert(fc.property(ctl, (c) => assert.deepEqual(decodeBfd(encodeBfd(c)), c)), RUNS);
});

void test('protocol decoders never throw a JavaScript error on arbitrary bytes', () => {
  const any = fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u));
  fc.assert(fc.property(any, (b) => {
    decodeBfd(b);
    decodeOspf(b);
    try { decodePdu(b); } catch (e) { assert.ok(!(e instanceof TypeError) && !(e instanceof RangeError), `decodePdu threw ${String(e)}`); }
  }), { numRuns: 2000, seed: 11 });
});
