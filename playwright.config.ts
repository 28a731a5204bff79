// Playwright Test runs netproof's suites (suites/<document>/*.spec.ts). The suites drive routers
// over telnet/SSH/gNMI and never open a page, so no browser is configured or downloaded.
//
// NETPROOF_TARGET (default "reference") names the target; it is the project name, so every
// result in every report carries it, and it is in the run metadata / Allure environment.
// Each target's outputs go to reports/output/<target>/ (reports/allure-meta.ts targetPaths);
// the Allure results of all targets share reports/output/allure-results.
// NETPROOF_WORKERS overrides the default of one worker (the reference router's labs are
// CPU-paced in realtime mode; parallel labs skew failover timings on a 2-core machine).
//
// Reporters: netproof's terminal reporter (one line per check: PASS, FAIL, BROKEN, DEV, SKIP,
// with the reason and no stack trace; it also streams checks.jsonl and writes results.json),
// Playwright's HTML, JUnit and JSON, and allure-playwright with netproof's broken/failed rules.
import { defineConfig } from '@playwright/test';
import { ALLURE_CATEGORIES, ALLURE_RESULTS_DIR, environmentInfo, netproofTarget, targetPaths } from './reports/allure-meta';
import * as path from 'node:path';

const target = netproofTarget();
const env = environmentInfo();
const out = targetPaths(target);

function workers(): number {
  const n = Number(process.env.NETPROOF_WORKERS);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

export default defineConfig({
  testDir: 'suites',
  testMatch: '**/*.spec.ts',
  outputDir: out.testResults,
  workers: workers(),
  fullyParallel: false,
  timeout: 120_000,
  retries: 0,
  forbidOnly: !!process.env.CI,
  metadata: { target, ...env },
  projects: [{ name: target, metadata: { target } }],
  reporter: [
    [path.join(__dirname, 'reports', 'terminal-reporter.ts'), { outputDir: out.dir, target }],
    ['html', { outputFolder: out.html, open: 'never' }],
    ['junit', { outputFile: out.junit }],
    ['json', { outputFile: out.playwrightJson }],
    [
      path.join(__dirname, 'reports', 'allure-reporter.ts'),
      {
        resultsDir: ALLURE_RESULTS_DIR,
        environmentInfo: env,
        categories: ALLURE_CATEGORIES,
        globalLabels: { target },
      },
    ],
  ],
});
