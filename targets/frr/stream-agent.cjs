// UDP stream sender and receiver for the FRR lab, run inside a node's namespace with plain node
// (`ip netns exec NS node stream-agent.cjs ...`). Times are wall-clock milliseconds.
//   node stream-agent.cjs recv <bind-address> <port>
//       prints {"ready":true} once bound; on SIGTERM prints one JSON line of what it received.
//   node stream-agent.cjs send <src> <dst> <port> <interval-ms> <size>
//       sends packets on schedule (seq number, send time) until SIGTERM, then prints {"sent":N}.
/* global require, process, Buffer, performance, setInterval, clearInterval */
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain node runs this file inside the namespaces, without tsx
const dgram = require('node:dgram');

const now = () => performance.timeOrigin + performance.now();
const [mode, ...args] = process.argv.slice(2);
const family = (addr) => (addr.includes(':') ? 'udp6' : 'udp4');

if (mode === 'recv') {
  const [bind, port] = args;
  const sock = dgram.createSocket(family(bind));
  let received = 0;
  let lastSeq = -1;
  let lastAt = 0;
  let firstAt = 0;
  let longestGapMs = 0;
  let gapAfterSeq = -1;
  let reordered = 0;
  let duplicates = 0;
  const seen = new Set();
  sock.on('message', (msg) => {
    if (msg.length < 4) return;
    const seq = msg.readUInt32BE(0);
    const at = now();
    if (seen.has(seq)) { duplicates++; return; }
    seen.add(seq);
    received++;
    if (seq < lastSeq) { reordered++; return; }
    if (lastSeq >= 0 && at - lastAt > longestGapMs) { longestGapMs = at - lastAt; gapAfterSeq = lastSeq; }
    if (lastSeq < 0) firstAt = at;
    lastSeq = seq;
    lastAt = at;
  });
  sock.on('error', (e) => { process.stdout.write(JSON.stringify({ error: e.message }) + '\n'); process.exit(1); });
  sock.bind(Number(port), bind, () => process.stdout.write(JSON.stringify({ ready: true }) + '\n'));
  process.on('SIGTERM', () => {
    process.stdout.write(JSON.stringify({ received, longestGapMs, gapAfterSeq, firstAt, lastAt, maxSeq: lastSeq, reordered, duplicates }) + '\n', () => process.exit(0));
  });
} else if (mode === 'send') {
  const [src, dst, port, intervalMs, size] = args;
  const interval = Number(intervalMs);
  const len = Math.max(12, Number(size));
  const sock = dgram.createSocket(family(dst));
  let seq = 0;
  let errors = 0;
  let start = 0;
  let timer;
  const tick = () => {
    // send every packet due by now: the rate holds even when the timer fires late
    const due = Math.floor((now() - start) / interval) + 1;
    while (seq < due) {
      // a buffer per packet: send() copies it later, so one shared buffer would repeat the last seq
      const buf = Buffer.alloc(len);
      buf.writeUInt32BE(seq, 0);
      buf.writeDoubleBE(now(), 4);
      seq++;
      sock.send(buf, Number(port), dst, (e) => { if (e) errors++; });
    }
  };
  sock.bind(0, src, () => {
    start = now();
    process.stdout.write(JSON.stringify({ ready: true, start }) + '\n');
    tick();
    timer = setInterval(tick, Math.max(1, Math.floor(interval / 2)));
  });
  sock.on('error', (e) => { process.stdout.write(JSON.stringify({ error: e.message }) + '\n'); process.exit(1); });
  process.on('SIGTERM', () => {
    clearInterval(timer);
    const stoppedAt = now();
    process.stdout.write(JSON.stringify({ sent: seq, errors, start, stoppedAt }) + '\n', () => process.exit(0));
  });
} else {
  process.stderr.write('usage: stream-agent.cjs recv ADDR PORT | send SRC DST PORT INTERVAL_MS SIZE\n');
  process.exit(2);
}
