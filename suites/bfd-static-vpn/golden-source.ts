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
  buildErrata(files);
  return files;
}

/** Replace one exact line (whitespace-insensitive match) of a document output; throw if absent, so a changed seed is noticed. */
function edit(text: string, edits: Array<[string, string | null]>, file: string): string {
  let lines = text.split('\n');
  const norm = (l: string) => l.trim().replace(/\s+/g, ' ');
  for (const [from, to] of edits) {
    const i = lines.findIndex((l) => norm(l) === norm(from));
    if (i < 0) throw new Error(`${file}: no line '${from}' to correct`);
    if (to === null) lines = [...lines.slice(0, i), ...lines.slice(i + 1)];
    else lines[i] = to;
  }
  return lines.join('\n');
}

/**
 * The corrected outputs (ERRATA.md E5-E11): each one is the document's own text with the listed
 * lines changed, so the rest of the output is still checked against the document.
 */
export function buildErrata(files: Map<string, string>): void {
  const fix = (rel: string, edits: Array<[string, string | null]>, suffix = '.errata.txt') => {
    const src = files.get(rel);
    if (src === undefined) throw new Error(`no golden ${rel}`);
    files.set(rel.replace(/\.txt$/, suffix), edit(src, edits, rel));
  };
  // E5: routes were already advertised when the peers came up; VRP lists peers by address.
  fix('PE1/step6-1-display-bgp-vpnv4-all-peer.txt', [
    ['4.4.4.4         4   100      205      202       0 03:05:25 Established       0', '3.3.3.3         4   100      197      254       0 03:06:54 Established       2'],
    ['3.3.3.3         4   100      197      254       0 03:06:54 Established       0', '4.4.4.4         4   100      205      202       0 03:05:25 Established       1'],
  ]);
  const upIntervals: Array<[string, string]> = [
    ['Actual Tx Interval (ms): -                Actual Rx Interval (ms): -', '  Actual Tx Interval (ms): 10               Actual Rx Interval (ms): 10'],
    ['Local Detect Multi     : 3                Detect Interval (ms)   : -', '  Local Detect Multi     : 3                Detect Interval (ms)   : 30'],
  ];
  // E6: PE1's Up session.
  fix('PE1/step7-1-display-bfd-session-all-verbose.txt', [
    ['Local Discriminator    : 8192             Remote Discriminator   : ce1_to_pe1', '  Local Discriminator    : 8192             Remote Discriminator   : 8192'],
    ['Vpn Instance Name      : vpna', '  Vpn Instance Name      : VPNA'],
    ...upIntervals,
    ['Destination Port       : 3784             TTL                    : 254', '  Destination Port       : 3784             TTL                    : 255'],
    ['Session Not Up Reason  : In negotiation', null],
  ]);
  // E7: CE1's two Up sessions.
  fix('CE1/step7-2-display-bfd-session-all-verbose.txt', [
    ['Bind Interface         : GigabitEthernet0/1/0', '  Bind Interface         : GigabitEthernet0/1/0\n  Bind Source IP Address : 10.1.1.1'],
    ['Bind Interface         : GigabitEthernet0/2/0', '  Bind Interface         : GigabitEthernet0/2/0\n  Bind Source IP Address : 10.2.1.1'],
    ...upIntervals,
    ...upIntervals,
    ['PDT Index              : FSM-5020000 | RCV-0 | IF-5020000 | TOKEN-0', null],
    ['PDT Index              : FSM-5020000 | RCV-0 | IF-5020000 | TOKEN-0', null],
    ['Local Discriminator    : 8193             Remote Discriminator   : 8193', '  Local Discriminator    : 8193             Remote Discriminator   : 8192'],
  ]);
  // E8: no 127.0.0.0/8 in a VPN instance's table (as in the document's three other VPN tables).
  fix('PE1/step9-1-display-ip-routing-table-vpn-instance-VPNA.txt', [
    ['Destinations : 8        Routes : 8', '         Destinations : 7        Routes : 7'],
    ['127.0.0.0/8   Direct 0    0         D  127.0.0.1       InLoopBack0', null],
  ]);
  // E10: PE1's session after CE1's port went down (the carrier drops: diagnostic Path Down).
  fix('PE1/step9-5-display-bfd-session-all-verbose.txt', [
    ['Local Discriminator    : 8192             Remote Discriminator   : 8192', '  Local Discriminator    : 8192             Remote Discriminator   : 0'],
    ['Bind Interface         : GigabitEthernet0/3/0', '  Bind Interface         : GigabitEthernet0/3/0\n  Vpn Instance Name      : VPNA\n  Bind Source IP Address : 10.1.1.2'],
    ['FSM Board Id           : 3                TOS-EXP                : 7', '  FSM Board Id           : 3                TOS-EXP                : 6'],
    ['Last Local Diagnostic  : No Diagnostic', '  Last Local Diagnostic  : Path Down'],
    ['Session Not Up Reason  : In negotiation', '  Session Not Up Reason  : Interface Down'],
    ['Total UP/DOWN Session Number : 1/0', '     Total UP/DOWN Session Number : 0/1'],
  ]);
  // E9: the route to CE1 that PE1 learns from PE2 is IBGP.
  fix('PE1/step9-6-display-ip-routing-table-vpn-instance-VPNA.txt', [['1.1.1.1/32  EBGP   255  0           RD  3.3.3.3         GigabitEthernet0/2/0', '        1.1.1.1/32  IBGP   255  0          RD  3.3.3.3         GigabitEthernet0/2/0']]);
  // E11: the same trace when PE3 hashes the flow onto PE1.
  fix(
    'CE2/step9-4-tracert-1.1.1.1.txt',
    [
      ['2 10.2.1.2 < AS=100 > 6 ms  5 ms  2 ms', ' 2 10.1.1.2 < AS=100 > 6 ms  5 ms  2 ms'],
      ['3 10.2.1.1 < AS=100 > 6 ms  6 ms  5 ms', ' 3 10.1.1.1 < AS=100 > 6 ms  6 ms  5 ms'],
    ],
    '.alt.txt',
  );
}
