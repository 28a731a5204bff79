/**
 * FRR lab figures for `npm run bench`: per scenario, the wall time from nothing to every node's
 * sshd answering (lab ready), to the routing converged (OSPF ECMP on r2; BGP multipath on PE3),
 * and of the teardown, with whether the teardown left anything. Root and FRR are needed; without
 * them the figures are reported as not run, with the reason.
 */
import * as path from 'node:path';
import { FrrLab, frrUnavailable } from '../targets/frr';
import { type Row, summarize } from './stats';

const ROOT = path.resolve(__dirname, '..');

interface Scenario {
  name: string;
  file: string;
  /** Node and vtysh command whose output shows convergence, and the test on it. */
  node: string;
  command: string;
  converged: (out: string) => boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'pvrp-ecmp-frr', file: 'topologies/pvrp-ecmp-frr/pvrp-ecmp-frr.clab.yml', node: 'r2', command: 'show ip route 2.2.2.3/32 json',
    converged: (o) => (o.match(/"fib":true/g) ?? []).length === 2,
  },
  {
    name: 'bfd-static-vpn-frr', file: 'topologies/bfd-static-vpn-frr/bfd-static-vpn-frr.clab.yml', node: 'PE3', command: 'show ip route 1.1.1.1/32 json',
    converged: (o) => (o.match(/"fib":true/g) ?? []).length === 2,
  },
];

export interface FrrRun {
  scenario: string;
  readyMs: number;
  convergedMs: number;
  teardownMs: number;
  left: string[];
}

export async function frrBench(runs: number, log: (s: string) => void): Promise<{ rows: Row[]; notes: string[]; runs: FrrRun[] }> {
  const why = frrUnavailable();
  if (why) return { rows: [], notes: [`frr: not run: ${why}`], runs: [] };
  const all: FrrRun[] = [];
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const sc of SCENARIOS) {
    const mine: FrrRun[] = [];
    for (let i = 1; i <= runs; i++) {
      log(`frr ${sc.name}: run ${i}/${runs}`);
      const t0 = Date.now();
      const lab = await FrrLab.start(path.join(ROOT, sc.file));
      const readyMs = Date.now() - t0;
      let convergedMs = NaN;
      try {
        const end = Date.now() + 60000;
        while (Date.now() < end) {
          if (sc.converged((await lab.vtysh(sc.node, [sc.command])).replace(/\s+/g, ''))) {
            convergedMs = Date.now() - t0;
            break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        const t1 = Date.now();
        const left = lab.closeSync();
        mine.push({ scenario: sc.name, readyMs, convergedMs, teardownMs: Date.now() - t1, left });
      }
    }
    all.push(...mine);
    rows.push(
      { metric: `frr ${sc.name}: lab up (namespaces to sshd answering)`, unit: 'ms', s: summarize(mine.map((r) => r.readyMs)) },
      { metric: `frr ${sc.name}: lab up to routing converged`, unit: 'ms', s: summarize(mine.map((r) => r.convergedMs)) },
      { metric: `frr ${sc.name}: teardown`, unit: 'ms', s: summarize(mine.map((r) => r.teardownMs)), verdict: mine.every((r) => r.left.length === 0) ? 'CLEAN' : 'LEFT' },
    );
    const dirty = mine.filter((r) => r.left.length);
    if (dirty.length) notes.push(`frr ${sc.name}: teardown left ${dirty.map((r) => r.left.join(', ')).join('; ')}`);
    if (mine.some((r) => Number.isNaN(r.convergedMs))) notes.push(`frr ${sc.name}: did not converge within 60 s in some runs`);
  }
  return { rows, notes, runs: all };
}
