/**
 * The freertr dialect through its terminal session: the seed configs typed line by line, the
 * abbreviations of freeRtr's own test file, prompts, errors, running-config round trips, table
 * formats and startup-config errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab, LabError } from '../../lab';
import { SEC } from '../../sim/scheduler';
import type { FreeRtrSession } from './session';
import type { FreeRtrDevice } from './device';

const SEED_DIR = path.join(__dirname, '../../../topologies/pvrp-ecmp');
const SEED_TOPO = path.join(SEED_DIR, 'pvrp-ecmp.clab.yml');
const TST = '/work/shared/seeds/000-freertr-captures/rout-pvrp41.tst';

async function seedLab(): Promise<Lab> {
  return Lab.create(await loadTopology(SEED_TOPO), { mode: 'fast', telnet: false });
}

/** The seed's wiring with no startup configs: routers as they boot, before anything is typed. */
async function blankLab(names = ['r1', 'r2', 'r3']): Promise<Lab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-cli-'));
  const [a, b, c] = names;
  const yml = [
    'name: blank',
    'topology:',
    '  nodes:',
    ...names.flatMap((n) => [`    ${n}:`, '      kind: rare']),
    '  links:',
    `    - endpoints: ["${a}:eth1", "${b}:eth1"]`,
    `    - endpoints: ["${b}:eth2", "${c}:eth1"]`,
    `    - endpoints: ["${a}:eth2", "${c}:eth2"]`,
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'blank.clab.yml'), yml + '\n');
  const topo = await loadTopology(path.join(dir, 'blank.clab.yml'));
  fs.rmSync(dir, { recursive: true, force: true });
  return Lab.create(topo, { mode: 'fast', telnet: false });
}

const session = (lab: Lab, name: string) => lab.node(name).device.sessions()('test') as FreeRtrSession;

async function typeAll(s: FreeRtrSession, lines: string[]): Promise<void> {
  assert.equal((await s.execute('configure terminal')).output, '');
  for (const l of lines) {
    const out = (await s.execute(l)).output;
    assert.doesNotMatch(out, /%/, `'${l}' at ${s.prompt()}`);
  }
  if (s.mode.name !== 'exec') await s.execute('end');
  assert.equal(s.mode.name, 'exec');
}

/** A router's section of freeRtr's test file, without the harness's own `int ethN eth <mac> ...` lines. */
function tstSection(router: string): string[] {
  const text = fs.readFileSync(TST, 'utf8').split('\n');
  const start = text.indexOf(`addrouter ${router}`);
  const out: string[] = [];
  for (let i = start + 1; i < text.length && text[i].trim() !== ''; i++) {
    if (/^int eth\d+ eth /.test(text[i])) continue;
    out.push(text[i]);
  }
  return out;
}

const noTimes = (s: string) => s.replace(/\d\d:\d\d:\d\d/g, 'T');

void test('every line of the seed r1.cfg typed in configure terminal is accepted and gives the same running config', async () => {
  const seed = await seedLab();
  const blank = await blankLab();
  const s = session(blank, 'r1');
  const lines = fs.readFileSync(path.join(SEED_DIR, 'r1.cfg'), 'utf8').split('\n');
  await typeAll(s, lines);
  const want = (await session(seed, 'r1').execute('show running-config')).output;
  assert.equal((await s.execute('show running-config')).output, want);
  // The lines are the file's, so the config shows them back in freeRtr's order.
  const shown = want.split('\n');
  for (const l of lines.filter((x) => x.trim() && !x.startsWith('!'))) assert.ok(shown.includes(l), `'${l}' missing from show running-config`);
});

