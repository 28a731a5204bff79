/**
 * The flake bench (issue 7 item 6): each suite N times on the reference target and N times on an
 * inventory target whose lab `netproof lab up` started 1 s before the run, and the flake count:
 * the checks whose verdict differed between runs of one suite on one target.
 *   npm run bench -- --only flakes [--runs 20] [--suites pvrp-ecmp,bfd-static-vpn,vrrs (default: every suite)] [--lab-speed 1]
 *   node --import tsx bench/flakes.ts [same options]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { labInventoryYaml, labLoginEnv, type LabUpJson } from '../targets/lab-inventory';
import { flakes, verdicts, type Flake, type PwReport, type Verdict } from './flake-count';

export const ROOT = path.resolve(__dirname, '..');
const PLAYWRIGHT = path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const NETPROOF = path.join(ROOT, 'bin', 'netproof.js');
/** Every suite of suites/ with its reference topology (topologies/<suite>/<suite>.clab.yml). */
export const FLAKE_SUITES: Record<string, string> = Object.fromEntries(
  readdirSync(path.join(ROOT, 'suites'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(ROOT, 'topologies', d.name, `${d.name}.clab.yml`)))
    .map((d) => [d.name, `topologies/${d.name}/${d.name}.clab.yml`]),
);
/** Every wait has a deadline: a whole suite run, and a lab coming up. */
const RUN_DEADLINE_MS = 20 * 60_000;
const LAB_UP_DEADLINE_MS = 60_000;

function log(s: string): void {
  process.stderr.write(s + '\n');
}

/** One Playwright run of a suite with `env`; its verdicts from the JSON reporter's file. */
async function runOnce(suite: string, env: NodeJS.ProcessEnv, dir: string): Promise<Map<string, Verdict>> {
  const out = path.join(dir, `${suite}-${Date.now()}.json`);
  const child = spawn(process.execPath, [PLAYWRIGHT, 'test', `suites/${suite}/`, '--reporter=json'], {
    cwd: ROOT, env: { ...process.env, ...env, FORCE_COLOR: '0', PLAYWRIGHT_JSON_OUTPUT_NAME: out }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
  await exited(child, RUN_DEADLINE_MS, `${suite} run`);
  try {
    return verdicts(JSON.parse(await readFile(out, 'utf8')) as PwReport);
  } catch {
    throw new Error(`${suite}: the run wrote no JSON report (${err.trim().split('\n').pop() ?? 'no output'})`);
  }
}

function exited(child: ChildProcess, ms: number, what: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what}: no end within ${ms / 1000} s`));
    }, ms);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

interface LabUp extends LabUpJson {
  child: ChildProcess;
}

/** `netproof lab up <topology> --json`: resolves when the lab prints its nodes. */
function labUp(topology: string, speed: number): Promise<LabUp> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NETPROOF, 'lab', 'up', topology, '--json', '--speed', String(speed)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lab up ${topology}: not up within ${LAB_UP_DEADLINE_MS / 1000} s`));
    }, LAB_UP_DEADLINE_MS);
    child.stdout?.on('data', (b: Buffer) => {
      buf += b.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (!line || !buf.includes('\n')) return;
      clearTimeout(t);
      try {
        const j = JSON.parse(line) as Omit<LabUp, 'child'>;
        resolve({ child, nodes: j.nodes, ssh: j.ssh, gnmi: j.gnmi });
      } catch (e) {
        reject(e as Error);
      }
    });
    child.on('close', (code) => {
      clearTimeout(t);
      reject(new Error(`lab up ${topology} exited (${code}) before it was up`));
    });
  });
}

export interface FlakeResult {
  suite: string;
  target: 'reference' | 'inventory (lab up 1 s before)';
  runs: number;
  checks: number;
  flakes: Flake[];
  /** Verdicts over all runs (so that "0 flaky" is read beside what the verdicts were). */
  verdicts: Partial<Record<Verdict, number>>;
  /** Checks that were failed, broken or skipped in every run: not flaky, but not passing either (shown, so "0 flaky" is not read as "all passed"). */
  steady: Array<{ check: string; verdict: Verdict }>;
  errors: string[];
}

