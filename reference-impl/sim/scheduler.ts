/**
 * One scheduler per lab: integer virtual time in microseconds, events ordered by
 * (time, sequence) so that two runs of the same lab with the same seed are identical
 * (DESIGN.md "The reference router" 4; ns-3's Scheduler with event keys).
 */

export type Micros = number;

export const US = 1;
export const MS = 1000;
export const SEC = 1_000_000;

export interface EventHandle {
  readonly time: Micros;
  readonly seq: number;
  cancel(): void;
  readonly cancelled: boolean;
}

interface Ev extends EventHandle {
  fn: () => void;
  node: string;
  cancelled: boolean;
}

/** Binary min-heap on (time, seq). */
class EventHeap {
  private a: Ev[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Ev | undefined {
    return this.a[0];
  }
  push(e: Ev): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[i], a[p])) {
        [a[i], a[p]] = [a[p], a[i]];
        i = p;
      } else break;
    }
  }
  pop(): Ev | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

function less(x: Ev, y: Ev): boolean {
  return x.time < y.time || (x.time === y.time && x.seq < y.seq);
}

export class Scheduler {
  private heap = new EventHeap();
  private seq = 0;
  private _now: Micros = 0;
  /** Number of events executed since creation (for benchmarks). */
  executed = 0;
  /** Listeners told when an event is scheduled earlier than anything pending (realtime pacer). */
  private wakers: Array<() => void> = [];

  get now(): Micros {
    return this._now;
  }

  get pending(): number {
    return this.heap.size;
  }

  /** Run `fn` after `delay` microseconds of virtual time (delay is rounded to an integer >= 0). */
  schedule(delay: Micros, fn: () => void, node = ''): EventHandle {
    const d = Math.max(0, Math.round(delay));
    return this.at(this._now + d, fn, node);
  }

  /** Run `fn` at absolute virtual time `time` (not earlier than now). */
  at(time: Micros, fn: () => void, node = ''): EventHandle {
    const t = Math.max(this._now, Math.round(time));
    const ev: Ev = {
      time: t,
      seq: this.seq++,
      fn,
      node,
      cancelled: false,
      cancel() {
        ev.cancelled = true;
      },
    };
    this.heap.push(ev);
    for (const w of this.wakers) w();
    return ev;
  }

  onSchedule(waker: () => void): void {
    this.wakers.push(waker);
  }

  /** Time of the next live event, or undefined when idle. */
  nextTime(): Micros | undefined {
    for (;;) {
      const e = this.heap.peek();
      if (!e) return undefined;
      if (e.cancelled) {
        this.heap.pop();
        continue;
      }
      return e.time;
    }
  }

  /** Execute one event; false when nothing is pending. */
  step(): boolean {
    for (;;) {
      const e = this.heap.pop();
      if (!e) return false;
      if (e.cancelled) continue;
      this._now = e.time;
      this.executed++;
      e.fn();
      return true;
    }
  }

  /** Run every event with time <= `time`, then set the clock to `time`. */
  runUntil(time: Micros, maxEvents = Number.MAX_SAFE_INTEGER): number {
    let n = 0;
    for (;;) {
      const t = this.nextTime();
      if (t === undefined || t > time || n >= maxEvents) break;
      this.step();
      n++;
    }
    if (time > this._now && n < maxEvents) this._now = time;
    return n;
  }

  runFor(duration: Micros, maxEvents?: number): number {
    return this.runUntil(this._now + duration, maxEvents);
  }

  /**
   * Run until `cond()` holds, checking after every event, or until `deadline` virtual time.
   * Returns true when the condition held.
   */
  runUntilCondition(cond: () => boolean, deadline: Micros): boolean {
    if (cond()) return true;
    for (;;) {
      const t = this.nextTime();
      if (t === undefined || t > deadline) {
        this._now = Math.max(this._now, deadline);
        return cond();
      }
      this.step();
      if (cond()) return true;
    }
  }
}

/** A repeating timer on the scheduler (hello timers and the like). */
export class Periodic {
  private h: EventHandle | undefined;
  constructor(
    private sched: Scheduler,
    private interval: Micros,
    private fn: () => void,
    private node = '',
  ) {}
  start(firstDelay: Micros = this.interval): void {
    this.stop();
    const tick = () => {
      this.h = this.sched.schedule(this.interval, tick, this.node);
      this.fn();
    };
    this.h = this.sched.schedule(firstDelay, tick, this.node);
  }
  stop(): void {
    this.h?.cancel();
    this.h = undefined;
  }
  get running(): boolean {
    return this.h !== undefined && !this.h.cancelled;
  }
}
