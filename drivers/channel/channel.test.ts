import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionLostError, DriverError, TimeoutError } from '../errors';
import { MemoryTransport } from '../testing/memory-transport';
import { Channel } from './channel';
import { lastLineExpect } from './expect';
import { Transcript } from './transcript';

void describe('Channel.readUntil', () => {
  void it('returns the text before and the match, consuming both', async () => {
    const t = new MemoryTransport('r9');
    const ch = new Channel(t);
    const p = ch.readUntil(/r9#/, 1000);
    t.feed('hello\r\nwor');
    t.feed('ld\r\nr9#tail');
    const r = await p;
    assert.equal(r.before, 'hello\nworld\n');
    assert.equal(r.matched, 'r9#');
    assert.equal(ch.pending, 'tail');
  });

  void it('strips ANSI escapes and normalises CRLF, also when split across chunks', async () => {
    const t = new MemoryTransport();
    const ch = new Channel(t);
    const p = ch.readUntil(/END/, 1000);
    t.feed('a\x1b[1');
    t.feed('mb\x1b[0m\r');
    t.feed('\nc\r\r\nEND');
    const r = await p;
    assert.equal(r.before, 'ab\nc\n');
  });

  void it('picks the earliest match among several patterns', async () => {
    const t = new MemoryTransport();
    const ch = new Channel(t);
    t.feed('xx second yy first');
    const r = await ch.readUntil([/first/, /second/], 100);
    assert.equal(r.index, 1);
    assert.equal(r.name, '/second/');
  });

  void it('throws TimeoutError naming the device, what it waited for and the deadline', async () => {
    const t = new MemoryTransport('r7');
    const ch = new Channel(t);
    const start = Date.now();
    await assert.rejects(ch.readUntil(lastLineExpect(/#$/, 'prompt'), 80, { command: 'show x' }), (e: unknown) => {
      assert.ok(e instanceof TimeoutError);
      assert.equal(e.device, 'r7');
      assert.equal(e.command, 'show x');
      assert.equal(e.message, 'r7: timed out after 80 ms (overall deadline) waiting for prompt (command "show x")');
      return true;
    });
    assert.ok(Date.now() - start < 1000);
  });

  void it('throws ConnectionLostError when the device hangs up while waiting', async () => {
    const t = new MemoryTransport('r5');
    const ch = new Channel(t);
    const p = ch.readUntil(/never/, 5000, { command: 'reload' });
    t.hangUp();
    await assert.rejects(p, (e: unknown) => e instanceof ConnectionLostError && /r5: connection lost while waiting for \/never\/ \(closed by the device\)/.test(e.message));
    // and at once for a read after the close
    await assert.rejects(ch.readUntil(/x/, 5000), ConnectionLostError);
  });

  void it('still matches text that arrived just before the hang-up', async () => {
    const t = new MemoryTransport();
    const ch = new Channel(t);
    const p = ch.readUntil(/bye/, 5000);
    t.feed('bye');
    t.hangUp();
    assert.equal((await p).matched, 'bye');
  });

  void it('refuses a second concurrent read', async () => {
    const t = new MemoryTransport();
    const ch = new Channel(t);
    const first = ch.readUntil(/a/, 1000);
    await assert.rejects(ch.readUntil(/b/, 1000), (e: unknown) => e instanceof DriverError && /channel busy/.test(e.message));
    t.feed('a');
    await first;
  });
});

void describe('Channel.runDialog', () => {
  void it('answers dialog statements until the end pattern, masking secrets in the transcript', async () => {
    const t = new MemoryTransport();
    const transcript = new Transcript();
    const ch = new Channel(t, { newline: '\r\n', transcript });
    t.onWrite = (data) => {
      if (data === 'admin\r\n') t.feed('Password: ');
      if (data === 's3cret\r\n') t.feed('\r\nr1#');
    };
    const dialog = [
      { pattern: /Username: $/, action: 'admin', loopContinue: true },
      { pattern: /Password: $/, action: 's3cret', loopContinue: true, secret: true },
    ];
    const p = ch.runDialog(dialog, lastLineExpect(/^r1#$/, 'prompt'), 1000);
    t.feed('Username: ');
    const r = await p;
    assert.equal(r.matched, 'r1#');
    assert.deepEqual(t.written, ['admin\r\n', 's3cret\r\n']);
    assert.ok(!transcript.toText().includes('s3cret'));
    assert.ok(transcript.toText().includes('*****'));
  });

  void it('stops at a statement with loopContinue false and calls function actions', async () => {
    const t = new MemoryTransport();
    const ch = new Channel(t);
    let called = 0;
    const p = ch.runDialog([{ pattern: /\[confirm\]/, action: ({ channel }) => { called++; channel.write('y'); }, loopContinue: false }], /never/, 1000);
    t.feed('Proceed? [confirm]');
    const r = await p;
    assert.equal(r.index, -1);
    assert.equal(called, 1);
    assert.deepEqual(t.written, ['y']);
  });

  void it('one deadline covers the whole dialog', async () => {
    const t = new MemoryTransport('r3');
    const ch = new Channel(t);
    t.onWrite = () => setTimeout(() => t.feed('more? '), 30);
    const p = ch.runDialog([{ pattern: /more\? $/, action: 'y', loopContinue: true }], /done/, 150, { what: 'the end of the questions' });
    t.feed('more? ');
    await assert.rejects(p, /r3: timed out after 150 ms \(overall deadline\) waiting for the end of the questions/);
  });
});

void describe('Channel.drain', () => {
  void it('waits for quiet, then takes the buffer', async () => {
    const t = new MemoryTransport();
    const ch = new Channel(t);
    t.feed('a');
    setTimeout(() => t.feed('b'), 20);
    const s = await ch.drain(60, 1000);
    assert.equal(s, 'ab');
    assert.equal(ch.pending, '');
  });
});
