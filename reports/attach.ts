// Helpers the suites call inside Playwright tests to put evidence on a check: the CLI
// transcript (secrets masked), the golden diff, timings and measurements, and declared
// deviations. Everything lands in Playwright's results (HTML, JSON, JUnit) and, through
// allure-js-commons, in the Allure report.
import type { TestInfo } from '@playwright/test';
import type * as AllureApi from 'allure-js-commons';
import { DEVIATION_PREFIX } from './allure-meta';
import { MASK, maskSecrets as maskDriverSecrets } from '../drivers/channel/transcript';

type Allure = typeof AllureApi;

/** The parts of Playwright's TestInfo these helpers use (a fake is enough in unit tests). */
export type AttachTarget = Pick<TestInfo, 'attach' | 'annotations'>;
export type DeviationTarget = Pick<TestInfo, 'attach' | 'annotations' | 'skip'>;

export { MASK };

/**
 * allure-js-commons is a dependency of allure-playwright, not of netproof: load it if it is
 * there, else annotations alone carry the data.
 */
let allure: Allure | null | undefined;
function allureApi(): Allure | null {
  if (allure === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      allure = require('allure-js-commons') as Allure;
    } catch {
      allure = null;
    }
  }
  return allure;
}

/** For unit tests: replace (or with null, disable) the Allure API. */
export function setAllureApiForTesting(api: Allure | null | undefined): void {
  allure = api;
}

/** Allure metadata is a best effort: outside a Playwright test it throws; never fail a check on it. */
async function withAllure(fn: (a: Allure) => PromiseLike<void>): Promise<void> {
  const a = allureApi();
  if (!a) return;
  try {
    await fn(a);
  } catch {
    // no Allure runtime (not under Playwright, or reporter absent): annotations suffice
  }
}

/** The drivers' masking (longest secret first), so transcripts and reports mask alike. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return maskDriverSecrets(text, new Set(secrets.filter((x) => typeof x === 'string')));
}

/** Attaches a CLI transcript as text/plain, every secret masked. */
export async function attachTranscript(testInfo: AttachTarget, name: string, text: string, secrets: readonly string[] = []): Promise<void> {
  await testInfo.attach(name, { body: maskSecrets(text, secrets), contentType: 'text/plain' });
}

/** Attaches a unified diff (from the `diff` package) as text/x-diff. */
export async function attachDiff(testInfo: AttachTarget, name: string, unifiedDiff: string): Promise<void> {
  await testInfo.attach(name, { body: unifiedDiff, contentType: 'text/x-diff' });
}

/**
 * Records a measurement: a Playwright annotation {type: 'measurement', description: 'key=valueunit'}
 * (read back by reports/summary.ts) and an Allure parameter.
 */
export async function recordMeasurement(testInfo: AttachTarget, key: string, value: number | string, unit = ''): Promise<void> {
  const text = `${value}${unit}`;
  testInfo.annotations.push({ type: 'measurement', description: `${key}=${text}` });
  await withAllure((a) => a.parameter(key, text));
}

/** Attaches a timing (text/plain) and records it as a measurement in ms. */
export async function attachTiming(testInfo: AttachTarget, name: string, ms: number): Promise<void> {
  const rounded = Math.round(ms * 1000) / 1000;
  await testInfo.attach(name, { body: `${name}: ${rounded} ms\n`, contentType: 'text/plain' });
  await recordMeasurement(testInfo, name, rounded, 'ms');
}

/**
 * Declares that this check does not apply to this target (PVRP on FRR, a golden check against
 * another dialect, a lab-control step on hardware), with its reason. DESIGN.md: a declared
 * deviation is REPORTED as a deviation, never as a pass, never skipped silently.
 *
 * How: an annotation {type: 'deviation', description: reason}, an Allure label and tag
 * "deviation" (the Allure category "declared deviation" matches the skip reason), then
 * `testInfo.skip(true, 'DEVIATION: ' + reason)` (the same as `test.skip(true, ...)` inside a
 * test, bound to this test's info), which ends the test here.
 *
 * netproof's run summary (reports/summary.ts) counts a test with an annotation of type
 * 'deviation' as a deviation, separately from passes and skips; a test that failed before it
 * declared a deviation still counts as failed.
 *
 * Call it as `await declareDeviation(testInfo, reason)`; it never returns normally.
 */
export async function declareDeviation(testInfo: DeviationTarget, reason: string): Promise<never> {
  const why = reason.trim() === '' ? '(no reason given)' : reason.trim();
  testInfo.annotations.push({ type: 'deviation', description: why });
  await withAllure(async (a) => {
    await a.label('deviation', why);
    await a.tag('deviation');
  });
  testInfo.skip(true, DEVIATION_PREFIX + why);
  // testInfo.skip(true, ...) throws to end the test; reaching here means a fake TestInfo.
  throw new Error(DEVIATION_PREFIX + why);
}
