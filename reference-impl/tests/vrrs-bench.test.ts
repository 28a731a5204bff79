/** The bench's VRRS figure: master loss to every VRRS client down, in virtual time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../sim/scheduler';
import { masterLossToClientsDownMicros } from './vrrs-lab';

void test('master loss to every VRRS client down is measured in virtual time, within the peer Master_Down_Interval + 1 s', () => {
  const us = masterLossToClientsDownMicros();
  assert.ok(us !== undefined && us > 0 && us <= 5 * SEC, `clients down after ${us} us`);
});
