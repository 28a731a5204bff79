/**
 * EVPN as a protocol module (RFC 7432, RFC 8365): the section `evpn` (EvpnConfig) runs one
 * EvpnEngine per node and ties it to
 *   - BGP (`needs: ['bgp']`): the engine's routes (types 1, 3, 4) and the type 2 routes of the
 *     MACs the bridge learns go out with BgpProcess.setEvpnLocal; the best imported EVPN paths
 *     come back through BgpProcess.onEvpnRx into engine.receive/withdraw; the import policy
 *     (MAC-VRF route targets, ES-import route targets of the local segments) is set with
 *     BgpProcess.setEvpnImport;
 *   - the node's interfaces: a segment's `iface` going down or up (node.onIfaceChange) is
 *     engine.linkChanged();
 *   - the bridge (`deps.instance('bridge')`, protocols/bridge/config.ts BridgeApi), when one runs:
 *     received type 2 routes become remote MACs (`{esi, vteps}` by the engine's aliasing, re-
 *     installed whenever the resolution changes, e.g. after a mass withdrawal), type 3 routes the
 *     flood list, the DF election the non-DF block of the ES subinterfaces, the ES peers the
 *     local-bias split horizon; the bridge's learnt MACs become type 2 routes (with the ESI when
 *     learnt on an ES subinterface).
 * Show model `segments` (SegmentRow[]); `onDfChange(cb)` reports every change of a DF (the gNMI
 * ON_CHANGE subscription of the ethernet segments' DF state uses it).
 *
 * The bridge and VXLAN instances are looked up at each use and used only through their public
 * contract (BridgeApi; optional `macVrfRows()` and the VXLAN engine's `iface(name).vni`), so the
 * module works with or without them.
 */
import type { Node } from '../../net/node';
import { fmtAddr } from '../../net/addr';
import type { EventHandle } from '../../sim/scheduler';
import type { ProtocolDeps, ProtocolModule } from '../registry';
import { BgpProcess, type EvpnRxEvent } from '../bgp/process';
import type { EvpnLocal, EvpnPath } from '../bgp/evpn-rib';
import { MAX_ET, esImportOf, type EvpnMacIp } from '../bgp/evpn-nlri';
import type { BridgeApi, RemoteMacTarget } from '../bridge/config';
import type { MacVrfRow } from '../l2-rows';
import { ESI_ZERO, type EvpnConfig, type MacVrfEvpnConfig } from './config';
import { EvpnEngine, type RxRoute, type SegmentRow } from './engine';

/** One DF state change: segment, MAC-VRF, the DF before and after (undefined: none elected). */
export interface DfChange {
  segment: string;
  esi: string;
  macVrf: string;
  evi: number;
  before?: string;
  after?: string;
  localDf: boolean;
  time: number;
}

/** The one BGP "peer" the engine hears from: BGP hands it the best path per NLRI key. */
const FROM_BGP = 'bgp';

/** The bridge's contract, plus what the bridge module offers beyond it (used when present). */
type BridgeLike = BridgeApi & { macVrfRows?(): MacVrfRow[]; setLocalEsi?(subinterface: string, esi: string | undefined): void };
type VxlanLike = { iface?(name: string): { vni: number } | undefined };

export class EvpnInstance {
  engine: EvpnEngine;
  private cfg: EvpnConfig;
  private stopped = false;
  private pending?: EventHandle;
  private offRx: () => void = () => undefined;
  private bgpSeen?: BgpProcess;
  private offBridge?: () => void;
  private offWatch?: () => void;
  private bridgeSeen?: BridgeApi;
  /** Local MACs learnt by the bridge: `macVrf|mac` -> subinterface. */
  private localMacs = new Map<string, { macVrf: string; mac: string; sub: string; seq: number }>();
  /** Received paths by key (for the MAC mobility sticky flag of type 2 routes). */
  private rxPaths = new Map<string, EvpnPath>();
  /** What the bridge was last given. */
  private installed = new Map<string, string>(); // macVrf|mac -> JSON target
  private floods = new Map<string, string>();
  private dfSet = new Map<string, boolean>(); // macVrf|sub -> isDf
  private esPeers = new Map<string, string>(); // sub -> JSON peers
  private localEsi = new Map<string, string>(); // sub -> ESI of an up local segment
  private lastDf = new Map<string, string | undefined>(); // segment|macVrf -> DF
  private dfListeners: Array<(c: DfChange) => void> = [];

