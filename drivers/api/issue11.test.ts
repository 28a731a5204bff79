// The issue-11 methods through the device API: registered for srlinux and linux, dispatched with
// their arguments, NotSupportedError on the platforms without them (a deviation, never a pass).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDevice, platformMethods, type DeviceSession } from './device';
import { DEVICE_METHODS, NotSupportedError } from './types';

const session = (device: string, answers: Record<string, string>): DeviceSession & { sent: string[] } => {
  const sent: string[] = [];
  return { device, sent, send: async (c) => (sent.push(c), answers[c] ?? ''), configure: async () => [] };
};

void describe('issue-11 device API', () => {
  void it('lists the four new methods and the platforms that implement them', () => {
    for (const m of ['lagMembers', 'ethernetSegments', 'evpnRoutes', 'macTable'] as const) assert.ok(DEVICE_METHODS.includes(m));
    assert.deepEqual(platformMethods('srlinux'), ['interfaces', 'bgpPeers', 'lagMembers', 'ethernetSegments', 'evpnRoutes', 'macTable']);
    assert.deepEqual(platformMethods('linux'), ['interfaces', 'routes', 'ping']);
  });

  void it('dispatches with the arguments; other platforms throw NotSupportedError', async () => {
    const s = session('leaf5', { 'show network-instance bd-5 bridge-table mac-table all': '' });
    assert.deepEqual(await createDevice('leaf5', 'srlinux', s).macTable({ networkInstance: 'bd-5' }), []);
    assert.deepEqual(s.sent, ['show network-instance bd-5 bridge-table mac-table all']);
    for (const p of ['freertr', 'vrp', 'iosxe', 'frr', 'linux']) {
      const d = createDevice('x', p, session('x', {}));
      await assert.rejects(d.ethernetSegments(), (e: unknown) => e instanceof NotSupportedError && e.method === 'ethernetSegments' && e.platform === p);
      await assert.rejects(d.lagMembers({ lag: 'lag1' }), NotSupportedError);
    }
  });
});
