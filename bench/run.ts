/**
 * `npm run bench`: PVRP convergence of the seed lab and of a 100-router ring in fast mode, and
 * the wall time of the pvrp-ecmp suite. Every figure is a median (with min and max) over
 * repeated runs, each in a fresh process. Writes bench/results.json.
 *   npm run bench [-- --only seed,ring,suite] [--seed-runs 7] [--ring-runs 3] [--suite-runs 3]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ConvergeResult } from './converge';
import { Row, summarize, table } from './stats';
import { ROOT, runSuite, type SuiteRun } from './suite';

const run = promisify(execFile);
const WORKER = path.join(__dirname, 'worker.ts');
const RING_SIZE = 100;
const TARGET_SEED_WALL_MS = 1000;
const TARGET_SUITE_S = 15;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  return Number.isInteger(v) && v > 0 ? v : dflt;
}
const only = (() => {
  const i = process.argv.indexOf('--only');
  return new Set(i >= 0 ? (process.argv[i + 1] ?? '').split(',') : ['seed', 'ring', 'suite']);
})();

async function worker(args: string[]): Promise<ConvergeResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: ROOT, maxBuffer: 1 << 24 });
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ConvergeResult;
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

function log(s: string): void {
  process.stderr.write(s + '\n');
}

function convergeRows(label: string, runs: ConvergeResult[], extraRows: boolean): Row[] {
  const col = (f: (r: ConvergeResult) => number) => summarize(runs.map(f));
  const rows: Row[] = [
    { metric: `${label}: virtual time to converge`, unit: 's', s: col((r) => r.virtualS), digits: 3 },
    { metric: `${label}: Lab.create`, unit: 'ms', s: col((r) => r.createMs) },
    { metric: `${label}: wall to converged state`, unit: 'ms', s: col((r) => r.wallMs) },
    { metric: `${label}: wall incl. 2 s stability check`, unit: 'ms', s: col((r) => r.wallConfirmedMs) },
  ];
  if (extraRows) {
    rows.push(
      { metric: `${label}: events to converged state`, unit: 'events', s: col((r) => r.events), digits: 0 },
      { metric: `${label}: peak RSS (memoryUsage)`, unit: 'MB', s: col((r) => r.peakRssMb) },
      { metric: `${label}: peak RSS (ru_maxrss)`, unit: 'MB', s: col((r) => r.maxRssMb) },
    );
  }
  return rows;
}

/** Indented JSON with every innermost object or array on one line (one line per run). */
function compactJson(v: unknown): string {
  return JSON.stringify(v, null, 2).replace(/([{[])\n\s+([^{}[\]]*?)\n\s*([}\]])/g, (_m, a: string, body: string, b: string) =>
    `${a}${body.replace(/\n\s+/g, ' ')}${b}`,
  );
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadavg: os.loadavg(),
  };
  const rows: Row[] = [];
  const notes: string[] = [];

  if (only.has('seed')) {
    const n = arg('seed-runs', 7);
    const runs: ConvergeResult[] = [];
    for (let seed = 1; seed <= n; seed++) {
      log(`seed lab: run ${seed}/${n} (seed ${seed})`);
      runs.push(await worker(['seed', String(seed)]));
    }
    const bad = runs.filter((r) => !r.converged).map((r) => r.seed);
    const rs = convergeRows('seed lab (3 nodes)', runs, false);
    const confirmed = rs[3];
    confirmed.target = `< ${TARGET_SEED_WALL_MS} ms`;
    confirmed.verdict = verdict(bad.length === 0 && confirmed.s.median < TARGET_SEED_WALL_MS);
    if (bad.length) notes.push(`seed lab did not converge for seeds ${bad.join(', ')}`);
    rows.push(...rs);
    results.seedLab = { runs, summary: rs };
  }

  if (only.has('ring')) {
    const n = arg('ring-runs', 3);
    const runs: ConvergeResult[] = [];
    const dir = await mkdtemp(path.join(os.tmpdir(), 'netproof-ring-'));
    try {
      for (let seed = 1; seed <= n; seed++) {
        log(`${RING_SIZE}-router ring: run ${seed}/${n} (seed ${seed})`);
        runs.push(await worker(['ring', String(RING_SIZE), String(seed), dir]));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const bad = runs.filter((r) => !r.converged).map((r) => r.seed);
    if (bad.length) notes.push(`ring did not converge for seeds ${bad.join(', ')}`);
    const rs = convergeRows(`ring (${RING_SIZE} nodes)`, runs, true);
    rows.push(...rs);
    results.ring = { size: RING_SIZE, runs, summary: rs };
  }

  if (only.has('suite')) {
    const n = arg('suite-runs', 3);
    const runs: SuiteRun[] = [];
    for (let i = 1; i <= n; i++) {
      log(`pvrp-ecmp suite: run ${i}/${n}`);
      runs.push(await runSuite());
    }
    const failed = runs.filter((r) => r.exitCode !== 0 || r.failed > 0);
    for (const r of failed) notes.push(`suite run failed (exit ${r.exitCode}, ${r.failed} failed):\n${r.tail}`);
    const wall: Row = { metric: 'pvrp-ecmp suite: wall (whole command)', unit: 's', s: summarize(runs.map((r) => r.wallS)), digits: 2 };
    wall.target = `< ${TARGET_SUITE_S} s`;
    wall.verdict = verdict(failed.length === 0 && wall.s.median < TARGET_SUITE_S);
    const reported: Row = { metric: 'pvrp-ecmp suite: Playwright duration', unit: 's', s: summarize(runs.map((r) => r.reportedS)), digits: 2 };
    rows.push(wall, reported);
    results.suite = { command: 'node node_modules/@playwright/test/cli.js test suites/pvrp-ecmp/ --reporter=line', runs, summary: [wall, reported] };
    notes.push(`suite tests per run: ${runs.map((r) => `${r.passed} passed/${r.failed} failed`).join(', ')}`);
  }

  const text = table(rows);
  process.stdout.write(`\nnetproof bench (${results.node}, ${results.cpus} cpus, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})\n\n${text}\n`);
  if (notes.length) process.stdout.write(`\n${notes.join('\n')}\n`);
  results.notes = notes;
  const out = path.join(__dirname, 'results.json');
  await writeFile(out, compactJson(results) + '\n');
  process.stdout.write(`\nwrote ${path.relative(ROOT, out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
