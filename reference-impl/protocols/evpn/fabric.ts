/**
 * A route-reflection-free EVPN fabric of engines for tests and bench: after every change each
 * engine's originated routes are delivered to (and withdrawn from) every other engine, as a full
 * iBGP mesh carries them, after `propagationUs` of virtual time. Also `dfChangeTime`: the virtual
 * time from a segment's link going down on one PE to the DF change on another (bench).
 */
import { Scheduler, MS } from '../../sim/scheduler';
import { evpnKey } from '../bgp/evpn-nlri';
import type { EvpnConfig } from './config';
import { EvpnEngine, type RxRoute } from './engine';

export interface FabricPe {
  ip: string;
  engine: EvpnEngine;
  links: Map<string, boolean>;
}

export class EvpnFabric {
  readonly pes = new Map<string, FabricPe>();
  private sent = new Map<string, Map<string, RxRoute>>();

  constructor(readonly sched: Scheduler, readonly asn: number, readonly propagationUs = 1 * MS) {}

  add(ip: string, cfg: EvpnConfig, upLinks: string[]): FabricPe {
    const links = new Map(upLinks.map((l) => [l, true] as [string, boolean]));
    const engine = new EvpnEngine(this.sched, ip, this.asn, cfg, (i) => links.get(i) === true);
    const pe = { ip, engine, links };
    this.pes.set(ip, pe);
    this.sent.set(ip, new Map());
    engine.onChange((e) => {
      if (e.kind === 'routes') this.sched.schedule(this.propagationUs, () => this.sync(ip));
    });
    this.sched.schedule(this.propagationUs, () => this.sync(ip));
    for (const other of this.pes.keys()) if (other !== ip) this.sched.schedule(this.propagationUs, () => this.sync(other, ip));
    return pe;
  }

  setLink(ip: string, iface: string, up: boolean): void {
    const pe = this.pes.get(ip)!;
    pe.links.set(iface, up);
    pe.engine.linkChanged();
  }

  /** Deliver `from`'s current routes to every other PE (or to `only`). */
  sync(from: string, only?: string): void {
    const pe = this.pes.get(from);
    if (!pe) return;
    const now = new Map(pe.engine.originated().map((r) => [evpnKey(r.route), r] as [string, RxRoute]));
    const before = only ? new Map<string, RxRoute>() : this.sent.get(from)!;
    for (const [ip, other] of this.pes) {
      if (ip === from || (only && ip !== only)) continue;
      for (const k of before.keys()) if (!now.has(k)) other.engine.withdraw(from, k);
      for (const [k, r] of now) other.engine.receive(from, r, k);
    }
    if (!only) this.sent.set(from, now);
  }
}

/**
 * Bench: two PEs (`a` < `b`) on one segment, one EVI `evi`; after the election settles, `b`'s
 * LAG goes down and the virtual time until `a` elects itself DF is returned in microseconds
 * (propagation of the withdrawals over the fabric; no activation timer on a withdrawal).
 */
export function dfChangeTime(opts: { evi?: number; propagationUs?: number; activationTimerSec?: number } = {}): number {
  const evi = opts.evi ?? 1;
  const sched = new Scheduler();
  const f = new EvpnFabric(sched, 65000, opts.propagationUs ?? 1 * MS);
  const mk = (): EvpnConfig => ({
    bgpInstance: 1,
    segments: [{ name: 'es', adminUp: true, esi: '00:01:02:03:04:05:06:07:08:09', iface: 'lag', mode: 'all-active', dfAlgorithm: 'default', activationTimerSec: opts.activationTimerSec ?? 3 }],
    macVrfs: [{ macVrf: 'mv', adminUp: true, evi, ecmp: 2, vxlanInterface: 'vx.1', exportRt: [], importRt: [] }],
  });
  const a = '198.18.0.1';
  const b = '198.18.0.2';
  f.add(a, mk(), ['lag']);
  f.add(b, mk(), ['lag']);
  const df = () => f.pes.get(a)!.engine.segments()[0].dfs[0].df;
  const settled = sched.runUntilCondition(() => df() !== undefined, sched.now + 60 * 1_000_000);
  if (!settled) throw new Error('dfChangeTime: the DF election did not settle within 60 s of virtual time');
  const before = df();
  // make b the DF first when the EVI's parity gives it to a: the change then is b -> a
  if (before === a) throw new Error(`dfChangeTime: EVI ${evi} elects ${a} already (use an odd EVI)`);
  const t0 = sched.now;
  f.setLink(b, 'lag', false);
  if (!sched.runUntilCondition(() => df() === a, t0 + 60 * 1_000_000)) throw new Error('dfChangeTime: no DF change within 60 s of virtual time');
  return sched.now - t0;
}
