/**
 * Static routes, vendor-neutral. VRP: `ip route-static [vpn-instance V] PREFIX MASK|LEN NEXTHOP
 * [preference P] [track bfd-session NAME]`.
 */
export interface StaticRouteConfig {
  vrf: string;
  /** "1.1.1.1/32" */
  prefix: string;
  nextHop?: string;
  /** Outgoing interface, when typed. */
  iface?: string;
  /** VRP default preference 60. */
  preference: number;
  /** The route is active only while this BFD session is Up. */
  trackBfd?: string;
  description?: string;
}

export interface StaticConfig {
  routes: StaticRouteConfig[];
}
