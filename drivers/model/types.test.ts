import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RouteEntry, groupRoutes } from './types';

void describe('groupRoutes', () => {
  void it('groups ECMP paths per (vrf, afi, prefix) in first-seen order', () => {
    const e = (prefix: string, iface: string, nextHop: string | null, vrf = 'v1'): RouteEntry =>
      ({ vrf, afi: 'ipv4', prefix, protocol: 'pvrp', iface, nextHop });
    const g = groupRoutes([
      e('1.1.1.8/30', 'ethernet1.11', '1.1.1.1'),
      e('2.2.2.2/32', 'loopback1', null),
      e('1.1.1.8/30', 'ethernet2.22', '1.1.2.6'),
      e('1.1.1.8/30', 'ethernet1.11', '1.1.1.1', 'other'),
    ]);
    assert.deepEqual(g, [
      { vrf: 'v1', afi: 'ipv4', prefix: '1.1.1.8/30', paths: [{ iface: 'ethernet1.11', nextHop: '1.1.1.1' }, { iface: 'ethernet2.22', nextHop: '1.1.2.6' }] },
      { vrf: 'v1', afi: 'ipv4', prefix: '2.2.2.2/32', paths: [{ iface: 'loopback1', nextHop: null }] },
      { vrf: 'other', afi: 'ipv4', prefix: '1.1.1.8/30', paths: [{ iface: 'ethernet1.11', nextHop: '1.1.1.1' }] },
    ]);
  });
});
