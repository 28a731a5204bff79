/**
 * SR Linux show renderers against the document's outputs (rows built here, as the modules give
 * them), and the live shows on a device: `show version` from the topology, `show interface`
 * from the node's interfaces, the LACP and MAC tables empty while their modules do not run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node } from '../../net/node';
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { SrlDevice } from './device';
import { srlinuxDialect } from './index';
import { renderLacpState, renderMacTable } from './show';
import { wrap } from './boxes';
import type { SrlSession } from './session';
import type { LacpMemberRow, MacTableRow } from '../../protocols/l2-rows';

const LAB = '/work/shared/seeds/001-evpn-mh-lab/configs';

// The document's outputs (leaf1 `show interface lag1`, `show lag lag1 lacp-state`, leaf3's MAC table).
const DOC_IF = "==========================================================================================================================================\nlag1 is up, speed None, type None\n  lag1.0 is up\n    Network-instance: mac-vrf-1\n    Encapsulation   : null\n    Type            : bridged\n------------------------------------------------------------------------------------------------------------------------------------------\n==========================================================================================================================================\n";
const DOC_LACP = "------------------------------------------------------------------------------------------------------------------------------------------\nLACP State for lag1\n------------------------------------------------------------------------------------------------------------------------------------------\nLag Id         : lag1\nInterval       : SLOW\nMode           : ACTIVE\nSystem Id      : 00:00:00:00:00:11\nSystem Priority: 11\n+--------------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+\n|   Members    |   Oper    | Activity  |  Timeout  |   State   | System Id | Oper key  |  Partner  |  Partner  |  Port No  |  Partner  |\n|              |   state   |           |           |           |           |           |    Id     |    Key    |           |  Port No  |\n+==============+===========+===========+===========+===========+===========+===========+===========+===========+===========+===========+\n| ethernet-1/1 | up        | ACTIVE    | LONG      | IN_SYNC/T | 00:00:00: | 11        | 00:C1:AB: | 15        | 1         | 1         |\n|              |           |           |           | rue/True/ | 00:00:11  |           | 00:00:11  |           |           |           |\n|              |           |           |           | True      |           |           |           |           |           |           |\n+--------------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+\n------------------------------------------------------------------------------------------------------------------------------------------\n";
/** Its dates moved to the lab's virtual epoch (2026-01-01). */
const DOC_MAC = "-----------------------------------------------------------------------------------------------------------------------------------------------------\nMac-table of network instance mac-vrf-1\n-----------------------------------------------------------------------------------------------------------------------------------------------------\n+--------------------+---------------------------------------+------------+------------+---------+--------+---------------------------------------+\n|      Address       |              Destination              | Dest Index |    Type    | Active  | Aging  |              Last Update              |\n+====================+=======================================+============+============+=========+========+=======================================+\n| 00:C1:AB:00:00:11  | vxlan-interface:vxlan1.1              | 7173081172 | evpn       | true    | N/A    | 2026-01-01T10:34:59.000Z              |\n|                    | esi:01:11:11:11:11:11:11:00:00:01     | 20         |            |         |        |                                       |\n| 00:C1:AB:00:00:21  | ethernet-1/1.0                        | 3          | learnt     | true    | 300    | 2026-01-01T10:34:59.000Z              |\n| 00:C1:AB:00:00:22  | ethernet-1/2.0                        | 4          | learnt     | true    | 300    | 2026-01-01T10:35:01.000Z              |\n| 00:C1:AB:00:00:23  | ethernet-1/3.0                        | 5          | learnt     | true    | 300    | 2026-01-01T10:35:03.000Z              |\n+--------------------+---------------------------------------+------------+------------+---------+--------+---------------------------------------+\nTotal Irb Macs                 :    0 Total    0 Active\nTotal Static Macs              :    0 Total    0 Active\nTotal Duplicate Macs           :    0 Total    0 Active\nTotal Learnt Macs              :    3 Total    3 Active\nTotal Evpn Macs                :    1 Total    1 Active\nTotal Evpn static Macs         :    0 Total    0 Active\nTotal Irb anycast Macs         :    0 Total    0 Active\nTotal Proxy Antispoof Macs     :    0 Total    0 Active\nTotal Reserved Macs            :    0 Total    0 Active\nTotal Eth-cfm Macs             :    0 Total    0 Active\n";