  constructor(
    readonly node: Node,
    cfg: EvpnConfig,
    private readonly deps: ProtocolDeps,
  ) {
    this.cfg = this.resolved(cfg);
    this.engine = this.newEngine();
    this.offRx = this.bgp().onEvpnRx((e) => this.fromBgp(e));
    for (const p of this.bgp().evpnPaths()) this.fromBgp({ kind: 'set', key: p.key, path: p });
    node.onIfaceChange(() => {
      if (!this.stopped) this.engine.linkChanged();
    });
    this.offWatch = BgpProcess.watch(node, () => this.schedule());
    this.installImport();
    this.schedule();
  }

  private bgp(): BgpProcess {
    const b = this.deps.instance<BgpProcess>('bgp');
    if (!b) throw new Error('evpn: BGP is not running (configure the BGP protocol of the default network-instance)');
    if (this.bgpSeen && b !== this.bgpSeen && !this.stopped) {
      // A new BGP process (a new AS): subscribe to it and start from its routes.
      this.bgpSeen = b;
      this.offRx();
      for (const k of [...this.rxPaths.keys()]) this.engine.withdraw(FROM_BGP, k);
      this.rxPaths.clear();
      this.offRx = b.onEvpnRx((e) => this.fromBgp(e));
      for (const p of b.evpnPaths()) this.fromBgp({ kind: 'set', key: p.key, path: p });
      this.installImport();
    }
    this.bgpSeen = b;
    return b;
  }

  private bridge(): BridgeLike | undefined {
    const b = this.deps.instance<BridgeLike>('bridge');
    if (b !== this.bridgeSeen) {
      this.offBridge?.();
      this.offBridge = undefined;
      this.bridgeSeen = b;
      this.installed.clear();
      this.floods.clear();
      this.dfSet.clear();
      this.esPeers.clear();
      this.localEsi.clear();
      this.localMacs.clear();
      if (b && typeof b.subscribe === 'function') {
        this.offBridge = b.subscribe({
          onLocalMacLearned: (macVrf, mac, sub) => {
            const k = `${macVrf}|${mac.toLowerCase()}`;
            const had = this.localMacs.get(k);
            // RFC 7432 s15.1: a MAC learnt here that another attachment advertises has moved here: seq + 1.
            const seq = had && had.sub === sub ? had.seq : this.mobilitySeq(macVrf, mac.toLowerCase(), sub);
            this.localMacs.set(k, { macVrf, mac: mac.toLowerCase(), sub, seq });
            this.schedule();
          },
          onLocalMacAged: (macVrf, mac) => {
            this.localMacs.delete(`${macVrf}|${mac.toLowerCase()}`);
            this.schedule();
          },
        });
      }
    }
    return b;
  }

  /** SR Linux's originating IP: the BGP router-id, else the system0 (loopback) address. */
  private localIp(): string {
    const b = this.bgp();
    if (b.routerId && b.routerId !== '0.0.0.0') return b.routerId;
    const lo = [...this.node.ifaces.values()].find((i) => i.kind === 'loopback' && i.vrf === '' && i.v4);
    return lo?.v4 ? fmtAddr(lo.v4.addr) : '0.0.0.0';
  }

  /** The AS of the EVPN sessions (their `local-as`, else the BGP AS): auto route targets use it. */
  private asn(): number {
    return this.bgp().evpnAs;
  }

  /** The configuration with each MAC-VRF's VNI filled in from the VXLAN module when the dialect left it out. */
  private resolved(cfg: EvpnConfig): EvpnConfig {
    const vx = this.deps.instance<VxlanLike>('vxlan');
    return {
      ...cfg,
      macVrfs: cfg.macVrfs.map((m) => (m.vni !== undefined ? m : { ...m, vni: vx?.iface?.(m.vxlanInterface)?.vni ?? m.evi })),
    };
  }

