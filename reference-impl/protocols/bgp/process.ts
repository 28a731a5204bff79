/**
 * A BGP speaker (RFC 4271) with BGP/MPLS IP VPNs (RFC 4364): public and VPN-instance peers,
 * redistribution, the decision process per table (public IPv4 unicast, each VRF), VPNv4
 * export/import by route target, installation into the node's routing tables and the
 * advertisements to each peer (Adj-RIB-Out diffs).
 */
import type { Node } from '../../net/node';
import { Addr, Prefix, addrEq, contains, fmtAddr, parseAddr, prefixKey } from '../../net/addr';
import type { Path, Rib, Route } from '../../net/rib';
import type { TcpConn, TcpStackApi } from '../../net/tcp';
import type { MplsApi } from '../../net/mpls';
import { EventHandle, SEC } from '../../sim/scheduler';
import type { BgpConfig, BgpPeerConfig, Redistribute } from './config';
import { AdjRibOut, OutRoute } from './adjout';
import { BGP_PORT, SAFI_MPLS_VPN, UpdateMsg, asPathList } from './packet';
import { Family, Peer, PeerHost } from './peer';
import { AdjRibIn, BgpPath, Candidate, select } from './rib';
import { decodeRt, normRd, normRt } from './vpn';
import { MAX_ET, evpnKey, type EvpnRoute } from './evpn-nlri';
import { EvpnAdjOut, EvpnLocal, EvpnOut, EvpnPath, compareEvpnPaths, evpnAttrsOf, localAttrs } from './evpn-rib';
import type { EvpnRouteRow } from '../l2-rows';

export interface BgpPeerInfo {
  addr: string;
  vrf: string;
  remoteAs: number;
  version: 4;
  msgRcvd: number;
  msgSent: number;
  outQ: number;
  state: 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';
  since: number;
  prefRcv: { ipv4: number; vpnv4: number; evpn?: number };
  families: Family[];
  /** Families enabled in the configuration (negotiated or not). */
  enabled?: Family[];
  /** The AS the session speaks as (`local-as`, else the process's AS). */
  localAs?: number;
  /** SR Linux peer-group. */
  group?: string;
  description?: string;
  /** EVPN routes received (imported), active (best and used) and advertised to this peer. */
  evpn?: { rx: number; active: number; tx: number };
  /** IPv4 unicast routes received, received and best, advertised (SR Linux's [Rx/Active/Tx]). */
  ipv4?: { rx: number; active: number; tx: number };
  ebgp?: boolean;
}

/** One change of the EVPN routes BGP hands to the EVPN module (the best imported path per NLRI key). */
export type EvpnRxEvent = { kind: 'set'; key: string; path: EvpnPath } | { kind: 'withdraw'; key: string; route: EvpnRoute };

/** Is a received EVPN route imported (route targets, ES-import RT)? Installed by the EVPN module. */
export type EvpnImportFilter = (p: { route: EvpnRoute; rts: string[]; esImport?: string }) => boolean;

/** Injectable lower layers (tests run BGP over an in-memory TCP and a fake MPLS). */
export interface BgpDeps {
  tcp?: TcpStackApi;
  mpls?: MplsApi;
}

const SOURCE = 'bgp';

export class BgpProcess implements PeerHost {
  routerId = '0.0.0.0';
  private rid: Addr = { afi: 4, v: 0n };
  private cfg: BgpConfig;
  private readonly tcp: TcpStackApi;
  private readonly mpls: MplsApi;
  private peerMap = new Map<string, PeerEntry>();
  /** EVPN routes the EVPN module originates (setEvpnLocal). */
  private evpnLocal: EvpnLocal[] = [];
  private evpnImport?: EvpnImportFilter;
  private evpnListeners: Array<(e: EvpnRxEvent) => void> = [];
  /** The best imported and valid EVPN path per NLRI key (what the EVPN module was last told). */
  private evpnBest = new Map<string, EvpnPath>();
  /** Last VPN-IPv4 export set (kept for advertisements deferred by the MRAI). */
  private lastVpnOut: BgpPath[] = [];
  private unlisten = new Map<string, () => void>();
  private labels = new Map<string, number>();
  /** vrf -> prefixKey -> selected candidates (best first). */
  private selected = new Map<string, Map<string, Candidate[]>>();
  private installedVrfs = new Set<string>();
  private running = false;
  private pending?: EventHandle;
  private offFtn?: () => void;
  private ribWatch = new Map<string, () => void>();

  constructor(
    readonly node: Node,
    cfg: BgpConfig,
    deps: BgpDeps = {},
  ) {
    this.cfg = cfg;
    this.tcp = deps.tcp ?? node.tcp;
    this.mpls = deps.mpls ?? node.mpls;
    node.onIfaceChange(() => {
      if (this.running) this.dirty();
    });
  }

