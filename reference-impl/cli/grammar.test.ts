/**
 * The one command grammar: tables of bad lines per dialect with the error each dialect prints
 * and the column of its caret, vendor ranges, `?` help and Tab completion from the same tree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandTable } from './grammar';
import { vrpSkin } from './vrp';
import { freertrSkin } from './freertr';
import { errorLine } from './vrp/core';
import { errorText } from './freertr/core';

void test('patterns: keywords, typed parameters with bounds, rests; a bad pattern throws', () => {
  const t = new CommandTable<null>({ negation: { word: 'no', minLen: 2 } });
  const hit: string[] = [];
  t.add('cfg', { pattern: 'vlan <id:int:1-4094>', run: (_c, a) => void hit.push(`vlan ${a.id}`), negatable: true });
  t.add('cfg', { pattern: 'route <p:prefix> <nh:ip>', run: (_c, a) => void hit.push(`${a.p} ${a.nh}`) });
  t.add('cfg', { pattern: 'description [<text...>]', run: (_c, a) => void hit.push(`d=${a.text}`) });
  t.add('cfg', { pattern: 'ipv6 host <a:ip6>', run: () => undefined });
  const ok = (l: string) => {
    const r = t.lookup('cfg', l);
    assert.equal(r.kind, 'ok', l);
    if (r.kind === 'ok') void r.cmd.run(null, r.args);
    return r;
  };
  ok('vl 4094');
  assert.equal((ok('no vlan 7') as { negated: boolean }).negated, true);
  ok('route 10.0.0.0/8 1.1.1.1');
  ok('desc');
  ok('desc two words');
  assert.deepEqual(hit, ['vlan 4094', 'vlan 7', '10.0.0.0/8 1.1.1.1', 'd=', 'd=two words']);
  const err = (l: string) => t.lookup('cfg', l);
  assert.deepEqual(err('vlan 4095'), { kind: 'error', error: 'out-of-range', at: 5, word: '4095', range: [1, 4094] });
  assert.deepEqual(err('vlan 0'), { kind: 'error', error: 'out-of-range', at: 5, word: '0', range: [1, 4094] });
  assert.deepEqual(err('vlan x'), { kind: 'error', error: 'bad-value', at: 5, word: 'x', range: undefined });
  assert.deepEqual(err('vlan'), { kind: 'error', error: 'incomplete', at: 5 });
  assert.deepEqual(err('route 10.0.0.0/33 1.1.1.1'), { kind: 'error', error: 'bad-value', at: 6, word: '10.0.0.0/33', range: undefined });
  assert.deepEqual(err('vlan 5 extra'), { kind: 'error', error: 'unknown', at: 7, word: 'extra', range: undefined });
  assert.deepEqual(err('ipv6 host 1.2.3.4'), { kind: 'error', error: 'bad-value', at: 10, word: '1.2.3.4', range: undefined });
  assert.throws(() => t.add('cfg', { pattern: 'vlan <id:int:1-4094>', run: () => undefined }), /duplicate command/);
  assert.throws(() => t.add('x', { pattern: 'foo <a:colour>', run: () => undefined }), /unknown parameter kind 'colour'/);
});

void test('? help and Tab completion come from the same tree', () => {
  const t = new CommandTable<null>();
  t.add('exec', { pattern: 'show ip route', run: () => undefined });
  t.add('exec', { pattern: 'show interfaces', run: () => undefined });
  t.add('exec', { pattern: 'show ip ospf <id:int:1-65535> neighbor', run: () => undefined });
  t.add('exec', { pattern: 'shutdown', run: () => undefined });
  assert.deepEqual(t.help('exec', 'show '), ['interfaces', 'ip']);
  assert.deepEqual(t.help('exec', 'sh'), ['show', 'shutdown']);
  assert.deepEqual(t.help('exec', 'show ip '), ['ospf', 'route']);
  assert.deepEqual(t.help('exec', 'show ip ospf '), ['<1-65535>']);
  assert.deepEqual(t.help('exec', 'show ip route '), ['<cr>']);
  assert.equal(t.complete('exec', 'show in'), 'show interfaces ');
  assert.equal(t.complete('exec', 'sh'), undefined, 'two keywords fit');
  assert.equal(t.complete('exec', 'show ip o'), 'show ip ospf ');
});

/** VRP: [line typed in the system view, column of the caret within the line, error]. */
const VRP_BAD: Array<[string, number, string]> = [
  ['dis ver0', 4, 'Unrecognized command'],
  ['foo', 0, 'Unrecognized command'],
  ['ospf 0', 5, 'Wrong parameter'],
  ['ospf 65536', 5, 'Wrong parameter'],
  ['ospf 1 router-id 1.2.3', 17, 'Wrong parameter'],
  ['bgp 4294967296', 4, 'Wrong parameter'],
  ['bgp 0', 4, 'Wrong parameter'],
  ['bgp', 4, 'Incomplete command'],
  ['interface GigabitEthernet 0/1', 10, 'Wrong parameter'],
  ['mpls lsr-id', 12, 'Incomplete command'],
  ['ip route-stat', 14, 'Incomplete command'],
];

