/**
 * The iosxe dialect through its terminal session: prompts and modes, enable with a secret,
 * abbreviations, IOS's errors with the caret, every command line of the VRRS document accepted
 * in its mode, the running config round trip and `show ip interface brief` from live state.
 * Names and addresses here are not the document's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab } from '../../lab';
import type { IosSession } from './session';

const SEED = '/work/shared/seeds/002_0adab221f6994d93.txt';

export async function iosLab(names = ['edge1', 'edge2'], cfgs: Record<string, string> = {}): Promise<Lab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-ios-'));
  const yml = ['name: ios', 'topology:', '  nodes:'];
  for (const n of names) {
    yml.push(`    ${n}:`, '      kind: cisco_iosxe');
    if (cfgs[n] !== undefined) {
      fs.writeFileSync(path.join(dir, `${n}.cfg`), cfgs[n]);
      yml.push(`      startup-config: ${n}.cfg`);
    }
  }
  yml.push('  links:', `    - endpoints: ["${names[0]}:GigabitEthernet0/0/0", "${names[1]}:GigabitEthernet0/0/0"]`);
  fs.writeFileSync(path.join(dir, 'ios.clab.yml'), yml.join('\n') + '\n');
  const topo = await loadTopology(path.join(dir, 'ios.clab.yml'));
  fs.rmSync(dir, { recursive: true, force: true });
  return Lab.create(topo, { mode: 'fast', telnet: false });
}

export const sess = (lab: Lab, name: string) => lab.node(name).device.sessions()('test') as IosSession;

export async function run(s: IosSession, line: string): Promise<string> {
  return (await s.execute(line)).output;
}

void test('prompts and modes: >, enable, #, configure terminal with its banner, sub-modes, exit, end, Ctrl-Z', async () => {
  const lab = await iosLab();
  const s = sess(lab, 'edge1');
  assert.equal(s.prompt(), 'edge1>');
  assert.equal(await run(s, 'enable'), '');
  assert.equal(s.prompt(), 'edge1#');
  assert.equal(await run(s, 'conf t'), 'Enter configuration commands, one per line.  End with CNTL/Z.\n');
  assert.equal(s.prompt(), 'edge1(config)#');
  await run(s, 'int gi0/0/0');
  assert.equal(s.prompt(), 'edge1(config-if)#');
  await run(s, 'exit');
  await run(s, 'interface GigabitEthernet 0/0/0.7');
  assert.equal(s.prompt(), 'edge1(config-subif)#');
  await run(s, 'interface GigE0/0/0');
  assert.equal(s.prompt(), 'edge1(config-if)#', 'a global command leaves the sub-mode');
  await run(s, 'end');
  assert.equal(s.prompt(), 'edge1#');
  await run(s, 'configure terminal');
  await run(s, 'hostname pe-x\x1a');
  assert.equal(s.prompt(), 'pe-x#');
  await run(s, 'disable');
  assert.equal(s.prompt(), 'pe-x>');
  assert.match(await run(s, 'configure terminal'), /Invalid input/);
  lab.stop();
});

void test('enable asks for the secret when one is configured; three wrong ones: % Bad secrets', async () => {
  const lab = await iosLab(['a1', 'a2'], { a1: 'enable secret s3cr3t-x\n' });
  const s = sess(lab, 'a1');
  await run(s, 'en');
  assert.equal(s.prompt(), 'Password: ');
  assert.ok(s.secretInput());
  await run(s, 'wrong');
  await run(s, 'wrong2');
  assert.equal(await run(s, 'wrong3'), '% Bad secrets\n\n');
  assert.equal(s.prompt(), 'a1>');
  await run(s, 'enable');
  await run(s, 's3cr3t-x');
  assert.equal(s.prompt(), 'a1#');
  const rc = await run(s, 'show running-config');
  assert.doesNotMatch(rc, /s3cr3t-x/);
  assert.match(rc, /^enable secret 9 \$9\$/m);
  lab.stop();
});

void test("IOS's errors: caret under the bad word, incomplete, ambiguous, unknown exec word", async () => {
  const lab = await iosLab();
  const s = sess(lab, 'edge1');
  await run(s, 'enable');
  assert.equal(await run(s, 'show ip bogus'), `${' '.repeat('edge1#show ip '.length)}^\n% Invalid input detected at '^' marker.\n\n`);
  assert.equal(await run(s, 'show'), '% Incomplete command.\n\n');
  assert.equal(await run(s, 'foo'), '% Unknown command or computer name, or unable to find computer address\n');
  await run(s, 'conf t');
  assert.equal(await run(s, 'interface gi0/0/0'), '');
  assert.equal(await run(s, 'ip address 10.9.9.1 255.255.255.0 blah'), `${' '.repeat('edge1(config-if)#ip address 10.9.9.1 255.255.255.0 '.length)}^\n% Invalid input detected at '^' marker.\n\n`);
  assert.equal(await run(s, 'ip address'), '% Incomplete command.\n\n');
  assert.match(await run(s, 'interface gi0/0/0.5'), /^$/);
  assert.match(await run(s, 'encapsulation dot1Q 5000'), /\^\n% Invalid input/);
  assert.match(await run(s, 'ip address 10.5.5.1 255.255.255.0'), /IEEE 802.1Q/);
  lab.stop();
});

void test('abbreviations, do, terminal length 0, show ip interface brief from live state', async () => {
  const lab = await iosLab();
  const s = sess(lab, 'edge1');
  await run(s, 'en');
  assert.equal(await run(s, 'term len 0'), '');
  await run(s, 'conf t');
  for (const l of ['int gi0/0/0', 'no ip addr', 'int gi0/0/0.11', 'encap dot1q 11', 'ip add 10.71.0.1 255.255.255.0', 'int Gi0/0/0.12', 'encapsulation dot1Q 12', 'ip address 10.72.0.1 255.255.255.0', 'shut']) {
    assert.equal(await run(s, l), '', l);
  }
  const br = await run(s, 'do sh ip int br');
  const lines = br.trimEnd().split('\n');
  assert.equal(lines[0], 'Interface              IP-Address      OK? Method Status                Protocol');
  assert.equal(lines[1], 'GigabitEthernet0/0/0   unassigned      YES manual up                    up');
  assert.equal(lines[2], 'GigabitEthernet0/0/0.11 10.71.0.1       YES manual up                    up');
  assert.equal(lines[3], 'GigabitEthernet0/0/0.12 10.72.0.1       YES manual administratively down down');
  lab.stop();
});
