/**
 * The link-state database of one area (RFC 2328 12, 13.1, 13.2, 14): LSAs keyed by
 * (LS type, Link State ID, Advertising Router), their ages from virtual time, the
 * "which instance is newer" rule, and the architectural constants of appendix B.
 */
import { SEC, type EventHandle, type Scheduler } from '../../sim/scheduler';
import { type Lsa, type LsaHeader, type LsReq } from './packet';

/** Appendix B constants. */
export const LS_REFRESH_TIME = 1800;
export const MIN_LS_INTERVAL = 5;
export const MIN_LS_ARRIVAL = 1;
export const MAX_AGE = 3600;
export const MAX_AGE_DIFF = 900;
export const INITIAL_SEQ = -0x7fffffff; // 0x80000001
export const MAX_SEQ = 0x7fffffff;
/** InfTransDelay (C.3): 1 s added to the age of every LSA sent. */
export const INF_TRANS_DELAY = 1;

export const lsaKey = (h: { type: number; id: number; adv: number }): string => `${h.type}:${h.id >>> 0}:${h.adv >>> 0}`;

export interface DbEntry {
  lsa: Lsa;
  /** Virtual time of installation, and the LS age it had then. */
  at: number;
  age0: number;
  /** Installed from a Link State Update (13 step 5a's MinLSArrival applies). */
  flooded?: boolean;
  /** Installed from another router (not originated here). */
  received?: boolean;
  /** Expiry (MaxAge) or refresh timer. */
  timer?: EventHandle;
}

/** RFC 2328 13.1: > 0 when instance `a` is more recent than `b`, 0 when they are the same instance. */
export function cmpInstance(a: { seq: number; cksum: number; age: number }, b: { seq: number; cksum: number; age: number }): number {
  if (a.seq !== b.seq) return a.seq > b.seq ? 1 : -1;
  if (a.cksum !== b.cksum) return a.cksum > b.cksum ? 1 : -1;
  const am = a.age >= MAX_AGE;
  const bm = b.age >= MAX_AGE;
  if (am !== bm) return am ? 1 : -1;
  if (Math.abs(a.age - b.age) > MAX_AGE_DIFF) return a.age < b.age ? 1 : -1;
  return 0;
}

export class Lsdb {
  private m = new Map<string, DbEntry>();
  /** Bumped on every installation that changes content (drives SPF). */
  version = 0;

  constructor(private sched: Scheduler) {}

  get(k: { type: number; id: number; adv: number } | string): DbEntry | undefined {
    return this.m.get(typeof k === 'string' ? k : lsaKey(k));
  }

  /** Current LS age in seconds (capped at MaxAge). */
  age(e: DbEntry): number {
    return Math.min(MAX_AGE, e.age0 + Math.floor((this.sched.now - e.at) / SEC));
  }

  /** The header as it stands now (current age). */
  header(e: DbEntry): LsaHeader {
    return { ...e.lsa.hdr, age: this.age(e) };
  }

  /**
   * Install an LSA (13.2). Returns true when the contents differ from the old instance in a way
   * that needs a routing table recalculation (options, body, or a change to or from MaxAge).
   */
  install(lsa: Lsa, age: number): { entry: DbEntry; changed: boolean } {
    const k = lsaKey(lsa.hdr);
    const old = this.m.get(k);
    old?.timer?.cancel();
    const e: DbEntry = { lsa, at: this.sched.now, age0: Math.min(age, MAX_AGE) };
    let changed = true;
    if (old) {
      const oldMax = this.age(old) >= MAX_AGE;
      const newMax = e.age0 >= MAX_AGE;
      changed = oldMax !== newMax || old.lsa.hdr.options !== lsa.hdr.options || !old.lsa.raw.subarray(20).equals(lsa.raw.subarray(20));
    }
    this.m.set(k, e);
    if (changed) this.version++;
    return { entry: e, changed };
  }

  remove(k: string): void {
    const e = this.m.get(k);
    if (!e) return;
    e.timer?.cancel();
    this.m.delete(k);
    this.version++;
  }

  entries(): DbEntry[] {
    return [...this.m.values()];
  }

  /** Database summary for the DD exchange (10.3 NegotiationDone), in a stable order. */
  summary(): LsaHeader[] {
    return this.entries()
      .map((e) => this.header(e))
      .sort((a, b) => a.type - b.type || a.id - b.id || a.adv - b.adv);
  }

  clear(): void {
    for (const e of this.m.values()) e.timer?.cancel();
    this.m.clear();
    this.version++;
  }

  /** Request entries for the LS Request packet. */
  static req(h: LsaHeader): LsReq {
    return { type: h.type, id: h.id, adv: h.adv };
  }
}
