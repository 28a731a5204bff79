// SR Linux getters: the commands they send and the records they return, over a fake session
// answering with the document's outputs, and the gNMI decoders over a fake reader answering with
// SR Linux JSON_IETF (module prefixes already stripped by the transport).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createDevice } from '../../api/device';
import type { DeviceSession } from '../../api/device';
import { NotSupportedError } from '../../api/types';
import type { GnmiNotification } from '../../transport/gnmi';
import { srlinuxGetters } from './getters';
import type { GnmiReader } from './gnmi';
import '../index';

const fx = (f: string): string => fs.readFileSync(path.join(__dirname, 'testdata', f), 'utf8').replace(/^A:\S+# .*\n/, '');

function fake(device: string, answers: Record<string, string>): DeviceSession & { sent: string[] } {
  const sent: string[] = [];
  return {
    device, sent,
    send: async (c) => {
      sent.push(c);
      if (!(c in answers)) return `Parsing error: Unknown token '${c.split(' ').pop()}'`;
      return answers[c];
    },
    configure: async () => [],
  };
}

void describe('srlinux getters over the CLI', () => {
  void it('is registered: the device API dispatches the issue-11 methods to the CLI getters', async () => {
    const s = fake('leaf3', { 'show network-instance mac-vrf-1 bridge-table mac-table all': fx('doc-leaf3-mac-table.txt') });
    const d = createDevice('leaf3', 'srlinux', s);
    for (const m of ['interfaces', 'bgpPeers', 'lagMembers', 'ethernetSegments', 'evpnRoutes', 'macTable'] as const) assert.ok(d.supports(m), m);
    assert.equal(d.supports('vrrpGroups'), false);
    const macs = await d.macTable({ networkInstance: 'mac-vrf-1' });
    assert.deepEqual(macs[0].destination, { kind: 'esi', esi: '01:11:11:11:11:11:11:00:00:01' });
    await assert.rejects(d.vrrpGroups(), NotSupportedError);
  });

  void it('sends the document\'s commands, filters by route type and peer', async () => {
    const s = fake('leaf1', {
      'show network-instance default protocols bgp neighbor 10.0.0.2 advertised-routes evpn': fx('doc-leaf1-advertised-evpn.txt'),
      'show network-instance default protocols bgp routes evpn route-type summary': fx('doc-leaf2-evpn-summary.txt'),
      'show network-instance default protocols bgp routes evpn route-type 4 summary': fx('doc-leaf2-evpn-summary.txt'),
      'show system network-instance ethernet-segments ES-1 detail': fx('doc-show-es-detail.txt'),
      'show interface': fx('doc-show-interface-lag1.txt'),
      'show lag lag1 lacp-state': fx('doc-show-lag-lacp-state.txt'),
      'show network-instance default protocols bgp neighbor': fx('cap-l2evpn-bgp-neighbor.txt'),
    });
    const d = createDevice('leaf1', 'srlinux', s);
    assert.equal((await d.evpnRoutes({ peer: '10.0.0.2', direction: 'advertised', routeType: 1 })).length, 2);
    assert.deepEqual((await d.evpnRoutes({ routeType: 4 })).map((r) => r.originator), ['10.0.0.1']);
    assert.deepEqual((await d.evpnRoutes({ peer: '10.0.0.3' })).map((r) => r.type), [2, 2, 3]);
    await assert.rejects(d.evpnRoutes({ direction: 'advertised' }), NotSupportedError);
    assert.equal((await d.ethernetSegments({ name: 'ES-1' }))[0].dfs[0].df, '10.0.0.2');
    assert.deepEqual((await d.lagMembers()).map((m) => [m.lag, m.member, m.distributing]), [['lag1', 'ethernet-1/1', true]]);
    assert.deepEqual((await d.bgpPeers({ family: 'evpn' })).map((p) => [p.peer, p.state]), [['10.0.0.2', 'established']]);
    assert.deepEqual(await d.bgpPeers({ family: 'ipv4-unicast' }), []);
    assert.ok(s.sent.includes('show network-instance default protocols bgp routes evpn route-type 4 summary'));
    await assert.rejects(d.macTable({ networkInstance: 'bd 1; show' }), /bad network-instance/);
  });
});

/** A gNMI reader answering Get with the given updates per path. */
function reader(answers: Record<string, Array<{ path: string; value: unknown }>>): GnmiReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    device: 'leaf9', asked,
    get: async (paths: string[]): Promise<GnmiNotification[]> => {
      asked.push(...paths);
      return paths.map((p) => ({ timestampNs: 1n, updates: answers[p] ?? [], deletes: [] }));
    },
  };
}

