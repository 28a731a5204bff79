import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { groupRoutes } from '../../model/types';
import { ParseError } from '../../errors';
import {
  buildVrfs, parseBfdPeers, parseBgpSummary, parseInterfaces, parseJson, parseOspf6Neighbors, parseOspfNeighbors, parseRoutes, parseUptime,
  parseVrfBgpConfig,
} from './parsers';

const data = (f: string): string => readFileSync(path.join(__dirname, 'testdata', f), 'utf8');
const ctx = { device: 'r2', command: 'show x json' };

void describe('FRR routes (show ip route json)', () => {
  void it('r2: ECMP over the two parallel links to each far loopback, the third router\'s links over 4 paths', () => {
    const routes = parseRoutes(data('r2-ip-route.json'), 'ipv4', ctx);
    const g = new Map(groupRoutes(routes).map((x) => [x.prefix, x]));
    assert.deepEqual(g.get('2.2.2.1/32')?.paths, [{ iface: 'eth1', nextHop: '1.1.1.1' }, { iface: 'eth2', nextHop: '1.1.2.1' }]);
    assert.deepEqual(g.get('2.2.2.3/32')?.paths.map((p) => p.iface), ['eth3', 'eth4']);
    assert.equal(g.get('1.1.1.8/30')?.paths.length, 4);
    const lo = routes.find((r) => r.prefix === '2.2.2.2/32');
    assert.deepEqual([lo?.protocol, lo?.nextHop, lo?.iface], ['connected', null, 'lo']);
    // only the selected entry of a prefix: the OSPF copy of a connected network is not in the table
    assert.equal(routes.filter((r) => r.prefix === '1.1.1.0/30').length, 1);
    const o = routes.find((r) => r.prefix === '2.2.2.1/32');
    assert.deepEqual([o?.protocol, o?.distance, o?.metric, o?.installed], ['ospf', 110, 10, true]);
  });
  void it('r2 after the r1-r2 first link was cut: one path left to r1', () => {
    const g = new Map(groupRoutes(parseRoutes(data('r2-ip-route-cut.json'), 'ipv4', ctx)).map((x) => [x.prefix, x]));
    assert.deepEqual(g.get('2.2.2.1/32')?.paths, [{ iface: 'eth2', nextHop: '1.1.2.1' }]);
    assert.equal(g.get('1.1.1.0/30'), undefined);
  });
  void it('IPv6: OSPFv3 ECMP with link-local next hops', () => {
    const g = new Map(groupRoutes(parseRoutes(data('r2-ipv6-route.json'), 'ipv6', ctx)).map((x) => [x.prefix, x]));
    const p = g.get('4321::3/128');
    assert.equal(p?.paths.length, 2);
    assert.ok(p?.paths.every((x) => x.nextHop?.startsWith('fe80::')));
    assert.equal(g.get('4321::3/128')?.afi, 'ipv6');
  });
  void it('PE3: the BGP route to CE1 resolves over both PEs (via the IBGP next hops)', () => {
    const r = parseRoutes(data('PE3-ip-route.json'), 'ipv4', ctx).filter((x) => x.prefix === '1.1.1.1/32');
    assert.deepEqual(r.map((x) => [x.protocol, x.nextHop, x.iface, x.via]), [['bgp', '11.11.11.1', 'eth1', '2.2.2.2'], ['bgp', '22.22.22.1', 'eth2', '3.3.3.3']]);
  });
  void it('PE3 after the PE1-CE1 link went silent: one path, through PE2', () => {
    const r = parseRoutes(data('PE3-ip-route-silent.json'), 'ipv4', ctx).filter((x) => x.prefix === '1.1.1.1/32');
    assert.deepEqual(r.map((x) => x.via), ['3.3.3.3']);
  });
  void it('a VRF asked for is set on every entry', () => {
    assert.ok(parseRoutes(data('r2-ip-route.json'), 'ipv4', ctx, 'blue').every((r) => r.vrf === 'blue'));
  });
});

void describe('FRR OSPF neighbours', () => {
  void it('r2: four Full adjacencies, two per neighbour', () => {
    const n = parseOspfNeighbors(data('r2-ospf-neighbor.json'), ctx);
    assert.deepEqual(n.map((x) => [x.routerId, x.iface, x.state, x.vendorState]), [
      ['4.4.4.1', 'eth1', 'up', 'full'], ['4.4.4.1', 'eth2', 'up', 'full'], ['4.4.4.3', 'eth3', 'up', 'full'], ['4.4.4.3', 'eth4', 'up', 'full'],
    ]);
    assert.ok(n.every((x) => x.protocol === 'ospf' && x.afi === 'ipv4' && typeof x.uptimeSec === 'number'));
  });
  void it('r2 after the cut: three left, none on eth1', () => {
    const n = parseOspfNeighbors(data('r2-ospf-neighbor-cut.json'), ctx);
    assert.equal(n.length, 3);
    assert.ok(!n.some((x) => x.iface === 'eth1'));
  });
  void it('OSPFv3', () => {
    const n = parseOspf6Neighbors(data('r2-ospf6-neighbor.json'), ctx);
    assert.equal(n.length, 4);
    assert.ok(n.every((x) => x.afi === 'ipv6' && x.state === 'up' && x.vendorState === 'full'));
  });
});

