/**
 * Test helpers for LDP (used only by *.test.ts): an in-memory TCP (a pair of TcpConn objects
 * per connection, bytes delivered on the scheduler after 1 ms while both ends route to each
 * other), a minimal label manager standing in for node.mpls while the real one is missing,
 * and small labs of Nodes and Links with static routes in the RIB.
 */
import { Addr, parseIPv4, parsePrefix, prefixOf } from '../../net/addr';
import type { Iface } from '../../net/iface';
import { Link } from '../../net/link';
import { FIRST_DYNAMIC_LABEL, LabelAction } from '../../net/mpls';
import { Node } from '../../net/node';
import type { Path, Route } from '../../net/rib';
import type { TcpConn, TcpConnectOpts, TcpEndpoint, TcpListenOpts, TcpStackApi, TcpState } from '../../net/tcp';
import { Random } from '../../sim/random';
import { MS, SEC, Scheduler } from '../../sim/scheduler';
import { newLdpConfig, LdpConfig } from './config';
import { LdpProcess } from './process';

class MemConn implements TcpConn {
  state: TcpState = 'SYN-SENT';
  peer?: MemConn;
  private dataCb: Array<(d: Buffer) => void> = [];
  private connectCb: Array<() => void> = [];
  private closeCb: Array<(why: 'closed' | 'reset' | 'timeout') => void> = [];
  constructor(
    readonly node: Node,
    readonly local: TcpEndpoint,
    readonly remote: TcpEndpoint,
  ) {}
  readonly vrf = '';
  send(data: Buffer): void {
    if (this.state !== 'ESTABLISHED' || !this.peer) return;
    const p = this.peer;
    const copy = Buffer.from(data);
    this.node.sched.schedule(1 * MS, () => {
      // Bytes get through only while both ends have a route to each other.
      if (p.state === 'ESTABLISHED' && reachable(this.node, p.node, this.remote.addr, this.local.addr)) p.dataCb.forEach((f) => f(copy));
    });
  }
  onData(cb: (d: Buffer) => void): void {
    this.dataCb.push(cb);
  }
  onConnect(cb: () => void): void {
    this.connectCb.push(cb);
  }
  onClose(cb: (why: 'closed' | 'reset' | 'timeout') => void): void {
    this.closeCb.push(cb);
  }
  established(): void {
    this.state = 'ESTABLISHED';
    this.connectCb.forEach((f) => f());
  }
  ended(why: 'closed' | 'reset' | 'timeout'): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    this.closeCb.forEach((f) => f(why));
  }
  close(): void {
    this.finish('closed');
  }
  abort(): void {
    this.finish('reset');
  }
  private finish(why: 'closed' | 'reset'): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    const p = this.peer;
    if (p) this.node.sched.schedule(1 * MS, () => p.ended(why));
  }
}

function reachable(a: Node, b: Node, dst: Addr, src: Addr): boolean {
  if (a.down || b.down) return false;
  const ok = (n: Node, to: Addr) => {
    if (n.ip.isLocal('', to)) return true;
    const r = n.vrf('').rib[4].lookup(to);
    return !!r && r.paths.some((p) => p.iface.up);
  };
  return ok(a, dst) && ok(b, src);
}

/** In-memory TCP shared by the nodes of one test. */
export class MemTcpNet {
  private listeners = new Map<Node, Array<{ port: number; cb: (c: TcpConn) => void }>>();
  constructor(private nodes: Node[]) {}
  stack(n: Node): TcpStackApi {
    return {
      listen: (o: TcpListenOpts, cb: (c: TcpConn) => void) => {
        const l = { port: o.port, cb };
        this.listeners.set(n, [...(this.listeners.get(n) ?? []), l]);
        return () => this.listeners.set(n, (this.listeners.get(n) ?? []).filter((x) => x !== l));
      },
      connect: (o: TcpConnectOpts) => {
        const src = o.src!;
        const c = new MemConn(n, { addr: src, port: 40000 + n.index }, { addr: o.dst, port: o.dport });
        n.sched.schedule(1 * MS, () => {
          const far = this.nodes.find((x) => x.ip.isLocal('', o.dst));
          const l = far && this.listeners.get(far)?.find((x) => x.port === o.dport);
          if (!far || !l || !reachable(n, far, o.dst, src)) {
            n.sched.schedule(3 * SEC, () => c.ended('timeout'));
            return;
          }
          const s = new MemConn(far, { addr: o.dst, port: o.dport }, c.local);
          s.peer = c;
          c.peer = s;
          s.state = 'ESTABLISHED';
          l.cb(s);
          c.established();
        });
        return c;
      },
    };
  }
}

/** A stand-in for node.mpls while net/mpls.ts is a placeholder. */
export function ensureMpls(n: Node): void {
  try {
    const l = n.mpls.allocLabel();
    n.mpls.freeLabel(l);
    return;
  } catch {
    // placeholder: fill in a minimal label manager below
  }
  let next = FIRST_DYNAMIC_LABEL;
  const free: number[] = [];
  const lfib = new Map<number, LabelAction>();
  let ftn: Array<{ fec: { afi: 4 | 6; net: bigint; len: number }; paths: Path[] }> = [];
  const m = n.mpls as unknown as Record<string, unknown>;
  m.allocLabel = () => free.shift() ?? next++;
  m.freeLabel = (l: number) => free.push(l);
  m.setLabel = (l: number, a: LabelAction) => lfib.set(l, a);
  m.removeLabel = (l: number) => lfib.delete(l);
  m.lfib = () => [...lfib].map(([label, action]) => ({ label, action }));
  m.setFtn = (_o: string, e: typeof ftn) => {
    ftn = e;
    n.mpls.version++;
  };
  m.ftn = (a: Addr) => ftn.find((e) => e.fec.len === 32 && e.fec.net === a.v)?.paths;
}

