/**
 * The vrrs suite on the reference router as a bench: `npx netproof run vrrs --no-report` N times,
 * its wall time, and per run the suite's own measurements from reports/output/reference/results.json
 * (virtual clock): Peer preempting (its priority raised) to every VRRS interface-state client
 * line-protocol down, and to the virtual MAC out of the ARP table and filter, as the suite's polls see them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, runSuite, type SuiteRun } from './suite';
import { summarize, type Row } from './stats';

export const VRRS_SUITE_COMMAND = ['npx', 'netproof', 'run', 'vrrs', '--no-report'];
export const TARGET_VRRS_SUITE_S = 20;

export interface VrrsRun extends SuiteRun {
  clientsDownS?: number;
  macWithdrawnS?: number;
}

/** A measurement of the check titled `prefix...` in results.json ("5.187s" -> 5.187). */
export function measurement(results: unknown, key: string): number | undefined {
  const checks = (results as { checks?: Array<{ measurements?: Record<string, string | number> }> }).checks ?? [];
  for (const c of checks) {
    const v = c.measurements?.[key];
    if (v !== undefined) {
      const n = Number.parseFloat(String(v));
      if (Number.isFinite(n)) return n;
    }
  }
  return undefined;
}

export async function vrrsBench(n: number, log: (s: string) => void): Promise<{ rows: Row[]; notes: string[]; runs: VrrsRun[] }> {
  const runs: VrrsRun[] = [];
  const notes: string[] = [];
  for (let i = 1; i <= n; i++) {
    log(`vrrs suite: run ${i}/${n}`);
    const r: VrrsRun = await runSuite(VRRS_SUITE_COMMAND);
    const file = path.join(ROOT, 'reports', 'output', 'reference', 'results.json');
    if (fs.existsSync(file)) {
      const res: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      const down = measurement(res, 'vrrs_clients_down_virtual_s');
      const mac = measurement(res, 'vrrs_mac_withdrawn_virtual_s');
      if (down !== undefined) r.clientsDownS = down;
      if (mac !== undefined) r.macWithdrawnS = mac;
    }
    runs.push(r);
  }
  const failed = runs.filter((r) => r.exitCode !== 0 || r.failed > 0);
  for (const r of failed) notes.push(`vrrs suite run failed (exit ${r.exitCode}, ${r.failed} failed):\n${r.tail}`);
  const wall: Row = { metric: 'vrrs suite: wall (whole command)', unit: 's', s: summarize(runs.map((r) => r.wallS)), digits: 2 };
  wall.target = `< ${TARGET_VRRS_SUITE_S} s`;
  wall.verdict = failed.length === 0 && wall.s.median < TARGET_VRRS_SUITE_S ? 'PASS' : 'MISS';
  const rows: Row[] = [wall];
  const down = runs.map((r) => r.clientsDownS).filter((x): x is number => x !== undefined);
  const mac = runs.map((r) => r.macWithdrawnS).filter((x): x is number => x !== undefined);
  if (down.length) rows.push({ metric: 'vrrs: master lost (Peer preempts) to every VRRS client down (virtual, as polled)', unit: 's', s: summarize(down), digits: 3 });
  else notes.push('vrrs: no run measured the clients-down time (the failover check did not pass)');
  if (mac.length) rows.push({ metric: 'vrrs: master lost to the virtual MAC out of ARP and filter (virtual, as polled)', unit: 's', s: summarize(mac), digits: 3 });
  return { rows, notes, runs };
}
