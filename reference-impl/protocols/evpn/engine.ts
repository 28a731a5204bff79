/**
 * The EVPN multihoming engine of one PE (RFC 7432 s8, RFC 8365 s8): its ethernet segments with
 * their oper state, the EVPN routes it originates (types 1 per ES and per EVI, 3, 4), the routes
 * it has received, and from both
 *   - the DF per (segment, EVI) by the modulo procedure after the DF election (activation) timer,
 *     and the BUM block of a non-DF (RFC 7432 s8.5);
 *   - split horizon by local bias (RFC 8365 s8.3.1): BUM from a VTEP that is a peer of a local
 *     segment is not sent out on that segment;
 *   - aliasing and backup paths (RFC 7432 s8.4, s14.1): a remote MAC advertised with an ESI
 *     resolves to every PE that has both a type 1 per-EVI route for that ESI in the EVI and a
 *     type 1 per-ES route for it; single-active segments give one primary and backups;
 *   - mass withdrawal (RFC 7432 s8.2): the withdrawal of a PE's per-ES route removes that PE from
 *     all MACs behind the segment at once, before any type 2 withdrawal arrives.
 * It is transport-free: BGP feeds `receive`/`withdraw`, and reads `originated()`; the dataplane
 * (bridge / VXLAN) listens with `onChange`. Times are the lab's virtual time (sim/scheduler.ts).
 */
import type { Scheduler, EventHandle } from '../../sim/scheduler';
import { SEC } from '../../sim/scheduler';
import { MAX_ET, type EvpnRoute, type EvpnMacIp } from '../bgp/evpn-nlri';
import { ESI_ZERO, type EthernetSegmentConfig, type EvpnConfig, type MacVrfEvpnConfig, formatEsi, parseEsi } from './config';
import { electDf, orderCandidates } from './df';

/** A received EVPN route with the attributes the engine needs. */
export interface RxRoute {
  route: EvpnRoute;
  /** BGP next hop (the VTEP). */
  nextHop: string;
  /** Route targets (`target:A:N`) of the route. */
  rts: string[];
  /** ESI label extended community: single-active flag (type 1 per ES). */
  singleActive?: boolean;
}

export interface DfRow {
  segment: string;
  macVrf: string;
  evi: number;
  /** Candidates in election order. */
  candidates: string[];
  /** Elected DF, undefined while the activation timer runs or the segment is down. */
  df?: string;
  /** The local PE is the DF (forwards BUM onto the segment). */
  localDf: boolean;
  /** Remaining activation time in virtual microseconds (0 when not running). */
  timerRemaining: number;
}

export interface SegmentRow {
  name: string;
  esi: string;
  adminUp: boolean;
  operUp: boolean;
  mode: EthernetSegmentConfig['mode'];
  iface?: string;
  dfAlgorithm: string;
  activationTimerSec: number;
  lastChange: number;
  dfs: DfRow[];
}

/** Where the dataplane sends a frame for a MAC. */
export interface MacResolution {
  /** VTEPs traffic is load-balanced over (aliasing), at most the MAC-VRF's ecmp. */
  active: string[];
  /** Backup VTEPs (single-active segments: the other PEs with per-EVI A-D routes). */
  backup: string[];
  esi?: string;
}

export interface EngineEvent {
  kind: 'df' | 'segment' | 'routes' | 'aliasing';
  segment?: string;
  macVrf?: string;
  time: number;
}

interface SegState {
  cfg: EthernetSegmentConfig;
  esi: string;
  linkUp: boolean;
  lastChange: number;
  timer?: EventHandle;
  timerEnd: number;
  /** The candidate list the last completed election used; undefined before the first one. */
  elected?: string[];
}

export class EvpnEngine {
  private segs = new Map<string, SegState>();
  private cfg: EvpnConfig;
  private rx = new Map<string, Map<string, RxRoute>>(); // peer -> key -> route
  private listeners: Array<(e: EngineEvent) => void> = [];

