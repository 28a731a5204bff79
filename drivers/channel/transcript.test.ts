import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MASK, Transcript, maskSecrets } from './transcript';

void describe('transcript', () => {
  void it('maskSecrets replaces every occurrence, longest secret first', () => {
    assert.equal(maskSecrets('pw=abc abcdef abc', ['abc', 'abcdef']), `pw=${MASK} ${MASK} ${MASK}`);
    assert.equal(maskSecrets('nothing', ['']), 'nothing');
  });

  void it('records both directions with timestamps and masks secrets', () => {
    let now = Date.UTC(2026, 0, 1);
    const t = new Transcript({ secrets: ['hunter2'], clock: () => now++ });
    t.record('recv', 'Password: ');
    t.record('sent', 'hunter2\r\n');
    t.record('recv', 'r1#');
    const e = t.entries();
    assert.deepEqual(e.map((x) => [x.dir, x.data]), [['recv', 'Password: '], ['sent', `${MASK}\r\n`], ['recv', 'r1#']]);
    assert.ok(e[1]!.t > e[0]!.t);
    assert.equal(t.toText().split('\n')[1], `2026-01-01T00:00:00.001Z >> "${MASK}\\r\\n"`);
    assert.equal(t.toScreen(), 'Password: r1#');
  });

  void it('masks a secret split across received chunks on the screen rendering', () => {
    const t = new Transcript();
    t.addSecret('topsecret');
    t.record('recv', 'key top');
    t.record('recv', 'secret end');
    assert.equal(t.toScreen(), `key ${MASK} end`);
  });

  void it('secret: true masks a whole write', () => {
    const t = new Transcript();
    t.record('sent', 'anything', { secret: true });
    assert.equal(t.entries()[0]?.data, MASK);
  });
});