/** Checks whose verdict was the same in every run and was neither passed nor a declared deviation. */
export function steadyNotPassed(runs: Array<Map<string, Verdict>>): Array<{ check: string; verdict: Verdict }> {
  const out: Array<{ check: string; verdict: Verdict }> = [];
  const checks = new Set(runs.flatMap((r) => [...r.keys()]));
  for (const check of checks) {
    const seen = new Set(runs.map((r) => r.get(check)));
    const [only] = [...seen];
    if (seen.size === 1 && only !== undefined && only !== 'passed' && only !== 'deviation') out.push({ check, verdict: only });
  }
  return out;
}

export async function flakeBench(opts: { runs: number; suites: string[]; labSpeed: number }): Promise<FlakeResult[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netproof-flakes-'));
  const results: FlakeResult[] = [];
  try {
    for (const suite of opts.suites) {
      const topology = FLAKE_SUITES[suite];
      if (!topology) throw new Error(`unknown suite '${suite}' (known: ${Object.keys(FLAKE_SUITES).join(', ')})`);
      for (const target of ['reference', 'inventory (lab up 1 s before)'] as const) {
        const runs: Array<Map<string, Verdict>> = [];
        const errors: string[] = [];
        for (let i = 1; i <= opts.runs; i++) {
          log(`flakes: ${suite} on ${target}: run ${i}/${opts.runs}`);
          try {
            if (target === 'reference') {
              runs.push(await runOnce(suite, { NETPROOF_TARGET: 'reference', NETPROOF_INVENTORY: '', NETPROOF_TARGET_KIND: 'reference' }, dir));
              continue;
            }
            const lab = await labUp(topology, opts.labSpeed);
            try {
              const inv = path.join(dir, `${suite}-inventory.yml`);
              await writeFile(inv, labInventoryYaml(lab));
              // The run starts 1 s after the lab is up: protocols are still converging.
              await new Promise((r) => setTimeout(r, 1000));
              runs.push(await runOnce(suite, { NETPROOF_TARGET: 'lab-up', NETPROOF_INVENTORY: inv, NETPROOF_TARGET_KIND: 'inventory', ...(await labLoginEnv(lab)) }, dir));
            } finally {
              lab.child.kill('SIGTERM');
              await exited(lab.child, 10_000, 'lab up').catch(() => lab.child.kill('SIGKILL'));
            }
          } catch (e) {
            errors.push(`run ${i}: ${(e as Error).message}`);
          }
        }
        const checks = new Set(runs.flatMap((r) => [...r.keys()])).size;
        const counts: FlakeResult['verdicts'] = {};
        for (const r of runs) for (const v of r.values()) counts[v] = (counts[v] ?? 0) + 1;
        results.push({ suite, target, runs: runs.length, checks, flakes: flakes(runs), verdicts: counts, steady: steadyNotPassed(runs), errors });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

export function renderFlakes(results: FlakeResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const v = Object.entries(r.verdicts).map(([k, n]) => `${n} ${k}`).join(', ') || 'no verdicts';
    lines.push(`${r.suite} on ${r.target}: ${r.runs} runs, ${r.checks} checks, ${r.flakes.length} flaky (verdicts over all runs: ${v})`);
    for (const f of r.flakes) lines.push(`  FLAKY ${f.check}: ${Object.entries(f.counts).map(([v, n]) => `${v} ${n}`).join(', ')}`);
    for (const c of r.steady ?? []) lines.push(`  ${c.verdict.toUpperCase()} in every run: ${c.check}`);
    for (const e of r.errors) lines.push(`  ERROR ${e}`);
  }
  const total = results.reduce((n, r) => n + r.flakes.length, 0);
  lines.push(`flake count: ${total}`);
  return lines.join('\n') + '\n';
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function flakeOptions(): { runs: number; suites: string[]; labSpeed: number } {
  const runs = Number(arg('runs') ?? 20);
  const labSpeed = Number(arg('lab-speed') ?? 1);
  return {
    runs: Number.isInteger(runs) && runs > 0 ? runs : 20,
    suites: (arg('suites') ?? Object.keys(FLAKE_SUITES).join(',')).split(',').filter(Boolean),
    labSpeed: labSpeed > 0 ? labSpeed : 1,
  };
}

if (require.main === module) {
  flakeBench(flakeOptions()).then(
    (r) => {
      process.stdout.write(renderFlakes(r));
      process.exitCode = r.some((x) => x.flakes.length || x.steady.length || x.errors.length) ? 1 : 0;
    },
    (e: unknown) => {
      process.stderr.write(`flakes: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