  private newEngine(): EvpnEngine {
    const e = new EvpnEngine(this.node.sched, this.localIp(), this.asn(), this.cfg, (name) => this.node.ifaces.get(name)?.up ?? false);
    e.onChange(() => this.schedule());
    return e;
  }

  update(cfg: EvpnConfig): void {
    this.cfg = this.resolved(cfg);
    this.reattach(true);
    this.installImport();
    this.schedule();
  }

  /** A new router-id or AS (or a new BGP process): a new engine fed with what BGP has; else the engine takes `cfg`. */
  private reattach(cfgChanged: boolean): void {
    if (this.engine.localIp !== this.localIp() || this.engine.asn !== this.asn()) {
      this.engine.stop();
      this.engine = this.newEngine();
      for (const p of this.rxPaths.values()) this.engine.receive(FROM_BGP, rxOf(p), p.key);
    } else if (cfgChanged) this.engine.update(this.cfg);
  }

  stop(): void {
    this.stopped = true;
    this.pending?.cancel();
    this.engine.stop();
    this.offRx();
    this.offBridge?.();
    this.offWatch?.();
    const b = this.deps.instance<BgpProcess>('bgp');
    b?.setEvpnLocal([]);
    b?.setEvpnImport(undefined);
    const br = this.bridgeSeen;
    if (br) {
      for (const k of this.installed.keys()) {
        const [mv, mac] = k.split('|');
        br.withdrawRemoteMac(mv, mac);
      }
      for (const mv of this.floods.keys()) br.setFloodList(mv, []);
      for (const sub of this.esPeers.keys()) br.setEsPeers(sub, []);
    }
  }

  onDfChange(cb: (c: DfChange) => void): () => void {
    this.dfListeners.push(cb);
    return () => (this.dfListeners = this.dfListeners.filter((x) => x !== cb));
  }

  segments(): SegmentRow[] {
    return this.engine.segments();
  }

  /** RFC 7432 s7.6/s9.1: type 4 by the ES-import RT of a local segment; others by a MAC-VRF's import RTs. */
  private installImport(): void {
    this.bgp().setEvpnImport(({ route, rts, esImport }) => {
      if (route.type === 4) {
        const own = this.cfg.segments.map((s) => safeEsImport(s.esi));
        return esImport !== undefined ? own.includes(esImport) : own.includes(safeEsImport(route.esi));
      }
      const imp = new Set(this.cfg.macVrfs.filter((m) => m.adminUp).flatMap((m) => this.engine.importRts(m)));
      return rts.some((t) => imp.has(t));
    });
  }

  private fromBgp(e: EvpnRxEvent): void {
    if (this.stopped) return;
    if (e.kind === 'set') {
      this.rxPaths.set(e.key, e.path);
      this.engine.receive(FROM_BGP, rxOf(e.path), e.key);
    } else {
      this.rxPaths.delete(e.key);
      this.engine.withdraw(FROM_BGP, e.key);
    }
    this.schedule();
  }

  /** Coalesce: one sync per virtual instant. */
  private schedule(): void {
    if (this.stopped || this.pending) return;
    this.pending = this.node.sched.schedule(0, () => {
      this.pending = undefined;
      if (!this.stopped) this.sync();
    }, this.node.name);
  }

  private macVrfOf(name: string): MacVrfEvpnConfig | undefined {
    return this.cfg.macVrfs.find((m) => m.macVrf === name && m.adminUp);
  }

  /** The segment a subinterface belongs to (`lag1.0` of segment interface `lag1`). */
  private segmentOfSub(sub: string): { name: string; esi: string; iface: string } | undefined {
    const i = this.node.ifaces.get(sub);
    const parent = i?.parent?.name ?? sub.replace(/\.\d+$/, '');
    const s = this.engine.segments().find((x) => x.iface !== undefined && (x.iface === sub || x.iface === parent));
    return s && s.iface ? { name: s.name, esi: s.esi, iface: s.iface } : undefined;
  }

