/**
 * The L2VPN EVPN family of the BGP speaker (AFI 25 / SAFI 70, RFC 7432 s7, RFC 8365 s5):
 *   - EvpnLocal: a route the EVPN module originates (protocols/evpn/module.ts, via
 *     BgpProcess.setEvpnLocal), with what its extended communities must say;
 *   - EvpnPath: a route received from a peer, with its attributes decoded;
 *   - the best-path comparison per NLRI key (RFC 4271 9.1.2.2 steps, as for IPv4);
 *   - EvpnAdjOut: one peer's Adj-RIB-Out of EVPN routes, diffed into UPDATEs with MP_REACH_NLRI /
 *     MP_UNREACH_NLRI (RFC 4760 3, 4), the route targets, the ESI label (RFC 7432 s7.5), the
 *     ES-import route target (s7.6), MAC mobility (s7.7), the VXLAN encapsulation (RFC 9012 s4.1,
 *     tunnel type 8; RFC 8365 s5.1.3) and the PMSI tunnel attribute of type 3 routes (RFC 6514 s5,
 *     ingress replication, the VNI as label).
 */
import type { Addr } from '../../net/addr';
import { cmpAddr, fmtAddr, parseAddr } from '../../net/addr';
import {
  AFI_L2VPN, MAX_ET, PMSI_INGRESS_REPLICATION, SAFI_EVPN, type EvpnRoute, type Pmsi, decodeEvpnExtComm, encodeExtComm, esImportOf, evpnKey,
} from './evpn-nlri';
import { AsSegment, MsgType, PathAttrs, UpdateMsg, asPathLen } from './packet';
import { decodeRt } from './vpn';

/** RFC 9012 s4.1 / IANA BGP Tunnel Encapsulation Attribute Tunnel Types: 8 = VXLAN. */
export const TUNNEL_VXLAN = 8;

/** A route the local PE originates (what the EVPN module hands to BGP). */
export interface EvpnLocal {
  route: EvpnRoute;
  /** Route targets `target:A:N` (export RTs of the MAC-VRF; per-ES type 1: every EVI's). */
  rts: string[];
  /** Type 1 per ES: the ESI label extended community's single-active flag (RFC 7432 s7.5). */
  singleActive?: boolean;
  /** Type 3: the VNI of the PMSI tunnel attribute (ingress replication). */
  pmsiVni?: number;
  /** Type 2: MAC mobility sequence number and sticky flag (RFC 7432 s7.7); omitted when 0 and not sticky. */
  macMobility?: { seq: number; sticky: boolean };
}

/** A received EVPN route (one entry of a peer's Adj-RIB-In). */
export interface EvpnPath {
  key: string;
  route: EvpnRoute;
  nextHop: Addr;
  origin: number;
  asPath: AsSegment[];
  med?: number;
  localPref?: number;
  rts: string[];
  /** ESI label community: single-active (RFC 7432 s7.5). */
  singleActive?: boolean;
  /** ES-import route target (6 octets as `aa:bb:cc:dd:ee:ff`). */
  esImport?: string;
  macMobility?: { seq: number; sticky: boolean };
  /** Tunnel types of the encapsulation communities. */
  encap: number[];
  pmsi?: Pmsi;
  peer: { key: string; addr: Addr; routerId: Addr; ebgp: boolean };
}

/** Extended communities of a received route, decoded. */
export function evpnAttrsOf(a: PathAttrs): Pick<EvpnPath, 'rts' | 'singleActive' | 'esImport' | 'macMobility' | 'encap'> {
  const out: Pick<EvpnPath, 'rts' | 'singleActive' | 'esImport' | 'macMobility' | 'encap'> = { rts: [], encap: [] };
  for (const b of a.extComms ?? []) {
    const rt = decodeRt(b);
    if (rt) {
      // SR Linux's text form of a route target: `target:A:N`.
      out.rts.push(`target:${rt}`);
      continue;
    }
    const c = decodeEvpnExtComm(b);
    if (!c) continue;
    if (c.kind === 'esi-label') out.singleActive = c.singleActive;
    else if (c.kind === 'es-import') out.esImport = c.mac;
    else if (c.kind === 'mac-mobility') out.macMobility = { seq: c.seq, sticky: c.sticky };
    else if (c.kind === 'encap') out.encap.push(c.tunnelType);
  }
  return out;
}

