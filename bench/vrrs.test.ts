import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measurement, vrrsMeasurements } from './vrrs';

const results = {
  checks: [
    { title: 'delay', measurements: { vrrp_delay_minimum_virtual_s: '30.261s', vrrp_delay_reload_virtual_s: '60.212s' } },
    { title: 'failover', measurements: { vrrs_clients_down_virtual_s: '3.617s', vrrs_mac_withdrawn_virtual_s: '3.700s' } },
    { title: 'vrrp', measurements: { vrrp_takeover_s: '3.165s (virtual clock)' } },
    { title: 'none', measurements: {} },
  ],
};

void test('the bench reads each figure from the check that recorded it', () => {
  assert.deepEqual(vrrsMeasurements(results), { clientsDownS: 3.617, macWithdrawnS: 3.7, takeoverS: 3.165, delayMinimumS: 30.261, delayReloadS: 60.212 });
});

void test('a figure no check recorded is absent, not zero', () => {
  assert.deepEqual(vrrsMeasurements({ checks: [{ measurements: { vrrp_takeover_s: 'n/a' } }] }), {});
  assert.equal(measurement({}, 'vrrp_takeover_s'), undefined);
});
