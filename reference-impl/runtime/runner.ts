/**
 * Drives a lab's scheduler from the Node.js event loop. Lives outside sim/ because it is the
 * one place that reads the wall clock.
 *  - realtime: virtual time follows the wall clock times `speed` (1 = real time);
 *  - fast: events run as fast as the CPU allows, yielding to I/O between batches.
 * Either way the loop never holds the event loop for more than SLICE_MS of wall time: when the
 * scheduler has more due than that (a burst, or a lab that fell behind), virtual time lags the
 * wall clock for a moment and I/O (sessions, signals) is served between slices.
 */
import type { Scheduler } from '../sim/scheduler';

export type RunMode = 'realtime' | 'fast';

/** Longest stretch of wall time one loop turn runs events for (ms). */
export const SLICE_MS = 20;
/** Events run between two looks at the wall clock. */
const BATCH = 256;

export class Runner {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private wallStart = 0;
  private virtStart = 0;

  constructor(
    private sched: Scheduler,
    public mode: RunMode = 'realtime',
    public speed = 1,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wallStart = performance.now();
    this.virtStart = this.sched.now;
    this.loop();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Virtual time the wall clock says we should be at (realtime mode). */
  private target(): number {
    return this.virtStart + Math.floor((performance.now() - this.wallStart) * 1000 * this.speed);
  }

  private loop = (): void => {
    if (!this.running) return;
    if (this.mode === 'fast') {
      const until = performance.now() + SLICE_MS;
      while (performance.now() < until) {
        if (!this.sched.step()) break;
      }
      this.timer = setTimeout(this.loop, 0);
      return;
    }
    const t = this.target();
    const until = performance.now() + SLICE_MS;
    while (this.sched.runUntil(t, BATCH) >= BATCH) {
      if (performance.now() >= until) {
        // More is due: yield to I/O, then go on.
        this.timer = setTimeout(this.loop, 0);
        return;
      }
    }
    const next = this.sched.nextTime();
    // Sleep until the next event is due (at most 20 ms, so new work is picked up promptly).
    let wait = 20;
    if (next !== undefined) wait = Math.max(0, Math.min(20, (next - t) / 1000 / this.speed));
    this.timer = setTimeout(this.loop, wait);
  };

  /** Switch speed without a jump in virtual time. */
  setSpeed(speed: number): void {
    this.virtStart = this.running ? this.target() : this.sched.now;
    this.wallStart = performance.now();
    this.speed = speed;
  }
}