const firstAs = (p: EvpnPath): number | undefined => (p.asPath[0]?.type === 2 ? p.asPath[0].asns[0] : undefined);

/**
 * Negative when `a` is the better path for the same NLRI (RFC 4271 9.1.2.2): highest LOCAL_PREF,
 * shortest AS_PATH, lowest ORIGIN, lowest MED (same neighbour AS), EBGP over IBGP, then the lowest
 * BGP identifier and peer address. RFC 7432 s7.7: a MAC/IP route with a higher MAC mobility
 * sequence number wins before all of these.
 */
export function compareEvpnPaths(a: EvpnPath, b: EvpnPath): number {
  if (a.route.type === 2) {
    const sa = a.macMobility?.seq ?? 0;
    const sb = b.macMobility?.seq ?? 0;
    if (sa !== sb) return sb - sa;
  }
  const la = a.localPref ?? 100;
  const lb = b.localPref ?? 100;
  if (la !== lb) return lb - la;
  const aa = asPathLen(a.asPath);
  const ab = asPathLen(b.asPath);
  if (aa !== ab) return aa - ab;
  if (a.origin !== b.origin) return a.origin - b.origin;
  if (firstAs(a) === firstAs(b) && (a.med ?? 0) !== (b.med ?? 0)) return (a.med ?? 0) - (b.med ?? 0);
  if (a.peer.ebgp !== b.peer.ebgp) return a.peer.ebgp ? -1 : 1;
  return cmpAddr(a.peer.routerId, b.peer.routerId) || cmpAddr(a.peer.addr, b.peer.addr);
}

/** One route as it goes out to one peer. */
export interface EvpnOut {
  route: EvpnRoute;
  nextHop: Addr;
  origin: number;
  asPath: AsSegment[];
  med?: number;
  localPref?: number;
  rts: string[];
  singleActive?: boolean;
  esImport?: string;
  macMobility?: { seq: number; sticky: boolean };
  encap: number[];
  pmsi?: Pmsi;
}

/** The extended communities and PMSI a locally originated route carries. */
export function localAttrs(l: EvpnLocal, vtep: Addr): Pick<EvpnOut, 'rts' | 'singleActive' | 'esImport' | 'macMobility' | 'encap' | 'pmsi'> {
  const r = l.route;
  const out: Pick<EvpnOut, 'rts' | 'singleActive' | 'esImport' | 'macMobility' | 'encap' | 'pmsi'> = { rts: [...l.rts], encap: [] };
  // RFC 8365 s5.1.3: routes of types 1, 2 and 3 carry the encapsulation community (VXLAN).
  if (r.type !== 4) out.encap = [TUNNEL_VXLAN];
  if (r.type === 1 && r.tag === MAX_ET) out.singleActive = l.singleActive ?? false;
  if (r.type === 4) out.esImport = esImportOf(r.esi);
  if (r.type === 2 && l.macMobility && (l.macMobility.seq > 0 || l.macMobility.sticky)) out.macMobility = { ...l.macMobility };
  if (r.type === 3) out.pmsi = { flags: 0, tunnelType: PMSI_INGRESS_REPLICATION, label: l.pmsiVni ?? r.tag, endpoint: fmtAddr(vtep) };
  return out;
}

function signature(r: EvpnOut): string {
  const label = r.route.type === 1 || r.route.type === 2 ? r.route.label : undefined;
  return JSON.stringify([
    label, r.nextHop.v.toString(), r.origin, r.asPath, r.med, r.localPref, [...r.rts].sort(), r.singleActive, r.esImport, r.macMobility, r.encap, r.pmsi,
  ]);
}

