/**
 * Property tests of the VRRP codec (fast-check): decode(encode(a)) = a for v2 and v3, IPv4 and
 * IPv6; an encoded advertisement passes checkVrrp and one flipped byte fails it; decodeVrrp and
 * checkVrrp never throw on random bytes (undefined / a reason string).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addrFromBytes, type Addr } from '../../net/addr';
import { type VrrpAdvert, VRRP_GROUP4, VRRP_GROUP6, checkVrrp, decodeVrrp, encodeVrrp } from './packet';

const RUNS = { numRuns: 500, seed: 51 };
const addr = (afi: 4 | 6): fc.Arbitrary<Addr> => fc.uint8Array({ minLength: afi === 4 ? 4 : 16, maxLength: afi === 4 ? 4 : 16 }).map((u) => addrFromBytes(afi, Buffer.from(u), 0));
const advert = fc.constantFrom(4 as const, 6 as const).chain((afi) => fc.tuple(fc.constant(afi), addr(afi), fc.constantFrom(2 as const, 3 as const).chain((version) => fc.record({
  version: fc.constant(version), type: fc.nat(15), vrid: fc.nat(255), priority: fc.nat(255),
  interval: version === 3 ? fc.nat(0xfff) : fc.nat(255), authType: version === 2 ? fc.nat(255) : fc.constant(0),
  addresses: fc.array(addr(afi), { minLength: 1, maxLength: 20 }),
}))));

void test('decode(encode(a)) = a (v2 and v3, IPv4 and IPv6)', () => {
  fc.assert(fc.property(advert, ([afi, src, a]) => {
    const b = encodeVrrp(a, src, afi === 4 ? VRRP_GROUP4 : VRRP_GROUP6);
    assert.deepEqual(decodeVrrp(b, afi), { ...a, addresses: [...a.addresses] } satisfies VrrpAdvert);
  }), RUNS);
});

void test('an encoded advertisement passes checkVrrp; one changed byte makes it fail', () => {
  fc.assert(fc.property(advert, fc.nat(), fc.integer({ min: 1, max: 255 }), ([afi, src, a0], at, x) => {
    const a = { ...a0, type: 1 };
    const dst = afi === 4 ? VRRP_GROUP4 : VRRP_GROUP6;
    const b = encodeVrrp(a, src, dst);
    assert.equal(checkVrrp(b, src, dst), undefined);
    const i = at % b.length;
    // A changed address count can make the message look longer than it is (then "length"); any other change breaks the checksum or the version/type.
    b[i] ^= x;
    assert.notEqual(checkVrrp(b, src, dst), undefined, `byte ${i} ^ ${x}`);
  }), RUNS);
});

void test('decodeVrrp and checkVrrp never throw on random bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(4 as const, 6 as const), (u, afi) => {
    const b = Buffer.from(u);
    const d = decodeVrrp(b, afi);
    if (d) assert.ok(d.version === 2 || d.version === 3);
    const r = checkVrrp(b, afi === 4 ? VRRP_GROUP4 : VRRP_GROUP6, afi === 4 ? VRRP_GROUP4 : VRRP_GROUP6);
    assert.ok(r === undefined || typeof r === 'string');
  }), { numRuns: 2000, seed: 52 });
});
