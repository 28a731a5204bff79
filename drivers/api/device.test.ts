import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RegistryError } from '../errors';
import { parsePvrpProcesses } from '../platforms/freertr/getters';
import { createDevice, platformMethods, type DeviceSession } from './device';
import { DEVICE_METHODS, NotSupportedError } from './types';

const fx = (platform: string, name: string): string => readFileSync(join(__dirname, '..', 'platforms', platform, 'testdata', name), 'utf8');

/** A session answering from a table of command -> output; records commands and configure calls. */
function fake(device: string, outputs: Record<string, string>): DeviceSession & { calls: string[]; configured: string[][] } {
  const calls: string[] = [];
  const configured: string[][] = [];
  return {
    device,
    calls,
    configured,
    async send(command) {
      calls.push(command);
      const out = outputs[command];
      if (out === undefined) throw new Error(`unexpected command ${command}`);
      return out;
    },
    async configure(lines) {
      configured.push([...lines]);
      return lines.map(() => '');
    },
  };
}

const FREERTR_RUN = [
  'hostname r2', '!', 'router pvrp4 1', ' vrf v1', ' router-id 4.4.4.2', ' exit', '!', 'router pvrp6 1', ' vrf v1', ' exit', '!',
  'interface ethernet1.11', ' router pvrp4 1 enable', ' exit',
].join('\n');

