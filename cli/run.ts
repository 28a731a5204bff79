/**
 * `netproof run [suite...] [--target T]...`: run suites with Playwright Test against each target
 * in turn, print what did not pass, build the reports, and (with several targets) the comparison.
 *
 * Exit codes: 0 every check passed (deviations and skips do not fail a run), 1 a check failed,
 * 2 bad input (before anything starts), 3 a target or the harness broke and nothing failed,
 * 130 interrupted (SIGINT: the summary of what finished is printed, the results are kept).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parsed, UsageError } from './args';
import { ALLURE_RESULTS_DIR, OUTPUT_DIR, REPO_ROOT, targetPaths } from '../reports/allure-meta';
import { CHECKS_STREAM_NAME, RESULTS_FILE_NAME } from '../reports/checks';
import { exitCodeOf, formatSummary, readSummary, RunSummary } from '../reports/summary';
import { buildAllureReport } from '../reports/allure';
import { loadInventory } from '../drivers/inventory';
import { checkInputs } from '../drivers/preflight';
import { loadTopology } from '../topologies';
import { golden } from './golden';
import { writeComparison } from './compare';

export function knownSuites(): string[] {
  const dir = path.join(REPO_ROOT, 'suites');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.readdirSync(path.join(dir, d.name)).some((f) => f.endsWith('.spec.ts')))
    .map((d) => d.name)
    .sort();
}

/** The suite's lab: topologies/<suite>/<suite>.clab.yml (the convention every suite follows). */
export function suiteTopology(suite: string): string | undefined {
  const f = path.join(REPO_ROOT, 'topologies', suite, `${suite}.clab.yml`);
  return fs.existsSync(f) ? f : undefined;
}

export interface TargetSpec {
  /** The name results carry (Playwright project, reports/output/<name>/). */
  name: string;
  /** Environment for the Playwright run. */
  env: Record<string, string>;
}

/** Built-in target kinds besides inventory files; `frr` exists once targets/frr/ does. */
function builtinTargets(): string[] {
  const t = ['reference'];
  if (fs.existsSync(path.join(REPO_ROOT, 'targets', 'frr'))) t.push('frr');
  return t;
}

/** Checks one --target value before anything starts (bad input: UsageError, exit 2). */
export async function resolveTarget(value: string): Promise<TargetSpec> {
  const builtin = builtinTargets();
  if (builtin.includes(value)) return { name: value, env: value === 'reference' ? { NETPROOF_TARGET: value } : { NETPROOF_TARGET: value, NETPROOF_TARGET_KIND: value } };
  if (!/\.ya?ml$/.test(value) && !fs.existsSync(value)) {
    const hint = value === 'frr' ? ' (the frr target is not in this build: targets/frr/ is missing)' : '';
    throw new UsageError(`unknown target '${value}'${hint} (known: ${builtin.join(', ')}, or an inventory file)`);
  }
  const file = path.resolve(value);
  // Its contents are checked against the suites' topologies in run(), every problem at once.
  if (!fs.existsSync(file)) throw new UsageError(`${value}: no such inventory file`);
  return { name: path.basename(file).replace(/\.ya?ml$/, ''), env: { NETPROOF_TARGET: path.basename(file).replace(/\.ya?ml$/, ''), NETPROOF_INVENTORY: file } };
}

/** How long Playwright gets to stop after SIGINT before its process group is killed. */
export const INTERRUPT_GRACE_MS = 30_000;

interface PlaywrightRun {
  code: number;
  interrupted: boolean;
}

/**
 * Runs Playwright in its own process group, so that a Ctrl-C reaches it once, through us: on
 * SIGINT or SIGTERM we pass SIGINT to the group (Playwright stops its workers, and its reporters
 * write what finished), and kill the group if it has not stopped within INTERRUPT_GRACE_MS or on
 * a second signal.
 */
function runPlaywright(args: string[], env: NodeJS.ProcessEnv): Promise<PlaywrightRun> {
  return new Promise((resolve) => {
    let interrupted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    const group = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    const onSignal = (): void => {
      if (interrupted) {
        group('SIGKILL');
        return;
      }
      interrupted = true;
      process.stderr.write('\nnetproof: interrupted; stopping the run (Ctrl-C again to kill it)\n');
      group('SIGINT');
      killTimer = setTimeout(() => group('SIGKILL'), INTERRUPT_GRACE_MS);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const done = (code: number): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, interrupted });
    };
    child.on('exit', (c, sig) => done(c ?? (sig ? 128 : 1)));
    child.on('error', () => done(1));
  });
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r === '' || r.startsWith('..') ? p : r;
}

/** Reads a target's results if the run left any (results.json, else checks.jsonl). */
function summaryOf(dir: string): RunSummary | undefined {
  if (!fs.existsSync(path.join(dir, RESULTS_FILE_NAME)) && !fs.existsSync(path.join(dir, CHECKS_STREAM_NAME))) return undefined;
  try {
    return readSummary(dir);
  } catch {
    return undefined;
  }
}

