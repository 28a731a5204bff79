/**
 * The target a suite runs against: the reference router (a lab started in this worker) or a
 * user's devices from an inventory file. Suites talk to both the same way, over the wire.
 */
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadTopology } from '../../topologies';
import type { Topology } from '../../topologies/types';
import { Lab } from '../../reference-impl/lab';
import { loadInventory, Inventory } from '../../drivers/inventory';
import { openSession, Session, Transcript } from '../../drivers/connect';

export interface Endpoint {
  host: string;
  port: number;
  transport: 'telnet' | 'ssh';
  dialect: string;
  username?: string;
  password?: string;
  /** SSH: the key file, pinned host key and host-key options, where known. */
  keyFile?: string;
  passphrase?: string;
  hostKeyFingerprint?: string;
  knownHostsFile?: string;
  insecureAcceptHostKey?: boolean;
}

export interface TargetOptions {
  /** How a suite reaches the reference router's nodes (the document's transport): telnet or SSH. */
  transport?: 'telnet' | 'ssh';
}

export class Target {
  private sessions = new Map<string, Session>();
  readonly transcripts = new Map<string, Transcript>();

  private constructor(
    readonly name: string,
    readonly topo: Topology,
    readonly lab: Lab | undefined,
    readonly inventory: Inventory | undefined,
    readonly speed: number,
    private readonly opts: TargetOptions = {},
    /** The reference lab's SSH password: made up per run, kept in memory only. */
    private readonly labPassword?: string,
  ) {}

  get isReference(): boolean {
    return this.lab !== undefined;
  }

  static async open(topologyFile: string, opts: TargetOptions = {}): Promise<Target> {
    const topo = await loadTopology(topologyFile);
    const speed = Number(process.env.NETPROOF_SPEED ?? 10) || 10;
    const inv = process.env.NETPROOF_INVENTORY;
    if (inv) {
      const inventory = loadInventory(inv);
      for (const n of topo.nodes) {
        if (!inventory.devices[n.name]) throw new Error(`${inv}: no device for topology node '${n.name}'`);
      }
      return new Target(process.env.NETPROOF_TARGET ?? path.basename(inv), topo, undefined, inventory, 1, opts);
    }
    const password = randomBytes(18).toString('base64url');
    const ssh = opts.transport === 'ssh';
    const lab = Lab.create(topo, { mode: 'realtime', speed, seed: Number(process.env.NETPROOF_SEED ?? 1), ssh, auth: ssh ? { password } : undefined });
    await lab.start();
    return new Target('reference', topo, lab, undefined, speed, opts, ssh ? password : undefined);
  }

  endpoint(node: string): Endpoint {
    if (this.lab) {
      const n = this.lab.node(node);
      if (this.opts.transport === 'ssh') {
        if (!n.ssh) throw new Error(`node ${node} has no SSH server`);
        // The lab's host key is pinned: the check is as strict as against a real device.
        return { host: n.ssh.host, port: n.ssh.port, transport: 'ssh', dialect: n.dialect, username: this.lab.sshLogin?.username, password: this.labPassword, hostKeyFingerprint: this.lab.sshHostKey?.fingerprint };
      }
      if (!n.telnet) throw new Error(`node ${node} has no telnet server`);
      return { host: n.telnet.host, port: n.telnet.port, transport: 'telnet', dialect: n.dialect };
    }
    const d = this.inventory!.devices[node];
    return {
      host: d.host,
      port: d.port,
      transport: d.transport,
      dialect: d.dialect,
      username: d.username,
      password: d.password,
      keyFile: d.keyFile,
      passphrase: d.passphrase,
      hostKeyFingerprint: d.hostKeyFingerprint,
      knownHostsFile: d.knownHostsFile,
      insecureAcceptHostKey: d.insecureAcceptHostKey,
    };
  }

  /** One CLI session per node for the whole worker (opened on first use). */
  async session(node: string): Promise<Session> {
    const s = this.sessions.get(node);
    if (s) return s;
    const ep = this.endpoint(node);
    const transcript = new Transcript();
    this.transcripts.set(node, transcript);
    const ses = await openSession({
      device: node,
      host: ep.host,
      port: ep.port,
      transport: ep.transport,
      platform: ep.dialect,
      username: ep.username,
      password: ep.password,
      keyFile: ep.keyFile,
      passphrase: ep.passphrase,
      hostKeyFingerprint: ep.hostKeyFingerprint,
      knownHostsFile: ep.knownHostsFile,
      insecureAcceptHostKey: ep.insecureAcceptHostKey,
      transcript,
    });
    this.sessions.set(node, ses);
    return ses;
  }

  /** Seconds of the lab's virtual clock (reference target), for timings in protocol time. */
  virtualSeconds(): number | undefined {
    return this.lab ? this.lab.sched.now / 1e6 : undefined;
  }

  /** A wall-clock deadline for something that takes `virtualSec` seconds of protocol time. */
  deadlineMs(virtualSec: number): number {
    return Math.ceil((virtualSec / this.speed) * 1000) + 10_000;
  }

  async close(): Promise<void> {
    for (const s of this.sessions.values()) await s.close().catch(() => undefined);
    this.sessions.clear();
    await this.lab?.stop();
  }
}
