/** Small labs for the LACP tests: nodes, ports, LAG interfaces and links on one scheduler. */
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { Link } from '../../net/link';
import type { Iface } from '../../net/iface';
import { parseAddr } from '../../net/addr';
import { LacpEngine } from './engine';
import type { LacpConfig, LacpLagConfig } from './config';

export interface LacpNet {
  sched: Scheduler;
  node(name: string): Node;
  /** An admin-up Ethernet port without an address (a LAG member). */
  port(node: string, name: string): Iface;
  /** An admin-up LAG interface, with an IPv4 address when `addr` (`a.b.c.d/len`) is given. */
  lag(node: string, name: string, addr?: string): Iface;
  connect(a: Iface, b: Iface): Link;
  /** Take a link down or up as the lab does (both ends told). */
  setLink(l: Link, up: boolean): void;
  /** Start an engine on `node` with these LAGs. */
  engine(node: string, lags: LacpLagConfig[]): LacpEngine;
}

export function lacpNet(seed = 7): LacpNet {
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
    node,
    port: (n, name) => {
      const nd = node(n);
      const i = nd.addIface(name, 'ethernet');
      i.adminUp = true;
      nd.ifaceChanged(i);
      return i;
    },
    lag: (n, name, addr) => {
      const nd = node(n);
      const i = nd.addIface(name, 'lag');
      if (addr) {
        const [a, len] = addr.split('/');
        i.v4 = { addr: parseAddr(a)!, len: Number(len) };
      }
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
    setLink: (l, up) => {
      l.up = up;
      l.a.node.ifaceChanged(l.a);
      l.b.node.ifaceChanged(l.b);
    },
    engine: (n, lags) => {
      const e = new LacpEngine(node(n));
      const errors = e.update({ lags } satisfies LacpConfig);
      if (errors.length) throw new Error(errors.join('; '));
      return e;
    },
  };
}

/** One LAG's config with the defaults filled in. */
export function lagCfg(lag: string, members: string[], o: Partial<LacpLagConfig> & { systemId: string; adminKey: number }): LacpLagConfig {
  return { lag, members, mode: 'active', interval: 'slow', systemPriority: 32768, ...o };
}
