/**
 * The iosxe dialect through its terminal session: prompts and modes, enable with a secret,
 * abbreviations, IOS's errors with the caret, every command line of the VRRS document accepted
 * in its mode, the running config round trip and `show ip interface brief` from live state.
 * Names and addresses here are not the document's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { iosLab, run, sess } from './testutil';

const SEED = '/work/shared/seeds/002_0adab221f6994d93.txt';

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
  await lab.stop();
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
  await lab.stop();
});

void test("IOS's errors: caret under the bad word, incomplete, ambiguous, unknown exec word", async () => {
  const lab = await iosLab();
  const s = sess(lab, 'edge1');
  await run(s, 'enable');
  assert.equal(await run(s, 'show ip bogus'), `${' '.repeat('edge1#show ip '.length)}^\n% Invalid input detected at '^' marker.\n\n`);
  assert.equal(await run(s, 'show'), '% Incomplete command.\n\n');
  assert.equal(await run(s, 'foo'), '% Unknown command or computer name, or unable to find computer address\n');
  assert.equal(await run(s, 'show i'), '% Ambiguous command:  "show i"\n');
  assert.equal(await run(s, 'sh vrr'), '% Ambiguous command:  "sh vrr"\n');
  await run(s, 'conf t');
  assert.equal(await run(s, 'e'), '% Ambiguous command:  "e"\n');
  assert.equal(await run(s, 'interface gi0/0/0'), '');
  assert.equal(await run(s, 'ip address 10.9.9.1 255.255.255.0 blah'), `${' '.repeat('edge1(config-if)#ip address 10.9.9.1 255.255.255.0 '.length)}^\n% Invalid input detected at '^' marker.\n\n`);
  assert.equal(await run(s, 'ip address'), '% Incomplete command.\n\n');
  assert.match(await run(s, 'interface gi0/0/0.5'), /^$/);
  assert.match(await run(s, 'encapsulation dot1Q 5000'), /\^\n% Invalid input/);
  assert.match(await run(s, 'ip address 10.5.5.1 255.255.255.0'), /IEEE 802.1Q/);
  await lab.stop();
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
  await lab.stop();
});

/** Every `Router...# command` line of the document, with the prompt's mode. */
function seedLines(): Array<{ mode: string; line: string }> {
  const out: Array<{ mode: string; line: string }> = [];
  const re = /Router(>|#|\((config[\w-]*)\)#) ?([^<\n]+)/g;
  for (const m of fs.readFileSync(SEED, 'utf8').matchAll(re)) {
    const line = m[3].split('\t')[0].replace(/&quot;/g, '"').replace('account- delay', 'account-delay').trim();
    if (!line) continue;
    out.push({ mode: m[1] === '>' ? 'user' : m[1] === '#' ? 'exec' : m[2]!, line });
  }
  return out;
}

const MODE_OF: Record<string, string[]> = {
  user: ['user'],
  exec: ['exec'],
  config: ['cfg'],
  'config-if': ['cfg-if', 'cfg-subif'],
  'config-subif': ['cfg-subif'],
  'config-attr-list': ['cfg-attr-list'],
  'config-vrrs': ['cfg-vrrs'],
};

void test('every command line the document types is accepted in the mode its prompt names', async () => {
  const lines = seedLines();
  assert.ok(lines.length > 60, `found ${lines.length} lines`);
  const lab = await iosLab(['doc', 'peer']);
  const s = sess(lab, 'doc');
  const modeName = () => s.mode.name;
  const rejected: string[] = [];
  for (const { mode, line } of lines) {
    const want = MODE_OF[mode];
    assert.ok(want, `unknown prompt mode ${mode}`);
    if (!want.includes(modeName())) {
      // Bring the session to the prompt's mode the way a user would.
      if (want[0] === 'user') {
        if (modeName() !== 'exec') await run(s, 'end');
        await run(s, 'disable');
      }
      else if (want[0] === 'exec') await run(s, modeName() === 'user' ? 'enable' : 'end');
      else if (want[0] === 'cfg') {
        if (modeName() === 'user') await run(s, 'enable');
        if (modeName() === 'exec') await run(s, 'configure terminal');
        else await run(s, 'exit');
      }
    }
    assert.ok(want.includes(modeName()), `'${line}' typed at ${mode}, session at ${modeName()}`);
    // ERRATA: the document's accounting example types `aaa accounting` without `aaa new-model`,
    // which IOS requires first (the aaa commands do not exist before it).
    let out = await run(s, line);
    if (/^aaa accounting/.test(line) && /aaa new-model/.test(out)) {
      assert.equal(await run(s, 'aaa new-model'), '');
      out = await run(s, line);
    }
    // ERRATA: the document's client example gives a subinterface an address before any
    // `encapsulation dot1Q`; IOS refuses that with this message, and so does the dialect.
    if (/^ip address/.test(line) && /IEEE 802\.1Q/.test(out)) {
      rejected.push(line);
      continue;
    }
    assert.doesNotMatch(out, /^%|\n%/, `'${line}' at ${s.prompt()}: ${out}`);
  }
  assert.deepEqual([...new Set(rejected)], ['ip address 10.0.0.1 255.255.255.0'], 'only the address typed before encapsulation (steps and example)');
  await lab.stop();
});

void test('running-config round trip: what show running-config prints, applied as a startup config, prints the same', async () => {
  const lab = await iosLab(['rt1', 'rt2']);
  const s = sess(lab, 'rt1');
  await run(s, 'enable');
  await run(s, 'configure terminal');
  const lines = [
    'fhrp version vrrp v3',
    'aaa new-model',
    'aaa accounting vrrs acc-list-9 start-stop group radius',
    'aaa attribute list attrs-x',
    'attribute type account-delay "7"',
    'exit',
    'radius server rad-a',
    'address ipv4 127.0.0.1 auth-port 21812 acct-port 21813',
    'key k3y-not-in-logs',
    'exit',
    'radius-server host 127.0.0.2 acct-port 21814 key other-k3y',
    'vrrs grp-blue',
    'accounting delay 3',
    'accounting method acc-list-9',
    'attribute list attrs-x',
    'exit',
    'interface GigabitEthernet0/0/0',
    'no ip address',
    'interface GigabitEthernet0/0/0.31',
    'encapsulation dot1Q 31 native',
    'ip address 10.131.0.2 255.255.255.0',
    'vrrp 9 address-family ipv4',
    'address 10.131.0.100 primary',
    'priority 120',
    'preempt delay minimum 2',
    'timers advertise msec 500',
    'name grp-blue',
    'exit-vrrp',
    'interface GigabitEthernet0/0/0.32',
    'encapsulation dot1Q 32',
    'ip address 10.132.0.2 255.255.255.0',
    'vrrs follow grp-blue',
    'vrrs interface-state',
    'vrrs mac-address arp interval 4 duration 40',
    'end',
  ];
  for (const l of lines) assert.doesNotMatch(await run(s, l), /%/, l);
  const rc = await run(s, 'show running-config');
  assert.doesNotMatch(rc, /k3y/);
  assert.match(rc, /^ key 7 [0-9A-F]+$/m);
  const body = rc.slice(rc.indexOf('!\n'));
  const lab2 = await iosLab(['rt1', 'rt2'], { rt1: body });
  const s2 = sess(lab2, 'rt1');
  await run(s2, 'enable');
  assert.equal(await run(s2, 'show running-config'), rc);
  await lab.stop();
  await lab2.stop();
});

void test('a bad startup configuration line is one clear line naming file, line and command', async () => {
  await assert.rejects(iosLab(['bad1', 'bad2'], { bad1: 'hostname bad1\ninterface GigabitEthernet0/0/0\n vrrp 300 ip 10.1.1.1\n' }), (e: Error) => {
    assert.match(e.message, /bad1\.cfg:3: node bad1: % Invalid input detected at '\^' marker\.: 'vrrp 300 ip 10\.1\.1\.1'$/);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
});

void test('no vrrp N removes the group from the running config', async () => {
  const lab = await iosLab(['nv1', 'nv2']);
  const s = sess(lab, 'nv1');
  await run(s, 'enable');
  await run(s, 'configure terminal');
  for (const l of ['interface gi0/0/0', 'ip address 10.44.0.1 255.255.255.0', 'vrrp 7 ip 10.44.0.9', 'vrrp 7 priority 130', 'vrrp 8 ip 10.44.0.8']) assert.equal(await run(s, l), '', l);
  assert.match(await run(s, 'do show running-config'), / vrrp 7 ip 10\.44\.0\.9\n vrrp 7 priority 130\n vrrp 8 ip 10\.44\.0\.8\n/);
  assert.equal(await run(s, 'no vrrp 7'), '');
  const rc = await run(s, 'do show running-config');
  assert.doesNotMatch(rc, /vrrp 7/);
  assert.match(rc, / vrrp 8 ip 10\.44\.0\.8/);
  await lab.stop();
});
