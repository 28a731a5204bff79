/**
 * Test networks for the bridge and VXLAN modules: leaves (bridge nodes running the protocol
 * host with the `vxlan` and `bridge` modules) joined to one routed spine by /30s, each with a
 * system loopback reached by static routes, and plain hosts (a Node with one address) on leaf ports.
 */
import { Scheduler, SEC } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { Link } from '../../net/link';
import type { Iface } from '../../net/iface';
import { parseAddr, parsePrefix } from '../../net/addr';
import { ping } from '../../net/tools';
import type { Route } from '../../net/rib';
import type { AnyModule, ProtocolDeps } from '../registry';
import { vxlanModule } from '../vxlan/module';
import { bridgeModule } from './module';
import type { BridgeConfig, MacVrfConfig } from './config';
import type { VxlanConfig } from '../vxlan/config';
import type { BridgeEngine } from './engine';
import type { VxlanEngine } from '../vxlan/engine';

export interface Net {
  sched: Scheduler;
  rng: Random;
  nodes: Node[];
  links: Link[];
}

export function newNet(seed = 11): Net {
  return { sched: new Scheduler(), rng: new Random(seed), nodes: [], links: [] };
}

export function node(net: Net, name: string): Node {
  const n = new Node(name, net.nodes.length + 1, net.sched, net.rng.fork(name));
  n.ifaceAdminDefault = true;
  net.nodes.push(n);
  return n;
}

export function port(n: Node, name: string, addr?: string, kind: 'ethernet' | 'loopback' = 'ethernet'): Iface {
  const i = n.addIface(name, kind);
  if (addr) {
    const [s, len] = addr.split('/');
    i.v4 = { addr: parseAddr(s)!, len: Number(len) };
  }
  i.adminUp = true;
  n.ifaceChanged(i);
  return i;
}

export function link(net: Net, a: Iface, b: Iface): Link {
  const l = new Link(a, b, net.sched, net.rng.fork(`${a.node.name}-${b.node.name}`));
  net.links.push(l);
  a.node.ifaceChanged(a);
  b.node.ifaceChanged(b);
  return l;
}

export function staticRoute(n: Node, prefix: string, via: string, out: Iface): void {
  const rib = n.vrf('').rib[4];
  const r: Route = { prefix: parsePrefix(prefix)!, code: 'S', distance: 1, metric: 0, paths: [{ iface: out, nextHop: parseAddr(via)! }], since: 0, source: `static ${prefix}` };
  rib.setSource(`static ${prefix}`, [r], n.sched.now);
}

/**
 * The part of config/host.ts's ProtocolHost these tests need (protocols do not import config/):
 * create, update and stop of the vxlan and bridge modules in registration order, and show.
 */
export class MiniHost {
  private inst = new Map<string, unknown>();
  private readonly deps: ProtocolDeps = { instance: <I>(name: string) => this.inst.get(name) as I | undefined };
  private readonly mods: AnyModule[] = [vxlanModule, bridgeModule];

  constructor(readonly node: Node) {}

  instance<I>(name: string): I | undefined {
    return this.inst.get(name) as I | undefined;
  }

  apply(sections: Map<string, unknown>): void {
    for (const m of [...this.mods].reverse()) {
      const i = this.inst.get(m.name);
      if (i !== undefined && !sections.has(m.name)) {
        m.stop(i);
        this.inst.delete(m.name);
      }
    }
    for (const m of this.mods) {
      const sec = sections.get(m.name);
      if (sec === undefined) continue;
      const i = this.inst.get(m.name);
      if (i === undefined) this.inst.set(m.name, m.create(this.node, structuredClone(sec), this.deps));
      else {
        const r = m.update(i, structuredClone(sec), this.node, this.deps);
        if (r !== undefined) this.inst.set(m.name, r);
      }
    }
  }

  show<R>(protocol: string, model: string): R[] {
    const m = this.mods.find((x) => x.name === protocol)!;
    const i = this.inst.get(protocol);
    return i === undefined ? [] : (m.show![model](i, this.node.sched.now) as R[]);
  }
}

/** A bridge node with its protocol host; `vtep` is its system0 address. */
export interface Leaf {
  node: Node;
  host: MiniHost;
  vtep: string;
  uplink: Iface;
  bridge(): BridgeEngine;
  vxlan(): VxlanEngine | undefined;
  apply(b: BridgeConfig, v?: VxlanConfig): void;
}

export function leaf(n: Node, vtep: string): Leaf {
  port(n, 'system0', `${vtep}/32`, 'loopback');
  const host = new MiniHost(n);
  const l: Leaf = {
    node: n,
    host,
    vtep,
    uplink: undefined as unknown as Iface,
    bridge: () => host.instance<BridgeEngine>('bridge')!,
    vxlan: () => host.instance<VxlanEngine>('vxlan'),
    apply(b, v) {
      const c = new Map<string, unknown>();
      if (v) c.set('vxlan', v);
      c.set('bridge', b);
      host.apply(c);
    },
  };
  return l;
}

/**
 * Leaves joined to one spine: leaf k's uplink is 10.250.k.1/30 (spine side .2), its VTEP
 * 10.255.0.k; the leaves route everything via the spine, the spine routes each VTEP to its leaf.
 */
export function fabric(net: Net, names: string[]): { spine: Node; leaves: Leaf[] } {
  const spine = node(net, 'core');
  const leaves = names.map((name, k) => {
    const n = node(net, name);
    const l = leaf(n, `10.255.0.${k + 1}`);
    const up = port(n, 'uplink', `10.250.${k + 1}.1/30`);
    const sp = port(spine, `down${k + 1}`, `10.250.${k + 1}.2/30`);
    link(net, up, sp);
    l.uplink = up;
    staticRoute(n, '0.0.0.0/0', `10.250.${k + 1}.2`, up);
    staticRoute(spine, `${l.vtep}/32`, `10.250.${k + 1}.1`, sp);
    return l;
  });
  return { spine, leaves };
}

/** A plain host with one address on a new port of `attach` (the leaf's port named `leafPort`). */
export function hostOn(net: Net, name: string, addr: string, attach: Node, leafPort: string): { node: Node; iface: Iface; port: Iface; link: Link } {
  const h = node(net, name);
  const i = port(h, 'eth0', addr);
  const p = port(attach, leafPort);
  const lk = link(net, i, p);
  return { node: h, iface: i, port: p, link: lk };
}

export function macVrf(name: string, interfaces: string[], o: Partial<MacVrfConfig> = {}): MacVrfConfig {
  return { name, interfaces, learning: true, agingS: 300, ...o };
}

/** Ping `count` times from `h` to `dst`; runs the scheduler until done (deadline 60 s virtual). */
export function pingRun(net: Net, h: Node, dst: string, count = 3): { ok: number; lost: number } {
  let res: { ok: number; lost: number } | undefined;
  ping(h, { vrf: '', dst: parseAddr(dst)!, count, size: 56, timeout: 1 * SEC, ttl: 64 }, () => {}, (all) => {
    res = { ok: all.filter((r) => r.ok).length, lost: all.filter((r) => !r.ok).length };
  });
  net.sched.runUntilCondition(() => res !== undefined, net.sched.now + 60 * SEC);
  if (!res) throw new Error(`ping ${dst} from ${h.name} did not finish`);
  return res;
}
