// Test support: a TCP proxy on 127.0.0.1 that re-chunks and delays what flows through it, to
// prove the drivers never depend on how bytes are split. Towards the client (the device's bytes)
// it can deliver one byte per write, or split at random points (seeded, so a failure replays), and
// wait `delayMs` between writes (a slow link: each chunk waits for the one before it). Towards
// the server it forwards as is unless asked to fragment that way too.
import { type AddressInfo, type Server, type Socket, createServer, connect } from 'node:net';

export interface FragmentPolicy {
  /** 'byte': one byte per chunk; 'random': chunks of 1..maxChunk bytes at seeded random points. */
  split: 'byte' | 'random' | 'none';
  /** Largest chunk for 'random'. Default 16. */
  maxChunk?: number;
  /** Seed for 'random'. Default 1. */
  seed?: number;
  /** Wait between two chunks (and before the first of a burst), ms. Default 0. */
  delayMs?: number;
}

export interface FragmentProxyOptions {
  targetHost?: string;
  targetPort: number;
  /** Device -> client. */
  down: FragmentPolicy;
  /** Client -> device. Default: forwarded as is. */
  up?: FragmentPolicy;
}

export interface FragmentProxy {
  port: number;
  /** Chunks written towards the client so far (to check the proxy really fragmented). */
  readonly downChunks: number;
  close(): Promise<void>;
}

/** mulberry32: a small seeded PRNG, so a random split replays exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `buf` into chunks as the policy says. */
export function splitChunks(buf: Buffer, policy: FragmentPolicy, rnd: () => number): Buffer[] {
  if (policy.split === 'none') return [buf];
  const out: Buffer[] = [];
  const max = Math.max(1, policy.maxChunk ?? 16);
  for (let i = 0; i < buf.length;) {
    const n = policy.split === 'byte' ? 1 : 1 + Math.floor(rnd() * max);
    out.push(buf.subarray(i, i + n));
    i += n;
  }
  return out;
}

/** One direction of a connection: a queue drained one chunk per `delayMs`, in order. */
class Pipe {
  private queue: Buffer[] = [];
  private running = false;
  private ended = false;
  private timer: NodeJS.Timeout | null = null;
  chunks = 0;

  constructor(private readonly to: Socket, private readonly policy: FragmentPolicy, private readonly rnd: () => number) {}

  push(buf: Buffer): void {
    this.queue.push(...splitChunks(buf, this.policy, this.rnd));
    this.pump();
  }

  /** Ends the far side once everything queued has gone. */
  end(): void {
    this.ended = true;
    this.pump();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.queue = [];
  }

  private pump(): void {
    if (this.running) return;
    const delay = this.policy.delayMs ?? 0;
    const next = (): void => {
      this.timer = null;
      const c = this.queue.shift();
      if (!c) {
        this.running = false;
        if (this.ended && !this.to.destroyed) this.to.end();
        return;
      }
      if (!this.to.destroyed) {
        this.to.write(c);
        this.chunks++;
      }
      this.schedule(next, delay);
    };
    this.running = true;
    this.schedule(next, delay);
  }

  private schedule(fn: () => void, delay: number): void {
    // Without a delay, still one chunk per event-loop turn: the reader gets separate reads.
    this.timer = setTimeout(fn, delay);
  }
}

export async function startFragmentProxy(opts: FragmentProxyOptions): Promise<FragmentProxy> {
  const sockets = new Set<Socket>();
  const pipes: Pipe[] = [];
  let conn = 0;
  const server: Server = createServer((client) => {
    const n = conn++;
    const upstream = connect({ host: opts.targetHost ?? '127.0.0.1', port: opts.targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const down = new Pipe(client, opts.down, seededRandom((opts.down.seed ?? 1) + n));
    const up = new Pipe(upstream, opts.up ?? { split: 'none' }, seededRandom((opts.up?.seed ?? 1) + n));
    pipes.push(down, up);
    upstream.on('data', (d: Buffer) => down.push(d));
    client.on('data', (d: Buffer) => up.push(d));
    upstream.on('end', () => down.end());
    client.on('end', () => up.end());
    upstream.on('close', () => { down.end(); });
    client.on('close', () => { up.stop(); upstream.destroy(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get downChunks() { return pipes.filter((_, i) => i % 2 === 0).reduce((a, p) => a + p.chunks, 0); },
    close: () => new Promise<void>((resolve) => {
      for (const p of pipes) p.stop();
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