  /** The MAC-VRF's imported type 2 routes for `mac`, each with its MAC Mobility sequence (0 without the community). */
  private remoteMacRoutes(macVrf: string, mac: string): Array<{ esi: string; nextHop: string; seq: number }> {
    const out: Array<{ esi: string; nextHop: string; seq: number }> = [];
    for (const x of this.engine.remoteMacs(macVrf)) {
      if (x.route.mac.toLowerCase() !== mac) continue;
      const p = [...this.rxPaths.values()].find((y) => y.route === x.route);
      out.push({ esi: x.route.esi, nextHop: x.nextHop, seq: p?.macMobility?.seq ?? 0 });
    }
    return out;
  }

  /**
   * RFC 7432 s15.1: the sequence number of a MAC learnt locally on `sub`. Advertised by another
   * attachment (another PE, single-homed, or another segment): the highest sequence received + 1
   * (a move). Advertised by the ES peers of the same segment only (all-active multihoming, the
   * document's ce1 on leaf1 and leaf2): not a move, their sequence. Nobody: 0 (no community).
   */
  private mobilitySeq(macVrf: string, mac: string, sub: string): number {
    const esi = this.segmentOfSub(sub)?.esi ?? ESI_ZERO;
    const rs = this.remoteMacRoutes(macVrf, mac);
    if (rs.length === 0) return 0;
    const max = Math.max(...rs.map((r) => r.seq));
    const sameEs = (r: { esi: string }) => esi !== ESI_ZERO && r.esi === esi;
    return rs.every(sameEs) ? max : max + 1;
  }

  /**
   * RFC 7432 s15.1: a local MAC that another attachment now advertises with a higher sequence
   * number has moved away: its local entry and type 2 route go, and the remote entry is installed
   * (the bridge replaces its learnt entry with it). Equal sequences: the lower originator IP keeps it.
   */
  private yieldMovedMacs(): void {
    for (const [k, l] of [...this.localMacs]) {
      const esi = this.segmentOfSub(l.sub)?.esi ?? ESI_ZERO;
      const other = this.remoteMacRoutes(l.macVrf, l.mac).filter((r) => !(esi !== ESI_ZERO && r.esi === esi));
      const won = other.some((r) => r.seq > l.seq || (r.seq === l.seq && ipNum(r.nextHop) < ipNum(this.engine.localIp)));
      if (won) this.localMacs.delete(k);
    }
  }

  /** Type 2 routes of the local MACs (RFC 7432 s9.1): the ESI when learnt on an ES subinterface that is up. */
  private macRoutes(): EvpnLocal[] {
    const out: EvpnLocal[] = [];
    const up = new Set(this.engine.segments().filter((s) => s.operUp).map((s) => s.name));
    for (const l of this.localMacs.values()) {
      const m = this.macVrfOf(l.macVrf);
      if (!m) continue;
      const seg = this.segmentOfSub(l.sub);
      if (seg && !up.has(seg.name)) continue;
      const route: EvpnMacIp = { type: 2, rd: m.rd ?? `${this.engine.localIp}:${m.evi}`, esi: seg ? seg.esi : ESI_ZERO, tag: 0, mac: l.mac, label: this.engine.vni(m) };
      out.push({ route, rts: this.engine.exportRts(m), ...(l.seq > 0 ? { macMobility: { seq: l.seq, sticky: false } } : {}) });
    }
    return out;
  }

