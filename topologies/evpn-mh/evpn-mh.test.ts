// The evpn-mh lab (seed 001) as given: the containerlab file and its startup configs and CE
// scripts, unchanged from the seed's lab folder, load through the topology loader with kinds srl
// and linux, the binds made absolute and the exec lines kept in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopology } from '../index';

const FILE = path.join(__dirname, 'evpn-mh.clab.yml');
// The seed folder sits beside the repository (../shared) or beside the worktrees' parent.
const SEED = [3, 4].map((up) => path.join(__dirname, ...Array<string>(up).fill('..'), 'shared', 'seeds', '001-evpn-mh-lab')).find((d) => fs.existsSync(d)) ?? '';

void test('evpn-mh loads: four srl nodes, two linux CEs, eight links with SR Linux names', async () => {
  const t = await loadTopology(FILE);
  assert.equal(t.name, 'evpn-mh01');
  const kinds = Object.fromEntries(t.nodes.map((n) => [n.name, `${n.kind}/${n.dialect}`]));
  assert.deepEqual(kinds, {
    leaf1: 'nokia_srlinux/srlinux', leaf2: 'nokia_srlinux/srlinux', leaf3: 'nokia_srlinux/srlinux', spine1: 'nokia_srlinux/srlinux',
    ce1: 'linux/linux', ce2: 'linux/linux',
  });
  const links = t.links.map((l) => `${l.a.node}:${l.a.nativeIface}-${l.b.node}:${l.b.nativeIface}`);
  assert.deepEqual(links, [
    'leaf1:ethernet-1/49-spine1:ethernet-1/1', 'leaf2:ethernet-1/49-spine1:ethernet-1/2', 'leaf3:ethernet-1/49-spine1:ethernet-1/3',
    'ce1:eth1-leaf1:ethernet-1/1', 'ce1:eth2-leaf2:ethernet-1/1', 'ce2:eth1-leaf3:ethernet-1/1', 'ce2:eth2-leaf3:ethernet-1/2', 'ce2:eth3-leaf3:ethernet-1/3',
  ]);
  const leaf2 = t.nodes.find((n) => n.name === 'leaf2')!;
  assert.equal(leaf2.type, 'ixrd2');
  assert.equal(leaf2.startupConfig, path.join(__dirname, 'configs', 'leaf2.cfg'));
  assert.match(leaf2.startupConfigText ?? '', /^set \/ network-instance default protocols bgp router-id 10\.0\.0\.2$/m);
  const ce1 = t.nodes.find((n) => n.name === 'ce1')!;
  assert.deepEqual(ce1.binds, [`${path.join(__dirname, 'configs', 'ce1-config.sh')}:/ce1-config.sh`]);
  assert.deepEqual(ce1.exec, ['bash /ce1-config.sh']);
  assert.deepEqual(t.nodes.find((n) => n.name === 'ce2')!.exec, ['bash /ce2-config.sh']);
});

void test('evpn-mh lab files are the seed\'s, byte for byte', { skip: !SEED && 'the seed folder is not in this checkout' }, () => {
  const pairs: Array<[string, string]> = [['evpn-mh.clab.yml', 'evpn-mh.clab.yml']];
  for (const f of fs.readdirSync(path.join(SEED, 'configs'))) pairs.push([path.join('configs', f), path.join('configs', f)]);
  for (const [mine, theirs] of pairs) {
    assert.equal(fs.readFileSync(path.join(__dirname, mine), 'utf8'), fs.readFileSync(path.join(SEED, theirs), 'utf8'), mine);
  }
  assert.equal(pairs.length, 7);
});
