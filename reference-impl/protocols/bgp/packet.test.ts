import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIPv4, parsePrefix } from '../../net/addr';
import { BgpError, CAP, Framer, MsgType, OpenMsg, UpdateMsg, decodeMsg, encodeMsg, SAFI_MPLS_VPN } from './packet';
import { decodeRt, encodeRd, encodeRt, decodeRd } from './vpn';

void test('OPEN with MP and 4-octet AS capabilities round-trips as real bytes', () => {
  const m: OpenMsg = {
    type: MsgType.OPEN, version: 4, myAs: 100, holdTime: 180, bgpId: parseIPv4('2.2.2.2')!,
    caps: [{ code: 1, afi: 1, safi: 1 }, { code: 1, afi: 1, safi: 128 }, { code: 65, asn: 100 }],
  };
  const b = encodeMsg(m);
  assert.equal(b.subarray(0, 16).toString('hex'), 'f'.repeat(32));
  assert.equal(b.readUInt16BE(16), b.length);
  assert.equal(b[18], 1);
  assert.deepEqual(decodeMsg(b), m);
});

void test('KEEPALIVE is 19 octets, NOTIFICATION carries code/subcode/data', () => {
  const k = encodeMsg({ type: MsgType.KEEPALIVE });
  assert.equal(k.length, 19);
  assert.deepEqual(decodeMsg(k), { type: MsgType.KEEPALIVE });
  const n = encodeMsg({ type: MsgType.NOTIFICATION, code: 4, subcode: 0, data: Buffer.from([1, 2]) });
  assert.deepEqual(decodeMsg(n), { type: MsgType.NOTIFICATION, code: 4, subcode: 0, data: Buffer.from([1, 2]) });
});

void test('IPv4 UPDATE with attributes and withdrawals round-trips (2- and 4-octet AS paths)', () => {
  const u: UpdateMsg = {
    type: MsgType.UPDATE, withdrawn: [parsePrefix('10.9.0.0/16')!],
    attrs: { origin: 2, asPath: [{ type: 2, asns: [100, 65410] }], nextHop: parseIPv4('10.3.1.1')!, med: 5 },
    nlri: [parsePrefix('10.3.1.0/24')!, parsePrefix('0.0.0.0/0')!, parsePrefix('1.1.1.1/32')!],
  };
  for (const as4 of [false, true]) assert.deepEqual(decodeMsg(encodeMsg(u, { as4 }), { as4 }), u);
  // 2-octet encoding: AS_PATH value is type, count, 2 x 2 octets.
  const b = encodeMsg(u, { as4: false });
  assert.ok(b.includes(Buffer.from([0x40, 2, 6, 2, 2, 0, 100, 0xff, 0x82])));
});

void test('VPNv4 MP_REACH_NLRI: label, RD type 0/1, 12-octet next hop; MP_UNREACH with 0x800000', () => {
  const u: UpdateMsg = {
    type: MsgType.UPDATE, withdrawn: [], nlri: [],
    attrs: { origin: 2, asPath: [], localPref: 100, extComms: [encodeRt('111:1'), encodeRt('1.2.3.4:7')] },
    mpReach: { afi: 1, safi: SAFI_MPLS_VPN, nextHop: parseIPv4('2.2.2.2')!, nlri: [{ prefix: parsePrefix('1.1.1.1/32')!, rd: '100:1', label: 1027 }, { prefix: parsePrefix('10.1.1.0/24')!, rd: '9.9.9.9:3', label: 48 }] },
  };
  const b = encodeMsg(u);
  // next hop length 12: 8 zero octets of RD then the address
  assert.ok(b.includes(Buffer.from([0, 1, 128, 12, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 0])));
  // first NLRI: length 24+64+32 = 120, label 1027 << 4 | BoS
  assert.ok(b.includes(Buffer.from([120, 0x00, 0x40, 0x31, 0, 0, 0, 100, 0, 0, 0, 1, 1, 1, 1, 1])));
  const d = decodeMsg(b) as UpdateMsg;
  assert.deepEqual(d, u);
  assert.deepEqual(d.attrs.extComms!.map(decodeRt), ['111:1', '1.2.3.4:7']);
  const w: UpdateMsg = { type: MsgType.UPDATE, withdrawn: [], nlri: [], attrs: {}, mpUnreach: { afi: 1, safi: 128, nlri: [{ prefix: parsePrefix('1.1.1.1/32')!, rd: '100:1' }] } };
  const wb = encodeMsg(w);
  assert.ok(wb.includes(Buffer.from([120, 0x80, 0, 0])));
  assert.equal((decodeMsg(wb) as UpdateMsg).mpUnreach!.nlri[0].rd, '100:1');
  assert.equal(decodeRd(encodeRd('4200000000:5')), '4200000000:5');
});

void test('malformed input raises the RFC 4271 6 errors; the framer reassembles split streams', () => {
  const k = encodeMsg({ type: MsgType.KEEPALIVE });
  const bad = Buffer.from(k);
  bad[3] = 0;
  assert.throws(() => decodeMsg(bad), (e: BgpError) => e.code === 1 && e.subcode === 1);
  const t = Buffer.from(k);
  t[18] = 9;
  assert.throws(() => decodeMsg(t), (e: BgpError) => e.code === 1 && e.subcode === 3);
  const f = new Framer();
  const two = Buffer.concat([k, encodeMsg({ type: MsgType.NOTIFICATION, code: 6, subcode: 2, data: Buffer.alloc(0) })]);
  assert.equal(f.push(two.subarray(0, 7)).length, 0);
  assert.equal(f.push(two.subarray(7, 25)).length, 1);
  assert.equal(f.push(two.subarray(25)).length, 1);
});

void test('ROUTE-REFRESH (RFC 2918 3) and the route refresh capabilities round-trip', () => {
  const b = encodeMsg({ type: MsgType.ROUTE_REFRESH, afi: 1, safi: 128 });
  assert.deepEqual([...b.subarray(16)], [0, 23, 5, 0, 1, 0, 128]);
  assert.deepEqual(decodeMsg(b), { type: MsgType.ROUTE_REFRESH, afi: 1, safi: 128 });
  const bad = Buffer.concat([b, Buffer.from([0])]);
  bad.writeUInt16BE(24, 16);
  assert.throws(() => decodeMsg(bad), (e: BgpError) => e.code === 1 && e.subcode === 2);
  const open = encodeMsg({
    type: MsgType.OPEN,
    version: 4,
    myAs: 100,
    holdTime: 180,
    bgpId: parseIPv4('2.2.2.2')!,
    caps: [
      { code: CAP.MULTIPROTOCOL, afi: 1, safi: 1 },
      { code: CAP.ROUTE_REFRESH_OLD, data: Buffer.alloc(0) },
      { code: CAP.ROUTE_REFRESH, data: Buffer.alloc(0) },
      { code: CAP.AS4, asn: 100 },
    ],
  });
  const m = decodeMsg(open);
  assert.equal(m.type, MsgType.OPEN);
  if (m.type === MsgType.OPEN) assert.deepEqual(m.caps.map((c) => c.code), [1, 128, 2, 65]);
  // RFC 2918 2: the route refresh capability has length 0.
  assert.ok(open.includes(Buffer.from([2, 2, 2, 0])) && open.includes(Buffer.from([2, 2, 128, 0])));
});
