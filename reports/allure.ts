// Turns allure-playwright's results into the Allure HTML report with allure-commandline.
// allure-commandline is a Java program: without Java this returns a one-line explanation
// (ok=false), never a stack trace; Playwright's own HTML report needs no Java.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALLURE_REPORT_DIR, ALLURE_RESULTS_DIR, writeAllureMeta } from './allure-meta';

export interface BuildAllureOptions {
  /** Allure results folder (default reports/output/allure-results). */
  resultsDir?: string;
  /** Report folder, replaced (default reports/output/allure-report). */
  outDir?: string;
  /** environment.properties content; default: keep the reporter's, else this machine's. */
  environment?: Record<string, string>;
  /** Deadline for `allure generate`, ms (default 120 000); the process is killed past it. */
  timeoutMs?: number;
  /** Command to probe for Java (default "java"); for tests. */
  javaCommand?: string;
}

export interface BuildAllureResult {
  ok: boolean;
  message: string;
  /** allure's stdout and stderr, interleaved as received. */
  output?: string;
}

export const JAVA_MISSING_MESSAGE =
  'Java not found: install default-jre-headless (apt-get install -y default-jre-headless) for the Allure report; ' +
  "Playwright's HTML report is in reports/output/playwright-html";

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  error?: string;
  timedOut: boolean;
}

/** Runs a command without a shell; never rejects. */
function run(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let settled = false;
    const done = (r: Omit<RunResult, 'output' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, output, timedOut });
    };
    let child: ReturnType<typeof spawn>;
    try {
      // detached: the allure script starts java as a child; kill the whole group on timeout.
      child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env, detached: true });
    } catch (e) {
      resolve({ code: null, signal: null, output: '', error: (e as Error).message, timedOut: false });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', (e) => done({ code: null, signal: null, error: e.message }));
    child.on('close', (code, signal) => done({ code, signal }));
  });
}

/** True when `java -version` runs and exits 0. */
export async function hasJava(javaCommand = 'java'): Promise<boolean> {
  const r = await run(javaCommand, ['-version'], 20_000);
  return r.error === undefined && r.code === 0;
}

/** Path of allure-commandline's POSIX launcher (dist/bin/allure), or undefined. */
export function allureBin(): string | undefined {
  try {
    const pkgDir = path.dirname(require.resolve('allure-commandline/package.json'));
    const bin = path.join(pkgDir, 'dist', 'bin', process.platform === 'win32' ? 'allure.bat' : 'allure');
    return fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split(/\r?\n/).slice(-n).join(' | ');
}

/** `allure generate <results> --clean -o <out>`; resolves {ok, message}, never throws. */
export async function buildAllureReport(opts: BuildAllureOptions = {}): Promise<BuildAllureResult> {
  const resultsDir = path.resolve(opts.resultsDir ?? ALLURE_RESULTS_DIR);
  const outDir = path.resolve(opts.outDir ?? ALLURE_REPORT_DIR);
  const timeoutMs = opts.timeoutMs ?? 120_000;

  if (!fs.existsSync(resultsDir)) {
    return { ok: false, message: `No Allure results in ${resultsDir}: run the suites first (npx playwright test)` };
  }
  if (!(await hasJava(opts.javaCommand))) {
    return { ok: false, message: JAVA_MISSING_MESSAGE };
  }
  const bin = allureBin();
  if (!bin) {
    return { ok: false, message: 'allure-commandline not found: run npm ci' };
  }
  try {
    writeAllureMeta(resultsDir, opts.environment);
  } catch (e) {
    return { ok: false, message: `Cannot write Allure metadata into ${resultsDir}: ${(e as Error).message}` };
  }

  const r = await run(bin, ['generate', resultsDir, '--clean', '-o', outDir], timeoutMs);
  if (r.timedOut) {
    return { ok: false, message: `allure generate timed out after ${timeoutMs / 1000} s and was killed`, output: r.output };
  }
  if (r.error !== undefined) {
    return { ok: false, message: `allure generate could not start: ${r.error}`, output: r.output };
  }
  if (r.code !== 0 || !fs.existsSync(path.join(outDir, 'index.html'))) {
    const why = r.code !== 0 ? `exited ${r.code ?? r.signal}` : 'wrote no index.html';
    return { ok: false, message: `allure generate ${why}: ${lastLines(r.output, 3) || 'no output'}`, output: r.output };
  }
  return { ok: true, message: `Allure report: ${path.join(outDir, 'index.html')}`, output: r.output };
}