  constructor(
    private readonly sched: Scheduler,
    /** The PE's originating IP (SR Linux: system0 address / router-id). */
    readonly localIp: string,
    /** The BGP autonomous system (for auto route targets). */
    readonly asn: number,
    cfg: EvpnConfig,
    /** Which interfaces are up (the LAG of a segment); the engine re-reads it on `linkChanged`. */
    private readonly linkUp: (iface: string) => boolean,
  ) {
    this.cfg = cfg;
    this.update(cfg);
  }

  onChange(fn: (e: EngineEvent) => void): void {
    this.listeners.push(fn);
  }

  private emit(e: Omit<EngineEvent, 'time'>): void {
    for (const l of this.listeners) l({ ...e, time: this.sched.now });
  }

  update(cfg: EvpnConfig): void {
    this.cfg = cfg;
    const names = new Set(cfg.segments.map((s) => s.name));
    for (const [n, s] of this.segs) if (!names.has(n)) { s.timer?.cancel(); this.segs.delete(n); }
    for (const c of cfg.segments) {
      const b = parseEsi(c.esi);
      if (!b) throw new Error(`ethernet-segment ${c.name}: bad esi '${c.esi}' (want 10 colon-separated hex octets)`);
      const esi = formatEsi(b);
      if (esi === ESI_ZERO) throw new Error(`ethernet-segment ${c.name}: esi 0 is reserved`);
      const old = this.segs.get(c.name);
      if (old) { old.cfg = c; old.esi = esi; } else this.segs.set(c.name, { cfg: c, esi, linkUp: false, lastChange: this.sched.now, timerEnd: 0 });
    }
    this.linkChanged();
  }

  private operUp(s: SegState): boolean {
    return s.cfg.adminUp && s.linkUp;
  }

  /** Re-read the segments' interfaces: a LAG going down takes its segment down (withdraws types 4 and 1). */
  linkChanged(): void {
    for (const s of this.segs.values()) {
      const up = s.cfg.iface !== undefined && this.linkUp(s.cfg.iface);
      if (up !== s.linkUp) {
        s.linkUp = up;
        s.lastChange = this.sched.now;
        this.emit({ kind: 'segment', segment: s.cfg.name });
        this.emit({ kind: 'routes' });
        // Coming up starts the activation timer; going down: no DF role locally at once.
        if (up) this.startTimer(s);
        else { s.timer?.cancel(); s.timer = undefined; s.elected = undefined; this.emit({ kind: 'df', segment: s.cfg.name }); }
      }
    }
  }

  private startTimer(s: SegState): void {
    s.timer?.cancel();
    const d = Math.round(s.cfg.activationTimerSec * SEC);
    s.elected = undefined;
    s.timerEnd = this.sched.now + d;
    this.emit({ kind: 'df', segment: s.cfg.name });
    s.timer = this.sched.schedule(d, () => {
      s.timer = undefined;
      s.elected = this.candidates(s);
      this.emit({ kind: 'df', segment: s.cfg.name });
    });
  }

  private evis(): MacVrfEvpnConfig[] {
    return this.cfg.macVrfs.filter((m) => m.adminUp);
  }

  private rdOf(m?: MacVrfEvpnConfig): string {
    return m ? (m.rd ?? `${this.localIp}:${m.evi}`) : `${this.localIp}:0`;
  }

  exportRts(m: MacVrfEvpnConfig): string[] {
    return m.exportRt.length ? m.exportRt : [`target:${this.asn}:${m.evi}`];
  }

  importRts(m: MacVrfEvpnConfig): string[] {
    return m.importRt.length ? m.importRt : [`target:${this.asn}:${m.evi}`];
  }

