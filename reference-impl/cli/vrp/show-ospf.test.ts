/** `display ospf peer brief` rendered from a live OSPF process (the document's triangle). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { GE1, GE2, TRI_FULL, triangle } from '../../protocols/ospf/testnet';
import { displayOspfPeerBrief } from './show-ospf';

void test('display ospf peer brief', () => {
  const t = triangle();
  t.start();
  t.sched.runUntilCondition(() => t.allFull(TRI_FULL), 120 * SEC);
  const out = displayOspfPeerBrief(t.proc('PE2')).split('\n');
  assert.equal(out[1], '          OSPF Process 1 with Router ID 3.3.3.3');
  assert.equal(out[4], ' Area Id          Interface                        Neighbor id      State');
  assert.equal(out[5], ` 0.0.0.0          ${GE1}             4.4.4.4          Full`);
  assert.equal(out[6], ` 0.0.0.0          ${GE2}             2.2.2.2          Full`);
  assert.equal(out[3], ' ' + '-'.repeat(76));
  assert.equal(out[8], ' Total Peer(s):     2');
  assert.equal(displayOspfPeerBrief(undefined), '');
});
