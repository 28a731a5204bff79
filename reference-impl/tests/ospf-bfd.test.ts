/**
 * The proof that a protocol is written once: four freeRtr-dialect routers running OSPF with BFD
 * (the engines the VRP dialect uses), configured in freeRtr's own syntax (its rout-ospf26 test)
 * with names and addresses of our own. They converge; a silent failure of the primary link
 * (every packet lost, carrier kept) brings BFD down within its detection time (3 x 100 ms) and
 * the route moves to the backup path at once, where OSPF alone would wait its 40 s dead
 * interval (the same lab without `router ospf4 1 bfd` shows it); the link restored, the
 * adjacency and the route come back.
 *
 *      ethernet1   ethernet1
 *   ka ---------- lo          ka-lo cost 10, lo-ni cost 10: the primary path ka -> ni
 *   |  ethernet2     | ethernet2
 *   |                |
 *   | ethernet2      | ethernet1
 *   ma ---------- ni          ka-ma cost 40: the backup
 *      ethernet1   ethernet2
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import { MS, SEC } from '../sim/scheduler';
import { fmtAddr, parsePrefix, prefixKey } from '../net/addr';
import { freertrSession, freertrTable } from './testlab';

const NODES = ['ka', 'lo', 'ma', 'ni'];
/** [a, a's port, b, b's port, subnet /30 third octet, cost]. */
const LINKS: Array<[number, number, number, number, number, number]> = [
  [0, 1, 1, 1, 1, 10],
  [1, 2, 3, 1, 2, 10],
  [0, 2, 2, 2, 3, 40],
  [2, 1, 3, 2, 4, 40],
];
const lo = (i: number) => `172.31.255.${i + 11}`;

function config(i: number, bfd: boolean): string {
  const l = [`hostname ${NODES[i]}`, 'vrf definition core', ' rd 64512:9', ' exit', 'router ospf4 7', ' vrf core', ` router-id 10.255.0.${i + 1}`, ' area 0 enable', ' redistribute connected', ' exit'];
  l.push('interface loopback3', ' vrf forwarding core', ` ipv4 address ${lo(i)} 255.255.255.255`, ' exit');
  for (const [a, pa, b, pb, net, cost] of LINKS) {
    for (const [me, port, host] of [[a, pa, 1], [b, pb, 2]] as const) {
      if (me !== i) continue;
      l.push(`interface ethernet${port}`, ' vrf forwarding core', ` ipv4 address 10.77.${net}.${host} 255.255.255.252`);
      if (bfd) l.push(' ipv4 bfd 100 100 3');
      l.push(' router ospf4 7 enable', ' router ospf4 7 area 0', ` router ospf4 7 cost ${cost}`);
      if (bfd) l.push(' router ospf4 7 bfd');
      l.push(' exit');
    }
  }
  return l.join('\n') + '\nend\n';
}

async function squareLab(bfd: boolean): Promise<Lab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-ospf-bfd-'));
  const yml = ['name: square', 'topology:', '  nodes:'];
  NODES.forEach((n, i) => {
    yml.push(`    ${n}:`, '      kind: rare', `      startup-config: ${n}.cfg`);
    fs.writeFileSync(path.join(dir, `${n}.cfg`), config(i, bfd));
  });
  yml.push('  links:');
  for (const [a, pa, b, pb] of LINKS) yml.push(`    - endpoints: ["${NODES[a]}:eth${pa}", "${NODES[b]}:eth${pb}"]`);
  fs.writeFileSync(path.join(dir, 'square.clab.yml'), yml.join('\n') + '\n');
  const topo = await loadTopology(path.join(dir, 'square.clab.yml'));
  fs.rmSync(dir, { recursive: true, force: true });
  return Lab.create(topo, { mode: 'fast', telnet: false, seed: 11 });
}

/** ka's next hop to ni's loopback, or undefined when it has no route. */
function viaFromKa(lab: Lab): string | undefined {
  const p = parsePrefix(`${lo(3)}/32`)!;
  const r = lab.node('ka').node.vrf('core').rib[4].routes().find((x) => prefixKey(x.prefix) === prefixKey(p));
  return r?.paths.map((x) => (x.nextHop ? fmtAddr(x.nextHop) : '')).join(',');
}

const session = freertrSession;
const table = freertrTable;

