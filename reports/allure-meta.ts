// Allure metadata shared by playwright.config.ts (the allure-playwright reporter writes it
// into the results) and reports/allure.ts (which writes it again before `allure generate`,
// so a results folder copied from elsewhere still gets the categories).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Repository root: this file lives in <root>/reports/. */
export const REPO_ROOT = path.resolve(__dirname, '..');

/** Where generated reports go (git-ignored); NETPROOF_OUTPUT_DIR moves them (tests use a temp folder). */
export const OUTPUT_DIR = process.env.NETPROOF_OUTPUT_DIR ? path.resolve(process.env.NETPROOF_OUTPUT_DIR) : path.join(REPO_ROOT, 'reports', 'output');
export const ALLURE_RESULTS_DIR = path.join(OUTPUT_DIR, 'allure-results');
export const ALLURE_REPORT_DIR = path.join(OUTPUT_DIR, 'allure-report');
/** The comparison of targets (netproof compare, netproof run --target A --target B). */
export const COMPARISON_HTML_FILE = path.join(OUTPUT_DIR, 'comparison.html');
export const COMPARISON_JSON_FILE = path.join(OUTPUT_DIR, 'comparison.json');

/** A directory-safe form of a target name. */
export function targetDirName(target: string): string {
  const s = target.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return s === '' ? '_' : s;
}

/**
 * Each target's own outputs: reports/output/<target>/ holds results.json (netproof's verdicts,
 * read by the summary and by compare), checks.jsonl (one line per finished check, written as the
 * run goes), playwright.json, junit.xml, playwright-html/ and test-results/. The Allure results
 * of every target of a run share ALLURE_RESULTS_DIR (one Allure report, a parent suite per target).
 */
export function targetPaths(target: string): { dir: string; results: string; checks: string; playwrightJson: string; junit: string; html: string; testResults: string } {
  const dir = path.join(OUTPUT_DIR, targetDirName(target));
  return {
    dir,
    results: path.join(dir, 'results.json'),
    checks: path.join(dir, 'checks.jsonl'),
    playwrightJson: path.join(dir, 'playwright.json'),
    junit: path.join(dir, 'junit.xml'),
    html: path.join(dir, 'playwright-html'),
    testResults: path.join(dir, 'test-results'),
  };
}

/** Prefix of the skip reason of a declared deviation (see reports/attach.ts). */
export const DEVIATION_PREFIX = 'DEVIATION: ';

/** Allure category (same shape as allure-js-commons' Category; statuses as strings). */
export interface AllureCategory {
  name: string;
  description?: string;
  messageRegex?: string;
  traceRegex?: string;
  matchedStatuses?: Array<'failed' | 'broken' | 'passed' | 'skipped' | 'unknown'>;
  flaky?: boolean;
}

/**
 * Categories, first match wins. Java regexes, matched against the whole message, hence the
 * `(?s).*` around them. A golden check's failure message must contain "golden diff"
 * (e.g. `expect(text, 'golden diff: r2 show ipv6 route').toBe(golden)`).
 * Broken checks are Allure "broken" (reports/allure-reporter.ts, rules in reports/classify.ts).
 */
export const ALLURE_CATEGORIES: AllureCategory[] = [
  {
    name: 'declared deviation',
    description: 'A check that does not apply to this target, declared with its reason in the suite. Not a pass.',
    matchedStatuses: ['skipped'],
    messageRegex: '(?s).*DEVIATION: .*',
  },
  {
    name: 'timeout',
    description: 'The test or a wait inside it ran past its deadline.',
    matchedStatuses: ['failed', 'broken'],
    messageRegex: '(?s).*(Test timeout of \\d+ms exceeded|TimeoutError|[Tt]imed out|[Tt]imeout \\d+ ?ms exceeded|deadline).*',
  },
  {
    name: 'golden diff',
    description: "The target's output differs from the document's after masking; the unified diff is attached.",
    matchedStatuses: ['failed', 'broken'],
    messageRegex: '(?s).*[Gg]olden.*',
  },
  {
    name: 'target broken',
    description: 'The target or the harness broke (connection lost or refused, authentication, host key, a driver timeout), or an earlier check broke the target. Not a conformance failure.',
    matchedStatuses: ['broken'],
    messageRegex: '(?s).*(ConnectError|AuthError|HostKeyError|TimeoutError|ConnectionLostError|TargetBrokenError|not run: the target broke|Worker process exited).*',
  },
  { name: 'Product defects', matchedStatuses: ['failed'] },
  { name: 'Test defects', matchedStatuses: ['broken'] },
];

function packageVersion(pkgJson: string): string {
  try {
    const v = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : 'unknown';
  } catch {
    return 'unknown';
  }
}

function playwrightVersion(): string {
  try {
    return packageVersion(require.resolve('@playwright/test/package.json'));
  } catch {
    return 'unknown';
  }
}

/** The target a run is against: NETPROOF_TARGET, default "reference". */
export function netproofTarget(env: NodeJS.ProcessEnv = process.env): string {
  const t = (env.NETPROOF_TARGET ?? '').trim();
  return t === '' ? 'reference' : t;
}

/** Key/value pairs for Allure's Environment widget and Playwright's run metadata. */
export function environmentInfo(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const info: Record<string, string> = {
    'netproof.target': netproofTarget(env),
    'netproof.version': packageVersion(path.join(REPO_ROOT, 'package.json')),
    'playwright.version': playwrightVersion(),
    'node.version': process.version,
    'os': `${os.platform()} ${os.release()} ${os.arch()}`,
    'ci': env.CI ? 'true' : 'false',
  };
  if (env.NETPROOF_INVENTORY) info['netproof.inventory'] = env.NETPROOF_INVENTORY;
  return info;
}

/** Java properties escaping for keys and values. */
function propEscape(s: string, isKey: boolean): string {
  let out = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  if (isKey) out = out.replace(/([ =:])/g, '\\$1');
  return out;
}

export function toProperties(info: Record<string, string>): string {
  return Object.entries(info).map(([k, v]) => `${propEscape(k, true)}=${propEscape(v, false)}`).join('\n') + '\n';
}

/**
 * Writes categories.json (always) and environment.properties into an Allure results folder.
 * An environment.properties already there (written by the reporter during the run, so it names
 * the run's own target) is kept unless `environment` is given.
 */
export function writeAllureMeta(resultsDir: string, environment?: Record<string, string>): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'categories.json'), JSON.stringify(ALLURE_CATEGORIES, null, 2) + '\n');
  const envFile = path.join(resultsDir, 'environment.properties');
  if (environment || !fs.existsSync(envFile)) {
    fs.writeFileSync(envFile, toProperties(environment ?? environmentInfo()));
  }
}