void test("freeRtr's test file typed with its abbreviations builds the seed lab: same running config, same routes", async () => {
  const seed = await seedLab();
  const typed = await blankLab();
  for (const r of ['r1', 'r2', 'r3']) await typeAll(session(typed, r), tstSection(r));
  // The abbreviated commands land on the same configuration (less the test harness's extras).
  const harness = (t: string) =>
    t
      .replace(/^buggy\n|^logging .*\n/gm, '')
      .replace(/^vrf definition tester\n exit\n!\n/m, '')
      .replace(/^server telnet tester\n(?: .*\n)*?!\n/m, '')
      .replace(/^!\n(?=!\n)/gm, '');
  for (const r of ['r1', 'r2', 'r3']) {
    const want = harness((await session(seed, r).execute('show running-config')).output);
    assert.equal(harness((await session(typed, r).execute('show running-config')).output), want, r);
  }
  seed.sched.runFor(70 * SEC);
  typed.sched.runFor(70 * SEC);
  const s2 = session(typed, 'r2');
  const w2 = session(seed, 'r2');
  for (const cmd of ['sh ipv4 pvrp 1 sum', 'sh ipv6 pvrp 1 sum', 'show ipv4 pvrp 1 rou', 'show ipv6 pvrp 1 rou', 'show ipv4 route v1', 'show ipv6 route v1']) {
    await s2.execute('terminal table normal');
    await w2.execute('terminal table normal');
    const got = (await s2.execute(cmd)).output;
    assert.doesNotMatch(got, /%/, cmd);
    const lines = got.split('\n').filter(Boolean).length;
    assert.ok(lines > 4, cmd);
    assert.equal(noTimes(got).replace(/ +/g, ' '), noTimes((await w2.execute(cmd)).output).replace(/ +/g, ' '), cmd);
  }
  const sum = (await s2.execute('show ipv4 pvrp 1 summary')).output.split('\n').slice(1).filter(Boolean);
  assert.deepEqual(
    sum.map((l) => l.split(/\s+/).slice(5, 7).join('/')),
    ['6/8', '6/6', '6/7', '6/7'],
  );
});

void test('the abbreviated forms work one by one', async () => {
  const lab = await blankLab(['x1', 'x2', 'x3']);
  const s = session(lab, 'x2');
  const dev = lab.node('x2').device as FreeRtrDevice;
  const steps: Array<[string, string]> = [
    ['conf t', 'x2(cfg)#'],
    ['vrf def v1', 'x2(cfg-vrf)#'],
    [' rd 1:1', 'x2(cfg-vrf)#'],
    [' exit', 'x2(cfg)#'],
    ['router pvrp4 1', 'x2(cfg-rtr)#'],
    [' vrf v1', 'x2(cfg-rtr)#'],
    [' router 4.4.4.1', 'x2(cfg-rtr)#'],
    [' red conn', 'x2(cfg-rtr)#'],
    [' ecmp', 'x2(cfg-rtr)#'],
    [' exit', 'x2(cfg)#'],
    ['int lo1', 'x2(cfg-if)#'],
    [' vrf for v1', 'x2(cfg-if)#'],
    [' ipv4 addr 9.9.9.9 255.255.255.255', 'x2(cfg-if)#'],
    ['int eth1.11', 'x2(cfg-subif)#'],
    [' vrf for v1', 'x2(cfg-subif)#'],
    [' ipv4 addr 10.1.1.2 255.255.255.0', 'x2(cfg-subif)#'],
    [' router pvrp4 1 ena', 'x2(cfg-subif)#'],
    ['end', 'x2#'],
  ];
  for (const [cmd, prompt] of steps) {
    assert.equal((await s.execute(cmd)).output, '', cmd);
    assert.equal(s.prompt(), prompt, cmd);
  }
  const cfg = dev.pvrp.get('4:1')!.cfg;
  assert.equal(cfg.routerId, '4.4.4.1');
  assert.equal(cfg.vrf, 'v1');
  assert.ok(cfg.redistConnected && cfg.ecmp);
  assert.ok(cfg.ifaces.has('ethernet1.11'));
  const n = lab.node('x2').node;
  assert.equal(n.ifaces.get('loopback1')!.vrf, 'v1');
  assert.ok(n.ifaces.get('ethernet1.11')!.up, 'a new interface is up unless shut down, as in freeRtr');
  assert.equal(n.ifaces.get('ethernet1.11')!.vlan, 11);
  lab.sched.runFor(1 * SEC);
  const sum = (await s.execute('sh ipv4 pvrp 1 sum')).output;
  assert.match(sum, /iface.*router.*name.*peerif.*peer.*learned.*adverted.*uptime/);
  const rou = (await s.execute('show ipv4 pvrp 1 rou')).output;
  assert.match(rou, /\| C +\| 9\.9\.9\.9\/32 +\| 2\/0 +\| loopback1 +\| null/);
  assert.match(rou, /\| C +\| 10\.1\.1\.0\/24 +\| 1\/0 +\| ethernet1\.11 \| null/);
});

