/**
 * What the document's topology implies, derived from the topology file (not hard-coded
 * addresses): who neighbours whom on which VLAN subinterface, and how many ECMP paths each
 * router must have to every loopback and link subnet.
 */
import type { Topology } from '../../topologies/types';

export const VLANS = [11, 22];

export interface NeighbourExpectation {
  iface: string;
  name: string;
  peerIface: string;
}

/** Per router: one PVRP neighbour per VLAN subinterface of each link. */
export function expectedNeighbours(topo: Topology, router: string): NeighbourExpectation[] {
  const out: NeighbourExpectation[] = [];
  for (const l of topo.links) {
    for (const [me, peer] of [
      [l.a, l.b],
      [l.b, l.a],
    ]) {
      if (me.node !== router) continue;
      for (const v of VLANS) out.push({ iface: `${me.nativeIface}.${v}`, name: peer.node, peerIface: `${peer.nativeIface}.${v}` });
    }
  }
  return out.sort((x, y) => (x.iface < y.iface ? -1 : 1));
}

/** The link (if any) between two routers, as [local port, remote port]. */
export function linkBetween(topo: Topology, a: string, b: string): [string, string] | undefined {
  for (const l of topo.links) {
    if (l.a.node === a && l.b.node === b) return [l.a.nativeIface, l.b.nativeIface];
    if (l.b.node === a && l.a.node === b) return [l.b.nativeIface, l.a.nativeIface];
  }
  return undefined;
}
