/**
 * Test doubles for the BGP tests: an in-memory TCP between nodes (byte streams delivered on the
 * scheduler after a fixed delay, with cuttable node pairs) and a small MPLS table.
 */
import type { Addr, Prefix } from '../../net/addr';
import { contains, prefixOf, prefixKey } from '../../net/addr';
import type { Node } from '../../net/node';
import type { Path } from '../../net/rib';
import type { TcpConn, TcpConnectOpts, TcpEndpoint, TcpListenOpts, TcpStackApi, TcpState } from '../../net/tcp';
import type { LabelAction, MplsApi } from '../../net/mpls';
import type { Scheduler } from '../../sim/scheduler';

class MemConn implements TcpConn {
  state: TcpState = 'SYN-SENT';
  other?: MemConn;
  private dataCbs: Array<(d: Buffer) => void> = [];
  private connectCbs: Array<() => void> = [];
  private closeCbs: Array<(why: 'closed' | 'reset' | 'timeout') => void> = [];
  constructor(
    private net: MemNet,
    readonly node: Node,
    readonly local: TcpEndpoint,
    readonly remote: TcpEndpoint,
    readonly vrf: string,
  ) {}
  send(data: Buffer): void {
    const o = this.other;
    if (this.state !== 'ESTABLISHED' || !o || this.net.isCut(this.node, o.node)) return;
    const copy = Buffer.from(data);
    this.net.sched.schedule(this.net.delay, () => {
      if (o.state === 'ESTABLISHED') for (const cb of o.dataCbs) cb(copy);
    });
  }
  onData(cb: (d: Buffer) => void): void {
    this.dataCbs.push(cb);
  }
  onConnect(cb: () => void): void {
    this.connectCbs.push(cb);
  }
  onClose(cb: (why: 'closed' | 'reset' | 'timeout') => void): void {
    this.closeCbs.push(cb);
  }
  fireConnect(): void {
    this.state = 'ESTABLISHED';
    for (const cb of this.connectCbs) cb();
  }
  fireClose(why: 'closed' | 'reset' | 'timeout'): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    for (const cb of this.closeCbs) cb(why);
  }
  private end(why: 'closed' | 'reset'): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    const o = this.other;
    if (o) this.net.sched.schedule(this.net.delay, () => o.fireClose(why));
  }
  close(): void {
    this.end('closed');
  }
  abort(): void {
    this.end('reset');
  }
}

export class MemNet {
  private listeners = new Map<string, (c: TcpConn) => void>();
  private cuts = new Set<string>();
  private nodes: Node[] = [];
  private nextPort = 40000;
  constructor(
    readonly sched: Scheduler,
    readonly delay = 500,
  ) {}

  cut(a: Node, b: Node, on = true): void {
    const k = [a.name, b.name].sort().join('|');
    if (on) this.cuts.add(k);
    else this.cuts.delete(k);
  }
  isCut(a: Node, b: Node): boolean {
    return this.cuts.has([a.name, b.name].sort().join('|'));
  }

  private owner(a: Addr, except: Node): { node: Node; vrf: string } | undefined {
    for (const n of this.nodes) {
      if (n === except) continue;
      for (const i of n.ifaces.values()) if (i.v4 && i.v4.addr.v === a.v) return { node: n, vrf: i.vrf };
    }
    return undefined;
  }

  stack(node: Node): TcpStackApi {
    this.nodes.push(node);
    return {
      listen: (o: TcpListenOpts, onAccept: (c: TcpConn) => void) => {
        const k = `${node.name}|${o.vrf ?? ''}|${o.port}`;
        this.listeners.set(k, onAccept);
        return () => this.listeners.delete(k);
      },
      connect: (o: TcpConnectOpts) => {
        const vrf = o.vrf ?? '';
        let src = o.src;
        if (!src) {
          for (const i of node.ifaces.values()) if (i.vrf === vrf && i.v4 && contains(prefixOf(i.v4.addr, i.v4.len), o.dst)) src = i.v4.addr;
        }
        src ??= [...node.ifaces.values()].find((i) => i.vrf === vrf && i.v4)?.v4?.addr ?? { afi: 4, v: 0n };
        const local = { addr: src, port: o.sport ?? this.nextPort++ };
        const c = new MemConn(this, node, local, { addr: o.dst, port: o.dport }, vrf);
        const t = this.owner(o.dst, node);
        this.sched.schedule(this.delay, () => {
          if (c.state === 'CLOSED') return;
          if (!t || this.isCut(node, t.node)) {
            this.sched.schedule(5_000_000, () => c.fireClose('timeout'));
            return;
          }
          const l = this.listeners.get(`${t.node.name}|${t.vrf}|${o.dport}`);
          if (!l) {
            c.fireClose('reset');
            return;
          }
          const s = new MemConn(this, t.node, { addr: o.dst, port: o.dport }, local, t.vrf);
          s.other = c;
          c.other = s;
          s.state = 'ESTABLISHED';
          l(s);
          c.fireConnect();
        });
        return c;
      },
    };
  }
}

export class FakeMpls implements MplsApi {
  enabled = true;
  ifaceEnabled = new Set<string>();
  version = 0;
  private next = 48;
  private labels = new Map<number, LabelAction>();
  private ftns = new Map<string, Map<string, Path[]>>();
  private cbs: Array<() => void> = [];
  allocLabel(): number {
    return this.next++;
  }
  freeLabel(_l: number): void {}
  setLabel(l: number, a: LabelAction): void {
    this.labels.set(l, a);
  }
  removeLabel(l: number): void {
    this.labels.delete(l);
  }
  lfib(): Array<{ label: number; action: LabelAction }> {
    return [...this.labels].map(([label, action]) => ({ label, action }));
  }
  setFtn(owner: string, entries: Array<{ fec: Prefix; paths: Path[] }>): void {
    this.ftns.set(owner, new Map(entries.map((e) => [prefixKey(e.fec), e.paths])));
    this.version++;
    for (const cb of this.cbs) cb();
  }
  ftn(a: Addr): Path[] | undefined {
    const k = prefixKey(prefixOf(a, 32));
    for (const m of this.ftns.values()) if (m.has(k)) return m.get(k);
    return undefined;
  }
  onFtnChange(cb: () => void): () => void {
    this.cbs.push(cb);
    return () => (this.cbs = this.cbs.filter((x) => x !== cb));
  }
}