  /** The routes this PE originates now, with their route targets (per-ES routes carry every EVI's RTs). */
  originated(): RxRoute[] {
    const out: RxRoute[] = [];
    const allRts = [...new Set(this.evis().flatMap((m) => this.exportRts(m)))];
    for (const m of this.evis()) {
      out.push({ route: { type: 3, rd: this.rdOf(m), tag: 0, origIp: this.localIp }, nextHop: this.localIp, rts: this.exportRts(m) });
    }
    for (const s of this.segs.values()) {
      if (!this.operUp(s)) continue;
      const single = s.cfg.mode === 'single-active';
      out.push({ route: { type: 4, rd: this.rdOf(), esi: s.esi, origIp: this.localIp }, nextHop: this.localIp, rts: [] });
      out.push({ route: { type: 1, rd: this.rdOf(), esi: s.esi, tag: MAX_ET, label: 0 }, nextHop: this.localIp, rts: allRts, singleActive: single });
      for (const m of this.evis()) {
        out.push({ route: { type: 1, rd: this.rdOf(m), esi: s.esi, tag: 0, label: this.vni(m) }, nextHop: this.localIp, rts: this.exportRts(m) });
      }
    }
    return out;
  }

  vni(m: MacVrfEvpnConfig): number {
    return m.vni ?? m.evi;
  }

  /** A route received from BGP peer `peer` (replaces one with the same key). */
  receive(peer: string, r: RxRoute, key: string): void {
    let m = this.rx.get(peer);
    if (!m) this.rx.set(peer, (m = new Map()));
    m.set(key, r);
    this.changed(r.route);
  }

  withdraw(peer: string, key: string): void {
    const r = this.rx.get(peer)?.get(key);
    if (!r) return;
    this.rx.get(peer)!.delete(key);
    this.changed(r.route);
  }

  /** The session to `peer` went down: everything learned from it is gone. */
  peerDown(peer: string): void {
    const m = this.rx.get(peer);
    if (!m) return;
    this.rx.delete(peer);
    for (const r of m.values()) this.changed(r.route);
  }

  private changed(r: EvpnRoute): void {
    if (r.type === 4) {
      for (const s of this.segs.values()) {
        if (s.esi !== r.esi || !this.operUp(s)) continue;
        const now = this.candidates(s);
        if (s.timer) continue; // the running timer's end uses the list as it is then
        const prev = s.elected ?? [];
        const added = now.some((c) => !prev.includes(c));
        // RFC 7432 s8.5: a new candidate restarts the timer; a withdrawn one is re-elected at once.
        if (added) this.startTimer(s);
        else { s.elected = now; this.emit({ kind: 'df', segment: s.cfg.name }); }
      }
    }
    if (r.type === 1 || r.type === 2) this.emit({ kind: 'aliasing' });
  }

  private all(): RxRoute[] {
    return [...this.rx.values()].flatMap((m) => [...m.values()]);
  }

  /** Candidates of a segment: originators of its type 4 routes (ES-import by ESI) and the local PE. */
  candidates(s: SegState): string[] {
    const ips = this.all().filter((x) => x.route.type === 4 && x.route.esi === s.esi).map((x) => (x.route as { origIp: string }).origIp);
    if (this.operUp(s)) ips.push(this.localIp);
    return orderCandidates(ips);
  }

  private dfRows(s: SegState): DfRow[] {
    return this.evis().map((m) => {
      const running = s.timer !== undefined;
      const df = this.operUp(s) && !running && s.elected ? electDf(s.elected, m.evi) : undefined;
      return {
        segment: s.cfg.name, macVrf: m.macVrf, evi: m.evi, candidates: s.elected ?? this.candidates(s), df,
        localDf: df === this.localIp, timerRemaining: running ? Math.max(0, s.timerEnd - this.sched.now) : 0,
      };
    });
  }

  segments(): SegmentRow[] {
    return [...this.segs.values()].map((s) => ({
      name: s.cfg.name, esi: s.esi, adminUp: s.cfg.adminUp, operUp: this.operUp(s), mode: s.cfg.mode, iface: s.cfg.iface,
      dfAlgorithm: s.cfg.dfAlgorithm, activationTimerSec: s.cfg.activationTimerSec, lastChange: s.lastChange, dfs: this.dfRows(s),
    }));
  }