void test('prompts follow the mode and the hostname', async () => {
  const lab = await seedLab();
  const s = session(lab, 'r2');
  const steps: Array<[string, string]> = [
    ['configure terminal', 'r2(cfg)#'],
    ['interface ethernet1', 'r2(cfg-if)#'],
    ['interface loopback1', 'r2(cfg-if)#'],
    ['interface ethernet1.11', 'r2(cfg-subif)#'],
    ['exit', 'r2(cfg)#'],
    ['vrf definition v1', 'r2(cfg-vrf)#'],
    ['router pvrp6 1', 'r2(cfg-rtr)#'],
    ['interface ethernet2.22', 'r2(cfg-subif)#'],
    // A global command from a sub-mode runs there and leaves the sub-mode, as in freeRtr.
    ['vrf definition v1', 'r2(cfg-vrf)#'],
    ['end', 'r2#'],
  ];
  assert.equal(s.prompt(), 'r2#');
  for (const [cmd, prompt] of steps) {
    assert.equal((await s.execute(cmd)).output, '', cmd);
    assert.equal(s.prompt(), prompt, cmd);
  }
  await s.execute('conf t');
  await s.execute('hostname core-7');
  assert.equal(s.prompt(), 'core-7(cfg)#');
  await s.execute('end');
  assert.equal(s.prompt(), 'core-7#');
});

void test('garbage gets freeRtr\'s errors and changes nothing', async () => {
  const lab = await seedLab();
  lab.sched.runFor(20 * SEC);
  const s = session(lab, 'r2');
  const before = (await s.execute('show running-config')).output;
  assert.equal((await s.execute('frobnicate the router')).output, '% unknown exec command entered\n');
  assert.equal((await s.execute('show ipv4 pvrp 1 nonsense')).output, '% unknown exec command entered\n');
  assert.equal(s.prompt(), 'r2#');
  await s.execute('configure terminal');
  assert.equal((await s.execute('frobnicate the router')).output, '% unknown config command entered\n');
  assert.equal(s.prompt(), 'r2(cfg)#');
  await s.execute('interface ethernet1.11');
  for (const bad of ['frobnicate', 'ipv4 address', 'ipv4 address 1.2.3.4 255.0.255.0', 'ipv4 address 300.1.1.1 255.255.255.0', 'vrf forwarding nosuchvrf']) {
    assert.match((await s.execute(bad)).output, /^% .+\n$/, bad);
    assert.equal(s.prompt(), 'r2(cfg-subif)#', bad);
  }
  await s.execute('router pvrp4 1');
  assert.match((await s.execute('router-id not-an-address')).output, /^% /);
  assert.equal((await s.execute('frobnicate')).output, '% unknown config command entered\n');
  assert.equal(s.prompt(), 'r2(cfg-rtr)#');
  await s.execute('end');
  assert.equal((await s.execute('show running-config')).output, before);
});

