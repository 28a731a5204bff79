// What every target kind shares: sessions and transcripts per node, device-API objects over
// them, deadlines. An adapter gives its endpoints and lab control; FRR's adapter can use it too.
import { createDevice, type Device } from '../drivers/api';
import { openSession, type Session, Transcript } from '../drivers/connect';
import type { LabControl } from '../drivers/lab/control';
import type { Topology } from '../topologies/types';
import type { Endpoint, Target } from './types';

export interface SessionTargetSpec {
  name: string;
  kind: string;
  topo: Topology;
  lab: LabControl;
  speed?: number;
  endpoint(node: string): Endpoint;
  /** Stops what the adapter started (after the sessions are closed). */
  onClose?(): Promise<void>;
}

export class SessionTarget implements Target {
  readonly name: string;
  readonly kind: string;
  readonly topo: Topology;
  readonly lab: LabControl;
  readonly speed: number;
  readonly transcripts = new Map<string, Transcript>();
  private readonly sessions = new Map<string, Promise<Session>>();
  private readonly devices = new Map<string, Device>();

  constructor(private readonly spec: SessionTargetSpec) {
    this.name = spec.name;
    this.kind = spec.kind;
    this.topo = spec.topo;
    this.lab = spec.lab;
    this.speed = spec.speed ?? 1;
  }

  endpoint(node: string): Endpoint {
    if (!this.topo.nodes.some((n) => n.name === node)) throw new Error(`${this.name}: no node '${node}' in the topology`);
    return this.spec.endpoint(node);
  }

  platform(node: string): string {
    return this.endpoint(node).dialect;
  }

  session(node: string): Promise<Session> {
    const open = this.sessions.get(node);
    if (open) return open;
    const ep = this.endpoint(node);
    const transcript = new Transcript();
    this.transcripts.set(node, transcript);
    const p = openSession({
      device: node, host: ep.host, port: ep.port, transport: ep.transport, platform: ep.dialect, username: ep.username, password: ep.password,
      keyFile: ep.keyFile, passphrase: ep.passphrase, hostKeyFingerprint: ep.hostKeyFingerprint, knownHostsFile: ep.knownHostsFile,
      insecureAcceptHostKey: ep.insecureAcceptHostKey, transcript,
    });
    // A failed open is not cached: the next check tries again (and reports its own error).
    p.catch(() => this.sessions.delete(node));
    this.sessions.set(node, p);
    return p;
  }

  device(node: string): Device {
    const d = this.devices.get(node);
    if (d) return d;
    const platform = this.platform(node);
    const lazy = {
      device: node,
      send: async (command: string, opts?: { timeoutMs?: number }) => (await this.session(node)).send(command, opts),
      configure: async (lines: readonly string[], opts?: { timeoutMs?: number }) => (await this.session(node)).configure(lines, opts),
    };
    const dev = createDevice(node, platform, lazy);
    this.devices.set(node, dev);
    return dev;
  }

  /** A node reloaded: a reload drops its sessions; the next use opens a new one. */
  forgetSession(node: string): void {
    const p = this.sessions.get(node);
    this.sessions.delete(node);
    void p?.then((s) => s.close()).catch(() => undefined);
  }

  deadlineMs(protocolSec: number): number {
    return Math.ceil((protocolSec / this.speed) * 1000) + 10_000;
  }

  async close(): Promise<void> {
    for (const p of this.sessions.values()) {
      const s = await p.catch(() => undefined);
      await s?.close().catch(() => undefined);
    }
    this.sessions.clear();
    await this.spec.onClose?.();
  }
}
