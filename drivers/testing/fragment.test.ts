// Fragment-proof reading: the whole driver stack (telnet transport, channel, session, the freeRtr
// platform) through a proxy that re-chunks and delays the device's bytes, in front of the fake
// telnet server. The same commands must give the same answers however the bytes are split.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transcript } from '../channel/transcript';
import { openSession, type Session } from '../connect';
import { ConnectionLostError, TimeoutError } from '../errors';
import { type FakeServer, startFakeServer } from './fake-telnet-server';
import { type FragmentPolicy, type FragmentProxy, seededRandom, splitChunks, startFragmentProxy } from './fragment-proxy';

const ROUTES = ['typ   prefix      metric  iface         hop      time', 'C     1.1.1.0/30  0/0     ethernet1.11  null     00:01:14'].join('\n');
const COMMANDS = { 'show ipv4 route v1': ROUTES, 'show clock': 'machine: 2026-11-21 23:41:26' };
const FAST = { connectMs: 3000, promptMs: 3000, commandMs: 3000, wakeMs: 300, settleMs: 50 };

async function through(srv: FakeServer, down: FragmentPolicy, up?: FragmentPolicy, extra: { timeouts?: Record<string, number>; transcript?: Transcript; login?: boolean } = {}): Promise<{ px: FragmentProxy; s: Session }> {
  const px = await startFragmentProxy({ targetPort: srv.port, down, up });
  try {
    const s = await openSession({
      device: 'r2', host: '127.0.0.1', port: px.port, transport: 'telnet', platform: 'freertr',
      username: extra.login ? 'admin' : undefined, password: extra.login ? 'Sekr1t-pw' : undefined,
      timeouts: { ...FAST, ...extra.timeouts }, transcript: extra.transcript,
    });
    return { px, s };
  } catch (e) {
    await px.close();
    throw e;
  }
}

void describe('fragment proxy', () => {
  void it('splits one byte per chunk, or at seeded random points that replay', () => {
    const buf = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
    assert.equal(splitChunks(buf, { split: 'byte' }, seededRandom(1)).length, buf.length);
    const a = splitChunks(buf, { split: 'random', maxChunk: 5 }, seededRandom(7)).map((c) => c.length);
    const b = splitChunks(buf, { split: 'random', maxChunk: 5 }, seededRandom(7)).map((c) => c.length);
    assert.deepEqual(a, b);
    assert.equal(a.reduce((x, y) => x + y, 0), buf.length);
    assert.ok(a.length > buf.length / 5 && a.every((n) => n >= 1 && n <= 5));
  });
});

const POLICIES: [string, FragmentPolicy, FragmentPolicy | undefined][] = [
  ['one byte per chunk, 0.5 ms apart', { split: 'byte', delayMs: 0.5 }, undefined],
  ['one byte per chunk both ways', { split: 'byte' }, { split: 'byte' }],
  ['random split points (seed 42)', { split: 'random', maxChunk: 7, seed: 42 }, { split: 'random', maxChunk: 3, seed: 9 }],
  ['random split points (seed 7)', { split: 'random', maxChunk: 4, seed: 7, delayMs: 1 }, undefined],
];

for (const echo of ['plain', 'freertr'] as const) {
  for (const [label, down, up] of POLICIES) {
    void describe(`session through the fragment proxy: ${label}, echo ${echo}`, () => {
      let srv: FakeServer;
      let px: FragmentProxy;
      let s: Session;
      before(async () => {
        srv = await startFakeServer({ echo, commands: COMMANDS });
        ({ px, s } = await through(srv, down, up));
      });
      after(async () => {
        await s.close();
        await px.close();
        await srv.close();
      });

      void it('finds the prompt, turns paging off and runs commands with exact outputs', async () => {
        assert.deepEqual(s.mode, { name: 'exec', config: false, prompt: 'r2#', host: 'r2' });
        assert.ok(srv.lines.includes('terminal length 0'), JSON.stringify(srv.lines));
        assert.equal(await s.send('show ipv4 route v1'), ROUTES);
        assert.equal(await s.send('show clock'), 'machine: 2026-11-21 23:41:26');
        assert.equal(await s.send('slow'), 'line one\nline two');
        assert.ok(px.downChunks > 40, `only ${px.downChunks} chunks`);
      });

      void it('configures through sub-modes and comes back to exec', async () => {
        await s.configure(['interface ethernet1.11', ' vrf forwarding v1', 'exit']);
        assert.equal(s.mode?.name, 'exec');
        assert.deepEqual(srv.lines.slice(-5), ['configure terminal', 'interface ethernet1.11', ' vrf forwarding v1', 'exit', 'end']);
      });
    });
  }
}