void describe('FRR BFD peers', () => {
  void it('PE1: the session to CE1 is up with 10 ms x 3', () => {
    const [s] = parseBfdPeers(data('PE1-bfd-peers.json'), ctx);
    assert.equal(s.state, 'up');
    assert.equal(s.peer, '10.1.1.1');
    assert.equal(s.local, '10.1.1.2');
    assert.equal(s.iface, 'eth3');
    assert.deepEqual([s.minTxMs, s.minRxMs, s.detectMult, s.multihop], [10, 10, 3, false]);
    assert.ok(s.localDisc > 0 && s.remoteDisc !== null);
  });
  void it('PE1 after the link went silent: down, detection time expired', () => {
    const [s] = parseBfdPeers(data('PE1-bfd-peers-silent.json'), ctx);
    assert.equal(s.state, 'down');
    assert.match(s.lastDiag ?? '', /control detection time expired/);
  });
});

void describe('FRR BGP summary', () => {
  void it('PE1: two IBGP and one EBGP session established', () => {
    const p = parseBgpSummary(data('PE1-bgp-summary.json'), 'ipv4-unicast', ctx);
    assert.deepEqual(p.map((x) => [x.peer, x.remoteAs, x.state]), [['3.3.3.3', 100, 'established'], ['4.4.4.4', 100, 'established'], ['10.1.1.1', 65420, 'established']]);
    assert.ok(p.every((x) => x.localAs === 100 && x.routerId === '2.2.2.2'));
  });
  void it('PE1 after the silent link: the CE1 session is no longer established', () => {
    const ce = parseBgpSummary(data('PE1-bgp-summary-silent.json'), 'ipv4-unicast', ctx).find((x) => x.peer === '10.1.1.1');
    assert.ok(ce && ce.state !== 'established');
  });
  void it('a family with no session is empty', () => {
    assert.deepEqual(parseBgpSummary(data('PE1-bgp-summary.json'), 'vpnv4', ctx), []);
  });
});

void describe('FRR interfaces', () => {
  void it('r2: addresses and states; after the cut eth1 is down', () => {
    const before = parseInterfaces(data('r2-interface.json'), ctx);
    assert.deepEqual(before.find((i) => i.name === 'eth1'), { name: 'eth1', state: 'up', protocol: 'up', address: '1.1.1.2/30' });
    assert.equal(before.find((i) => i.name === 'lo')?.address, '2.2.2.2/32');
    const after = parseInterfaces(data('r2-interface-cut.json'), ctx);
    assert.equal(after.find((i) => i.name === 'eth1')?.state, 'down');
  });
  void it('an interface shut down: zebra prints no operationalStatus for it (admin down, so down)', () => {
    const text = JSON.stringify({
      eth1: { administrativeStatus: 'down', vrfName: 'default', mtu: 1500, ipAddresses: [{ address: '10.1.1.1/24', secondary: false }] },
      eth2: { administrativeStatus: 'up', operationalStatus: 'up', vrfName: 'default', ipAddresses: [{ address: '10.2.1.1/24', secondary: false }] },
    });
    assert.deepEqual(parseInterfaces(text, ctx).map((i) => [i.name, i.state, i.protocol]), [['eth1', 'admin', 'down'], ['eth2', 'up', 'up']]);
    assert.throws(() => parseInterfaces(JSON.stringify({ eth1: { operationalStatus: 'up' } }), ctx), /administrativeStatus/);
  });
});

void describe('FRR VRFs and helpers', () => {
  void it('show vrf + running-config BGP VRF sections', () => {
    const cfg = 'router bgp 100 vrf VPNA\n address-family ipv4 unicast\n  rd vpn export 100:1\n  rt vpn both 111:1\n  rt vpn import 222:2\n exit-address-family\nexit\n';
    assert.deepEqual(parseVrfBgpConfig(cfg).get('VPNA'), { rd: '100:1', importRts: ['111:1', '222:2'], exportRts: ['111:1'] });
    const v = buildVrfs('vrf VPNA id 5 table 1001\nvrf red inactive (configured)\n', cfg, [{ name: 'eth3', state: 'up', vrf: 'VPNA' }]);
    assert.deepEqual(v.map((x) => [x.name, x.up, x.rd, x.interfaces]), [['VPNA', true, '100:1', ['eth3']], ['red', false, undefined, []]]);
    assert.deepEqual(buildVrfs(data('PE1-show-vrf.txt'), '', []), []);
  });
  void it('uptimes', () => {
    assert.equal(parseUptime('00:01:02'), 62);
    assert.equal(parseUptime('1d02h03m'), 93780);
    assert.equal(parseUptime('bogus'), undefined);
  });
  void it('output that is not JSON is a ParseError naming the device and command', () => {
    assert.throws(() => parseJson('% Unknown command: show ip route jsn', ctx), (e: unknown) => e instanceof ParseError && /r2: .*expected JSON.*show x json/.test((e as Error).message));
    assert.throws(() => parseRoutes('{"1.1.1.0/24": [{"selected": true}]}', 'ipv4', ctx), ParseError);
  });
});
