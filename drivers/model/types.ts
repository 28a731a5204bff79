// The vendor-neutral state model. Getters of every platform return these records, so a state
// check written once runs on every target whose platform implements the getter
// (DESIGN.md, "Drivers and the neutral state model").

export type Afi = 'ipv4' | 'ipv6';

export type InterfaceState = 'up' | 'down' | 'admin';

export interface Interface {
  name: string;
  /** 'admin' = administratively down (shutdown). */
  state: InterfaceState;
  /** Counters as the device reports them (freeRtr: bytes). */
  tx?: number;
  rx?: number;
  drops?: number;
  /** Line protocol state, where the device prints it apart from `state` (VRP: "up(s)" is up). */
  protocol?: 'up' | 'down';
  /** Primary IPv4 address with length, "A.B.C.D/len", where the device reports it. */
  address?: string;
  /** VRF / vpn-instance the interface is bound to; absent in the public table. */
  vrf?: string;
}

/** Neutral names of the protocols a route can come from. */
export type RouteProtocol =
  | 'connected'
  | 'local'
  | 'static'
  | 'pvrp'
  | 'lsrp'
  | 'ospf'
  | 'isis'
  | 'bgp'
  | 'rip'
  | 'eigrp'
  | 'babel'
  | 'olsr'
  | 'other';

export interface RouteEntry {
  vrf?: string;
  afi: Afi;
  /** Prefix with length, as printed: "1.1.1.8/30", "4321::1/128". */
  prefix: string;
  protocol: RouteProtocol;
  /** Redistributed into the protocol (freeRtr "P EX", OSPF E1/E2, VRP O_ASE); for BGP: learned over EBGP. */
  external?: boolean;
  /** False for a route a protocol learned but has not put in the routing table (freeRtr typ "null"). */
  installed?: boolean;
  /** The vendor's own type code, e.g. "P EX", kept for reports. */
  vendorType?: string;
  distance?: number;
  metric?: number;
  iface?: string;
  /** null for a directly connected route (no gateway). */
  nextHop?: string | null;
  /** The recursive next hop a route resolves through (e.g. the BGP next hop), where the device shows both. */
  via?: string;
  /** The vendor's route flags as printed, one letter each (VRP: "R" relay, "D" in FIB, "T", "B"). */
  flags?: string[];
  ageSec?: number;
}

export interface RoutePath {
  iface?: string;
  nextHop?: string | null;
  via?: string;
}

export interface RouteGroup {
  vrf?: string;
  afi: Afi;
  prefix: string;
  /** One per ECMP path, in the order the device printed them. */
  paths: RoutePath[];
}

/** Groups route entries by (vrf, afi, prefix), keeping first-seen order: ECMP shows as paths.length > 1. */
export function groupRoutes(entries: readonly RouteEntry[]): RouteGroup[] {
  const groups = new Map<string, RouteGroup>();
  for (const e of entries) {
    const key = `${e.vrf ?? ''}|${e.afi}|${e.prefix}`;
    let g = groups.get(key);
    if (!g) {
      g = { afi: e.afi, prefix: e.prefix, paths: [] };
      if (e.vrf !== undefined) g.vrf = e.vrf;
      groups.set(key, g);
    }
    g.paths.push(e.via === undefined ? { iface: e.iface, nextHop: e.nextHop } : { iface: e.iface, nextHop: e.nextHop, via: e.via });
  }
  return [...groups.values()];
}

export interface PvrpNeighbor {
  afi: Afi;
  /** Local interface. */
  iface: string;
  routerId: string;
  /** Peer's host name; null until the peer has told it (freeRtr prints "null"). */
  name: string | null;
  /** Peer's interface name; null until known. */
  peerIface: string | null;
  /** Peer's address on the link. */
  peer: string;
  /** Prefixes learned from / advertised to this neighbour. */
  learned: number;
  advertised: number;
  uptimeSec: number;
}

export interface PingResult {
  target: string;
  sent: number;
  received: number;
  lost: number;
  /** Percent of probes answered, 0..100. */
  successPct: number;
  /** Round-trip times in milliseconds, where the device reports them. */
  rttMin?: number;
  rttAvg?: number;
  rttMax?: number;
}

