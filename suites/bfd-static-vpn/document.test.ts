/** The seed read as steps, the VRP golden masks, and prompt parsing for typed lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument, configurationFiles, promptHost } from './document';
import { maskOutput, compareVrp } from './masks';
import { parsePrompt } from './typing';
import { buildGolden, type StepsFile } from './golden-source';

const GOLDEN = path.join(__dirname, 'golden');
const steps = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'steps.json'), 'utf8')) as StepsFile;

const DOC = `#### Procedure

1. Configure IGP.
   # Configure PE1.
   \`\`\`
   <HUAWEI> system-view
   [~HUAWEI] sysname PE1
   [*HUAWEI] commit
   \`\`\`
   \`\`\`
   <PE1> display ip routing-table
   \`\`\`
   \`\`\`
   Routing Table: _public_
   \`\`\`
2. Verify.
   # On CE1, run tracert.
   \`\`\`
   <CE3> tracert 10.3.1.2
    1 10.2.1.2 50 ms
   \`\`\`
#### Configuration Files

* PE1 configuration file
  \`\`\`
  #
  sysname PE1
  #
  return
  \`\`\`
`;

void test('steps: typed lines keep their prompts; a display takes the output of the next block; headings name the node', () => {
  const s = parseDocument(DOC);
  assert.equal(s.length, 2);
  assert.deepEqual(s[0].items[0], { kind: 'config', node: 'PE1', lines: [
    { prompt: '<HUAWEI>', command: 'system-view' },
    { prompt: '[~HUAWEI]', command: 'sysname PE1' },
    { prompt: '[*HUAWEI]', command: 'commit' },
  ] });
  assert.deepEqual(s[0].items[1], { kind: 'verify', node: 'PE1', prompt: '<PE1>', command: 'display ip routing-table', output: 'Routing Table: _public_\n' });
  // The document's <CE3> under "On CE1": the heading names the node.
  assert.deepEqual(s[1].items[0], { kind: 'verify', node: 'CE1', prompt: '<CE3>', command: 'tracert 10.3.1.2', output: ' 1 10.2.1.2 50 ms\n' });
  assert.equal(configurationFiles(DOC).get('PE1'), '#\nsysname PE1\n#\nreturn\n');
  assert.equal(promptHost('[*PE1-bgp-VPNA]'), 'PE1');
});

void test('the committed steps.json covers the procedure: 9 steps, every node configured, 16 outputs', () => {
  assert.deepEqual(steps.steps.map((s) => s.n), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const nodes = new Set(steps.steps.flatMap((s) => s.items.filter((i) => i.kind === 'config').map((i) => i.node)));
  assert.deepEqual([...nodes].sort(), ['CE1', 'CE2', 'PE1', 'PE2', 'PE3']);
  const verifies = steps.steps.flatMap((s) => s.items.filter((i) => i.kind === 'verify'));
  assert.equal(verifies.length, 16);
  for (const v of verifies) if (v.kind === 'verify') assert.ok(fs.existsSync(path.join(GOLDEN, v.golden)), v.golden);
});

void test('masks: volatile values hidden, spacing and ECMP order ignored, real differences kept', () => {
  const a = ' 3.3.3.3:0          Operational DU   Passive  0000:02:22   572/572';
  const b = ' 3.3.3.3:0   Operational DU Passive 0000:00:01 3/3';
  assert.equal(maskOutput('display mpls ldp session', a), maskOutput('display mpls ldp session', b));
  assert.notEqual(maskOutput('display mpls ldp session', a), maskOutput('display mpls ldp session', b.replace('Passive', 'Active')));
  const t1 = '1.1.1.1/32  IBGP   255  0  RD  3.3.3.3  GE0/2/0\n            IBGP   255  0  RD  2.2.2.2  GE0/1/0\n10.1.1.0/24 Direct 0 0 D 10.1.1.2 GE0/3/0';
  const t2 = '1.1.1.1/32  IBGP   255  0  RD  2.2.2.2  GE0/1/0\n            IBGP   255  0  RD  3.3.3.3  GE0/2/0\n10.1.1.0/24 Direct 0 0 D 10.1.1.2 GE0/3/0';
  assert.ok(compareVrp('x', 'display ip routing-table vpn-instance VPNA', t1, t2).ok);
  const r = compareVrp('x', 'display ip routing-table vpn-instance VPNA', t1, t2.replace('3.3.3.3', '4.4.4.4'));
  assert.equal(r.ok, false);
  assert.match(r.diff, /4\.4\.4\.4/);
  assert.equal(maskOutput('tracert 1.1.1.1', ' 2 10.2.1.2 < AS=100 > 6 ms  5 ms  2 ms'), '2 10.2.1.2 < AS=100 > <ms> <ms> <ms>');
});

void test('prompts: views, candidate marks, the factory name stands for the node', () => {
  assert.deepEqual(parsePrompt('[*HUAWEI-LoopBack1]', 'PE1'), { user: false, cand: '*', host: 'PE1', view: 'LoopBack1' });
  assert.deepEqual(parsePrompt('<CE1>', 'CE1'), { user: true, host: 'CE1', view: '' });
  assert.deepEqual(parsePrompt('[~PE1-ospf-1-area-0.0.0.0]', 'PE1'), { user: false, cand: '~', host: 'PE1', view: 'ospf-1-area-0.0.0.0' });
  assert.equal(parsePrompt('PE1#', 'PE1'), undefined);
});

const seeds = path.join(__dirname, '..', '..', '..', 'shared', 'seeds');
void test('committed bfd-static-vpn golden files are exactly what `netproof golden` extracts, and each errata file differs from its document output', { skip: fs.existsSync(seeds) ? false : `seed documents not found at ${seeds}` }, () => {
  const files = buildGolden(seeds);
  assert.equal(files.size, 29);
  for (const [rel, text] of files) assert.equal(fs.readFileSync(path.join(GOLDEN, rel), 'utf8'), text, rel);
  for (const [rel, text] of files) {
    if (!/\.(errata|alt)\.txt$/.test(rel)) continue;
    const doc = files.get(rel.replace(/\.(errata|alt)\.txt$/, '.txt'))!;
    const cmd = steps.steps.flatMap((s) => s.items).find((i) => i.kind === 'verify' && rel.startsWith(i.golden.replace(/\.txt$/, '')));
    assert.ok(cmd && cmd.kind === 'verify', rel);
    assert.equal(compareVrp(rel, cmd.command, doc, text).ok, false, `${rel} corrects something`);
  }
});
