/**
 * A small lab for the OSPF tests: Nodes and Links built directly on one Scheduler (fast mode),
 * with an OSPF process per router. Addresses and names are the caller's.
 */
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { Link } from '../../net/link';
import type { Iface } from '../../net/iface';
import { parseAddr, parsePrefix, prefixKey } from '../../net/addr';
import type { Route } from '../../net/rib';
import { newOspfConfig, type OspfConfig } from './config';
import { OspfProcess } from './process';

export class OspfNet {
  readonly sched = new Scheduler();
  readonly rng = new Random(11);
  readonly nodes = new Map<string, Node>();
  readonly procs = new Map<string, OspfProcess>();
  readonly cfgs = new Map<string, OspfConfig>();
  readonly links: Link[] = [];

  node(name: string): Node {
    let n = this.nodes.get(name);
    if (!n) {
      n = new Node(name, this.nodes.size + 1, this.sched, this.rng.fork(name));
      this.nodes.set(name, n);
      const c = newOspfConfig(1);
      c.areas.push({ id: '0.0.0.0', networks: [] });
      this.cfgs.set(name, c);
    }
    return n;
  }

  private addIf(node: string, ifname: string, kind: 'ethernet' | 'loopback', addr: string, len: number): Iface {
    const n = this.node(node);
    const i = n.addIface(ifname, kind);
    i.adminUp = true;
    i.v4 = { addr: parseAddr(addr)!, len };
    n.refreshConnected();
    return i;
  }

  /** A loopback with a /32, advertised with `network A 0.0.0.0`. */
  loopback(node: string, ifname: string, addr: string): void {
    this.addIf(node, ifname, 'loopback', addr, 32);
    this.cfgs.get(node)!.areas[0].networks.push({ addr, wildcard: '0.0.0.0' });
  }

  /** A /24 link between two routers, both ends in area 0 by a `network NET 0.0.0.255`. */
  link(a: string, ai: string, aAddr: string, b: string, bi: string, bAddr: string): Link {
    const x = this.addIf(a, ai, 'ethernet', aAddr, 24);
    const y = this.addIf(b, bi, 'ethernet', bAddr, 24);
    const l = new Link(x, y, this.sched, this.rng.fork(`${a}${ai}`));
    this.links.push(l);
    x.node.refreshConnected();
    y.node.refreshConnected();
    for (const [n, ad] of [[a, aAddr], [b, bAddr]]) {
      const net = ad.split('.').slice(0, 3).join('.') + '.0';
      const nets = this.cfgs.get(n)!.areas[0].networks;
      if (!nets.some((k) => k.addr === net)) nets.push({ addr: net, wildcard: '0.0.0.255' });
    }
    return l;
  }

  start(name?: string): void {
    for (const n of name ? [name] : [...this.nodes.keys()]) {
      const p = new OspfProcess(this.nodes.get(n)!, this.cfgs.get(n)!);
      this.procs.set(n, p);
      p.start();
    }
  }

  proc(name: string): OspfProcess {
    return this.procs.get(name)!;
  }

  route(node: string, prefix: string): Route | undefined {
    const p = parsePrefix(prefix)!;
    return this.nodes.get(node)!.vrf('').rib[4].routes().find((r) => prefixKey(r.prefix) === prefixKey(p));
  }

  /** Every process has `n` Full neighbours as listed. */
  allFull(expected: Record<string, number>): boolean {
    return Object.entries(expected).every(([n, c]) => this.proc(n).neighbors().filter((x) => x.state === 'Full').length === c);
  }

  setLink(l: Link, up: boolean): void {
    l.up = up;
    l.a.node.ifaceChanged(l.a);
    l.b.node.ifaceChanged(l.b);
  }
}

export const GE1 = 'GigabitEthernet0/1/0';
export const GE2 = 'GigabitEthernet0/2/0';

/** The document's triangle: PE1-PE3 11.11.11.0/24, PE2-PE3 22.22.22.0/24, PE1-PE2 33.33.33.0/24. */
export function triangle(): OspfNet {
  const t = new OspfNet();
  t.loopback('PE1', 'LoopBack1', '2.2.2.2');
  t.loopback('PE2', 'LoopBack1', '3.3.3.3');
  t.loopback('PE3', 'LoopBack1', '4.4.4.4');
  t.link('PE1', GE1, '11.11.11.1', 'PE3', GE1, '11.11.11.2');
  t.link('PE2', GE1, '22.22.22.1', 'PE3', GE2, '22.22.22.2');
  t.link('PE1', GE2, '33.33.33.1', 'PE2', GE2, '33.33.33.2');
  return t;
}

export const TRI_FULL = { PE1: 2, PE2: 2, PE3: 2 };
