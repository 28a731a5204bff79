/** `display ospf peer brief` rendered from a live OSPF process (the document's triangle). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { GE1, GE2, TRI_FULL, triangle } from '../../protocols/ospf/testnet';
import { displayOspfPeerBrief, displayOspfPeerBriefAll } from './show-ospf';

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

void test('display ospf peer brief lists every process, by process id', () => {
  const t = triangle();
  t.start();
  t.sched.runUntilCondition(() => t.allFull(TRI_FULL), 120 * SEC);
  const a = t.proc('PE2');
  const b = t.proc('PE1');
  const fake = { ...b, cfg: { ...b.cfg, processId: 7 }, routerId: b.routerId, neighbors: () => b.neighbors() } as unknown as typeof b;
  const out = displayOspfPeerBriefAll([fake, a]);
  assert.equal(out, displayOspfPeerBrief(a) + displayOspfPeerBrief(fake));
  assert.match(out, /OSPF Process 1 with Router ID 3\.3\.3\.3[\s\S]*OSPF Process 7 with Router ID/);
  assert.equal(displayOspfPeerBriefAll([]), '');
});