void describe('device API dispatch', () => {
  void it('freertr: routes({afi, vrf}) runs show <afi> route <vrf>; both families when afi is left out', async () => {
    const s = fake('r2', { 'show ipv4 route v1': fx('freertr', 'r2-route4-v1.txt'), 'show ipv6 route v1': fx('freertr', 'r2-route6-v1.txt') });
    const d = createDevice('r2', 'freertr', s);
    const v4 = await d.routes({ afi: 'ipv4', vrf: 'v1' });
    assert.ok(v4.length > 0 && v4.every((r) => r.afi === 'ipv4' && r.vrf === 'v1'));
    const both = await d.routes({ vrf: 'v1' });
    assert.ok(both.some((r) => r.afi === 'ipv6') && both.some((r) => r.afi === 'ipv4'));
    assert.deepEqual(s.calls, ['show ipv4 route v1', 'show ipv4 route v1', 'show ipv6 route v1']);
  });

  void it('freertr: routes without a VRF is not supported (freeRtr has no global table), naming device and platform', async () => {
    const d = createDevice('r2', 'freertr', fake('r2', {}));
    await assert.rejects(d.routes({ afi: 'ipv4' }), (e: unknown) => e instanceof NotSupportedError && e.device === 'r2' && e.platform === 'freertr' && e.method === 'routes' && /outside a named VRF/.test(e.message));
  });

  void it('freertr: igpNeighbors finds the PVRP processes in the running config and returns the common shape', async () => {
    const s = fake('r2', { 'show running-config': FREERTR_RUN, 'show ipv4 pvrp 1 summary': fx('freertr', 'r2-pvrp4-sum.txt'), 'show ipv6 pvrp 1 summary': fx('freertr', 'r2-pvrp6-sum.txt') });
    const d = createDevice('r2', 'freertr', s);
    const ns = await d.igpNeighbors({ afi: 'ipv4' });
    assert.equal(ns.length, 4);
    assert.deepEqual(ns[0], {
      protocol: 'pvrp', afi: 'ipv4', process: '1', vrf: 'v1', iface: 'ethernet1.11', routerId: '4.4.4.1', address: '1.1.1.1', state: 'up',
      name: 'r1', peerIface: 'ethernet1.11', learned: ns[0].learned, advertised: ns[0].advertised, uptimeSec: 68,
    });
    assert.ok(ns.every((n) => (n.learned ?? 0) > 0));
    assert.deepEqual(s.calls, ['show running-config', 'show ipv4 pvrp 1 summary']);
    const all = await d.igpNeighbors();
    assert.equal(all.filter((n) => n.afi === 'ipv6').length, 4);
    await assert.rejects(d.igpNeighbors({ protocol: 'ospf' }), NotSupportedError);
  });

  void it('parsePvrpProcesses reads each router pvrp block and its vrf, not interface lines', () => {
    assert.deepEqual(parsePvrpProcesses(FREERTR_RUN), [{ afi: 'ipv4', process: '1', vrf: 'v1' }, { afi: 'ipv6', process: '1', vrf: 'v1' }]);
  });

  void it('freertr: a method the platform does not declare throws NotSupportedError without sending anything', async () => {
    const s = fake('r2', {});
    const d = createDevice('r2', 'freertr', s);
    assert.equal(d.supports('bfdSessions'), false);
    assert.equal(d.supports('routes'), true);
    await assert.rejects(d.bfdSessions(), (e: unknown) => e instanceof NotSupportedError && e.message === 'r2: bfdSessions is not supported on platform freertr');
    await assert.rejects(d.bgpPeers({ family: 'vpnv4' }), NotSupportedError);
    assert.deepEqual(s.calls, []);
  });

  void it('vrp: routes({vrf}) runs the vpn-instance table; IPv6 is declared unsupported', async () => {
    const s = fake('PE3', { 'display ip routing-table vpn-instance VPNA': fx('vrp', 'pe3-vpna-routes.txt') });
    const d = createDevice('PE3', 'vrp', s);
    const rs = await d.routes({ afi: 'ipv4', vrf: 'VPNA' });
    assert.ok(rs.length > 0 && rs.every((r) => r.vrf === 'VPNA'));
    await assert.rejects(d.routes({ afi: 'ipv6' }), /IPv6 routes\) is not supported on platform vrp/);
  });

  void it('vrp: igpNeighbors gives OSPF neighbours in the common shape (Full is up)', async () => {
    const d = createDevice('PE1', 'vrp', fake('PE1', { 'display ospf peer brief': fx('vrp', 'ospf-peer-brief.txt') }));
    const ns = await d.igpNeighbors({ protocol: 'ospf' });
    assert.deepEqual(ns.map((n) => [n.protocol, n.routerId, n.state, n.vendorState, n.area]), [
      ['ospf', '4.4.4.4', 'up', 'full', '0.0.0.0'],
      ['ospf', '3.3.3.3', 'up', 'full', '0.0.0.0'],
    ]);
    await assert.rejects(d.igpNeighbors({ protocol: 'pvrp' }), NotSupportedError);
  });

  void it('vrp: bgpPeers by family: vpnv4 public peers, a VRF\'s IPv4 peers, unsupported families', async () => {
    const s = fake('PE1', { 'display bgp vpnv4 all peer': fx('vrp', 'pe1-bgp-vpnv4-all-peer.txt') });
    const d = createDevice('PE1', 'vrp', s);
    const v = await d.bgpPeers({ family: 'vpnv4' });
    assert.deepEqual(v.map((p) => p.peer).sort(), ['3.3.3.3', '4.4.4.4']);
    assert.deepEqual(await d.bgpPeers({ family: 'ipv4-unicast', vrf: 'VPNA' }), []);
    await assert.rejects(d.bgpPeers({ family: 'evpn' }), NotSupportedError);
  });

  void it('configure goes through the session (which commits where the dialect has a commit); cli sends one command', async () => {
    const s = fake('PE1', { 'display version': 'VRP (R) software' });
    const d = createDevice('PE1', 'vrp', s);
    await d.configure(['interface GigabitEthernet0/1/0', 'shutdown']);
    assert.deepEqual(s.configured, [['interface GigabitEthernet0/1/0', 'shutdown']]);
    assert.equal(await d.cli('display version'), 'VRP (R) software');
  });

  void it('platform tables: every declared method is a device method; an unknown platform lists the known ones', () => {
    for (const p of ['freertr', 'vrp']) for (const m of platformMethods(p)) assert.ok(DEVICE_METHODS.includes(m));
    assert.deepEqual(platformMethods('freertr'), ['interfaces', 'routes', 'igpNeighbors', 'ping', 'traceroute']);
    // VRP implements every method up to issue 10's block, and of that block VRRP (display vrrp verbose).
    assert.deepEqual(platformMethods('vrp'), [...DEVICE_METHODS.slice(0, DEVICE_METHODS.indexOf('vrrpGroups')), 'vrrpGroups']);
    assert.throws(() => createDevice('x', 'junos', fake('x', {})), (e: unknown) => e instanceof RegistryError && /known platforms: (.*, )?freertr, (.*, )?vrp/.test(e.message));
  });

  void it('a getter table passed in overrides the registered one (how a new platform is tested before it registers)', async () => {
    const d = createDevice('n', 'vrp', fake('n', {}), { vrfs: async (s) => [{ name: s.device, importRts: [], exportRts: [], interfaces: [] }] });
    assert.deepEqual((await d.vrfs()).map((v) => v.name), ['n']);
    await assert.rejects(d.interfaces(), NotSupportedError);
  });
});

void describe('device API: iosxe', () => {
  void it('declares the VRRP/VRRS/ARP/filter getters and interfaces; routes is not supported', async () => {
    assert.deepEqual(platformMethods('iosxe'), ['interfaces', 'vrrpGroups', 'vrrsGroups', 'vrrsClients', 'vrrsPluginDatabase', 'arp', 'macFilter']);
    const d = createDevice('gw3', 'iosxe', fake('gw3', { 'show ip arp': fx('iosxe', 'xe-show-ip-arp.txt') }));
    assert.equal((await d.arp()).length, 3);
    await assert.rejects(d.routes(), (e: unknown) => e instanceof NotSupportedError && /platform iosxe/.test(e.message));
  });
});
