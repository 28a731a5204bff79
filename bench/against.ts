/**
 * The slowdown bench (issue 9): this checkout against another commit (default: the previous one,
 * HEAD~1), measured in ONE run, interleaved, so that the machine's load falls on both alike.
 *   npm run bench -- --only against [--against REF] [--against-runs 3]
 *
 * REF is checked out with `git worktree add --detach` into a temporary folder (sharing this
 * checkout's node_modules when the lock files agree, else with its own `npm ci`; ../shared is linked beside it for the suites' documents) and removed
 * afterwards, also on failure or SIGINT. Each measurement runs in a fresh Node process from the
 * checkout it measures (bench/worker.ts there), alternating which goes first. Rows: the seed lab's
 * Lab.create and wall to a confirmed converged state, the 100-router ring's, and the wall time of
 * both suites; each as median here, median there and their ratio. "No slowdown beyond noise":
 * PASS when the ratio of medians is at most 1.15, or when this checkout's median lies within the
 * range of the other's runs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, access } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { summarize, type Row, type Summary } from './stats';
import { BFD_SUITE_COMMAND, ROOT, SUITE_ARGS, runSuite } from './suite';
import type { ConvergeResult } from './converge';

const run = promisify(execFile);
export const NOISE_RATIO = 1.15;
const RING = 100;

export interface Side { label: string; root: string }

export interface AgainstResult {
  ref: string;
  commit: string;
  rows: Row[];
  /** Per metric: the runs here and there, for results.json. */
  runs: Record<string, { here: number[]; there: number[] }>;
  notes: string[];
}

async function git(args: string[], cwd = ROOT): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 1 << 20 });
  return stdout.trim();
}

/** Checks REF out beside nothing of ours; returns its root and a cleanup that always runs. */
export async function checkoutRef(ref: string): Promise<{ root: string; commit: string; remove: () => Promise<void> }> {
  let commit: string;
  try {
    commit = await git(['rev-parse', '--verify', `${ref}^{commit}`]);
  } catch {
    throw new Error(`bench --against: '${ref}' is not a commit of this repository`);
  }
  const parent = await mkdtemp(path.join(os.tmpdir(), 'netproof-against-'));
  const root = path.join(parent, 'base');
  const remove = async () => {
    await git(['worktree', 'remove', '--force', root]).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
    await git(['worktree', 'prune']).catch(() => undefined);
  };
  try {
    await git(['worktree', 'add', '--detach', root, commit]);
    // Same lock file: share node_modules; another one: install REF's own (npm ci, from the registry's cache).
    const sameLock = await run('git', ['diff', '--quiet', commit, '--', 'package-lock.json'], { cwd: ROOT }).then(() => true, () => false);
    if (sameLock) await symlink(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    else await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, maxBuffer: 1 << 24, timeout: 10 * 60_000 });
    const shared = path.resolve(ROOT, '..', 'shared');
    if (await access(shared).then(() => true, () => false)) await symlink(shared, path.join(parent, 'shared'), 'dir');
  } catch (e) {
    await remove();
    throw e;
  }
  return { root, commit, remove };
}

async function worker(root: string, args: string[]): Promise<ConvergeResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'worker.ts'), ...args], { cwd: root, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as ConvergeResult;
}

export function ratioRow(metric: string, unit: string, here: number[], there: number[]): Row[] {
  const h = summarize(here);
  const t = summarize(there);
  const ratio = h.median / t.median;
  const ok = ratio <= NOISE_RATIO || (h.median >= t.min && h.median <= t.max);
  const r: Summary = { n: Math.min(h.n, t.n), median: ratio, min: h.min / t.max, max: h.max / t.min };
  return [
    { metric: `${metric} (this checkout)`, unit, s: h },
    { metric: `${metric} (baseline)`, unit, s: t },
    { metric: `${metric}: ratio this/baseline`, unit: 'x', s: r, digits: 2, target: `<= ${NOISE_RATIO} or within baseline range`, verdict: Number.isFinite(ratio) && ok ? 'PASS' : 'MISS' },
  ];
}

export async function againstBench(opts: { ref: string; runs: number }, log: (s: string) => void): Promise<AgainstResult> {
  const base = await checkoutRef(opts.ref);
  const onSig = () => { void base.remove().finally(() => process.exit(130)); };
  process.once('SIGINT', onSig);
  const sides: Side[] = [{ label: 'this checkout', root: ROOT }, { label: `baseline ${base.commit.slice(0, 10)}`, root: base.root }];
  const m: Record<string, { here: number[]; there: number[] }> = {};
  const put = (k: string, i: number, v: number) => { (m[k] ??= { here: [], there: [] })[i === 0 ? 'here' : 'there'].push(v); };
  const notes: string[] = [];
  try {
    for (let k = 1; k <= opts.runs; k++) {
      const order = k % 2 ? [0, 1] : [1, 0];
      for (const i of order) {
        const s = sides[i] as Side;
        log(`against: seed lab ${k}/${opts.runs} (${s.label})`);
        const r = await worker(s.root, ['seed', String(k)]);
        if (!r.converged) notes.push(`${s.label}: seed lab did not converge for seed ${k}`);
        put('seed Lab.create', i, r.createMs);
        put('seed wall incl. stability', i, r.wallConfirmedMs);
      }
      const dir = await mkdtemp(path.join(os.tmpdir(), 'netproof-ring-'));
      try {
        for (const i of order) {
          const s = sides[i] as Side;
          log(`against: ${RING}-router ring ${k}/${opts.runs} (${s.label})`);
          const r = await worker(s.root, ['ring', String(RING), String(k), dir]);
          if (!r.converged) notes.push(`${s.label}: ring did not converge for seed ${k}`);
          put('ring Lab.create', i, r.createMs);
          put('ring wall incl. stability', i, r.wallConfirmedMs);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      for (const i of order) {
        const s = sides[i] as Side;
        log(`against: pvrp-ecmp and bfd-static-vpn suites ${k}/${opts.runs} (${s.label})`);
        const p = await runSuite([process.execPath, ...SUITE_ARGS], s.root);
        const b = await runSuite(BFD_SUITE_COMMAND, s.root);
        for (const [name, r] of [['pvrp-ecmp', p], ['bfd-static-vpn', b]] as const) {
          if (r.exitCode !== 0 || r.failed > 0) notes.push(`${s.label}: ${name} suite run ${k} failed (exit ${r.exitCode}):\n${r.tail}`);
          put(`${name} suite wall`, i, r.wallS);
        }
      }
    }
  } finally {
    process.removeListener('SIGINT', onSig);
    await base.remove();
  }
  const unit = (k: string) => (k.endsWith('suite wall') ? 's' : 'ms');
  const rows = Object.entries(m).flatMap(([k, v]) => ratioRow(`vs ${opts.ref}: ${k}`, unit(k), v.here, v.there));
  return { ref: opts.ref, commit: base.commit, rows, runs: m, notes };
}
