// The import-direction check (DESIGN.md, "Layout and the direction of imports"), run by
// `npm run lint`. drivers/ and reference-impl/ never import each other; layers inside each
// only import downwards. `checkImports` is pure (a map of files in, violations out); the
// bottom of this file scans the real tree when run as a script.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A forbidden direction: a file under `from` must not import anything under a `forbid` entry. */
export interface ImportRule {
  from: string;
  forbid: string[];
}

/** Folder prefixes, relative to the repository root, ending with "/". */
export const IMPORT_RULES: readonly ImportRule[] = [
  { from: 'drivers/', forbid: ['reference-impl/', 'suites/'] },
  { from: 'reference-impl/', forbid: ['drivers/', 'suites/', 'reports/', 'cli/'] },
  { from: 'topologies/', forbid: ['drivers/', 'reference-impl/'] },
  // reference-impl: cli -> protocols -> net -> sim; mgmt and show above them.
  { from: 'reference-impl/sim/', forbid: ['reference-impl/net/', 'reference-impl/protocols/', 'reference-impl/show/', 'reference-impl/cli/', 'reference-impl/mgmt/'] },
  { from: 'reference-impl/net/', forbid: ['reference-impl/protocols/', 'reference-impl/cli/', 'reference-impl/show/', 'reference-impl/mgmt/'] },
  { from: 'reference-impl/protocols/', forbid: ['reference-impl/cli/', 'reference-impl/mgmt/'] },
  // drivers: transport -> channel -> session -> platforms, none imports the one above it.
  { from: 'drivers/transport/', forbid: ['drivers/channel/', 'drivers/session/', 'drivers/platforms/'] },
  { from: 'drivers/channel/', forbid: ['drivers/session/', 'drivers/platforms/'] },
  { from: 'drivers/session/', forbid: ['drivers/platforms/'] },
];

/** Top-level folders scanned. */
export const SCANNED_DIRS: readonly string[] = ['drivers', 'reference-impl', 'suites', 'topologies', 'reports', 'cli', 'bin'];

export interface ImportRef {
  specifier: string;
  line: number;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  /** Resolved target, relative to the root. */
  target: string;
  from: string;
  forbidden: string;
}

export interface CheckResult {
  fileCount: number;
  violations: Violation[];
}

/**
 * Blanks out comments (keeping newlines, so offsets and line numbers stay) so that an import
 * in a doc comment is not read. Strings, template literals and regex literals are skipped over
 * so that "//" or "/*" inside them is not taken for a comment.
 */
export function stripComments(src: string): string {
  const out = src.split('');
  const n = src.length;
  let i = 0;
  let lastSignificant = ''; // last non-space char outside comments, for the regex heuristic
  let lastWord = '';
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      let j = i;
      while (j < n && src[j] !== '\n') j++;
      blank(i, j);
      i = j;
      continue;
    }
    if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const j = end < 0 ? n : end + 2;
      blank(i, j);
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      lastSignificant = c;
      lastWord = '';
      continue;
    }
    if (c === '`') {
      // Template literal; ${ ... } nesting with inner templates is rare in import-bearing code.
      let j = i + 1;
      while (j < n && src[j] !== '`') j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      lastSignificant = c;
      lastWord = '';
      continue;
    }
    if (c === '/') {
      const regexAllowed = lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant) ||
        ['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'void', 'yield', 'await'].includes(lastWord);
      if (regexAllowed) {
        let j = i + 1;
        let inClass = false;
        while (j < n && src[j] !== '\n') {
          if (src[j] === '\\') { j += 2; continue; }
          if (src[j] === '[') inClass = true;
          else if (src[j] === ']') inClass = false;
          else if (src[j] === '/' && !inClass) break;
          j++;
        }
        if (j < n && src[j] === '/') {
          i = j + 1;
          lastSignificant = '/';
          lastWord = '';
          continue;
        }
      }
    }
    if (/[A-Za-z0-9_$]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(src[j])) j++;
      lastWord = src.slice(i, j);
      lastSignificant = src[j - 1];
      i = j;
      continue;
    }
    if (!/\s/.test(c)) {
      lastSignificant = c;
      lastWord = '';
    }
    i++;
  }
  return out.join('');
}

