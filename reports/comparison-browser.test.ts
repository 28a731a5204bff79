// The comparison page in a real browser: Debian's chromium driven by Playwright (playwright-core's
// chromium, as @playwright/test exports it). Without chromium the test says it did not run, and why.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from '@playwright/test';
import { main } from '../cli/main';
import type { CheckRecord, ResultsFile } from './checks';

const CHROMIUM = process.env.NETPROOF_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const rec = (target: string, suite: string, title: string, verdict: CheckRecord['verdict'], reason?: string, measurements: Record<string, string> = {}): CheckRecord => ({
  target, suite, title, verdict, durationMs: 5, measurements, ...(reason ? { reason } : {}),
});

void test('comparison page in headless Chromium: a column per target, verdicts in cells, measurements side by side', async (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    t.skip(`not run: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set NETPROOF_CHROMIUM)`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-compare-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'np-chromium-'));
  try {
    // The reference run's folder (checks.jsonl, as a run leaves it) and a second target's results.json.
    fs.mkdirSync(path.join(dir, 'reference'));
    fs.writeFileSync(
      path.join(dir, 'reference', 'checks.jsonl'),
      [
        rec('reference', 'bfd-static-vpn', 'failover: CE1 GE0/1/0 shutdown, traffic switched in under 50 ms', 'passed', undefined, { traffic_switchover_ms: '12.5ms', bfd_detection_ms: '30ms' }),
        rec('reference', 'pvrp-ecmp', 'state: PVRP converges', 'passed'),
      ].map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
    const frr: ResultsFile = {
      format: 'netproof-results', version: 1, target: 'frr', status: 'failed', durationMs: 10,
      checks: [
        rec('frr', 'bfd-static-vpn', 'failover: CE1 GE0/1/0 shutdown, traffic switched in under 50 ms', 'failed', 'switchover 80 ms, expected under 50 ms\nexpect(received)', { traffic_switchover_ms: '80ms', bfd_detection_ms: '27ms' }),
        rec('frr', 'pvrp-ecmp', 'state: PVRP converges', 'deviation', 'PVRP is not in FRR'),
      ],
    };
    fs.writeFileSync(path.join(dir, 'frr.json'), JSON.stringify(frr));
    let out = '';
    const code = await main(['compare', path.join(dir, 'reference'), path.join(dir, 'frr.json'), '--out', path.join(dir, 'cmp')], (s) => (out += s), (s) => (out += s));
    assert.equal(code, 0, out);
    const html = path.join(dir, 'cmp', 'comparison.html');
    assert.ok(fs.existsSync(path.join(dir, 'cmp', 'comparison.json')));

    const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto('file://' + html, { timeout: 30_000 });
      assert.deepEqual(await page.locator('#matrix thead th.target').allInnerTexts(), ['reference', 'frr']);
      const row = page.locator('#matrix tbody tr', { hasText: 'failover: CE1 GE0/1/0 shutdown' });
      const frrCell = row.locator('td').nth(2);
      assert.ok(await frrCell.isVisible());
      assert.equal(await frrCell.getAttribute('data-verdict'), 'failed');
      assert.equal((await frrCell.innerText()).replace(/\s+/g, ' ').trim(), 'failed switchover 80 ms, expected under 50 ms');
      const dev = page.locator('#matrix tbody tr', { hasText: 'state: PVRP converges' }).locator('td').nth(2);
      assert.match(await dev.innerText(), /deviation\s+PVRP is not in FRR/);
      const m = page.locator('#measurements tbody tr', { hasText: 'traffic_switchover_ms' });
      assert.ok(await m.isVisible());
      assert.deepEqual((await m.locator('td').allInnerTexts()).slice(-2), ['12.5ms', '80ms']);
      const bfd = page.locator('#measurements tbody tr', { hasText: 'bfd_detection_ms' });
      assert.deepEqual((await bfd.locator('td').allInnerTexts()).slice(-2), ['30ms', '27ms']);
      assert.ok(await page.locator('#matrix th.suite', { hasText: 'pvrp-ecmp' }).isVisible());
      assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'no external request');
    } finally {
      await ctx.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
