import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Channel } from '../../channel/channel';
import { CommandError, ParseError } from '../../errors';
import { Session } from '../../session/session';
import { MemoryTransport } from '../../testing/memory-transport';
import { getBfdSessions, getRoutes } from './getters';
import { vrpPlatform } from './platform';

/** A scripted VRP: user view, system view with a candidate, commit, the exit dialog. */
function fakeVrp(opts: { failCommit?: boolean } = {}): { t: MemoryTransport; lines: string[] } {
  const t = new MemoryTransport('PE1');
  const lines: string[] = [];
  let view = 'user';
  let dirty = false;
  let asking = false;
  const prompt = (): string => (view === 'user' ? '<PE1>' : `[${dirty ? '*' : '~'}PE1${view === 'system' ? '' : `-${view}`}]`);
  t.onWrite = (data) => {
    const cmd = data.replace(/\r?\n$/, '');
    lines.push(cmd);
    const out = (text: string): void => { queueMicrotask(() => t.feed(`${cmd}\r\n${text}${prompt()}`)); };
    if (asking) {
      asking = false;
      if (cmd === 'N') { dirty = false; view = 'user'; }
      out('');
      return;
    }
    if (cmd === 'system-view') { view = 'system'; out(''); return; }
    if (cmd === 'screen-length 0 temporary') { out('Info: The configuration takes effect on the current user terminal interface only.\r\n'); return; }
    if (cmd === 'display bfd session all verbose') { out('\r\n     Total UP/DOWN Session Number : 0/0\r\n'); return; }
    if (cmd === 'commit') {
      if (opts.failCommit) { out('Error: The configuration fails to be committed.\r\n'); return; }
      dirty = false; out(''); return;
    }
    if (cmd === 'return') {
      if (dirty) {
        asking = true;
        queueMicrotask(() => t.feed(`${cmd}\r\nWarning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:`));
        return;
      }
      view = 'user'; out(''); return;
    }
    if (cmd.startsWith('bogus')) { out("        ^\r\nError: Unrecognized command found at '^' position.\r\n"); return; }
    if (cmd.startsWith('interface ')) view = cmd.slice(10).replace(/\s+/g, '');
    else if (cmd === 'quit') view = 'system';
    else dirty = true;
    out('');
  };
  return { t, lines };
}

async function open(t: MemoryTransport): Promise<Session> {
  const s = new Session(new Channel(t, { newline: '\n' }), vrpPlatform, { timeouts: { promptMs: 1000, commandMs: 1000, wakeMs: 20, settleMs: 10 } });
  setTimeout(() => t.feed('\r\nInfo: The max number of VTY users is 10.\r\n<PE1>'), 5);
  await s.open();
  return s;
}

void describe('VRP session (scripted device)', () => {
  void it('configure: system-view, lines, commit, return; tracks the candidate mark', async () => {
    const { t, lines } = fakeVrp();
    const s = await open(t);
    assert.deepEqual([s.mode?.name, s.mode?.host], ['user', 'PE1']);
    await s.send('system-view');
    await s.send('sysname PE1');
    assert.equal(s.uncommitted, true);
    assert.equal(s.mode?.prompt, '[*PE1]');
    await s.send('commit');
    assert.equal(s.uncommitted, false);
    await s.send('return');
    const from = lines.length;
    await s.configure(['interface GigabitEthernet0/3/0', ' ip address 10.1.1.2 24', 'quit']);
    assert.deepEqual(lines.slice(from), ['system-view', 'interface GigabitEthernet0/3/0', ' ip address 10.1.1.2 24', 'quit', 'commit', 'return']);
    assert.deepEqual([s.mode?.name, s.uncommitted], ['user', false]);
  });

  void it('a rejected line is a CommandError with the Error line; the exit dialog is answered N', async () => {
    const { t, lines } = fakeVrp();
    const s = await open(t);
    const from = lines.length;
    await assert.rejects(s.configure(['ip route-static 1.1.1.1 32 10.1.1.1', 'bogus line', 'never']), (e: unknown) =>
      e instanceof CommandError && e.command === 'bogus line' && e.errorLine === "Error: Unrecognized command found at '^' position." && e.device === 'PE1');
    assert.deepEqual(lines.slice(from), ['system-view', 'ip route-static 1.1.1.1 32 10.1.1.1', 'bogus line', 'return', 'N']);
    assert.equal(s.mode?.name, 'user');
  });

  void it('a failed commit is a CommandError naming "commit"', async () => {
    const { t, lines } = fakeVrp({ failCommit: true });
    const s = await open(t);
    await assert.rejects(s.configure(['bfd']), (e: unknown) => e instanceof CommandError && e.command === 'commit' && /fails to be committed/.test(e.errorLine));
    assert.deepEqual(lines.slice(-2), ['return', 'N']);
    assert.equal(s.mode?.name, 'user');
  });

  void it('getters run over a Session', async () => {
    const { t } = fakeVrp();
    const s = await open(t);
    assert.deepEqual(await getBfdSessions(s), []);
    await assert.rejects(getRoutes(s, 'VPNA'), (e: unknown) => e instanceof ParseError && e.command === 'display ip routing-table vpn-instance VPNA');
  });
});
