/**
 * A broken target ends its remaining checks quickly, each marked broken (not skipped, not left
 * to run into the same timeout one by one).
 *
 * When a check ends broken (reports/classify.ts: a connection lost or refused, an authentication
 * or host-key failure, a driver timeout, Playwright's test timeout), `afterCheck` sets a "target
 * broken" flag for this target and suite; `beforeCheck`, at the start of every following check
 * of that target and suite, throws a TargetBrokenError naming the check that broke and why, which
 * is itself classified broken. The flag lives in memory for the worker and in a small file under
 * the project's output folder, because Playwright replaces a worker after a failed check (and the
 * new worker must still know); Playwright empties that folder at the start of every run.
 *
 * The suites get it through one automatic fixture (`verdictFixture`, see suites/lib/fixtures.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestInfo } from '@playwright/test';
import { classifyErrors, reasonLine } from '../../reports/classify';

export { classifyError, classifyErrors, reasonLine, BROKEN_ERROR_NAMES } from '../../reports/classify';

/** Thrown at the start of a check when its target broke in an earlier check. Classified broken. */
export class TargetBrokenError extends Error {
  constructor(readonly target: string, readonly brokenIn: string, readonly brokenBecause: string) {
    // The cause is on the line of the check that broke; this one names that check only.
    super(`target ${target} broke in "${brokenIn}"`);
    this.name = 'TargetBrokenError';
  }
}

export interface BrokenFlag {
  target: string;
  suite: string;
  /** The check that broke. */
  check: string;
  /** Its one-line cause. */
  reason: string;
}

/** The parts of Playwright's TestInfo used here (a fake is enough in unit tests). */
export type VerdictInfo = Pick<TestInfo, 'title' | 'titlePath' | 'file' | 'status' | 'errors' | 'project'>;

const memory = new Map<string, BrokenFlag>();

function scopeOf(info: VerdictInfo): { target: string; suite: string; file: string } {
  const target = info.project.name || 'reference';
  const rel = path.relative(info.project.testDir, info.file).replace(/\\/g, '/');
  const suite = rel.includes('/') ? rel.split('/')[0] : path.basename(rel).replace(/\.spec\.[cm]?[jt]s$/, '');
  const name = `${target}--${suite}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { target, suite, file: path.join(info.project.outputDir, '.netproof-broken', `${name}.json`) };
}

/** The flag of this check's target and suite, if an earlier check broke it. */
export function brokenFlag(info: VerdictInfo): BrokenFlag | undefined {
  const s = scopeOf(info);
  const m = memory.get(s.file);
  if (m) return m;
  try {
    const f = JSON.parse(fs.readFileSync(s.file, 'utf8')) as BrokenFlag;
    if (typeof f.check === 'string' && typeof f.reason === 'string') {
      memory.set(s.file, f);
      return f;
    }
  } catch {
    // no flag
  }
  return undefined;
}

/** Marks this check's target and suite broken (the first breakage is kept). */
export function markBroken(info: VerdictInfo, reason: string): BrokenFlag {
  const old = brokenFlag(info);
  if (old) return old;
  const s = scopeOf(info);
  const f: BrokenFlag = { target: s.target, suite: s.suite, check: info.title, reason };
  memory.set(s.file, f);
  try {
    fs.mkdirSync(path.dirname(s.file), { recursive: true });
    fs.writeFileSync(s.file, JSON.stringify(f) + '\n');
  } catch {
    // the in-memory flag still serves this worker
  }
  return f;
}

/** At the start of a check: throws TargetBrokenError if the target broke earlier. */
export function beforeCheck(info: VerdictInfo): void {
  const f = brokenFlag(info);
  if (f) throw new TargetBrokenError(f.target, f.check, f.reason);
}

/** At the end of a check: if it broke, flags the target. Returns the flag when set now or before. */
export function afterCheck(info: VerdictInfo): BrokenFlag | undefined {
  if (info.status === 'passed' || info.status === 'skipped' || info.status === undefined) return undefined;
  if (info.errors.some((e) => /^TargetBrokenError: /.test(e.stack ?? e.message ?? ''))) return brokenFlag(info);
  if (classifyErrors(info.errors, info.status) !== 'broken') return undefined;
  const first = info.status === 'timedOut' ? info.errors.find((e) => /timeout/i.test(e.message ?? '')) ?? info.errors[0] : info.errors.find((e) => classifyErrors([e]) === 'broken');
  return markBroken(info, reasonLine(first));
}

/** For tests: forget the in-memory flags. */
export function resetBrokenFlagsForTesting(): void {
  memory.clear();
}

/**
 * The automatic test fixture, declared first in a suite's `test.extend` (before the fixtures
 * that open the target, so that a broken target is not opened again):
 * `verdict: [checkVerdict, { auto: true }]`.
 */
// eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
export async function checkVerdict({}: object, use: () => Promise<void>, testInfo: TestInfo): Promise<void> {
  beforeCheck(testInfo);
  await use();
  afterCheck(testInfo);
}
