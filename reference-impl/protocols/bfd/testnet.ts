/** Small labs for the BFD and static route tests: nodes and links built directly on one scheduler. */
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { Link } from '../../net/link';
import type { Iface } from '../../net/iface';
import { parseAddr } from '../../net/addr';
import { BfdEngine } from './engine';
import { BfdConfig, newBfdConfig, newBfdSessionConfig } from './config';

export interface TestNet {
  sched: Scheduler;
  nodes: Map<string, Node>;
  node(name: string): Node;
  iface(node: string, name: string): Iface;
  /** Add an Ethernet port with an address (`a.b.c.d/len`) in `vrf`. */
  port(node: string, name: string, addr: string, vrf?: string): Iface;
  connect(a: Iface, b: Iface): Link;
}

export function testNet(seed = 11): TestNet {
  const sched = new Scheduler();
  const rng = new Random(seed);
  const nodes = new Map<string, Node>();
  const node = (name: string) => {
    let n = nodes.get(name);
    if (!n) {
      n = new Node(name, nodes.size + 1, sched, rng.fork(name));
      nodes.set(name, n);
    }
    return n;
  };
  return {
    sched,
    nodes,
    node,
    iface: (n, name) => {
      const i = node(n).ifaces.get(name);
      if (!i) throw new Error(`no ${n} ${name}`);
      return i;
    },
    port: (n, name, addr, vrf = '') => {
      const nd = node(n);
      const i = nd.addIface(name, 'ethernet');
      const [a, len] = addr.split('/');
      i.v4 = { addr: parseAddr(a)!, len: Number(len) };
      i.vrf = vrf;
      nd.vrf(vrf);
      i.adminUp = true;
      nd.ifaceChanged(i);
      return i;
    },
    connect: (a, b) => {
      const l = new Link(a, b, sched, rng.fork(`${a.node.name}-${b.node.name}`));
      a.node.ifaceChanged(a);
      b.node.ifaceChanged(b);
      return l;
    },
  };
}

/** A BFD config with one auto-discriminator session per [name, peer, iface, source, vrf]. */
export function bfdCfg(sessions: Array<[string, string, string, string, string?]>): BfdConfig {
  const c = newBfdConfig();
  c.enabled = true;
  for (const [name, peer, iface, source, vrf] of sessions) {
    const s = newBfdSessionConfig(name, peer);
    s.iface = iface;
    s.source = source;
    s.vrf = vrf ?? '';
    c.sessions.set(name, s);
  }
  return c;
}

export function engine(n: Node, cfg: BfdConfig): BfdEngine {
  const e = new BfdEngine(n);
  e.update(cfg);
  return e;
}