export async function run(p: Parsed, out: (s: string) => void): Promise<number> {
  const suites = knownSuites();
  const chosen = p.positional.length ? p.positional : suites;
  for (const s of chosen) {
    if (!suites.includes(s)) throw new UsageError(`unknown suite '${s}' (known: ${suites.join(', ') || 'none'})`);
  }
  const values = p.lists.get('target') ?? [];
  const targets: TargetSpec[] = [];
  for (const v of values.length ? values : ['reference']) {
    const t = await resolveTarget(v);
    if (targets.some((x) => x.name === t.name)) throw new UsageError(`target '${t.name}' given twice`);
    targets.push(t);
  }
  // Inputs checked before anything starts: each inventory against every chosen suite's topology
  // (every node mapped, dialects known, credentials' variables set) and, with --preflight, each
  // device reached once. Every problem is one line; any problem is bad input (exit 2).
  const problems: string[] = [];
  for (const t of targets) {
    if (!t.env.NETPROOF_INVENTORY) continue;
    for (const s of chosen) {
      const topo = suiteTopology(s);
      if (!topo) {
        try {
          await loadInventory(t.env.NETPROOF_INVENTORY);
        } catch (e) {
          problems.push((e as Error).message);
        }
        continue;
      }
      const nodes = (await loadTopology(topo)).nodes.map((n) => n.name);
      const r = await checkInputs(t.env.NETPROOF_INVENTORY, { file: path.relative(REPO_ROOT, topo), nodes }, { reach: p.flags.has('preflight') });
      for (const line of r.problems) if (!problems.includes(line)) problems.push(line);
    }
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  const common: Record<string, string> = {};
  const speed = p.flags.get('speed');
  if (speed !== undefined) {
    if (typeof speed !== 'string' || !(Number(speed) > 0)) throw new UsageError('--speed must be a number > 0');
    common.NETPROOF_SPEED = speed;
  }
  // SSH devices: accept any host key (labs only); read by drivers/connect.ts in the suites.
  if (p.flags.has('insecure-accept-host-key')) common.NETPROOF_INSECURE_ACCEPT_HOST_KEY = '1';
  if (p.flags.has('update-golden')) {
    // Golden files come from the document, never from a device: rewrite them the way
    // `netproof golden <suite>` does, then run against them.
    for (const s of chosen) {
      if (!fs.existsSync(path.join(REPO_ROOT, 'suites', s, 'golden-source.ts'))) continue;
      const seeds = p.flags.get('seeds');
      await golden({ positional: [s], flags: new Map(typeof seeds === 'string' ? [['seeds', seeds]] : []), lists: new Map() }, out);
    }
  }

  fs.rmSync(ALLURE_RESULTS_DIR, { recursive: true, force: true });
  const cli = path.join(path.dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
  const args = [cli, 'test', ...chosen.map((s) => `suites/${s}/`)];
  const summaries: Array<{ target: string; summary?: RunSummary; code: number }> = [];
  let interrupted = false;
  for (const t of targets) {
    const paths = targetPaths(t.name);
    fs.rmSync(paths.dir, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, ...common, ...t.env, NETPROOF_PARENT_PID: String(process.pid) };
    if (!t.env.NETPROOF_INVENTORY) delete env.NETPROOF_INVENTORY;
    out(`netproof: running ${chosen.join(', ')} against ${t.name}\n`);
    const r = await runPlaywright(args, env);
    const s = summaryOf(paths.dir);
    if (s) {
      out('\n' + formatSummary(s));
      let code = exitCodeOf(s);
      if (code === 0 && r.code !== 0 && !r.interrupted) {
        out(`netproof: Playwright exited ${r.code} although no check failed or broke; see ${rel(paths.html)}\n`);
        code = 3;
      }
      summaries.push({ target: t.name, summary: s, code });
    } else {
      out(`netproof: no results were written for ${t.name} (Playwright exited ${r.code})\n`);
      summaries.push({ target: t.name, code: r.interrupted ? 130 : 3 });
    }
    out(`results: ${rel(paths.results)}\n`);
    if (r.interrupted) {
      interrupted = true;
      const left = targets.slice(targets.indexOf(t) + 1).map((x) => x.name);
      if (left.length) out(`netproof: not run against ${left.join(', ')}\n`);
      break;
    }
  }

  if (summaries.length > 1) {
    const c = writeComparison(summaries.map((x) => targetPaths(x.target).dir).filter((d) => summaryOf(d) !== undefined));
    out(`comparison: ${rel(c.html)} and ${rel(c.json)}\n`);
  }
  if (interrupted) {
    out(`netproof: interrupted; results kept in ${rel(OUTPUT_DIR)} (netproof report builds the Allure report from them)\n`);
    return 130;
  }
  if (!p.flags.has('no-report')) {
    const r = await buildAllureReport();
    out(`report: ${r.message}\n`);
    for (const x of summaries) out(`report: Playwright HTML report for ${x.target} in ${rel(targetPaths(x.target).html)}\n`);
  }
  const codes = summaries.map((x) => x.code);
  if (codes.includes(1)) return 1;
  if (codes.includes(3)) return 3;
  return 0;
}

/** The targets that left results under reports/output/ (a finished run, or a killed one's stream). */
export function targetsWithResults(dir = OUTPUT_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (fs.existsSync(path.join(dir, d.name, RESULTS_FILE_NAME)) || fs.existsSync(path.join(dir, d.name, CHECKS_STREAM_NAME))))
    .map((d) => d.name)
    .sort();
}

/** `netproof report`: the summary of each target's last run (also a killed one) and the Allure report. */
export async function report(out: (s: string) => void): Promise<number> {
  for (const t of targetsWithResults()) {
    const s = summaryOf(path.join(OUTPUT_DIR, t));
    if (s) out(formatSummary(s));
  }
  const r = await buildAllureReport();
  out(`${r.message}\n`);
  return r.ok ? 0 : 1;
}
