// The import check (DESIGN.md, "Layout and the direction of imports"), run by `npm run lint`:
// an allow-list per folder (DEPS below). drivers/ and reference-impl/ never import each other;
// layers inside each only import downwards; suites/ reach devices only through the device API,
// lab control and targets/, and only targets/reference.ts (and cli/) import reference-impl/. `checkImports` is pure (a map of files in, violations out); the
// bottom of this file scans the real tree when run as a script.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The allow-list (as Playwright's DEPS.list files): for each folder, what its files may import
 * besides files of their own folder and packages. A key "X/" governs the files directly in X;
 * "X/*\/" the files directly in each folder one level below X (a "*" is one path segment); a key
 * naming a file ("targets/reference.ts") governs that file alone and replaces its folder's list.
 * A file no key governs has no rights: a new folder starts with none until it is listed here.
 * An allowed entry "Y/" admits every module under Y; "Y/m" admits the one module Y/m(.ts), or
 * the folder index Y/m/index.ts.
 */
export type Deps = Readonly<Record<string, readonly string[]>>;

const DRIVERS_BASE = ['drivers/errors'];
/** The device-API contract that platforms' getter tables are typed by (and raise). */
const API_CONTRACT = 'drivers/api/types';
const TARGETS = ['drivers/api/', 'drivers/lab/', 'drivers/model/', 'drivers/connect', 'drivers/inventory', 'drivers/errors', 'topologies/', 'targets/'];
/** The FreeRADIUS starter (tools/freeradius.ts): one implementation for the reference router's tests and the suites. */
const FREERADIUS = 'tools/freeradius';
const SUITES = ['suites/lib/', 'drivers/api/', 'drivers/lab/', 'drivers/model/', 'targets/index', 'targets/types', 'topologies/', 'reports/', FREERADIUS];
/** What only the golden builders may use (run by `netproof golden` in cli/, never by a check). */
const GOLDEN_BUILDER = ['drivers/platforms/', 'reference-impl/show/'];

