// Lab control (drivers/lab/control.ts) for the FRR lab. Links are bridged in the lab's links
// namespace, so: cut = both bridge ports down (each router loses carrier); loss = nftables drop
// on the bridge (`numgen random`; loss 1 is a silent link whose ends keep carrier, so only BFD
// or the IGP's dead timer notices); no delay (no netem on this kernel). Streams are UDP between
// the nodes' namespaces (stream-agent.cjs); captures are tcpdump on a bridge port. Wall clock.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import {
  LabControlUnsupported, type LabClock, type LabControl, type LabControlStep, type LinkState, type RunningStream, type StreamResult, type StreamSpec,
} from '../../drivers/lab/control';
import type { FrrLab } from './lab';
import type { FrrLinkPlan } from './plan';
import { FrrLabError, have, run, sleep } from './sh';

const AGENT = path.join(__dirname, 'stream-agent.cjs');

export const wallClock: LabClock = { kind: 'wall', nowSec: () => Date.now() / 1000 };

interface LinkFault {
  /** 0..1 per direction (a and b ends' ingress into the bridge). */
  loss: number;
}

export class FrrLabControl implements LabControl {
  readonly kind = 'frr';
  readonly clock = wallClock;
  private readonly faults = new Map<number, LinkFault>();
  private readonly running = new Set<ChildProcess>();

  constructor(private readonly lab: FrrLab) {}

  supports(step: LabControlStep): boolean {
    if (step === 'capture') return have('tcpdump');
    return true;
  }

  /** The link between `a` and `b` ("node" or "node:iface"); b may be left out when a names one link. */
  findLink(a: string, b?: string): FrrLinkPlan {
    const match = (e: { node: string; iface: string }, s: string): boolean => (s.includes(':') ? `${e.node}:${e.iface}` === s : e.node === s);
    const found = this.lab.plan.links.filter((l) =>
      (match(l.a, a) && (b === undefined || match(l.b, b))) || (match(l.b, a) && (b === undefined || match(l.a, b))));
    const what = `${a}${b ? ` - ${b}` : ''}`;
    if (found.length === 0) throw new FrrLabError(`lab ${this.lab.id}: no link ${what}`);
    if (found.length > 1) {
      throw new FrrLabError(`lab ${this.lab.id}: ${what} names ${found.length} links (${found.map((l) => `${l.a.node}:${l.a.iface}-${l.b.node}:${l.b.iface}`).join(', ')}); name the interfaces`);
    }
    return found[0];
  }

  async setLink(a: string, b: string | undefined, state: LinkState): Promise<void> {
    if (state.delayMs !== undefined && state.delayMs > 0) {
      throw new LabControlUnsupported('frr', 'link', 'link delay needs netem, which this kernel lacks');
    }
    const l = this.findLink(a, b);
    if (state.up !== undefined) {
      const cmds = ['a', 'b'].map((s) => `link set l${l.index}${s} ${state.up ? 'up' : 'down'}`);
      await run('ip', ['-n', this.lab.hubNs, '-b', '-'], { input: cmds.join('\n') + '\n' });
    }
    if (state.loss !== undefined) {
      if (!(state.loss >= 0 && state.loss <= 1)) throw new FrrLabError(`loss must be 0..1, got ${state.loss}`);
      if (state.loss === 0) this.faults.delete(l.index);
      else this.faults.set(l.index, { loss: state.loss });
      await this.applyFaults();
    }
  }

  /**
   * Rewrites the links namespace's nftables table from the faults in force (atomically, one `nft -f`).
   * Called once with no faults when the lab opens, so that a later fault only changes rules and
   * does not register the bridge hook in the middle of a measurement.
   */
  async applyFaults(): Promise<void> {
    if (this.lab.plan.links.length === 0) return;
    const rules: string[] = [];
    for (const [i, f] of [...this.faults].sort((x, y) => x[0] - y[0])) {
      const ports = `{ "l${i}a", "l${i}b" }`;
      if (f.loss >= 1) rules.push(`    iifname ${ports} drop`);
      else rules.push(`    iifname ${ports} numgen random mod 10000 < ${Math.round(f.loss * 10000)} drop`);
    }
    const text = [
      'table bridge netproof {}',
      'flush table bridge netproof',
      'table bridge netproof {',
      '  chain links {',
      '    type filter hook forward priority 0; policy accept;',
      ...rules,
      '  }',
      '}',
      '',
    ].join('\n');
    await run('ip', ['netns', 'exec', this.lab.hubNs, 'nft', '-f', '-'], { input: text });
  }

