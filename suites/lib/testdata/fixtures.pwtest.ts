// Run by suites/lib/fixtures.test.ts through Playwright (not a suite: its own config, a fake
// target kind whose nodes speak freertr over an inventory-like lab control, no device reached).
import * as path from 'node:path';
import { expect } from '@playwright/test';
import { suiteTest } from '../fixtures';
import { registerTargetKind, SessionTarget } from '../../../targets';
import { inventoryLabControl } from '../../../targets/inventory';
import { loadTopology } from '../../../topologies';

registerTargetKind('fixture-selftest', async (file) => new SessionTarget({
  name: 'selftest', kind: 'fixture-selftest', topo: await loadTopology(file), lab: inventoryLabControl('selftest'),
  endpoint: () => ({ host: '127.0.0.1', port: 1, transport: 'telnet', dialect: 'freertr' }),
}));

const test = suiteTest(path.join(__dirname, '..', '..', '..', 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml'), {
  deviations: [{ checks: 'declared: *', targets: ['fixture-selftest'], reason: 'declared for the self-test' }],
});

test('declared: a listed check ends as a deviation before it runs', async () => {
  throw new Error('the body of a declared deviation ran');
});

test('device: a method the platform lacks becomes a deviation', async ({ device }) => {
  await device('r1').bfdSessions();
  throw new Error('bfdSessions returned on freertr');
});

test('lab: a step the target cannot do becomes a deviation', async ({ lab }) => {
  expect(lab.supports('link')).toBe(false);
  await lab.setLink('r1', 'r2', { up: false });
  throw new Error('setLink returned on an inventory');
});

test('fails: a check that fails without a declared deviation fails', async ({ target }) => {
  expect(target.kind).toBe('reference');
});