void describe('session through the fragment proxy: slow links and deadlines', () => {
  let srv: FakeServer;
  before(async () => {
    srv = await startFakeServer({ echo: 'freertr', commands: COMMANDS, login: { username: 'admin', password: 'Sekr1t-pw' } });
  });
  after(() => srv.close());

  void it('logs in and answers with 500 ms per chunk, far past a command deadline of 3 s in total', async () => {
    // ~60 chunks of 1..16 bytes at 500 ms each: each command takes seconds, every gap is under the
    // 3 s inactivity deadline.
    const transcript = new Transcript();
    const t0 = Date.now();
    const { px, s } = await through(srv, { split: 'random', maxChunk: 24, seed: 3, delayMs: 500 }, undefined, { login: true, transcript, timeouts: { commandMs: 3000, promptMs: 3000, commandCapMs: 60_000 } });
    try {
      assert.equal(s.mode?.prompt, 'r2#');
      assert.equal(await s.send('show clock'), 'machine: 2026-11-21 23:41:26');
      assert.ok(Date.now() - t0 > 3000, `took ${Date.now() - t0} ms`);
      assert.ok(!transcript.toText().includes('Sekr1t-pw'), 'the password is masked');
    } finally {
      await s.close();
      await px.close();
    }
  });

  void it('a command that trickles past its overall cap is a TimeoutError of kind "overall"', async () => {
    const { px, s } = await through(srv, { split: 'byte', delayMs: 12 }, undefined, { login: true, timeouts: { promptMs: 5000, commandMs: 2000 } });
    try {
      await assert.rejects(s.send('show ipv4 route v1', { capMs: 600 }), (e: unknown) => {
        assert.ok(e instanceof TimeoutError);
        assert.equal(e.kind, 'overall');
        assert.equal(e.deadlineMs, 600);
        assert.match(e.message, /^r2: timed out after 600 ms \(overall deadline\) waiting for .* \(command "show ipv4 route v1"\)$/);
        return true;
      });
    } finally {
      await s.close();
      await px.close();
    }
  });

  void it('a command that never answers is a TimeoutError of kind "inactivity" after the last byte', async () => {
    const { px, s } = await through(srv, { split: 'byte' }, undefined, { login: true, timeouts: { commandMs: 400 } });
    try {
      const t0 = Date.now();
      await assert.rejects(s.send('hang'), (e: unknown) => e instanceof TimeoutError && e.kind === 'inactivity' && e.deadlineMs === 400 &&
        /nothing received for 400 ms \(inactivity deadline\)/.test(e.message));
      assert.ok(Date.now() - t0 >= 380);
    } finally {
      await s.close();
      await px.close();
    }
  });

  void it('a session closed by an outer deadline says so in the pending command\'s error', async () => {
    const { px, s } = await through(srv, { split: 'byte' }, undefined, { login: true });
    try {
      const pending = s.send('hang');
      setTimeout(() => void s.close('the test\'s timeout of 200 ms ran out'), 200);
      await assert.rejects(pending, (e: unknown) => e instanceof ConnectionLostError &&
        /closed locally: the test's timeout of 200 ms ran out/.test(e.message));
    } finally {
      await px.close();
    }
  });

  void it('without a reason, a local close still says why it may have happened', async () => {
    const { px, s } = await through(srv, { split: 'none' }, undefined, { login: true });
    try {
      const pending = s.send('hang');
      setTimeout(() => void s.close(), 100);
      await assert.rejects(pending, (e: unknown) => e instanceof ConnectionLostError && /closed locally by the harness .*outer deadline/.test(e.message));
    } finally {
      await px.close();
    }
  });
});