export interface TraceProbe {
  /** null when the probe timed out ("*"). */
  address: string | null;
  rttMs?: number;
  /** AS number the device annotates the address with (VRP "< AS=100 >"). */
  as?: number;
}

export interface TraceHop {
  ttl: number;
  /** The first address that answered at this TTL; null when no probe was answered. */
  address: string | null;
  rttMs?: number;
  /** Every probe, in order, where the device prints them: ECMP shows as several addresses. */
  probes?: TraceProbe[];
}

export interface TraceResult {
  target: string;
  hops: TraceHop[];
  /** True when the last hop is the target. */
  reached: boolean;
}

/** BFD session states (RFC 5880 section 4.1, State field). */
export type BfdState = 'up' | 'down' | 'init' | 'admin-down';

export interface BfdSession {
  /** Configured session name, where the platform names sessions (VRP "pe1_to_ce1"). */
  name?: string;
  state: BfdState;
  /** My Discriminator (RFC 5880 section 4.1). */
  localDisc: number;
  /** Your Discriminator; null when not learned or not printed as a number. */
  remoteDisc: number | null;
  peer: string;
  /** Local (source) address, where shown. */
  local?: string;
  iface?: string;
  /** VRF / VPN instance, as the device prints it (VRP prints it in lower case). */
  vrf?: string;
  multihop?: boolean;
  /** Configured Desired Min TX / Required Min RX intervals, milliseconds. */
  minTxMs?: number;
  minRxMs?: number;
  detectMult?: number;
  /** Last local diagnostic as printed, e.g. "No Diagnostic", "Control Detection Time Expired". */
  lastDiag?: string;
  /** Why the session is not up, where the device says ("In negotiation"). */
  notUpReason?: string;
}

/** OSPF neighbour states (RFC 2328 section 10.1), lower case. */
export type OspfNeighborState = 'down' | 'attempt' | 'init' | '2-way' | 'exstart' | 'exchange' | 'loading' | 'full';

export interface OspfNeighbor {
  /** OSPF process / instance, where the device has several. */
  process?: string;
  vrf?: string;
  /** Area in dotted form, "0.0.0.0". */
  area: string;
  iface: string;
  routerId: string;
  /** Neighbour's address on the link, where shown. */
  address?: string;
  state: OspfNeighborState;
}

/** LDP session states (RFC 5036 section 2.5.4), lower case. */
export type LdpSessionState = 'non-existent' | 'initialized' | 'opensent' | 'openrec' | 'operational';

export interface LdpSession {
  vrf?: string;
  /** Peer LSR ID, without the label space ("3.3.3.3"). */
  peer: string;
  labelSpace?: number;
  state: LdpSessionState;
  /** Label advertisement mode (RFC 5036 section 2.6.3). */
  advertisement?: 'downstream-unsolicited' | 'downstream-on-demand';
  role?: 'active' | 'passive';
  uptimeSec?: number;
  keepaliveSent?: number;
  keepaliveReceived?: number;
}

/** BGP FSM states (RFC 4271 section 8.2.2), lower case. */
export type BgpState = 'idle' | 'connect' | 'active' | 'opensent' | 'openconfirm' | 'established';

/** Address families a BGP session carries, neutral names. */
export type BgpFamily = 'ipv4-unicast' | 'ipv6-unicast' | 'vpnv4' | 'vpnv6' | 'evpn';

export interface BgpPeer {
  /** The VRF whose BGP instance holds the peer; absent for the global instance. */
  vrf?: string;
  family: BgpFamily;
  peer: string;
  remoteAs: number;
  localAs?: number;
  routerId?: string;
  state: BgpState;
  /** Time in the current state (established: uptime), seconds. */
  uptimeSec?: number;
  prefixesReceived?: number;
  messagesReceived?: number;
  messagesSent?: number;
}

export interface Vrf {
  name: string;
  rd?: string;
  importRts: string[];
  exportRts: string[];
  interfaces: string[];
  /** Operational state, where the device reports one. */
  up?: boolean;
}

// Room for the records the other suites need, added with their getters:
// - VrrpGroup {iface, vrid, afi, state: 'master'|'backup'|'init', priority, virtualIps, masterAddress?}
// - VrrsGroup / VrrsClient {name, state, clients: {plugin, iface, state}[]}
// - EvpnRoute {type: 1|2|3|4, rd, esi?, mac?, ip?, nextHop, ...}, EthernetSegment {esi, df, members}
// - MacEntry {vlan?, mac, dest: {iface}|{esi}|{vtep}}, LacpMember {lag, iface, state, partner}

