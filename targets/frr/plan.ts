// From a containerlab topology to what the FRR lab builds: which nodes run FRR (kind `linux`
// with FRR's image, or with frr.conf bound to /etc/frr), their frr.conf and daemons files (from
// the node's `binds`, exactly as containerlab mounts them), the daemons to start, and the links.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Topology, TopologyNode } from '../../topologies';
import { FrrLabError } from './sh';

/** Daemons a `daemons` file can switch on (FRR 8.4), in the order they are started. */
export const KNOWN_DAEMONS = ['bgpd', 'ospfd', 'ospf6d', 'ripd', 'ripngd', 'isisd', 'pimd', 'ldpd', 'nhrpd', 'eigrpd', 'babeld', 'pbrd', 'bfdd', 'fabricd', 'vrrpd', 'pathd'] as const;

export interface FrrNodePlan {
  name: string;
  /** True for an FRR router; false for a plain Linux node (a namespace and its `exec` only). */
  frr: boolean;
  /** Host paths of the bound files; absent on plain Linux nodes. */
  frrConf?: string;
  daemonsFile?: string;
  vtyshConf?: string;
  /** zebra and staticd first (always on, as FRR's frrinit does), then those set to yes. */
  daemons: string[];
  /** Interfaces the topology's links give the node, as written (`eth1`). */
  ifaces: string[];
  exec: string[];
  line: number;
}

export interface FrrLinkPlan {
  index: number;
  a: { node: string; iface: string };
  b: { node: string; iface: string };
  mtu?: number;
}

export interface FrrLabPlan {
  name: string;
  file: string;
  nodes: FrrNodePlan[];
  links: FrrLinkPlan[];
}

/** Whether a topology node is an FRR router run the containerlab way. */
export function isFrrNode(n: TopologyNode): boolean {
  return n.kind === 'linux' && n.dialect === 'frr'; // topologies/kinds.ts: FRR's image or a bind into /etc/frr
}

/** True when every node is a `linux` node and at least one runs FRR: `lab up` hands these to the FRR lab. */
export function isFrrTopology(t: Topology): boolean {
  return t.nodes.every((n) => n.kind === 'linux') && t.nodes.some(isFrrNode);
}

/** `daemons` file: `ospfd=yes` lines switch a daemon on. */
export function parseDaemons(text: string): string[] {
  const on = new Set<string>();
  for (const raw of text.split('\n')) {
    const m = /^\s*([a-z0-9]+)\s*=\s*"?(yes|no)"?\s*(?:#.*)?$/.exec(raw);
    if (m && m[2] === 'yes') on.add(m[1]);
  }
  return ['zebra', 'staticd', ...KNOWN_DAEMONS.filter((d) => on.has(d))];
}

function where(t: Topology, n: TopologyNode): string {
  return `${t.file}:${n.line}: node ${n.name}`;
}

/** The host file bound to `/etc/frr/<name>` (a bind of the file, or of its /etc/frr folder). */
function boundFile(n: TopologyNode, name: string): string | undefined {
  for (const b of n.binds) {
    const [host, container] = b.split(':');
    if (container === `/etc/frr/${name}`) return host;
    if (container === '/etc/frr' || container === '/etc/frr/') return path.join(host, name);
  }
  return undefined;
}

function checkFile(t: Topology, n: TopologyNode, file: string, what: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) throw new FrrLabError(`${where(t, n)}: ${what} ${file} (from binds) is not a file`);
}

export function planLab(t: Topology): FrrLabPlan {
  if (!t.nodes.some(isFrrNode)) {
    throw new FrrLabError(`${t.file}: no FRR node (an FRR node is kind linux with image quay.io/frrouting/frr:... or frr.conf bound to /etc/frr/frr.conf)`);
  }
  const ifaces = new Map<string, string[]>(t.nodes.map((n) => [n.name, []]));
  const links: FrrLinkPlan[] = t.links.map((l, index) => {
    for (const e of [l.a, l.b]) {
      if (e.iface === 'eth0') throw new FrrLabError(`${t.file}:${l.line}: ${e.node}:eth0 is the management interface (as in containerlab); links start at eth1`);
      ifaces.get(e.node)?.push(e.iface);
    }
    const p: FrrLinkPlan = { index, a: { node: l.a.node, iface: l.a.iface }, b: { node: l.b.node, iface: l.b.iface } };
    if (l.mtu !== undefined) p.mtu = l.mtu;
    return p;
  });
  const nodes = t.nodes.map((n): FrrNodePlan => {
    if (n.kind !== 'linux') throw new FrrLabError(`${where(t, n)}: kind ${n.kind} cannot run in the FRR lab (only kind linux nodes)`);
    const base = { name: n.name, ifaces: ifaces.get(n.name) ?? [], exec: n.exec, line: n.line };
    if (!isFrrNode(n)) return { ...base, frr: false, daemons: [] };
    const frrConf = boundFile(n, 'frr.conf');
    const daemonsFile = boundFile(n, 'daemons');
    if (!frrConf) throw new FrrLabError(`${where(t, n)}: no frr.conf in binds (e.g. \`- ${n.name}/frr.conf:/etc/frr/frr.conf\`)`);
    if (!daemonsFile) throw new FrrLabError(`${where(t, n)}: no daemons file in binds (e.g. \`- ${n.name}/daemons:/etc/frr/daemons\`)`);
    checkFile(t, n, frrConf, 'frr.conf');
    checkFile(t, n, daemonsFile, 'daemons file');
    const vtysh = boundFile(n, 'vtysh.conf');
    const plan: FrrNodePlan = { ...base, frr: true, frrConf, daemonsFile, daemons: parseDaemons(readFileSync(daemonsFile, 'utf8')) };
    if (vtysh && existsSync(vtysh)) plan.vtyshConf = vtysh;
    return plan;
  });
  return { name: t.name, file: t.file, nodes, links };
}