  /** The node holding `addr` on one of its interfaces. */
  async nodeWithAddress(addr: string): Promise<string | undefined> {
    for (const [name, rt] of this.lab.nodes) {
      const out = (await run('ip', ['-n', rt.ns, '-o', 'addr', 'show'])).stdout;
      if (out.split('\n').some((l) => l.includes(` ${addr}/`))) return name;
    }
    return undefined;
  }

  async startStream(spec: StreamSpec): Promise<RunningStream> {
    if (spec.vrf) throw new LabControlUnsupported('frr', 'stream', 'VRF devices are not available on this kernel');
    const to = spec.to ?? (await this.nodeWithAddress(spec.dst));
    if (!to) throw new FrrLabError(`lab ${this.lab.id}: no node has ${spec.dst}; name the receiving node (to)`);
    const interval = spec.intervalMs ?? 1;
    const size = spec.size ?? 64;
    const port = randomInt(40000, 60000);
    const recv = await this.agent(to, ['recv', spec.dst, String(port)]);
    let send: Agent;
    try {
      send = await this.agent(spec.from, ['send', spec.src, spec.dst, String(port), String(interval), String(size)]);
    } catch (e) {
      await recv.stop().catch(() => undefined);
      throw e;
    }
    return {
      stop: async (): Promise<StreamResult> => {
        const s = (await send.stop()) as { sent: number; start: number; stoppedAt: number };
        await sleep(200); // let the last packets arrive: none is left in flight
        const r = (await recv.stop()) as { received: number; longestGapMs: number };
        const longestGapMs = Math.round(r.longestGapMs * 1000) / 1000;
        return {
          sent: s.sent,
          received: r.received,
          lost: Math.max(0, s.sent - r.received),
          inFlight: 0,
          longestGapMs,
          switchoverMs: Math.max(0, Math.round((longestGapMs - interval) * 1000) / 1000),
          durationMs: Math.round(s.stoppedAt - s.start),
        };
      },
    };
  }

  private async agent(node: string, args: string[]): Promise<Agent> {
    const rt = this.lab.node(node);
    const child = spawn('ip', ['netns', 'exec', rt.ns, process.execPath, AGENT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.running.add(child);
    child.once('exit', () => this.running.delete(child));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const queue: string[] = [];
    const waiters: ((l: string | undefined) => void)[] = [];
    lines.on('line', (l) => (waiters.length ? (waiters.shift() as (l: string) => void)(l) : queue.push(l)));
    lines.on('close', () => waiters.splice(0).forEach((w) => w(undefined)));
    const next = (ms: number, what: string): Promise<Record<string, unknown>> => new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new FrrLabError(`node ${node}: stream ${args[0]} agent: no ${what} within ${ms} ms`)), ms);
      const take = (l: string | undefined): void => {
        clearTimeout(t);
        if (l === undefined) return reject(new FrrLabError(`node ${node}: stream ${args[0]} agent ended before ${what}`));
        const v = JSON.parse(l) as Record<string, unknown>;
        if (typeof v.error === 'string') reject(new FrrLabError(`node ${node}: stream ${args[0]}: ${v.error}`));
        else resolve(v);
      };
      if (queue.length) take(queue.shift());
      else waiters.push(take);
    });
    try {
      await next(5000, 'ready');
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    return {
      stop: async () => {
        const result = next(5000, 'result');
        child.kill('SIGTERM');
        return result;
      },
    };
  }

  async capture(a: string, b: string | undefined, file: string): Promise<() => Promise<void>> {
    if (!have('tcpdump')) throw new LabControlUnsupported('frr', 'capture', 'tcpdump is not installed');
    const l = this.findLink(a, b);
    const child = spawn('ip', ['netns', 'exec', this.lab.hubNs, 'tcpdump', '--immediate-mode', '-q', '-U', '-i', `l${l.index}`, '-w', path.resolve(file)], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.running.add(child);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const started = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(true), 5000);
      child.stderr?.on('data', () => {
        if (/listening on/.test(err)) {
          clearTimeout(t);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(t);
        resolve(false);
      });
    });
    if (!started) throw new FrrLabError(`capture on ${a}${b ? ` - ${b}` : ''}: tcpdump failed: ${err.trim().split('\n').pop() ?? ''}`);
    return async () => {
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([done, sleep(3000)]);
      this.running.delete(child);
    };
  }

  async restartNode(node: string): Promise<void> {
    await this.lab.restartNode(node);
  }

  /** Ends streams and captures still running (the lab's teardown kills them too). */
  stopAll(): void {
    for (const c of this.running) c.kill('SIGKILL');
    this.running.clear();
  }
}

interface Agent {
  stop(): Promise<Record<string, unknown>>;
}
