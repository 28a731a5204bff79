/**
 * RADIUS accounting of the VRRS accounting plug-in: the RFC 2866 packet, then a real FreeRADIUS
 * on loopback receiving Accounting-On / Accounting-Off from a simulated failover, and refusing a
 * wrong shared secret. Reported as skipped where freeradius is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as dgram from 'node:dgram';
import { SEC } from '../sim/scheduler';
import radius from 'radius';
import { encodeAcct, RadiusAccounting, CISCO_VENDOR } from '../runtime/radius-acct';
import type { VrrsAccountingRequest } from '../protocols/vrrs/accounting';
import { FreeRadius } from '../../tools/freeradius';
import { lab, SERVED } from './vrrs-lab';

const req = (over: Partial<VrrsAccountingRequest> = {}): VrrsAccountingRequest => ({
  time: 0,
  status: 'Accounting-On',
  vrrsName: 'edge-pool-9',
  nasIp: '10.90.1.1',
  sessionId: '0000002A',
  delaySec: 3,
  methodList: 'm1',
  servers: [],
  extra: [],
  ...over,
});

void test('Accounting-Request: attributes 4, 26 (Cisco VSA type 1), 40, 41, 44 and the Request Authenticator of RFC 2866 3', () => {
  const secret = 'test-secret-x';
  const p = encodeAcct(req(), secret, 77);
  assert.equal(p[0], 4, 'code Accounting-Request');
  assert.equal(p[1], 77);
  assert.equal(p.readUInt16BE(2), p.length);
  const attrs = new Map<number, Buffer[]>();
  for (let o = 20; o < p.length; o += p[o + 1]) attrs.set(p[o], [...(attrs.get(p[o]) ?? []), p.subarray(o + 2, o + p[o + 1])]);
  assert.deepEqual([...attrs.get(4)![0]], [10, 90, 1, 1]);
  assert.equal(attrs.get(40)![0].readUInt32BE(0), 7);
  assert.equal(attrs.get(41)![0].readUInt32BE(0), 3);
  assert.equal(attrs.get(44)![0].toString(), '0000002A');
  const vsa = attrs.get(26)![0];
  assert.equal(vsa.readUInt32BE(0), CISCO_VENDOR);
  assert.equal(vsa[4], 1, 'vendor type 1 (cisco-avpair)');
  assert.equal(vsa.subarray(6, 4 + vsa[5]).toString(), 'vrrs=edge-pool-9');
  // RFC 2866 3: MD5(Code + Identifier + Length + 16 zero octets + request attributes + secret).
  const zeroed = Buffer.from(p);
  zeroed.fill(0, 4, 20);
  const md5 = crypto.createHash('md5').update(zeroed).update(secret).digest();
  assert.deepEqual(p.subarray(4, 20), md5);
  assert.notDeepEqual(encodeAcct(req(), 'other', 77).subarray(4, 20), md5);
  assert.equal(encodeAcct(req({ status: 'Accounting-Off' }), secret, 1).includes(Buffer.from([40, 6, 0, 0, 0, 8])), true);
});

async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

void test('FreeRADIUS on loopback accepts Accounting-On and, after the accounting delay, Accounting-Off; a wrong secret is refused', async (t) => {
  if (!FreeRadius.available()) {
    t.skip('freeradius is not installed (apt-get install freeradius)');
    return;
  }
  const port = await freePort();
  const secret = 'lab-shared-7f3';
  const fr = await FreeRadius.start(port, secret);
  try {
    const sink = new RadiusAccounting({ timeoutMs: 1500, attempts: 3 });
    const L = lab({ ifState: true, mac: false }, sink, { host: '127.0.0.1', port, key: secret });
    L.vrrs.start();
    L.va.start();
    L.vb.start();
    L.sched.runFor(6 * SEC);
    L.vb.update(L.cfgB(220));
    L.sched.runFor(12 * SEC);
    await sink.flush();
    assert.deepEqual(sink.results.map((r) => [r.request.status, r.outcome]), [['Accounting-On', 'accepted'], ['Accounting-Off', 'accepted']]);
    assert.ok(sink.results.every((r) => !JSON.stringify(r).includes(secret)), 'the secret is not in the results');
    const recs = await fr.waitRecords(2);
    assert.equal(recs.length, 2, fr.log().slice(-2000));
    const [on, off] = recs;
    assert.deepEqual(on.attrs.get('Acct-Status-Type'), ['Accounting-On']);
    assert.deepEqual(off.attrs.get('Acct-Status-Type'), ['Accounting-Off']);
    for (const r of recs) {
      assert.deepEqual(r.attrs.get('NAS-IP-Address'), ['10.140.11.1']);
      assert.deepEqual(r.attrs.get('Cisco-AVPair'), [`vrrs=${SERVED}`]);
      assert.equal(r.attrs.get('Acct-Session-Id')?.length, 1);
    }
    assert.deepEqual(off.attrs.get('Acct-Delay-Time'), ['4'], 'the accounting delay');
    assert.notDeepEqual(on.attrs.get('Acct-Session-Id'), off.attrs.get('Acct-Session-Id'));

    const bad = new RadiusAccounting({ timeoutMs: 500, attempts: 1 });
    bad.send(req({ servers: [{ name: 'x', host: '127.0.0.1', acctPort: port, key: 'wrong-secret' }] }));
    await bad.flush();
    await bad.close();
    assert.equal(bad.results[0].outcome, 'timeout', 'FreeRADIUS drops a request whose authenticator does not verify');
    assert.equal(fr.records().length, 2, 'nothing more accounted');
    assert.match(fr.log(), /shared secret is incorrect|invalid Request Authenticator/i);
    await sink.close();
  } finally {
    await fr.stop();
    fr.cleanup();
  }
});

void test('the sink retransmits, keeps the order of requests, and rejects an answer signed with another secret', async () => {
  const secret = 'order-secret';
  const srv = dgram.createSocket('udp4');
  await new Promise<void>((r) => srv.bind(0, '127.0.0.1', () => r()));
  const port = srv.address().port;
  const seen: string[] = [];
  let n = 0;
  srv.on('message', (msg, rinfo) => {
    n++;
    if (n === 1) return; // the first attempt is lost
    const d = radius.decode({ packet: msg, secret });
    seen.push(String(d.attributes['Acct-Status-Type']));
    const signWith = seen.length === 3 ? 'forged' : secret;
    srv.send(radius.encode_response({ packet: d, code: 'Accounting-Response', secret: signWith }), rinfo.port, rinfo.address);
  });
  const sink = new RadiusAccounting({ timeoutMs: 300, attempts: 3 });
  const servers = [{ name: 's', host: '127.0.0.1', acctPort: port, key: secret }];
  sink.send(req({ status: 'Accounting-On', servers }));
  sink.send(req({ status: 'Accounting-Off', servers }));
  sink.send(req({ status: 'Accounting-On', servers }));
  sink.send(req({ status: 'Accounting-On', servers: [{ ...servers[0], host: '192.0.2.1' }] }));
  await sink.close();
  await new Promise<void>((r) => srv.close(() => r()));
  assert.deepEqual(seen, ['Accounting-On', 'Accounting-Off', 'Accounting-On']);
  assert.deepEqual(sink.results.map((r) => [r.request.status, r.outcome, r.attempts]), [
    ['Accounting-On', 'accepted', 2],
    ['Accounting-Off', 'accepted', 1],
    ['Accounting-On', 'bad-response', 1],
    ['Accounting-On', 'refused-host', 0],
  ]);
});
