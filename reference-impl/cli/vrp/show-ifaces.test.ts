/**
 * `display ip interface brief` from live interface state: an up port, a shutdown port, a port
 * whose link loses carrier, a VPN-bound port and loopback, NULL0, and the four counts.
 * Addresses and the VPN name are not the seed's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab } from '../../lab';
import { SEC } from '../../sim/scheduler';
import type { VrpSession } from './session';
import type { VrpDevice } from './device';

const TOPO = path.join(__dirname, '../../../topologies/bfd-static-vpn/bfd-static-vpn.clab.yml');

const CONFIG = `#
sysname R1
#
ip vpn-instance CUST
 ipv4-family
  route-distinguisher 65000:7
  vpn-target 65000:7 export-extcommunity
  vpn-target 65000:7 import-extcommunity
#
interface GigabitEthernet0/1/0
 undo shutdown
 ip address 198.51.100.1 255.255.255.252
#
interface GigabitEthernet0/2/0
 shutdown
 ip address 203.0.113.1 255.255.255.0
#
interface GigabitEthernet0/3/0
 undo shutdown
 ip binding vpn-instance CUST
 ip address 192.0.2.1 255.255.255.128
#
interface LoopBack0
 ip address 10.255.0.1 255.255.255.255
#
interface LoopBack9
 ip binding vpn-instance CUST
#
return
`;

const HEADER = 'Interface                         IP Address/Mask      Physical   Protocol VPN';

/** Table rows as whitespace-split fields; the counts by name. */
function parse(out: string): { rows: string[][]; counts: Record<string, number> } {
  const lines = out.split('\n');
  const h = lines.indexOf(HEADER);
  assert.ok(h > 0, out);
  const counts: Record<string, number> = {};
  for (const l of lines.slice(0, h)) {
    const m = /^The number of interface that is (UP|DOWN) in (Physical|Protocol) is (\d+)$/.exec(l);
    if (m) counts[`${m[1]} ${m[2]}`] = Number(m[3]);
  }
  return { rows: lines.slice(h + 1).filter((l) => l !== '').map((l) => l.split(/\s+/)), counts };
}

void test('display ip interface brief: up, shutdown, carrier down, VPN-bound, loopbacks, NULL0', async () => {
  const l = await Lab.create(await loadTopology(TOPO), { mode: 'fast', telnet: false });
  const d = l.node('PE1').device as VrpDevice;
  assert.deepEqual(d.applyConfig(CONFIG), []);
  const s = d.sessions()('test') as VrpSession;
  // Carrier lost on GE0/3/0 (the link to CE1 cut).
  l.setLink('PE1:GigabitEthernet0/3/0', undefined, { up: false });
  l.sched.runFor(SEC);

  const out = (await s.execute('display ip interface brief')).output;
  const lines = out.split('\n');
  assert.equal(lines[0], '*down: administratively down');
  assert.ok(lines.includes('(s): spoofing'));
  // Exact column layout of the NE40E/NE8000 V8 capture.
  assert.ok(lines.includes('GigabitEthernet0/1/0              198.51.100.1/30      up         up       --'), out);
  assert.ok(lines.includes('NULL0                             unassigned           up         up(s)    --'), out);
  const t = parse(out);
  assert.deepEqual(t.rows, [
    ['GigabitEthernet0/1/0', '198.51.100.1/30', 'up', 'up', '--'],
    ['GigabitEthernet0/2/0', '203.0.113.1/24', '*down', 'down', '--'],
    ['GigabitEthernet0/3/0', '192.0.2.1/25', 'down', 'down', 'CUST'],
    ['LoopBack0', '10.255.0.1/32', 'up', 'up(s)', '--'],
    ['LoopBack9', 'unassigned', 'up', 'up(s)', 'CUST'],
    ['NULL0', 'unassigned', 'up', 'up(s)', '--'],
  ]);
  assert.deepEqual(t.counts, { 'UP Physical': 4, 'DOWN Physical': 2, 'UP Protocol': 4, 'DOWN Protocol': 2 });
  // The counts line comes right before the header (no blank line in V8).
  assert.equal(lines[lines.indexOf(HEADER) - 1], 'The number of interface that is DOWN in Protocol is 2');

  // Live: the link comes back, the shutdown port is opened, the address goes away on GE0/1/0.
  l.setLink('PE1:GigabitEthernet0/3/0', undefined, { up: true });
  for (const x of ['system-view', 'interface GigabitEthernet0/2/0', 'undo shutdown', 'quit', 'interface GigabitEthernet0/1/0', 'undo ip address', 'quit', 'commit', 'return']) {
    const r = (await s.execute(x)).output;
    assert.doesNotMatch(r, /Error/, `${x}: ${r}`);
  }
  l.sched.runFor(SEC);
  const t2 = parse((await s.execute('dis ip int br')).output);
  assert.deepEqual(t2.rows.slice(0, 3), [
    ['GigabitEthernet0/1/0', 'unassigned', 'up', 'down', '--'],
    ['GigabitEthernet0/2/0', '203.0.113.1/24', 'up', 'up', '--'],
    ['GigabitEthernet0/3/0', '192.0.2.1/25', 'up', 'up', 'CUST'],
  ]);
  assert.deepEqual(t2.counts, { 'UP Physical': 6, 'DOWN Physical': 0, 'UP Protocol': 5, 'DOWN Protocol': 1 });

  // The far end shut down: carrier drops here too, the port is down but not *down.
  const ce1 = l.node('CE1').device as VrpDevice;
  const c = ce1.sessions()('test') as VrpSession;
  for (const x of ['system-view', 'interface GigabitEthernet0/1/0', 'shutdown', 'commit', 'return']) await c.execute(x);
  l.sched.runFor(SEC);
  const t3 = parse((await s.execute('display ip interface brief')).output);
  assert.deepEqual(t3.rows[2], ['GigabitEthernet0/3/0', '192.0.2.1/25', 'down', 'down', 'CUST']);
  // CE1's own view of its shut port.
  const ceRows = parse((await c.execute('display ip interface brief')).output).rows;
  assert.deepEqual(ceRows.find((r) => r[0] === 'GigabitEthernet0/1/0')?.slice(2, 4), ['*down', 'down']);
  l.stop().catch(() => undefined);
});