void test('show running-config round-trips through a fresh device, with every PVRP knob', async () => {
  const lab = await seedLab();
  const s = session(lab, 'r2');
  await typeAll(s, [
    'banner hello from the test',
    'interface ethernet1.11',
    ' description uplink to r1',
    ' router pvrp4 1 hello-time 2000',
    ' router pvrp4 1 dead-time 6000',
    ' router pvrp4 1 metric-in 25',
    ' router pvrp4 1 metric-out 5',
    ' router pvrp4 1 distance 90',
    ' no router pvrp4 1 split-horizon',
    ' log-link-change',
    ' exit',
    'interface ethernet2.22',
    ' router pvrp6 1 passive',
    ' shutdown',
    ' exit',
    'router pvrp6 1',
    ' no ecmp',
    ' exit',
  ]);
  const text = (await s.execute('show running-config')).output;
  for (const l of [' router pvrp4 1 metric-out 5', ' router pvrp4 1 metric-in 25', ' no router pvrp4 1 split-horizon', ' log-link-change', ' shutdown', ' description uplink to r1']) {
    assert.ok(text.split('\n').includes(l), `'${l}' shown`);
  }
  const fresh = await blankLab(['f1', 'f2', 'f3']);
  const f = session(fresh, 'f2');
  await typeAll(f, text.split('\n'));
  assert.equal((await f.execute('show running-config')).output, text);
  // And through a startup config file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-cli-'));
  fs.writeFileSync(path.join(dir, 'one.cfg'), text);
  fs.writeFileSync(path.join(dir, 'one.clab.yml'), 'name: one\ntopology:\n  nodes:\n    solo:\n      kind: rare\n      startup-config: one.cfg\n');
  const one = Lab.create(await loadTopology(path.join(dir, 'one.clab.yml')), { mode: 'fast', telnet: false });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal((await session(one, 'solo').execute('show running-config')).output, text);
});

void test('terminal table normal switches to the plain table form', async () => {
  const lab = await seedLab();
  lab.sched.runFor(40 * SEC);
  const s = session(lab, 'r2');
  const fancy = (await s.execute('show ipv4 pvrp 1 summary')).output;
  assert.match(fancy.split('\n')[0], /^ \|~+\|/);
  assert.equal((await s.execute('terminal table normal')).output, '');
  const plain = (await s.execute('show ipv4 pvrp 1 summary')).output;
  assert.doesNotMatch(plain, /[|~]/);
  const lines = plain.split('\n');
  assert.match(lines[0], /^iface {9}router {3}name {2}peerif {8}peer {5}learned {2}adverted {2}uptime$/);
  assert.match(lines[1], /^ethernet1\.11 {2}4\.4\.4\.1 {2}r1 {4}ethernet1\.11 {2}1\.1\.1\.1 {2}6 {8}8 {9}\d\d:\d\d:\d\d$/);
  assert.equal((await s.execute('term tab fancy')).output, '');
  assert.equal((await s.execute('show ipv4 pvrp 1 summary')).output.split('\n')[0], fancy.split('\n')[0]);
});

void test('a bad startup-config line fails Lab.create with the file and line number', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-cli-'));
  const good = fs.readFileSync(path.join(SEED_DIR, 'r1.cfg'), 'utf8').split('\n');
  const at = good.indexOf(' router-id 4.4.4.1');
  const bad = [...good.slice(0, at), ' router-id 4.4.4.1', ' make coffee', ...good.slice(at + 1)];
  fs.writeFileSync(path.join(dir, 'edge-a.cfg'), bad.join('\n'));
  fs.writeFileSync(path.join(dir, 'edge-b.cfg'), good.join('\n').replace('hostname r1', 'hostname edge-b'));
  fs.writeFileSync(
    path.join(dir, 'bad.clab.yml'),
    ['name: bad', 'topology:', '  nodes:', '    edge-b:', '      kind: rare', '      startup-config: edge-b.cfg', '    edge-a:', '      kind: rare', '      startup-config: edge-a.cfg', ''].join('\n'),
  );
  const topo = await loadTopology(path.join(dir, 'bad.clab.yml'));
  fs.rmSync(dir, { recursive: true, force: true });
  assert.throws(
    () => Lab.create(topo, { mode: 'fast', telnet: false }),
    (e: unknown) => {
      assert.ok(e instanceof LabError);
      assert.ok(e.message.startsWith(`${path.join(dir, 'edge-a.cfg')}:${at + 2}:`), e.message);
      assert.match(e.message, /edge-a/);
      assert.match(e.message, /make coffee/);
      return true;
    },
  );
});
