// The mode graph on the platforms that exist (freeRtr, VRP) and on FRR's vtysh (as data here: the
// frr platform itself lives in platforms/frr/), driven by scripted devices one character per read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Channel } from '../channel/channel';
import { checkModeGraph, findModePath } from '../session/modes';
import { Session } from '../session/session';
import type { PlatformSpec } from '../session/spec';
import { scriptedDevice } from '../testing/scripted-device';
import { freertrPlatform } from './freertr/platform';
import { vrpPlatform } from './vrp/platform';

const T = { promptMs: 2000, commandMs: 2000, settleMs: 20 };

/** FRR vtysh: "r1#" <-> "r1(config)#" and its sub-modes, as the frr platform will declare it. */
const VTYSH: PlatformSpec = {
  name: 'vtysh-test',
  modes: [
    { name: 'exec', prompt: /^(?<host>[\w.-]+)#\s*$/ },
    { name: 'config', prompt: /^(?<host>[\w.-]+)\((?<ctx>config(?:-[\w-]+)?)\)#\s*$/, config: true, parent: 'exec', enter: 'configure terminal', exit: 'end', subModes: { exit: 'exit', rootContext: 'config' } },
  ],
  execMode: 'exec', newline: '\n', pagingOff: ['terminal length 0'], configEnter: 'configure terminal', configExit: 'end',
  failurePatterns: [/^% Unknown command/, /^% Command incomplete/], login: { username: /^Username:\s*$/, password: /^Password:\s*$/, failure: [] },
};

/** A CLI with one config mode whose prompt is `cfgPrompt(ctx)`; sub-mode commands set the context. */
function cli(name: string, exec: string, enter: string, cfg: (ctx: string) => string, root: string, subs: Record<string, string>, up: string, leave: string) {
  let ctx: string | null = null;
  const stack: string[] = [];
  const prompt = () => (ctx === null ? exec : cfg(ctx));
  return scriptedDevice(name, `welcome\r\n${prompt()}`, (line) => {
    const cmd = line.trim();
    if (ctx === null && cmd === enter) { ctx = root; return prompt(); }
    if (ctx !== null && cmd === leave) { ctx = null; stack.length = 0; return prompt(); }
    if (ctx !== null && cmd === up) { ctx = stack.pop() ?? null; return prompt(); }
    const sub = Object.entries(subs).find(([re]) => new RegExp(re).test(cmd));
    if (ctx !== null && sub) { stack.push(ctx); ctx = sub[1]; return prompt(); }
    return prompt();
  });
}

void describe('mode graph: freeRtr, VRP, FRR vtysh', () => {
  void it('every graph is consistent', () => {
    for (const p of [freertrPlatform, vrpPlatform, VTYSH]) assert.deepEqual(checkModeGraph(p), [], p.name);
    assert.deepEqual(findModePath(vrpPlatform, 'user', 'system')?.map((s) => s.command), ['system-view']);
    assert.equal(findModePath(freertrPlatform, 'exec', 'nope'), null);
  });

  void it('freeRtr: r1# <-> r1(cfg)#, out of r1(cfg-if)# with exit', async () => {
    const dev = cli('r1', 'r1#', 'configure terminal', (c) => `r1(${c})#`, 'cfg', { '^interface ': 'cfg-if' }, 'exit', 'end');
    const s = new Session(new Channel(dev.transport, { newline: '\r\n' }), freertrPlatform, { timeouts: T });
    await s.open();
    assert.equal((await s.acquire('config')).prompt, 'r1(cfg)#');
    await s.send('interface ethernet1');
    assert.equal((await s.acquire('config')).prompt, 'r1(cfg)#');
    assert.equal((await s.acquire('exec')).prompt, 'r1#');
    assert.deepEqual(dev.lines.slice(1), ['configure terminal', 'interface ethernet1', 'exit', 'end']);
    await s.close();
  });

  void it('VRP: <PE1> <-> [~PE1], out of nested sub-views with quit, straight back with return', async () => {
    const dev = cli('PE1', '<PE1>', 'system-view', (c) => (c === '' ? '[~PE1]' : `[~PE1-${c}]`), '', { '^bgp ': 'bgp', '^ipv4-family vpn-instance': 'bgp-VPNA' }, 'quit', 'return');
    const s = new Session(new Channel(dev.transport, { newline: '\r\n' }), vrpPlatform, { timeouts: T });
    await s.open();
    await s.acquire('system');
    await s.send('bgp 100');
    await s.send('ipv4-family vpn-instance VPNA');
    assert.equal(s.mode?.context, 'bgp-VPNA');
    assert.equal((await s.acquire('system')).prompt, '[~PE1]', 'two quits');
    await s.send('bgp 100');
    assert.equal((await s.acquire('user')).prompt, '<PE1>', 'one return');
    assert.deepEqual(dev.lines.slice(1), ['system-view', 'bgp 100', 'ipv4-family vpn-instance VPNA', 'quit', 'quit', 'bgp 100', 'return']);
    await s.close();
  });

  void it('FRR vtysh: r1# <-> r1(config)#, out of r1(config-router)#', async () => {
    const dev = cli('r1', 'r1#', 'configure terminal', (c) => `r1(${c})#`, 'config', { '^router ospf': 'config-router' }, 'exit', 'end');
    const s = new Session(new Channel(dev.transport, { newline: '\n' }), VTYSH, { timeouts: T });
    await s.open();
    await s.acquire('config');
    await s.send('router ospf');
    assert.equal(s.mode?.context, 'config-router');
    assert.equal((await s.acquire('config')).prompt, 'r1(config)#');
    await s.send('router ospf');
    assert.equal((await s.acquire('exec')).prompt, 'r1#', 'end from the sub-mode');
    await s.close();
  });
});
