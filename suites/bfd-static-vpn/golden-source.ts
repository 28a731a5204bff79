/**
 * Where bfd-static-vpn's files come from (run by `netproof golden bfd-static-vpn`), all from
 * seed 003, verbatim:
 *  - golden/steps.json: the procedure's steps, each node's typed lines with the prompts the
 *    document shows, and the verification commands in document order;
 *  - golden/<node>/step<N>-<k>-<command>.txt: the output the document prints for each of them;
 *  - golden/config-files/<node>.cfg: the document's "Configuration Files".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { slug } from '../lib/golden';
import { configurationFiles, parseDocument } from './document';

export const SEED = '003_ec677ba149024c37.txt';

export interface StepsFile {
  seed: string;
  steps: Array<{
    n: number;
    title: string;
    items: Array<
      | { kind: 'config'; node: string; lines: Array<{ prompt: string; command: string }> }
      | { kind: 'verify'; node: string; prompt: string; command: string; golden: string }
    >;
  }>;
}

export function buildGolden(seedsDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const doc = fs.readFileSync(path.join(seedsDir, SEED), 'utf8');
  const out: StepsFile = { seed: SEED, steps: [] };
  for (const s of parseDocument(doc)) {
    let k = 0;
    const items: StepsFile['steps'][number]['items'] = [];
    for (const it of s.items) {
      if (it.kind === 'config') {
        items.push(it);
        continue;
      }
      const rel = path.join(it.node, `step${s.n}-${++k}-${slug(it.command)}.txt`);
      files.set(rel, it.output);
      items.push({ kind: 'verify', node: it.node, prompt: it.prompt, command: it.command, golden: rel });
    }
    out.steps.push({ n: s.n, title: s.title, items });
  }
  files.set('steps.json', JSON.stringify(out, null, 1) + '\n');
  for (const [node, text] of configurationFiles(doc)) files.set(path.join('config-files', `${node}.cfg`), text);
  return files;
}
