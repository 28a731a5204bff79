/** `display ospf peer brief` rendered from a live OSPF process (the document's triangle). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { OspfNet } from '../../protocols/ospf/testnet';
import { displayOspfPeerBrief } from './show-ospf';

const GE1 = 'GigabitEthernet0/1/0';
const GE2 = 'GigabitEthernet0/2/0';
const TRI_FULL = { PE1: 2, PE2: 2, PE3: 2 };

function triangle(): OspfNet {
  const t = new OspfNet();
  t.loopback('PE1', 'LoopBack1', '2.2.2.2');
  t.loopback('PE2', 'LoopBack1', '3.3.3.3');
  t.loopback('PE3', 'LoopBack1', '4.4.4.4');
  t.link('PE1', GE1, '11.11.11.1', 'PE3', GE1, '11.11.11.2');
  t.link('PE2', GE1, '22.22.22.1', 'PE3', GE2, '22.22.22.2');
  t.link('PE1', GE2, '33.33.33.1', 'PE2', GE2, '33.33.33.2');
  return t;
}

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
