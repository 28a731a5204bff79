import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler, Periodic, MS } from './scheduler';
import { Random } from './random';

void test('events run in (time, sequence) order', () => {
  const s = new Scheduler();
  const seen: string[] = [];
  s.schedule(5, () => seen.push('b'));
  s.schedule(1, () => seen.push('a'));
  s.schedule(5, () => seen.push('c'));
  s.schedule(0, () => seen.push('z'));
  s.runUntil(10);
  assert.deepEqual(seen, ['z', 'a', 'b', 'c']);
  assert.equal(s.now, 10);
});

void test('cancelled events do not run; runUntil stops at the horizon', () => {
  const s = new Scheduler();
  let n = 0;
  const h = s.schedule(3, () => n++);
  s.schedule(20, () => (n += 10));
  h.cancel();
  s.runUntil(10);
  assert.equal(n, 0);
  s.runUntil(20);
  assert.equal(n, 10);
});

void test('events scheduled from events at the same time run after earlier ones', () => {
  const s = new Scheduler();
  const seen: number[] = [];
  s.schedule(1, () => {
    seen.push(1);
    s.schedule(0, () => seen.push(3));
  });
  s.schedule(1, () => seen.push(2));
  s.runUntil(1);
  assert.deepEqual(seen, [1, 2, 3]);
});

void test('periodic timer fires at its interval and stops', () => {
  const s = new Scheduler();
  const times: number[] = [];
  const p = new Periodic(s, 5 * MS, () => times.push(s.now));
  p.start(1 * MS);
  s.runUntil(12 * MS);
  p.stop();
  s.runUntil(40 * MS);
  assert.deepEqual(times, [1000, 6000, 11000]);
});

void test('runUntilCondition returns when the condition holds or at the deadline', () => {
  const s = new Scheduler();
  let x = 0;
  s.schedule(7, () => (x = 1));
  assert.equal(s.runUntilCondition(() => x === 1, 100), true);
  assert.equal(s.now, 7);
  assert.equal(s.runUntilCondition(() => x === 2, 50), false);
  assert.equal(s.now, 50);
});

void test('seeded random numbers repeat for a seed and differ between seeds', () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const xs = [a.next(), a.next(), a.next()];
  assert.deepEqual(xs, [b.next(), b.next(), b.next()]);
  assert.notDeepEqual(xs, [c.next(), c.next(), c.next()]);
  for (let i = 0; i < 1000; i++) {
    const v = a.int(1000, 5000);
    assert.ok(v >= 1000 && v <= 5000 && Number.isInteger(v));
  }
  assert.notEqual(a.fork('r1').next(), a.fork('r2').next());
});
