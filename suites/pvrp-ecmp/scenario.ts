/**
 * The scenario each check runs on, per target (not the document's text): which IGP stands in for
 * PVRP, the VRF the routers route in, the ping source, and each router's parallel paths to a
 * neighbour, derived from the topology file. On freeRtr (the reference router and freeRtr labs)
 * the document's lab: PVRP in VRF v1, two VLAN subinterfaces per link. On FRR
 * (topologies/pvrp-ecmp-frr): OSPF in the global table, two parallel links per router pair
 * (this kernel has no 802.1Q VLAN or VRF devices).
 */
import type { Topology } from '../../topologies/types';
import type { RouteProtocol } from '../../drivers/model/types';
import type { IgpNeighbor } from '../../drivers/api';
import { VLANS } from './expect';

export interface Uplink {
  /** Local interface (subinterface) carrying one of the parallel paths. */
  iface: string;
  peer: string;
  peerIface: string;
}

export interface EcmpScenario {
  igp: IgpNeighbor['protocol'];
  routeProtocol: RouteProtocol;
  /** VRF the routers route in; undefined: the global table. */
  vrf?: string;
  /** Ping source interface, where the dialect takes one. */
  pingSource?: string;
  /** Subinterfaces per physical link (freeRtr's VLANs); undefined: each link is one path. */
  vlans?: readonly number[];
  /** True when the IGP tells the neighbour's host name and interface (PVRP). */
  namesPeers: boolean;
  /** The metric to a neighbour's loopback one hop further, where the dialect's default is known. */
  detourMetric?: number;
  /** Every parallel path from `r` to `other` (both when other is undefined: every neighbour). */
  uplinks(topo: Topology, r: string, other?: string): Uplink[];
  /** The lab-control link specs (setLink a, b) that cut every link between a and b. */
  linkSpecs(topo: Topology, a: string, b: string): [string, string][];
}

function physical(topo: Topology, r: string, other?: string): { me: string; peer: string; peerIface: string }[] {
  const out: { me: string; peer: string; peerIface: string }[] = [];
  for (const l of topo.links) {
    for (const [me, peer] of [[l.a, l.b], [l.b, l.a]]) {
      if (me.node !== r || (other !== undefined && peer.node !== other)) continue;
      out.push({ me: me.nativeIface, peer: peer.node, peerIface: peer.nativeIface });
    }
  }
  return out;
}

function build(s: Omit<EcmpScenario, 'uplinks' | 'linkSpecs'>): EcmpScenario {
  return {
    ...s,
    uplinks(topo, r, other) {
      const out: Uplink[] = [];
      for (const p of physical(topo, r, other)) {
        if (s.vlans) for (const v of s.vlans) out.push({ iface: `${p.me}.${v}`, peer: p.peer, peerIface: `${p.peerIface}.${v}` });
        else out.push({ iface: p.me, peer: p.peer, peerIface: p.peerIface });
      }
      return out.sort((x, y) => (x.iface < y.iface ? -1 : 1));
    },
    linkSpecs(topo, a, b) {
      const ls = physical(topo, a, b);
      // One link: the node names; several parallel links: each named by its interfaces.
      return ls.length === 1 ? [[a, b]] : ls.map((p) => [`${a}:${p.me}`, `${b}:${p.peerIface}`]);
    },
  };
}

const FREERTR = build({ igp: 'pvrp', routeProtocol: 'pvrp', vrf: 'v1', pingSource: 'loopback1', vlans: VLANS, namesPeers: true, detourMetric: 20 });
const FRR = build({ igp: 'ospf', routeProtocol: 'ospf', namesPeers: false });

/** The scenario for a topology whose routers run `platform`. */
export function scenarioFor(platform: string): EcmpScenario {
  if (platform === 'frr') return FRR;
  return FREERTR;
}
