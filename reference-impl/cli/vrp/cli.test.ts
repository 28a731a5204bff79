/**
 * The vrp dialect through its terminal session: the seed's step-by-step input on every node
 * with the seed's prompts, the Configuration Files accepted and round-tripped, the error
 * caret, the uncommitted-changes dialog, undo and abbreviations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab } from '../../lab';
import { SEC } from '../../sim/scheduler';
import type { VrpSession } from './session';
import type { VrpDevice } from './device';
import type { OspfInstance } from '../../protocols/ospf/module';

const SEED = '/work/shared/seeds/003_ec677ba149024c37.txt';
const TOPO = path.join(__dirname, '../../../topologies/bfd-static-vpn/bfd-static-vpn.clab.yml');
const seedText = fs.readFileSync(SEED, 'utf8');

async function lab(): Promise<Lab> {
  return Lab.create(await loadTopology(TOPO), { mode: 'fast', telnet: false });
}
const session = (l: Lab, name: string) => l.node(name).device.sessions()('test') as VrpSession;
const dev = (l: Lab, name: string) => l.node(name).device as VrpDevice;
const run = async (s: VrpSession, line: string) => (await s.execute(line)).output;

interface Step {
  node: string;
  prompt: string;
  cmd: string;
  first: boolean;
  line: number;
}

/** `[~X...] cmd` / `[*X...] cmd` / `<X> cmd` lines of the seed's procedure, per code block. */
function seedSteps(): Step[] {
  const lines = seedText.split('\n');
  const end = lines.findIndex((l) => l.startsWith('#### Configuration Files'));
  const out: Step[] = [];
  let first = false;
  let node = '';
  for (let n = 0; n < end; n++) {
    const l = lines[n].trim();
    if (l.startsWith('```')) {
      first = true;
      continue;
    }
    const m = /^(<[^>]+>|\[[~*][^\]]+\])\s?(.*)$/.exec(l);
    if (!m) continue;
    const host = /^[<[][~*]?([A-Za-z0-9]+)/.exec(m[1])![1];
    if (host === 'HUAWEI') {
      const next = /sysname (\S+)/.exec(lines[n + 1] ?? '');
      if (next) node = next[1];
    } else node = host;
    out.push({ node, prompt: m[1], cmd: m[2].trim(), first, line: n + 1 });
    first = false;
  }
  return out;
}

void test('the seed typed step by step on every node gives the seed prompt before each command', async () => {
  const l = await lab();
  // The seed starts from a factory-named router: `<HUAWEI> system-view`, `sysname PE1`.
  for (const name of ['PE1', 'PE2', 'PE3']) {
    const s = session(l, name);
    for (const x of ['system-view', 'sysname HUAWEI', 'commit']) await run(s, x);
  }
  const sessions = new Map<string, VrpSession>();
  const steps = seedSteps();
  assert.ok(steps.length > 150, `found ${steps.length} steps`);
  let checked = 0;
  for (const st of steps) {
    if (st.node === 'CE3') continue; // the seed's typo for CE1 (a tracert)
    let s = sessions.get(st.node);
    if (!s) {
      s = session(l, st.node);
      sessions.set(st.node, s);
    }
    const want = st.prompt.replace('GigabitEthernet0/2/00', 'GigabitEthernet0/2/0'); // the seed's typo
    if (/^(display|ping|tracert)\b/.test(st.cmd)) continue; // output is the protocol helpers' to test
    if (st.cmd === 'shutdown' && st.node === 'CE1') continue; // the failover step, not configuration
    if (st.first && s.prompt() !== want) {
      // Between code blocks the reader moves on: go up to the view the block starts in.
      if (s.view.kind === 'user' && want.startsWith('[')) await run(s, 'system-view');
      while (s.prompt() !== want && s.view.kind !== 'system' && s.view.kind !== 'user') await run(s, 'quit');
    }
    assert.equal(s.prompt(), want, `seed line ${st.line}: before '${st.cmd}'`);
    checked++;
    const out = await run(s, st.cmd);
    assert.doesNotMatch(out, /Error/, `seed line ${st.line}: '${st.cmd}' -> ${out}`);
    l.sched.runFor(10_000);
  }
  assert.ok(checked > 150);
  // After the procedure each node's running configuration holds what the seed's files do.
  for (const name of ['PE1', 'PE2', 'PE3', 'CE1', 'CE2']) {
    const file = configFile(name).split('\n');
    const shown = dev(l, name).currentConfiguration().split('\n');
    const got = new Set(shown);
    // CE1's LoopBack1 (1.1.1.1) is in its file but no step types it.
    const untyped = name === 'CE1' ? ['interface LoopBack1', ' ip address 1.1.1.1 255.255.255.255'] : [];
    for (const line of file) if (!untyped.includes(line)) assert.ok(got.has(line), `${name}: '${line}' missing from\n${shown.join('\n')}`);
    for (const line of shown) assert.ok(file.includes(line), `${name}: '${line}' is not in the seed's file`);
  }
  l.stop().catch(() => undefined);
});

