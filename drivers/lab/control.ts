// Lab control as one interface (DESIGN.md, "Drivers, the device API and lab control"): link
// down/up, loss and delay, traffic streams that measure loss and switchover, captures, and the
// clock a measurement is read on. One adapter per target kind lives in targets/ (the reference
// router, FRR in network namespaces, an inventory of devices); a target that cannot do a step
// throws LabControlUnsupported, which the suites' fixtures turn into a declared deviation.
// Suites call only this interface: never the reference router's Lab class.

export interface LinkState {
  /** Carrier up (true) or cut (false). */
  up?: boolean;
  /** One-way delay added to the link, ms. */
  delayMs?: number;
  /** Loss probability 0..1 on the link. */
  loss?: number;
}

export interface StreamSpec {
  from: string;
  /** The receiving node; found from `dst` when left out (where the target can). */
  to?: string;
  vrf?: string;
  src: string;
  dst: string;
  intervalMs?: number;
  size?: number;
}

export interface StreamResult {
  sent: number;
  received: number;
  lost: number;
  /** Still on their way when stopped; not counted as lost. */
  inFlight: number;
  /** Longest time between two packets received in order, ms on the lab clock. */
  longestGapMs: number;
  /** Longest gap minus the sending interval: the time traffic was not flowing. */
  switchoverMs: number;
  durationMs: number;
}

export interface RunningStream {
  stop(): Promise<StreamResult>;
}

/** The clock measurements are read on: the reference router's virtual clock, else the wall clock. */
export interface LabClock {
  readonly kind: 'virtual' | 'wall';
  /** Seconds on that clock. */
  nowSec(): number;
}

export type LabControlStep = 'link' | 'stream' | 'capture' | 'restart';

export interface LabControl {
  /** "reference", "frr", "inventory". */
  readonly kind: string;
  readonly clock: LabClock;
  /** Whether this target can do the step (false: the call throws LabControlUnsupported). */
  supports(step: LabControlStep): boolean;
  /** `a`/`b`: "node" or "node:iface" (topology interface names); b may be left out if unique. */
  setLink(a: string, b: string | undefined, state: LinkState): Promise<void>;
  startStream(spec: StreamSpec): Promise<RunningStream>;
  /** Captures a link's frames into a pcap file; returns a function that stops it. */
  capture(a: string, b: string | undefined, file: string): Promise<() => Promise<void>>;
  restartNode(node: string): Promise<void>;
  /**
   * Optional (where the target sees a node's routing table change as it happens: the reference
   * router): calls `cb` with the clock's seconds and the new best route's one-letter type code
   * ("S" static, "B" BGP, ...; undefined when the prefix is gone) on every change. Returns stop().
   */
  watchRoute?(node: string, vrf: string, prefix: string, cb: (atSec: number, code: string | undefined) => void): () => void;
}

/** A lab-control step this target cannot do: a declared deviation with this reason. */
export class LabControlUnsupported extends Error {
  constructor(readonly target: string, readonly step: LabControlStep, readonly reason: string) {
    super(`${target}: ${step} is not available: ${reason}`);
    this.name = 'LabControlUnsupported';
  }
}
