/**
 * Property tests of the VRP parsers (fast-check): ping output generated here from a model, in
 * VRP's format (not by the reference router: drivers and reference-impl meet on the wire only),
 * parses back to the model; garbage gets a ParseError, never a TypeError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePing, parseTracert } from './parsers';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));

void test('ping: replies, time-outs and statistics parse back to the model', () => {
  const probe = fc.option(fc.record({ ttl: fc.integer({ min: 1, max: 255 }), timeMs: fc.nat(65535) }).map((r) => ({ ...r })), { nil: null });
  fc.assert(fc.property(ipv4, fc.integer({ min: 20, max: 9600 }), fc.array(probe, { minLength: 1, maxLength: 50 }), (target, size, probes) => {
    const replies = probes.flatMap((p, i) => (p ? [{ from: target, bytes: size, sequence: i + 1, ttl: p.ttl, timeMs: p.timeMs }] : []));
    const lines = probes.map((p, i) => (p ? `    Reply from ${target}: bytes=${size} Sequence=${i + 1} ttl=${p.ttl} time=${p.timeMs} ms` : '    Request time out'));
    const loss = (100 * (probes.length - replies.length)) / probes.length;
    const t = replies.map((r) => r.timeMs);
    let text = `  PING ${target}: ${size}  data bytes, press CTRL_C to break\n${lines.join('\n')}\n\n  --- ${target} ping statistics ---\n` +
      `    ${probes.length} packet(s) transmitted\n    ${replies.length} packet(s) received\n    ${loss.toFixed(2)}% packet loss\n`;
    if (t.length) text += `    round-trip min/avg/max = ${Math.min(...t)}/${Math.floor(t.reduce((a, b) => a + b, 0) / t.length)}/${Math.max(...t)} ms\n`;
    const r = parsePing(text);
    assert.equal(r.target, target);
    assert.deepEqual(r.replies.map((x) => ({ ...x })), replies);
    assert.deepEqual([r.timeouts, r.sent, r.received, r.lossPct], [probes.length - replies.length, probes.length, replies.length, Number(loss.toFixed(2))]);
    if (t.length) assert.deepEqual([r.minMs, r.maxMs], [Math.min(...t), Math.max(...t)]);
  }), { numRuns: 300, seed: 9 });
});

void test('parsers refuse garbage with a ParseError, never a TypeError', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
    for (const f of [() => parsePing(text), () => parseTracert(text)]) {
      try { f(); } catch (e) { assert.ok(!(e instanceof TypeError) && !(e instanceof RangeError), String(e)); }
    }
  }), { numRuns: 1000, seed: 5 });
});
