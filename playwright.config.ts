// Playwright Test runs netproof's suites (suites/<document>/*.spec.ts). The suites drive routers
// over telnet/SSH/gNMI and never open a page, so no browser is configured or downloaded.
//
// NETPROOF_TARGET (default "reference") names the target; it is the project name, so every
// result in every report carries it, and it is in the run metadata / Allure environment.
// NETPROOF_WORKERS overrides the default of one worker (the reference router's labs are
// CPU-paced in realtime mode; parallel labs skew failover timings on a 2-core machine).
import { defineConfig } from '@playwright/test';
import {
  ALLURE_CATEGORIES,
  ALLURE_RESULTS_DIR,
  JSON_RESULTS_FILE,
  JUNIT_RESULTS_FILE,
  OUTPUT_DIR,
  PLAYWRIGHT_HTML_DIR,
  environmentInfo,
  netproofTarget,
} from './reports/allure-meta';
import * as path from 'node:path';

const target = netproofTarget();
const env = environmentInfo();

function workers(): number {
  const n = Number(process.env.NETPROOF_WORKERS);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

export default defineConfig({
  testDir: 'suites',
  testMatch: '**/*.spec.ts',
  outputDir: path.join(OUTPUT_DIR, 'test-results'),
  workers: workers(),
  fullyParallel: false,
  timeout: 120_000,
  retries: 0,
  forbidOnly: !!process.env.CI,
  metadata: { target, ...env },
  projects: [{ name: target, metadata: { target } }],
  reporter: [
    ['list'],
    ['html', { outputFolder: PLAYWRIGHT_HTML_DIR, open: 'never' }],
    ['junit', { outputFile: JUNIT_RESULTS_FILE }],
    // Read by reports/summary.ts (passed / failed / deviations / skipped).
    ['json', { outputFile: JSON_RESULTS_FILE }],
    [
      'allure-playwright',
      {
        resultsDir: ALLURE_RESULTS_DIR,
        environmentInfo: env,
        categories: ALLURE_CATEGORIES,
        globalLabels: { target },
      },
    ],
  ],
});
