/**
 * The lab's out-of-band control: traffic streams across failures, link loss, and determinism
 * (one scheduler, seeded random numbers: the same seed gives the same run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { loadTopology } from '../topologies';
import { Lab } from './lab';
import { MS, SEC } from './sim/scheduler';
import { lineLab, ringLab, route } from './tests/testlab';

const SEED_TOPO = path.join(__dirname, '../topologies/pvrp-ecmp/pvrp-ecmp.clab.yml');

void test('a stream on a clean path loses nothing; across a link cut it measures the loss and the longest gap', async () => {
  const g = await lineLab(3);
  const { lab } = g;
  lab.sched.runFor(40 * SEC);
  const spec = { from: 'alpha', to: 'charlie', vrf: 'core', src: '10.255.0.1', dst: '10.255.0.3', intervalMs: 10 };
  const clean = lab.startStream(spec);
  lab.sched.runFor(5 * SEC);
  const c = clean.stop();
  assert.equal(c.sent, 501, 'one packet every 10 ms, the first at once');
  assert.equal(c.lost, 0, 'nothing lost on a clean path (the last one is still on its way)');
  assert.equal(c.received + c.inFlight, c.sent);
  assert.equal(c.longestGapMs, 10);
  assert.equal(c.switchoverMs, 0);

  const st = lab.startStream(spec);
  lab.sched.runFor(1 * SEC);
  const cut = lab.sched.now;
  lab.setLink('bravo', 'charlie', { up: false });
  lab.sched.runFor(2 * SEC);
  lab.setLink('bravo', 'charlie', { up: true });
  // The outage lasts until alpha has a route again: the link is down 2 s, then the neighbours
  // re-form (hello, then freeRtr's 1-5 s random wait before the open).
  assert.ok(lab.sched.runUntilCondition(() => route(g, 0, '10.255.0.3/32') !== undefined, lab.sched.now + 20 * SEC));
  const outage = (lab.sched.now - cut) / MS;
  assert.ok(outage > 2000 && outage < 2000 + 5000 + 1000, `outage ${outage} ms`);
  lab.sched.runFor(10 * SEC);
  const r = st.stop();
  assert.equal(r.sent, r.received + r.lost + r.inFlight);
  assert.ok(r.longestGapMs >= outage && r.longestGapMs <= outage + 20, `gap ${r.longestGapMs} ms for an outage of ${outage} ms`);
  assert.equal(r.switchoverMs, r.longestGapMs - 10);
  // Every packet sent in the gap is lost and nothing else: gap / interval - 1 of them.
  assert.equal(r.lost, Math.round(r.longestGapMs / 10) - 1);
});

void test('a ring link cut: traffic switches to the other way round within a few packets', async () => {
  const g = await ringLab(6);
  const { lab } = g;
  lab.sched.runFor(40 * SEC);
  const st = lab.startStream({ from: 'alpha', to: 'bravo', vrf: 'core', src: '2001:db8:ffff::1', dst: '2001:db8:ffff::2', intervalMs: 5 });
  lab.sched.runFor(1 * SEC);
  lab.setLink('alpha', 'bravo', { up: false });
  lab.sched.runFor(5 * SEC);
  const r = st.stop();
  assert.equal(route(g, 0, '2001:db8:ffff::2/128')?.metric, 50);
  assert.ok(r.lost > 0 && r.lost < 10, `lost ${r.lost}`);
  assert.ok(r.switchoverMs < 50, `switchover ${r.switchoverMs} ms`);
  assert.equal(r.sent, r.received + r.lost + r.inFlight);
});

void test('setLink loss=1.0 drops everything, loss=0 nothing, loss in between about that share', async () => {
  const g = await lineLab(2);
  const { lab } = g;
  lab.sched.runFor(40 * SEC);
  const link = lab.findLink('alpha', 'bravo');
  const spec = { from: 'alpha', to: 'bravo', vrf: 'core', src: '10.255.0.1', dst: '10.255.0.2', intervalMs: 2 };
  lab.setLink('alpha', 'bravo', { loss: 1 });
  const tx0 = link.txFrames;
  const lost0 = link.lostFrames;
  const all = lab.startStream(spec);
  lab.sched.runFor(2 * SEC);
  const r = all.stop();
  assert.equal(r.received, 0);
  assert.equal(r.lost, r.sent, 'nothing ever arrived, so nothing is counted as on its way');
  assert.equal(r.inFlight, 0);
  assert.equal(link.lostFrames - lost0, link.txFrames - tx0, 'every frame on the link dropped, PVRP too');
  lab.setLink('alpha', 'bravo', { loss: 0 });
  const none = lab.startStream(spec);
  lab.sched.runFor(2 * SEC);
  assert.equal(none.stop().lost, 0);
  lab.setLink('alpha', 'bravo', { loss: 0.25 });
  const some = lab.startStream(spec);
  lab.sched.runFor(4 * SEC);
  const s = some.stop();
  assert.ok(s.lost > 0.15 * s.sent && s.lost < 0.35 * s.sent, `${s.lost} of ${s.sent}`);
  // Delay: one-way 40 ms shows in the gap between sending and receiving, not as loss.
  lab.setLink('alpha', 'bravo', { loss: 0, delayMs: 40 });
  const slow = lab.startStream(spec);
  lab.sched.runFor(1 * SEC);
  const d = slow.stop();
  assert.equal(d.lost, 0);
  assert.equal(d.inFlight, 20, '40 ms of packets at 2 ms are on the wire');
});

async function runSeed(seed: number): Promise<{ sums: string; events: number; frames: string }> {
  const lab = Lab.create(await loadTopology(SEED_TOPO), { mode: 'fast', telnet: false, seed });
  const h = createHash('sha256');
  for (const { link } of lab.links) link.taps.push((t, from, f) => h.update(`${t} ${from.node.name}:${from.name} `).update(f));
  lab.sched.runFor(30 * SEC);
  const out: string[] = [];
  for (const name of ['r1', 'r2', 'r3']) {
    const s = lab.node(name).device.sessions()('test');
    out.push((await s.execute('show ipv4 pvrp 1 summary')).output, (await s.execute('show ipv6 pvrp 1 summary')).output);
  }
  return { sums: out.join(''), events: lab.sched.executed, frames: h.digest('hex') };
}

void test('determinism: the same seed gives the same tables, event counts and frames; other seeds other timings', async () => {
  const a = await runSeed(42);
  const b = await runSeed(42);
  assert.equal(a.sums, b.sums);
  assert.equal(a.events, b.events);
  assert.equal(a.frames, b.frames);
  assert.match(a.sums, /r2/);
  const others = await Promise.all([1, 2, 3].map(runSeed));
  assert.ok(
    others.some((o) => o.sums !== a.sums),
    'neighbour up times depend on the seeded random waits',
  );
  for (const o of others) assert.notEqual(o.frames, a.frames);
});
