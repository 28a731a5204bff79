import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Channel } from '../../channel/channel';
import { CommandError } from '../../errors';
import { checkModeGraph, detectMode, findModePath } from '../../session/modes';
import { Session } from '../../session/session';
import { scriptedDevice } from '../../testing/scripted-device';
import { srlinuxPlatform } from './platform';

// Status line and prompt pairs from public SR Linux captures (containerlab and learn.srlinux.dev
// material), and the mode, context and uncommitted mark each means.
const PROMPTS: [string, string, string | null, string | undefined, boolean | undefined][] = [
  ['--{ running }--[  ]--', 'A:leaf1#', 'running', undefined, undefined],
  ['--{ running }--[  ]--', 'A:srl1#', 'running', undefined, undefined],
  ['--{ running }--[  ]--                                                      ', 'A:srl#', 'running', undefined, undefined],
  ['--{ running }--[  ]--', 'A:admin@spine#', 'running', undefined, undefined],
  ['--{ running }--[  ]--', 'A:root@spine1#', 'running', undefined, undefined],
  ['--{ candidate shared default }--[  ]--', 'A:leaf1#', 'candidate', undefined, false],
  ['--{ * candidate shared default }--[  ]--', 'A:srl1#', 'candidate', undefined, true],
  ['--{ + candidate shared default }--[  ]--', 'A:root@router#', 'candidate', undefined, false],
  ['--{ +* candidate shared default }--[  ]--', 'A:admin@leaf1#', 'candidate', undefined, true],
  ['--{ * candidate shared default }--[ network-instance default ]--', 'A:leaf1#', 'candidate', 'network-instance default', true],
  ['--{ +* candidate shared default }--[ network-instance default protocols bgp ]--', 'A:leaf1#', 'candidate', 'network-instance default protocols bgp', true],
  ['--{ candidate shared default }--[ greeter ]--', 'A:greeter#', 'candidate', 'greeter', false],
  ['--{ * candidate shared default }--[ system event-handler ]--', 'A:leaf1#', 'candidate', 'system event-handler', true],
  ['--{ state }--[  ]--', 'A:leaf1#', 'state', undefined, undefined],
  // the prompt without its status line, or lines that are not prompts
  ['', 'A:leaf1#', null, undefined, undefined],
  ['--{ running }--[  ]--', 'A:leaf1# show version', null, undefined, undefined],
  ['--{ running }--[  ]--', 'leaf1#', null, undefined, undefined],
];

