import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findKind, getKind, knownKinds, registerKind } from './kinds';

void test('built-in kinds and their dialects', () => {
  const dialects = Object.fromEntries(
    ['rare', 'linux', 'nokia_srlinux', 'srl', 'cisco_iosxe', 'cisco_csr1000v', 'huawei_vrp'].map((k) => [k, getKind(k).dialect]),
  );
  assert.deepEqual(dialects, {
    rare: 'freertr', linux: 'linux', nokia_srlinux: 'srlinux', srl: 'srlinux', cisco_iosxe: 'iosxe', cisco_csr1000v: 'iosxe', huawei_vrp: 'vrp',
  });
  assert.equal(findKind('srl'), findKind('nokia_srlinux'));
});

void test('a duplicate name or alias throws; an unknown name lists the known kinds', () => {
  assert.throws(() => registerKind({ name: 'rare', dialect: 'x', ifaceName: (i) => i }), /'rare' is already registered/);
  assert.throws(() => registerKind({ name: 'fresh_kind', aliases: ['srl'], dialect: 'x', ifaceName: (i) => i }), /'srl' is already registered/);
  assert.equal(findKind('fresh_kind'), undefined, 'a failed registration registers nothing');
  assert.throws(() => getKind('junos'), (e: Error) => e.message === `unknown kind 'junos' (known kinds: ${knownKinds().join(', ')})`);
});

void test('interface names map to the device CLI names', () => {
  const table: [string, string, string][] = [
    ['rare', 'eth1', 'ethernet1'],
    ['rare', 'eth12', 'ethernet12'],
    ['rare', 'ethernet3', 'ethernet3'],
    ['linux', 'eth1', 'eth1'],
    ['linux', 'bond0', 'bond0'],
    ['srl', 'e1-1', 'ethernet-1/1'],
    ['srl', 'e1-49', 'ethernet-1/49'],
    ['srl', 'e1-3-2', 'ethernet-1/3/2'],
    ['srl', 'ethernet-1/5', 'ethernet-1/5'],
    ['cisco_csr1000v', 'eth1', 'GigabitEthernet2'],
    ['cisco_iosxe', 'Gi3', 'GigabitEthernet3'],
    ['cisco_iosxe', 'GigabitEthernet0/0/0', 'GigabitEthernet0/0/0'],
    ['huawei_vrp', 'eth1', 'GigabitEthernet0/1/0'],
    ['huawei_vrp', 'GE0/3/0', 'GigabitEthernet0/3/0'],
  ];
  for (const [kind, clab, native] of table) assert.equal(getKind(kind).ifaceName(clab), native, `${kind} ${clab}`);
  const invalid: [string, string][] = [['rare', 'eth0'], ['rare', 'ge1'], ['linux', 'a/b'], ['srl', 'eth1'], ['cisco_iosxe', 'Gi1'], ['huawei_vrp', 'GE0/0/0']];
  for (const [kind, clab] of invalid) assert.throws(() => getKind(kind).ifaceName(clab), /is not valid for kind .*: expected/, `${kind} ${clab}`);
});

void test('kind linux: FRR\'s image or a bind into /etc/frr gives dialect frr; other linux nodes stay linux', async () => {
  const { parseTopology } = await import('./loader');
  const t = await parseTopology([
    'name: x', 'topology:', '  nodes:',
    '    a: {kind: linux, image: "quay.io/frrouting/frr:8.4.1"}',
    '    b: {kind: linux, image: alpine, binds: ["b.conf:/etc/frr/frr.conf"]}',
    '    h: {kind: linux, image: alpine}',
  ].join('\n'), '/tmp/x.clab.yml');
  assert.deepEqual(t.nodes.map((n) => [n.name, n.dialect]), [['a', 'frr'], ['b', 'frr'], ['h', 'linux']]);
});