export const DEPS: Deps = {
  'bin/': ['cli/'],
  'cli/': ['cli/', 'drivers/', 'reference-impl/', 'reports/', 'topologies/', 'targets/', 'suites/'],
  'bench/': ['drivers/', 'reference-impl/', 'topologies/', 'targets/', 'reports/'],
  // drivers: transport -> channel -> session -> platforms -> api (each imports only below it).
  'drivers/': ['drivers/transport/', 'drivers/channel/', 'drivers/session/', 'drivers/platforms/', 'drivers/model/', 'drivers/testing/', 'topologies/'],
  'drivers/model/': [],
  'drivers/lab/': [],
  'drivers/transport/': [...DRIVERS_BASE],
  'drivers/testing/': [...DRIVERS_BASE, 'drivers/transport/'],
  'drivers/channel/': [...DRIVERS_BASE, 'drivers/transport/', 'drivers/testing/'],
  'drivers/testing/fragment.test.ts': [...DRIVERS_BASE, 'drivers/'],
  'drivers/platforms/mode-graph.test.ts': [...DRIVERS_BASE, 'drivers/platforms/', 'drivers/session/', 'drivers/channel/', 'drivers/testing/'],
  'drivers/session/': [...DRIVERS_BASE, 'drivers/transport/', 'drivers/channel/', 'drivers/testing/'],
  'drivers/platforms/': [...DRIVERS_BASE, 'drivers/platforms/', 'drivers/session/', 'drivers/channel/', 'drivers/model/', API_CONTRACT],
  'drivers/platforms/*/': [...DRIVERS_BASE, 'drivers/platforms/getters', 'drivers/platforms/platform', 'drivers/platforms/table', 'drivers/session/', 'drivers/channel/', 'drivers/transport/', 'drivers/model/', 'drivers/testing/', 'drivers/errors', API_CONTRACT],
  'drivers/api/': [...DRIVERS_BASE, 'drivers/platforms/', 'drivers/model/', 'drivers/connect', 'drivers/session/'],
  // reference-impl: cli -> protocols -> net -> sim; mgmt, show and runtime beside them.
  'reference-impl/': ['reference-impl/', 'topologies/'],
  'reference-impl/tests/': ['reference-impl/', 'topologies/', FREERADIUS],
  'reference-impl/sim/': [],
  'reference-impl/runtime/': ['reference-impl/sim/'],
  'reference-impl/net/': ['reference-impl/sim/'],
  'reference-impl/show/': ['reference-impl/sim/', 'reference-impl/net/'],
  'reference-impl/mgmt/': ['reference-impl/sim/', 'reference-impl/runtime/'],
  'reference-impl/mgmt/gnmi/': ['reference-impl/sim/', 'reference-impl/runtime/', 'reference-impl/mgmt/'],
  'reference-impl/mgmt/gnmi/testdata/': ['reference-impl/mgmt/gnmi/'],
  'reference-impl/protocols/': ['reference-impl/net/', 'reference-impl/sim/', 'reference-impl/protocols/'],
  'reference-impl/protocols/*/': ['reference-impl/net/', 'reference-impl/sim/', 'reference-impl/protocols/'],
  // The neutral per-node configuration and the protocol host: between the dialects and the protocols.
  'reference-impl/config/': ['reference-impl/net/', 'reference-impl/sim/', 'reference-impl/protocols/'],
  // The RADIUS socket implements the accounting sink the VRRS engine is given (its types only).
  'reference-impl/runtime/radius-acct.ts': ['reference-impl/sim/', 'reference-impl/protocols/vrrs/'],
  // Tests that start a whole lab through its real servers.
  'reference-impl/mgmt/bounded.test.ts': ['reference-impl/', 'topologies/'],
  'reference-impl/mgmt/gnmi/lab.test.ts': ['reference-impl/', 'topologies/'],
  'reference-impl/cli/': ['reference-impl/config/', 'reference-impl/cli/', 'reference-impl/protocols/', 'reference-impl/net/', 'reference-impl/sim/', 'reference-impl/show/', 'reference-impl/mgmt/', 'reference-impl/runtime/', 'reference-impl/lab', 'topologies/'],
  'reference-impl/cli/*/': ['reference-impl/config/', 'reference-impl/cli/', 'reference-impl/protocols/', 'reference-impl/net/', 'reference-impl/sim/', 'reference-impl/show/', 'reference-impl/mgmt/', 'reference-impl/runtime/', 'reference-impl/lab', 'topologies/'],
  'topologies/': [],
  // A lab folder's own loader test (topologies/evpn-mh/evpn-mh.test.ts).
  'topologies/*/': ['topologies/'],
  // The comparison page's browser test runs the real `netproof compare`.
  'reports/comparison-browser.test.ts': ['reports/', 'cli/', 'drivers/channel/transcript', 'drivers/errors', 'drivers/model/', 'drivers/lab/control', API_CONTRACT],
  'reports/': ['drivers/channel/transcript', 'drivers/errors', 'drivers/model/', 'drivers/lab/control', API_CONTRACT],
  // targets: one adapter per kind; only targets/reference.ts reaches into reference-impl (its lab).
  'targets/': TARGETS,
  'targets/reference.ts': [...TARGETS, 'reference-impl/lab'],
  'targets/frr/': TARGETS,
  // The FRR target's own integration tests read state through the frr platform's getters.
  'targets/frr/frr.test.ts': [...TARGETS, 'drivers/platforms/'],
  'targets/frr/lifecycle.test.ts': [...TARGETS, 'drivers/platforms/'],
  // suites: the device API, lab control, the neutral model, the target's index, topologies, reports.
  'suites/lib/': SUITES,
  'suites/*/': SUITES,
  'suites/*/golden-source.ts': [...SUITES, ...GOLDEN_BUILDER],
  // evpn-mh detects the DF change by a gNMI ON_CHANGE subscription (issue 11): the driver's gNMI transport.
  'suites/evpn-mh/evpn-mh.spec.ts': [...SUITES, 'drivers/transport/gnmi'],
  // The fixtures' Playwright self-test plugs in a fake target kind.
  'suites/lib/testdata/': [...SUITES, 'targets/'],
  'suites/lib/golden.test.ts': [...SUITES, ...GOLDEN_BUILDER, 'suites/pvrp-ecmp/golden-source'],
};

