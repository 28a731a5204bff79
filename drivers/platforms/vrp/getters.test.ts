import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { groupRoutes } from '../../model/types';
import { type CommandRunner, getBfdSessions, getBgpPeers, getLdpSessions, getOspfNeighbors, getRoutes, getVrfs, ping, traceroute } from './getters';

const fx = (name: string): string => readFileSync(join(__dirname, 'testdata', name), 'utf8');

function fake(outputs: Record<string, string>): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    device: 'PE1',
    calls,
    async send(command) {
      calls.push(command);
      const out = outputs[command];
      if (out === undefined) throw new Error(`unexpected command ${command}`);
      return out;
    },
  };
}

void describe('VRP getters', () => {
  void it('getRoutes: VRF routes, protocols, ECMP groups', async () => {
    const s = fake({ 'display ip routing-table vpn-instance VPNA': fx('pe3-vpna-routes.txt'), 'display ip routing-table': fx('pe1-routing-table.txt') });
    const r = await getRoutes(s, 'VPNA');
    assert.deepEqual(r[0], { afi: 'ipv4', prefix: '1.1.1.1/32', protocol: 'bgp', vendorType: 'IBGP', distance: 255, metric: 0, iface: 'GigabitEthernet0/2/0', nextHop: '3.3.3.3', flags: ['R', 'D'], vrf: 'VPNA' });
    assert.deepEqual(groupRoutes(r).find((g) => g.prefix === '1.1.1.1/32')?.paths.map((p) => p.nextHop), ['3.3.3.3', '2.2.2.2']);
    assert.deepEqual(r.filter((e) => e.prefix.startsWith('10.3.1.')).map((e) => [e.protocol, e.nextHop]), [['connected', null], ['local', null], ['local', null]]);
    const pub = await getRoutes(s);
    assert.ok(pub.every((e) => e.vrf === undefined));
    assert.equal(pub.filter((e) => e.protocol === 'ospf').length, 4);
  });

  void it('getOspfNeighbors, getLdpSessions, getBgpPeers, getVrfs', async () => {
    const s = fake({
      'display ospf peer brief': fx('ospf-peer-brief.txt'), 'display mpls ldp session': fx('pe1-ldp-session.txt'),
      'display bgp vpnv4 all peer': fx('pe1-bgp-vpnv4-all-peer.txt'), 'display ip vpn-instance verbose': fx('pe1-vpn-instance-verbose.txt'),
    });
    assert.deepEqual((await getOspfNeighbors(s))[0], { process: '1', area: '0.0.0.0', iface: 'GigabitEthernet0/1/0', routerId: '4.4.4.4', state: 'full' });
    assert.deepEqual((await getLdpSessions(s))[0], {
      peer: '3.3.3.3', labelSpace: 0, state: 'operational', uptimeSec: 142 * 60, keepaliveSent: 572, keepaliveReceived: 572,
      advertisement: 'downstream-unsolicited', role: 'passive',
    });
    const b = await getBgpPeers(s);
    assert.deepEqual(b.map((p) => [p.family, p.peer, p.remoteAs, p.state, p.vrf]), [['vpnv4', '4.4.4.4', 100, 'established', undefined], ['vpnv4', '3.3.3.3', 100, 'established', undefined]]);
    assert.deepEqual(await getVrfs(s), [{ name: 'VPNA', importRts: ['111:1'], exportRts: ['111:1'], interfaces: ['GigabitEthernet0/3/0'], rd: '100:1', up: true }]);
  });

  void it('getBfdSessions: Up with a non-numeric remote discriminator, then Down', async () => {
    const up = await getBfdSessions(fake({ 'display bfd session all verbose': fx('pe1-bfd-verbose-up.txt') }));
    assert.deepEqual(up[0], {
      name: 'pe1_to_ce1', state: 'up', localDisc: 8192, remoteDisc: null, peer: '10.1.1.1', multihop: false, local: '10.1.1.2',
      iface: 'GigabitEthernet0/3/0', vrf: 'vpna', minTxMs: 10, minRxMs: 10, detectMult: 3, lastDiag: 'No Diagnostic', notUpReason: 'In negotiation',
    });
    const down = await getBfdSessions(fake({ 'display bfd session all verbose': fx('pe1-bfd-verbose-down.txt') }));
    assert.deepEqual([down[0]?.state, down[0]?.remoteDisc], ['down', 8192]);
  });

  void it('ping and traceroute build VRP commands', async () => {
    const s = fake({ 'ping -vpn-instance VPNA 10.1.1.1': fx('pe1-ping-vpna-10.1.1.1.txt'), 'tracert 10.3.1.2': fx('ce1-tracert-10.3.1.2.txt') });
    assert.deepEqual(await ping(s, '10.1.1.1', { vrf: 'VPNA' }), { target: '10.1.1.1', sent: 5, received: 5, lost: 0, successPct: 100, rttMin: 30, rttAvg: 58, rttMax: 130 });
    const t = await traceroute(s, '10.3.1.2');
    assert.equal(t.reached, true);
    assert.deepEqual([...new Set(t.hops[0]?.probes?.map((p) => p.address))], ['10.1.1.2', '10.2.1.2']);
  });
});