const IMPORT_PATTERNS: readonly RegExp[] = [
  // import x from '..', import {a, b} from '..', import type {T} from '..', import * as n from '..',
  // export * from '..', export {a} from '..', export type {T} from '..', export * as n from '..'
  /\b(?:import|export)\b(?!\s*\()[^;'"`()]*?\bfrom\s*(['"])([^'"\n]+)\1/g,
  // import '..' (side effects only)
  /\bimport\s*(['"])([^'"\n]+)\1/g,
  // import('..')
  /\bimport\s*\(\s*(['"`])([^'"`\n]+)\1\s*[,)]/g,
  // require('..'), import x = require('..')
  /\brequire\s*\(\s*(['"`])([^'"`\n]+)\1\s*\)/g,
];

/** Import, export-from, require and dynamic import specifiers of a TypeScript source, with lines. */
export function findImports(src: string): ImportRef[] {
  const code = stripComments(src);
  const found = new Map<number, ImportRef>();
  const lineStarts: number[] = [0];
  for (let k = 0; k < code.length; k++) if (code[k] === '\n') lineStarts.push(k + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const re of IMPORT_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(code); m !== null; m = re.exec(code)) {
      const offset = m.index + m[0].lastIndexOf(m[2]);
      if (!found.has(offset)) found.set(offset, { specifier: m[2], line: lineOf(offset) });
    }
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

/** Resolves a relative specifier against the importing file (both relative to the root); undefined for packages or paths outside the root. */
export function resolveSpecifier(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined)) return undefined;
  return joined;
}

function under(p: string, folder: string): boolean {
  return p === folder.slice(0, -1) || p.startsWith(folder);
}

/** The pure check: `files` maps root-relative paths ("drivers/x.ts") to their source text. */
export function checkImports(files: ReadonlyMap<string, string> | Readonly<Record<string, string>>, rules: readonly ImportRule[] = IMPORT_RULES): CheckResult {
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
  const violations: Violation[] = [];
  for (const [rawFile, src] of entries.sort((a, b) => a[0].localeCompare(b[0]))) {
    const file = rawFile.replace(/\\/g, '/');
    const applicable = rules.filter((r) => under(file, r.from));
    if (applicable.length === 0) continue;
    for (const ref of findImports(src)) {
      const target = resolveSpecifier(file, ref.specifier);
      if (target === undefined) continue;
      // Most specific rule first, so the message names the layers involved.
      const hit = applicable
        .slice()
        .sort((a, b) => b.from.length - a.from.length)
        .flatMap((r) => r.forbid.filter((f) => under(target, f)).map((f) => ({ from: r.from, forbidden: f })))[0];
      if (hit) violations.push({ file, line: ref.line, specifier: ref.specifier, target, ...hit });
    }
  }
  return { fileCount: entries.length, violations };
}

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line} imports '${v.specifier}' (${v.from} must not import ${v.forbidden})`;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.state', 'test-results', 'playwright-report']);
/** Generated output (git-ignored), skipped by path. */
const SKIP_PATHS = new Set(['reports/output', 'reports/allure-results', 'reports/allure-report']);

/** Reads every .ts file under the scanned folders of `root` into a map keyed by root-relative path. */
export function readTree(root: string, dirs: readonly string[] = SCANNED_DIRS): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !SKIP_PATHS.has(child)) walk(child);
      } else if (e.isFile() && e.name.endsWith('.ts')) {
        files.set(child, fs.readFileSync(path.join(root, child), 'utf8'));
      }
    }
  };
  for (const d of dirs) walk(d);
  return files;
}

/** Runs the check on a tree and prints the result; returns the exit code. */
export function main(root: string = path.resolve(__dirname, '..'), log: (line: string) => void = (l) => console.log(l)): number {
  const { fileCount, violations } = checkImports(readTree(root));
  for (const v of violations) log(formatViolation(v));
  if (violations.length > 0) {
    log(`import direction: ${violations.length} violation${violations.length === 1 ? '' : 's'} (${fileCount} files)`);
    return 1;
  }
  log(`import direction: ok (${fileCount} files)`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main();
}
