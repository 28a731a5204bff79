/**
 * `ip address A M secondary` on IOS XE: accepted, in `show running-config` (secondaries before
 * the primary, as IOS prints them) and `show ip interface`, connected routes and ARP for them
 * on the node, a ping to a secondary answered over the link; IOS's refusals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { iosLab, run, sess } from './testutil';
import * as tools from '../../net/tools';
import { parseIPv4, fmtPrefix } from '../../net/addr';

async function type(s: ReturnType<typeof sess>, lines: string[]): Promise<void> {
  for (const l of lines) {
    const out = await run(s, l);
    assert.doesNotMatch(out, /%/, `${l}: ${out}`);
  }
}

void test('ip address ... secondary: running config, show ip interface, routes, ARP and ping', async () => {
  const lab = await iosLab(['north', 'south']);
  const n = sess(lab, 'north');
  await type(n, ['enable', 'configure terminal', 'interface GigabitEthernet0/0/0', 'ip address 100.64.7.1 255.255.255.0', 'ip address 100.64.9.1 255.255.255.128 secondary', 'ip address 100.64.10.1 255.255.255.0 secondary', 'no shutdown', 'end']);
  const s = sess(lab, 'south');
  await type(s, ['enable', 'configure terminal', 'interface GigabitEthernet0/0/0', 'ip address 100.64.9.2 255.255.255.128', 'no shutdown', 'end']);
  lab.sched.runFor(2 * SEC);

  const rc = await run(n, 'show running-config');
  assert.match(rc, /interface GigabitEthernet0\/0\/0\n ip address 100\.64\.9\.1 255\.255\.255\.128 secondary\n ip address 100\.64\.10\.1 255\.255\.255\.0 secondary\n ip address 100\.64\.7\.1 255\.255\.255\.0\n/);
  const sip = await run(n, 'show ip interface GigabitEthernet0/0/0');
  assert.match(sip, /^GigabitEthernet0\/0\/0 is up, line protocol is up\n {2}Internet address is 100\.64\.7\.1\/24\n {2}Broadcast address is 255\.255\.255\.255\n {2}Address determined by setup command\n {2}MTU is 1500 bytes\n {2}Helper address is not set\n {2}Directed broadcast forwarding is disabled\n {2}Secondary address 100\.64\.9\.1\/25\n {2}Secondary address 100\.64\.10\.1\/24\n {2}Outgoing Common access list is not set\n/);
  assert.match(await run(n, 'show ip interface'), /Loopback|GigabitEthernet0\/0\/0 is up/);
  // The brief shows the primary only.
  assert.match(await run(n, 'show ip interface brief'), /^GigabitEthernet0\/0\/0\s+100\.64\.7\.1\s+YES manual up\s+up\s*$/m);

  // Connected and local routes for the secondaries; south (only on the secondary's subnet) reaches north.
  const rib = lab.node('north').node.vrfs.get('')!.rib[4];
  const prefixes = rib.routes().filter((r) => r.code === 'C').map((r) => fmtPrefix(r.prefix)).sort();
  assert.deepEqual(prefixes, ['100.64.10.0/24', '100.64.7.0/24', '100.64.9.0/25']);
  const replies = await new Promise<number>((resolve) => {
    tools.ping(lab.node('south').node, { vrf: '', dst: parseIPv4('100.64.9.1')!, count: 3, size: 64, timeout: 2 * SEC, ttl: 255 }, () => undefined, (all) => resolve(all.filter((r) => r.ok).length));
    lab.sched.runFor(10 * SEC);
  });
  assert.equal(replies, 3, 'a secondary answers ARP and ping');

  // Refusals: the primary while secondaries depend on it, an overlap, a secondary not there.
  await type(n, ['configure terminal', 'interface GigabitEthernet0/0/0']);
  assert.match(await run(n, 'no ip address 100.64.7.1 255.255.255.0'), /% Must delete secondary before deleting primary/);
  assert.match(await run(n, 'ip address 100.64.7.9 255.255.255.0 secondary'), /% 100\.64\.7\.0 overlaps with GigabitEthernet0\/0\/0/);
  assert.match(await run(n, 'no ip address 100.64.11.1 255.255.255.0 secondary'), /% Address 100\.64\.11\.1 not found/);
  await type(n, ['no ip address 100.64.10.1 255.255.255.0 secondary', 'end']);
  assert.doesNotMatch(await run(n, 'show running-config'), /100\.64\.10\.1/);
  lab.sched.runFor(1 * SEC);
  assert.ok(!rib.routes().some((r) => fmtPrefix(r.prefix) === '100.64.10.0/24'));

  // The round trip: the running config as a startup config prints the same.
  const rc2 = await run(n, 'show running-config');
  const again = await iosLab(['north', 'south'], { north: rc2.slice(rc2.indexOf('!\n')) });
  const n2 = sess(again, 'north');
  await run(n2, 'enable');
  assert.equal(await run(n2, 'show running-config'), rc2);
  await type(n, ['configure terminal', 'interface GigabitEthernet0/0/0', 'no ip address', 'end']);
  assert.match(await run(n, 'show ip interface GigabitEthernet0/0/0'), /Internet protocol processing disabled\n$/);
  await lab.stop();
  await again.stop();
});