  private sync(): void {
    this.reattach(false);
    this.yieldMovedMacs();
    // Originated routes to BGP.
    const rdToVrf = new Map(this.cfg.macVrfs.filter((m) => m.adminUp).map((m) => [m.rd ?? `${this.engine.localIp}:${m.evi}`, m] as [string, MacVrfEvpnConfig]));
    const bridge = this.bridge();
    const evis = [...rdToVrf.entries()];
    const local: EvpnLocal[] = this.engine.originated().flatMap((r): EvpnLocal[] => {
      if (r.route.type === 1 && r.route.tag === MAX_ET) {
        // SR Linux advertises the per-ES A-D route once per MAC-VRF on the segment, with that
        // MAC-VRF's RD and route targets (the document: `10.0.0.1:111 ... 4294967295`).
        const perEs = r.route;
        return evis.map(([rd, m]) => ({ route: { ...perEs, rd }, rts: this.engine.exportRts(m), singleActive: r.singleActive ?? false }));
      }
      const l: EvpnLocal = { route: r.route, rts: r.rts };
      if (r.route.type === 3) {
        const m = rdToVrf.get(r.route.rd);
        l.pmsiVni = m ? this.engine.vni(m) : r.route.tag;
      }
      return [l];
    });
    this.bgp().setEvpnLocal([...local, ...this.macRoutes()]);
    this.syncDf();
    if (bridge) this.syncBridge(bridge);
  }

  private syncDf(): void {
    const seen = new Set<string>();
    for (const s of this.engine.segments()) {
      for (const d of s.dfs) {
        const k = `${s.name}|${d.macVrf}`;
        seen.add(k);
        const had = this.lastDf.has(k);
        const before = this.lastDf.get(k);
        if (had && before === d.df) continue;
        this.lastDf.set(k, d.df);
        if (!had && d.df === undefined) continue;
        const c: DfChange = { segment: s.name, esi: s.esi, macVrf: d.macVrf, evi: d.evi, before, after: d.df, localDf: d.localDf, time: this.node.sched.now };
        for (const l of [...this.dfListeners]) l(c);
      }
    }
    for (const k of [...this.lastDf.keys()]) if (!seen.has(k)) this.lastDf.delete(k);
  }

  /** The subinterfaces of a MAC-VRF on segment interface `iface`. */
  private esSubs(macVrf: string, iface: string, rows: MacVrfRow[] | undefined): string[] {
    const on = (sub: string) => sub === iface || this.node.ifaces.get(sub)?.parent?.name === iface || sub.replace(/\.\d+$/, '') === iface;
    const row = rows?.find((r) => r.name === macVrf);
    if (row) return row.interfaces.filter(on);
    const i = this.node.ifaces.get(iface);
    const subs = i ? [...i.children.values()].map((c) => c.name) : [];
    for (const l of this.localMacs.values()) if (l.macVrf === macVrf && on(l.sub)) subs.push(l.sub);
    return [...new Set(subs)];
  }

