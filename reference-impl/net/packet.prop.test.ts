/**
 * Property tests of the wire codecs (fast-check): decode(encode(model)) gives the model back for
 * Ethernet/802.1Q, ARP, IPv4, IPv6, UDP, ICMP and MPLS (BFD, OSPF, LDP: ../protocols/packet.prop.test.ts); decoding arbitrary bytes never
 * throws (a bad frame is undefined, never an exception that reaches the lab).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addrFromBytes, type Addr } from './addr';
import * as P from './packet';

const RUNS = { numRuns: 300, seed: 7 };
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((u) => Buffer.from(u));
const payload = fc.uint8Array({ maxLength: 1500 }).map((u) => Buffer.from(u));
const v4: fc.Arbitrary<Addr> = bytes(4).map((b) => addrFromBytes(4, b, 0));
const v6: fc.Arbitrary<Addr> = bytes(16).map((b) => addrFromBytes(6, b, 0));
const same = (a: Buffer, b: Buffer) => assert.equal(Buffer.compare(a, b), 0);

void test('Ethernet II and 802.1Q: decode(encode(f)) = f', () => {
  fc.assert(fc.property(bytes(6), bytes(6), fc.option(fc.integer({ min: 0, max: 4095 }), { nil: undefined }), fc.constantFrom(P.ETH_IPV4, P.ETH_IPV6, P.ETH_ARP, P.ETH_MPLS), payload, (dst, src, vlan, type, pl) => {
    const f = P.decodeEth(P.encodeEth({ dst, src, vlan, type, payload: pl }));
    assert.ok(f);
    same(f.dst, dst);
    same(f.src, src);
    assert.equal(f.vlan, vlan);
    assert.equal(f.type, type);
    same(f.payload.subarray(0, pl.length), pl);
  }), RUNS);
});

void test('ARP: decode(encode(p)) = p', () => {
  fc.assert(fc.property(fc.constantFrom(1 as const, 2 as const), bytes(6), v4, bytes(6), v4, (op, sha, spa, tha, tpa) => {
    const p = P.decodeArp(P.encodeArp({ op, sha, spa, tha, tpa }));
    assert.ok(p);
    assert.equal(p.op, op);
    same(p.sha, sha);
    same(p.tha, tha);
    assert.deepEqual([p.spa, p.tpa], [spa, tpa]);
  }), RUNS);
});

void test('IPv4 and IPv6: decode(encode(p)) = p, the IPv4 header checksum verifies', () => {
  fc.assert(fc.property(fc.boolean(), v4, v4, v6, v6, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 0xffff }), payload,
    (six, s4, d4, s6, d6, proto, ttl, tos, id, pl) => {
      const p: P.IpPacket = six ? { src: s6, dst: d6, proto, ttl, tos, payload: pl } : { src: s4, dst: d4, proto, ttl, tos, id, payload: pl };
      const wire = P.encodeIp(p);
      const q = P.decodeIp(six ? P.ETH_IPV6 : P.ETH_IPV4, wire);
      assert.ok(q);
      assert.deepEqual([q.src, q.dst, q.proto, q.ttl, q.tos ?? 0], [p.src, p.dst, proto, ttl, tos]);
      if (!six) { assert.equal(q.id, id); assert.equal(P.checksum(wire.subarray(0, 20)), 0); }
      same(q.payload, pl);
      assert.deepEqual(P.decodeIpAny(wire)?.dst, p.dst);
    }), RUNS);
});

void test('UDP and ICMP: decode(encode(m)) = m and the checksums verify', () => {
  fc.assert(fc.property(fc.boolean(), v4, v4, v6, v6, fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), payload, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }),
    (six, s4, d4, s6, d6, sport, dport, data, type, code) => {
      const [src, dst] = six ? [s6, d6] : [s4, d4];
      const u = P.encodeUdp(src, dst, { sport, dport, data });
      assert.ok(P.udpChecksumOk(src, dst, u));
      const ud = P.decodeUdp(u);
      assert.ok(ud);
      assert.deepEqual([ud.sport, ud.dport], [sport, dport]);
      same(ud.data, data);
      const m = P.decodeIcmp(P.encodeIcmp(src, dst, { type, code, body: data }));
      assert.ok(m);
      assert.deepEqual([m.type, m.code], [type, code]);
      same(m.body, data);
    }), RUNS);
});

void test('MPLS: decode(encode(stack)) = stack, bottom of stack on the last entry only', () => {
  const entry = fc.record({ label: fc.integer({ min: 0, max: 0xfffff }), tc: fc.integer({ min: 0, max: 7 }), ttl: fc.integer({ min: 0, max: 255 }) }).map((e) => ({ ...e }));
  fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), payload, (stack, pl) => {
    const d = P.decodeMpls(P.encodeMpls(stack, pl));
    assert.ok(d);
    assert.deepEqual(d.stack.map((e) => ({ label: e.label, tc: e.tc, ttl: e.ttl })), stack);
    same(d.payload, pl);
  }), RUNS);
});

void test('decoders never throw on arbitrary bytes: a bad frame is undefined (or a typed protocol error)', () => {
  const any = fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u));
  fc.assert(fc.property(any, (b) => {
    P.decodeEth(b); P.decodeArp(b); P.decodeIp(P.ETH_IPV4, b); P.decodeIp(P.ETH_IPV6, b); P.decodeUdp(b); P.decodeIcmp(b); P.decodeMpls(b); P.decodeIpAny(b); P.decodeNd(b);
  }), { numRuns: 2000, seed: 11 });
});
