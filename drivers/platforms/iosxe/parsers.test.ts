// IOS XE parsers on the document's outputs (testdata/doc-*, verbatim, tabs as the document has
// them) and on captures in the formats real IOS / IOS XE prints (testdata/xe-*, ios-*: classic
// VRRPv2 and IOS XE VRRPv3 `show vrrp`, brief, show interfaces, show ip arp with an incomplete
// entry, administratively down interfaces).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from '../../errors';
import {
  parseControllersMacFilter, parseIpArp, parseIpInterfaceBrief, parseShowInterfaces, parseShowVrrp, parseShowVrrpBrief, parseVrrsClients,
  parseVrrsGroup, parseVrrsPluginDatabase, parseVrrsSummary,
} from './parsers';

const td = (f: string): string => readFileSync(join(__dirname, 'testdata', f), 'utf8');
const ctx = { device: 'rtr9', command: 'show x' };

void test('document: show ip interface brief, .4 protocol down', () => {
  const r = parseIpInterfaceBrief(td('doc-show-ip-interface-brief.txt'), ctx);
  assert.equal(r.length, 5);
  assert.deepEqual(r[0], { name: 'GigabitEthernet0/0/0', state: 'up', protocol: 'up' });
  assert.deepEqual(r[4], { name: 'GigabitEthernet0/0/0.4', state: 'up', protocol: 'down', address: '192.168.44.1' });
});

void test('document: show vrrs plugin database, Live and Disconnected', () => {
  const r = parseVrrsPluginDatabase(td('doc-show-vrrs-plugin-database.txt'), ctx);
  assert.deepEqual(r, [
    { name: 'VRRS_NAME_1', serverConnected: true, state: 'active', mac: '00:00:5e:00:01:01', testControl: false, clientHandle: 3741319170, interfaces: ['GigE0/0/0.2', 'GigE0/0/0.3'] },
    { name: 'VRRS_NAME_2', serverConnected: false, state: 'disabled', mac: '00:00:00:00:00:00', testControl: false, clientHandle: 603979779, interfaces: ['GigE0/0/0.4'] },
  ]);
});

void test('document: show ip arp, virtual MAC on .2/.3 and the BIA on .4, remarks skipped', () => {
  const r = parseIpArp(td('doc-show-ip-arp.txt'), ctx);
  assert.equal(r.length, 5);
  assert.deepEqual(r[2], { address: '192.168.42.1', ageMin: null, mac: '00:00:5e:00:01:01', type: 'ARPA', iface: 'GigabitEthernet0/0/0.2' });
  assert.equal(r[4].mac, 'aa:bb:cc:00:fb:00');
});

void test('document: show controllers, the software MAC address filter', () => {
  const r = parseControllersMacFilter(td('doc-show-controllers.txt'), ctx);
  assert.equal(r.length, 7);
  assert.deepEqual(r[2], { iface: 'GigabitEthernet0/0/0', hash: '0x5F', mac: '00:00:5e:00:01:01', mask: '00:00:00:00:00:00', hits: 0 });
  assert.equal(r[6].mac, 'aa:bb:cc:00:fb:00');
});

void test('document: show vrrs summary, clients and group', () => {
  assert.deepEqual(parseVrrsSummary(td('doc-show-vrrs-summary.txt'), ctx), [
    { name: 'DT-CLUSTER-3', server: null, state: 'init', virtualAddress: '0.0.0.0' },
    { name: 'DT-CLUSTER-2', server: 'VRRP', state: 'backup', virtualAddress: '11.1.1.1' },
    { name: 'DT-CLUSTER-1', server: 'VRRP', state: 'active', virtualAddress: '1.1.1.1' },
  ]);
  assert.deepEqual(parseVrrsClients(td('doc-show-vrrs-clients.txt'), ctx), [
    { id: 1, priority: 'high', allGroups: false, name: 'VRRS-Plugins' },
    { id: 2, priority: 'low', allGroups: true, name: 'VRRS-Accounting' },
    { id: 3, priority: 'normal', allGroups: false, name: 'PPPOE-VRRS-CLIENT' },
  ]);
  assert.deepEqual(parseVrrsGroup(td('doc-show-vrrs-group.txt'), ctx), [{
    name: 'DT-CLUSTER-3', server: null, state: 'init', oldState: 'init', reason: 'Protocol', afi: 'ipv4', virtualAddress: '0.0.0.0',
    virtualMac: '00:00:00:00:00:00', activeIfaceAddress: '0.0.0.0', standbyIfaceAddress: '0.0.0.0', clients: [{ id: 5, name: 'VRRS TEST CLIENT', priority: 'low' }],
  }]);
});

void test('show vrrs group with a VRRP server and several groups', () => {
  const text = [
    'edge-b',
    '  Server VRRP IPv4 group 4 on GigabitEthernet2.5, state ACTIVE, old state BACKUP, reason Protocol',
    '  Address family IPv4, Virtual address 10.5.5.5, Virtual mac 0000.5e00.0104',
    '  Active interface address 10.5.5.2, standby interface address 10.5.5.3',
    '  Client 1 VRRS-Plugins, priority High',
    '',
    'edge-c',
    '  Server Not configured, state INIT, old state INIT, reason Protocol',
    '  Address family IPv4, Virtual address 0.0.0.0, Virtual mac 0000.0000.0000',
    '  Active interface address 0.0.0.0, standby interface address 0.0.0.0',
  ].join('\n');
  const r = parseVrrsGroup(text, ctx);
  assert.equal(r.length, 2);
  assert.equal(r[0].server, 'VRRP');
  assert.equal(r[0].serverDetail, 'IPv4 group 4 on GigabitEthernet2.5');
  assert.equal(r[0].state, 'active');
  assert.equal(r[0].oldState, 'backup');
  assert.equal(r[0].virtualMac, '00:00:5e:00:01:04');
  assert.deepEqual(r[1].clients, []);
  assert.equal(r[1].server, null);
});