/** Top-level folders scanned. */
export const SCANNED_DIRS: readonly string[] = ['drivers', 'reference-impl', 'suites', 'topologies', 'reports', 'cli', 'bin', 'targets', 'bench'];

export interface ImportRef {
  specifier: string;
  line: number;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  /** Resolved target, relative to the root, without extension. */
  target: string;
  /** The DEPS key governing the file, or undefined when none does (no rights). */
  governedBy: string | undefined;
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

function segmentsMatch(pattern: string[], parts: string[]): boolean {
  return pattern.length === parts.length && pattern.every((p, i) => p === '*' || p === parts[i]);
}

/** The DEPS key that governs a file: its own entry, else its folder's (exact before wildcard). */
export function governingKey(file: string, deps: Deps = DEPS): string | undefined {
  if (deps[file] !== undefined) return file;
  const fileParts = file.split('/');
  const fileKeys = Object.keys(deps).filter((k) => !k.endsWith('/') && k.includes('*') && segmentsMatch(k.split('/'), fileParts));
  if (fileKeys.length) return fileKeys.sort((a, b) => a.split('*').length - b.split('*').length)[0];
  const dir = path.posix.dirname(file);
  const dirParts = dir === '.' ? [] : dir.split('/');
  const dirKeys = Object.keys(deps).filter((k) => k.endsWith('/') && segmentsMatch(k.slice(0, -1).split('/'), dirParts));
  return dirKeys.sort((a, b) => a.split('*').length - b.split('*').length)[0];
}

const stripExt = (p: string) => p.replace(/\.(ts|js|mjs|cjs)$/, '');

/** Whether `target` (root-relative, no extension) is admitted by one allow-list entry. */
function admits(entry: string, target: string): boolean {
  // "Y/" admits everything under Y and Y's own index (an import of '../Y').
  if (entry.endsWith('/')) return target.startsWith(entry) || target === entry.slice(0, -1);
  const e = stripExt(entry);
  return target === e || target === `${e}/index` || (e.endsWith('/index') && target === e.slice(0, -'/index'.length));
}

/** The pure check: `files` maps root-relative paths ("drivers/x.ts") to their source text. */
export function checkImports(files: ReadonlyMap<string, string> | Readonly<Record<string, string>>, deps: Deps = DEPS): CheckResult {
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
  const violations: Violation[] = [];
  for (const [rawFile, src] of entries.sort((a, b) => a[0].localeCompare(b[0]))) {
    const file = rawFile.replace(/\\/g, '/');
    const key = governingKey(file, deps);
    const allowed = key === undefined ? [] : deps[key];
    const ownDir = path.posix.dirname(file);
    for (const ref of findImports(src)) {
      const resolved = resolveSpecifier(file, ref.specifier);
      if (resolved === undefined) continue;
      const target = stripExt(resolved);
      if (path.posix.dirname(target) === ownDir) continue;
      if (allowed.some((a) => admits(a, target))) continue;
      violations.push({ file, line: ref.line, specifier: ref.specifier, target, governedBy: key });
    }
  }
  return { fileCount: entries.length, violations };
}

export function formatViolation(v: Violation): string {
  const why = v.governedBy === undefined ? 'no allow-list entry governs this folder: a new folder has no rights until tools/check-imports.ts lists it' : `not in the allow-list of ${v.governedBy}`;
  return `${v.file}:${v.line} imports '${v.specifier}' (${why})`;
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
    log(`import allow-list: ${violations.length} violation${violations.length === 1 ? '' : 's'} (${fileCount} files)`);
    return 1;
  }
  log(`import allow-list: ok (${fileCount} files)`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main();
}
