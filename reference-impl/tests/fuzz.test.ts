/**
 * The short fuzz run (issue 7 item 2): 2,000 lines per dialect with a fixed seed, through the
 * real telnet and SSH servers of a lab started here, one 1,000-line paste each. No crash, no
 * hang over 5 s, no JavaScript text on a session, bounded memory, and the same answers over the
 * wire as in process afterwards. The long run is `npm run bench -- --only fuzz`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzDialect, LineGen, dialectCorpus, dialectPatterns, JS_TEXT } from './fuzz';

const LINES = 2000;
const SEED = 20260702;

void test('the line generator is deterministic, varied, and never types JavaScript words itself', () => {
  const corpus = dialectCorpus('freertr');
  const patterns = dialectPatterns('freertr');
  assert.ok(corpus.length > 50, `corpus of ${corpus.length} lines`);
  assert.ok(patterns.some((p) => p.startsWith('ping ')), 'the dialect\'s own patterns are read');
  const a = new LineGen(5, corpus, patterns);
  const b = new LineGen(5, corpus, patterns);
  const kinds = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const x = a.line(true);
    const y = b.line(true);
    assert.deepEqual(x.bytes, y.bytes);
    kinds.add(x.kind);
    assert.ok(!JS_TEXT.test(x.bytes.toString('latin1')) || x.kind === 'iac');
  }
  assert.deepEqual([...kinds].sort(), ['control', 'iac', 'long', 'mutated', 'pattern', 'random']);
});

for (const dialect of ['freertr', 'vrp'] as const) {
  void test(`fuzz ${dialect}: ${LINES} lines through telnet and SSH, no crash, hang or JavaScript text; same answers afterwards`, { timeout: 120_000 }, async () => {
    const r = await fuzzDialect({ dialect, lines: LINES, seed: SEED, pastes: 1 });
    assert.deepEqual(r.failures, [], r.failures.join('\n'));
    assert.ok(r.lines >= LINES - 2, `${r.lines} lines sent`);
    assert.equal(r.pastes, 1);
    assert.ok(r.rssPeakMb - r.rssStartMb < 300, `memory grew from ${r.rssStartMb} MB to ${r.rssPeakMb} MB`);
  });
}
