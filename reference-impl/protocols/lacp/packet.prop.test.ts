/**
 * The LACPDU codec: the 802.1AX 6.4.2 layout byte by byte (110 octets, tcpdump's `LACPv1, length
 * 110`), decode(encode(p)) = p (fast-check), damaged TLV headers and short PDUs give a reason,
 * and decodeLacpdu never throws on random bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeLacpdu, encodeLacpdu, lacpduFrame, stateBits, stateOctet, LACPDU_LEN, ST, type Lacpdu, type LacpPortInfo } from './packet';

const RUNS = { numRuns: 500, seed: 811 };
const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((u) => [...u].map((x) => x.toString(16).padStart(2, '0')).join(':'));
const info: fc.Arbitrary<LacpPortInfo> = fc.record({
  systemPriority: fc.nat(0xffff), system: mac, key: fc.nat(0xffff), portPriority: fc.nat(0xffff), port: fc.nat(0xffff), state: fc.nat(255),
});
const pdu: fc.Arbitrary<Lacpdu> = fc.record({ version: fc.constant(1), actor: info, partner: info, collectorMaxDelay: fc.nat(0xffff) });

void test('the layout of 802.1AX 6.4.2: subtype, version, TLVs at fixed offsets, 110 octets', () => {
  const p: Lacpdu = {
    version: 1,
    actor: { systemPriority: 0x1234, system: '02:aa:bb:cc:dd:ee', key: 0x0102, portPriority: 0x8000, port: 3, state: ST.ACTIVITY | ST.AGGREGATION | ST.SYNC },
    partner: { systemPriority: 11, system: '00:00:00:00:00:11', key: 11, portPriority: 32768, port: 1, state: 0x3d },
    collectorMaxDelay: 0,
  };
  const b = encodeLacpdu(p);
  assert.equal(b.length, LACPDU_LEN);
  assert.equal(b.length, 110);
  assert.equal(b.subarray(0, 22).toString('hex'), '0101' + '0114' + '1234' + '02aabbccddee' + '0102' + '8000' + '0003' + '0d' + '000000');
  assert.equal(b.subarray(22, 42).toString('hex'), '0214' + '000b' + '000000000011' + '000b' + '8000' + '0001' + '3d' + '000000');
  assert.equal(b.subarray(42, 58).toString('hex'), '0310' + '0000' + '00'.repeat(12));
  assert.equal(b.subarray(58).toString('hex'), '0000' + '00'.repeat(50), 'terminator and reserved');
  const f = lacpduFrame(Buffer.from('02aabbccdd01', 'hex'), p);
  assert.equal(f.length, 124);
  assert.equal(f.subarray(0, 14).toString('hex'), '0180c2000002' + '02aabbccdd01' + '8809');
  assert.deepEqual(decodeLacpdu(f.subarray(14)), p);
  assert.deepEqual(stateBits(0x3d), { activity: true, timeout: false, aggregation: true, synchronization: true, collecting: true, distributing: true, defaulted: false, expired: false });
});

void test('decode(encode(p)) = p, also with Ethernet padding after the PDU', () => {
  fc.assert(fc.property(pdu, fc.nat(40), (p, pad) => {
    const b = Buffer.concat([encodeLacpdu(p), Buffer.alloc(pad)]);
    assert.deepEqual(decodeLacpdu(b), { ...p, actor: { ...p.actor }, partner: { ...p.partner } });
  }), RUNS);
  fc.assert(fc.property(fc.nat(255), (s) => assert.equal(stateOctet(stateBits(s)), s)), { numRuns: 256, seed: 812 });
});

void test('a damaged subtype, TLV header or length is a reason string, never a PDU', () => {
  fc.assert(fc.property(pdu, fc.constantFrom(0, 2, 3, 22, 23, 42, 43, 58, 59), fc.integer({ min: 1, max: 255 }), (p, at, x) => {
    const b = encodeLacpdu(p);
    b[at] ^= x;
    assert.equal(typeof decodeLacpdu(b), 'string', `byte ${at} ^ ${x}`);
  }), RUNS);
  fc.assert(fc.property(pdu, fc.nat(LACPDU_LEN - 1), (p, len) => {
    assert.equal(typeof decodeLacpdu(encodeLacpdu(p).subarray(0, len)), 'string');
  }), RUNS);
  const v0 = encodeLacpdu({ actor: { systemPriority: 1, system: '02:00:00:00:00:01', key: 1, portPriority: 1, port: 1, state: 0 }, partner: { systemPriority: 0, system: '00:00:00:00:00:00', key: 0, portPriority: 0, port: 0, state: 0 }, collectorMaxDelay: 0 });
  v0[1] = 0;
  assert.equal(decodeLacpdu(v0), 'version 0');
  v0[1] = 2;
  assert.equal((decodeLacpdu(v0) as Lacpdu).version, 2, 'a later version is read as version 1');
});

void test('decodeLacpdu never throws on random bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (u, lacp) => {
    const b = Buffer.from(u);
    if (lacp && b.length > 0) b[0] = 1;
    const d = decodeLacpdu(b);
    assert.ok(typeof d === 'string' || (d.actor && d.partner));
  }), { numRuns: 3000, seed: 813 });
});