  /** The local PE forwards BUM from the core onto segment `segment` for `macVrf` (it is the DF). */
  isDf(segment: string, macVrf: string): boolean {
    const s = this.segs.get(segment);
    return !!s && this.dfRows(s).some((r) => r.macVrf === macVrf && r.localDf);
  }

  /**
   * Local bias (RFC 8365 s8.3.1): may BUM that arrived from VTEP `srcVtep` go out on `segment`?
   * Not when the source is another PE of that segment (the CE got it from that PE already), and
   * otherwise only when this PE is the DF.
   */
  bumEgressAllowed(segment: string, macVrf: string, srcVtep?: string): boolean {
    const s = this.segs.get(segment);
    if (!s || !this.operUp(s)) return false;
    if (srcVtep !== undefined && this.candidates(s).includes(srcVtep) && srcVtep !== this.localIp) return false;
    return srcVtep === undefined ? true : this.isDf(segment, macVrf);
  }

  private imports(m: MacVrfEvpnConfig, r: RxRoute): boolean {
    const want = this.importRts(m);
    return r.rts.some((t) => want.includes(t));
  }

  /**
   * Aliasing and backup paths for ESI `esi` in `macVrf`: the remote PEs that advertised a type 1
   * per-EVI route for it (imported by the MAC-VRF's RTs) and still have its per-ES route (mass
   * withdrawal). All-active: all of them, up to ecmp; single-active: the lowest as primary.
   */
  resolveEsi(macVrf: string, esi: string): MacResolution {
    const m = this.cfg.macVrfs.find((x) => x.macVrf === macVrf);
    if (!m) return { active: [], backup: [], esi };
    const all = this.all();
    const perEs = all.filter((x) => x.route.type === 1 && x.route.tag === MAX_ET && x.route.esi === esi);
    const perEsPes = new Set(perEs.map((x) => x.nextHop));
    const single = perEs.some((x) => x.singleActive);
    const perEvi = all.filter((x) => x.route.type === 1 && x.route.tag !== MAX_ET && x.route.esi === esi && this.imports(m, x));
    const pes = orderCandidates(perEvi.map((x) => x.nextHop).filter((nh) => perEsPes.has(nh) && nh !== this.localIp));
    if (single) return { active: pes.slice(0, 1), backup: pes.slice(1), esi };
    return { active: pes.slice(0, Math.max(1, m.ecmp)), backup: [], esi };
  }

  /** Remote MAC/IP routes imported into `macVrf`, with where each resolves now. */
  remoteMacs(macVrf: string): Array<{ route: EvpnMacIp; nextHop: string; resolution: MacResolution }> {
    const m = this.cfg.macVrfs.find((x) => x.macVrf === macVrf);
    if (!m) return [];
    return this.all().filter((x) => x.route.type === 2 && this.imports(m, x)).map((x) => {
      const r = x.route as EvpnMacIp;
      if (r.esi === ESI_ZERO) return { route: r, nextHop: x.nextHop, resolution: { active: [x.nextHop], backup: [] } };
      const res = this.resolveEsi(macVrf, r.esi);
      // RFC 7432 s8.4: with no A-D routes the MAC's own next hop is used.
      if (res.active.length === 0 && !this.all().some((y) => y.route.type === 1 && y.route.esi === r.esi)) res.active = [x.nextHop];
      return { route: r, nextHop: x.nextHop, resolution: res };
    });
  }

  /** Ingress-replication flood list of `macVrf`: VTEPs of the imported type 3 routes. */
  floodList(macVrf: string): string[] {
    const m = this.cfg.macVrfs.find((x) => x.macVrf === macVrf);
    if (!m) return [];
    return orderCandidates(this.all().filter((x) => x.route.type === 3 && this.imports(m, x)).map((x) => x.nextHop));
  }

  /** Every received route, per peer (show routes evpn). */
  received(): Array<{ peer: string } & RxRoute> {
    return [...this.rx.entries()].flatMap(([peer, m]) => [...m.values()].map((r) => ({ peer, ...r })));
  }

  stop(): void {
    for (const s of this.segs.values()) s.timer?.cancel();
  }
}
