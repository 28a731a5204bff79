import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseInventory } from '../drivers/inventory';
import { flakes, verdicts, type PwReport } from './flake-count';
import { labInventoryYaml } from '../targets/lab-inventory';
import { steadyNotPassed } from './flakes';

const report = (statuses: Array<[string, string, boolean?]>): PwReport => ({
  suites: [{ title: 'pvrp-ecmp.spec.ts', suites: [{ title: 'pvrp-ecmp', specs: statuses.map(([title, status, dev]) => ({ title, tests: [{ annotations: dev ? [{ type: 'deviation', description: 'why' }] : [], results: [{ status }] }] })) }] }],
});

void describe('flake count', () => {
  void it('reads one verdict per check: passed, failed, broken (timedOut), deviation, skipped', () => {
    const v = verdicts(report([['a', 'passed'], ['b', 'failed'], ['c', 'timedOut'], ['d', 'skipped', true], ['e', 'skipped']]));
    assert.deepEqual([...v.values()], ['passed', 'failed', 'broken', 'deviation', 'skipped']);
    assert.equal([...v.keys()][0], 'pvrp-ecmp.spec.ts › pvrp-ecmp › a');
  });

  void it('counts checks whose verdict differed between runs, a missing check as not run', () => {
    const r1 = verdicts(report([['a', 'passed'], ['b', 'passed'], ['c', 'skipped', true]]));
    const r2 = verdicts(report([['a', 'passed'], ['b', 'failed'], ['c', 'skipped', true]]));
    const r3 = verdicts(report([['a', 'passed'], ['c', 'skipped', true]]));
    assert.deepEqual(flakes([r1, r1]), []);
    assert.deepEqual(flakes([r1, r2, r3]), [{ check: 'pvrp-ecmp.spec.ts › pvrp-ecmp › b', counts: { passed: 1, failed: 1, 'not run': 1 } }]);
  });
});

void describe('flake bench: the inventory of a lab up lab', () => {
  void it('maps every node over telnet; a node with gNMI gets its port, the lab certificate and the login variables', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flakes-inv-'));
    try {
      const ca = join(dir, 'gnmi.crt');
      writeFileSync(ca, 'certificate');
      const text = labInventoryYaml({
        nodes: [{ name: 'leaf1', dialect: 'srlinux', telnet: '127.0.0.1:4001', gnmi: '127.0.0.1:4101' }, { name: 'ce1', dialect: 'linux', telnet: '127.0.0.1:4002' }],
        gnmi: { caFile: ca },
      });
      const inv = parseInventory(text, join(dir, 'inv.yml'), { NETPROOF_LAB_USER: 'netproof', NETPROOF_LAB_PASSWORD: 'pw' });
      assert.deepEqual([inv.devices.leaf1?.port, inv.devices.leaf1?.transport, inv.devices.leaf1?.gnmi, inv.devices.leaf1?.username], [4001, 'telnet', { port: 4101, caFile: ca }, 'netproof']);
      assert.deepEqual([inv.devices.ce1?.port, inv.devices.ce1?.gnmi, inv.devices.ce1?.username], [4002, undefined, undefined]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('flake bench: steady verdicts that are not passes', () => {
  void it('lists a check failed (or skipped) in every run; a pass, a deviation or a flaky check is not listed', () => {
    const r1 = verdicts(report([['a', 'passed'], ['b', 'failed'], ['c', 'skipped', true], ['d', 'skipped'], ['e', 'failed']]));
    const r2 = verdicts(report([['a', 'passed'], ['b', 'failed'], ['c', 'skipped', true], ['d', 'skipped'], ['e', 'passed']]));
    assert.deepEqual(steadyNotPassed([r1, r2]).map((x) => [x.check.split(' › ').pop(), x.verdict]), [['b', 'failed'], ['d', 'skipped']]);
  });
});
