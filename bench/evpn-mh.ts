/**
 * The evpn-mh suite on the reference router as a bench (`npm run bench -- --only evpn`):
 * `npx netproof run evpn-mh --no-report` N times, its wall time (target < 15 s; netlab's
 * comparable EVPN multihoming test took 51.8 s on VMs), and per run the suite's own measurements
 * from reports/output/reference/results.json, on the lab's virtual clock: link down to DF change
 * (leaf2's ethernet-1/1 oper-state down notification to leaf1's DF notification, gNMI ON_CHANGE,
 * by the two servers' timestamps: the time of each change), the commit of admin-state disable to
 * the DF notification's arrival (CLI and transport included: an upper bound), the ping loss and
 * switchover across the failover, and the DF's return. Beside them, the protocol-only figure
 * of protocols/evpn/fabric.ts (`dfChangeTime`: two PEs, one EVI, no CLI, no transport).
 */
import { dfChangeTime } from '../reference-impl/protocols/evpn/fabric';
import { measurement, runSuiteWithResults, type SuiteRun } from './suite';
import { summarize, type Row } from './stats';

export const EVPN_SUITE_COMMAND = ['npx', 'netproof', 'run', 'evpn-mh', '--no-report'];
export const TARGET_EVPN_SUITE_S = 15;
/** netlab's EVPN multihoming integration test on VMs (the comparison). */
export const NETLAB_EVPN_MH_S = 51.8;

export interface EvpnRun extends SuiteRun {
  /** Link down to DF change, in ms (the suite records seconds). */
  dfFromLinkMs?: number;
  dfChangeS?: number;
  switchoverS?: number;
  lost?: number;
  dfReturnS?: number;
}

export async function evpnBench(n: number, log: (s: string) => void): Promise<{ rows: Row[]; notes: string[]; runs: EvpnRun[]; protocolDfChangeUs: number }> {
  const runs: EvpnRun[] = [];
  const notes: string[] = [];
  for (let i = 1; i <= n; i++) {
    log(`evpn-mh suite: run ${i}/${n}`);
    const { run, results: res } = await runSuiteWithResults(EVPN_SUITE_COMMAND);
    const r: EvpnRun = run;
    if (res === undefined) notes.push(`evpn-mh suite run ${i}: no results.json (exit ${r.exitCode})`);
    else {
      const fromLink = measurement(res, 'evpn_df_change_from_link_virtual_s');
      if (fromLink !== undefined) r.dfFromLinkMs = fromLink * 1000;
      r.dfChangeS = measurement(res, 'evpn_df_change_virtual_s');
      r.switchoverS = measurement(res, 'evpn_failover_switchover_virtual_s');
      r.lost = measurement(res, 'evpn_failover_ping_lost');
      r.dfReturnS = measurement(res, 'evpn_df_return_virtual_s');
    }
    runs.push(r);
  }
  const failed = runs.filter((r) => r.exitCode !== 0 || r.failed > 0);
  for (const r of failed) notes.push(`evpn-mh suite run failed (exit ${r.exitCode}, ${r.passed} passed, ${r.failed} failed):\n${r.tail}`);
  const wall: Row = { metric: `evpn-mh suite: wall (whole command; netlab's EVPN MH test: ${NETLAB_EVPN_MH_S} s on VMs)`, unit: 's', s: summarize(runs.map((r) => r.wallS)), digits: 2 };
  wall.target = `< ${TARGET_EVPN_SUITE_S} s`;
  wall.verdict = failed.length === 0 && wall.s.median < TARGET_EVPN_SUITE_S ? 'PASS' : 'MISS';
  const rows: Row[] = [wall];
  const col = (k: keyof EvpnRun) => runs.map((r) => r[k]).filter((x): x is number => typeof x === 'number');
  const add = (k: keyof EvpnRun, metric: string, unit: string, digits: number) => {
    const v = col(k);
    if (v.length) rows.push({ metric, unit, s: summarize(v), digits });
    else notes.push(`evpn-mh: no run measured "${metric}" (its check did not pass)`);
  };
  add('dfFromLinkMs', 'evpn-mh: link down to DF change (virtual; leaf2 ethernet-1/1 oper-state down to leaf1 DF, gNMI notification timestamps)', 'ms', 3);
  add('dfChangeS', 'evpn-mh: leaf2 commit of admin-state disable to the DF notification\'s arrival on leaf1 (virtual; CLI and gNMI transport included: an upper bound)', 's', 3);
  add('switchoverS', 'evpn-mh: ce1 -> ce2 ping gap across the failover (virtual)', 's', 3);
  add('lost', 'evpn-mh: pings lost across the failover (of 400)', 'pkts', 0);
  add('dfReturnS', 'evpn-mh: leaf2 link enabled to the DF back on 10.0.0.2 (virtual)', 's', 3);
  // The protocol alone: two PEs, EVI 111, 1 ms propagation, the withdrawal to the new DF.
  const protocolDfChangeUs = dfChangeTime({ evi: 111 });
  rows.push({ metric: 'evpn protocol only (fabric.ts dfChangeTime, EVI 111): link down to DF change (virtual)', unit: 'ms', s: summarize([protocolDfChangeUs / 1000]), digits: 3 });
  return { rows, notes, runs, protocolDfChangeUs };
}