// ---- issue 10: first-hop redundancy (VRRP), VRRS, ARP and the MAC address filter ----------------
// Added for the vrrs suite. MAC addresses are neutral: lower case, colon separated
// ("00:00:5e:00:01:01"), whatever the vendor prints ("0000.5e00.0101", "0000.5E00.0101").

/** VRRP states (RFC 5798 section 6.4; RFC 3768 section 6.4), lower case. */
export type VrrpState = 'init' | 'backup' | 'master';

export interface VrrpGroup {
  iface: string;
  vrid: number;
  afi: Afi;
  /** Protocol version (2: RFC 3768, 3: RFC 5798), where the device shows it. */
  version?: 2 | 3;
  state: VrrpState;
  /** Why the group is in INIT, where printed ("Interface Down"). */
  stateReason?: string;
  /** Current priority (1..255). */
  priority: number;
  /** Configured virtual addresses; empty when none (IOS "no address"). */
  virtualIps: string[];
  virtualMac?: string;
  /** The group's name (IOS `vrrp N name`, the VRRS association; `Description is` on IOS XE v3). */
  name?: string;
  preempt?: boolean;
  /** Advertisement interval in milliseconds. */
  advertIntervalMs?: number;
  /** Current master's address; undefined when unknown. */
  masterAddress?: string;
  /** True when this router is the master ("(local)"). */
  masterLocal?: boolean;
  masterPriority?: number;
  /** Master Down interval in milliseconds, where known. */
  masterDownMs?: number;
}

/** VRRS states as IOS prints them (INIT, BACKUP, ACTIVE), lower case. */
export type VrrsState = 'init' | 'backup' | 'active';

export interface VrrsGroupClient {
  id: number;
  name: string;
  priority: string;
}

export interface VrrsGroup {
  name: string;
  /** The server feeding the group ("VRRP"); null when "Not configured" / "UNKNOW". */
  server: string | null;
  /** The rest of the server phrase as printed ("VRRP IPv4 group 1 on GigabitEthernet0/0/0.1"). */
  serverDetail?: string;
  state: VrrsState;
  oldState?: VrrsState;
  reason?: string;
  afi?: Afi;
  virtualAddress: string;
  virtualMac?: string;
  activeIfaceAddress?: string;
  standbyIfaceAddress?: string;
  clients?: VrrsGroupClient[];
}

export interface VrrsClient {
  id: number;
  /** "High", "Normal", "Low" as printed, lower case. */
  priority: string;
  allGroups: boolean;
  name: string;
}

/** One name of the VRRS plug-in database (IOS `show vrrs plugin database`). */
export interface VrrsPluginEntry {
  name: string;
  /** "Server connection = Live" (true) / "Disconnected" (false). */
  serverConnected: boolean;
  /** "Active", "Disabled", ... lower case. */
  state: string;
  mac: string;
  testControl?: boolean;
  clientHandle?: number;
  /** The plug-in interfaces, as printed. */
  interfaces: string[];
}

export interface ArpEntry {
  address: string;
  /** null for an incomplete entry. */
  mac: string | null;
  iface?: string;
  /** Minutes; null for the router's own addresses ("-"). */
  ageMin: number | null;
  /** "ARPA", "static", "dynamic"... as printed. */
  type?: string;
}

/** One entry of an interface's software MAC address filter (IOS `show controllers`). */
export interface MacFilterEntry {
  iface: string;
  mac: string;
  mask: string;
  /** The hash bucket as printed ("0x5F"). */
  hash?: string;
  hits?: number;
}

/** Interface with the layer-2 details a platform prints (IOS `show interfaces`). */
export interface InterfaceDetail extends Interface {
  mac?: string;
  bia?: string;
  /** 802.1Q VLAN of a subinterface. */
  vlan?: number;
  mtu?: number;
}