/** The seed's Configuration File of a node. */
function configFile(name: string): string {
  const i = seedText.indexOf(`* ${name} configuration file`);
  const a = seedText.indexOf('```', i) + 3;
  const b = seedText.indexOf('```', a);
  return seedText
    .slice(a, b)
    .split('\n')
    .map((x) => x.replace(/^ {2}/, '').trimEnd())
    .filter((x) => x !== '')
    .join('\n') + '\n';
}

void test('the Configuration Files are accepted and display current-configuration gives them back', async () => {
  const l = await lab();
  for (const name of ['PE1', 'PE2', 'PE3', 'CE1', 'CE2']) {
    const text = configFile(name);
    const d = dev(l, name);
    assert.deepEqual(d.applyConfig(text), [], name);
    const shown = await run(session(l, name), 'display current-configuration');
    assert.equal(shown, text, name);
    // Round trip on a fresh device.
    const l2 = await lab();
    assert.deepEqual(dev(l2, name).applyConfig(shown), []);
    assert.equal(dev(l2, name).currentConfiguration(), shown);
  }
  const d = dev(l, 'PE1');
  assert.equal(d.node.hostname, 'PE1');
  assert.equal(d.node.ifaces.get('GigabitEthernet0/3/0')!.vrf, 'VPNA');
  assert.equal(d.node.vrf('VPNA').rd, '100:1');
  assert.deepEqual(d.node.vrf('VPNA').importRt, ['111:1']);
  assert.ok(['bgp', 'ldp', 'bfd', 'static'].every((p) => d.host.instance(p)) && d.host.instance<OspfInstance>('ospf')?.procs.get(1));
  assert.equal(dev(l, 'CE1').node.ip.loadBalance, 'packet');
});

