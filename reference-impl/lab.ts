/**
 * A topology brought to life: nodes with their dialect's device, links, telnet and SSH servers,
 * and the out-of-band control API (link down/up, loss and delay, node restart, traffic streams,
 * dropped and frozen management sessions).
 */
import type { Topology, TopologyNode } from '../topologies/types';
import { Scheduler, MS, EventHandle } from './sim/scheduler';
import { Random } from './sim/random';
import { Node } from './net/node';
import * as fs from 'node:fs';
import { Link, FrameTap } from './net/link';
import { pcapHeader, pcapRecord } from './net/pcap';
import type { Iface } from './net/iface';
import { Addr, parseAddr, parsePrefix, prefixKey } from './net/addr';
import type { Device, DialectRegistry } from './cli/registry';
import { defaultDialects } from './cli/dialects';
import { startTelnetServer } from './mgmt/telnet';
import type { MgmtServer } from './mgmt/terminal';
import { startSshServer } from './mgmt/ssh';
import { loadLabState, type LabSshState } from './mgmt/lab-state';
import { Runner, RunMode } from './runtime/runner';
import { RadiusAccounting } from './runtime/radius-acct';
import { setAccountingSink } from './protocols/vrrs/module';
import { startGnmiServer, type GnmiClock } from './mgmt/gnmi/server';
import { loadGnmiTls } from './mgmt/gnmi/tls';
import type { GnmiDataSource } from './mgmt/gnmi/source';

export class LabError extends Error {}

/** A device that takes a topology's binds and exec (cli/linux). */
interface BootableHost {
  bindFile(containerPath: string, text: string): void;
  bootExec(command: string): { status: number; stdout: string; stderr: string };
}

const oneLine = (s: string): string => JSON.stringify(s.trimEnd());

/** The files one bind maps (a file, or a folder's files); errors name the host path. */
function readBind(src: string, dst: string): Array<{ dst: string; text: string } | { path: string; error: string }> {
  const LIMIT = { bytes: 1 << 20, files: 1000 };
  const out: Array<{ dst: string; text: string } | { path: string; error: string }> = [];
  const walk = (p: string, d: string): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      out.push({ path: p, error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message });
      return;
    }
    if (st.isDirectory()) {
      for (const c of fs.readdirSync(p).sort()) {
        if (out.length >= LIMIT.files) return;
        walk(`${p}/${c}`, `${d.replace(/\/$/, '')}/${c}`);
      }
      return;
    }
    if (st.size > LIMIT.bytes) {
      out.push({ path: p, error: `larger than ${LIMIT.bytes} bytes` });
      return;
    }
    out.push({ dst: d, text: fs.readFileSync(p, 'utf8') });
  };
  walk(src, dst);
  return out;
}

export interface LabNode {
  name: string;
  kind: string;
  dialect: string;
  node: Node;
  device: Device;
  def: TopologyNode;
  telnet?: { host: string; port: number };
  ssh?: { host: string; port: number };
  gnmi?: { host: string; port: number };
}

export interface StreamSpec {
  from: string;
  /** The receiving node; found from `dst` when left out. */
  to?: string;
  vrf?: string;
  src: string;
  dst: string;
  intervalMs?: number;
  size?: number;
}

export interface StreamResult {
  sent: number;
  received: number;
  /** Packets that did not arrive: sent = received + lost + inFlight. */
  lost: number;
  /**
   * Packets still on their way at stop(), not lost: sent after the last one received and less
   * than twice the longest one-way delay this stream saw before stop (RFC 2680's threshold Tmax).
   */
  inFlight: number;
  /** Longest time between two packets received in order (ms of virtual time). */
  longestGapMs: number;
  /** Longest gap minus the sending interval: the time traffic was not flowing. */
  switchoverMs: number;
  durationMs: number;
}

