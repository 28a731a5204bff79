/** BGP over net/tcp.ts (real TCP segments on simulated links). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler, SEC } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { Link } from '../../net/link';
import { parseIPv4 } from '../../net/addr';
import { newBgpConfig } from './config';
import { BgpProcess } from './process';
void test('over the real TCP stack: EBGP between two directly connected routers exchanges a redistributed loopback with its AS path', () => {
  const s = new Scheduler(); const r = new Random(3);
  const a = new Node('A', 1, s, r.fork('a')); const b = new Node('B', 2, s, r.fork('b'));
  const ia = a.addIface('e1', 'ethernet'); ia.adminUp = true; ia.v4 = { addr: parseIPv4('10.9.0.1')!, len: 30 };
  const ib = b.addIface('e1', 'ethernet'); ib.adminUp = true; ib.v4 = { addr: parseIPv4('10.9.0.2')!, len: 30 };
  const la = a.addIface('lo', 'loopback'); la.adminUp = true; la.v4 = { addr: parseIPv4('192.0.2.77')!, len: 32 };
  new Link(ia, ib, s, r); a.refreshConnected(); b.refreshConnected();
  const ca = newBgpConfig(65001); ca.peers.push({ addr: '10.9.0.2', remoteAs: 65002 }); ca.ipv4.enabled.add('10.9.0.2'); ca.ipv4.redistribute = ['direct'];
  const cb = newBgpConfig(65002); cb.peers.push({ addr: '10.9.0.1', remoteAs: 65001 }); cb.ipv4.enabled.add('10.9.0.1');
  const pa = new BgpProcess(a, ca); const pb = new BgpProcess(b, cb); pa.start(); pb.start();
  s.runFor(10 * SEC);
  assert.equal(pb.peers()[0].state, 'Established');
  assert.deepEqual(pb.asPathFor('', parseIPv4('192.0.2.77')!), [65001]);
});