  private syncBridge(b: BridgeLike): void {
    const rows = typeof b.macVrfRows === 'function' ? b.macVrfRows() : undefined;
    const want = new Map<string, { macVrf: string; mac: string; target: RemoteMacTarget; sticky: boolean }>();
    const wantFlood = new Map<string, string[]>();
    const wantDf = new Map<string, boolean>();
    const wantPeers = new Map<string, string[]>();
    const wantEsi = new Map<string, string>();
    const segs = this.engine.segments();
    for (const m of this.cfg.macVrfs.filter((x) => x.adminUp)) {
      // Remote MACs: per MAC the route with the highest mobility sequence, then one with an ESI.
      const byMac = new Map<string, { r: EvpnMacIp; target: RemoteMacTarget; seq: number; sticky: boolean }>();
      for (const x of this.engine.remoteMacs(m.macVrf)) {
        const p = [...this.rxPaths.values()].find((y) => y.route === x.route);
        const seq = p?.macMobility?.seq ?? 0;
        const sticky = p?.macMobility?.sticky ?? false;
        const hasEsi = x.route.esi !== ESI_ZERO;
        if (hasEsi && x.resolution.active.length === 0) continue; // no PE of the segment left
        const target: RemoteMacTarget = hasEsi ? { esi: x.route.esi, vteps: x.resolution.active } : { vtep: x.nextHop };
        const o = byMac.get(x.route.mac);
        if (!o || seq > o.seq || (seq === o.seq && hasEsi && !('esi' in o.target))) byMac.set(x.route.mac, { r: x.route, target, seq, sticky });
      }
      for (const [mac, v] of byMac) {
        if (this.localMacs.has(`${m.macVrf}|${mac}`)) continue; // learnt locally: the local entry wins
        want.set(`${m.macVrf}|${mac}`, { macVrf: m.macVrf, mac, target: v.target, sticky: v.sticky });
      }
      wantFlood.set(m.macVrf, this.engine.floodList(m.macVrf));
      for (const s of segs) {
        if (!s.iface) continue;
        const dfRow = s.dfs.find((d) => d.macVrf === m.macVrf);
        for (const sub of this.esSubs(m.macVrf, s.iface, rows)) {
          wantDf.set(`${m.macVrf}|${sub}`, !!dfRow?.localDf);
          if (s.operUp) wantEsi.set(sub, s.esi);
          wantPeers.set(sub, (dfRow?.candidates ?? []).filter((c) => c !== this.engine.localIp));
        }
      }
    }
    for (const k of [...this.installed.keys()]) {
      if (want.has(k)) continue;
      const [mv, mac] = k.split('|');
      b.withdrawRemoteMac(mv, mac);
      this.installed.delete(k);
    }
    for (const [k, w] of want) {
      const sig = JSON.stringify([w.target, w.sticky]);
      if (this.installed.get(k) === sig) continue;
      b.installRemoteMac(w.macVrf, w.mac, w.target, w.sticky ? { static: true } : undefined);
      this.installed.set(k, sig);
    }
    for (const [mv, list] of wantFlood) {
      const sig = JSON.stringify(list);
      if (this.floods.get(mv) === sig) continue;
      b.setFloodList(mv, list);
      this.floods.set(mv, sig);
    }
    for (const [k, isDf] of wantDf) {
      if (this.dfSet.get(k) === isDf) continue;
      const [mv, sub] = k.split('|');
      b.setDesignatedForwarder(mv, sub, isDf);
      this.dfSet.set(k, isDf);
    }
    for (const [sub, peers] of wantPeers) {
      const sig = JSON.stringify(peers);
      if (this.esPeers.get(sub) === sig) continue;
      b.setEsPeers(sub, peers);
      this.esPeers.set(sub, sig);
    }
    for (const sub of [...this.esPeers.keys()]) {
      if (wantPeers.has(sub)) continue;
      b.setEsPeers(sub, []);
      this.esPeers.delete(sub);
    }
    // A MAC behind a local segment's ESI is delivered on the local subinterface (bridge module's setLocalEsi).
    if (typeof b.setLocalEsi === 'function') {
      for (const [sub, esi] of wantEsi) {
        if (this.localEsi.get(sub) === esi) continue;
        b.setLocalEsi(sub, esi);
        this.localEsi.set(sub, esi);
      }
      for (const sub of [...this.localEsi.keys()]) {
        if (wantEsi.has(sub)) continue;
        b.setLocalEsi(sub, undefined);
        this.localEsi.delete(sub);
      }
    }
  }
}

function safeEsImport(esi: string): string | undefined {
  try {
    return esImportOf(esi);
  } catch {
    return undefined;
  }
}

function rxOf(p: EvpnPath): RxRoute {
  return { route: p.route, nextHop: fmtAddr(p.nextHop), rts: p.rts, singleActive: p.singleActive };
}

export const evpnModule: ProtocolModule<EvpnConfig, EvpnInstance> = {
  name: 'evpn',
  needs: ['bgp'],
  // 'bridge' and 'vxlan' are used when they run (deps.instance, looked up at each use); list them
  // in mayNeed once they are registered before this module in protocols/index.ts.
  create(node, cfg, deps) {
    return new EvpnInstance(node, cfg, deps);
  },
  update(inst, cfg) {
    inst.update(cfg);
  },
  stop(inst) {
    inst.stop();
  },
  show: {
    segments: (inst): SegmentRow[] => inst.segments(),
  },
};

/** An IPv4 address as a number (RFC 7432 s15.1's tie-break on the originator's address). */
function ipNum(a: string): number {
  const p = a.split('.').map(Number);
  return p.length === 4 && p.every((x) => Number.isInteger(x)) ? ((p[0] * 256 + p[1]) * 256 + p[2]) * 256 + p[3] : 0;
}
