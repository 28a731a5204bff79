/**
 * `netproof compare RESULTS... [--out DIR]`: one matrix of several targets' results, as
 * comparison.html (self-contained) and comparison.json (default in reports/output/). RESULTS are
 * target folders (reports/output/<target>/) or their results.json / checks.jsonl files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parsed, UsageError } from './args';
import { COMPARISON_HTML_FILE, COMPARISON_JSON_FILE } from '../reports/allure-meta';
import { readResults, ResultsFile } from '../reports/checks';
import { compareResults, Comparison, renderComparisonHtml } from '../reports/comparison';

export interface ComparisonFiles {
  html: string;
  json: string;
  comparison: Comparison;
}

/** Reads each result set (bad input: UsageError naming the file) and writes the two files. */
export function writeComparison(inputs: readonly string[], outDir?: string): ComparisonFiles {
  const results: ResultsFile[] = inputs.map((f) => {
    if (!fs.existsSync(f)) throw new UsageError(`${f}: no such file or folder`);
    try {
      return readResults(f);
    } catch (e) {
      const msg = (e as Error).message;
      throw new UsageError(msg.startsWith(f) ? msg : `${f}: ${msg}`);
    }
  });
  const comparison = compareResults(results);
  const html = outDir ? path.join(outDir, 'comparison.html') : COMPARISON_HTML_FILE;
  const json = outDir ? path.join(outDir, 'comparison.json') : COMPARISON_JSON_FILE;
  fs.mkdirSync(path.dirname(html), { recursive: true });
  fs.writeFileSync(json, JSON.stringify(comparison, null, 2) + '\n');
  fs.writeFileSync(html, renderComparisonHtml(comparison));
  return { html, json, comparison };
}

export function compare(p: Parsed, out: (s: string) => void): number {
  if (p.positional.length === 0) throw new UsageError('usage: netproof compare RESULTS... [--out DIR] (RESULTS: reports/output/<target>/ folders or their results.json)');
  const o = p.flags.get('out');
  const r = writeComparison(p.positional, typeof o === 'string' ? o : undefined);
  const rel = (f: string): string => {
    const r = path.relative(process.cwd(), f);
    return r === '' || r.startsWith('..') ? f : r;
  };
  out(`comparison of ${r.comparison.targets.join(', ')}: ${rel(r.html)} and ${rel(r.json)}\n`);
  return 0;
}