void test('IOS XE VRRPv3 show vrrp: name, secondary addresses, INIT with reason, IPv6', () => {
  const r = parseShowVrrp(td('xe-show-vrrp-v3.txt'), ctx);
  assert.deepEqual(r[0], {
    iface: 'GigabitEthernet2.10', vrid: 7, afi: 'ipv4', version: 3, state: 'master', priority: 120, virtualIps: ['10.77.0.254', '10.77.0.253'],
    name: 'edge-a', virtualMac: '00:00:5e:00:01:07', advertIntervalMs: 1000, preempt: true, masterAddress: '10.77.0.2', masterLocal: true, masterPriority: 120,
  });
  assert.equal(r[1].afi, 'ipv6');
  assert.equal(r[1].state, 'init');
  assert.equal(r[1].stateReason, 'Interface Down');
  assert.deepEqual(r[1].virtualIps, ['2001:db8:9::9']);
  assert.equal(r[1].masterAddress, undefined);
  assert.equal(r[1].preempt, false);
});

void test('classic IOS VRRPv2 show vrrp: seconds, quoted name, track lines', () => {
  const [g] = parseShowVrrp(td('ios-show-vrrp-v2.txt'), ctx);
  assert.deepEqual(g, {
    iface: 'FastEthernet0/1.20', vrid: 3, afi: 'ipv4', version: 2, state: 'backup', priority: 90, virtualIps: ['10.20.0.1'], name: 'lan20',
    virtualMac: '00:00:5e:00:01:03', advertIntervalMs: 1000, preempt: true, masterAddress: '10.20.0.3', masterLocal: false, masterPriority: 110, masterDownMs: 3648,
  });
});

void test('show vrrp brief, v2 (blank Own) and v3 (A-F column, (local))', () => {
  const v2 = parseShowVrrpBrief(td('ios-show-vrrp-brief-v2.txt'), ctx);
  assert.deepEqual(v2.map((g) => [g.iface, g.vrid, g.priority, g.state, g.preempt, g.masterAddress, g.virtualIps[0]]), [
    ['Fa0/1.20', 3, 90, 'backup', true, '10.20.0.3', '10.20.0.1'],
    ['Vl30', 4, 255, 'master', true, '10.30.0.1', '10.30.0.1'],
  ]);
  const v3 = parseShowVrrpBrief(td('xe-show-vrrp-brief-v3.txt'), ctx);
  assert.deepEqual(v3.map((g) => [g.iface, g.vrid, g.afi, g.state, g.masterAddress, g.masterLocal, g.virtualIps[0]]), [
    ['Gi2.10', 7, 'ipv4', 'master', '10.77.0.2', true, '10.77.0.254'],
    ['Gi2.11', 8, 'ipv4', 'backup', '10.78.0.3', false, '10.78.0.254'],
  ]);
});

void test('show interfaces: state, MAC/BIA, address, VLAN, counters, admin down', () => {
  const r = parseShowInterfaces(td('xe-show-interfaces.txt'), ctx);
  assert.deepEqual(r[0], { name: 'GigabitEthernet2', state: 'up', protocol: 'up', mac: '52:54:00:12:34:56', bia: '52:54:00:12:34:56', mtu: 1500, drops: 3, rx: 120034, tx: 88120 });
  assert.deepEqual(r[1], { name: 'GigabitEthernet2.10', state: 'up', protocol: 'down', mac: '52:54:00:12:34:56', bia: '52:54:00:12:34:56', address: '10.77.0.2/24', mtu: 1500, vlan: 10 });
  assert.equal(r[2].state, 'admin');
});

void test('show ip arp (real spacing): ages, incomplete entry', () => {
  const r = parseIpArp(td('xe-show-ip-arp.txt'), ctx);
  assert.equal(r[1].ageMin, 12);
  assert.deepEqual(r[2], { address: '10.77.0.9', ageMin: 0, mac: null, type: 'ARPA' });
});

void test('show ip interface brief: administratively down is two words', () => {
  const r = parseIpInterfaceBrief(td('xe-show-ip-interface-brief.txt'), ctx);
  assert.deepEqual(r[2], { name: 'GigabitEthernet4', state: 'admin', protocol: 'down' });
  assert.equal(r[1].protocol, 'down');
});

void test('bad input: one ParseError naming device, command and line', () => {
  const cases: Array<[(t: string, c: typeof ctx) => unknown, string]> = [
    [parseShowVrrp, 'State is MASTER'],
    [parseIpArp, 'Internet 10.0.0.1 - zzzz ARPA Gi1'],
    [parseVrrsSummary, 'g1 VRRP ACTIVE 1.1.1.1'],
    [parseVrrsPluginDatabase, 'State = Active'],
    [parseIpInterfaceBrief, 'Interface IP-Address OK? Method Status Protocol\nGi1 1.1.1.1 YES manual sideways up'],
    [parseShowInterfaces, 'nonsense'],
    [parseVrrsGroup, 'g1\n  what is this'],
  ];
  for (const [fn, text] of cases) {
    assert.throws(() => fn(text, ctx), (e: unknown) => e instanceof ParseError && /rtr9/.test(e.message) && /show x/.test(e.message), text);
  }
});