const sec = (h: number, m: number, s: number): number => (h * 3600 + m * 60 + s) * 1e6;

void test('wrap: at spaces, long words cut at the width', () => {
  assert.deepEqual(wrap('IN_SYNC/True/True/True', 9), ['IN_SYNC/T', 'rue/True/', 'True']);
  assert.deepEqual(wrap('Partner Port No', 9), ['Partner', 'Port No']);
  assert.deepEqual(wrap('', 5), ['']);
});

void test("show lag lacp-state renders the document's table", () => {
  const m: LacpMemberRow = {
    lag: 'lag1', member: 'ethernet-1/1', operUp: true, activity: 'active', timeout: 'long', inSync: true, collecting: true,
    distributing: true, aggregation: true, defaulted: false, expired: false, systemId: '00:00:00:00:00:11', operKey: 11,
    partnerId: '00:c1:ab:00:00:11', partnerKey: 15, partnerPriority: 65535, portNo: 1, partnerPortNo: 1, rxLacpdu: 3, txLacpdu: 3,
  };
  const out = renderLacpState('lag1', { interval: 'slow', mode: 'active', systemId: '00:00:00:00:00:11', systemPriority: 11 }, [m]);
  assert.equal(out, DOC_LACP);
  // Other names: a longer member name widens its column, a passive member out of sync.
  const o2 = renderLacpState('lag7', { interval: 'fast', mode: 'passive', systemId: '1a:00:03:ff:00:00', systemPriority: 32768 }, [
    { ...m, lag: 'lag7', member: 'ethernet-1/10', operUp: false, activity: 'passive', timeout: 'short', inSync: false, collecting: false, distributing: false, partnerId: undefined, partnerKey: undefined, partnerPortNo: undefined },
  ]);
  assert.match(o2, /^Interval {7}: FAST$/m);
  assert.match(o2, /^\| ethernet-1\/10 \| down {6}\| PASSIVE {3}\| SHORT {5}\| OUT_SYNC/m);
});

void test("the MAC table renders the document's rows (ESI destination, learnt entries, totals)", () => {
  const rows: MacTableRow[] = [
    { macVrf: 'mac-vrf-1', mac: '00:c1:ab:00:00:22', type: 'learnt', destination: { kind: 'subinterface', name: 'ethernet-1/2.0' }, destIndex: 4, active: true, agingS: 300, lastUpdate: sec(10, 35, 1) },
    { macVrf: 'mac-vrf-1', mac: '00:c1:ab:00:00:11', type: 'evpn', destination: { kind: 'esi', esi: '01:11:11:11:11:11:11:00:00:01', vteps: ['10.0.0.1', '10.0.0.2'] }, destIndex: 717308117220, active: true, lastUpdate: sec(10, 34, 59) },
    { macVrf: 'mac-vrf-1', mac: '00:c1:ab:00:00:21', type: 'learnt', destination: { kind: 'subinterface', name: 'ethernet-1/1.0' }, destIndex: 3, active: true, agingS: 300, lastUpdate: sec(10, 34, 59) },
    { macVrf: 'mac-vrf-1', mac: '00:c1:ab:00:00:23', type: 'learnt', destination: { kind: 'subinterface', name: 'ethernet-1/3.0' }, destIndex: 5, active: true, agingS: 300, lastUpdate: sec(10, 35, 3) },
  ];
  assert.equal(renderMacTable('mac-vrf-1', rows, 'vxlan1.1'), DOC_MAC);
  const vt = renderMacTable('bd9', [{ macVrf: 'bd9', mac: '02:00:00:00:09:01', type: 'evpn', destination: { kind: 'vtep', vtep: '172.31.0.9', vni: 909 }, destIndex: 12, active: false, lastUpdate: 0 }], 'vx2.9');
  assert.match(vt, /^\| 02:00:00:00:09:01 {2}\| vxlan-interface:vx2\.9 vtep:172\.31\.0\.9 \| 12 {9}\| evpn {7}\| false {3}\| N\/A {4}\|/m);
  assert.match(vt, /^\| {20}\| vni:909 {31}\| {12}\|/m);
  assert.match(vt, /^Total Evpn Macs {16}: {4}1 Total {4}0 Active$/m);
});

