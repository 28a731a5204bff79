import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Channel } from '../channel/channel';
import { Transcript } from '../channel/transcript';
import { AuthError, CommandError, ConnectionLostError, TimeoutError } from '../errors';
import { type FakeServer, type FakeServerOptions, startFakeServer } from '../testing/fake-telnet-server';
import { TelnetTransport } from '../transport/telnet';
import { Session, type SessionOptions } from './session';
import type { PlatformSpec } from './spec';

// A freeRtr-like platform as plain data (the session layer may not import platforms/; the real
// freeRtr platform runs end to end in connect.test.ts).
const PLATFORM: PlatformSpec = {
  name: 'freertr',
  modes: [
    { name: 'exec', prompt: /^(?<host>[\w.-]+)#\s*$/ },
    { name: 'config', prompt: /^(?<host>[\w.-]+)\((?<ctx>[a-z0-9-]+)\)#\s*$/, config: true },
  ],
  execMode: 'exec',
  newline: '\r\n',
  pagingOff: ['terminal length 0'],
  configEnter: 'configure terminal',
  configExit: 'end',
  failurePatterns: [/^%\s/],
  login: { username: /^username:\s*$/i, password: /^password:\s*$/i, failure: [/%\s*authentication failed/i] },
};

const ROUTES = ['typ   prefix      metric  iface         hop      time', 'C     1.1.1.0/30  0/0     ethernet1.11  null     00:01:14'].join('\n');

async function open(srv: FakeServer, opts: SessionOptions = {}, transcript?: Transcript): Promise<Session> {
  const transport = new TelnetTransport({ device: 'r2', host: '127.0.0.1', port: srv.port, connectTimeoutMs: 2000 });
  await transport.connect();
  const s = new Session(new Channel(transport, { newline: PLATFORM.newline, transcript }), PLATFORM, {
    ...opts, timeouts: { promptMs: 2000, commandMs: 2000, wakeMs: 200, settleMs: 50, ...opts.timeouts },
  });
  try {
    await s.open();
  } catch (e) {
    await s.close();
    throw e;
  }
  return s;
}

const VARIANTS: [string, FakeServerOptions][] = [
  ['echo: plain', { echo: 'plain' }],
  ['echo: freertr redraw', { echo: 'freertr' }],
  ['CR and LF as two lines: a stray prompt after each command', { echo: 'freertr', splitCrLf: true }],
];

for (const [label, variant] of VARIANTS) {
  void describe(`session against a fake freeRtr telnet server (${label})`, () => {
    let srv: FakeServer;
    let s: Session;
    before(async () => {
      srv = await startFakeServer({ ...variant, commands: { 'show ipv4 route v1': ROUTES, 'show clock': 'machine: 2026-11-21 23:41:26' } });
      s = await open(srv);
    });
    after(async () => {
      await s.close();
      await srv.close();
    });

    void it('finds the prompt after the banner and turns paging off', () => {
      assert.deepEqual(s.mode, { name: 'exec', config: false, prompt: 'r2#', host: 'r2' });
      assert.ok(srv.lines.includes('terminal length 0'));
    });

    void it('answers telnet option negotiation (DO ECHO, WONT TTYPE)', () => {
      const all = Buffer.concat(srv.raw);
      assert.ok(all.includes(Buffer.from([255, 253, 1])), 'DO ECHO');
      assert.ok(all.includes(Buffer.from([255, 252, 24])), 'WONT TTYPE');
    });

    void it('send returns the output without the echo and the prompt', async () => {
      assert.equal(await s.send('show ipv4 route v1'), ROUTES);
      assert.equal(await s.send('show clock'), 'machine: 2026-11-21 23:41:26');
      assert.equal(await s.send('terminal length 0'), '');
    });

    void it('reassembles output that arrives in small chunks with ANSI escapes', async () => {
      assert.equal(await s.send('slow'), 'line one\nline two');
    });

    void it('throws CommandError with the vendor error line', async () => {
      await assert.rejects(s.send('show bogus'), (e: unknown) => {
        assert.ok(e instanceof CommandError);
        assert.equal(e.errorLine, '% unknown exec command entered');
        assert.equal(e.message, 'r2: device rejected the command: % unknown exec command entered (command "show bogus")');
        return true;
      });
      assert.equal(await s.send('show bogus', { check: false }), '% unknown exec command entered');
    });

    void it('tracks the mode from the prompt', async () => {
      await s.send('configure terminal');
      assert.deepEqual(s.mode, { name: 'config', config: true, prompt: 'r2(cfg)#', host: 'r2', context: 'cfg' });
      await s.send('interface ethernet1.11');
      assert.equal(s.mode?.context, 'cfg-subif');
      await s.send('end');
      assert.equal(s.mode?.name, 'exec');
    });

    const sent = (from: number): string[] => srv.lines.slice(from).filter((l) => !variant.splitCrLf || l !== '');

    void it('configure enters config mode, sends each line and leaves', async () => {
      const before = srv.lines.length;
      const out = await s.configure(['interface ethernet1.11', ' shutdown', '', 'exit', 'vrf definition v1', ' rd 1:1']);
      assert.equal(out.length, 5);
      assert.deepEqual(sent(before), ['configure terminal', 'interface ethernet1.11', ' shutdown', 'exit', 'vrf definition v1', ' rd 1:1', 'end']);
      assert.equal(s.mode?.name, 'exec');
    });

    void it('configure throws CommandError naming the failing line, and leaves config mode', async () => {
      const before = srv.lines.length;
      await assert.rejects(s.configure(['interface ethernet1.22', 'bogus line', 'never sent']), (e: unknown) => {
        assert.ok(e instanceof CommandError);
        assert.equal(e.command, 'bogus line');
        assert.match(e.message, /^r2: device rejected the command: % unknown config command entered \(command "bogus line"\)$/);
        return true;
      });
      assert.deepEqual(sent(before), ['configure terminal', 'interface ethernet1.22', 'bogus line', 'end']);
      assert.equal(s.mode?.name, 'exec');
    });
  });
}

void describe('session failures', () => {
  void it('a device that stops answering gives TimeoutError within the deadline', async () => {
    const srv = await startFakeServer();
    const s = await open(srv);
    try {
      const start = Date.now();
      await assert.rejects(s.send('hang', { timeoutMs: 300 }), (e: unknown) => {
        assert.ok(e instanceof TimeoutError);
        assert.equal(e.device, 'r2');
        assert.equal(e.command, 'hang');
        assert.equal(e.deadlineMs, 300);
        assert.match(e.message, /^r2: timed out: nothing received for 300 ms \(inactivity deadline\) waiting for freertr prompt \(command "hang"\)$/);
        return true;
      });
      const took = Date.now() - start;
      assert.ok(took >= 290 && took < 1000, `took ${took} ms`);
    } finally {
      await s.close();
      await srv.close();
    }
  });

  void it('a dropped connection gives ConnectionLostError naming the command', async () => {
    const srv = await startFakeServer();
    const s = await open(srv);
    try {
      await assert.rejects(s.send('drop'), (e: unknown) => {
        assert.ok(e instanceof ConnectionLostError);
        assert.equal(e.command, 'drop');
        assert.match(e.message, /^r2: connection lost while waiting for freertr prompt \(closed by the device\) \(command "drop"\)$/);
        return true;
      });
      await assert.rejects(s.send('show clock'), ConnectionLostError);
    } finally {
      await s.close();
      await srv.close();
    }
  });

  void it('no prompt at all gives TimeoutError from findPrompt', async () => {
    const srv = await startFakeServer({ mute: true });
    try {
      const start = Date.now();
      await assert.rejects(open(srv, { timeouts: { promptMs: 400 } }), /^TimeoutError: r2: timed out after 400 ms \(login deadline\) waiting for freertr prompt$/);
      assert.ok(Date.now() - start < 1500);
      assert.ok(srv.lines.includes(''), 'a newline was sent to wake the line');
    } finally {
      await srv.close();
    }
  });

  void it('logs in with username and password, masking the password in the transcript', async () => {
    const srv = await startFakeServer({ login: { username: 'admin', password: 'pa55word' } });
    const transcript = new Transcript();
    const s = await open(srv, { username: 'admin', password: 'pa55word' }, transcript);
    try {
      assert.equal(s.mode?.prompt, 'r2#');
      assert.deepEqual(srv.lines.slice(0, 2), ['admin', 'pa55word']);
      assert.ok(!transcript.toText().includes('pa55word'));
      assert.ok(transcript.toText().includes('admin'));
    } finally {
      await s.close();
      await srv.close();
    }
  });

  void it('a wrong password gives AuthError', async () => {
    const srv = await startFakeServer({ login: { username: 'admin', password: 'right' } });
    try {
      await assert.rejects(open(srv, { username: 'admin', password: 'wrong' }), (e: unknown) =>
        e instanceof AuthError && e.message === 'r2: authentication failed: % authentication failed');
    } finally {
      await srv.close();
    }
  });

  void it('a login prompt without credentials gives AuthError', async () => {
    const srv = await startFakeServer({ login: { username: 'admin', password: 'x' } });
    try {
      await assert.rejects(open(srv), /AuthError: r2: authentication failed: the device asks for a username and none is configured/);
    } finally {
      await srv.close();
    }
  });
});