/** "0000.5e00.0101", "00-00-5E-00-01-01", "00:00:5e:00:01:01" -> "00:00:5e:00:01:01"; undefined if not a MAC. */
export function normalizeMac(s: string): string | undefined {
  const hex = s.trim().toLowerCase().replace(/[.:-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

// ---- issue 11: LAG/LACP members, ethernet segments and their DF, EVPN routes, the MAC table ------
// Added for the evpn-mh suite. MACs neutral (lower case, colons), ESIs as 10 colon-separated
// lower-case octets ("01:11:11:11:11:11:11:00:00:01"), system ids as MACs.

/** One member port of a LAG with its LACP state (IEEE 802.1AX-2020 6.4.2.3, actor/partner state). */
export interface LagMember {
  lag: string;
  member: string;
  /** The member is operationally up (in the LAG, distributing where LACP runs). */
  operUp: boolean;
  /** LACP_Activity of the actor: active or passive. */
  activity?: 'active' | 'passive';
  /** LACP_Timeout of the actor: short (fast, 1 s) or long (slow, 30 s). */
  timeout?: 'short' | 'long';
  inSync?: boolean;
  collecting?: boolean;
  distributing?: boolean;
  /** Actor system id (a MAC). */
  systemId?: string;
  /** Actor operational key. */
  key?: number;
  partnerId?: string;
  partnerKey?: number;
  portNo?: number;
  partnerPortNo?: number;
}

/** The DF election of one segment in one network-instance (RFC 7432 section 8.5). */
export interface SegmentDf {
  networkInstance: string;
  /** ES peers (PE originating addresses) that are DF candidates, in the device's order. */
  candidates: string[];
  /** The elected DF; undefined while none is elected. */
  df?: string;
  /** This PE is the DF. */
  localDf?: boolean;
  /** Activation timer remaining, seconds (0 when not running). */
  activationRemainingSec?: number;
}

export interface EthernetSegment {
  name: string;
  esi: string;
  adminUp: boolean;
  operUp: boolean;
  /** Multi-homing mode. */
  mode?: 'all-active' | 'single-active' | 'port-active';
  /** The attached interface (LAG or port). */
  iface?: string;
  /** Configured activation timer, seconds, where printed. */
  activationTimerSec?: number;
  dfAlgorithm?: string;
  dfs: SegmentDf[];
}

export type EvpnRouteType = 1 | 2 | 3 | 4 | 5;

export interface EvpnRoute {
  type: EvpnRouteType;
  /** Direction of the table the record came from. */
  direction: 'received' | 'advertised';
  /** The BGP neighbor the route was received from / advertised to, where the table names it. */
  peer?: string;
  rd: string;
  esi?: string;
  /** Ethernet tag id (type 1 per ES: 4294967295). */
  tag?: number;
  mac?: string;
  ip?: string;
  /** Originating router (types 3 and 4). */
  originator?: string;
  nextHop?: string;
  /** VNI / label; undefined where the device prints "-". */
  vni?: number;
  localPref?: number;
  med?: number;
  /** Status flags as the device prints them ("u*>"): used, valid, best, stale. */
  used?: boolean;
  valid?: boolean;
  best?: boolean;
  stale?: boolean;
}

/** Where a MAC entry sends traffic. */
export type MacDest =
  | { kind: 'interface'; name: string }
  | { kind: 'vtep'; address: string; vni?: number }
  | { kind: 'esi'; esi: string; vteps?: string[] }
  | { kind: 'other'; text: string };

export interface MacTableEntry {
  networkInstance: string;
  mac: string;
  /** learnt, evpn, evpn-static, static, irb-interface, duplicate, ... as the device says, lower case. */
  type: string;
  destination: MacDest;
  active: boolean;
  /** Aging seconds remaining / configured; null for entries that do not age (N/A). */
  agingSec: number | null;
}

/** Interface counters per packet (Linux `ip -s link`), for per-member traffic checks. */
export interface InterfaceCounters extends Interface {
  rxPackets?: number;
  txPackets?: number;
  mac?: string;
  /** The bond / bridge / VRF the interface is enslaved to (Linux `master`). */
  master?: string;
  mtu?: number;
  /** Every address with its length, IPv4 and IPv6. */
  addresses?: string[];
}

/** "01:11:11:11:11:11:11:00:00:01" / "0111.1111..." -> ten lower-case octets with colons; undefined if not an ESI. */
export function normalizeEsi(s: string): string | undefined {
  const hex = s.trim().toLowerCase().replace(/[.:-]/g, '');
  if (!/^[0-9a-f]{20}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}
