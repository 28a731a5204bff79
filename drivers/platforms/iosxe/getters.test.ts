// IOS XE getters over a fake session: the commands they run and the neutral records they return,
// through the platform's getter table (what the device API dispatches to).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRunner } from '../getters';
import { iosxeGetters } from './getters';

const td = (f: string): string => readFileSync(join(__dirname, 'testdata', f), 'utf8');

function fake(outputs: Record<string, string>): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    device: 'gw3',
    calls,
    async send(command) {
      calls.push(command);
      const out = outputs[command];
      if (out === undefined) throw new Error(`unexpected command ${command}`);
      return out;
    },
  };
}

void test('iosxe getters: VRRP, VRRS, ARP, filter and interfaces; no routes getter', async () => {
  const s = fake({
    'show vrrp': td('xe-show-vrrp-v3.txt'),
    'show vrrs group edge-b': 'edge-b\n  Server Not configured, state INIT, old state INIT, reason Protocol\n',
    'show vrrs clients': td('doc-show-vrrs-clients.txt'),
    'show vrrs plugin database': td('doc-show-vrrs-plugin-database.txt'),
    'show ip arp': td('xe-show-ip-arp.txt'),
    'show controllers GigabitEthernet0/0/0': td('doc-show-controllers.txt'),
    'show interfaces': td('xe-show-interfaces.txt'),
  });
  const g = iosxeGetters;
  const d = {
    vrrpGroups: (q?: { iface?: string }) => g.vrrpGroups!(s, q), vrrsGroups: (q?: { name?: string }) => g.vrrsGroups!(s, q), vrrsClients: () => g.vrrsClients!(s),
    vrrsPluginDatabase: () => g.vrrsPluginDatabase!(s), arp: (q?: { iface?: string }) => g.arp!(s, q), macFilter: (i: string) => g.macFilter!(s, i), interfaces: () => g.interfaces!(s),
  };
  assert.equal(g.routes, undefined);
  assert.deepEqual((await d.vrrpGroups({ iface: 'gigabitethernet2.10' })).map((g) => g.vrid), [7]);
  assert.equal((await d.vrrsGroups({ name: 'edge-b' }))[0].server, null);
  assert.equal((await d.vrrsClients()).length, 3);
  assert.equal((await d.vrrsPluginDatabase())[1].serverConnected, false);
  assert.deepEqual((await d.arp({ iface: 'GigabitEthernet2.10' })).map((e) => e.address), ['10.77.0.2', '10.77.0.3']);
  // A subinterface's filter is its parent's.
  assert.ok((await d.macFilter('GigabitEthernet0/0/0.2')).some((e) => e.mac === '00:00:5e:00:01:01'));
  assert.equal((await d.interfaces())[1].address, '10.77.0.2/24');
  await assert.rejects(d.vrrsGroups({ name: 'a b' }), /bad VRRS group name/);
});