void describe('SR Linux prompt and status line', () => {
  for (const [status, line, mode, ctx, uncommitted] of PROMPTS) {
    void it(`${JSON.stringify(status)} / ${JSON.stringify(line)} -> ${mode ?? 'no prompt'}`, () => {
      const m = detectMode(srlinuxPlatform.modes, line, undefined, status || undefined);
      if (mode === null) { assert.equal(m, null); return; }
      assert.equal(m?.name, mode);
      assert.equal(m?.context, ctx);
      assert.equal(m?.uncommitted, uncommitted);
      assert.equal(m?.host, /([\w.-]+)#/.exec(line.split('@').pop() as string)?.[1]);
    });
  }

  void it('has a consistent graph: enter candidate / discard now, and candidate <-> state directly', () => {
    assert.deepEqual(checkModeGraph(srlinuxPlatform), []);
    assert.deepEqual(findModePath(srlinuxPlatform, 'running', 'candidate')?.map((s) => s.command), ['enter candidate']);
    assert.deepEqual(findModePath(srlinuxPlatform, 'candidate', 'running')?.map((s) => s.command), ['discard now']);
    assert.deepEqual(findModePath(srlinuxPlatform, 'candidate', 'state')?.map((s) => s.command), ['enter state']);
  });
});

/** A small SR Linux CLI: datastores, context, the "*" mark, commit and discard. */
function srlDevice() {
  let store: 'running' | 'candidate' | 'state' = 'running';
  let dirty = false;
  let ctx = '';
  const committed: string[] = [];
  let staged: string[] = [];
  const ctl = { refuseCommit: false };
  const status = () => `--{ ${dirty && store === 'candidate' ? '* ' : ''}${store === 'candidate' ? 'candidate shared default' : store} }--[ ${ctx} ]--`;
  const prompt = () => `\r\n${status()}\r\nA:leaf1# `;
  const dev = scriptedDevice('leaf1', 'Welcome to the srlinux CLI.\r\nType \'help\' (and press <ENTER>) if you need any help using this.\r\n' + prompt(), (line) => {
    const cmd = line.trim();
    if (cmd === '') return prompt();
    if (cmd === 'enter candidate') { store = 'candidate'; return prompt(); }
    if (cmd === 'enter state') { store = 'state'; return prompt(); }
    if (cmd === 'enter running') { store = 'running'; return prompt(); }
    if (store === 'candidate' && cmd === 'discard now') { staged = []; dirty = false; store = 'running'; ctx = ''; return 'All changes have been discarded. Leaving candidate mode.\r\n' + prompt(); }
    if (store === 'candidate' && cmd === 'commit stay') { committed.push(...staged); staged = []; dirty = false; return 'All changes have been committed. Starting new transaction.\r\n' + prompt(); }
    if (store === 'candidate' && cmd === 'commit now' && ctl.refuseCommit) return "Error: Everything failed: Subinterface ethernet-1/3.0 is not attached to any network-instance\r\n" + prompt();
    if (store === 'candidate' && cmd === 'commit now') { committed.push(...staged); staged = []; dirty = false; store = 'running'; ctx = ''; return 'All changes have been committed. Leaving candidate mode.\r\n' + prompt(); }
    if (store === 'candidate' && /^set \/interface/.test(cmd)) { staged.push(cmd); dirty = true; return prompt(); }
    if (store === 'candidate' && /^network-instance \S+$/.test(cmd)) { ctx = cmd; dirty = true; return prompt(); }
    return `Parsing error: Unknown token '${cmd.split(' ')[0] ?? ''}'. Options are ['back', 'bash', 'commit']\r\n` + prompt();
  });
  return Object.assign(ctl, { ...dev, committed });
}

void describe('Session on SR Linux (scripted device, one character per read)', () => {
  const open = async () => {
    const dev = srlDevice();
    const s = new Session(new Channel(dev.transport, { newline: '\n' }), srlinuxPlatform, { timeouts: { promptMs: 2000, commandMs: 2000, settleMs: 20 } });
    await s.open();
    return { s, dev };
  };

  void it('reads the mode from the status line, and acquire enters and leaves candidate', async () => {
    const { s } = await open();
    assert.equal(s.mode?.name, 'running');
    assert.equal(s.mode?.status, '--{ running }--[  ]--');
    await s.acquire('candidate');
    assert.equal(s.uncommitted, false);
    assert.equal(await s.send('set /interface ethernet-1/1 admin-state enable'), '');
    assert.deepEqual([s.mode?.name, s.uncommitted], ['candidate', true]);
    await s.send('network-instance default');
    assert.equal(s.mode?.context, 'network-instance default');
    await s.acquire('state');
    assert.equal(s.mode?.name, 'state');
    assert.equal((await s.acquire('running')).name, 'running');
    await s.close();
  });

  void it('configure() commits with "commit now" (which leaves candidate); a parser error or a refused commit is a CommandError', async () => {
    const { s, dev } = await open();
    await s.configure(['set /interface ethernet-1/1 description uplink']);
    assert.equal(s.mode?.name, 'running');
    assert.deepEqual(dev.committed, ['set /interface ethernet-1/1 description uplink']);
    assert.ok(!dev.lines.includes('discard now'), 'nothing to discard after commit now');
    assert.equal(dev.lines.filter((l) => l === 'commit now').length, 1);
    await assert.rejects(s.configure(['set /interface ethernet-1/2 admin-state enable', 'bogus line']),
      (e: unknown) => e instanceof CommandError && e.device === 'leaf1' && e.command === 'bogus line' && /^Parsing error: Unknown token 'bogus'/.test(e.errorLine));
    assert.equal(s.mode?.name, 'running', 'the failed change was discarded on the way out');
    assert.equal(dev.committed.length, 1);
    dev.refuseCommit = true;
    await assert.rejects(s.configure(['set /interface ethernet-1/3 admin-state enable']),
      (e: unknown) => e instanceof CommandError && e.command === 'commit now' && /^Error: /.test(e.errorLine));
    assert.equal(s.mode?.name, 'running', 'left candidate with discard now');
    assert.equal(dev.committed.length, 1);
    await s.close();
  });
});
