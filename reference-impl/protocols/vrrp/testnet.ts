/** A two-router LAN for the VRRP and VRRS tests: nodes on one scheduler, a VRRP engine each. */
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { Link } from '../../net/link';
import type { Iface } from '../../net/iface';
import { parseAddr } from '../../net/addr';
import { VrrpEngine } from './engine';
import { newVrrpConfig, newVrrpGroupConfig, setGroup, type VrrpConfig, type VrrpGroupConfig } from './config';

export interface Lan {
  sched: Scheduler;
  a: Node;
  b: Node;
  pa: Iface;
  pb: Iface;
  link: Link;
  ea: VrrpEngine;
  eb: VrrpEngine;
  frames: Array<{ time: number; from: string; frame: Buffer }>;
}

/** Nodes `na` and `nb`, ports `port` with `addrA` / `addrB` (`a.b.c.d/len`, or IPv6 too via `v6`). */
export function lan(na: string, nb: string, port: string, addrA: string, addrB: string, seed = 3): Lan {
  const sched = new Scheduler();
  const rng = new Random(seed);
  const a = new Node(na, 1, sched, rng.fork(na));
  const b = new Node(nb, 2, sched, rng.fork(nb));
  const pa = addPort(a, port, addrA);
  const pb = addPort(b, port, addrB);
  const link = new Link(pa, pb, sched, rng.fork('lan'));
  a.ifaceChanged(pa);
  b.ifaceChanged(pb);
  const frames: Lan['frames'] = [];
  link.taps.push((time, from, frame) => frames.push({ time, from: from.node.name, frame }));
  return { sched, a, b, pa, pb, link, ea: new VrrpEngine(a), eb: new VrrpEngine(b), frames };
}

export function addPort(n: Node, name: string, addr: string): Iface {
  const i = n.addIface(name, 'ethernet');
  setAddr(i, addr);
  i.adminUp = true;
  n.ifaceChanged(i);
  return i;
}

export function setAddr(i: Iface, addr: string): void {
  const [s, len] = addr.split('/');
  const a = parseAddr(s)!;
  if (a.afi === 4) i.v4 = { addr: a, len: Number(len) };
  else i.v6 = { addr: a, len: Number(len) };
}

export function subif(n: Node, parent: Iface, vlan: number, addr: string): Iface {
  const i = n.addIface(`${parent.name}.${vlan}`, 'ethernet', parent, vlan);
  setAddr(i, addr);
  i.adminUp = true;
  n.ifaceChanged(i);
  return i;
}

/** A config with the given groups (fields over the defaults). */
export function vrrpCfg(...groups: Array<Partial<VrrpGroupConfig> & { iface: string; vrid: number; addresses: string[] }>): VrrpConfig {
  const c = newVrrpConfig();
  for (const g of groups) setGroup(c, { ...newVrrpGroupConfig(g.iface, g.vrid, g.afi ?? 4, g.version ?? 3), ...g });
  return c;
}
