/**
 * FRR lab figures for `npm run bench`: per scenario, the wall time from nothing to every node's
 * sshd answering (lab ready), to the routing converged (OSPF ECMP on r2; BGP multipath on PE3),
 * and of the teardown, with whether the teardown left anything; on the BFD scenario, a silent
 * PE-CE1 link: BFD detection on the wire and the switchover of a CE2 -> CE1 stream. Root and FRR are needed; without
 * them the figures are reported as not run, with the reason.
 */
import * as path from 'node:path';
import * as os from 'node:os';
import { frrUnavailable, openFrrTarget, type FrrTarget } from '../targets/frr';
import { measureBfdDetection } from '../targets/frr/bfd-wire';
import { type Row, summarize } from './stats';
import { runSuite, type SuiteRun } from './suite';

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
  /** bfd-static-vpn-frr: the silent PE-CE1 link, BFD detection on the wire and the stream's switchover. */
  bfdDetectMs?: number;
  switchoverMs?: number;
  lost?: number;
}

/** Makes the CE1 link of the PE that carries the CE2 -> CE1 flow silent; measures detection and switchover. */
async function silentLink(t: FrrTarget): Promise<{ bfdDetectMs: number; switchoverMs: number; lost: number }> {
  const end = Date.now() + 30000; // CE2's EBGP session may come up after PE3's two paths
  while (!/"fib":\s*true/.test(await t.frr.vtysh('CE2', ['show ip route 1.1.1.1/32 json'])) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  const via = (await t.frr.exec('PE3', ['ip', 'route', 'get', '1.1.1.1', 'from', '5.5.5.5', 'iif', 'eth3']));
  const pe = /via 11\.11\.11\.1/.test(via) ? 'PE1' : 'PE2';
  const [local, peer, ce] = pe === 'PE1' ? ['10.1.1.2', '10.1.1.1', 'CE1:eth1'] : ['10.2.1.2', '10.2.1.1', 'CE1:eth2'];
  const stream = await t.lab.startStream({ from: 'CE2', src: '5.5.5.5', dst: '1.1.1.1', intervalMs: 1 });
  await new Promise((r) => setTimeout(r, 500));
  const file = path.join(os.tmpdir(), `netproof-bench-frr-${t.frr.id}.pcap`);
  const bfdDetectMs = await measureBfdDetection(t.frr, pe, 'eth3', local, peer, () => t.lab.setLink(pe, ce, { loss: 1 }), file);
  await new Promise((r) => setTimeout(r, 1500));
  const r = await stream.stop();
  // A stream that mostly did not arrive measured no switchover: not a figure (seen within ~20 s of bring-up).
  if (r.received < r.sent / 2) throw new Error(`stream CE2 -> CE1 delivered ${r.received} of ${r.sent}: no switchover figure (BFD ${bfdDetectMs} ms)`);
  return { bfdDetectMs, switchoverMs: r.switchoverMs, lost: r.lost };
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
      const t = await openFrrTarget(path.join(ROOT, sc.file));
      const readyMs = Date.now() - t0;
      let convergedMs = NaN;
      let silent: Awaited<ReturnType<typeof silentLink>> | undefined;
      try {
        const end = Date.now() + 60000;
        while (Date.now() < end) {
          if (sc.converged((await t.frr.vtysh(sc.node, [sc.command])).replace(/\s+/g, ''))) {
            convergedMs = Date.now() - t0;
            break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        if (sc.name === 'bfd-static-vpn-frr' && !Number.isNaN(convergedMs)) {
          await new Promise((r) => setTimeout(r, 2000)); // BFD up on every session
          silent = await silentLink(t).catch((e: Error) => {
            notes.push(`frr ${sc.name} run ${i}: silent link: ${e.message}`);
            return undefined;
          });
        }
      } finally {
        const t1 = Date.now();
        const left = await t.close();
        mine.push({ scenario: sc.name, readyMs, convergedMs, teardownMs: Date.now() - t1, left, ...silent });
      }
    }
    all.push(...mine);
    rows.push(
      { metric: `frr ${sc.name}: lab up (namespaces to sshd answering)`, unit: 'ms', s: summarize(mine.map((r) => r.readyMs)) },
      { metric: `frr ${sc.name}: lab up to routing converged`, unit: 'ms', s: summarize(mine.map((r) => r.convergedMs)) },
      { metric: `frr ${sc.name}: teardown`, unit: 'ms', s: summarize(mine.map((r) => r.teardownMs)), verdict: mine.every((r) => r.left.length === 0) ? 'CLEAN' : 'LEFT' },
    );
    if (sc.name === 'bfd-static-vpn-frr') {
      rows.push(
        { metric: `frr ${sc.name}: BFD detection, silent PE-CE1 link (wire)`, unit: 'ms', s: summarize(mine.map((r) => r.bfdDetectMs ?? NaN)), digits: 1, target: '~30 ms (3 x 10 ms)' },
        { metric: `frr ${sc.name}: stream CE2->CE1 switchover`, unit: 'ms', s: summarize(mine.map((r) => r.switchoverMs ?? NaN)), digits: 1 },
        { metric: `frr ${sc.name}: stream CE2->CE1 packets lost (1 ms interval)`, unit: 'pkts', s: summarize(mine.map((r) => r.lost ?? NaN)), digits: 0 },
      );
    }
    const dirty = mine.filter((r) => r.left.length);
    if (dirty.length) notes.push(`frr ${sc.name}: teardown left ${dirty.map((r) => r.left.join(', ')).join('; ')}`);
    if (mine.some((r) => Number.isNaN(r.convergedMs))) notes.push(`frr ${sc.name}: did not converge within 60 s in some runs`);
  }
  const ratios = await suiteRatios(runs, log);
  rows.push(...ratios.rows);
  notes.push(...ratios.notes);
  return { rows, notes, runs: all };
}

/** The suites whose FRR scenario stands beside the reference router's lab of the same document. */
const RATIO_SUITES = ['pvrp-ecmp', 'bfd-static-vpn'];

/**
 * Per suite, per run: the whole `netproof run SUITE --target frr` and then `--target reference`
 * (each a user's command, lab bring-up included), and their ratio within that run (both measured
 * back to back on the same machine load).
 */
async function suiteRatios(runs: number, log: (s: string) => void): Promise<{ rows: Row[]; notes: string[] }> {
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const suite of RATIO_SUITES) {
    const pairs: Array<{ frr: SuiteRun; ref: SuiteRun }> = [];
    for (let i = 1; i <= runs; i++) {
      log(`frr vs reference, ${suite} suite: run ${i}/${runs}`);
      const frr = await runSuite(['npx', 'netproof', 'run', suite, '--target', 'frr', '--no-report']);
      const ref = await runSuite(['npx', 'netproof', 'run', suite, '--target', 'reference', '--no-report']);
      pairs.push({ frr, ref });
      for (const [t, r] of [['frr', frr], ['reference', ref]] as const) {
        if (r.exitCode !== 0) notes.push(`${suite} on ${t} run ${i}: exit ${r.exitCode}: ${r.tail.split('\n').pop() ?? ''}`);
      }
    }
    rows.push(
      { metric: `${suite} suite on frr: wall (whole command, lab included)`, unit: 's', s: summarize(pairs.map((p) => p.frr.wallS)), digits: 2 },
      { metric: `${suite} suite on reference: wall (same runs)`, unit: 's', s: summarize(pairs.map((p) => p.ref.wallS)), digits: 2 },
      { metric: `${suite} suite: frr / reference wall, per run`, unit: 'x', s: summarize(pairs.map((p) => p.frr.wallS / p.ref.wallS)), digits: 2 },
    );
  }
  return { rows, notes };
}