export interface LabOptions {
  seed?: number;
  mode?: RunMode;
  speed?: number;
  host?: string;
  /** Start telnet servers (default true). */
  telnet?: boolean;
  /** Start SSH servers (default true). */
  ssh?: boolean;
  /** Root of the state folders (default ".state" in the working directory): the lab keeps its
   * SSH host key, credentials and authorized_keys in <stateDir>/labs/<lab name>/. */
  stateDir?: string;
  /** SSH login. Defaults: user "netproof"; password from NETPROOF_SSH_PASSWORD, else generated
   * once and kept in <state>/credentials; keys from <state>/authorized_keys plus these. */
  auth?: { username?: string; password?: string; authorizedKeys?: string[] };
  /** Stable ports: node i (0-based, topology order) gets telnet basePort+2i and SSH basePort+2i+1.
   * Unset: free ports picked by the system. */
  basePort?: number;
  /** Start gNMI servers (default true) on the nodes whose device serves gNMI (an srlinux device's
   * `gnmiSource()`, or `gnmiSource` below); TLS with the lab's certificate, the SSH login. */
  gnmi?: boolean;
  /** The gNMI data source of a node (default: the device's own `gnmiSource()`, if it has one). */
  gnmiSource?: (node: LabNode) => GnmiDataSource | undefined;
  /** Where management servers log (a command's unexpected exception with its stack); stderr unless told. */
  log?: (message: string) => void;
}

const STREAM_PORT = 5001;

let known: DialectRegistry | undefined;
/** The dialects, built once on first use from the explicit list in cli/dialects.ts. */
const dialects = (): DialectRegistry => (known ??= defaultDialects());

export class Lab {
  readonly sched = new Scheduler();
  readonly rng: Random;
  readonly nodes = new Map<string, LabNode>();
  readonly links: Array<{ link: Link; a: string; b: string }> = [];
  readonly runner: Runner;
  private servers: MgmtServer[] = [];
  /** Management servers (telnet and SSH) by node name, for dropSessions / freezeNode. */
  private mgmt = new Map<string, MgmtServer[]>();
  private frozen = new Set<string>();
  /** SSH host key, login and state folder; set by start() when SSH is on. */
  private sshState?: LabSshState;
  private streamSeq = 0;

  private constructor(
    readonly topo: Topology,
    readonly opts: LabOptions,
  ) {
    this.rng = new Random(opts.seed ?? 1);
    this.runner = new Runner(this.sched, opts.mode ?? 'realtime', opts.speed ?? 1);
  }

  get name(): string {
    return this.topo.name;
  }

  /** Build every node and link and apply startup configurations. Bad config → LabError (one line). */
  static create(topo: Topology, opts: LabOptions = {}): Lab {
    const lab = new Lab(topo, opts);
    let idx = 0;
    for (const def of topo.nodes) lab.buildNode(def, ++idx);
    for (const l of topo.links) {
      const a = lab.port(l.a.node, l.a.nativeIface);
      const b = lab.port(l.b.node, l.b.nativeIface);
      lab.links.push({ link: new Link(a, b, lab.sched, lab.rng.fork(`link:${a.node.name}:${a.name}`)), a: `${l.a.node}:${l.a.iface}`, b: `${l.b.node}:${l.b.iface}` });
    }
    for (const n of lab.nodes.values()) lab.configure(n);
    return lab;
  }

  /** Restarts per node: a restarted node draws fresh random numbers (new PVRP session epochs). */
  private restarts = new Map<string, number>();
  /**
   * Where every node's VRRS accounting plug-in sends: real RFC 2866 Accounting-Requests over UDP
   * from this process to the node's configured RADIUS servers (host, acct port, key); outcomes in
   * `radius.results`.
   */
  readonly radius = new RadiusAccounting();

  private buildNode(def: TopologyNode, index: number): LabNode {
    let dialect;
    try {
      dialect = dialects().get(def.dialect);
    } catch (e) {
      throw new LabError(`${this.topo.file}:${def.line}: node ${def.name}: ${(e as Error).message}`);
    }
    const boot = this.restarts.get(def.name) ?? 0;
    // A power-cycled router does not replay its previous life's random numbers: a peer would
    // take the new PVRP session for the old one (same epoch) and never re-form.
    const node = new Node(def.name, index, this.sched, this.rng.fork(boot ? `node:${def.name}:boot${boot}` : `node:${def.name}`));
    setAccountingSink(node, this.radius);
    const device = dialect.createDevice(node, { kind: def.kind, type: def.type, image: def.image });
    const ln: LabNode = { name: def.name, kind: def.kind, dialect: def.dialect, node, device, def };
    this.nodes.set(def.name, ln);
    return ln;
  }

