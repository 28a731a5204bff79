/**
 * VRP command fidelity: the ordinary static BFD session with explicit discriminators, the caret
 * line on every `found at '^' position` error, and `display ospf peer brief` over every process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab } from '../../lab';
import { SEC } from '../../sim/scheduler';
import type { VrpSession } from './session';
import type { VrpDevice } from './device';
import type { BfdInstance } from '../../protocols/bfd/module';

const TOPO = path.join(__dirname, '../../../topologies/bfd-static-vpn/bfd-static-vpn.clab.yml');
const lab = async () => Lab.create(await loadTopology(TOPO), { mode: 'fast', telnet: false });
const dev = (l: Lab, n: string) => l.node(n).device as VrpDevice;
const session = (l: Lab, n: string) => l.node(n).device.sessions()('test') as VrpSession;
const run = async (s: VrpSession, line: string) => (await s.execute(line)).output;

function side(name: string, me: string, peer: string, local: number, remote: number): string {
  return [
    'bfd',
    '#',
    'interface GigabitEthernet0/1/0',
    ' undo shutdown',
    ` ip address ${me} 255.255.255.252`,
    '#',
    `bfd ${name} bind peer-ip ${peer} interface GigabitEthernet0/1/0 source-ip ${me}`,
    ` discriminator local ${local}`,
    ` discriminator remote ${remote}`,
    ' min-tx-interval 100',
    ' min-rx-interval 100',
    '#',
  ].join('\n');
}

void test('a static BFD session with explicit discriminators comes up and renders back', async () => {
  const l = await lab();
  assert.deepEqual(dev(l, 'PE1').applyConfig(side('tope3', '10.9.9.1', '10.9.9.2', 10, 20)), []);
  assert.deepEqual(dev(l, 'PE3').applyConfig(side('tope1', '10.9.9.2', '10.9.9.1', 20, 10)), []);
  l.sched.runFor(5 * SEC);
  const s = dev(l, 'PE1').host.instance<BfdInstance>('bfd')!.engine.sessions().find((x) => x.name === 'tope3')!;
  assert.equal(s.state, 'Up');
  assert.equal(s.localDisc, 10);
  assert.equal(s.remoteDisc, 20);
  assert.equal(s.type, 'Static');
  const cur = dev(l, 'PE1').currentConfiguration();
  assert.match(cur, /\nbfd tope3 bind peer-ip 10\.9\.9\.2 interface GigabitEthernet0\/1\/0 source-ip 10\.9\.9\.1\n discriminator local 10\n discriminator remote 20\n/);
  // Round trip through a fresh device.
  const l2 = await lab();
  assert.deepEqual(dev(l2, 'PE1').applyConfig(cur), []);
  assert.equal(dev(l2, 'PE1').currentConfiguration(), cur);
  await l.stop();
  await l2.stop();
});

void test('static BFD session errors: the caret line under the bad word, missing discriminators refused at commit', async () => {
  const l = await lab();
  const s = session(l, 'PE1');
  await run(s, 'system-view');
  await run(s, 'bfd');
  await run(s, 'commit');
  const p = s.prompt().length;
  const line = 'bfd x bind peer-ip 10.1.1.1 frobnicate';
  assert.equal(await run(s, line), `${' '.repeat(p + line.indexOf('frobnicate'))}^\nError: Wrong parameter found at '^' position.\n`);
  assert.equal(await run(s, 'bfd x bind'), `${' '.repeat(p + 'bfd x bind'.length + 1)}^\nError: Incomplete command found at '^' position.\n`);
  assert.equal(await run(s, 'bfd x bind peer-ip 10.1.1.1'), '');
  assert.match(s.prompt(), /-bfd-session-x\]$/);
  const q = s.prompt().length;
  assert.equal(await run(s, 'discriminator local 16385'), `${' '.repeat(q + 20)}^\nError: Wrong parameter found at '^' position.\n`);
  assert.equal(await run(s, 'discriminator local 7'), '');
  assert.match(await run(s, 'commit'), /^Error: The local and remote discriminators of the static BFD session x must be configured\.\n$/);
  assert.equal(await run(s, 'discriminator remote 8'), '');
  assert.equal(await run(s, 'commit'), '');
  await l.stop();
});

void test('display ospf peer brief lists every OSPF process', async () => {
  const l = await lab();
  const cfg = (rid: string, a: string) =>
    ['interface GigabitEthernet0/1/0', ' undo shutdown', ` ip address ${a} 255.255.255.252`, '#', `ospf 1 router-id ${rid}`, ' area 0.0.0.0', '  network 10.9.9.0 0.0.0.3', '#', 'ospf 2 router-id 9.9.9.9', ' area 0.0.0.1', '#'].join('\n');
  assert.deepEqual(dev(l, 'PE1').applyConfig(cfg('1.1.1.1', '10.9.9.1')), []);
  assert.deepEqual(dev(l, 'PE3').applyConfig(cfg('3.3.3.3', '10.9.9.2')), []);
  l.sched.runFor(60 * SEC);
  const out = await run(session(l, 'PE1'), 'display ospf peer brief');
  const heads = out.split('\n').filter((x) => /OSPF Process/.test(x));
  assert.deepEqual(heads.map((h) => h.trim()), ['OSPF Process 1 with Router ID 1.1.1.1', 'OSPF Process 2 with Router ID 9.9.9.9']);
  assert.match(out, / 0\.0\.0\.0 +GigabitEthernet0\/1\/0 +3\.3\.3\.3 +Full/);
  await l.stop();
});

void test('errors raised inside ping and ip route-static get the caret under the bad word; ping bounds are VRP\'s', async () => {
  const l = await lab();
  const s = session(l, 'PE1');
  const p = s.prompt().length;
  const caret = (line: string, word: string, msg = 'Wrong parameter') => `${' '.repeat(p + line.indexOf(word))}^\nError: ${msg} found at '^' position.\n`;
  for (const [line, word] of [
    ['ping -s 19 10.1.1.1', '19'],
    ['ping -s 9601 10.1.1.1', '9601'],
    ['ping -c 0 10.1.1.1', '0 '],
    ['ping -t 65536 10.1.1.1', '65536'],
    ['ping -q 1 10.1.1.1', '-q'],
  ] as const) {
    assert.equal(await run(s, line), caret(line, word), line);
  }
  assert.equal(await run(s, 'ping -c'), `${' '.repeat(p + 'ping -c'.length + 1)}^\nError: Incomplete command found at '^' position.\n`);
  await run(s, 'system-view');
  const q = s.prompt().length;
  const line = 'ip route-static 10.0.0.0 255.0.0.0 10.1.1.1 frob';
  assert.equal(await run(s, line), `${' '.repeat(q + line.indexOf('frob'))}^\nError: Wrong parameter found at '^' position.\n`);
  assert.equal(await run(s, 'ip route-static 10.0.0.0'), `${' '.repeat(q + 'ip route-static 10.0.0.0'.length + 1)}^\nError: Incomplete command found at '^' position.\n`);
  await l.stop();
});
