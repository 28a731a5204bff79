/**
 * An iosxe node under the lab's servers: OpenSSH's `ssh` runs a command (exec channel) and an
 * interactive session (pty) sees `Router>`, enable, the Password: prompt without echo, and debug
 * messages written as they happen after `terminal monitor`; a stock telnet client, where installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { utils } from 'ssh2';
import { iosLab } from './testutil';
import { ensureVrrpModules } from './testmods';
import type { IosDevice } from './device';

function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

void test('OpenSSH ssh reaches an iosxe node: exec and an interactive session with enable', async (t) => {
  const ssh = which('ssh');
  if (!ssh) {
    t.skip('the ssh binary is not installed (apt-get install openssh-client)');
    return;
  }
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-iosssh-'));
  const pair = utils.generateKeyPairSync('ed25519');
  const keyFile = path.join(stateDir, 'id_ed25519');
  fs.writeFileSync(keyFile, pair.private, { mode: 0o600 });
  const lab = await iosLab(['core7', 'core8'], { core7: 'enable secret En-Pw-91x\ninterface GigabitEthernet0/0/0\n ip address 10.77.0.7 255.255.255.0\n' }, { stateDir, auth: { password: 'Pw-x', authorizedKeys: [pair.public] } });
  ensureVrrpModules(lab.node('core7').device as IosDevice);
  await lab.start();
  try {
    const r = lab.node('core7').ssh!;
    const base = ['-p', String(r.port), '-i', keyFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${path.join(stateDir, 'kh')}`, '-o', 'StrictHostKeyChecking=accept-new', '-o', 'LogLevel=ERROR'];
    const out = await new Promise<string>((resolve, reject) => {
      execFile(ssh, [...base, `netproof@${r.host}`, 'show ip interface brief'], { timeout: 10000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(stdout)));
    });
    assert.match(out, /^GigabitEthernet0\/0\/0\s+10\.77\.0\.7\s+YES NVRAM\s+up\s+up/m);
    // Interactive, with a pty: the prompts, enable with its secret (not echoed).
    const child = spawn(ssh, [...base, '-tt', `netproof@${r.host}`]);
    let got = '';
    child.stdout.on('data', (d: Buffer) => (got += d.toString()));
    const waitFor = async (re: RegExp) => {
      const end = Date.now() + 10000;
      while (!re.test(got)) {
        if (Date.now() > end) throw new Error(`no ${re} in ${JSON.stringify(got.slice(-300))}`);
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    await waitFor(/core7>$/);
    child.stdin.write('enable\r');
    await waitFor(/Password: $/);
    child.stdin.write('En-Pw-91x\r');
    await waitFor(/core7#$/);
    assert.ok(!got.includes('En-Pw-91x'), 'the secret is not echoed');
    child.stdin.write('sh ip int br\r');
    await waitFor(/10\.77\.0\.7[\s\S]*core7#$/);
    // Debug messages appear on the vty as the state changes, once `terminal monitor` is on.
    child.stdin.write('terminal monitor\r');
    await waitFor(/terminal monitor\r\n[\s\S]*core7#$/);
    child.stdin.write('debug vrrs plugin\r');
    await waitFor(/VRRS plugin debugging is on\r\ncore7#$/);
    child.stdin.write('configure terminal\r');
    await waitFor(/\(config\)#$/);
    for (const l of ['interface GigabitEthernet0/0/0.61', 'encapsulation dot1Q 61', 'ip address 10.61.0.7 255.255.255.0', 'vrrs follow grp-q', 'vrrs mac-address']) {
      child.stdin.write(l + '\r');
      await waitFor(/\(config-subif\)#$/);
    }
    child.stdin.write('interface GigabitEthernet0/0/0\r');
    await waitFor(/\(config-if\)#$/);
    const mark = got.length;
    child.stdin.write('vrrp 4 ip 10.77.0.100\r');
    await waitFor(/\(config-if\)#$/);
    child.stdin.write('vrrp 4 name grp-q\r');
    // Master after the master-down interval (about 3.6 s of lab time): the plug-in's messages arrive unasked.
    await waitFor(/\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3}: VRRS-P\(mac\)[^\r\n]*0000\.5e00\.0104/);
    assert.ok(got.slice(mark).includes('VRRS-P'));
    // Ctrl-Z leaves configuration mode.
    child.stdin.write('\x1a');
    await waitFor(/core7#$/);
    child.stdin.write('exit\r');
    await new Promise((res) => child.on('close', res));
  } finally {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});

void test('a stock telnet client reaches an iosxe node', async (t) => {
  const telnet = which('telnet');
  if (!telnet) {
    t.skip('no telnet client installed (apt-get install telnet)');
    return;
  }
  const lab = await iosLab(['tel1', 'tel2'], { tel1: 'enable secret Tn-9q\n' }, { telnet: true, ssh: false });
  await lab.start();
  try {
    const r = lab.node('tel1').telnet!;
    const child = spawn(telnet, [r.host, String(r.port)]);
    let got = '';
    child.stdout.on('data', (d: Buffer) => (got += d.toString()));
    const end = Date.now() + 10000;
    while (!/tel1>/.test(got) && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
    child.stdin.write('show version\r\n');
    while (!/uptime is[\s\S]*tel1>/.test(got) && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
    child.stdin.write('enable\r\n');
    while (!/Password: $/.test(got) && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
    child.stdin.write('Tn-9q\r\n');
    while (!/tel1#$/.test(got) && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
    child.kill();
    assert.match(got, /tel1 uptime is/);
    assert.match(got, /tel1#$/);
    assert.ok(!got.includes('Tn-9q'), 'the secret is not echoed');
  } finally {
    await lab.stop();
  }
});