  private port(nodeName: string, ifname: string): Iface {
    const n = this.nodes.get(nodeName)!;
    const i = n.node.addIface(ifname, 'ethernet');
    return i;
  }

  private configure(n: LabNode): void {
    const text = n.def.startupConfigText;
    if (text) {
      const errs = n.device.applyConfig(text);
      if (errs.length) {
        const e = errs[0];
        const file = n.def.startupConfig ?? this.topo.file;
        throw new LabError(`${file}:${e.line}: node ${n.name}: ${e.error}: '${e.text}'`);
      }
    }
    this.bootHost(n);
  }

  /**
   * A host that takes containerlab's `binds` and `exec` (a linux node): the bound files mapped
   * into it, then each exec command in order; a missing file or a failing command is a LabError.
   */
  private bootHost(n: LabNode): void {
    const host = n.device as Device & Partial<BootableHost>;
    if (!host.bindFile || !host.bootExec) return;
    for (const b of n.def.binds) {
      const [src, dst] = b.split(':');
      if (!src || !dst) throw new LabError(`${this.topo.file}:${this.lineOf(n, b)}: node ${n.name}: bind '${b}' is not host-path:container-path`);
      for (const f of readBind(src, dst)) {
        if ('error' in f) throw new LabError(`${this.topo.file}:${this.lineOf(n, dst)}: node ${n.name}: bind ${f.path}: ${f.error}`);
        host.bindFile(f.dst, f.text);
      }
    }
    for (const cmd of n.def.exec) {
      const r = host.bootExec(cmd);
      if (r.status !== 0) {
        // containerlab's own report of a failing exec.
        throw new LabError(`${this.topo.file}:${this.lineOf(n, cmd)}: node ${n.name}: Failed to execute command "${cmd}" on the node "${n.name}". rc=${r.status}, stdout: ${oneLine(r.stdout)}, stderr: ${oneLine(r.stderr)}`);
      }
    }
  }

  /** The line of the topology file where `text` appears in node n's entry (else the node's line). */
  private lineOf(n: LabNode, text: string): number {
    let lines: string[];
    try {
      lines = fs.readFileSync(this.topo.file, 'utf8').split(/\r?\n/);
    } catch {
      return n.def.line;
    }
    for (let i = n.def.line - 1; i < lines.length; i++) if (lines[i].includes(text)) return i + 1;
    return n.def.line;
  }

  node(name: string): LabNode {
    const n = this.nodes.get(name);
    if (!n) throw new LabError(`unknown node '${name}' (nodes: ${[...this.nodes.keys()].join(', ')})`);
    return n;
  }