void test('VRP: the error kind and the caret column of each bad line', () => {
  const t = vrpSkin().table;
  for (const [line, col, msg] of VRP_BAD) {
    const { r } = t.find({ kind: 'system' }, line);
    assert.equal(r.kind, 'error', line);
    if (r.kind !== 'error') continue;
    assert.equal(r.at, col, line);
    assert.equal(errorLine(r), `Error: ${msg} found at '^' position.`, line);
  }
  // In a BFD session view: intervals 3-20000 ms, multiplier 3-50.
  for (const [line, col] of [['min-tx-interval 2', 16], ['min-rx-interval 20001', 16], ['detect-multiplier 51', 18]] as const) {
    const { r } = t.find({ kind: 'bfd-session', bfd: 'x' }, line);
    assert.ok(r.kind === 'error' && r.error === 'out-of-range' && r.at === col, line);
  }
  for (const line of ['min-tx-interval 3', 'detect-multiplier 50', 'bgp 4294967295', 'ospf 65535']) {
    const v = line.startsWith('min') || line.startsWith('det') ? { kind: 'bfd-session', bfd: 'x' } : { kind: 'system' };
    assert.equal(t.find(v, line).r.kind, 'ok', line);
  }
  assert.deepEqual(t.help({ kind: 'system' }, 'ospf 1 '), ['router-id', '<cr>']);
  assert.ok(t.help({ kind: 'user' }, 'display ').includes('current-configuration'));
});

/** freeRtr: [mode, line, answer]. */
const FREERTR_BAD: Array<[string, string, string]> = [
  ['exec', 'frobnicate the router', 'unknown exec command entered'],
  ['exec', 'show ipv4 pvrp 1 nonsense', 'unknown exec command entered'],
  ['cfg', 'frobnicate', 'unknown config command entered'],
  ['cfg', 'interface', 'unknown config command entered'],
  ['cfg', 'hostname', 'unknown config command entered'],
];

void test('freeRtr: one % line per bad command, from the same grammar', () => {
  const t = freertrSkin().table;
  for (const [mode, line, answer] of FREERTR_BAD) {
    const r = t.lookup(mode, line);
    assert.equal(r.kind, 'error', line);
    if (r.kind === 'error') assert.equal(errorText(r, mode === 'exec' ? 'exec' : 'config'), answer, line);
  }
  assert.deepEqual(t.help('exec', 'show ipv4 pvrp 1 '), ['route', 'summary']);
});

void test('sessions answer ? and Tab from the grammar, in each dialect\'s words', async () => {
  const { Lab } = await import('../lab');
  const { loadTopology } = await import('../../topologies');
  const path = await import('node:path');
  const l = Lab.create(await loadTopology(path.join(__dirname, '../../topologies/bfd-static-vpn/bfd-static-vpn.clab.yml')), { mode: 'fast', telnet: false });
  const v = l.node('PE1').device.sessions()('t') as import('./vrp/session').VrpSession;
  assert.match((await v.execute('display ?')).output, /^( {2}.*\n)* {2}bfd\n(.*\n)* {2}current-configuration\n/);
  assert.equal((await v.execute('foo ?')).output, `${' '.repeat(v.prompt().length + 4)}^\nError: Unrecognized command found at '^' position.\n`);
  assert.equal(v.complete('display current-c'), 'display current-configuration ');
  assert.equal(v.complete('dis'), 'display ');
  await l.stop();
  const f = await import('./freertr');
  const sk = f.freertrSkin();
  assert.deepEqual(sk.table.help('cfg-rtr:ospf', 'area 0 '), ['enable']);
  assert.deepEqual(sk.table.help('cfg', 'router ospf4 '), ['<1-65535>']);
});
