import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Channel } from '../../channel/channel';
import { Transcript } from '../../channel/transcript';
import { AuthError, CommandError } from '../../errors';
import { checkModeGraph, detectMode, findModePath } from '../../session/modes';
import { Session } from '../../session/session';
import { scriptedDevice } from '../../testing/scripted-device';
import { iosxePlatform } from './platform';

// Prompts from public IOS / IOS XE captures, and lines that are not prompts.
const PROMPTS: [string, string | null, string | undefined, string | undefined][] = [
  ['Router>', 'exec', 'Router', undefined],
  ['csr1000v-1>', 'exec', 'csr1000v-1', undefined],
  ['csr1000v-1#', 'privileged', 'csr1000v-1', undefined],
  ['R3#', 'privileged', 'R3', undefined],
  ['PE_2#', 'privileged', 'PE_2', undefined],
  ['Router(config)#', 'config', 'Router', 'config'],
  ['R1(config-if)#', 'config', 'R1', 'config-if'],
  ['PE_2(config-router)#', 'config', 'PE_2', 'config-router'],
  ['R3(config-router-af)#', 'config', 'R3', 'config-router-af'],
  ['R16(config-router-af-interface)#', 'config', 'R16', 'config-router-af-interface'],
  ['CE-R1(config-router-af)#', 'config', 'CE-R1', 'config-router-af'],
  ['R1(config-subif)#', 'config', 'R1', 'config-subif'],
  ['Switch(config-vlan)#', 'config', 'Switch', 'config-vlan'],
  ['R1(config-ext-nacl)#', 'config', 'R1', 'config-ext-nacl'],
  // not prompts
  ['R3# clear ip bgp 10.0.0.4 soft out', null, undefined, undefined],
  ['Router(tcl)#', null, undefined, undefined],
  ['Password:', null, undefined, undefined],
  ["% Invalid input detected at '^' marker.", null, undefined, undefined],
  ['Enter configuration commands, one per line.  End with CNTL/Z.', null, undefined, undefined],
];

void describe('IOS XE prompt patterns', () => {
  for (const [line, mode, host, ctx] of PROMPTS) {
    void it(`${JSON.stringify(line)} -> ${mode ?? 'no prompt'}`, () => {
      const m = detectMode(iosxePlatform.modes, line);
      if (mode === null) { assert.equal(m, null); return; }
      assert.equal(m?.name, mode);
      assert.equal(m?.host, host);
      assert.equal(m?.context, ctx);
      assert.equal(m?.config, mode === 'config');
    });
  }
});

void describe('IOS XE mode graph', () => {
  void it('is consistent, and the paths go through enable and configure terminal', () => {
    assert.deepEqual(checkModeGraph(iosxePlatform), []);
    assert.deepEqual(findModePath(iosxePlatform, 'exec', 'config')?.map((s) => s.command), ['enable', 'configure terminal']);
    assert.deepEqual(findModePath(iosxePlatform, 'config', 'exec')?.map((s) => s.command), ['end', 'disable']);
    assert.deepEqual(findModePath(iosxePlatform, 'privileged', 'privileged'), []);
  });
});

/** A small IOS XE: user exec, enable with a secret, configuration with sub-modes. */
function iosDevice(secret: string) {
  let mode: 'exec' | 'priv' | 'pass' | 'config' = 'exec';
  let ctx = 'config';
  let tries = 0;
  const prompt = () => (mode === 'exec' ? 'Router>' : mode === 'priv' ? 'Router#' : `Router(${ctx})#`);
  return scriptedDevice('r1', '\r\nUser Access Verification\r\n\r\nRouter>', (line) => {
    const cmd = line.trim();
    if (mode === 'pass') {
      if (cmd === secret) { mode = 'priv'; return { text: prompt(), noEcho: true }; }
      if (++tries >= 3) { mode = 'exec'; return { text: '% Bad secrets\r\n\r\n' + prompt(), noEcho: true }; }
      return { text: 'Password: ', noEcho: true };
    }
    if (cmd === 'terminal length 0' || cmd === 'terminal width 0' || cmd === '') return prompt();
    if (mode === 'exec' && cmd === 'enable') { mode = 'pass'; tries = 0; return 'Password: '; }
    if (mode === 'priv' && cmd === 'disable') { mode = 'exec'; return prompt(); }
    if (mode === 'priv' && cmd === 'configure terminal') { mode = 'config'; ctx = 'config'; return 'Enter configuration commands, one per line.  End with CNTL/Z.\r\n' + prompt(); }
    if (mode === 'config' && cmd === 'end') { mode = 'priv'; return prompt(); }
    if (mode === 'config' && cmd === 'exit') { if (ctx === 'config') mode = 'priv'; else ctx = 'config'; return prompt(); }
    if (mode === 'config' && /^interface /.test(cmd)) { ctx = 'config-if'; return prompt(); }
    if (mode === 'config' && /^router bgp/.test(cmd)) { ctx = 'config-router'; return prompt(); }
    if (mode === 'config' && /^description /.test(cmd)) return prompt();
    if (mode === 'priv' && cmd === 'show clock') return '*10:41:02.113 UTC Wed Dec 2 2026\r\n' + prompt();
    return "         ^\r\n% Invalid input detected at '^' marker.\r\n\r\n" + prompt();
  });
}