  /** Start telnet and SSH servers (loopback only by default) and the scheduler. */
  /** A failure to listen (port taken, bad host) → LabError naming the node and address, after
   * the servers already started are closed again. */
  async start(): Promise<void> {
    const host = this.opts.host ?? '127.0.0.1';
    const base = this.opts.basePort;
    // Ports from basePort: telnet and SSH 2 per node, then gNMI one per node (base + 2N + i).
    if (base !== undefined && (!Number.isInteger(base) || base < 1 || base + 3 * this.nodes.size - 1 > 65535)) {
      throw new LabError(`--base-port ${base}: needs ${3 * this.nodes.size} ports from it, within 1..65535`);
    }
    const log = this.opts.log;
    if (this.opts.ssh !== false || this.opts.gnmi !== false) this.sshState = loadLabState(this.name, this.opts);
    const gnmiOn = this.opts.gnmi !== false;
    const sourceOf = this.opts.gnmiSource ?? ((n: LabNode) => (n.device as Device & { gnmiSource?: () => GnmiDataSource | undefined }).gnmiSource?.());
    const tls = gnmiOn && this.sshState ? loadGnmiTls(this.sshState.dir, `netproof-${this.name}`) : undefined;
    const epochNs = BigInt(Date.now()) * 1_000_000n - BigInt(this.sched.now) * 1000n;
    const clock: GnmiClock = {
      nowNs: () => epochNs + BigInt(this.sched.now) * 1000n,
      every: (ns, fn) => {
        const us = Number(ns / 1000n);
        let h: EventHandle | undefined;
        const tick = (): void => {
          h = this.sched.schedule(us, tick);
          fn();
        };
        h = this.sched.schedule(us, tick);
        return () => h?.cancel();
      },
    };
    let i = 0;
    try {
      for (const n of this.nodes.values()) {
        const factory = (peer: string) => this.node(n.name).device.sessions()(peer);
        const servers: MgmtServer[] = [];
        const port = (k: number) => (base === undefined ? 0 : base + 2 * i + k);
        const listen = async (what: string, at: number, f: (p: number) => Promise<MgmtServer>): Promise<MgmtServer> => {
          try {
            const srv = await f(at);
            servers.push(srv);
            this.servers.push(srv);
            return srv;
          } catch (e) {
            throw new LabError(`node ${n.name}: cannot listen for ${what} on ${host}:${at}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
          }
        };
        if (this.opts.telnet !== false) {
          const srv = await listen('telnet', port(0), (p) => startTelnetServer({ host, port: p, factory, log }));
          n.telnet = { host: srv.host, port: srv.port };
        }
        const ssh = this.sshState;
        if (ssh && this.opts.ssh !== false) {
          const srv = await listen('ssh', port(1), (p) => startSshServer({ host, port: p, factory, hostKey: ssh.hostKey, auth: ssh.auth, log }));
          n.ssh = { host: srv.host, port: srv.port };
        }
        const source = gnmiOn && ssh && tls ? sourceOf(n) : undefined;
        const password = ssh?.auth.password;
        if (source && ssh && tls && password !== undefined) {
          const gport = base === undefined ? 0 : base + 2 * this.nodes.size + i;
          const srv = await listen('gnmi', gport, (p) =>
            startGnmiServer({ host, port: p, source, tls, auth: { username: ssh.auth.username, password }, clock, log }).then((g) => ({ ...g, setFrozen: () => undefined })),
          );
          n.gnmi = { host: srv.host, port: srv.port };
        }
        this.mgmt.set(n.name, servers);
        i++;
      }
    } catch (e) {
      await this.stop();
      throw e;
    }
    this.runner.start();
  }

  /** Stops the scheduler, every management server (clients dropped) and every capture. */
  async stop(): Promise<void> {
    this.runner.stop();
    const servers = this.servers;
    this.servers = [];
    await Promise.all(servers.map((s) => s.close()));
    this.mgmt.clear();
    for (const n of this.nodes.values()) n.device.stop();
    for (const c of [...this.captures]) c();
    await this.radius.close();
  }

  /** Open captures' stop functions. */
  private captures = new Set<() => void>();

  /** The SSH host key (same for every node, kept across starts); undefined before start() or without SSH. */
  get sshHostKey(): { fingerprint: string; publicKey: string } | undefined {
    const s = this.sshState;
    return s ? { fingerprint: s.fingerprint, publicKey: s.publicKey } : undefined;
  }

  /** Where the SSH login comes from: the user name, and the credentials file unless the password
   * came from the options or NETPROOF_SSH_PASSWORD. Never the password itself. */
  get sshLogin(): { username: string; passwordFrom: 'options' | 'env' | 'file'; credentialsFile: string; stateDir: string } | undefined {
    const s = this.sshState;
    return s ? { username: s.auth.username, passwordFrom: s.passwordFrom, credentialsFile: s.credentialsFile, stateDir: s.dir } : undefined;
  }

  // ---- out-of-band control ----

  /**
   * Watch one prefix in a node's routing table: `cb` gets the virtual time (us) and the new best
   * route's type code (undefined when the prefix is gone) on every change. Returns stop().
   */
  watchRoute(node: string, vrf: string, prefix: string, cb: (t: number, code: string | undefined) => void): () => void {
    const p = parsePrefix(prefix);
    if (!p) throw new LabError(`bad prefix '${prefix}'`);
    const n = this.node(node).node;
    if (!n.vrfs.has(vrf)) throw new LabError(`node ${node} has no vrf '${vrf}'`);
    const key = prefixKey(p);
    return n.vrf(vrf).rib[p.afi].onChange((changed) => {
      if (!changed.some((r) => prefixKey(r.prefix) === key)) return;
      cb(this.sched.now, n.vrf(vrf).rib[p.afi].bestFor(p)?.code);
    });
  }

  /** Closes every management connection (telnet and SSH) of a node abruptly: TCP reset, no goodbye. */
  dropSessions(node: string): void {
    this.node(node);
    for (const s of this.mgmt.get(node) ?? []) s.dropConnections();
  }

  /** Frozen: the node's CLI reads input but answers nothing (connections stay up) until thawed. */
  freezeNode(node: string, frozen: boolean): void {
    this.node(node);
    if (frozen) this.frozen.add(node);
    else this.frozen.delete(node);
    for (const s of this.mgmt.get(node) ?? []) s.setFrozen(frozen);
  }

  /** Find the link between two endpoints (`r1:eth1`, or `r1` / `r2` for the only link between them). */
  findLink(a: string, b?: string): Link {
    const match = (ep: string, spec: string) => ep === spec || ep.split(':')[0] === spec;
    const hits = this.links.filter((l) => (match(l.a, a) && (!b || match(l.b, b))) || (match(l.b, a) && (!b || match(l.a, b))));
    if (hits.length === 0) throw new LabError(`no link ${a}${b ? ' -- ' + b : ''}`);
    if (hits.length > 1) throw new LabError(`several links match ${a}${b ? ' -- ' + b : ''}: name the interfaces`);
    return hits[0].link;
  }

  setLink(a: string, b: string | undefined, s: { up?: boolean; delayMs?: number; loss?: number }): void {
    const l = this.findLink(a, b);
    if (s.delayMs !== undefined) l.delay = Math.round(s.delayMs * MS);
    if (s.loss !== undefined) l.loss = s.loss;
    if (s.up !== undefined && s.up !== l.up) {
      l.up = s.up;
      l.a.node.ifaceChanged(l.a);
      l.b.node.ifaceChanged(l.b);
    }
  }

  /** Power-cycle a node: protocols stop, state is lost, the startup config is applied again. */
  restartNode(name: string): void {
    const old = this.node(name);
    old.device.stop();
    old.node.down = true;
    this.restarts.set(name, (this.restarts.get(name) ?? 0) + 1);
    const fresh = this.buildNode(old.def, old.node.index);
    fresh.telnet = old.telnet;
    fresh.ssh = old.ssh;
    for (const l of this.links) {
      for (const side of ['a', 'b'] as const) {
        const i = l.link[side];
        if (i.node !== old.node) continue;
        const ni = fresh.node.addIface(i.name, 'ethernet');
        (l.link as { a: Iface; b: Iface })[side] = ni;
        ni.link = l.link;
      }
    }
    this.configure(fresh);
  }

  /**
   * Capture every frame of a link into a pcap file (Wireshark, tshark); returns a function
   * that stops the capture and closes the file.
   */
  capture(a: string, b: string | undefined, file: string): () => void {
    const l = this.findLink(a, b);
    let fd: number;
    try {
      fd = fs.openSync(file, 'w');
      fs.writeSync(fd, pcapHeader());
    } catch (e) {
      throw new LabError(`capture ${a}${b ? ' -- ' + b : ''}: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let open = true;
    const tap: FrameTap = (t, _from, frame) => {
      try {
        fs.writeSync(fd, pcapRecord(t, frame));
      } catch (e) {
        // A full disk ends this capture, not the lab.
        (this.opts.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(`capture ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; stopped`);
        stop();
      }
    };
    l.taps.push(tap);
    const stop = () => {
      if (!open) return;
      open = false;
      this.captures.delete(stop);
      l.taps = l.taps.filter((x) => x !== tap);
      fs.closeSync(fd);
    };
    this.captures.add(stop);
    return stop;
  }

  /** A file name for a link's capture, safe for any interface name (`/`, `:`, spaces...). */
  static captureFileName(a: string, b: string): string {
    const safe = (ep: string) => ep.replace(/:/, '-').replace(/[^A-Za-z0-9._-]/g, '_');
    return `${safe(a)}--${safe(b)}.pcap`;
  }

  /** Which node owns `addr` in `vrf`. */
  ownerOf(addr: Addr, vrf: string): LabNode | undefined {
    for (const n of this.nodes.values()) if (n.node.ip.isLocal(vrf, addr)) return n;
    return undefined;
  }

  /** A UDP stream at a fixed interval; stop() returns loss and the longest gap. */
  startStream(s: StreamSpec): { stop: () => StreamResult } {
    const from = this.node(s.from).node;
    const src = parseAddr(s.src);
    const dst = parseAddr(s.dst);
    if (!src || !dst) throw new LabError(`bad stream address ${s.src} -> ${s.dst}`);
    const owner = s.to ? this.node(s.to) : this.ownerOf(dst, s.vrf ?? '');
    if (!owner) throw new LabError(`no node owns ${s.dst}${s.vrf ? ' in vrf ' + s.vrf : ''}`);
    const to = owner.node;
    const interval = (s.intervalMs ?? 1) * MS;
    const id = ++this.streamSeq;
    const arrivals: number[] = [];
    const sentAt: number[] = [];
    let maxDelay = 0;
    let expect = 0;
    const off = to.ip.listenUdp(STREAM_PORT, (_i, _ip, u) => {
      if (u.data.length < 8 || u.data.readUInt32BE(0) !== id) return;
      const seq = u.data.readUInt32BE(4);
      if (seq >= expect) {
        expect = seq + 1;
        maxDelay = Math.max(maxDelay, this.sched.now - (sentAt[seq] ?? this.sched.now));
        arrivals.push(this.sched.now);
      }
    });
    let sent = 0;
    const start = this.sched.now;
    let timer: EventHandle | undefined;
    const send = () => {
      const data = Buffer.alloc(Math.max(8, s.size ?? 64));
      data.writeUInt32BE(id, 0);
      sentAt.push(this.sched.now);
      data.writeUInt32BE(sent++, 4);
      from.ip.sendUdp(src, dst, STREAM_PORT, STREAM_PORT, data, { vrf: s.vrf ?? '' });
      timer = this.sched.schedule(interval, send, from.name);
    };
    timer = this.sched.schedule(0, send, from.name);
    return {
      stop: () => {
        timer?.cancel();
        off();
        let gap = 0;
        for (let i = 1; i < arrivals.length; i++) gap = Math.max(gap, arrivals[i] - arrivals[i - 1]);
        const end = this.sched.now;
        if (arrivals.length) gap = Math.max(gap, arrivals[0] - start, end - arrivals[arrivals.length - 1]);
        else gap = end - start;
        // Not yet arrived, after the last one that did, and sent within Tmax: still on its way.
        let inFlight = 0;
        for (let q = expect; q < sent; q++) if (sentAt[q] > end - 2 * maxDelay) inFlight++;
        return {
          sent,
          received: arrivals.length,
          lost: sent - arrivals.length - inFlight,
          inFlight,
          longestGapMs: gap / MS,
          switchoverMs: Math.max(0, (gap - interval) / MS),
          durationMs: (end - start) / MS,
        };
      },
    };
  }

  /** The gNMI server's certificate file (clients trust it as their CA); undefined without gNMI. */
  get gnmiCertFile(): string | undefined {
    return this.sshState && [...this.nodes.values()].some((n) => n.gnmi) ? `${this.sshState.dir}/gnmi.crt` : undefined;
  }

  describe(): Array<{ name: string; kind: string; dialect: string; telnet?: string; ssh?: string; gnmi?: string }> {
    return [...this.nodes.values()].map((n) => ({
      name: n.name, kind: n.kind, dialect: n.dialect,
      telnet: n.telnet ? `${n.telnet.host}:${n.telnet.port}` : undefined,
      ssh: n.ssh ? `${n.ssh.host}:${n.ssh.port}` : undefined,
      gnmi: n.gnmi ? `${n.gnmi.host}:${n.gnmi.port}` : undefined,
    }));
  }
}

