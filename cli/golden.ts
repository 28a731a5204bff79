/** `netproof golden <suite>`: rewrite a suite's golden files from its document (the only way they change). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parsed, UsageError } from './args';
import { REPO_ROOT } from '../reports/allure-meta';

export async function golden(p: Parsed, out: (s: string) => void): Promise<number> {
  const suite = p.positional[0];
  const withGolden = fs
    .readdirSync(path.join(REPO_ROOT, 'suites'))
    .filter((d) => fs.existsSync(path.join(REPO_ROOT, 'suites', d, 'golden-source.ts')))
    .sort();
  if (!suite || !withGolden.includes(suite)) throw new UsageError(`usage: netproof golden <suite> (suites with golden files: ${withGolden.join(', ') || 'none'})`);
  const src = path.join(REPO_ROOT, 'suites', suite, 'golden-source.ts');
  const seeds = (p.flags.get('seeds') as string | undefined) ?? path.join(REPO_ROOT, '..', 'shared', 'seeds');
  if (!fs.existsSync(seeds)) throw new UsageError(`seed documents not found at ${seeds} (use --seeds DIR)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(src) as { buildGolden(dir: string): Map<string, string> };
  const files = mod.buildGolden(seeds);
  const dir = path.join(REPO_ROOT, 'suites', suite, 'golden');
  let changed = 0;
  for (const [rel, text] of files) {
    const f = path.join(dir, rel);
    const old = fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined;
    if (old === text) continue;
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    changed++;
    out(`${old === undefined ? 'added' : 'updated'} ${path.relative(REPO_ROOT, f)}\n`);
  }
  out(`${files.size} golden files, ${changed} changed\n`);
  return 0;
}
