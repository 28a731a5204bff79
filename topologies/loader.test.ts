import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology, TopologyError } from './index';

const dirs: string[] = [];

/** Writes `files` (relative path -> text) into a fresh temp folder; returns the topology's path. */
async function lab(files: Record<string, string>, main = 'lab.clab.yml'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netproof-topo-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return path.join(dir, main);
}

/** Loads `yaml` (plus extra files) and expects a TopologyError at line:column matching `pattern`. */
async function expectError(yaml: string, line: number, column: number, pattern: RegExp, extra: Record<string, string> = {}): Promise<TopologyError> {
  const file = await lab({ 'lab.clab.yml': yaml, ...extra });
  const err = await loadTopology(file).then(
    () => assert.fail('expected a TopologyError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TopologyError, String(err));
  assert.ok(!err.message.includes('\n'), `one line: ${err.message}`);
  assert.ok(err.message.startsWith(`${file}:${line}:${column}: `), `${err.message} should be at ${line}:${column}`);
  assert.match(err.message, pattern);
  assert.equal(err.line, line);
  assert.equal(err.column, column);
  return err;
}

void test.after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const TRIANGLE = `name: pvrp
prefix: np
mgmt:
  network: np-mgmt
topology:
  defaults:
    env: { A: defaults, B: defaults, C: defaults, D: defaults }
    labels: { site: lab }
  kinds:
    rare:
      image: rare:kinds
      startup-config: cfg/__clabNodeName__.txt
      env: { B: kinds, C: kinds, D: kinds }
  groups:
    core:
      image: rare:group
      env: { C: group, D: group }
  nodes:
    r1:
      kind: rare
      group: core
      env: { D: node }
    r2:
      kind: rare
      image: rare:node
      labels: { role: hub }
    r3:
      kind: rare
      startup-config: other/r3.cfg
  links:
    - endpoints: ["r1:eth1", "r2:eth1"]
    - endpoints: ["r2:eth2", "r3:eth1"]
    - type: veth
      mtu: 9000
      endpoints:
        - node: r3
          interface: eth2
        - { node: r1, interface: eth2 }
`;

void test('loads a 3-node triangle with startup configs, resolving defaults < kinds < groups < node', async () => {
  const file = await lab({
    'lab.clab.yml': TRIANGLE,
    'cfg/r1.txt': 'hostname r1\n',
    'cfg/r2.txt': 'hostname r2\n',
    'other/r3.cfg': 'hostname r3\n',
  });
  const dir = path.dirname(file);
  const t = await loadTopology(file);
  assert.equal(t.name, 'pvrp');
  assert.equal(t.prefix, 'np');
  assert.deepEqual(t.mgmt, { network: 'np-mgmt' });
  assert.equal(t.file, file);
  assert.equal(t.dir, dir);
  assert.deepEqual(t.nodes.map((n) => [n.name, n.kind, n.dialect, n.line]), [['r1', 'rare', 'freertr', 19], ['r2', 'rare', 'freertr', 23], ['r3', 'rare', 'freertr', 27]]);
  const [r1, r2, r3] = t.nodes;
  assert.equal(r1.image, 'rare:group');
  assert.equal(r2.image, 'rare:node');
  assert.equal(r3.image, 'rare:kinds');
  assert.deepEqual(r1.env, { A: 'defaults', B: 'kinds', C: 'group', D: 'node' });
  assert.deepEqual(r2.env, { A: 'defaults', B: 'kinds', C: 'kinds', D: 'kinds' });
  assert.deepEqual(r2.labels, { site: 'lab', role: 'hub' });
  assert.equal(r1.group, 'core');
  assert.equal(r1.startupConfig, path.join(dir, 'cfg/r1.txt'));
  assert.equal(r1.startupConfigText, 'hostname r1\n');
  assert.equal(r2.startupConfigText, 'hostname r2\n');
  assert.equal(r3.startupConfig, path.join(dir, 'other/r3.cfg'));
  assert.equal(r3.startupConfigText, 'hostname r3\n');
  assert.deepEqual(t.links.map((l) => [l.a, l.b]), [
    [{ node: 'r1', iface: 'eth1', nativeIface: 'ethernet1' }, { node: 'r2', iface: 'eth1', nativeIface: 'ethernet1' }],
    [{ node: 'r2', iface: 'eth2', nativeIface: 'ethernet2' }, { node: 'r3', iface: 'eth1', nativeIface: 'ethernet1' }],
    [{ node: 'r3', iface: 'eth2', nativeIface: 'ethernet2' }, { node: 'r1', iface: 'eth2', nativeIface: 'ethernet2' }],
  ]);
  assert.deepEqual(t.links.map((l) => l.line), [31, 32, 33]);
  assert.equal(t.links[2].mtu, 9000);
});

void test('kind aliases, per-kind interface names, inline startup configs, binds and a default name', async () => {
  const file = await lab({
    'evpn.clab.yml': `topology:
  kinds:
    srl: { image: srl:23 }
  nodes:
    leaf1: { kind: nokia_srlinux, startup-config: "set / system name host-name leaf1\\n" }
    ce1: { kind: linux, image: alpine, binds: ["cfg/ce1.sh:/ce1.sh"], exec: [bash /ce1.sh] }
    pe1: { kind: huawei_vrp }
    rt1: { kind: cisco_iosxe }
  links:
    - endpoints: [leaf1:e1-1, ce1:eth1]
    - endpoints: [leaf1:ethernet-1/2, pe1:eth1]
    - endpoints: [pe1:GE0/2/0, rt1:eth1]
`,
  }, 'evpn.clab.yml');
  const t = await loadTopology(file);
  assert.equal(t.name, 'evpn');
  const [leaf1, ce1] = t.nodes;
  assert.equal(leaf1.kind, 'nokia_srlinux');
  assert.equal(leaf1.image, 'srl:23');
  assert.equal(leaf1.startupConfig, undefined);
  assert.equal(leaf1.startupConfigText, 'set / system name host-name leaf1\n');
  assert.deepEqual(ce1.binds, [`${path.join(t.dir, 'cfg/ce1.sh')}:/ce1.sh`]);
  assert.deepEqual(ce1.exec, ['bash /ce1.sh']);
  assert.deepEqual(t.links.flatMap((l) => [l.a.nativeIface, l.b.nativeIface]), [
    'ethernet-1/1', 'eth1', 'ethernet-1/2', 'GigabitEthernet0/1/0', 'GigabitEthernet0/2/0', 'GigabitEthernet2',
  ]);
});

void test('error: YAML syntax', async () => {
  await expectError('name: x\ntopology:\n  nodes: [a, b\n', 4, 1, /YAML syntax error: .*Flow sequence/);
});

void test('error: duplicate key is a YAML error', async () => {
  await expectError('name: x\ntopology:\n  nodes:\n    r1: {kind: rare}\n    r1: {kind: rare}\n', 5, 5, /YAML syntax error: Map keys must be unique/);
});

void test('error: not a mapping', async () => {
  await expectError('- a\n- b\n', 1, 1, /must be a mapping .*found a list/);
  await expectError('', 1, 1, /must be a mapping .*the file is empty/);
});

void test('error: missing topology.nodes', async () => {
  await expectError('name: x\ntopology:\n  links: []\n', 2, 1, /missing `topology\.nodes`/);
  await expectError('name: x\n', 1, 1, /missing `topology\.nodes`/);
});

void test('error: unknown kind lists the known kinds', async () => {
  const err = await expectError('name: x\ntopology:\n  nodes:\n    r1:\n      kind: junos\n', 5, 13, /node r1: unknown kind 'junos' \(known kinds: .*\)/);
  for (const k of ['rare', 'linux', 'nokia_srlinux', 'srl', 'cisco_iosxe', 'cisco_csr1000v', 'huawei_vrp']) assert.match(err.message, new RegExp(`\\b${k}\\b`));
  // A kind inherited from the defaults is reported where the defaults set it.
  await expectError('name: x\ntopology:\n  defaults:\n    kind: junos\n  nodes:\n    r1: {}\n', 4, 11, /node r1: unknown kind 'junos'/);
});

void test('error: a node without kind, or with an unknown group', async () => {
  await expectError('name: x\ntopology:\n  nodes:\n    r1:\n', 4, 5, /node r1 has no kind/);
  await expectError('name: x\ntopology:\n  nodes:\n    r1: {kind: rare, group: edge}\n', 4, 29, /unknown group 'edge'/);
});

void test('error: missing startup-config names the path it looked for', async () => {
  const err = await expectError(
    'name: x\ntopology:\n  nodes:\n    r1:\n      kind: rare\n      startup-config: configs/r1.cfg\n',
    6, 23, /node r1: startup-config file not found: configs\/r1\.cfg \(looked for .*configs\/r1\.cfg; relative paths are taken from the topology file's folder\)/,
    { 'r1.cfg': 'in the wrong folder\n' },
  );
  assert.ok(err.message.includes(path.join(path.dirname(err.file), 'configs', 'r1.cfg')));
  // Inherited from kinds: reported at the kinds block, with the node name expanded.
  await expectError(
    'name: x\ntopology:\n  kinds:\n    rare: {startup-config: "c/__clabNodeName__.cfg"}\n  nodes:\n    r7: {kind: rare}\n',
    4, 28, /node r7: startup-config file not found: c\/r7\.cfg/,
  );
});

void test('error: a link to an unknown node', async () => {
  await expectError(
    'name: x\ntopology:\n  nodes:\n    r1: {kind: rare}\n    r2: {kind: rare}\n  links:\n    - endpoints: ["r1:eth1", "r9:eth1"]\n',
    7, 30, /endpoint 'r9:eth1': unknown node 'r9' \(nodes: r1, r2\)/,
  );
});

void test('error: a duplicate endpoint', async () => {
  await expectError(
    'name: x\ntopology:\n  nodes:\n    r1: {kind: rare}\n    r2: {kind: rare}\n    r3: {kind: rare}\n  links:\n    - endpoints: ["r1:eth1", "r2:eth1"]\n    - endpoints: ["r3:eth1", "r1:eth1"]\n',
    9, 30, /endpoint 'r1:eth1' is used twice \(first at line 8\)/,
  );
  // Two spellings of the same SR Linux port are the same endpoint.
  await expectError(
    'name: x\ntopology:\n  nodes:\n    a: {kind: srl}\n    b: {kind: srl}\n  links:\n    - endpoints: [a:e1-1, b:e1-1]\n    - endpoints: [b:e1-2, a:ethernet-1/1]\n',
    8, 27, /endpoint 'a:ethernet-1\/1' is used twice \(first at line 7\)/,
  );
});

void test('error: a malformed endpoint', async () => {
  await expectError(
    'name: x\ntopology:\n  nodes:\n    r1: {kind: rare}\n    r2: {kind: rare}\n  links:\n    - endpoints: ["r1-eth1", "r2:eth1"]\n',
    7, 19, /malformed endpoint 'r1-eth1': expected "node:interface"/,
  );
  await expectError(
    'name: x\ntopology:\n  nodes:\n    r1: {kind: rare}\n    r2: {kind: rare}\n  links:\n    - type: veth\n      endpoints:\n        - {node: r1}\n        - {node: r2, interface: eth1}\n',
    9, 11, /malformed endpoint \{"node":"r1"\}/,
  );
});

void test('error: a link with other than 2 endpoints', async () => {
  const nodes = 'name: x\ntopology:\n  nodes:\n    r1: {kind: rare}\n    r2: {kind: rare}\n    r3: {kind: rare}\n  links:\n';
  await expectError(`${nodes}    - endpoints: ["r1:eth1", "r2:eth1", "r3:eth1"]\n`, 8, 18, /link 1 has 3 endpoints; a link needs exactly 2/);
  await expectError(`${nodes}    - endpoints: ["r1:eth1"]\n`, 8, 18, /link 1 has 1 endpoint; a link needs exactly 2/);
});

void test('error: an interface name the kind does not have, and unsupported link types', async () => {
  await expectError(
    'name: x\ntopology:\n  nodes:\n    r1: {kind: rare}\n    s1: {kind: srl}\n  links:\n    - endpoints: ["r1:eth1", "s1:eth1"]\n',
    7, 30, /endpoint 's1:eth1': interface 'eth1' is not valid for kind nokia_srlinux/,
  );
  await expectError(
    'name: x\ntopology:\n  nodes:\n    r1: {kind: rare}\n  links:\n    - type: host\n      endpoint: {node: r1, interface: eth1}\n',
    6, 13, /link type 'host' is not supported/,
  );
});

void test('error: wrong field types name the field', async () => {
  await expectError('name: x\ntopology:\n  nodes:\n    r1: {kind: rare, binds: /x:/y}\n', 4, 29, /node r1: `binds` must be a list of strings/);
});

void test('error: an unreadable file', async () => {
  const file = path.join(os.tmpdir(), 'netproof-no-such-dir', 'lab.clab.yml');
  await assert.rejects(loadTopology(file), (e: unknown) => e instanceof TopologyError && e.message === `${file}:1:1: cannot read the topology file (ENOENT)`);
});
