/**
 * Shows and debug from live state on a two-router LAN trunk: VRRP master and backup on the wire,
 * VRRS clients following the group (interface-state, MAC-address plug-ins), a follower whose
 * group has no server, failover by priority with preemption, and debug lines after `terminal
 * monitor`. Names and addresses are not the document's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { iosLab, run, sess } from './testutil';
import type { IosDevice } from './device';
import { ensureVrrpModules } from './testmods';
import { vrrsEngine } from './engines';

const A = [
  'interface GigabitEthernet0/0/0',
  'no ip address',
  'interface GigabitEthernet0/0/0.21',
  'encapsulation dot1Q 21',
  'ip address 10.121.0.1 255.255.255.0',
  'vrrp 5 name blue-grp',
  'vrrp 5 ip 10.121.0.254',
  'vrrp 5 priority 120',
  'interface GigabitEthernet0/0/0.22',
  'encapsulation dot1Q 22',
  'ip address 10.122.0.1 255.255.255.0',
  'vrrs follow blue-grp',
  'vrrs interface-state',
  'vrrs mac-address arp interval 2 duration 10',
  'exit',
  'aaa new-model',
  'aaa accounting vrrs acct-l1 start-stop group radius',
  'radius server rs-one',
  'address ipv4 127.0.0.1 auth-port 31812 acct-port 31813',
  'key sh4red-s3cret',
  'exit',
  'vrrs blue-grp',
  'accounting delay 2',
  'accounting method acct-l1',
  'interface GigabitEthernet0/0/0.23',
  'encapsulation dot1Q 23',
  'ip address 10.123.0.1 255.255.255.0',
  'vrrs follow no-such-grp',
  'vrrs interface-state',
  'end',
];
const B = ['interface GigabitEthernet0/0/0.21', 'encapsulation dot1Q 21', 'ip address 10.121.0.2 255.255.255.0', 'vrrp 5 ip 10.121.0.254', 'interface GigabitEthernet0/0/0.22', 'encapsulation dot1Q 22', 'ip address 10.122.0.2 255.255.255.0', 'end'];

void test('VRRP master/backup on the wire, VRRS clients, shows and debug from live state', async () => {
  const lab = await iosLab(['west', 'east']);
  for (const n of ['west', 'east']) ensureVrrpModules(lab.node(n).device as IosDevice);
  const w = sess(lab, 'west');
  const e = sess(lab, 'east');
  for (const [s, lines] of [[w, A], [e, B]] as const) {
    await run(s, 'enable');
    await run(s, 'configure terminal');
    for (const l of lines) assert.doesNotMatch(await run(s, l), /%/, l);
  }
  await run(w, 'terminal monitor');
  assert.equal(await run(w, 'debug vrrs plugin'), 'VRRS plugin debugging is on\n');
  assert.equal(await run(w, 'debug arp'), 'ARP packet debugging is on\n');
  const sched = lab.node('west').node.sched;
  sched.runFor(10 * SEC);
  const arpDbg = w.drain();
  // Unsolicited ARP replies with the virtual MAC, every `interval` (2 s) while active.
  const sent = arpDbg.match(/^\*\w{3} [ \d]\d [\d:.]+: IP ARP: sent rep src 10\.122\.0\.1 0000\.5e00\.0105, dst 10\.122\.0\.1 ffff\.ffff\.ffff GigabitEthernet0\/0\/0\.22$/gm) ?? [];
  assert.ok(sent.length >= 2, arpDbg);
  assert.match(await run(w, 'show interfaces GigabitEthernet0/0/0.23'), /^GigabitEthernet0\/0\/0\.23 is up, line protocol is down\n/);
  assert.match(await run(w, 'show interfaces gi0/0/0.21'), /Encapsulation 802\.1Q Virtual LAN, Vlan ID {2}21\./);

  const brief = await run(w, 'show vrrp brief');
  assert.match(brief, /^Gi0\/0\/0\.21\s+5\s+120\s+\d+\s+Y\s+Master\s+10\.121\.0\.1\s+10\.121\.0\.254$/m, brief);
  assert.match(await run(e, 'show vrrp brief'), /^Gi0\/0\/0\.21\s+5\s+100\s+\d+\s+Y\s+Backup\s+10\.121\.0\.1\s+10\.121\.0\.254$/m);
  const v = await run(w, 'show vrrp');
  assert.match(v, /GigabitEthernet0\/0\/0\.21 - Group 5\n {2}State is Master\n {2}Virtual IP address is 10\.121\.0\.254\n {2}Virtual MAC address is 0000\.5e00\.0105/);
  assert.match(v, /VRRS Group name blue-grp/);

  const br = await run(w, 'show ip interface brief');
  assert.match(br, /^GigabitEthernet0\/0\/0\.22 10\.122\.0\.1\s+YES manual up\s+up$/m);
  assert.match(br, /^GigabitEthernet0\/0\/0\.23 10\.123\.0\.1\s+YES manual up\s+down$/m, br);
  const sum = await run(w, 'show vrrs summary');
  assert.match(sum, /^blue-grp\s+VRRP\s+ACTIVE\s+10\.121\.0\.254$/m, sum);
  assert.match(sum, /^no-such-grp\s+UNKNOW\s+INIT\s+0\.0\.0\.0$/m);
  const db = await run(w, 'show vrrs plugin database');
  assert.match(db, /Name = blue-grp\nServer connection = Live\nState = Active\nMAC addr = 0000\.5e00\.0105\nTest Control = False\nClient Handle = \d+\nInterface list =\n {16}GigE0\/0\/0\.22\n/, db);
  assert.match(db, /Name = no-such-grp\nServer connection = Disconnected\nState = Disabled\nMAC addr = 0000\.0000\.0000/);
  const arp = await run(w, 'show ip arp');
  assert.match(arp, /^Internet {2}10\.122\.0\.1\s+- {3}0000\.5e00\.0105 {2}ARPA {3}GigabitEthernet0\/0\/0\.22$/m, arp);
  assert.match(arp, /^Internet {2}10\.121\.0\.254\s+- {3}0000\.5e00\.0105 {2}ARPA {3}GigabitEthernet0\/0\/0\.21$/m);
  assert.match(await run(w, 'show controllers gigabitethernet 0/0/0'), /^0x[0-9A-F]{2}: \d 0000\.5e00\.0105 0000\.0000\.0000 \d+$/m);
  assert.match(await run(w, 'show vrrs clients'), /^1\s+High\s+No\s+VRRS-Plugins$/m);
  assert.match(await run(w, 'show vrrs group blue-grp'), /^blue-grp\nServer VRRP, state ACTIVE, old state \w+, reason \w+/);

  // Failover: east takes over with a higher priority (preemption is on by default).
  await run(e, 'configure terminal');
  await run(e, 'interface GigabitEthernet0/0/0.21');
  await run(e, 'vrrp 5 priority 200');
  sched.runFor(10 * SEC);
  const dbg = w.drain();
  assert.match(dbg, /^\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3}: VRRS-P/m, dbg);
  // Debug messages reach a vty session only after `terminal monitor`.
  assert.equal(e.drain(), '');
  assert.match(await run(w, 'show vrrp brief'), /Backup\s+10\.121\.0\.2\s+10\.121\.0\.254/);
  assert.match(await run(w, 'show vrrs summary'), /^blue-grp\s+VRRP\s+BACKUP/m);
  assert.match(await run(w, 'show ip interface brief'), /^GigabitEthernet0\/0\/0\.22 10\.122\.0\.1\s+YES manual up\s+down$/m);
  assert.match(await run(w, 'show vrrs group blue-grp'), /state BACKUP, old state ACTIVE, reason Protocol/);
  const arp2 = await run(w, 'show ip arp');
  assert.doesNotMatch(arp2, /10\.122\.0\.1 .*0000\.5e00\.0105/);
  // The accounting plug-in: Accounting-On on becoming active, Accounting-Off after the delay.
  const acct = vrrsEngine(lab.node('west').device as IosDevice)!.accounting;
  assert.deepEqual(acct.map((r) => [r.status, r.vrrsName, r.methodList, r.servers.map((x) => `${x.host}:${x.acctPort}`).join()]), [
    ['Accounting-On', 'blue-grp', 'acct-l1', '127.0.0.1:31813'],
    ['Accounting-Off', 'blue-grp', 'acct-l1', '127.0.0.1:31813'],
  ]);
  assert.doesNotMatch(await run(w, 'show running-config'), /sh4red-s3cret/);
  assert.equal(await run(w, 'undebug all'), 'All possible debugging has been turned off\n');
  await lab.stop();
});

void test('VRRPv3 (fhrp version vrrp v3): several groups on one interface, IPv4 and IPv6, vrrpv2, show vrrp and brief', async () => {
  const lab = await iosLab(['nw1', 'nw2']);
  for (const n of ['nw1', 'nw2']) ensureVrrpModules(lab.node(n).device as IosDevice);
  const cfg = (me: string, prio: number) => [
    'fhrp version vrrp v3',
    'interface GigabitEthernet0/0/0',
    `ip address 10.88.0.${me} 255.255.255.0`,
    `ipv6 address 2001:db8:88::${me}/64`,
    'vrrp 11 address-family ipv4',
    'address 10.88.0.111 primary',
    `priority ${prio}`,
    'timers advertise msec 500',
    'exit-vrrp',
    'vrrp 12 address-family ipv4',
    'vrrpv2',
    'address 10.88.0.112',
    'exit',
    'vrrp 13 address-family ipv6',
    'address fe80::13 primary',
    `priority ${prio}`,
    'end',
  ];
  const a = sess(lab, 'nw1');
  const b = sess(lab, 'nw2');
  for (const [s, lines] of [[a, cfg('1', 150)], [b, cfg('2', 90)]] as const) {
    await run(s, 'enable');
    await run(s, 'configure terminal');
    for (const l of lines) assert.doesNotMatch(await run(s, l), /%/, `${l} at ${s.prompt()}`);
  }
  lab.node('nw1').node.sched.runFor(10 * SEC);
  const br = await run(a, 'show vrrp brief');
  assert.match(br, /^ {2}Interface {10}Grp {2}A-F Pri {2}Time Own Pre State {3}Master addr\/Group addr$/m);
  assert.match(br, /^ {2}Gi0\/0\/0\s+11 IPv4 150\s+\d+ {2}N {3}Y {2}MASTER {2}10\.88\.0\.1\(local\) 10\.88\.0\.111$/m, br);
  assert.match(br, /^ {2}Gi0\/0\/0\s+13 IPv6 150\s+\d+ {2}N {3}Y {2}MASTER {2}\S+\(local\) FE80::13$/im);
  const bb = await run(b, 'show vrrp brief');
  assert.match(bb, /^ {2}Gi0\/0\/0\s+11 IPv4 {2}90\s+\d+ {2}N {3}Y {2}BACKUP {2}10\.88\.0\.1 10\.88\.0\.111$/m, bb);
  // Group 12: equal priorities, the higher primary address wins (RFC 3768 6.4.3).
  assert.match(bb, /^ {2}Gi0\/0\/0\s+12 IPv4 100\s+\d+ {2}N {3}Y {2}MASTER {2}10\.88\.0\.2\(local\) 10\.88\.0\.112$/m, bb);
  const v = await run(a, 'show vrrp');
  assert.match(v, /GigabitEthernet0\/0\/0 - Group 11 - Address-Family IPv4\n {2}State is MASTER\n {2}State duration \d+ mins [\d.]+ secs\n {2}Virtual IP address is 10\.88\.0\.111\n {2}Virtual MAC address is 0000\.5E00\.010B\n {2}Advertisement interval is 500 msec/);
  assert.match(v, /Group 13 - Address-Family IPv6\n {2}State is MASTER/);
  assert.match(await run(a, 'show running-config'), /^ vrrp 12 address-family ipv4\n {2}vrrpv2\n {2}address 10\.88\.0\.112 primary\n {2}exit-vrrp$/m);
  await lab.stop();
});
