/** `netproof run [suite...]`: run suites with Playwright Test against a target, then report. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parsed, UsageError } from './args';
import { REPO_ROOT, JSON_RESULTS_FILE, PLAYWRIGHT_HTML_DIR, OUTPUT_DIR } from '../reports/allure-meta';
import { readSummary, formatSummary } from '../reports/summary';
import { buildAllureReport } from '../reports/allure';
import { loadInventory } from '../drivers/inventory';

export function knownSuites(): string[] {
  const dir = path.join(REPO_ROOT, 'suites');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.readdirSync(path.join(dir, d.name)).some((f) => f.endsWith('.spec.ts')))
    .map((d) => d.name)
    .sort();
}

export async function run(p: Parsed, out: (s: string) => void): Promise<number> {
  const suites = knownSuites();
  const chosen = p.positional.length ? p.positional : suites;
  for (const s of chosen) {
    if (!suites.includes(s)) throw new UsageError(`unknown suite '${s}' (known: ${suites.join(', ') || 'none'})`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NETPROOF_TARGET: 'reference' };
  delete env.NETPROOF_INVENTORY;
  const target = p.flags.get('target');
  if (typeof target === 'string' && target !== 'reference' && /^[a-z][a-z0-9-]*$/.test(target) && !fs.existsSync(target)) {
    // A target kind registered in targets/index.ts (`--target frr`), not an inventory file.
    // Loaded only here: targets/ brings the reference lab's modules with it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { knownTargetKinds } = require('../targets') as typeof import('../targets');
    const kinds = knownTargetKinds().filter((k) => k !== 'inventory');
    if (!kinds.includes(target)) throw new UsageError(`--target ${target}: no such target kind or inventory file (kinds: ${kinds.join(', ')})`);
    env.NETPROOF_TARGET = target;
    env.NETPROOF_TARGET_KIND = target;
  } else if (typeof target === 'string' && target !== 'reference') {
    const file = path.resolve(target);
    // Validate before starting anything: a bad inventory is bad input (exit 2, one line).
    try {
      await loadInventory(file);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    env.NETPROOF_TARGET = path.basename(file).replace(/\.ya?ml$/, '');
    env.NETPROOF_INVENTORY = file;
  }
  const speed = p.flags.get('speed');
  if (typeof speed === 'string') {
    if (!(Number(speed) > 0)) throw new UsageError('--speed must be a number > 0');
    env.NETPROOF_SPEED = speed;
  }
  if (p.flags.has('update-golden')) env.NETPROOF_UPDATE_GOLDEN = '1';
  // SSH devices: accept any host key (labs only); read by drivers/connect.ts in the suites.
  if (p.flags.has('insecure-accept-host-key')) env.NETPROOF_INSECURE_ACCEPT_HOST_KEY = '1';
  fs.rmSync(path.join(OUTPUT_DIR, 'allure-results'), { recursive: true, force: true });
  fs.rmSync(JSON_RESULTS_FILE, { force: true });
  const cli = path.join(path.dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
  const args = [cli, 'test', ...chosen.map((s) => `suites/${s}/`)];
  out(`netproof: running ${chosen.join(', ')} against ${env.NETPROOF_TARGET}\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 1)));
    child.on('error', () => resolve(1));
  });
  let failed = code !== 0;
  if (fs.existsSync(JSON_RESULTS_FILE)) {
    const s = readSummary(JSON_RESULTS_FILE);
    out('\n' + formatSummary(s, { verbose: true }));
    failed = s.failed > 0 || code !== 0;
  } else {
    out('netproof: no results were written (Playwright exited ' + code + ')\n');
  }
  if (!p.flags.has('no-report')) {
    const r = await buildAllureReport();
    out(`report: ${r.message}\n`);
    out(`report: Playwright HTML report in ${path.relative(process.cwd(), PLAYWRIGHT_HTML_DIR) || PLAYWRIGHT_HTML_DIR}\n`);
  }
  return failed ? 1 : 0;
}

export async function report(out: (s: string) => void): Promise<number> {
  const r = await buildAllureReport();
  out(`${r.message}\n`);
  out(`Playwright HTML report: ${PLAYWRIGHT_HTML_DIR}\n`);
  return r.ok ? 0 : 1;
}