/** The extended communities of an outgoing route, in SR Linux's order: RTs, then the EVPN ones, then encapsulation. */
function extComms(r: EvpnOut): Buffer[] {
  const out: Buffer[] = r.rts.map((rt) => encodeExtComm({ kind: 'rt', rt: rt.replace(/^target:/, '') }));
  if (r.singleActive !== undefined) out.push(encodeExtComm({ kind: 'esi-label', singleActive: r.singleActive, label: 0 }));
  if (r.esImport) out.push(encodeExtComm({ kind: 'es-import', mac: r.esImport }));
  if (r.macMobility) out.push(encodeExtComm({ kind: 'mac-mobility', ...r.macMobility }));
  for (const t of r.encap) out.push(encodeExtComm({ kind: 'encap', tunnelType: t }));
  return out;
}

export function evpnUpdate(r: EvpnOut): UpdateMsg {
  const attrs: PathAttrs = { origin: r.origin, asPath: r.asPath, med: r.med, localPref: r.localPref };
  const ec = extComms(r);
  if (ec.length) attrs.extComms = ec;
  if (r.pmsi) attrs.pmsi = r.pmsi;
  return { type: MsgType.UPDATE, withdrawn: [], attrs, nlri: [], mpReach: { afi: AFI_L2VPN, safi: SAFI_EVPN, nextHop: r.nextHop, nlri: [], evpn: [r.route] } };
}

/** Adj-RIB-Out of the EVPN family for one peer. */
export class EvpnAdjOut {
  private sent = new Map<string, { r: EvpnOut; sig: string }>();

  get size(): number {
    return this.sent.size;
  }

  routes(): EvpnOut[] {
    return [...this.sent.values()].map((x) => x.r);
  }

  /**
   * The UPDATEs that take the peer from what it has to `want`. Withdrawals go first, and among
   * them the per-ES Ethernet A-D routes first (RFC 7432 s8.2 mass withdrawal: the remote PEs drop
   * this PE from every MAC behind the segment before any MAC/IP route is withdrawn).
   */
  diff(want: EvpnOut[]): UpdateMsg[] {
    const next = new Map<string, { r: EvpnOut; sig: string }>();
    for (const r of want) next.set(evpnKey(r.route), { r, sig: signature(r) });
    const gone: EvpnRoute[] = [];
    for (const [k, o] of this.sent) if (!next.has(k)) gone.push(o.r.route);
    const rank = (r: EvpnRoute) => (r.type === 1 && r.tag === MAX_ET ? 0 : r.type === 4 ? 1 : r.type === 1 ? 2 : 3);
    gone.sort((a, b) => rank(a) - rank(b));
    const msgs: UpdateMsg[] = [];
    const unreach = (rs: EvpnRoute[]): UpdateMsg => ({ type: MsgType.UPDATE, withdrawn: [], attrs: {}, nlri: [], mpUnreach: { afi: AFI_L2VPN, safi: SAFI_EVPN, nlri: [], evpn: rs } });
    // The per-ES routes in their own UPDATE, then the rest in chunks well under 4096 octets.
    const perEs = gone.filter((r) => rank(r) === 0);
    const rest = gone.filter((r) => rank(r) !== 0);
    if (perEs.length) msgs.push(unreach(perEs));
    for (let i = 0; i < rest.length; i += 60) msgs.push(unreach(rest.slice(i, i + 60)));
    for (const [k, n] of next) {
      const o = this.sent.get(k);
      if (o && o.sig === n.sig) continue;
      msgs.push(evpnUpdate(n.r));
    }
    this.sent = next;
    return msgs;
  }

  clear(): void {
    this.sent.clear();
  }
}

export function parseVtep(s: string): Addr {
  const a = parseAddr(s);
  if (!a) throw new Error(`bgp evpn: bad address '${s}'`);
  return a;
}
