/**
 * EVPN NLRI and attributes (RFC 7432 s7, RFC 8365 s5): byte layouts checked against the RFC
 * field tables, round trips through a whole UPDATE (MP_REACH / MP_UNREACH, AFI 25 SAFI 70),
 * fast-check properties (decode(encode(r)) = r; arbitrary bytes give routes or a BgpError only),
 * and tshark's dissector reading the UPDATE when tshark is installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { BgpError, MsgType, decodeMsg, encodeMsg, type UpdateMsg } from './packet';
import {
  AFI_L2VPN, MAX_ET, PMSI_INGRESS_REPLICATION, SAFI_EVPN, type EvpnRoute, decodeEvpnExtComm, decodeEvpnNlri,
  encodeEvpnNlri, encodeExtComm, esImportOf, evpnKey,
} from './evpn-nlri';
import { parseAddr } from '../../net/addr';

const ESI = '00:2a:3b:4c:5d:6e:7f:00:00:09';

void test('type 1 per-ES A-D: 25 octets, MAX-ET tag, layout RD|ESI|tag|label', () => {
  const b = encodeEvpnNlri([{ type: 1, rd: '172.31.9.4:0', esi: ESI, tag: MAX_ET, label: 0 }]);
  assert.equal(b[0], 1);
  assert.equal(b[1], 25);
  assert.deepEqual([...b.subarray(2, 4)], [0, 1]); // RD type 1 (IPv4 administrator)
  assert.deepEqual([...b.subarray(4, 8)], [172, 31, 9, 4]);
  assert.equal(b.subarray(10, 20).toString('hex'), '002a3b4c5d6e7f000009');
  assert.equal(b.readUInt32BE(20), 0xffffffff);
  assert.deepEqual(decodeEvpnNlri(b), [{ type: 1, rd: '172.31.9.4:0', esi: ESI, tag: MAX_ET, label: 0 }]);
});

void test('type 2 with and without IP, VNI as the whole 24-bit label (RFC 8365 s5.1.3)', () => {
  const rs: EvpnRoute[] = [
    { type: 2, rd: '172.31.9.4:207', esi: ESI, tag: 0, mac: 'aa:c1:00:12:34:56', label: 70007 },
    { type: 2, rd: '172.31.9.4:207', esi: '00:00:00:00:00:00:00:00:00:00', tag: 0, mac: '02:00:00:00:00:0b', ip: '198.51.100.7', label: 70007, label2: 5001 },
    { type: 2, rd: '65010:207', esi: ESI, tag: 12, mac: '02:00:00:00:00:0c', ip: '2001:db8::7', label: 1 },
  ];
  const b = encodeEvpnNlri(rs);
  assert.equal(b[1], 33); // 8+10+4+1+6+1+3
  assert.equal(b.readUIntBE(2 + 30, 3), 70007);
  assert.deepEqual(decodeEvpnNlri(b), rs);
});

void test('type 3 and type 4 round trip; ES-import RT is ESI octets 1..6', () => {
  const rs: EvpnRoute[] = [
    { type: 3, rd: '172.31.9.5:207', tag: 0, origIp: '172.31.9.5' },
    { type: 4, rd: '172.31.9.5:0', esi: ESI, origIp: '172.31.9.5' },
  ];
  assert.deepEqual(decodeEvpnNlri(encodeEvpnNlri(rs)), rs);
  assert.equal(esImportOf(ESI), '2a:3b:4c:5d:6e:7f');
  assert.notEqual(evpnKey(rs[0]), evpnKey(rs[1]));
});

void test('extended communities: encapsulation VXLAN, ESI label single-active, ES-import, MAC mobility, router MAC', () => {
  const enc = encodeExtComm({ kind: 'encap', tunnelType: 8 });
  assert.equal(enc.toString('hex'), '030c000000000008');
  const esl = encodeExtComm({ kind: 'esi-label', singleActive: true, label: 0 });
  assert.equal(esl.toString('hex'), '0601010000000000');
  const imp = encodeExtComm({ kind: 'es-import', mac: esImportOf(ESI) });
  assert.equal(imp.toString('hex'), '06022a3b4c5d6e7f');
  for (const c of [
    { kind: 'encap', tunnelType: 8 }, { kind: 'esi-label', singleActive: false, label: 77 }, { kind: 'es-import', mac: '2a:3b:4c:5d:6e:7f' },
    { kind: 'mac-mobility', sticky: true, seq: 9 }, { kind: 'router-mac', mac: '1a:2b:3c:4d:5e:6f' },
  ] as const) assert.deepEqual(decodeEvpnExtComm(encodeExtComm(c)), c);
});

function update(rs: EvpnRoute[], withdraw: EvpnRoute[] = []): UpdateMsg {
  return {
    type: MsgType.UPDATE, withdrawn: [], nlri: [],
    attrs: {
      origin: 0, asPath: [], localPref: 100,
      extComms: [encodeExtComm({ kind: 'rt', rt: '65010:207' }), encodeExtComm({ kind: 'encap', tunnelType: 8 })],
      pmsi: { flags: 0, tunnelType: PMSI_INGRESS_REPLICATION, label: 70007, endpoint: '172.31.9.5' },
    },
    mpReach: rs.length ? { afi: AFI_L2VPN, safi: SAFI_EVPN, nextHop: parseAddr('172.31.9.5')!, nlri: [], evpn: rs } : undefined,
    mpUnreach: withdraw.length ? { afi: AFI_L2VPN, safi: SAFI_EVPN, nlri: [], evpn: withdraw } : undefined,
  };
}

const SAMPLE: EvpnRoute[] = [
  { type: 1, rd: '172.31.9.5:0', esi: ESI, tag: MAX_ET, label: 0 },
  { type: 1, rd: '172.31.9.5:207', esi: ESI, tag: 0, label: 70007 },
  { type: 3, rd: '172.31.9.5:207', tag: 0, origIp: '172.31.9.5' },
  { type: 4, rd: '172.31.9.5:0', esi: ESI, origIp: '172.31.9.5' },
];

void test('a whole UPDATE with MP_REACH and MP_UNREACH of AFI 25 / SAFI 70 and the PMSI attribute round-trips', () => {
  const u = update(SAMPLE, [{ type: 2, rd: '172.31.9.5:207', esi: ESI, tag: 0, mac: '02:00:00:00:00:0b', label: 70007 }]);
  const d = decodeMsg(encodeMsg(u, { as4: true }), { as4: true }) as UpdateMsg;
  assert.deepEqual(d.mpReach, u.mpReach);
  assert.deepEqual(d.mpUnreach, u.mpUnreach);
  assert.deepEqual(d.attrs.pmsi, u.attrs.pmsi);
});

const hexByte = fc.integer({ min: 0, max: 255 }).map((x) => x.toString(16).padStart(2, '0'));
const esiArb = fc.array(hexByte, { minLength: 10, maxLength: 10 }).map((a) => a.join(':'));
const macArb = fc.array(hexByte, { minLength: 6, maxLength: 6 }).map((a) => a.join(':'));
const v4 = fc.array(fc.nat(255), { minLength: 4, maxLength: 4 }).map((a) => a.join('.'));
const ipArb = fc.oneof(v4, fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((a) => a.map((x) => x.toString(16)).join(':')).map((s) => {
  const a = parseAddr(s)!;
  return a ? s : '2001:db8::1';
}));
const rdArb = fc.oneof(fc.tuple(fc.nat(0xffff), fc.nat(0xffffffff)).map(([a, n]) => `${a}:${n}`), fc.tuple(v4, fc.nat(0xffff)).map(([ip, n]) => `${ip}:${n}`));
const u24 = fc.nat(0xffffff);
const tag = fc.nat(0xffffffff);
const route: fc.Arbitrary<EvpnRoute> = fc.oneof(
  fc.record({ type: fc.constant(1 as const), rd: rdArb, esi: esiArb, tag, label: u24 }),
  fc.record({ type: fc.constant(2 as const), rd: rdArb, esi: esiArb, tag, mac: macArb, ip: ipArb, label: u24, label2: u24 }, { requiredKeys: ['type', 'rd', 'esi', 'tag', 'mac', 'label'] }),
  fc.record({ type: fc.constant(3 as const), rd: rdArb, tag, origIp: v4 }),
  fc.record({ type: fc.constant(4 as const), rd: rdArb, esi: esiArb, origIp: v4 }),
);

void test('property: decode(encode(routes)) = routes (IPv6 addresses compared in canonical form)', () => {
  fc.assert(fc.property(fc.array(route, { maxLength: 8 }), (rs) => {
    const back = decodeEvpnNlri(encodeEvpnNlri(rs));
    assert.equal(back.length, rs.length);
    assert.equal(encodeEvpnNlri(back).toString('hex'), encodeEvpnNlri(rs).toString('hex'));
  }), { numRuns: 300, seed: 7 });
});

void test('property: arbitrary bytes decode to routes or throw BgpError, nothing else', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (u) => {
    try {
      decodeEvpnNlri(Buffer.from(u));
    } catch (e) {
      assert.ok(e instanceof BgpError, String(e));
    }
  }), { numRuns: 500, seed: 11 });
});

void test('tshark dissects the EVPN UPDATE (route types, ESI, ES-import)', (t) => {
  const have = spawnSync('tshark', ['-v'], { stdio: 'ignore' });
  if (have.error || have.status !== 0) {
    t.skip('tshark is not installed on this machine');
    return;
  }
  const msg = encodeMsg(update(SAMPLE), { as4: true });
  // One Ethernet/IPv4/TCP frame to port 179 carrying the message, in a classic pcap file.
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(40000, 0); tcp.writeUInt16BE(179, 2); tcp.writeUInt32BE(1, 4); tcp[12] = 0x50; tcp[13] = 0x18; tcp.writeUInt16BE(65535, 14);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45; ip.writeUInt16BE(20 + 20 + msg.length, 2); ip[8] = 64; ip[9] = 6;
  Buffer.from([172, 31, 9, 5]).copy(ip, 12); Buffer.from([172, 31, 9, 4]).copy(ip, 16);
  const eth = Buffer.concat([Buffer.from('020000000001020000000002', 'hex'), Buffer.from([8, 0])]);
  const frame = Buffer.concat([eth, ip, tcp, msg]);
  const gh = Buffer.alloc(24); gh.writeUInt32LE(0xa1b2c3d4, 0); gh.writeUInt16LE(2, 4); gh.writeUInt16LE(4, 6); gh.writeUInt32LE(65535, 16); gh.writeUInt32LE(1, 20);
  const ph = Buffer.alloc(16); ph.writeUInt32LE(frame.length, 8); ph.writeUInt32LE(frame.length, 12);
  const dir = mkdtempSync(join(tmpdir(), 'evpn-pcap-'));
  try {
    const f = join(dir, 'u.pcap');
    writeFileSync(f, Buffer.concat([gh, ph, frame]));
    const out = execFileSync('tshark', ['-r', f, '-V', '-d', 'tcp.port==179,bgp'], { encoding: 'utf8', timeout: 20000 });
    assert.match(out, /Ethernet AD Route/i);
    assert.match(out, /Inclusive Multicast/i);
    assert.match(out, /Ethernet Segment Route/i);
    assert.doesNotMatch(out, /Malformed/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
