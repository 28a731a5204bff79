/**
 * Drive a lab's scheduler synchronously (fast mode, no telnet) until PVRP has converged, and
 * time it. "Converged": on every node, every PVRP interface of every process has at least one
 * neighbour and all of them are up, the VRF's routing table has a route to every loopback of
 * every node, an optional extra check holds, and no routing table has changed for `stableUs`
 * of virtual time. The reported time is the start of that stable window.
 */
import { performance } from 'node:perf_hooks';
import { Lab } from '../reference-impl/lab';
import { SEC, MS } from '../reference-impl/sim/scheduler';
import type { FreeRtrDevice } from '../reference-impl/cli/freertr/device';
import type { Afi, Prefix } from '../reference-impl/net/addr';
import { prefixOf } from '../reference-impl/net/addr';
import type { Topology } from '../topologies';

export interface ConvergeOptions {
  seed: number;
  vrf?: string;
  /** Address families whose loopbacks must be reachable (default: both). */
  afis?: Afi[];
  /** Virtual time between checks (µs). */
  stepUs?: number;
  /** Virtual time with no routing-table change that confirms convergence (µs). */
  stableUs?: number;
  /** Give up after this much virtual time (µs). */
  deadlineUs?: number;
  /** Extra condition checked once the loopbacks are all present (e.g. ECMP path counts). */
  extra?: (lab: Lab) => boolean;
}

export interface ConvergeResult {
  seed: number;
  converged: boolean;
  /** Virtual time at which the final state was reached (s). */
  virtualS: number;
  /** Wall time of Lab.create alone (ms). */
  createMs: number;
  /** Wall time from before Lab.create to the moment the final state was reached (ms). */
  wallMs: number;
  /** Wall time including the stability window that confirmed it (ms). */
  wallConfirmedMs: number;
  /** Scheduler events executed (lab.sched.executed) up to the converged state. */
  events: number;
  /** ... and up to the end of the stability window. */
  eventsConfirmed: number;
  /** Peak of process.memoryUsage().rss, sampled every 100 checks and at the end (MB). */
  peakRssMb: number;
  /** The kernel's high-water mark for the whole process (getrusage ru_maxrss, MB). */
  maxRssMb: number;
  nodes: number;
  routesPerNode: number;
}

interface Target {
  rib: { version: number; bestFor(p: Prefix): unknown; routes(): unknown[] };
  lastOkVersion: number;
}

function loopbacks(lab: Lab, vrf: string, afi: Afi): Prefix[] {
  const out: Prefix[] = [];
  for (const n of lab.nodes.values()) {
    for (const i of n.node.ifaces.values()) {
      const a = afi === 4 ? i.v4 : i.v6;
      if (i.kind === 'loopback' && i.vrf === vrf && a) out.push(prefixOf(a.addr, a.len));
    }
  }
  return out;
}

function neighboursUp(lab: Lab): boolean {
  for (const n of lab.nodes.values()) {
    const dev = n.device as FreeRtrDevice;
    if (!dev.pvrp || dev.pvrp.size === 0) return false;
    for (const proc of dev.pvrp.values()) {
      if (proc.ifaces.size === 0) return false;
      for (const pi of proc.ifaces.values()) {
        if (pi.neighs.size === 0) return false;
        for (const nb of pi.neighs.values()) if (!nb.up) return false;
      }
    }
  }
  return true;
}

export function rssMb(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}

/** Build the lab and run it until converged; synchronous apart from the final lab.stop(). */
export async function measureConvergence(topo: Topology, o: ConvergeOptions): Promise<ConvergeResult> {
  const vrf = o.vrf ?? 'v1';
  const afis = o.afis ?? [4, 6];
  const stepUs = o.stepUs ?? 5 * MS;
  const stableUs = o.stableUs ?? 2 * SEC;
  const deadlineUs = o.deadlineUs ?? 300 * SEC;

  let peakRss = rssMb();
  const t0 = performance.now();
  const lab = Lab.create(topo, { mode: 'fast', telnet: false, seed: o.seed });
  const createMs = performance.now() - t0;
  const sched = lab.sched;
  const ev0 = sched.executed;

  const targets: Array<Target & { want: Prefix[] }> = [];
  for (const afi of afis) {
    const want = loopbacks(lab, vrf, afi);
    for (const n of lab.nodes.values()) targets.push({ rib: n.node.vrf(vrf).rib[afi], lastOkVersion: -1, want });
  }
  const routesOk = (): boolean => {
    for (const t of targets) {
      if (t.lastOkVersion === t.rib.version) continue;
      for (const p of t.want) if (!t.rib.bestFor(p)) return false;
      t.lastOkVersion = t.rib.version;
    }
    return true;
  };
  const signature = (): number => {
    let s = 0;
    for (const t of targets) s += t.rib.version;
    return s; // versions only grow, so the sum changes whenever any of them does
  };

  let since: number | undefined; // virtual time from which the state has held unchanged
  let sinceWall = 0;
  let sinceEvents = 0;
  let sig = signature();
  let steps = 0;
  let converged = false;
  while (sched.now < deadlineUs) {
    sched.runFor(stepUs);
    if (++steps % 100 === 0) peakRss = Math.max(peakRss, rssMb());
    const s = signature();
    if (s !== sig) {
      sig = s;
      since = undefined;
    }
    const ok = routesOk() && neighboursUp(lab) && (!o.extra || o.extra(lab));
    if (!ok) {
      since = undefined;
      continue;
    }
    if (since === undefined) {
      since = sched.now;
      sinceWall = performance.now();
      sinceEvents = sched.executed - ev0;
    } else if (sched.now - since >= stableUs) {
      converged = true;
      break;
    }
  }
  const wallConfirmedMs = performance.now() - t0;
  peakRss = Math.max(peakRss, rssMb());
  const eventsConfirmed = sched.executed - ev0;
  const nodes = lab.nodes.size;
  const routesPerNode = targets.reduce((a, t) => a + t.rib.routes().length, 0) / nodes;
  await lab.stop();
  return {
    seed: o.seed,
    converged,
    virtualS: converged && since !== undefined ? since / SEC : NaN,
    createMs,
    wallMs: converged ? sinceWall - t0 : NaN,
    wallConfirmedMs,
    events: converged ? sinceEvents : NaN,
    eventsConfirmed,
    peakRssMb: peakRss,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    nodes,
    routesPerNode,
  };
}
