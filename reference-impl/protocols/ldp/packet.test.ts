import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIPv4, parsePrefix } from '../../net/addr';
import { LdpMsg, PduFramer, STATUS, STATUS_E, decodePdu, encodePdu } from './packet';

const id = parseIPv4('10.9.9.3')!;
const pfx = parsePrefix('10.9.9.1/32')!;

const samples: LdpMsg[] = [
  { type: 'hello', id: 0, holdTime: 15, targeted: false, requestTargeted: false, transport: id, configSeq: undefined },
  { type: 'hello', id: 9, holdTime: 45, targeted: true, requestTargeted: true, transport: id, configSeq: 7 },
  { type: 'init', id: 1, keepalive: 45, dod: false, loopDetect: false, pvLimit: 0, maxPdu: 4096, receiver: parseIPv4('10.9.9.1')!, receiverSpace: 0 },
  { type: 'keepalive', id: 2 },
  { type: 'address', id: 3, addrs: [parseIPv4('172.16.0.10')!, parseIPv4('10.9.9.3')!] },
  { type: 'addressWithdraw', id: 4, addrs: [parseIPv4('172.16.0.10')!] },
  { type: 'mapping', id: 5, fecs: [{ kind: 'prefix', prefix: pfx }], label: 1027 },
  { type: 'mapping', id: 6, fecs: [{ kind: 'prefix', prefix: parsePrefix('192.168.0.0/20')! }], label: 3 },
  { type: 'request', id: 7, fecs: [{ kind: 'prefix', prefix: pfx }], label: undefined },
  { type: 'withdraw', id: 8, fecs: [{ kind: 'wildcard' }], label: 48 },
  { type: 'release', id: 9, fecs: [{ kind: 'prefix', prefix: parsePrefix('0.0.0.0/0')! }], label: 48 },
  { type: 'abort', id: 10, fecs: [{ kind: 'prefix', prefix: pfx }], label: undefined },
  { type: 'notification', id: 11, status: (STATUS_E | STATUS.keepaliveExpired) >>> 0, msgId: 0, msgType: 0 },
];

void test('every message type survives encode/decode', () => {
  for (const m of samples) {
    const b = encodePdu({ lsrId: id, labelSpace: 0, msgs: [m] });
    const p = decodePdu(b);
    assert.deepEqual(p.lsrId, id);
    assert.equal(p.labelSpace, 0);
    assert.deepEqual(p.msgs, [m], m.type);
  }
});

void test('wire bytes: PDU header, hello message and TLVs per RFC 5036 3.1, 3.5.2', () => {
  const b = encodePdu({ lsrId: id, labelSpace: 0, msgs: [samples[0]] });
  // version 1, PDU length = total - 4, LDP id 10.9.9.3:0
  assert.equal(b.readUInt16BE(0), 1);
  assert.equal(b.readUInt16BE(2), b.length - 4);
  assert.deepEqual([...b.subarray(4, 10)], [10, 9, 9, 3, 0, 0]);
  // Hello 0x0100, length, message id, Common Hello Params TLV 0x0400 len 4 hold 15, transport TLV 0x0401.
  assert.equal(b.readUInt16BE(10), 0x0100);
  assert.equal(b.readUInt16BE(12), b.length - 14);
  assert.equal(b.readUInt16BE(18), 0x0400);
  assert.equal(b.readUInt16BE(20), 4);
  assert.equal(b.readUInt16BE(22), 15);
  assert.equal(b.readUInt16BE(26), 0x0401);
  assert.deepEqual([...b.subarray(30, 34)], [10, 9, 9, 3]);
  // Prefix FEC element: type 2, family 1, length 32, 4 bytes; a /20 carries 3 bytes.
  const m = encodePdu({ lsrId: id, labelSpace: 0, msgs: [samples[7]] });
  assert.deepEqual([...m.subarray(22, 29)], [2, 0, 1, 20, 192, 168, 0]);
});

void test('several messages per PDU, framing across TCP segment boundaries', () => {
  const one = encodePdu({ lsrId: id, labelSpace: 0, msgs: samples.slice(2, 8) });
  const two = encodePdu({ lsrId: id, labelSpace: 0, msgs: [samples[3]] });
  const stream = Buffer.concat([one, two]);
  const f = new PduFramer();
  const got: Buffer[] = [];
  for (let i = 0; i < stream.length; i += 7) got.push(...f.push(stream.subarray(i, i + 7)));
  assert.equal(got.length, 2);
  assert.deepEqual(decodePdu(got[0]).msgs, samples.slice(2, 8));
  assert.deepEqual(decodePdu(got[1]).msgs, [samples[3]]);
});

void test('malformed PDUs are rejected', () => {
  const b = encodePdu({ lsrId: id, labelSpace: 0, msgs: [samples[2]] });
  const badVer = Buffer.from(b);
  badVer.writeUInt16BE(2, 0);
  assert.throws(() => decodePdu(badVer), /version/);
  const badLen = Buffer.from(b);
  badLen.writeUInt16BE(b.length + 10, 2);
  assert.throws(() => decodePdu(badLen), /length/);
  const noTlv = Buffer.from(b.subarray(0, 18));
  noTlv.writeUInt16BE(14, 2);
  noTlv.writeUInt16BE(4, 12);
  assert.throws(() => decodePdu(noTlv), /missing TLV/);
});
