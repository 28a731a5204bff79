import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitChunks, seededRandom } from '../testing/fragment-proxy';
import { TextNormalizer, appendClean, cleanText, echoRegExp, normalizeNewlines, stripAnsi, stripControls, stripEcho } from './text';

void describe('text clean-up', () => {
  void it('strips ANSI CSI, OSC and charset escapes', () => {
    assert.equal(stripAnsi('\x1b[1;32mgreen\x1b[0m \x1b]0;title\x07x\x1b(By\x1b=z'), 'green xyz');
  });
  void it('normalises CRLF, CR CR LF and lone CR', () => {
    assert.equal(normalizeNewlines('a\r\nb\r\r\nc\rd\ne'), 'a\nb\nc\nd\ne');
  });
  void it('applies backspaces and drops other controls', () => {
    assert.equal(stripControls('abx\x08c\x00\x07d'), 'abcd');
    assert.equal(stripControls('ab\x08\x08cd'), 'cd');
  });
  void it('streams like the whole: escapes and CR split across chunks', () => {
    const whole = 'x\x1b[31my\x1b[0m\r\nz\r\n';
    for (let cut = 1; cut < whole.length; cut++) {
      const n = new TextNormalizer();
      assert.equal(n.push(whole.slice(0, cut)) + n.push(whole.slice(cut)) + n.flush(), cleanText(whole), `cut at ${cut}`);
    }
  });
});

void describe('echo', () => {
  void it('matches an echo with changed or wrapped whitespace', () => {
    const re = echoRegExp('show ipv4 route v1');
    assert.ok(re?.test('r2#show ipv4 route v1'));
    assert.ok(re?.test('show ipv4  ro\nute v1'));
    assert.ok(!re?.test('show ipv6 route v1'));
  });
  void it('stripEcho removes the first line up to the echo, prompt included', () => {
    assert.equal(stripEcho('r2#show clock\nmachine: x\n', 'show clock'), 'machine: x\n');
    assert.equal(stripEcho('show clock\n', 'show clock'), '');
    assert.equal(stripEcho('other\nshow clock\n', 'show clock'), 'other\nshow clock\n');
  });
});

void describe('streaming clean-up does not depend on the chunking', () => {
  // Escapes, CR LF with an escape between, lone CRs (redraws), backspaces, a prompt at the end.
  const whole = 'r1#sh\x08\x08show ip\x1b[K\r\n\x1b[1mline\x1b[0m one\r\x1b[K\nline two\r\r\n\x1b]0;title\x07abc\x08d\r\n\rr1#';
  const expected = cleanText(whole);

  const feedAll = (parts: string[]): string => {
    const n = new TextNormalizer();
    let buf = '';
    for (const p of parts) buf = appendClean(buf, n.push(p));
    return appendClean(buf, n.flush());
  };

  void it('one character at a time', () => {
    assert.equal(feedAll([...whole]), expected);
  });

  void it('every two-way cut, and 200 seeded random splits', () => {
    for (let cut = 1; cut < whole.length; cut++) assert.equal(feedAll([whole.slice(0, cut), whole.slice(cut)]), expected, `cut at ${cut}`);
    for (let seed = 1; seed <= 200; seed++) {
      const chunks = splitChunks(Buffer.from(whole, 'latin1'), { split: 'random', maxChunk: 6 }, seededRandom(seed)).map((b) => b.toString('latin1'));
      assert.equal(feedAll(chunks), expected, `seed ${seed}`);
    }
  });
});
