/**
 * A point-to-point link between two Ethernet ports. Links only schedule `receive` on the
 * far end at send time plus delay (ns-3 style); loss uses the lab's seeded random numbers.
 */
import type { Scheduler } from '../sim/scheduler';
import type { Random } from '../sim/random';
import type { Iface } from './iface';

export type FrameTap = (time: number, from: Iface, frame: Buffer) => void;

export class Link {
  up = true;
  /** One-way delay in microseconds. */
  delay = 100;
  /** Loss probability 0..1 per frame. */
  loss = 0;
  txFrames = 0;
  lostFrames = 0;
  taps: FrameTap[] = [];

  constructor(
    readonly a: Iface,
    readonly b: Iface,
    private sched: Scheduler,
    private rng: Random,
  ) {
    a.link = this;
    b.link = this;
  }

  other(i: Iface): Iface {
    return i === this.a ? this.b : this.a;
  }

  transmit(from: Iface, frame: Buffer): void {
    if (!this.up) return;
    this.txFrames++;
    for (const t of this.taps) t(this.sched.now, from, frame);
    if (this.loss > 0 && this.rng.next() < this.loss) {
      this.lostFrames++;
      return;
    }
    const to = this.other(from);
    this.sched.schedule(this.delay, () => {
      if (this.up) to.node.receiveFrame(to, frame);
    }, to.node.name);
  }

  get name(): string {
    return `${this.a.node.name}:${this.a.name}--${this.b.node.name}:${this.b.name}`;
  }
}