function leaf(file: string, name: string, platform = {}): SrlDevice {
  const d = new SrlDevice(new Node(name, 1, new Scheduler(), new Random(3)), platform);
  assert.deepEqual(d.applyConfig(fs.readFileSync(path.join(LAB, file), 'utf8')), []);
  return d;
}

void test('show version: chassis from the topology type, software from the image tag', async () => {
  const d = srlinuxDialect().createDevice(new Node('spine9', 2, new Scheduler(), new Random(1)), { kind: 'nokia_srlinux', type: 'ixrd3', image: 'ghcr.io/nokia/srlinux:23.3.1' });
  const s = d.sessions()('t') as SrlSession;
  const v = (await s.execute('show version')).output;
  assert.match(v, /^Hostname {13}: spine9$/m);
  assert.match(v, /^Chassis Type {9}: 7220 IXR-D3$/m);
  assert.match(v, /^Software Version {5}: v23\.3\.1$/m);
  const d2 = new SrlDevice(new Node('x', 0, new Scheduler(), new Random(1)), { type: 'ixr6e', image: 'registry.local/srl:24.10.1' });
  const v2 = (await (d2.sessions()('t') as SrlSession).execute('show version')).output;
  assert.match(v2, /^Chassis Type {9}: 7250 IXR-6e$/m);
  assert.match(v2, /^Software Version {5}: v24\.10\.1$/m);
});

void test("show interface lag1 from the node's interfaces, as the document prints it", async () => {
  const d = leaf('leaf1.cfg', 'leaf1');
  const s = d.sessions()('t') as SrlSession;
  const r = await s.execute('enter candidate');
  assert.equal(r.failed, undefined);
  for (const l of [
    'set / interface lag1 admin-state enable', 'set / interface lag1 vlan-tagging true', 'set / interface lag1 subinterface 0 type bridged',
    'set / interface lag1 subinterface 0 vlan encap untagged', 'set / interface lag1 lag lag-type lacp', 'set / interface ethernet-1/1 ethernet aggregate-id lag1',
    'set / network-instance mac-vrf-1 interface lag1.0', 'commit now',
  ]) assert.doesNotMatch((await s.execute(l)).output, /rror/, l);
  const lag = d.node.ifaces.get('lag1')!;
  assert.equal(lag.kind, 'lag');
  assert.match((await s.execute('show interface lag1')).output, /^lag1 is down, speed None, type None\n {2}lag1\.0 is down$/m);
  // What the LACP module does once a member distributes: the LAG's carrier comes on.
  lag.carrier = () => true;
  assert.equal((await s.execute('show interface lag1')).output, DOC_IF);
  const all = (await s.execute('show interface')).output;
  assert.match(all, /^ethernet-1\/49 is down, speed 100G, type None\n {2}ethernet-1\/49\.0 is down\n {4}Network-instance: default\n {4}Encapsulation {3}: null\n {4}Type {12}: routed\n {4}IPv4 addr {4}: 192\.168\.11\.1\/30 \(static, preferred\)$/m);
  assert.match(all, /^system0 is up, speed None, type None$/m);
  assert.match(all, /^ {2}1 loopback interfaces configured$/m);
  assert.equal((await s.execute('show interface lag9')).output, "Error: interface 'lag9' does not exist\n");
});

void test('LACP and MAC tables while their modules do not run: configured head, no rows', async () => {
  const d = leaf('leaf3.cfg', 'leaf3');
  const s = d.sessions()('t') as SrlSession;
  const mt = (await s.execute('show network-instance mac-vrf-1 bridge-table mac-table all')).output;
  assert.match(mt, /^Mac-table of network instance mac-vrf-1$/m);
  assert.match(mt, /^Total Learnt Macs {14}: {4}0 Total {4}0 Active$/m);
  assert.equal((await s.execute('show network-instance default bridge-table mac-table all')).output, "Error: network-instance 'default' is not of type mac-vrf\n");
  const r = await s.execute('show lag lag1 lacp-state');
  assert.equal(r.failed, true);
  assert.match((await s.execute('show bogus')).output, /^Parsing error: Unknown token 'bogus'\. Options are \[/);
});
