/**
 * The seed's four SR Linux startup configs booted in a lab (the fabric without the CEs): the
 * topology's `type` and `image` reach `show version`, and the eBGP underlay the configs map onto
 * the BGP module carries the system0 loopbacks between the leaves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab } from '../../lab';
import { SEC } from '../../sim/scheduler';
import { fmtPrefix } from '../../net/addr';
import type { SrlDevice } from './device';

const LAB = '/work/shared/seeds/001-evpn-mh-lab/configs';

void test('the seed fabric boots: show version from the topology, loopbacks learnt over the eBGP underlay', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srl-fabric-'));
  for (const f of ['leaf1.cfg', 'leaf2.cfg', 'leaf3.cfg', 'spine1.cfg']) fs.copyFileSync(path.join(LAB, f), path.join(dir, f));
  fs.writeFileSync(
    path.join(dir, 'fabric.clab.yml'),
    `name: fabric
topology:
  kinds:
    srl:
      image: ghcr.io/nokia/srlinux:23.3.1
  nodes:
    leaf1: { kind: srl, type: ixrd2, startup-config: leaf1.cfg }
    leaf2: { kind: srl, type: ixrd2, startup-config: leaf2.cfg }
    leaf3: { kind: srl, type: ixrd2, startup-config: leaf3.cfg }
    spine1: { kind: srl, type: ixrd3, startup-config: spine1.cfg }
  links:
    - endpoints: ["leaf1:e1-49", "spine1:e1-1"]
    - endpoints: ["leaf2:e1-49", "spine1:e1-2"]
    - endpoints: ["leaf3:e1-49", "spine1:e1-3"]
`,
  );
  const lab = Lab.create(await loadTopology(path.join(dir, 'fabric.clab.yml')));
  try {
    const spine = lab.node('spine1').device as SrlDevice;
    assert.match(spine.show(['version']), /^Chassis Type {9}: 7220 IXR-D3$/m);
    assert.match((lab.node('leaf1').device as SrlDevice).show(['version']), /^Chassis Type {9}: 7220 IXR-D2\nPart Number[^\n]*\nSerial Number[^\n]*\nSystem HW MAC Address: [0-9A-F:]{17}\nSoftware Version {5}: v23\.3\.1$/m);
    const learnt = (): string[] => lab.node('leaf1').node.vrf('').rib[4].routes().filter((r) => r.source.startsWith('bgp')).map((r) => fmtPrefix(r.prefix));
    assert.ok(lab.sched.runUntilCondition(() => learnt().includes('10.0.0.3/32') && learnt().includes('10.0.0.2/32'), lab.sched.now + 120 * SEC), `leaf1 learnt ${learnt().join(', ')}`);
    assert.match((lab.node('leaf1').device as SrlDevice).show(['interface', 'ethernet-1/49']), /^ethernet-1\/49 is up, speed 100G, type None$/m);
  } finally {
    await lab.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