void test('freeRtr OSPF with BFD: converges, fails over within the detection time on a silent failure, and comes back', async () => {
  const lab = await squareLab(true);
  lab.sched.runFor(60 * SEC);
  const s = session(lab, 'ka');
  await s.execute('terminal table normal');
  const nbrs = await table(s, 'show ipv4 ospf 7 neighbor');
  assert.deepEqual(
    nbrs.map((r) => r.slice(0, 5)),
    [
      ['ethernet1', '0', '10.77.1.2', '10.255.0.2', 'full'],
      ['ethernet2', '0', '10.77.3.2', '10.255.0.3', 'full'],
    ],
  );
  const bfd = await table(s, 'show ipv4 bfd core neighbor');
  assert.deepEqual(
    bfd.map((r) => [r[0], r[1], r[2], r[4]]),
    [
      ['ethernet1', '10.77.1.2', 'up', 'ospf4'],
      ['ethernet2', '10.77.3.2', 'up', 'ospf4'],
    ],
  );
  const db = await table(s, 'show ipv4 ospf 7 database 0');
  assert.deepEqual(db.filter((r) => r[3] === 'router').map((r) => r[0]), ['10.255.0.1', '10.255.0.2', '10.255.0.3', '10.255.0.4']);
  assert.equal(viaFromKa(lab), '10.77.1.2', 'primary path through lo');

  // Silent failure: every packet lost, the carrier stays (no interface event for OSPF).
  lab.setLink('ka', 'lo', { loss: 1 });
  lab.sched.runFor(200 * MS);
  assert.equal(viaFromKa(lab), '10.77.1.2', 'not detected before 3 x 100 ms');
  lab.sched.runFor(300 * MS);
  assert.equal(viaFromKa(lab), '10.77.3.2', 'BFD down: the route moved to the backup path within 500 ms');
  assert.deepEqual((await table(s, 'show ipv4 ospf 7 neighbor')).map((r) => r[0]), ['ethernet2']);
  assert.deepEqual((await table(s, 'show ipv4 bfd core neighbor')).map((r) => r[0]), ['ethernet2']);

  lab.setLink('ka', 'lo', { loss: 0 });
  lab.sched.runFor(60 * SEC);
  assert.equal(viaFromKa(lab), '10.77.1.2', 'back on the primary path');
  assert.equal((await table(s, 'show ipv4 bfd core neighbor')).length, 2);
  await lab.stop();
});

void test('the same lab without BFD keeps the dead path until the 40 s dead interval', async () => {
  const lab = await squareLab(false);
  lab.sched.runFor(60 * SEC);
  assert.equal(viaFromKa(lab), '10.77.1.2');
  lab.setLink('ka', 'lo', { loss: 1 });
  lab.sched.runFor(1 * SEC);
  assert.equal(viaFromKa(lab), '10.77.1.2', 'OSPF alone has not noticed');
  lab.sched.runFor(41 * SEC);
  assert.equal(viaFromKa(lab), '10.77.3.2', 'the dead interval expired');
  await lab.stop();
});

void test('freeRtr running-config gives back the OSPF, BFD and static route lines, and a fresh device takes them', async () => {
  const lab = await squareLab(true);
  const s = session(lab, 'ka');
  await s.execute('configure terminal');
  for (const l of ['ipv4 route core 192.0.2.0 255.255.255.0 10.77.1.2 distance 5', 'ipv4 route core 198.51.100.0 255.255.255.0 10.77.3.2']) {
    assert.equal((await s.execute(l)).output, '', l);
  }
  assert.equal((await s.execute('router ospf4 70000')).output, '% bad value 70000, must be 1-65535\n');
  await s.execute('end');
  lab.sched.runFor(60 * SEC);
  const run = (await s.execute('show running-config')).output;
  for (const l of ['router ospf4 7', ' area 0 enable', ' redistribute connected', ' ipv4 bfd 100 100 3', ' router ospf4 7 enable', ' router ospf4 7 area 0', ' router ospf4 7 bfd', ' router ospf4 7 cost 40', 'ipv4 route core 192.0.2.0 255.255.255.0 10.77.1.2 distance 5']) {
    assert.ok(run.split('\n').includes(l), `running-config has '${l}'`);
  }
  const rib = lab.node('ka').node.vrf('core').rib[4];
  const st = rib.routes().find((r) => prefixKey(r.prefix) === prefixKey(parsePrefix('192.0.2.0/24')!));
  assert.equal(st?.distance, 5);
  const lab2 = await squareLab(true);
  assert.deepEqual(lab2.node('ka').device.applyConfig(run), []);
  assert.equal((await session(lab2, 'ka').execute('show running-config')).output, run);
  await lab.stop();
  await lab2.stop();
});