void test('prompts: ~ and *, entering existing views, sysname after commit, the commit dialog', async () => {
  const l = await lab();
  const s = session(l, 'PE1');
  // The topology's PE1 starts under the factory name, as in the document's step 1.
  assert.equal(s.prompt(), '<HUAWEI>');
  await run(s, 'system-view');
  await run(s, 'sysname PE1');
  await run(s, 'commit');
  await run(s, 'return');
  assert.equal(s.prompt(), '<PE1>');
  assert.equal(await run(s, 'screen-length 0 temporary'), 'Info: The configuration takes effect on the current user terminal interface only.\n');
  await run(s, 'sys');
  assert.equal(s.prompt(), '[~PE1]');
  await run(s, 'int g0/1/0');
  assert.equal(s.prompt(), '[~PE1-GigabitEthernet0/1/0]');
  await run(s, 'ip addr 11.11.11.1 255.255.255.0');
  assert.equal(s.prompt(), '[*PE1-GigabitEthernet0/1/0]');
  await run(s, 'quit');
  await run(s, 'sysname R9');
  assert.equal(s.prompt(), '[*PE1]');
  await run(s, 'quit');
  assert.match(s.prompt(), /^Warning: Uncommitted configurations found\. Are you sure to commit them before exiting\? \[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:$/);
  await run(s, 'c');
  assert.equal(s.prompt(), '[*PE1]');
  await run(s, 'return');
  await run(s, 'N');
  assert.equal(s.prompt(), '<PE1>');
  assert.equal(dev(l, 'PE1').node.ifaces.get('GigabitEthernet0/1/0')!.v4, undefined);
  await run(s, 'system-view');
  assert.equal(s.prompt(), '[~PE1]');
  await run(s, 'sysname R9');
  await run(s, 'interface LoopBack 0');
  assert.equal(s.prompt(), '[*PE1-LoopBack0]');
  await run(s, 'return');
  await run(s, 'y');
  assert.equal(s.prompt(), '<R9>');
  assert.equal(dev(l, 'PE1').node.hostname, 'R9');
  await run(s, 'sys');
  await run(s, 'bgp 100');
  assert.equal(s.prompt(), '[*R9-bgp]');
  await run(s, 'commit');
  assert.equal(s.prompt(), '[~R9-bgp]');
  await run(s, 'q');
  await run(s, 'bgp 100');
  assert.equal(s.prompt(), '[~R9-bgp]');
  // A system-view command typed in a sub-view runs in the system view.
  await run(s, 'interface LoopBack7');
  assert.equal(s.prompt(), '[*R9-LoopBack7]');
  assert.equal(await run(s, 'dis cur'), dev(l, 'PE1').currentConfiguration());
});

void test('bad input: the caret under the first bad word and VRP error lines', async () => {
  const l = await lab();
  const s = session(l, 'CE1');
  assert.equal(await run(s, 'dis ver0'), `${' '.repeat('<CE1>'.length + 4)}^\nError: Unrecognized command found at '^' position.\n`);
  assert.equal(await run(s, 'foo'), `${' '.repeat(5)}^\nError: Unrecognized command found at '^' position.\n`);
  await run(s, 'system-view');
  await run(s, 'interface GE0/1/0');
  const p = s.prompt().length;
  assert.equal(await run(s, 'ip address 300.1.1.1 24'), `${' '.repeat(p + 11)}^\nError: Wrong parameter found at '^' position.\n`);
  assert.equal(await run(s, 'ip address'), `${' '.repeat(p + 11)}^\nError: Incomplete command found at '^' position.\n`);
  assert.equal(await run(s, 'ip addrezz 1.1.1.1 24'), `${' '.repeat(p + 3)}^\nError: Unrecognized command found at '^' position.\n`);
  // A failing commit keeps the candidate.
  await run(s, 'ip binding vpn-instance NOPE');
  await run(s, 'ip address 10.0.0.1 24');
  await run(s, 'quit');
  await run(s, 'interface GE0/2/0');
  await run(s, 'ip address 10.0.0.1 24');
  assert.match(await run(s, 'commit'), /^Error: .*conflicts/);
  assert.equal(s.prompt(), '[*CE1-GigabitEthernet0/2/0]');
});

void test('undo removes what the command configured; interface names canonicalise', async () => {
  const l = await lab();
  const s = session(l, 'CE1');
  const cfg = () => dev(l, 'CE1').currentConfiguration();
  await run(s, 'sys');
  for (const name of ['gigabitethernet 0/1/0', 'gigabitethernet0/1/0', 'GE0/1/0']) {
    await run(s, `interface ${name}`);
    assert.equal(s.prompt(), '[~CE1-GigabitEthernet0/1/0]');
    await run(s, 'quit');
  }
  for (const name of ['loopback 1', 'LoopBack1']) {
    await run(s, `interface ${name}`);
    assert.match(s.prompt(), /-LoopBack1\]$/);
    await run(s, 'quit');
  }
  const lines = [
    'bfd',
    'quit',
    'bfd b1 bind peer-ip 10.1.1.2 interface gigabitethernet 0/1/0 source-ip 10.1.1.1 auto',
    'quit',
    'ip route-static 0.0.0.0 0 10.1.1.2 track bfd-session b1',
    'interface LoopBack1',
    'ip address 1.1.1.1 32',
    'quit',
    'commit',
  ];
  for (const x of lines) assert.doesNotMatch(await run(s, x), /Error/, x);
  assert.match(cfg(), /\nip route-static 0\.0\.0\.0 0\.0\.0\.0 10\.1\.1\.2 track bfd-session b1\n/);
  assert.match(cfg(), /\nbfd b1 bind peer-ip 10\.1\.1\.2 interface GigabitEthernet0\/1\/0 source-ip 10\.1\.1\.1 auto\n/);
  assert.match(cfg(), /interface LoopBack1\n ip address 1\.1\.1\.1 255\.255\.255\.255\n/);
  for (const x of ['undo ip route-static 0.0.0.0 0.0.0.0 10.1.1.2', 'undo bfd b1', 'interface GE0/2/0', 'undo shutdown', 'quit', 'interface loopback1', 'undo ip address', 'quit', 'commit']) {
    assert.doesNotMatch(await run(s, x), /Error/, x);
  }
  assert.doesNotMatch(cfg(), /route-static|bfd b1|ip address 1\.1\.1\.1/);
  assert.equal(dev(l, 'CE1').node.ifaces.get('LoopBack1')!.v4, undefined);
  assert.equal(dev(l, 'CE1').node.ifaces.get('GigabitEthernet0/2/0')!.adminUp, true);
  await run(s, 'interface GE0/2/0');
  await run(s, 'shutdown');
  await run(s, 'commit');
  assert.equal(dev(l, 'CE1').node.ifaces.get('GigabitEthernet0/2/0')!.adminUp, false);
  // ip binding vpn-instance removes the interface's address, as on VRP.
  await run(s, 'quit');
  for (const x of ['ip vpn-instance A', 'ipv4-family', 'route-distinguisher 1:1', 'quit', 'quit', 'interface GE0/1/0', 'ip address 10.1.1.1 24']) await run(s, x);
  assert.match(await run(s, 'ip binding vpn-instance A'), /removed/);
  await run(s, 'commit');
  assert.match(cfg(), /interface GigabitEthernet0\/1\/0\n undo shutdown\n ip binding vpn-instance A\n#/);
});

void test('display ip routing-table renders the seed layout from the live RIB', async () => {
  const l = await lab();
  for (const name of ['PE1', 'PE2', 'PE3', 'CE1', 'CE2']) assert.deepEqual(dev(l, name).applyConfig(configFile(name)), []);
  l.sched.runFor(90 * SEC);
  const out = await run(session(l, 'PE1'), 'display ip routing-table');
  const head = out.split('\n').slice(0, 7).join('\n');
  assert.equal(
    head,
    [
      'Route Flags: R - relay, D - download to fib, T - to vpn-instance, B - black hole route',
      '------------------------------------------------------------------------------',
      'Routing Table: _public_',
      '         Destinations : 14       Routes : 15',
      '',
      'Destination/Mask    Proto  Pre  Cost     Flags NextHop         Interface',
      '',
    ].join('\n'),
    out,
  );
  assert.ok(out.includes('        2.2.2.2/32  Direct 0    0           D  127.0.0.1       LoopBack1\n'));
  assert.ok(out.includes('     22.22.22.0/24  OSPF   10   2           D  11.11.11.2      GigabitEthernet0/1/0\n                    OSPF   10   2           D  33.33.33.2      GigabitEthernet0/2/0\n'), out);
  assert.ok(out.includes('   11.11.11.255/32  Direct 0    0           D  127.0.0.1       GigabitEthernet0/1/0\n'));
  assert.ok(out.endsWith('255.255.255.255/32  Direct 0    0           D  127.0.0.1       InLoopBack0\n'));
  const vpn = await run(session(l, 'PE3'), 'display ip routing-table vpn-instance VPNA');
  assert.match(vpn, /Routing Table: VPNA\n/);
  assert.ok(vpn.includes('       10.3.1.0/24  Direct 0    0           D  10.3.1.1        GigabitEthernet0/3/0\n'), vpn);
  const verbose = await run(session(l, 'PE1'), 'display ip vpn-instance verbose');
  assert.match(verbose, / VPN-Instance Name and ID : VPNA, 1\n {2}Interfaces : GigabitEthernet0\/3\/0\n Address family ipv4\n {2}Create date : 2008\/09\/21 00:00:00\n {2}Up time : 0 days, 00 hours, 01 minutes and 30 seconds\n/);
});

void test('ping and tracert wait on the scheduler and print the seed layout', async () => {
  const l = await lab();
  for (const name of ['PE1', 'PE2', 'PE3', 'CE1', 'CE2']) assert.deepEqual(dev(l, name).applyConfig(configFile(name)), []);
  l.sched.runFor(120 * SEC);
  const ping = session(l, 'PE1').execute('ping -vpn-instance VPNA 10.1.1.1');
  l.sched.runFor(20 * SEC);
  const p = (await ping).output;
  assert.match(p, /^PING 10\.1\.1\.1: 56 {2}data bytes, press CTRL_C to break\n( {4}Reply from 10\.1\.1\.1: bytes=56 Sequence=\d ttl=255 time=\d+ ms\n){5}\n {2}--- 10\.1\.1\.1 ping statistics ---\n {4}5 packet\(s\) transmitted\n {4}5 packet\(s\) received\n {4}0\.00% packet loss\nround-trip min\/avg\/max = \d+\/\d+\/\d+ ms\n\n$/, p);
  const lost = session(l, 'PE1').execute('ping -c 2 -t 100 192.0.2.1');
  l.sched.runFor(20 * SEC);
  assert.match((await lost).output, /100\.00% packet loss\n\n$/);
  const tr = session(l, 'CE2').execute('tracert 1.1.1.1');
  l.sched.runFor(60 * SEC);
  const t = (await tr).output;
  assert.match(t, /^ traceroute to {2}1\.1\.1\.1\(1\.1\.1\.1\), max hops: 30 ,packet length: 40\n 1 10\.3\.1\.1 \d+ ms {2}\d+ ms {2}\d+ ms\n 2 10\.[12]\.1\.2 < AS=100 > \d+ ms/, t);
});

void test('the displays real-device tools run first answer through the session, from live state', async () => {
  const l = await lab();
  const s = session(l, 'PE1');
  assert.match(await run(s, 'display version'), /VRP \(R\) software/);
  const brief = await run(s, 'display interface brief');
  assert.match(brief, /GigabitEthernet0\/1\/0/);
  assert.match(await run(s, 'display interface GigabitEthernet0/1/0'), /GigabitEthernet0\/1\/0 current state/);
  assert.match(await run(s, 'display interface GigabitEthernet9/9/9'), /Error:/);
  assert.doesNotMatch(await run(s, 'display arp all'), /Error/);
  assert.doesNotMatch(await run(s, 'display ip vpn-instance'), /Error/);
  assert.match(await run(s, 'display ip routing-table verbose'), /Destination:/);
  await l.stop();
});
