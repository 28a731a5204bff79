/** The displays added for real-device tools, rendered from a live lab (the bfd-static-vpn topology). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab } from '../../lab';
import { SEC } from '../../sim/scheduler';
import type { VrpDevice } from './device';
import { arpRows, displayArpAll } from './show-arp';
import { displayInterface, displayInterfaceBrief, interfaceBriefRows, utilisation } from './show-interface';
import { displayRoutingTableVerbose, fmtAge } from './show-routing-verbose';
import { displayVersion, fmtUptime } from './show-version';
import { displayIpVpnInstance, vpnInstanceRows } from './show-vpn';

const SEED = path.join(__dirname, '..', '..', '..', '..', 'shared', 'seeds', '003_ec677ba149024c37.txt');
const SEED2 = '/work/shared/seeds/003_ec677ba149024c37.txt';
const TOPO = path.join(__dirname, '../../../topologies/bfd-static-vpn/bfd-static-vpn.clab.yml');
const seedPath = fs.existsSync(SEED) ? SEED : SEED2;
const have = fs.existsSync(seedPath);

function configFile(text: string, name: string): string {
  const i = text.indexOf(`* ${name} configuration file`);
  const a = text.indexOf('```', i) + 3;
  const b = text.indexOf('```', a);
  return text.slice(a, b).split('\n').map((x) => x.replace(/^ {2}/, '').trimEnd()).filter((x) => x !== '').join('\n') + '\n';
}

async function lab(): Promise<Lab> {
  const l = await Lab.create(await loadTopology(TOPO), { mode: 'fast', telnet: false });
  const text = fs.readFileSync(seedPath, 'utf8');
  for (const n of ['PE1', 'PE2', 'PE3', 'CE1', 'CE2']) assert.deepEqual((l.node(n).device as VrpDevice).applyConfig(configFile(text, n)), [], n);
  l.sched.runFor(90 * SEC);
  return l;
}

void test('formatters', () => {
  assert.equal(fmtUptime((2 * 3600 + 35 * 60 + 58) * SEC), '0 days, 2 hours, 35 minutes');
  assert.equal(fmtUptime((86400 + 60) * SEC), '1 day, 0 hours, 1 minute');
  assert.equal(fmtAge((5 * 60 + 12) * SEC), '00h05m12s');
  assert.equal(fmtAge((3 * 86400 + 4 * 3600 + 5 * 60) * SEC), '3d04h05m');
  assert.equal(utilisation(0, 10 * SEC), '0%');
  assert.equal(utilisation(100, 10 * SEC), '0.01%');
  assert.equal(utilisation(125_000_000 * 0.5, 1 * SEC), '50%');
});

void test('live displays on the document lab: version, interfaces, ARP, VPN instances, verbose routes', { skip: have ? false : 'seed not found' }, async () => {
  const l = await lab();
  const pe1 = l.node('PE1').device as VrpDevice;
  const node = pe1.node;

  assert.match(displayVersion(node), /^Huawei Versatile Routing Platform Software\nVRP \(R\) software, Version 8\.\d+ .*\nHUAWEI NE40E uptime is 0 days, 0 hours, 1 minute\n$/s);

  const brief = interfaceBriefRows(node);
  const ge = brief.find((r) => r.iface === 'GigabitEthernet0/3/0')!;
  assert.deepEqual([ge.phy, ge.protocol], ['up', 'up']);
  assert.ok(brief.some((r) => r.iface === 'NULL0' && r.protocol === 'up(s)'));
  assert.notEqual(ge.inUti, '0%', 'BFD and BGP traffic has crossed the CE port');
  const lines = displayInterfaceBrief(node).split('\n');
  const h = lines.find((x) => x.startsWith('Interface'))!;
  assert.equal(h, 'Interface                  PHY      Protocol  InUti OutUti   inErrors  outErrors');
  const row = lines.find((x) => x.startsWith('GigabitEthernet0/3/0 '))!;
  assert.equal(row.length, h.length);
  assert.equal(row.indexOf('up'), h.indexOf('PHY'));

  const d = displayInterface(node, 'GigabitEthernet0/3/0')!;
  assert.match(d, /^GigabitEthernet0\/3\/0 current state : UP\nLine protocol current state : UP\n/);
  assert.match(d, /Internet Address is 10\.1\.1\.2\/24\n/);
  assert.match(d, /Binding VPN-Instance: VPNA\n/);
  assert.match(d, /Hardware address is [0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}\n/);
  assert.match(d, /Input: [1-9]\d* bytes, [1-9]\d* packets/);
  assert.equal(displayInterface(node, 'GigabitEthernet9/9/9'), undefined);

  const arp = arpRows(node);
  const ce = arp.find((r) => r.ip === '10.1.1.1')!;
  assert.equal(ce.type, 'D-0');
  assert.equal(ce.vpn, 'VPNA');
  assert.equal(ce.iface, 'GigabitEthernet0/3/0');
  assert.ok(arp.some((r) => r.ip === '10.1.1.2' && r.type === 'I -'));
  const text = displayArpAll(node).split('\n');
  assert.equal(text[0], 'IP ADDRESS      MAC ADDRESS     EXPIRE(M) TYPE        INTERFACE   VPN-INSTANCE');
  assert.equal(text[1], '                                          VLAN/CEVLAN(SIP/DIP)');
  assert.match(text.find((x) => x.startsWith('10.1.1.1 '))!, /^10\.1\.1\.1 {8}[0-9a-f-]{14} {2}\d+ +D-0 {9}GigabitEthernet0\/3\/0 VPNA$/);
  assert.match(text[text.length - 2], new RegExp(`^Total:${arp.length} +Dynamic:\\d+ +Static:0 +Interface:\\d+$`));

  assert.deepEqual(vpnInstanceRows(node), [{ name: 'VPNA', rd: '100:1', family: 'IPv4' }]);
  assert.match(displayIpVpnInstance(node), /\n {2}VPN-Instance Name {15}RD {20}Address-family\n {2}VPNA {28}100:1 {17}IPv4\n$/);

  const v = displayRoutingTableVerbose(node, pe1.running, 'VPNA');
  assert.match(v, /Routing Table : VPNA\n/);
  const block = v.slice(v.indexOf('Destination: 10.2.1.0/24'));
  assert.match(block, /^Destination: 10\.2\.1\.0\/24\n {5}Protocol: IBGP {15}Process ID: 0\n {3}Preference: 255 {22}Cost: 0\n {6}NextHop: 3\.3\.3\.3 {13}Neighbour: 3\.3\.3\.3\n/);
  assert.match(block, /\n RelayNextHop: 33\.33\.33\.2 +Interface: GigabitEthernet0\/2\/0\n/);
  assert.match(block, /\n {8}Label: \d+ +QoSInfo: 0x0\n/);
});
