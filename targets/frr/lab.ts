// An FRR lab without containers: one network namespace per node (np-<lab>-<node>), one more
// (np-<lab>-links) holding a bridge per link so that a cut or silent end leaves the far end's
// carrier up (BFD, not carrier loss, must detect a silent link), FRR daemons per node with their
// own paths, and an sshd per node whose session is vtysh, reached over a management veth
// (198.18.<slot>.0/24, RFC 2544 benchmarking space, root namespace to node namespace only).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { planLab, type FrrLabPlan, type FrrNodePlan } from './plan';
import { FrrLabError, have, run, waitFor } from './sh';
import { sshdConfig, startScript, vtyshSession } from './scripts';
import {
  cleanStale, freeSlot, killNetns, newLabId, ownerNow, saveState, STATE_ROOT, teardownSync, withLockSync, type LabState,
} from './state';

/** Routers forward; VRRP needs arp_ignore/arp_announce (found on this machine); no reverse-path filter on ECMP paths. */
const NODE_SYSCTLS = ['net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0', 'net.ipv4.conf.default.arp_ignore=1', 'net.ipv4.conf.default.arp_announce=2'];

export const FRR_BIN = process.env.NETPROOF_FRR_BIN ?? '/usr/lib/frr';

export interface FrrEndpoint {
  node: string;
  host: string;
  port: number;
  transport: 'ssh';
  username: string;
  /** Private key of the lab's client (the lab's own, removed at teardown). */
  keyFile: string;
  /** The node's sshd host key, "SHA256:..." as OpenSSH prints it. */
  hostKeyFingerprint: string;
  dialect: 'frr';
}

export interface FrrLabOptions {
  /** Deadline for the whole bring-up (default 30 s). */
  readyMs?: number;
  /** Called with one line per step, for `lab up` and logs. */
  log?: (line: string) => void;
  /** Install SIGINT/SIGTERM/exit handlers that tear the lab down (default true). */
  handleSignals?: boolean;
}

export interface FrrNodeRuntime {
  plan: FrrNodePlan;
  ns: string;
  dir: string;
  runDir: string;
  mgmtHost: string;
  endpoint?: FrrEndpoint;
}

/** Why the FRR lab cannot run here, or undefined when it can (root, FRR, sshd, iproute2). */
export function frrUnavailable(): string | undefined {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the FRR target needs root (network namespaces); run as root';
  if (!existsSync(path.join(FRR_BIN, 'zebra'))) return `FRR is not installed (no ${FRR_BIN}/zebra; apt-get install frr)`;
  if (!existsSync('/usr/sbin/sshd')) return 'sshd is not installed (apt-get install openssh-server)';
  for (const t of ['ip', 'unshare', 'nsenter', 'ssh-keygen', 'vtysh']) if (!have(t)) return `${t} is not installed`;
  return undefined;
}

export class FrrLab {
  readonly nodes = new Map<string, FrrNodeRuntime>();
  readonly hubNs: string;
  private closed = false;
  private readonly onSignal = (sig: NodeJS.Signals): void => this.signalled(sig);
  private readonly onExit = (): void => {
    this.closeSync();
  };

  private constructor(readonly plan: FrrLabPlan, readonly state: LabState, private readonly opts: FrrLabOptions) {
    this.hubNs = `np-${state.labId}-links`;
  }

  get id(): string {
    return this.state.labId;
  }

  /** Builds the lab from a topology file; on any failure tears down what was made, then throws. */
  static async start(topologyFile: string, opts: FrrLabOptions = {}): Promise<FrrLab> {
    const why = frrUnavailable();
    if (why) throw new FrrLabError(why);
    const plan = planLab(await loadTopology(topologyFile));
    const log = opts.log ?? (() => undefined);
    for (const id of cleanStale()) log(`cleaned stale lab ${id} (its run is gone)`);
    const state = withLockSync(() => {
      const labId = newLabId();
      const s: LabState = {
        labId, owner: ownerNow(), topology: plan.file, dir: path.join(STATE_ROOT, labId), slot: freeSlot(),
        namespaces: [], rootLinks: [],
      };
      s.namespaces = [...(plan.links.length ? [`np-${labId}-links`] : []), ...plan.nodes.map((n) => `np-${labId}-${n.name}`)];
      s.rootLinks = plan.nodes.map((_, i) => `np${labId}m${i}`);
      if (!existsSync('/run/sshd')) {
        mkdirSync('/run/sshd', { mode: 0o755 });
        s.madeSshdDir = true;
      }
      saveState(s);
      return s;
    });
    const lab = new FrrLab(plan, state, opts);
    if (opts.handleSignals !== false) lab.installHandlers();
    try {
      await lab.build(opts.readyMs ?? 30000);
    } catch (e) {
      lab.closeSync();
      throw e;
    }
    return lab;
  }