async function openIos(secrets: Record<string, string>, transcript?: Transcript) {
  const dev = iosDevice('En-s3cret');
  const s = new Session(new Channel(dev.transport, { newline: '\n', transcript }), iosxePlatform, {
    secrets, timeouts: { promptMs: 2000, commandMs: 2000, wakeMs: 500, settleMs: 20 },
  });
  await s.open();
  return { s, dev };
}

void describe('Session.acquire on IOS XE (scripted device, one character per read)', () => {
  void it('climbs Router> -> enable (secret) -> Router# -> configure terminal -> Router(config)# and back', async () => {
    const transcript = new Transcript();
    transcript.addSecret('En-s3cret');
    const { s, dev } = await openIos({ enable: 'En-s3cret' }, transcript);
    assert.equal(s.mode?.name, 'exec');
    assert.equal((await s.acquire('privileged')).prompt, 'Router#');
    assert.equal(await s.send('show clock'), '*10:41:02.113 UTC Wed Dec 2 2026');
    const cfg = await s.acquire('config');
    assert.deepEqual([cfg.name, cfg.context], ['config', 'config']);
    await s.send('interface GigabitEthernet1');
    assert.equal(s.mode?.context, 'config-if');
    assert.equal((await s.acquire('config')).prompt, 'Router(config)#', 'climbs out of the sub-mode with exit');
    await s.send('router bgp 65000');
    assert.equal((await s.acquire('exec')).prompt, 'Router>', 'end then disable');
    assert.deepEqual(dev.lines.slice(2), ['enable', 'En-s3cret', 'show clock', 'configure terminal', 'interface GigabitEthernet1', 'exit', 'router bgp 65000', 'end', 'disable']);
    assert.ok(!transcript.toText().includes('En-s3cret'), 'the enable secret is masked');
    await s.close();
  });

  void it('configure() from Router> acquires the configuration mode and returns to privileged exec', async () => {
    const { s, dev } = await openIos({ enable: 'En-s3cret' });
    await s.configure(['interface GigabitEthernet2', ' description uplink']);
    assert.equal(s.mode?.prompt, 'Router#');
    assert.deepEqual(dev.lines.slice(2), ['enable', 'En-s3cret', 'configure terminal', 'interface GigabitEthernet2', ' description uplink', 'end']);
    await s.close();
  });

  void it('a wrong enable secret is an AuthError, a missing one says which secret', async () => {
    const a = await openIos({ enable: 'wrong' });
    await assert.rejects(a.s.acquire('config'), (e: unknown) => e instanceof AuthError && /enable secret asked again after "enable"/.test(e.message));
    await a.s.close();
    const b = await openIos({});
    await assert.rejects(b.s.acquire('privileged'), (e: unknown) => e instanceof AuthError && /no "enable" secret is configured/.test(e.message));
    await b.s.close();
  });

  void it('an unknown mode lists the modes; a rejected command is a CommandError', async () => {
    const { s } = await openIos({ enable: 'En-s3cret' });
    await assert.rejects(s.acquire('rommon'), /unknown mode "rommon" for platform iosxe; its modes: exec, privileged, config/);
    await assert.rejects(s.send('show bogus'), (e: unknown) => e instanceof CommandError && /Invalid input detected/.test(e.message));
    await s.close();
  });
});
