/**
 * Property tests of the PVRP datagram codec (fast-check): decode(encode(d)) = d (a hello carries
 * no peer epoch, so it decodes as 0, as does a data datagram without one); decoding random bytes
 * gives undefined or a datagram, never an exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Datagram, decodeDatagram, encodeDatagram } from './wire';

const line = fc.string({ maxLength: 80 }).map((s) => s.replace(/[\n\r]/g, ' '));

void test('decode(encode(d)) = d for hello and data datagrams', () => {
  const d = fc.record({
    kind: fc.constantFrom('hello' as const, 'data' as const), epoch: fc.nat(), peer: fc.option(fc.nat(), { nil: undefined }),
    seq: fc.nat(), ack: fc.nat(), lines: fc.array(line, { maxLength: 20 }),
  });
  fc.assert(fc.property(d, (x) => {
    const want: Datagram = { kind: x.kind, epoch: x.epoch, peer: x.kind === 'data' ? (x.peer ?? 0) : 0, seq: x.seq, ack: x.ack, lines: [...x.lines] };
    assert.deepEqual(decodeDatagram(encodeDatagram(x)), want);
  }), { numRuns: 500, seed: 41 });
});

void test('decoding random bytes (bare or behind a valid header line) gives undefined or a datagram, never throws', () => {
  const head = fc.constantFrom('', 'pvrp hello s=1 q=0 a=0\n', 'pvrp data s=3 r=2 q=7 a=1\n');
  fc.assert(fc.property(head, fc.uint8Array({ maxLength: 400 }), (h, u) => {
    const d = decodeDatagram(Buffer.concat([Buffer.from(h), Buffer.from(u)]));
    if (h !== '') assert.ok(d, 'a valid header line decodes whatever follows');
    if (d) assert.ok(Number.isSafeInteger(d.epoch) && Number.isSafeInteger(d.seq) && Array.isArray(d.lines));
  }), { numRuns: 2000, seed: 42 });
});