  private async build(readyMs: number): Promise<void> {
    const deadline = Date.now() + readyMs;
    const log = this.opts.log ?? (() => undefined);
    const { labId, slot, dir } = this.state;
    const t0 = Date.now();
    log(`lab ${labId}: ${this.plan.nodes.length} nodes, ${this.plan.links.length} links, state in ${dir}`);
    this.plan.nodes.forEach((n, i) => {
      const nd = path.join(dir, n.name);
      const rt: FrrNodeRuntime = { plan: n, ns: `np-${labId}-${n.name}`, dir: nd, runDir: path.join(nd, 'run'), mgmtHost: `198.18.${slot}.${4 * i + 2}` };
      this.nodes.set(n.name, rt);
    });

    // Namespaces, loopbacks, forwarding; the links' bridges; the management veths.
    const rootBatch: string[] = [];
    for (const ns of this.state.namespaces) await run('ip', ['netns', 'add', ns]);
    for (const rt of this.nodes.values()) {
      await run('ip', ['-n', rt.ns, 'link', 'set', 'lo', 'up']);
      await run('ip', ['netns', 'exec', rt.ns, 'sysctl', '-q', '-w', ...NODE_SYSCTLS]);
    }
    const hubBatch: string[] = [];
    for (const l of this.plan.links) {
      const br = `l${l.index}`;
      hubBatch.push(`link add ${br} type bridge stp_state 0 forward_delay 0`);
      for (const [side, e] of [['a', l.a], ['b', l.b]] as const) {
        const ns = this.nodes.get(e.node)?.ns as string;
        rootBatch.push(`link add ${br}${side} netns ${this.hubNs} ${l.mtu ? `mtu ${l.mtu} ` : ''}type veth peer name ${e.iface} netns ${ns}`);
        hubBatch.push(`link set ${br}${side} master ${br}`, `link set ${br}${side} up`);
      }
      hubBatch.push(`link set ${br} up`);
    }
    [...this.nodes.values()].forEach((rt, i) => {
      rootBatch.push(`link add ${this.state.rootLinks[i]} type veth peer name eth0 netns ${rt.ns}`);
      rootBatch.push(`addr add 198.18.${slot}.${4 * i + 1}/30 dev ${this.state.rootLinks[i]}`, `link set ${this.state.rootLinks[i]} up`);
    });
    await run('ip', ['-b', '-'], { input: rootBatch.join('\n') + '\n' });
    if (hubBatch.length) await run('ip', ['-n', this.hubNs, '-b', '-'], { input: hubBatch.join('\n') + '\n' });
    for (const rt of this.nodes.values()) {
      const b = [`addr add ${rt.mgmtHost}/30 dev eth0`, 'link set eth0 up', ...rt.plan.ifaces.map((i) => `link set ${i} up`)];
      await run('ip', ['-n', rt.ns, '-b', '-'], { input: b.join('\n') + '\n' });
    }
    log(`namespaces and links: ${Date.now() - t0} ms`);

    // Per-node folders, keys, configs; then the daemons and sshd, each node in its own UTS and mount namespace.
    const clientKey = path.join(dir, 'client_ed25519');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `netproof-frr-${labId}`, '-f', clientKey]);
    for (const rt of this.nodes.values()) await this.prepareNode(rt, clientKey);
    await Promise.all([...this.nodes.values()].filter((rt) => rt.plan.frr).map((rt) => this.launch(rt, deadline)));
    log(`daemons started: ${Date.now() - t0} ms`);

    // Ready: every daemon's vty socket answers; then the configuration is loaded.
    await Promise.all([...this.nodes.values()].map((rt) => this.waitDaemons(rt, deadline)));
    log(`daemons answering: ${Date.now() - t0} ms`);
    await Promise.all([...this.nodes.values()].filter((rt) => rt.plan.frr).map((rt) => this.loadConfig(rt, deadline)));
    for (const rt of this.nodes.values()) {
      for (const cmd of rt.plan.exec) {
        await this.exec(rt.plan.name, ['sh', '-c', cmd], Math.max(1000, deadline - Date.now()))
          .catch((e: Error) => {
            throw new FrrLabError(`node ${rt.plan.name}: exec \`${cmd}\` failed: ${e.message}`);
          });
      }
    }
    await Promise.all([...this.nodes.values()].filter((rt) => rt.endpoint).map((rt) => this.waitSsh(rt, deadline)));
    log(`lab ${labId} ready: ${Date.now() - t0} ms`);
  }

  private async launch(rt: FrrNodeRuntime, deadline: number): Promise<void> {
    await run('ip', ['netns', 'exec', rt.ns, 'unshare', '--uts', '--mount', '--propagation', 'private', 'sh', path.join(rt.dir, 'start.sh')], { timeoutMs: Math.max(1, deadline - Date.now()) })
      .catch((e: Error) => {
        throw new FrrLabError(`node ${rt.plan.name}: FRR did not start: ${e.message}${logTail(path.join(rt.dir, 'frr.log'))}`);
      });
  }

  private async waitSsh(rt: FrrNodeRuntime, deadline: number): Promise<void> {
    const ok = await waitFor(() => tcpAnswers(rt.mgmtHost, 22), Math.max(0, deadline - Date.now()));
    if (!ok) throw new FrrLabError(`node ${rt.plan.name}: sshd on ${rt.mgmtHost}:22 not answering before the deadline (log: ${path.join(rt.dir, 'ssh', 'log')})`);
  }

  /** Stops every process of the node (FRR, sshd, streams) and starts FRR and sshd again with the same configuration. */
  async restartNode(node: string, readyMs = 30000): Promise<void> {
    const rt = this.node(node);
    if (!rt.plan.frr) throw new FrrLabError(`node ${node} is a plain Linux node: nothing to restart`);
    const deadline = Date.now() + readyMs;
    killNetns(rt.ns);
    for (const f of readdirSync(rt.runDir)) rmSync(path.join(rt.runDir, f), { force: true });
    await this.launch(rt, deadline);
    await this.waitDaemons(rt, deadline);
    await this.loadConfig(rt, deadline);
    await this.waitSsh(rt, deadline);
  }

  private async prepareNode(rt: FrrNodeRuntime, clientKey: string): Promise<void> {
    const n = rt.plan;
    const etc = path.join(rt.dir, 'etc');
    const sshDir = path.join(rt.dir, 'ssh');
    for (const d of [rt.runDir, etc, sshDir]) mkdirSync(d, { recursive: true });
    if (n.frr) {
      copyFileSync(n.frrConf as string, path.join(etc, 'frr.conf'));
      copyFileSync(n.daemonsFile as string, path.join(etc, 'daemons'));
      if (n.vtyshConf) copyFileSync(n.vtyshConf, path.join(etc, 'vtysh.conf'));
      else writeFileSync(path.join(etc, 'vtysh.conf'), 'service integrated-vtysh-config\n');
      execFileSync('chown', ['-R', 'frr:frr', rt.runDir, etc]);
      const hostKey = path.join(sshDir, 'host_ed25519');
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', n.name, '-f', hostKey]);
      copyFileSync(`${clientKey}.pub`, path.join(sshDir, 'authorized_keys'));
      writeFileSync(path.join(sshDir, 'vtysh-session'), vtyshSession(rt.runDir), { mode: 0o755 });
      writeFileSync(path.join(sshDir, 'sshd_config'), sshdConfig({ listen: rt.mgmtHost, dir: sshDir, vtySocketDir: rt.runDir }));
      const fp = (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`])).stdout.split(' ')[1];
      rt.endpoint = { node: n.name, host: rt.mgmtHost, port: 22, transport: 'ssh', username: 'root', keyFile: clientKey, hostKeyFingerprint: fp, dialect: 'frr' };
    }
    writeFileSync(path.join(rt.dir, 'start.sh'), startScript({ node: n.name, dir: rt.dir, bin: FRR_BIN, daemons: n.daemons, daemonOptions: n.frr ? daemonOptions(path.join(etc, 'daemons')) : {}, sshd: n.frr }));
  }

  private async waitDaemons(rt: FrrNodeRuntime, deadline: number): Promise<void> {
    for (const d of rt.plan.daemons) {
      const sock = path.join(rt.runDir, `${d}.vty`);
      const ok = await waitFor(() => unixAnswers(sock), Math.max(0, deadline - Date.now()));
      if (!ok) throw new FrrLabError(`node ${rt.plan.name}: ${d} not answering on ${sock} before the deadline (log: ${path.join(rt.dir, 'frr.log')})`);
    }
  }

  private async loadConfig(rt: FrrNodeRuntime, deadline: number): Promise<void> {
    const etc = path.join(rt.dir, 'etc');
    const out = await this.exec(rt.plan.name, ['vtysh', '-H', '/dev/null', '--vty_socket', rt.runDir, '--config_dir', etc, '-b'], Math.max(1000, deadline - Date.now()))
      .catch((e: Error) => {
        throw new FrrLabError(`node ${rt.plan.name}: loading ${rt.plan.frrConf as string} failed: ${e.message}`);
      });
    const bad = out.split('\n').find((l) => /^line \d+: %|% (Unknown|Ambiguous|Command incomplete|Invalid)/.test(l.trim()));
    if (bad) throw new FrrLabError(`node ${rt.plan.name}: ${rt.plan.frrConf as string}: ${bad.trim()}`);
  }

  /** Runs a command in the node's network, UTS and mount namespaces; resolves with stdout. */
  async exec(node: string, argv: string[], timeoutMs = 10000): Promise<string> {
    const rt = this.node(node);
    const pid = this.holderPid(rt);
    const args = pid ? ['-t', String(pid), '-n', '-u', '-m', '--', ...argv] : ['--net=/run/netns/' + rt.ns, '--', ...argv];
    return (await run('nsenter', args, { timeoutMs })).stdout;
  }

  /** A process that lives in the node's own mount namespace (zebra), if running. */
  private holderPid(rt: FrrNodeRuntime): number | undefined {
    try {
      const pid = Number(readFileSync(path.join(rt.runDir, 'zebra.pid'), 'utf8').trim());
      return pid > 0 && existsSync(`/proc/${pid}`) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  node(name: string): FrrNodeRuntime {
    const rt = this.nodes.get(name);
    if (!rt) throw new FrrLabError(`no node ${name} in lab ${this.id} (nodes: ${[...this.nodes.keys()].join(', ')})`);
    return rt;
  }

  endpoints(): Record<string, FrrEndpoint> {
    const out: Record<string, FrrEndpoint> = {};
    for (const [n, rt] of this.nodes) if (rt.endpoint) out[n] = rt.endpoint;
    return out;
  }

  /** Runs vtysh commands directly over the node's vty sockets (not over SSH): for the harness' own checks. */
  async vtysh(node: string, commands: string[], timeoutMs = 10000): Promise<string> {
    const rt = this.node(node);
    return (await run('vtysh', ['-H', '/dev/null', '--vty_socket', rt.runDir, ...commands.flatMap((c) => ['-c', c])], { timeoutMs })).stdout;
  }

  private installHandlers(): void {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
    process.once('exit', this.onExit);
  }

  private removeHandlers(): void {
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
    process.removeListener('exit', this.onExit);
  }

  private signalled(sig: NodeJS.Signals): void {
    this.closeSync();
    // If nobody else handles the signal, do what it would have done without us.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  }

  /** Tears the lab down; returns what could not be removed (empty when clean). Idempotent. */
  closeSync(): string[] {
    if (this.closed) return [];
    this.closed = true;
    this.removeHandlers();
    return teardownSync(this.state);
  }

  async close(): Promise<string[]> {
    return this.closeSync();
  }
}

/** `<daemon>_options="..."` from a daemons file: only -A, -s and -M are taken (the lab sets the paths). */
export function daemonOptions(file: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([a-z0-9]+)_options\s*=\s*"([^"]*)"/.exec(line);
    if (!m) continue;
    const toks = m[2].trim().split(/\s+/).filter(Boolean);
    const keep: string[] = [];
    for (let i = 0; i < toks.length; i++) {
      if (['-A', '-s', '-M'].includes(toks[i]) && toks[i + 1] !== undefined) keep.push(toks[i], toks[++i]);
    }
    out[m[1]] = keep;
  }
  return out;
}

function unixAnswers(sock: string): Promise<boolean> {
  return connects(net.createConnection({ path: sock }));
}

function tcpAnswers(host: string, port: number): Promise<boolean> {
  return connects(net.createConnection({ host, port }));
}

function connects(s: net.Socket): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => done(false), 500);
    const done = (ok: boolean): void => {
      clearTimeout(t);
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** The last lines of a log, for an error that must say why without a trip to a deleted folder. */
function logTail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
    return lines.length ? ` (${file}: ${lines.slice(-2).join(' | ')})` : '';
  } catch {
    return '';
  }
}