export interface LdpLab {
  sched: Scheduler;
  nodes: Node[];
  links: Link[];
  ldp: LdpProcess[];
  cfgs: LdpConfig[];
  /** `i`'s interface towards `j`. */
  port(i: number, j: number): Iface;
  /** The address of router `j` on the link to router `i`. */
  addrOn(i: number, j: number): Addr;
  link(i: number, j: number): Link;
}

/**
 * Routers r0..r(n-1) with loopbacks 10.9.9.(i+1)/32 (LSR IDs) and links 172.16.k.0/24
 * (router i has .(10+i) on it). Static routes to every
 * loopback along shortest paths (BFS over the links), code 'O'.
 */
export function buildLdpLab(n: number, edges: Array<[number, number]>, opts: { memTcp?: boolean; seed?: number } = {}): LdpLab {
  const sched = new Scheduler();
  const rng = new Random(opts.seed ?? 11);
  const nodes: Node[] = [];
  for (let i = 0; i < n; i++) {
    const node = new Node(`r${i}`, i + 1, sched, rng.fork(`r${i}`));
    const lo = node.addIface('LoopBack0', 'loopback');
    lo.v4 = { addr: parseIPv4(`10.9.9.${i + 1}`)!, len: 32 };
    lo.adminUp = true;
    nodes.push(node);
  }
  const links: Link[] = [];
  const ports = new Map<string, Iface>();
  edges.forEach(([a, b], k) => {
    const ia = nodes[a].addIface(`GE0/${k}/0`, 'ethernet');
    const ib = nodes[b].addIface(`GE0/${k}/0`, 'ethernet');
    ia.v4 = { addr: parseIPv4(`172.16.${k}.${10 + a}`)!, len: 24 };
    ib.v4 = { addr: parseIPv4(`172.16.${k}.${10 + b}`)!, len: 24 };
    ia.adminUp = ib.adminUp = true;
    links.push(new Link(ia, ib, sched, rng.fork(`l${k}`)));
    ports.set(`${a}-${b}`, ia);
    ports.set(`${b}-${a}`, ib);
  });
  for (const node of nodes) {
    ensureMpls(node);
    for (const i of node.ifaces.values()) node.ifaceChanged(i);
  }
  // Static routes to every loopback, first hop by BFS.
  for (let i = 0; i < n; i++) {
    const routes: Route[] = [];
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const prev = bfs(n, edges, j);
      if (prev[i] === undefined) continue;
      const hop = prev[i]!;
      const via = ports.get(`${hop}-${i}`)!.v4!.addr;
      routes.push({ prefix: prefixOf(parseIPv4(`10.9.9.${j + 1}`)!, 32), code: 'O', distance: 10, metric: 1, paths: [{ iface: ports.get(`${i}-${hop}`)!, nextHop: via }], since: 0, source: 'test' });
    }
    nodes[i].vrf('').rib[4].setSource('test', routes, 0);
  }
  const mem = opts.memTcp ? new MemTcpNet(nodes) : undefined;
  const cfgs: LdpConfig[] = [];
  const ldp = nodes.map((node, i) => {
    const cfg = newLdpConfig();
    cfg.lsrId = `10.9.9.${i + 1}`;
    cfg.mpls = cfg.ldp = true;
    for (const x of node.ifaces.values()) {
      if (x.kind !== 'ethernet') continue;
      cfg.mplsIfaces.add(x.name);
      cfg.ldpIfaces.add(x.name);
    }
    cfgs.push(cfg);
    return new LdpProcess(node, cfg, mem?.stack(node));
  });
  return {
    sched,
    nodes,
    links,
    ldp,
    cfgs,
    port: (i, j) => ports.get(`${i}-${j}`)!,
    addrOn: (i, j) => ports.get(`${j}-${i}`)!.v4!.addr,
    link: (i, j) => ports.get(`${i}-${j}`)!.link!,
  };
}

/** prev[x] = the neighbour of x one step closer to `root`. */
function bfs(n: number, edges: Array<[number, number]>, root: number): Array<number | undefined> {
  const prev: Array<number | undefined> = new Array<number | undefined>(n).fill(undefined);
  const seen = new Set([root]);
  const q = [root];
  while (q.length) {
    const x = q.shift()!;
    for (const [a, b] of edges) {
      for (const [u, v] of [[a, b], [b, a]]) {
        if (u !== x || seen.has(v)) continue;
        seen.add(v);
        prev[v] = x;
        q.push(v);
      }
    }
  }
  return prev;
}

export const lo = (i: number): Addr => parseIPv4(`10.9.9.${i + 1}`)!;
export const loPrefix = (i: number) => parsePrefix(`10.9.9.${i + 1}/32`)!;
