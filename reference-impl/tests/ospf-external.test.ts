/**
 * AS-external LSAs (RFC 2328 12.4.4, 16.4) in the freeRtr dialect: three routers in a line,
 * only `ab` redistributes (`redistribute connected`, `redistribute static`). Its loopback, a
 * connected subnet OSPF does not run on and a static route reach `cd` and `ef` as `O E2`
 * routes through `ab`, type 2 (the external metric, not the path cost); the databases list
 * one `external` LSA per prefix from `ab` and `ab`'s router LSA has the E bit; `no redistribute`
 * flushes them and the routes go. The VRP dialect's `import-route direct|static` takes the same
 * path (its routing table names them O_ASE).
 *
 *   ab ethernet1 ---- ethernet1 cd ethernet2 ---- ethernet1 ef
 *      10.61.1.0/30                  10.61.2.0/30
 *   ab ethernet2 (192.0.2.1/24, no OSPF) is cabled to ef's unaddressed ethernet2, only so that
 *   it has carrier and its connected route; OSPF never runs over it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { parseTopology } from '../../topologies/loader';
import { parsePrefix } from '../net/addr';
import { Lab } from '../lab';
import { SEC } from '../sim/scheduler';
import type { FreeRtrSession } from '../cli/freertr/session';
import { freertrSession, freertrTable } from './testlab';
import { decodeExternalBody, decodeRouterBody, LS_EXTERNAL, LS_ROUTER, RTR_E, ipNum } from '../protocols/ospf/packet';
import type { OspfInstance } from '../protocols/ospf/module';

const NODES = ['ab', 'cd', 'ef'];

function config(i: number): string {
  const l = [`hostname ${NODES[i]}`, 'vrf definition core', ' rd 64512:7', ' exit', 'router ospf4 3', ' vrf core', ` router-id 10.254.0.${i + 1}`, ' area 0 enable'];
  if (i === 0) l.push(' redistribute connected', ' redistribute static');
  l.push(' exit');
  l.push('interface loopback5', ' vrf forwarding core', ` ipv4 address 172.30.0.${i + 1} 255.255.255.255`, ' exit');
  const port = (n: number, net: number, host: number) => {
    l.push(`interface ethernet${n}`, ' vrf forwarding core', ` ipv4 address 10.61.${net}.${host} 255.255.255.252`, ' router ospf4 3 enable', ' router ospf4 3 area 0', ' exit');
  };
  if (i === 0) {
    port(1, 1, 1);
    // A connected subnet OSPF does not run on (no neighbour there): external only.
    l.push('interface ethernet2', ' vrf forwarding core', ' ipv4 address 192.0.2.1 255.255.255.0', ' exit');
    l.push('ipv4 route core 198.51.100.0 255.255.255.0 192.0.2.9');
  }
  if (i === 1) {
    port(1, 1, 2);
    port(2, 2, 1);
  }
  if (i === 2) port(1, 2, 2);
  return l.join('\n') + '\nend\n';
}

async function lineLab(): Promise<Lab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-ospf-ext-'));
  const yml = ['name: line', 'topology:', '  nodes:'];
  NODES.forEach((n, i) => {
    yml.push(`    ${n}:`, '      kind: rare', `      startup-config: ${n}.cfg`);
    fs.writeFileSync(path.join(dir, `${n}.cfg`), config(i));
  });
  yml.push('  links:', '    - endpoints: ["ab:eth1", "cd:eth1"]', '    - endpoints: ["cd:eth2", "ef:eth1"]', '    - endpoints: ["ab:eth2", "ef:eth2"]');
  fs.writeFileSync(path.join(dir, 'line.clab.yml'), yml.join('\n') + '\n');
  const topo = await loadTopology(path.join(dir, 'line.clab.yml'));
  fs.rmSync(dir, { recursive: true, force: true });
  return Lab.create(topo, { mode: 'fast', telnet: false, seed: 5 });
}

const session = freertrSession;
const table = freertrTable;
/** `show ipv4 route core` rows for the prefixes asked: [typ, prefix, metric, iface, hop]. */
async function routes(s: FreeRtrSession, prefixes: string[]): Promise<string[][]> {
  const rows = await table(s, 'show ipv4 route core');
  // `O E2` is two words in the split row: put it back together.
  return rows
    .map((r) => (r[1] === 'E2' || r[1] === 'EX' ? [`${r[0]} ${r[1]}`, ...r.slice(2)] : r))
    .filter((r) => prefixes.includes(r[1]))
    .map((r) => r.slice(0, 5));
}

const EXT = ['172.30.0.1/32', '192.0.2.0/24', '198.51.100.0/24'];

