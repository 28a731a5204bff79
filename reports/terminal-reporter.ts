// netproof's terminal reporter (in place of Playwright's `list`): one line per finished check,
// PASS / FAIL / BROKEN / DEV / SKIP with the reason, never a stack trace (stacks are in the
// Playwright HTML and Allure reports). It also keeps the run's results as they come:
// <outputDir>/checks.jsonl gets one line per finished check, written at once, so a run killed
// with SIGKILL leaves every finished check behind; <outputDir>/results.json is written at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { CHECKS_STREAM_NAME, CheckRecord, RESULTS_FILE_NAME, ResultsFile, Verdict, VerdictTracker, suiteOf } from './checks';
import { classifyError, reasonLine } from './classify';

export interface TerminalReporterOptions {
  /** Where checks.jsonl and results.json go (reports/output/<target>/). */
  outputDir: string;
  /** The target's name, for errors outside any check. */
  target?: string;
  /** For tests: where lines go (default stdout). */
  write?: (s: string) => void;
}

export const MARKS: Record<Verdict, string> = {
  passed: 'PASS  ',
  failed: 'FAIL  ',
  broken: 'BROKEN',
  deviation: 'DEV   ',
  skipped: 'SKIP  ',
  interrupted: 'STOP  ',
};

/** One line for a check, as the terminal shows it. */
export function checkLine(r: CheckRecord): string {
  let line = `${MARKS[r.verdict]} ${r.suite} › ${r.title} (${r.durationMs} ms)`;
  if (r.reason) line += `: ${r.reason}`;
  const m = Object.entries(r.measurements).map(([k, v]) => `${k}=${v}`).join(' ');
  if (m) line += `  [${m}]`;
  return line;
}

export default class TerminalReporter implements Reporter {
  private readonly tracker = new VerdictTracker();
  private readonly checks: CheckRecord[] = [];
  private readonly outputDir: string;
  private readonly write: (s: string) => void;
  private readonly target: string;
  private testDir = '';
  private planned = 0;

  constructor(opts: TerminalReporterOptions) {
    this.outputDir = opts.outputDir;
    this.write = opts.write ?? ((s) => void process.stdout.write(s));
    this.target = opts.target ?? '';
  }

  printsToStdio(): boolean {
    return true;
  }

  /**
   * `netproof run` starts Playwright in its own process group and names itself in
   * NETPROOF_PARENT_PID. If it goes away without stopping us (SIGKILL), stop the run the way
   * Ctrl-C does, so that no orphaned run goes on holding a lab; what finished is kept.
   */
  private watchParent(): void {
    const ppid = Number(process.env.NETPROOF_PARENT_PID);
    if (!Number.isInteger(ppid) || ppid <= 1) return;
    const timer = setInterval(() => {
      try {
        process.kill(ppid, 0);
      } catch {
        clearInterval(timer);
        process.kill(process.pid, 'SIGINT');
      }
    }, 1000);
    timer.unref();
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.watchParent();
    this.testDir = config.projects[0]?.testDir ?? config.rootDir;
    fs.mkdirSync(this.outputDir, { recursive: true });
    fs.writeFileSync(path.join(this.outputDir, CHECKS_STREAM_NAME), '');
    fs.rmSync(path.join(this.outputDir, RESULTS_FILE_NAME), { force: true });
    const n = suite.allTests().length;
    this.planned = n;
    this.write(`${n} check${n === 1 ? '' : 's'}\n`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const rec = this.tracker.record(test, result);
    this.add(rec);
  }

  private add(rec: CheckRecord): void {
    this.checks.push(rec);
    // Synchronous, one line per check: what finished survives a SIGKILL of the run.
    try {
      fs.appendFileSync(path.join(this.outputDir, CHECKS_STREAM_NAME), JSON.stringify(rec) + '\n');
    } catch {
      // the folder went away: the terminal line still says it
    }
    this.write(checkLine(rec) + '\n');
  }

  onError(error: TestError): void {
    // An error outside any check (a spec that does not load, a worker that failed to tear down).
    const file = error.location?.file ? path.relative(this.testDir, error.location.file) : '';
    const rec: CheckRecord = {
      target: this.target,
      suite: file ? suiteOf(file) : '(run)',
      title: `(outside any check${error.location ? `, ${path.basename(error.location.file)}:${error.location.line}` : ''})`,
      verdict: classifyError(error),
      reason: reasonLine(error),
      durationMs: 0,
      measurements: {},
    };
    if (file) rec.file = file;
    this.add(rec);
  }

  onStdOut(): void {
    // a check's own output goes into its attachments (Allure's stdout), not between the check lines
  }

  onStdErr(): void {
    // likewise
  }

  onEnd(result: FullResult): void {
    const doc: ResultsFile = {
      format: 'netproof-results',
      version: 1,
      target: this.checks[0]?.target ?? this.target,
      status: result.status,
      durationMs: Math.round(result.duration),
      planned: this.planned,
      checks: this.checks,
    };
    try {
      fs.writeFileSync(path.join(this.outputDir, RESULTS_FILE_NAME), JSON.stringify(doc, null, 2) + '\n');
    } catch (e) {
      this.write(`netproof: cannot write ${path.join(this.outputDir, RESULTS_FILE_NAME)}: ${(e as Error).message}\n`);
    }
  }
}
