/** The wall time of a whole Playwright suite against the reference router (the pvrp-ecmp suite
 * through Playwright's CLI, bfd-static-vpn through `npx netproof run`). */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const SUITE_ARGS = ['node_modules/@playwright/test/cli.js', 'test', 'suites/pvrp-ecmp/', '--reporter=line'];

export interface SuiteRun {
  wallS: number;
  exitCode: number | null;
  passed: number;
  failed: number;
  /** Playwright's own duration line ("24 passed (5.5s)"), in seconds. */
  reportedS: number;
  tail: string;
}

/** `netproof run bfd-static-vpn --no-report` as a user types it (npx included). */
export const BFD_SUITE_COMMAND = ['npx', 'netproof', 'run', 'bfd-static-vpn', '--no-report'];

/** Runs `cmd` (default: Node with SUITE_ARGS) from the repo root (or `cwd`, another checkout) and times it. */
export function runSuite(cmd: string[] = [process.execPath, ...SUITE_ARGS], cwd: string = ROOT): Promise<SuiteRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd[0], cmd.slice(1), {
      cwd,
      env: { ...process.env, NETPROOF_TARGET: 'reference', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = (performance.now() - t0) / 1000;
      const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
      resolve({
        wallS,
        exitCode: code,
        passed: num(/(\d+) passed/),
        failed: num(/(\d+) failed/),
        reportedS: playwrightDuration(out),
        tail: out.trim().split('\n').slice(-3).join('\n'),
      });
    });
  });
}

/** "24 passed (5.5s)", "(1.2m)" or "(900ms)" to seconds. */
function playwrightDuration(out: string): number {
  const m = /passed \(([\d.]+)(ms|s|m)\)/.exec(out);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'ms' ? v / 1000 : m[2] === 'm' ? v * 60 : v;
}

/** The reference target's results file, which `netproof run` writes at the end of a run. */
export const REFERENCE_RESULTS = path.join(ROOT, 'reports', 'output', 'reference', 'results.json');

/**
 * runSuite, and the results.json that this run wrote (undefined when it wrote none): the file is
 * removed first, so that an earlier run's results never stand in for this one's.
 */
export async function runSuiteWithResults(cmd: string[]): Promise<{ run: SuiteRun; results: unknown }> {
  fs.rmSync(REFERENCE_RESULTS, { force: true });
  const run = await runSuite(cmd);
  const results: unknown = fs.existsSync(REFERENCE_RESULTS) ? JSON.parse(fs.readFileSync(REFERENCE_RESULTS, 'utf8')) : undefined;
  return { run, results };
}

/** A measurement of any check in results.json ("5.187s" -> 5.187); undefined when no check has it. */
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