void test('freeRtr OSPF redistribute connected/static: AS-external LSAs, O E2 routes at the far end, flushed by no redistribute', async () => {
  const lab = await lineLab();
  lab.sched.runFor(60 * SEC);
  const ef = session(lab, 'ef');
  const cd = session(lab, 'cd');
  for (const s of [ef, cd]) await s.execute('terminal table normal');

  // Type 2: the metric is the external one (0), whatever the path cost to ab (10 from cd, 20 from ef).
  assert.deepEqual(await routes(ef, EXT), EXT.map((p) => ['O E2', p, '110/0', 'ethernet1', '10.61.2.1']));
  assert.deepEqual(await routes(cd, EXT), EXT.map((p) => ['O E2', p, '110/0', 'ethernet1', '10.61.1.1']));
  // ab's OSPF interfaces stay intra-area at the far end: its ethernet1 subnet is `O`, not external.
  assert.deepEqual((await routes(ef, ['10.61.1.0/30'])).map((r) => r[0]), ['O']);
  // The router without redistribution originates no external LSA; its loopback does not reach ef.
  assert.deepEqual(await routes(ef, ['172.30.0.2/32']), []);

  const db = await table(ef, 'show ipv4 ospf 3 database 0');
  assert.deepEqual(
    db.filter((r) => r[3] === 'external').map((r) => [r[0], r[1]]),
    [['10.254.0.1', '172.30.0.1'], ['10.254.0.1', '192.0.2.0'], ['10.254.0.1', '198.51.100.0']],
  );
  // The LSAs themselves, in ef's database: E bit (type 2), metric 0, the network mask; ab is an ASBR.
  const p = lab.node('ef').device as unknown as { host: { instance<T>(n: string): T | undefined } };
  const proc = p.host.instance<OspfInstance>('ospf')!.procs.get(3)!;
  const ext = proc.lsdb.entries().filter((e) => e.lsa.hdr.type === LS_EXTERNAL).map((e) => decodeExternalBody(e.lsa.raw.subarray(20))!);
  assert.deepEqual(ext.map((x) => [x.e2, x.metric, x.forward]), [[true, 0, 0], [true, 0, 0], [true, 0, 0]]);
  assert.deepEqual(ext.map((x) => x.mask).sort(), [0xffffff00, 0xffffff00, 0xffffffff].sort());
  const rtr = (id: string) => decodeRouterBody(proc.lsdb.get({ type: LS_ROUTER, id: ipNum(id)!, adv: ipNum(id)! })!.lsa.raw.subarray(20))!;
  assert.equal(rtr('10.254.0.1').flags & RTR_E, RTR_E, 'ab sets the E bit');
  assert.equal(rtr('10.254.0.2').flags & RTR_E, 0, 'cd does not');

  // no redistribute static: that one LSA is flushed, its route goes; the connected ones stay.
  const ab = session(lab, 'ab');
  await ab.execute('configure terminal');
  assert.equal((await ab.execute('router ospf4 3')).output, '');
  assert.equal((await ab.execute('no redistribute static')).output, '');
  await ab.execute('end');
  lab.sched.runFor(10 * SEC);
  assert.deepEqual((await routes(ef, EXT)).map((r) => r[1]), ['172.30.0.1/32', '192.0.2.0/24']);
  assert.equal((await table(ef, 'show ipv4 ospf 3 database 0')).filter((r) => r[3] === 'external').length, 2);
  await lab.stop();
});

const VRP_TOPOLOGY = `name: vrp-ext
topology:
  nodes:
    HU-A: { kind: huawei_vrp }
    HU-B: { kind: huawei_vrp }
  links:
    - endpoints: ["HU-A:eth1", "HU-B:eth1"]
`;

function vrpConfig(name: string, n: number, imports: string[]): string {
  return [
    '#', `sysname ${name}`, '#',
    'interface GigabitEthernet0/1/0', ' undo shutdown', ` ip address 10.62.1.${n} 255.255.255.252`, '#',
    'interface LoopBack1', ` ip address 10.255.9.${n} 255.255.255.255`, '#',
    'interface LoopBack2', ` ip address 203.0.113.${n} 255.255.255.255`, '#',
    ...(n === 1 ? ['ip route-static 100.64.0.0 255.255.0.0 10.62.1.2', '#'] : []),
    `ospf 1 router-id 10.255.9.${n}`, ...imports, ' area 0.0.0.0', '  network 10.62.1.0 0.0.0.3', `  network 10.255.9.${n} 0.0.0.0`, '#', 'return', '',
  ].join('\n');
}

void test('VRP OSPF import-route direct/static: the same AS-external LSAs, O_ASE at the far end with the cost and type given', async () => {
  const topo = await parseTopology(VRP_TOPOLOGY, 'vrp-ext.clab.yml');
  const lab = Lab.create(topo, { mode: 'fast', telnet: false, ssh: false, seed: 2 });
  const imports = [' import-route direct cost 20', ' import-route static type 1'];
  assert.deepEqual(lab.node('HU-A').device.applyConfig(vrpConfig('HU-A', 1, imports)), []);
  assert.deepEqual(lab.node('HU-B').device.applyConfig(vrpConfig('HU-B', 2, [])), []);
  lab.sched.runFor(60 * SEC);
  const rib = lab.node('HU-B').node.vrf('').rib[4];
  const get = (p: string) => rib.bestFor(parsePrefix(p)!);
  // LoopBack2 is in no network statement: external, type 2, metric = the imported cost.
  assert.equal(get('203.0.113.1/32')?.external, true);
  assert.equal(get('203.0.113.1/32')?.metric, 20);
  // The static route, type 1: cost to the ASBR (1) + its metric (1).
  assert.equal(get('100.64.0.0/16')?.external, true);
  assert.equal(get('100.64.0.0/16')?.metric, 2);
  // A loopback in a network statement stays intra-area.
  assert.equal(get('10.255.9.1/32')?.external, undefined);
  const s = lab.node('HU-B').device.sessions()('t') as unknown as { execute(l: string): Promise<{ output: string }> };
  const table = (await s.execute('display ip routing-table')).output;
  assert.match(table, /^ *203\.0\.113\.1\/32 +O_ASE /m);
  assert.match(table, /^ *10\.255\.9\.1\/32 +OSPF /m);
  const a = lab.node('HU-A').device.sessions()('t') as unknown as { execute(l: string): Promise<{ output: string }> };
  const run = (await a.execute('display current-configuration')).output;
  assert.match(run, /^ospf 1 router-id 10\.255\.9\.1\n import-route direct cost 20\n import-route static type 1\n area 0\.0\.0\.0\n/m);
  await lab.stop();
});
