/**
 * Where pvrp-ecmp's golden files come from (run by `netproof golden pvrp-ecmp`):
 *  - golden/r2/<command>.txt: the six outputs of seed 000, verbatim;
 *  - golden/r2/<command>.errata.txt: the converged expectation where ERRATA.md says the seed
 *    was captured before convergence, taken from real freeRtr's converged capture
 *    (seeds/000-freertr-captures/r2-converged.txt), shown in the seed's column set and table form.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractTables, slug } from '../lib/golden';
import { parseTable } from '../../drivers/platforms/freertr/table';
import { renderFreeRtrFancy } from '../../reference-impl/show/table';

export const SEED = '000_e7be36cc6cfbb809.txt';
export const CAPTURE = path.join('000-freertr-captures', 'r2-converged.txt');

/** Commands whose seed output was captured mid-convergence (ERRATA.md E1-E3). */
export const ERRATA_COMMANDS = ['show ipv6 pvrp 1 sum', 'show ipv6 pvrp 1 rou', 'show ipv6 route v1'];

/** The capture spells the commands out or abbreviates them like the seed does. */
function captureBlock(capture: string, command: string): string {
  const blocks = capture.split(/r2#r2#/);
  const b = blocks.find((x) => x.startsWith(command + '\n'));
  if (!b) throw new Error(`${CAPTURE}: no output of '${command}'`);
  return b.slice(command.length + 1).replace(/\n+r2#\s*$/, '');
}

export function buildGolden(seedsDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const doc = fs.readFileSync(path.join(seedsDir, SEED), 'utf8');
  for (const t of extractTables(doc)) files.set(path.join(t.host, slug(t.command) + '.txt'), t.text);
  const capture = fs.readFileSync(path.join(seedsDir, CAPTURE), 'utf8');
  for (const cmd of ERRATA_COMMANDS) {
    const t = parseTable(captureBlock(capture, cmd), { device: 'r2', command: cmd });
    // The newer freeRtr adds an `other` column and prints counts as "6+0"; the seed has neither.
    const headers = t.headers.filter((h) => h !== 'other');
    const rows = t.rows.map((r) => headers.map((h) => r.cells[h].replace(/^(\d+)\+0$/, '$1')));
    files.set(path.join('r2', slug(cmd) + '.errata.txt'), renderFreeRtrFancy({ headers, rows }));
  }
  return files;
}
