/** VRRP v3 (RFC 5798) and v2 (RFC 3768) between two routers on one LAN, virtual time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MS, SEC } from '../sim/scheduler';
import { parseAddr, linkLocalFromMac, prefixOf } from '../net/addr';
import { Node } from '../net/node';
import { Link } from '../net/link';
import { Random } from '../sim/random';
import { checksum, decodeEth, decodeIp, decodeArp, ETH_ARP, ETH_IPV4, ETH_IPV6, pseudo } from '../net/packet';
import { pcapHeader, pcapRecord } from '../net/pcap';
import { decodeVrrp, encodeVrrp, checkVrrp, virtualMac, PROTO_VRRP, VRRP_GROUP4, VRRP_GROUP6 } from '../protocols/vrrp/packet';
import { lan, vrrpCfg } from '../protocols/vrrp/testnet';
import type { VrrpStateEvent } from '../protocols/vrrp/engine';

const A = (s: string) => parseAddr(s)!;

void test('advertisement codec: v3 with the pseudo-header checksum (RFC 5798 5.2.8), v2 with auth data (RFC 3768 5.1)', () => {
  const src = A('10.61.3.2');
  const b = encodeVrrp({ version: 3, type: 1, vrid: 9, priority: 130, interval: 100, authType: 0, addresses: [A('10.61.3.250'), A('10.61.3.251')] }, src, VRRP_GROUP4);
  assert.equal(b.length, 16);
  assert.equal(b[0], 0x31);
  assert.deepEqual([b[1], b[2], b[3]], [9, 130, 2]);
  assert.equal(b.readUInt16BE(4), 100, 'Max Adver Int in centiseconds, 4 reserved bits zero');
  assert.equal(checksum(pseudo(src, VRRP_GROUP4, PROTO_VRRP, b.length), b), 0, 'sums to zero with the pseudo-header');
  assert.notEqual(checksum(b), 0, 'and not without it');
  assert.equal(checkVrrp(b, src, VRRP_GROUP4), undefined);
  assert.equal(checkVrrp(b, A('10.61.3.3'), VRRP_GROUP4), 'checksum', 'the pseudo-header binds the source');
  assert.deepEqual(decodeVrrp(b, 4)?.addresses.map((x) => x.v), [A('10.61.3.250').v, A('10.61.3.251').v]);
  const v2 = encodeVrrp({ version: 2, type: 1, vrid: 4, priority: 100, interval: 3, authType: 0, addresses: [A('10.61.3.250')] }, src, VRRP_GROUP4);
  assert.equal(v2.length, 8 + 4 + 8);
  assert.equal(v2[0], 0x21);
  assert.equal(v2[5], 3, 'Adver Int in seconds');
  assert.equal(checksum(v2), 0, 'v2 checksum covers the message only');
  const ll = linkLocalFromMac(Buffer.from([2, 0, 0, 9, 0, 1]));
  const v6 = encodeVrrp({ version: 3, type: 1, vrid: 2, priority: 100, interval: 50, authType: 0, addresses: [A('2001:db8:61::fe')] }, ll, VRRP_GROUP6);
  assert.equal(v6.length, 8 + 16);
  assert.equal(checkVrrp(v6, ll, VRRP_GROUP6), undefined);
  assert.deepEqual([...virtualMac(9, 4)], [0, 0, 0x5e, 0, 1, 9]);
  assert.deepEqual([...virtualMac(9, 6)], [0, 0, 0x5e, 0, 2, 9]);
});

function twoRouters(prioA: number, prioB: number, extra: Record<string, unknown> = {}) {
  const L = lan('edge-x', 'edge-y', 'ge7', '10.61.3.2/24', '10.61.3.3/24');
  const events: VrrpStateEvent[] = [];
  L.ea.onStateChange((e) => events.push(e));
  L.eb.onStateChange((e) => events.push(e));
  L.ea.update(vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: prioA, ...extra }));
  L.eb.update(vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: prioB, ...extra }));
  return { ...L, events };
}

void test('election by priority: the higher priority is Master, the other Backup, learning the master', () => {
  const L = twoRouters(140, 100);
  L.ea.start();
  L.eb.start();
  L.sched.runFor(6 * SEC);
  assert.equal(L.ea.state('ge7', 9), 'Master');
  assert.equal(L.eb.state('ge7', 9), 'Backup');
  const gb = L.eb.group('ge7', 9)!;
  assert.equal(gb.masterAddr, '10.61.3.2');
  assert.equal(gb.masterPriority, 140);
  assert.equal(gb.masterLocal, false);
  // Skew_Time = (256-100)*1000/256 ms = 609 ms; Master_Down_Interval = 3*1000 + 609.
  assert.equal(gb.skewMs, 609);
  assert.equal(gb.masterDownMs, 3609);
  assert.ok(gb.masterDownExpiresMs !== undefined && gb.masterDownExpiresMs <= 3609);
  const ga = L.ea.group('ge7', 9)!;
  assert.equal(ga.virtualMac, '0000.5e00.0109');
  assert.equal(ga.masterLocal, true);
  assert.equal(ga.lastReason, 'master-down');
  assert.equal(gb.lastReason, 'startup', 'Init -> Backup, never Master');
  assert.ok(ga.txAdverts >= 2 && gb.rxAdverts === ga.txAdverts, `${ga.txAdverts} sent, ${gb.rxAdverts} received`);
  assert.equal(gb.txAdverts, 0, 'a backup does not advertise');
  // Backup -> Master (master-down on both at first), then higher-priority for edge-y.
  const y = L.events.filter((e) => e.iface === 'ge7' && e.state === 'Backup');
  assert.ok(y.length >= 1);
  const last = L.eb.events().at(-1)!;
  assert.equal(last.state, 'Backup');
  // Every advertisement on the wire: from the virtual MAC, TTL 255, to 224.0.0.18.
  const adv = L.frames.map((f) => decodeEth(f.frame)!).filter((e) => e.type === ETH_IPV4).map((e) => ({ e, ip: decodeIp(ETH_IPV4, e.payload)! })).filter((x) => x.ip.proto === PROTO_VRRP);
  assert.equal(adv.length, ga.txAdverts);
  for (const { e, ip } of adv) {
    assert.equal(ip.ttl, 255);
    assert.equal(ip.dst.v, VRRP_GROUP4.v);
    assert.equal(e.src.toString('hex'), '00005e000109');
    assert.equal(e.dst.toString('hex'), '01005e000012');
  }
  // The port's MAC filter holds the virtual MAC on the master only, the group's multicast MAC on both.
  assert.ok(L.pa.macFilter.has('01005e000012') && L.pb.macFilter.has('01005e000012'));
  assert.ok(L.pa.macFilter.has('00005e000109'));
  assert.ok(!L.pb.macFilter.has('00005e000109'));
});

void test('election by address: equal priorities, the higher primary address wins (RFC 5798 6.4.3)', () => {
  const L = twoRouters(100, 100);
  L.ea.start();
  L.eb.start();
  L.sched.runFor(8 * SEC);
  assert.equal(L.eb.state('ge7', 9), 'Master', '10.61.3.3 > 10.61.3.2');
  assert.equal(L.ea.state('ge7', 9), 'Backup');
});

void test('master loss: the backup takes over within Master_Down_Interval of the last advertisement', () => {
  const L = twoRouters(200, 100);
  L.ea.start();
  L.eb.start();
  L.sched.runFor(5 * SEC);
  assert.equal(L.eb.state('ge7', 9), 'Backup');
  const lastAdv = () => Math.max(...L.frames.filter((f) => f.from === 'edge-x').map((f) => f.time));
  L.link.up = false;
  const t0 = lastAdv();
  assert.ok(L.sched.runUntilCondition(() => L.eb.state('ge7', 9) === 'Master', L.sched.now + 10 * SEC));
  const took = L.sched.now - t0;
  const mdi = L.eb.group('ge7', 9)!.masterDownMs * MS;
  assert.ok(took <= mdi + 1000 && took >= mdi - 1000, `takeover after ${took} us, Master_Down_Interval ${mdi} us`);
  const ev = L.eb.events().at(-1)!;
  assert.deepEqual([ev.old, ev.state, ev.reason], ['Backup', 'Master', 'master-down']);
});

void test('resignation: a master shut down sends priority 0 and the backup takes over after Skew_Time', () => {
  const L = twoRouters(200, 100);
  L.ea.start();
  L.eb.start();
  L.sched.runFor(5 * SEC);
  const cfg = vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: 200, shutdown: true });
  const t0 = L.sched.now;
  L.ea.update(cfg);
  assert.equal(L.ea.state('ge7', 9), 'Init');
  assert.ok(L.sched.runUntilCondition(() => L.eb.state('ge7', 9) === 'Master', t0 + 5 * SEC));
  const skew = L.eb.group('ge7', 9)!.skewMs * MS;
  assert.ok(L.sched.now - t0 <= skew + 1000, `took ${L.sched.now - t0} us, skew ${skew}`);
  assert.equal(L.eb.group('ge7', 9)!.rxZero, 1);
});

void test('preemption with delay: a higher-priority router waits the delay, then preempts; without preemption it stays Backup', () => {
  const L = twoRouters(100, 100);
  L.ea.update(vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: 180, preemptDelayMs: 7000 }));
  L.eb.start();
  L.sched.runFor(5 * SEC);
  assert.equal(L.eb.state('ge7', 9), 'Master', 'alone on the LAN');
  const t0 = L.sched.now;
  L.ea.start();
  L.sched.runFor(6 * SEC);
  assert.equal(L.ea.state('ge7', 9), 'Backup', 'still waiting the preempt delay');
  assert.ok(L.sched.runUntilCondition(() => L.ea.state('ge7', 9) === 'Master', t0 + 12 * SEC));
  const took = L.sched.now - t0;
  assert.ok(took >= 7 * SEC && took <= 8 * SEC, `preempted after ${took} us`);
  assert.equal(L.ea.events().at(-1)!.reason, 'preempt');
  L.sched.runFor(2 * SEC);
  assert.equal(L.eb.state('ge7', 9), 'Backup');
  assert.equal(L.eb.events().at(-1)!.reason, 'higher-priority');

  const M = twoRouters(100, 100);
  M.ea.update(vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: 180, preempt: false }));
  M.eb.start();
  M.sched.runFor(5 * SEC);
  M.ea.start();
  M.sched.runFor(20 * SEC);
  assert.equal(M.ea.state('ge7', 9), 'Backup', 'no preemption: the lower-priority master is kept');
  assert.equal(M.eb.state('ge7', 9), 'Master');
});

void test('several groups on one interface, each with its own master, virtual MAC and filter entry', () => {
  const L = lan('p-one', 'p-two', 'xe1', '172.29.8.11/24', '172.29.8.12/24');
  L.ea.update(vrrpCfg({ iface: 'xe1', vrid: 21, addresses: ['172.29.8.201'], priority: 150 }, { iface: 'xe1', vrid: 22, addresses: ['172.29.8.202'], priority: 90 }));
  L.eb.update(vrrpCfg({ iface: 'xe1', vrid: 21, addresses: ['172.29.8.201'], priority: 120 }, { iface: 'xe1', vrid: 22, addresses: ['172.29.8.202'], priority: 110 }));
  L.ea.start();
  L.eb.start();
  L.sched.runFor(8 * SEC);
  assert.deepEqual(L.ea.brief().map((r) => [r.vrid, r.state]), [[21, 'Master'], [22, 'Backup']]);
  assert.deepEqual(L.eb.brief().map((r) => [r.vrid, r.state]), [[21, 'Backup'], [22, 'Master']]);
  assert.ok(L.pa.macFilter.has('00005e000115') && !L.pa.macFilter.has('00005e000116'));
  assert.ok(L.pb.macFilter.has('00005e000116'));
  // ARP for each virtual address is answered by its master with its virtual MAC.
  let mac21: Buffer | undefined;
  let mac22: Buffer | undefined;
  L.eb.stop();
  L.ea.stop();
  L.ea.start();
  L.ea.update(vrrpCfg({ iface: 'xe1', vrid: 21, addresses: ['172.29.8.201'], priority: 150 }));
  L.sched.runFor(5 * SEC);
  L.b.neighbors.resolve(L.pb, A('172.29.8.201'), (m) => (mac21 = m));
  L.b.neighbors.resolve(L.pb, A('172.29.8.202'), (m) => (mac22 = m));
  L.sched.runFor(5 * SEC);
  assert.equal(mac21?.toString('hex'), '00005e000115');
  assert.equal(mac22, undefined, 'no group 22 any more: nobody answers');
});

void test('the master answers ARP with the virtual MAC, sends gratuitous ARP, and in accept mode answers ping to the virtual address', () => {
  const L = twoRouters(200, 100, { acceptMode: true });
  L.ea.start();
  L.sched.runFor(5 * SEC);
  const garp = L.frames.map((f) => decodeEth(f.frame)!).filter((e) => e.type === ETH_ARP).map((e) => ({ e, a: decodeArp(e.payload)! }));
  const g = garp.find((x) => x.a.spa.v === A('10.61.3.250').v && x.a.tpa.v === A('10.61.3.250').v);
  assert.ok(g, 'gratuitous ARP for the virtual address');
  assert.equal(g.e.src.toString('hex'), '00005e000109');
  assert.equal(g.a.sha.toString('hex'), '00005e000109');
  assert.equal(g.e.dst.toString('hex'), 'ffffffffffff');
  // edge-y has no VRRP running: it resolves the virtual address and pings it.
  let replies = 0;
  L.b.ip.onIcmp((_i, ip, m) => {
    if (m.type === 0 && ip.src.v === A('10.61.3.250').v) replies++;
  });
  const icmp = Buffer.from([8, 0, 0, 0, 0, 1, 0, 1]);
  icmp.writeUInt16BE(checksum(icmp), 2);
  L.b.ip.send({ dst: A('10.61.3.250'), proto: 1, payload: icmp });
  L.sched.runFor(2 * SEC);
  assert.equal(replies, 1);
  assert.ok(L.pa.macFilter.get('00005e000109')!.hits >= 1, 'the echo came in through the virtual MAC filter entry');
});

void test('version 2: seconds on the wire; a mismatched interval is discarded (RFC 3768 7.1)', () => {
  const L = lan('v2-a', 'v2-b', 'gi3', '192.0.2.66/26', '192.0.2.67/26');
  L.ea.update(vrrpCfg({ iface: 'gi3', vrid: 33, version: 2, addresses: ['192.0.2.120'], priority: 150, advertMs: 2000 }));
  L.eb.update(vrrpCfg({ iface: 'gi3', vrid: 33, version: 2, addresses: ['192.0.2.120'], priority: 100, advertMs: 2000 }));
  L.ea.start();
  L.eb.start();
  L.sched.runFor(12 * SEC);
  assert.equal(L.ea.state('gi3', 33), 'Master');
  assert.equal(L.eb.state('gi3', 33), 'Backup');
  // v2 Master_Down_Interval = 3*2 s + (256-100)/256 s = 6609 ms.
  assert.equal(L.eb.group('gi3', 33)!.masterDownMs, 6609);
  const adv = L.frames.map((f) => decodeIp(ETH_IPV4, decodeEth(f.frame)!.payload)).find((ip) => ip?.proto === PROTO_VRRP)!;
  assert.equal(adv.payload[0] >> 4, 2);
  assert.equal(adv.payload[5], 2);
  L.eb.update(vrrpCfg({ iface: 'gi3', vrid: 33, version: 2, addresses: ['192.0.2.120'], priority: 100, advertMs: 1000 }));
  L.sched.runFor(10 * SEC);
  assert.equal(L.eb.state('gi3', 33), 'Master', 'the other interval is not accepted: both masters');
  assert.ok(L.eb.group('gi3', 33)!.badAdverts > 0);
});

void test('version 3 over IPv6: from the link-local address to ff02::12, virtual MAC 00-00-5E-00-02-XX', () => {
  const L = lan('six-a', 'six-b', 'et0', '2001:db8:77::a/64', '2001:db8:77::b/64');
  L.ea.update(vrrpCfg({ iface: 'et0', vrid: 5, afi: 6, addresses: ['fe80::5', '2001:db8:77::1'], priority: 160, advertMs: 500 }));
  L.eb.update(vrrpCfg({ iface: 'et0', vrid: 5, afi: 6, addresses: ['fe80::5', '2001:db8:77::1'], priority: 100, advertMs: 500 }));
  L.ea.start();
  L.eb.start();
  L.sched.runFor(6 * SEC);
  assert.equal(L.ea.state('et0', 5, 6), 'Master');
  assert.equal(L.eb.state('et0', 5, 6), 'Backup');
  const gb = L.eb.group('et0', 5, 6)!;
  assert.equal(gb.masterAddr, L.ea.group('et0', 5, 6)!.localAddr);
  assert.match(gb.masterAddr ?? '', /^fe80:/);
  assert.equal(gb.masterAdverMs, 500);
  assert.ok(L.pa.macFilter.has('00005e000205'));
});

void test('vrrp delay minimum / reload: groups start after the reload delay at boot, after the minimum on interface up', () => {
  const L = twoRouters(150, 100);
  const cfg = vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: 150 });
  cfg.ifaces.set('ge7', { delayMinimumSec: 4, delayReloadSec: 11 });
  L.ea.update(cfg);
  L.ea.start();
  L.sched.runFor(10 * SEC);
  assert.equal(L.ea.state('ge7', 9), 'Init', 'reload delay running');
  assert.ok((L.ea.group('ge7', 9)!.startDelayMs ?? 0) > 0);
  L.sched.runFor(1 * SEC + 1);
  assert.equal(L.ea.state('ge7', 9), 'Backup');
  L.sched.runFor(5 * SEC);
  assert.equal(L.ea.state('ge7', 9), 'Master');
  L.pa.adminUp = false;
  L.a.ifaceChanged(L.pa);
  assert.equal(L.ea.state('ge7', 9), 'Init');
  assert.equal(L.ea.events().at(-1)!.reason, 'interface-down');
  L.pa.adminUp = true;
  L.a.ifaceChanged(L.pa);
  L.sched.runFor(3900 * MS);
  assert.equal(L.ea.state('ge7', 9), 'Init', 'minimum delay running');
  L.sched.runFor(200 * MS);
  assert.notEqual(L.ea.state('ge7', 9), 'Init');
});

void test('a capture of VRRP v2/v3 and gratuitous ARP decodes in tshark with good checksums', (t) => {
  let have = true;
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
  } catch {
    have = false;
  }
  if (!have) {
    t.skip('tshark is not installed');
    return;
  }
  const L = twoRouters(200, 100);
  L.ea.update(vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: 200 }, { iface: 'ge7', vrid: 12, version: 2, addresses: ['10.61.3.251'], priority: 120 }));
  L.ea.start();
  L.sched.runFor(4 * SEC);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'np-vrrp-')), 'lan.pcap');
  fs.writeFileSync(file, Buffer.concat([pcapHeader(), ...L.frames.map((f) => pcapRecord(f.time, f.frame))]));
  const out = execFileSync('tshark', ['-n', '-r', file, '-o', 'ip.check_checksum:TRUE', '-Y', 'vrrp', '-T', 'fields', '-e', 'vrrp.version', '-e', 'vrrp.virt_rtr_id', '-e', 'vrrp.prio', '-e', 'vrrp.checksum.status', '-e', 'ip.ttl', '-e', 'vrrp.ip_addr'], { encoding: 'utf8' });
  const rows = out.trim().split('\n').map((l) => l.split('\t'));
  assert.ok(rows.some((r) => r[0] === '3' && r[1] === '9' && r[2] === '200'), out);
  assert.ok(rows.some((r) => r[0] === '2' && r[1] === '12' && r[2] === '120'), out);
  for (const r of rows) {
    assert.equal(r[3], '1', `checksum status good (1): ${r.join(' ')}`);
    assert.equal(r[4], '255');
  }
  const arp = execFileSync('tshark', ['-n', '-r', file, '-Y', 'arp.isgratuitous', '-T', 'fields', '-e', 'arp.src.hw_mac', '-e', 'arp.src.proto_ipv4'], { encoding: 'utf8' });
  assert.match(arp, /00:00:5e:00:01:09\t10\.61\.3\.250/);
  // IPv6: the pseudo-header checksum over ff02::12 and the link-local source.
  const S = lan('six-a', 'six-b', 'et0', '2001:db8:79::a/64', '2001:db8:79::b/64');
  S.ea.update(vrrpCfg({ iface: 'et0', vrid: 44, afi: 6, addresses: ['fe80::44', '2001:db8:79::1'], priority: 210 }));
  S.ea.start();
  S.sched.runFor(5 * SEC);
  const f6 = path.join(path.dirname(file), 'lan6.pcap');
  fs.writeFileSync(f6, Buffer.concat([pcapHeader(), ...S.frames.map((f) => pcapRecord(f.time, f.frame))]));
  const out6 = execFileSync('tshark', ['-n', '-r', f6, '-Y', 'vrrp', '-T', 'fields', '-e', 'vrrp.version', '-e', 'vrrp.virt_rtr_id', '-e', 'vrrp.checksum.status', '-e', 'ipv6.hlim', '-e', 'ipv6.dst'], { encoding: 'utf8' });
  const rows6 = out6.trim().split('\n').map((l) => l.split('\t'));
  assert.ok(rows6.length >= 2, out6);
  for (const r of rows6) assert.deepEqual(r, ['3', '44', '1', '255', 'ff02::12']);
  const na = execFileSync('tshark', ['-n', '-r', f6, '-Y', 'icmpv6.type == 136', '-T', 'fields', '-e', 'icmpv6.nd.na.target_address', '-e', 'icmpv6.opt.linkaddr', '-e', 'icmpv6.checksum.status'], { encoding: 'utf8' });
  assert.match(na, /2001:db8:79::1\t00:00:5e:00:02:2c\t1/);
});

void test('the master forwards traffic a host sends to the virtual MAC as its gateway; a router no longer master discards them', () => {
  // host-9 on the LAN uses the virtual address as its default gateway; gw-1 (the master) routes
  // to a server behind its port eth9.
  const L = lan('gw-1', 'host-9', 'ge7', '10.61.3.2/24', '10.61.3.77/24');
  const srvNode = new Node('srv', 3, L.sched, new Random(9));
  const up = L.a.addIface('eth9', 'ethernet');
  up.v4 = { addr: A('10.99.0.1'), len: 30 };
  up.adminUp = true;
  const sp = srvNode.addIface('eth0', 'ethernet');
  sp.v4 = { addr: A('10.99.0.2'), len: 30 };
  sp.adminUp = true;
  new Link(up, sp, L.sched, new Random(4));
  L.a.ifaceChanged(up);
  srvNode.ifaceChanged(sp);
  srvNode.vrf('').rib[4].setSource('static', [{ prefix: prefixOf(A('10.61.3.0'), 24), code: 'S', distance: 1, metric: 0, paths: [{ iface: sp, nextHop: A('10.99.0.1') }], since: 0, source: 'static' }], 0);
  // The host's default route points at the virtual address.
  L.b.vrf('').rib[4].setSource('static', [{ prefix: prefixOf(A('0.0.0.0'), 0), code: 'S', distance: 1, metric: 0, paths: [{ iface: L.pb, nextHop: A('10.61.3.250') }], since: 0, source: 'static' }], 0);
  L.ea.update(vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: 120 }));
  L.ea.start();
  L.sched.runFor(5 * SEC);
  assert.equal(L.ea.state('ge7', 9), 'Master');
  let replies = 0;
  L.b.ip.onIcmp((_i, ip, m) => {
    if (m.type === 0 && ip.src.v === A('10.99.0.2').v) replies++;
  });
  const icmp = Buffer.from([8, 0, 0, 0, 0, 7, 0, 1]);
  icmp.writeUInt16BE(checksum(icmp), 2);
  L.b.ip.send({ dst: A('10.99.0.2'), proto: 1, payload: icmp });
  L.sched.runFor(2 * SEC);
  assert.equal(replies, 1, 'echo to the server through the virtual gateway');
  const toVmac = L.frames.filter((f) => f.from === 'host-9').map((f) => decodeEth(f.frame)!).filter((e) => e.type === ETH_IPV4);
  assert.ok(toVmac.length >= 1 && toVmac.every((e) => e.dst.toString('hex') === '00005e000109'), 'the host addressed the virtual MAC');
  assert.equal(L.a.ip.forwarded, 2, 'the request and the reply');
  // Not the master any more: frames to the virtual MAC are no longer taken in.
  L.ea.update(vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: 120, shutdown: true }));
  L.b.ip.send({ dst: A('10.99.0.2'), proto: 1, payload: icmp });
  L.sched.runFor(2 * SEC);
  assert.equal(replies, 1);
  assert.equal(L.a.ip.forwarded, 2, 'a router in Init discards frames to the virtual MAC (RFC 5798 6.4.2)');
});

void test('after an engine restart (reboot) the reload delay applies again', () => {
  const L = twoRouters(150, 100);
  const cfg = vrrpCfg({ iface: 'ge7', vrid: 9, addresses: ['10.61.3.250'], priority: 150 });
  cfg.ifaces.set('ge7', { delayMinimumSec: 2, delayReloadSec: 9 });
  L.ea.update(cfg);
  L.ea.start();
  L.sched.runFor(14 * SEC);
  assert.equal(L.ea.state('ge7', 9), 'Master');
  L.ea.stop();
  L.ea.update(cfg);
  L.ea.start();
  L.sched.runFor(8 * SEC);
  assert.equal(L.ea.state('ge7', 9), 'Init', 'reload delay after the restart');
  L.sched.runFor(1100 * MS);
  assert.equal(L.ea.state('ge7', 9), 'Backup');
});

void test('IPv6: the master sends an unsolicited NA (R, O set) for the virtual address and answers NS with the virtual MAC', () => {
  const L = lan('six-a', 'six-b', 'et0', '2001:db8:78::a/64', '2001:db8:78::b/64');
  L.ea.update(vrrpCfg({ iface: 'et0', vrid: 6, afi: 6, addresses: ['fe80::6', '2001:db8:78::1'], priority: 200 }));
  L.ea.start();
  L.sched.runFor(5 * SEC);
  assert.equal(L.ea.state('et0', 6, 6), 'Master');
  const nas = L.frames.map((f) => decodeEth(f.frame)!).filter((e) => e.type === ETH_IPV6).map((e) => decodeIp(ETH_IPV6, e.payload)!).filter((ip) => ip.proto === 58 && ip.payload[0] === 136);
  assert.equal(nas.length, 2, 'one per virtual address');
  assert.ok(nas.every((ip) => (ip.payload.readUInt32BE(4) & 0xe0000000) >>> 0 === 0xa0000000 && ip.ttl === 255));
  let mac: Buffer | undefined;
  L.b.neighbors.resolve(L.pb, A('2001:db8:78::1'), (m) => (mac = m));
  L.sched.runFor(2 * SEC);
  assert.equal(mac?.toString('hex'), '00005e000206');
});

void test('a group without a virtual address stays Init until one is configured; removing the interface stops it', () => {
  const L = lan('cfg-a', 'cfg-b', 'ge2', '10.33.0.1/24', '10.33.0.2/24');
  assert.deepEqual(L.ea.update(vrrpCfg({ iface: 'ge2', vrid: 300, addresses: ['10.33.0.9'] })), ['vrrp ge2 group 300: VRID 300 is not in 1-255']);
  L.ea.update(vrrpCfg({ iface: 'ge2', vrid: 3, addresses: [], name: 'pending' }));
  L.ea.start();
  L.sched.runFor(5 * SEC);
  assert.equal(L.ea.state('ge2', 3), 'Init');
  assert.equal(L.frames.length, 0, 'nothing sent');
  L.ea.update(vrrpCfg({ iface: 'ge2', vrid: 3, addresses: ['10.33.0.9'], name: 'pending' }));
  L.sched.runFor(5 * SEC);
  assert.equal(L.ea.state('ge2', 3), 'Master');
  L.a.removeIface(L.pa);
  assert.equal(L.ea.state('ge2', 3), 'Init');
  assert.equal(L.ea.events().at(-1)!.reason, 'interface-down');
});
