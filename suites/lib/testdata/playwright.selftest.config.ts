import { defineConfig } from '@playwright/test';

export default defineConfig({ testDir: '.', testMatch: 'fixtures.pwtest.ts', workers: 1, timeout: 30_000, reporter: [['json']] });