  // PeerHost
  get bgpId(): Addr {
    return this.rid;
  }
  get localAs(): number {
    return this.cfg.asn;
  }
  get holdSec(): number {
    return this.cfg.holdSec;
  }
  get keepaliveSec(): number {
    return this.cfg.keepaliveSec;
  }
  get connectRetrySec(): number {
    return this.cfg.connectRetrySec;
  }
  get sched() {
    return this.node.sched;
  }
  get rng() {
    return this.node.rng;
  }
  get nodeName(): string {
    return this.node.name;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.offFtn = this.mpls.onFtnChange(() => this.dirty());
    this.reconcile();
  }

  update(cfg: BgpConfig): void {
    const restart = cfg.asn !== this.cfg.asn || (cfg.routerId ?? '') !== (this.cfg.routerId ?? '');
    this.cfg = cfg;
    if (!this.running) return;
    if (restart) for (const k of [...this.peerMap.keys()]) this.removePeer(k);
    this.reconcile();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const k of [...this.peerMap.keys()]) this.removePeer(k);
    for (const u of this.unlisten.values()) u();
    this.unlisten.clear();
    for (const [, l] of this.labels) this.freeLabel(l);
    this.labels.clear();
    this.pending?.cancel();
    this.offFtn?.();
    for (const off of this.ribWatch.values()) off();
    this.ribWatch.clear();
    for (const v of this.installedVrfs) this.node.vrf(v).rib[4].setSource(SOURCE, [], this.node.sched.now);
    this.installedVrfs.clear();
    this.selected.clear();
  }

  private freeLabel(l: number): void {
    this.mpls.removeLabel(l);
    this.mpls.freeLabel(l);
  }

  private computeRouterId(): void {
    let rid = this.cfg.routerId ? parseAddr(this.cfg.routerId) : undefined;
    if (!rid) {
      // VRP: the highest loopback IPv4 address, else the highest interface address.
      const pick = (lo: boolean) => {
        let best: Addr | undefined;
        for (const i of this.node.ifaces.values()) {
          if (i.vrf !== '' || !i.v4 || (i.kind === 'loopback') !== lo) continue;
          if (!best || i.v4.addr.v > best.v) best = i.v4.addr;
        }
        return best;
      };
      rid = pick(true) ?? pick(false) ?? { afi: 4, v: 0n };
    }
    this.rid = rid;
    this.routerId = fmtAddr(rid);
  }

  /** Bring peers, listeners and VPN labels in line with the configuration (idempotent). */
  private reconcile(): void {
    this.computeRouterId();
    const want = new Map<string, { vrf: string; pc: BgpPeerConfig; offered: Family[] }>();
    for (const pc of this.cfg.peers) {
      const offered: Family[] = [];
      if (this.cfg.ipv4.enabled.has(pc.addr)) offered.push('ipv4');
      if (this.cfg.vpnv4.enabled.has(pc.addr)) offered.push('vpnv4');
      if (this.cfg.evpn?.enabled.has(pc.addr)) offered.push('evpn');
      want.set(`|${pc.addr}`, { vrf: '', pc, offered });
    }
    for (const vc of this.cfg.vrfs.values()) for (const pc of vc.peers) want.set(`${vc.vrf}|${pc.addr}`, { vrf: vc.vrf, pc, offered: ['ipv4'] });
    for (const k of [...this.peerMap.keys()]) {
      const w = want.get(k);
      if (!w || this.peerSig(w.vrf, w.pc, w.offered) !== this.peerMap.get(k)!.sig) this.removePeer(k);
      else this.peerMap.get(k)!.pc = w.pc;
    }
    for (const [k, w] of want) {
      if (this.peerMap.has(k)) continue;
      const peer = new Peer(this, w.vrf, w.pc.remoteAs, w.pc.addr, w.offered, w.pc.connectIface, w.pc.localAs);
      this.peerMap.set(k, {
        peer, pc: w.pc, sig: this.peerSig(w.vrf, w.pc, w.offered), adjIn: new AdjRibIn(), adjOut: new AdjRibOut(),
        evIn: new Map(), evOut: new EvpnAdjOut(), nextAdv: 0,
      });
      peer.start();
    }
    // One listener per VRF that has peers (RFC 4271 8: passive opens on port 179).
    const vrfs = new Set([...want.values()].map((w) => w.vrf));
    for (const [v, u] of [...this.unlisten]) {
      if (!vrfs.has(v)) {
        u();
        this.unlisten.delete(v);
      }
    }
    for (const v of vrfs) {
      if (this.unlisten.has(v)) continue;
      this.unlisten.set(v, this.tcp.listen({ port: BGP_PORT, vrf: v, ttlFor: (a) => this.ttlFor(v, fmtAddr(a)) }, (c) => this.accept(v, c)));
    }
    this.reconcileLabels();
    this.dirty();
  }

  private reconcileLabels(): void {
    for (const [v, l] of [...this.labels]) {
      if (!this.cfg.vrfs.has(v) || !this.node.vrfs.get(v)?.rd) {
        this.freeLabel(l);
        this.labels.delete(v);
      }
    }
    for (const v of this.cfg.vrfs.keys()) {
      if (this.labels.has(v) || !this.node.vrfs.get(v)?.rd) continue;
      try {
        // VRP `apply-label per-instance`: one label per VPN instance, popped into the VRF (RFC 4364 5).
        const l = this.mpls.allocLabel();
        this.mpls.setLabel(l, { kind: 'vrf', vrf: v, owner: SOURCE });
        this.labels.set(v, l);
      } catch {
        // No MPLS yet: the VRF's routes are not exported until a label can be allocated.
      }
    }
  }

  private peerSig(vrf: string, pc: BgpPeerConfig, offered: Family[]): string {
    return JSON.stringify([vrf, pc.addr, pc.remoteAs, pc.connectIface ?? '', pc.ebgpMaxHop ?? 0, offered, pc.localAs ?? 0, pc.localAddress ?? '']);
  }

  private removePeer(k: string): void {
    const e = this.peerMap.get(k);
    if (!e) return;
    this.peerMap.delete(k);
    e.peer.stop('deconfigured');
    e.mrai?.cancel();
    e.adjIn.clear();
    e.evIn.clear();
    this.dirty();
  }

  private accept(vrf: string, c: TcpConn): void {
    const e = this.peerMap.get(`${vrf}|${fmtAddr(c.remote.addr)}`);
    if (!e) {
      c.abort();
      return;
    }
    e.peer.accept(c);
  }

  connect(p: Peer): TcpConn | undefined {
    let src: Addr | undefined;
    const la = this.peerMap.get(p.key)?.pc.localAddress;
    if (la) src = parseAddr(la);
    else if (p.connectIface) {
      const i = [...this.node.ifaces.values()].find((x) => x.name.toLowerCase() === p.connectIface!.toLowerCase());
      src = i?.v4?.addr;
    }
    try {
      return this.tcp.connect({ dst: p.addr, dport: BGP_PORT, src, vrf: p.vrf, ttl: this.ttlFor(p.vrf, fmtAddr(p.addr)) ?? 255 });
    } catch {
      return undefined;
    }
  }

  /**
   * IP TTL of the session with a configured peer, both ways (connect and accept): EBGP 1 (its
   * peers are directly connected) unless `peer X ebgp-max-hop N`, IBGP 255, as VRP sends them.
   */
  ttlFor(vrf: string, addr: string): number | undefined {
    const list = vrf === '' ? this.cfg.peers : (this.cfg.vrfs.get(vrf)?.peers ?? []);
    const pc = list.find((x) => x.addr === addr);
    if (!pc) return undefined;
    return pc.remoteAs !== (pc.localAs ?? this.localAs) ? (pc.ebgpMaxHop ?? 1) : 255;
  }

  /** RFC 2918: the peer asked for our routes again: send the whole Adj-RIB-Out afresh. */
  refresh(p: Peer, family?: Family): void {
    const e = this.peerMap.get(p.key);
    if (family === 'evpn') e?.evOut.clear();
    else e?.adjOut.clear();
    this.dirty();
  }

  established(p: Peer): void {
    const e = this.peerMap.get(p.key);
    e?.adjOut.clear();
    e?.evOut.clear();
    if (e) e.nextAdv = 0;
    this.dirty();
  }

  down(p: Peer): void {
    const e = this.peerMap.get(p.key);
    if (e) {
      e.adjIn.clear();
      e.adjOut.clear();
      e.evIn.clear();
      e.evOut.clear();
      e.mrai?.cancel();
      e.mrai = undefined;
    }
    this.dirty();
  }

  /** RFC 4271 9: an UPDATE replaces or withdraws paths in the peer's Adj-RIB-In. */
  received(p: Peer, u: UpdateMsg): void {
    const e = this.peerMap.get(p.key);
    if (!e) return;
    for (const w of u.withdrawn) e.adjIn.delete('ipv4', w);
    if (u.mpUnreach && u.mpUnreach.safi === SAFI_MPLS_VPN) for (const n of u.mpUnreach.nlri) e.adjIn.delete('vpnv4', n.prefix, n.rd);
    const a = u.attrs;
    const asns = asPathList(a.asPath);
    // RFC 4271 9.1.2: a route whose AS_PATH holds our own AS is a loop and is not used.
    const loop = p.ebgp && (asns.includes(this.cfg.asn) || asns.includes(p.myAs));
    const peerRef = { key: p.key, addr: p.addr, routerId: p.remoteId ?? p.addr, ebgp: p.ebgp, vrf: p.vrf };
    const rts = (a.extComms ?? []).map(decodeRt).filter((x): x is string => !!x);
    const base = { origin: a.origin ?? 2, asPath: a.asPath ?? [], med: a.med, localPref: p.ebgp ? undefined : a.localPref, rts, peer: peerRef, srcVrf: p.vrf };
    if (p.families.includes('ipv4') && a.nextHop) {
      for (const n of u.nlri) {
        if (loop) e.adjIn.delete('ipv4', n);
        else e.adjIn.set({ ...base, family: 'ipv4', prefix: n, nextHop: a.nextHop });
      }
    }
    if (u.mpReach && u.mpReach.safi === SAFI_MPLS_VPN && p.families.includes('vpnv4')) {
      for (const n of u.mpReach.nlri) {
        if (loop) e.adjIn.delete('vpnv4', n.prefix, n.rd);
        else e.adjIn.set({ ...base, family: 'vpnv4', prefix: n.prefix, rd: n.rd, label: n.label, nextHop: u.mpReach.nextHop });
      }
    }
    // RFC 4760 / RFC 7432 s7: the EVPN family in MP_UNREACH_NLRI / MP_REACH_NLRI.
    if (p.families.includes('evpn')) {
      for (const r of u.mpUnreach?.evpn ?? []) e.evIn.delete(evpnKey(r));
      if (u.mpReach?.evpn) {
        const ev = evpnAttrsOf(a);
        for (const r of u.mpReach.evpn) {
          const key = evpnKey(r);
          if (loop) e.evIn.delete(key);
          else {
            e.evIn.set(key, {
              key, route: r, nextHop: u.mpReach.nextHop, origin: a.origin ?? 2, asPath: a.asPath ?? [], med: a.med,
              localPref: p.ebgp ? undefined : a.localPref, ...ev, pmsi: a.pmsi, peer: { key: p.key, addr: p.addr, routerId: p.remoteId ?? p.addr, ebgp: p.ebgp },
            });
          }
        }
      }
    }
    this.dirty();
  }

  /** Coalesce changes into one run of the decision process at the current time. */
  private dirty(): void {
    if (!this.running || this.pending) return;
    this.pending = this.node.sched.schedule(0, () => {
      this.pending = undefined;
      this.run();
    }, this.node.name);
  }

  /**
   * Run the decision process as soon as another source changes a VRF's table (a static route
   * withdrawn when its BFD session goes Down must hand over to the BGP path at once). Our own
   * routes changing do not count.
   */
  private watchRibs(): void {
    for (const v of this.node.vrfs.values()) {
      if (this.ribWatch.has(v.name)) continue;
      this.ribWatch.set(
        v.name,
        v.rib[4].onChange((changed) => {
          if (changed.some((r) => r.source !== SOURCE)) this.dirty();
        }),
      );
    }
  }

  private localPaths(rib: Rib, redist: Redistribute[], vrf: string): BgpPath[] {
    const wanted = (r: Route) =>
      (redist.includes('direct') && r.source === 'connected') ||
      (redist.includes('static') && r.source === 'static') ||
      (redist.includes('ospf') && r.source.startsWith('ospf'));
    return rib
      .routes()
      .filter(wanted)
      .map((r) => ({ family: 'ipv4' as const, prefix: r.prefix, origin: 2, asPath: [], rts: [], srcVrf: vrf, localMetric: r.metric, med: r.metric }));
  }

  /** Next hop resolution through a routing table (RFC 4271 9.1.2.1), never through BGP routes. */
  private resolveIp(vrf: string, nh: Addr): { fwd: Path[]; cost: number } | undefined {
    if (this.node.ip.isLocal(vrf, nh)) return undefined;
    const r = this.node.vrf(vrf).rib[4].lookup(nh);
    if (!r || r.source === SOURCE || r.code === 'LOC') return undefined;
    return { fwd: r.paths.map((p) => ({ iface: p.iface, nextHop: p.nextHop ?? nh, labels: p.labels, via: nh })), cost: r.metric };
  }

  /** VPN next hops resolve only over an LSP (RFC 4364 5): the FTN entry of the PE loopback. */
  private resolveVpn(p: BgpPath): { fwd: Path[]; cost: number } | undefined {
    if (!p.nextHop || p.label === undefined) return undefined;
    const ftn = this.mpls.ftn(p.nextHop);
    if (!ftn || ftn.length === 0) return undefined;
    const cost = this.node.vrf('').rib[4].lookup(p.nextHop)?.metric ?? 0;
    return { fwd: ftn.map((f) => ({ iface: f.iface, nextHop: f.nextHop, labels: [...(f.labels ?? []), p.label!], via: p.nextHop })), cost };
  }

  private candidate(p: BgpPath, vrf: string): Candidate | undefined {
    if (!p.peer) return { p, igpCost: 0, fwd: [] };
    const r = p.family === 'vpnv4' ? this.resolveVpn(p) : p.nextHop ? this.resolveIp(vrf, p.nextHop) : undefined;
    return r ? { p, igpCost: r.cost, fwd: r.fwd } : undefined;
  }

  private vpnAccepted(p: BgpPath): boolean {
    if (!this.cfg.vpnv4.policyVpnTarget) return true;
    for (const v of this.node.vrfs.values()) {
      if (!v.name) continue;
      const imp = v.importRt.map(normRt);
      if (p.rts.some((rt) => imp.includes(rt))) return true;
    }
    return false;
  }

  /** The decision process over every table, installation and advertisement (RFC 4271 9.1-9.2). */
  private run(): void {
    if (!this.running) return;
    this.watchRibs();
    this.reconcileLabels();
    const now = this.node.sched.now;
    const all: BgpPath[] = [];
    for (const e of this.peerMap.values()) for (const p of e.adjIn.paths.values()) all.push(p);
    const tables = new Map<string, Map<string, BgpPath[]>>();
    const add = (vrf: string, p: BgpPath) => {
      let t = tables.get(vrf);
      if (!t) tables.set(vrf, (t = new Map()));
      const k = prefixKey(p.prefix);
      t.set(k, [...(t.get(k) ?? []), p]);
    };
    for (const p of this.localPaths(this.node.vrf('').rib[4], this.cfg.ipv4.redistribute, '')) add('', p);
    for (const p of all) if (p.family === 'ipv4') add(p.srcVrf, p);
    for (const vc of this.cfg.vrfs.values()) {
      const v = this.node.vrf(vc.vrf);
      if (!tables.has(vc.vrf)) tables.set(vc.vrf, new Map());
      for (const p of this.localPaths(v.rib[4], vc.redistribute, vc.vrf)) add(vc.vrf, p);
      // RFC 4364 4.3.5: import VPN-IPv4 routes whose route targets meet the VRF's import targets.
      const imp = v.importRt.map(normRt);
      const ownRd = v.rd ? normRd(v.rd) : undefined;
      for (const p of all) {
        if (p.family !== 'vpnv4' || p.rd === ownRd || !p.rts.some((rt) => imp.includes(rt))) continue;
        add(vc.vrf, p);
      }
    }
    this.selected.clear();
    const vpnOut: BgpPath[] = [];
    for (const [vrf, t] of tables) {
      const maxPaths = vrf === '' ? this.cfg.ipv4.maxPaths : this.cfg.vrfs.get(vrf)?.maxPaths ?? 1;
      const sel = new Map<string, Candidate[]>();
      const routes: Route[] = [];
      const v = this.node.vrf(vrf);
      const label = this.labels.get(vrf);
      for (const [k, paths] of t) {
        const cands = paths.map((p) => this.candidate(p, vrf)).filter((c): c is Candidate => !!c);
        const s = select(cands, maxPaths);
        if (s.length === 0) continue;
        sel.set(k, s);
        const best = s[0];
        if (best.p.peer) {
          const ext = best.p.peer.ebgp;
          routes.push({
            prefix: best.p.prefix, code: 'B', external: ext, distance: ext ? this.cfg.preference.external : this.cfg.preference.internal,
            metric: best.p.med ?? 0, paths: s.flatMap((c) => c.fwd), since: now, source: SOURCE,
          });
        }
        // VRF routes from the CE side (local or EBGP/IBGP in the VRF) are exported as VPN-IPv4 (RFC 4364 4.3.2).
        if (vrf !== '' && label !== undefined && v.rd) {
          const own = select(cands.filter((c) => c.p.family === 'ipv4'), 1)[0];
          if (own) vpnOut.push({ ...own.p, family: 'vpnv4', rd: normRd(v.rd), label, rts: v.exportRt.map(normRt), peer: undefined, localPref: undefined });
        }
      }
      this.selected.set(vrf, sel);
      v.rib[4].setSource(SOURCE, routes, now);
      this.installedVrfs.add(vrf);
    }
    for (const v of [...this.installedVrfs]) {
      if (!tables.has(v)) {
        this.node.vrf(v).rib[4].setSource(SOURCE, [], now);
        this.installedVrfs.delete(v);
      }
    }
    this.runEvpn();
    this.lastVpnOut = vpnOut;
    this.advertise(vpnOut);
  }

  private advertise(vpnOut: BgpPath[]): void {
    for (const e of this.peerMap.values()) this.advertisePeer(e, vpnOut);
  }

  /**
   * One peer's advertisements. With `minimum-advertisement-interval` (RFC 4271 9.2.1.1) the
   * changes wait until the interval since the last UPDATEs to this peer has passed, and then go
   * out as one diff of the Adj-RIB-Out; without it (VRP) they go at once.
   */
  private advertisePeer(e: PeerEntry, vpnOut: BgpPath[]): void {
    {
      const p = e.peer;
      if (p.state !== 'Established' || !p.localAddr) return;
      const mrai = Math.round((e.pc.minAdvIntervalSec ?? 0) * SEC);
      const now = this.node.sched.now;
      if (mrai > 0 && now < e.nextAdv) {
        e.mrai ??= this.node.sched.schedule(e.nextAdv - now, () => {
          e.mrai = undefined;
          if (this.running && this.peerMap.get(p.key) === e) this.advertisePeer(e, this.lastVpnOut);
        }, this.node.name);
        return;
      }
      const self = p.localAddr;
      const want: OutRoute[] = [];
      const mk = (c: BgpPath, family: 'ipv4' | 'vpnv4'): OutRoute => {
        const local = !c.peer;
        // RFC 4271 5.1.2: prepend our AS towards EBGP peers; 5.1.3: next hop self for EBGP and local routes.
        const asPath = p.ebgp ? [{ type: 2 as const, asns: [this.cfg.asn] }, ...c.asPath.filter((s) => s.asns.length)] : c.asPath;
        const nextHop = p.ebgp || local || family === 'vpnv4' || c.family === 'vpnv4' || !c.nextHop ? self : c.nextHop;
        // RFC 4271 5.1.4: a MED learned from another AS is not passed on to a third one.
        const med = local || (!p.ebgp && !c.peer?.ebgp) ? c.med : undefined;
        return {
          family, prefix: c.prefix, rd: family === 'vpnv4' ? c.rd : undefined, label: family === 'vpnv4' ? c.label : undefined,
          nextHop, origin: c.origin, asPath: mergeSeq(asPath), med: p.ebgp ? (local ? c.localMetric : undefined) : med,
          localPref: p.ebgp ? undefined : c.localPref ?? 100, rts: family === 'vpnv4' ? c.rts : [],
        };
      };
      if (p.families.includes('ipv4')) {
        for (const s of this.selected.get(p.vrf)?.values() ?? []) {
          const c = s[0].p;
          if (c.peer?.key === p.key) continue;
          // RFC 4271 9.2: IBGP-learned routes (and VPN routes from other PEs) are not sent to IBGP peers.
          if (!p.ebgp && c.peer && (!c.peer.ebgp || c.family === 'vpnv4')) continue;
          want.push(mk(c, 'ipv4'));
        }
      }
      if (p.families.includes('vpnv4') && p.vrf === '') for (const c of vpnOut) want.push(mk(c, 'vpnv4'));
      const msgs = e.adjOut.diff(want);
      if (p.families.includes('evpn') && p.vrf === '') msgs.push(...e.evOut.diff(this.evpnWant(e, self)));
      for (const m of msgs) p.send(m);
      if (msgs.length && mrai > 0) e.nextAdv = now + mrai;
    }
  }

  // ---- L2VPN EVPN (RFC 7432, RFC 8365) ----

  /** The AS of the EVPN sessions: the `local-as` of the first peer with the EVPN family, else the process's AS. */
  get evpnAs(): number {
    const pc = this.cfg.peers.find((x) => this.cfg.evpn?.enabled.has(x.addr) && x.localAs !== undefined);
    return pc?.localAs ?? this.cfg.asn;
  }

  /** The routes the EVPN module originates; they are advertised to every peer with the EVPN family. */
  setEvpnLocal(routes: EvpnLocal[]): void {
    this.evpnLocal = [...routes];
    this.dirty();
  }

  /** The import policy of received EVPN routes (route targets of the MAC-VRFs, ES-import of the segments). */
  setEvpnImport(f: EvpnImportFilter | undefined): void {
    this.evpnImport = f;
    this.dirty();
  }

  /** Changes of the best imported EVPN path per NLRI key; returns the unsubscribe function. */
  onEvpnRx(cb: (e: EvpnRxEvent) => void): () => void {
    this.evpnListeners.push(cb);
    return () => (this.evpnListeners = this.evpnListeners.filter((x) => x !== cb));
  }

  /** The best imported, valid EVPN paths now (for a listener that subscribes late). */
  evpnPaths(): EvpnPath[] {
    return [...this.evpnBest.values()];
  }

  private evpnImported(p: EvpnPath): boolean {
    return this.evpnImport ? this.evpnImport({ route: p.route, rts: p.rts, esImport: p.esImport }) : true;
  }

  /**
   * An EVPN next hop (the remote VTEP) is valid when the default table reaches it by a route of
   * any source (SR Linux resolves VXLAN next hops over the underlay, BGP routes included).
   */
  private evpnNhValid(nh: Addr): boolean {
    if (this.node.ip.isLocal('', nh)) return false;
    const r = this.node.vrf('').rib[4].lookup(nh);
    return !!r && r.code !== 'LOC';
  }

  /** The decision process of the EVPN family: best imported valid path per NLRI key, changes to the listeners. */
  private runEvpn(): void {
    const byKey = new Map<string, EvpnPath[]>();
    for (const e of this.peerMap.values()) {
      if (e.peer.vrf !== '') continue;
      for (const p of e.evIn.values()) {
        if (!this.evpnImported(p) || !this.evpnNhValid(p.nextHop)) continue;
        byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
      }
    }
    const next = new Map<string, EvpnPath>();
    for (const [k, ps] of byKey) next.set(k, [...ps].sort(compareEvpnPaths)[0]);
    const gone: Array<{ kind: 'withdraw'; key: string; route: EvpnRoute }> = [];
    for (const [k, old] of this.evpnBest) if (!next.has(k)) gone.push({ kind: 'withdraw', key: k, route: old.route });
    // Per-ES A-D withdrawals first (mass withdrawal, RFC 7432 s8.2).
    const perEs = (r: EvpnRoute) => (r.type === 1 && r.tag === MAX_ET ? 0 : 1);
    gone.sort((x, y) => perEs(x.route) - perEs(y.route));
    const events: EvpnRxEvent[] = [...gone];
    for (const [k, p] of next) if (this.evpnBest.get(k) !== p) events.push({ kind: 'set', key: k, path: p });
    this.evpnBest = next;
    for (const ev of events) for (const l of [...this.evpnListeners]) l(ev);
  }

  /** What one peer should have of the EVPN family now. */
  private evpnWant(e: PeerEntry, self: Addr): EvpnOut[] {
    const p = e.peer;
    const myAs = p.myAs;
    const out: EvpnOut[] = [];
    for (const l of this.evpnLocal) {
      out.push({
        route: l.route, nextHop: self, origin: 0, asPath: p.ebgp ? [{ type: 2, asns: [myAs] }] : [], localPref: p.ebgp ? undefined : 100,
        ...localAttrs(l, self),
      });
    }
    const localKeys = new Set(this.evpnLocal.map((l) => evpnKey(l.route)));
    for (const b of this.evpnBest.values()) {
      if (b.peer.key === p.key || localKeys.has(b.key)) continue;
      // RFC 4271 9.2: IBGP-learned routes are not sent to IBGP peers (full mesh).
      if (!p.ebgp && !b.peer.ebgp) continue;
      // The VTEP stays the next hop (RFC 8365 s5.1.3: it names the tunnel end point).
      out.push({
        route: b.route, nextHop: b.nextHop, origin: b.origin, asPath: p.ebgp ? mergeSeq([{ type: 2, asns: [myAs] }, ...b.asPath]) : b.asPath,
        localPref: p.ebgp ? undefined : b.localPref ?? 100, rts: b.rts, singleActive: b.singleActive, esImport: b.esImport, macMobility: b.macMobility,
        encap: b.encap, pmsi: b.pmsi,
      });
    }
    return out;
  }

  /** The show model `bgp.evpnRoutes`: received (imported) paths per peer, advertised per peer, and local ones. */
  evpnRows(): EvpnRouteRow[] {
    const rows: EvpnRouteRow[] = [];
    const base = (r: EvpnRoute) => ({
      routeType: r.type, rd: r.rd, esi: 'esi' in r ? r.esi : undefined, tag: 'tag' in r ? r.tag : undefined, mac: r.type === 2 ? r.mac : undefined,
      ip: r.type === 2 ? r.ip : undefined, originator: r.type === 3 || r.type === 4 ? r.origIp : undefined,
      vni: r.type === 2 || (r.type === 1 && r.tag !== MAX_ET) ? r.label : undefined,
    });
    const origin = (o: number): 'i' | 'e' | '?' => (o === 0 ? 'i' : o === 1 ? 'e' : '?');
    for (const e of this.peerMap.values()) {
      if (e.peer.vrf !== '') continue;
      const peer = fmtAddr(e.peer.addr);
      for (const p of e.evIn.values()) {
        if (!this.evpnImported(p)) continue;
        const valid = this.evpnNhValid(p.nextHop);
        const best = this.evpnBest.get(p.key) === p;
        rows.push({
          direction: 'received', peer, ...base(p.route), vni: p.route.type === 3 ? p.pmsi?.label : base(p.route).vni, nextHop: fmtAddr(p.nextHop), med: p.med,
          localPref: p.localPref, asPath: asPathList(p.asPath), origin: origin(p.origin), rts: p.rts, used: best, valid, best,
        });
      }
      for (const o of e.evOut.routes()) {
        rows.push({
          direction: 'advertised', peer, ...base(o.route), vni: o.route.type === 3 ? o.pmsi?.label : base(o.route).vni, nextHop: fmtAddr(o.nextHop), med: o.med,
          localPref: o.localPref, asPath: asPathList(o.asPath), origin: origin(o.origin), rts: o.rts, used: true, valid: true, best: true,
        });
      }
    }
    for (const l of this.evpnLocal) {
      rows.push({
        direction: 'local', ...base(l.route), vni: l.route.type === 3 ? l.pmsiVni ?? l.route.tag : base(l.route).vni, nextHop: this.routerId, localPref: 100, asPath: [],
        origin: 'i', rts: l.rts, used: true, valid: true, best: true,
      });
    }
    return rows;
  }

  /** `refresh bgp ... import`: ask one peer for its routes of a family again (RFC 2918). */
  requestRefresh(vrf: string, addr: string, family: Family): boolean {
    return this.peerMap.get(`${vrf}|${addr}`)?.peer.requestRefresh(family) ?? false;
  }

  /** Capability codes of a peer's OPEN, in its order (for tests and `display bgp peer verbose`). */
  peerCapabilities(vrf: string, addr: string): number[] {
    return [...(this.peerMap.get(`${vrf}|${addr}`)?.peer.peerCaps ?? [])];
  }

  peers(): BgpPeerInfo[] {
    const best4 = new Set<BgpPath>();
    for (const sel of this.selected.values()) for (const c of sel.values()) best4.add(c[0].p);
    return [...this.peerMap.values()].map(({ peer, adjIn, adjOut, pc, evIn, evOut }) => ({
      addr: fmtAddr(peer.addr), vrf: peer.vrf, remoteAs: peer.remoteAs, version: 4 as const, msgRcvd: peer.msgRcvd, msgSent: peer.msgSent, outQ: 0,
      state: peer.state, since: peer.since,
      prefRcv: { ipv4: adjIn.count('ipv4'), vpnv4: [...adjIn.paths.values()].filter((x) => x.family === 'vpnv4' && this.vpnAccepted(x)).length },
      families: [...peer.families],
      enabled: [...peer.offered],
      localAs: peer.myAs,
      group: pc.group,
      description: pc.description,
      ebgp: peer.ebgp,
      ipv4: { rx: adjIn.count('ipv4'), active: [...adjIn.paths.values()].filter((x) => x.family === 'ipv4' && best4.has(x)).length, tx: adjOut.count('ipv4') },
      ...(peer.offered.includes('evpn')
        ? {
          evpn: {
            rx: [...evIn.values()].filter((x) => this.evpnImported(x)).length,
            active: [...evIn.values()].filter((x) => this.evpnBest.get(x.key) === x).length,
            tx: evOut.size,
          },
        }
        : {}),
    })).map((x) => (x.evpn ? { ...x, prefRcv: { ...x.prefRcv, evpn: x.evpn.rx } } : x));
  }

  asPathFor(vrf: string, a: Addr): number[] | undefined {
    let best: { prefix: Prefix; c: Candidate } | undefined;
    for (const s of this.selected.get(vrf)?.values() ?? []) {
      const c = s[0];
      if (contains(c.p.prefix, a) && (!best || c.p.prefix.len > best.prefix.len)) best = { prefix: c.p.prefix, c };
    }
    return best ? asPathList(best.c.p.asPath) : undefined;
  }

  /** The selected paths of one table ('' public), for display and tests. */
  table(vrf: string): Array<{ prefix: Prefix; paths: BgpPath[] }> {
    return [...(this.selected.get(vrf)?.values() ?? [])].map((s) => ({ prefix: s[0].p.prefix, paths: s.map((c) => c.p) }));
  }

  /** The VPN label of a VRF (per-instance), if allocated. */
  vpnLabel(vrf: string): number | undefined {
    return this.labels.get(vrf);
  }

  /** Is `a` one of this process's peers in `vrf`? */
  hasPeer(vrf: string, a: Addr): boolean {
    return [...this.peerMap.values()].some((e) => e.peer.vrf === vrf && addrEq(e.peer.addr, a));
  }
}

interface PeerEntry {
  peer: Peer;
  pc: BgpPeerConfig;
  sig: string;
  adjIn: AdjRibIn;
  adjOut: AdjRibOut;
  /** EVPN Adj-RIB-In by NLRI key. */
  evIn: Map<string, EvpnPath>;
  evOut: EvpnAdjOut;
  /** MRAI: the earliest time of the next UPDATEs to this peer, and the timer waiting for it. */
  nextAdv: number;
  mrai?: EventHandle;
}

/** Join adjacent AS_SEQUENCE segments after a prepend. */
function mergeSeq(segs: Array<{ type: 1 | 2; asns: number[] }>): Array<{ type: 1 | 2; asns: number[] }> {
  const out: Array<{ type: 1 | 2; asns: number[] }> = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && last.type === 2 && s.type === 2) last.asns = [...last.asns, ...s.asns];
    else out.push({ type: s.type, asns: [...s.asns] });
  }
  return out;
}