void describe('srlinux getters over gNMI (platform option via: gnmi)', () => {
  const g = reader({
    '/interface[name=*]': [
      { path: '/interface[name=ethernet-1/4]', value: { name: 'ethernet-1/4', 'admin-state': 'enable', 'oper-state': 'up', statistics: { 'in-packets': '120', 'out-packets': '95' }, subinterface: [{ index: 0, 'admin-state': 'enable', 'oper-state': 'up', ipv4: { address: [{ 'ip-prefix': '198.51.100.1/31' }] } }] } },
      { path: '/interface[name=ethernet-1/5]', value: { name: 'ethernet-1/5', 'admin-state': 'disable', 'oper-state': 'down' } },
    ],
    '/interface[name=lag4]/lag/member[name=*]': [
      { path: '/interface[name=lag4]/lag/member[name=ethernet-1/4]', value: { name: 'ethernet-1/4', 'oper-state': 'up', lacp: { activity: 'ACTIVE', timeout: 'SHORT', synchronization: 'IN_SYNC', aggregatable: true, collecting: true, distributing: true, 'system-id': '02:00:00:00:00:44', 'oper-key': 44, 'partner-id': '02:BB:00:00:00:01', 'partner-key': 7, 'port-num': 1, 'partner-port-num': 3 } } },
    ],
    '/system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=*]/ethernet-segment[name=*]': [
      { path: '/system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=1]/ethernet-segment[name=ES-9]', value: {
        name: 'ES-9', 'admin-state': 'enable', 'oper-state': 'up', esi: '00:11:22:33:44:55:66:77:88:99', 'multi-homing-mode': 'all-active', interface: [{ 'ethernet-interface': 'lag4' }],
        association: { 'network-instance': [{ name: 'bd-9', 'bgp-instance': [{ instance: 1, 'computed-designated-forwarder-candidates': { 'designated-forwarder-candidate': [{ address: '203.0.113.1', 'designated-forwarder': false }, { address: '203.0.113.2', 'designated-forwarder': true }] } }] }] },
      } },
    ],
    '/network-instance[name=default]/protocols/bgp/router-id': [{ path: '/network-instance[name=default]/protocols/bgp/router-id', value: '203.0.113.1' }],
    '/network-instance[name=bd-9]/bridge-table/mac-table/mac[address=*]': [
      { path: '/network-instance[name=bd-9]/bridge-table/mac-table/mac[address=02:BB:00:00:00:01]', value: { address: '02:BB:00:00:00:01', destination: 'lag4.0', 'destination-type': 'sub-interface', type: 'learnt', aging: '300' } },
      { path: '/network-instance[name=bd-9]/bridge-table/mac-table/mac[address=02:BB:00:00:00:02]', value: { address: '02:BB:00:00:00:02', destination: 'vxlan-interface:vxlan1.9 vtep:203.0.113.7 vni:9', type: 'evpn' } },
      { path: '/network-instance[name=bd-9]/bridge-table/mac-table/mac[address=02:BB:00:00:00:03]', value: { address: '02:BB:00:00:00:03', destination: 'esi:00:11:22:33:44:55:66:77:88:99', 'evpn-esi': '00:11:22:33:44:55:66:77:88:99', type: 'evpn' } },
    ],
  });
  const d = createDevice('leaf9', 'srlinux', fake('leaf9', {}), srlinuxGetters({ gnmi: g, via: 'gnmi' }));

  void it('interfaces with per-packet counters and subinterfaces', async () => {
    assert.deepEqual(await d.interfaces(), [
      { name: 'ethernet-1/4', state: 'up', rxPackets: 120, rx: 120, txPackets: 95, tx: 95 },
      { name: 'ethernet-1/4.0', state: 'up', address: '198.51.100.1/31', addresses: ['198.51.100.1/31'] },
      { name: 'ethernet-1/5', state: 'admin' },
    ]);
  });

  void it('LAG members, segments with the DF (local flag from the router-id) and MAC entries', async () => {
    assert.deepEqual(await d.lagMembers({ lag: 'lag4' }), [{
      lag: 'lag4', member: 'ethernet-1/4', operUp: true, activity: 'active', timeout: 'short', inSync: true, collecting: true, distributing: true,
      systemId: '02:00:00:00:00:44', key: 44, partnerId: '02:bb:00:00:00:01', partnerKey: 7, portNo: 1, partnerPortNo: 3,
    }]);
    assert.deepEqual(await d.ethernetSegments(), [{
      name: 'ES-9', esi: '00:11:22:33:44:55:66:77:88:99', adminUp: true, operUp: true, mode: 'all-active', iface: 'lag4',
      dfs: [{ networkInstance: 'bd-9', candidates: ['203.0.113.1', '203.0.113.2'], df: '203.0.113.2', localDf: false }],
    }]);
    assert.deepEqual((await d.macTable({ networkInstance: 'bd-9' })).map((m) => [m.mac, m.type, m.destination, m.agingSec]), [
      ['02:bb:00:00:00:01', 'learnt', { kind: 'interface', name: 'lag4.0' }, 300],
      ['02:bb:00:00:00:02', 'evpn', { kind: 'vtep', address: '203.0.113.7', vni: 9 }, null],
      ['02:bb:00:00:00:03', 'evpn', { kind: 'esi', esi: '00:11:22:33:44:55:66:77:88:99' }, null],
    ]);
  });

  void it("via 'gnmi' without a client is one clear error", () => {
    assert.throws(() => srlinuxGetters({ via: 'gnmi' }), /needs a gNMI client/);
  });
});
