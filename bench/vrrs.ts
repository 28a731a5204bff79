/**
 * The vrrs suite on the reference router as a bench: `npx netproof run vrrs --no-report` N times
 * (npx start-up included), its wall time, and per run the suite's own measurements, read from
 * that run's reports/output/reference/results.json (never re-derived here): on the lab's clock
 * (virtual, scaled by NETPROOF_SPEED), Peer preempting (its priority raised) to every VRRS
 * interface-state client line-protocol down and to the virtual MAC out of ARP and filter, the
 * VRRP takeover, and `vrrp delay minimum` / `reload` as the delay check measured them.
 */
import { measurement, runSuiteWithResults, type SuiteRun } from './suite';
import { summarize, type Row } from './stats';

export const VRRS_SUITE_COMMAND = ['npx', 'netproof', 'run', 'vrrs', '--no-report'];
export const TARGET_VRRS_SUITE_S = 20;
/** The delays the suite configures (suites/vrrs/document.ts DOC: `vrrp delay minimum 30 reload 60`). */
export const VRRS_DELAY_MINIMUM_S = 30;
export const VRRS_DELAY_RELOAD_S = 60;

/** The results.json measurement keys the bench reads, and the run field each lands in. */
export const VRRS_MEASUREMENTS = {
  clientsDownS: 'vrrs_clients_down_virtual_s',
  macWithdrawnS: 'vrrs_mac_withdrawn_virtual_s',
  takeoverS: 'vrrp_takeover_s',
  delayMinimumS: 'vrrp_delay_minimum_virtual_s',
  delayReloadS: 'vrrp_delay_reload_virtual_s',
} as const;

export { measurement };

export type VrrsRun = SuiteRun & { [K in keyof typeof VRRS_MEASUREMENTS]?: number };

/** The bench's measurements of one run's results.json. */
export function vrrsMeasurements(results: unknown): Partial<Record<keyof typeof VRRS_MEASUREMENTS, number>> {
  const out: Partial<Record<keyof typeof VRRS_MEASUREMENTS, number>> = {};
  for (const [field, key] of Object.entries(VRRS_MEASUREMENTS) as Array<[keyof typeof VRRS_MEASUREMENTS, string]>) {
    const v = measurement(results, key);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

export async function vrrsBench(n: number, log: (s: string) => void): Promise<{ rows: Row[]; notes: string[]; runs: VrrsRun[] }> {
  const runs: VrrsRun[] = [];
  const notes: string[] = [];
  for (let i = 1; i <= n; i++) {
    log(`vrrs suite: run ${i}/${n}`);
    const { run: r, results } = await runSuiteWithResults(VRRS_SUITE_COMMAND);
    if (results !== undefined) Object.assign(r, vrrsMeasurements(results));
    else notes.push(`vrrs suite run ${i}: no results.json (exit ${r.exitCode})`);
    runs.push(r);
  }
  const failed = runs.filter((r) => r.exitCode !== 0 || r.failed > 0);
  for (const r of failed) notes.push(`vrrs suite run failed (exit ${r.exitCode}, ${r.failed} failed):\n${r.tail}`);
  notes.push(`vrrs suite runs: ${runs.map((r) => `${r.wallS.toFixed(1)} s (${r.passed} passed/${r.failed} failed)`).join(', ')}`);
  const wall: Row = { metric: 'vrrs suite: wall (whole command)', unit: 's', s: summarize(runs.map((r) => r.wallS)), digits: 2 };
  wall.target = `< ${TARGET_VRRS_SUITE_S} s`;
  wall.verdict = failed.length === 0 && wall.s.median < TARGET_VRRS_SUITE_S ? 'PASS' : 'MISS';
  const rows: Row[] = [wall];
  const row = (field: keyof typeof VRRS_MEASUREMENTS, metric: string, atLeast?: number): void => {
    const vs = runs.map((r) => r[field]).filter((x): x is number => x !== undefined);
    if (!vs.length) {
      notes.push(`vrrs: no run recorded ${VRRS_MEASUREMENTS[field]} (its check did not pass)`);
      return;
    }
    const r: Row = { metric, unit: 's', s: summarize(vs), digits: 3 };
    if (atLeast !== undefined) {
      r.target = `>= ${atLeast} s`;
      r.verdict = vs.every((v) => v >= atLeast) ? 'PASS' : 'MISS';
    }
    rows.push(r);
  };
  row('clientsDownS', 'vrrs: master lost (Peer preempts) to every VRRS client down (virtual, as polled)');
  row('macWithdrawnS', 'vrrs: master lost to the virtual MAC out of ARP and filter (virtual, as polled)');
  row('takeoverS', 'vrrs: VRRP takeover, Peer priority raised to Peer master / Router backup (virtual)');
  row('delayMinimumS', `vrrs: vrrp delay minimum ${VRRS_DELAY_MINIMUM_S}, no shutdown to group out of Init (virtual)`, VRRS_DELAY_MINIMUM_S);
  row('delayReloadS', `vrrs: vrrp delay reload ${VRRS_DELAY_RELOAD_S}, reload to group out of Init (virtual)`, VRRS_DELAY_RELOAD_S);
  return { rows, notes, runs };
}
