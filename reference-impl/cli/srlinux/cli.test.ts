/**
 * The srlinux dialect: status line and prompt, candidate workflow, block syntax, errors, and the
 * `info flat` round trip of the four seed startup configs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node } from '../../net/node';
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { SrlDevice } from './device';
import type { SrlSession } from './session';

const LAB = '/work/shared/seeds/001-evpn-mh-lab/configs';

function device(name: string): SrlDevice {
  return new SrlDevice(new Node(name, 0, new Scheduler(), new Random(7)));
}

async function run(s: SrlSession, lines: string[]): Promise<string> {
  let out = '';
  for (const l of lines) out += (await s.execute(l)).output;
  return out;
}

for (const f of ['leaf1.cfg', 'leaf2.cfg', 'leaf3.cfg', 'spine1.cfg']) {
  void test(`info flat gives back the set lines of ${f}`, async () => {
    const text = fs.readFileSync(path.join(LAB, f), 'utf8');
    const d = device('rt-x');
    assert.deepEqual(d.applyConfig(text), []);
    const want = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith('set '));
    const s = d.sessions()('t') as SrlSession;
    const got = (await s.execute('info flat')).output.trimEnd().split('\n');
    assert.deepEqual([...got].sort(), [...want].sort());
    assert.equal(got.length, new Set(got).size);
    // The printed form loads back to the same configuration.
    const d2 = device('rt-y');
    assert.deepEqual(d2.applyConfig(got.join('\n')), []);
    assert.equal((await (d2.sessions()('t') as SrlSession).execute('info flat')).output, got.join('\n') + '\n');
  });
}

void test('status line, prompt and the candidate workflow', async () => {
  const d = device('edge7');
  const s = d.sessions()('t') as SrlSession;
  assert.equal(s.prompt(), '--{ running }--[  ]--\nA:edge7# ');
  await s.execute('enter candidate');
  assert.equal(s.prompt(), '--{ candidate shared default }--[  ]--\nA:edge7# ');
  await s.execute('interface ethernet-1/7');
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[ interface ethernet-1/7 ]--');
  await s.execute('admin-state enable');
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[ interface ethernet-1/7 ]--');
  await s.execute('exit all');
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[  ]--');
  await s.execute('discard stay');
  assert.equal(s.statusLine(), '--{ candidate shared default }--[  ]--');
  await s.execute('set / interface ethernet-1/7 admin-state enable');
  assert.match((await s.execute('commit stay')).output, /committed/);
  assert.equal(s.statusLine(), '--{ candidate shared default }--[  ]--');
  await s.execute('commit now');
  assert.equal(s.statusLine(), '--{ running }--[  ]--');
  assert.equal((await s.execute('info flat interface ethernet-1/7')).output, 'set / interface ethernet-1/7 admin-state enable\n');
  assert.equal(d.host !== undefined, true);
});

void test('block syntax with nested contexts and closing braces', async () => {
  const d = device('pe9');
  const s = d.sessions()('t') as SrlSession;
  const out = await run(s, [
    'enter candidate',
    '    /interface lag4 {',
    '        admin-state enable',
    '        vlan-tagging true',
    '        subinterface 0 {',
    '            type bridged',
    '            vlan {',
    '                encap {',
    '                    untagged {',
    '                    }',
    '                }',
    '            }',
    '        }',
    '        lag {',
    '            lag-type lacp',
    '            lacp {',
    '                interval FAST',
    '                admin-key 42',
    '                system-id-mac 00:00:00:00:00:42',
    '            }',
    '        }',
    '    }',
    '/system network-instance protocols',
    '    evpn {',
    '        ethernet-segments {',
    '            bgp-instance 1 {',
    '                ethernet-segment ES-9 {',
    '                    esi 01:22:22:22:22:22:22:00:00:09',
    '                    multi-homing-mode all-active',
    '                    interface lag4 {',
    '                    }',
    '                }',
    '            }',
    '        }',
    '    }',
    'commit now',
  ]);
  assert.doesNotMatch(out, /error/i);
  const flat = (await s.execute('info flat')).output;
  assert.match(flat, /^set \/ interface lag4 subinterface 0 vlan encap untagged$/m);
  assert.match(flat, /^set \/ interface lag4 lag lacp system-id-mac 00:00:00:00:00:42$/m);
  assert.match(flat, /^set \/ system network-instance protocols evpn ethernet-segments bgp-instance 1 ethernet-segment ES-9 interface lag4$/m);
  const blk = (await s.execute('info interface lag4 lag')).output;
  assert.match(blk, /^ {4}interface lag4 \{\n {8}lag \{\n {12}lag-type lacp\n {12}lacp \{\n {16}interval FAST\n/);
  assert.match(blk, / {8}\}\n {4}\}\n$/);
});

void test('bad input gets one SR Linux error line', async () => {
  const s = device('p3').sessions()('t') as SrlSession;
  const r1 = await s.execute('set / interface ethernet-1/1 admin-state enable');
  assert.equal(r1.failed, true);
  await s.execute('enter candidate');
  const r2 = await s.execute('set / interface ethernet-1/1 admin-state maybe');
  assert.equal(r2.output, "Parsing error: Invalid value 'maybe': options are 'disable', 'enable'\n");
  const r3 = await s.execute('set / interfaces foo');
  assert.match(r3.output, /^Parsing error: Unknown token 'interfaces'\. Options are \['interface', /);
  const r4 = await s.execute('set / interface ethernet-1/1 subinterface 0 ipv4 address 300.1.1.1/24');
  assert.match(r4.output, /^Parsing error: Invalid value '300\.1\.1\.1\/24'/);
  assert.equal((await s.execute('set / network-instance x protocols bgp autonomous-system 0')).failed, true);
  assert.equal(s.statusLine(), '--{ candidate shared default }--[  ]--');
});

void test('one-line blocks, a bad line changes nothing, navigation and ? help', async () => {
  const d = device('br4');
  const s = d.sessions()('t') as SrlSession;
  await s.execute('enter candidate');
  const bad = await s.execute('set / interface ethernet-1/3 admin-state disable mtu 99');
  assert.equal(bad.failed, true);
  assert.match(bad.output, /^Parsing error: Invalid value '99': out of range 1500\.\.9500\n$/);
  assert.equal(s.statusLine(), '--{ candidate shared default }--[  ]--', 'the failed line left the candidate alone');
  assert.equal((await s.execute('interface ethernet-1/3 { admin-state disable description "to ce 4" subinterface 2 { type bridged } }')).output, '');
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[  ]--');
  assert.match((await s.execute('info flat')).output, /^set \/ interface ethernet-1\/3 description "to ce 4"$/m);
  assert.match((await s.execute('info flat')).output, /^set \/ interface ethernet-1\/3 subinterface 2 type bridged$/m);
  await s.execute('interface ethernet-1/3 subinterface 2');
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[ interface ethernet-1/3 subinterface 2 ]--');
  assert.equal((await s.execute('info')).output, '    type bridged\n');
  await s.execute('exit');
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[ interface ethernet-1/3 ]--');
  const help = (await s.execute('?')).output;
  assert.match(help, /^ {2}admin-state <value>$/m);
  assert.match(help, /^ {2}subinterface <index>$/m);
  assert.match((await s.execute('lag lacp ?')).output, /^ {2}system-id-mac <value>$/m);
  await s.execute('/');
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[  ]--');
  assert.match((await s.execute('?')).output, /^Local commands:\n/);
  assert.equal((await s.execute('interface ethernet-1/3 {')).output, '');
  assert.equal((await s.execute('}')).output, '');
  assert.equal(s.statusLine(), '--{ * candidate shared default }--[  ]--');
  assert.match((await s.execute('commit now')).output, /^All changes have been committed\. Leaving candidate mode\.\n$/);
  assert.equal(d.config!.ifaces.get('ethernet-1/3')!.adminUp, false);
  assert.equal(d.config!.ifaces.get('ethernet-1/3')!.description, 'to ce 4');
  // Running mode: navigation and info, no changes.
  await s.execute('interface ethernet-1/3');
  assert.equal(s.statusLine(), '--{ running }--[ interface ethernet-1/3 ]--');
  assert.match((await s.execute('info')).output, /^ {4}description "to ce 4"\n/);
  assert.equal((await s.execute('admin-state enable')).failed, true);
  assert.equal((await s.execute('commit now')).failed, true);
});
