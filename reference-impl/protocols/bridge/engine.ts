/**
 * MAC-VRF bridging (SR Linux `network-instance X { type mac-vrf }`): one bridge domain per
 * MAC-VRF over its subinterfaces and, when it has one, its vxlan-interface (protocols/vxlan).
 *
 * Subinterfaces: `X.0` untagged is the port X itself (an ethernet port or a LAG); `X.N` is the
 * node's tagged child interface of that name (its VLAN), else X's child with VLAN N, else (an
 * untagged subinterface N, as the SR Linux mapping makes it) the port itself. A layer-2
 * hook claims every frame that arrives on a bridged (port, VLAN); a LAG member's frames reach it
 * as the LAG's, re-entered by the LACP module.
 *
 * Forwarding: source MACs are learnt against the ingress subinterface (aging in virtual time,
 * `agingS` 0 = never); known unicast goes to its destination (a subinterface, a VTEP, or an ESI
 * resolved over its VTEPs by a flow hash); unknown unicast, broadcast and multicast go to every
 * other local subinterface and, by ingress replication, to each VTEP of the flood list. Frames
 * from VXLAN are never sent back to VXLAN and are not learnt (remote MACs come from EVPN,
 * installRemoteMac); their BUM copies skip non-DF subinterfaces (RFC 7432 8.5) and the
 * subinterfaces whose ES peers include the sending VTEP (local bias, RFC 8365 8.3.1).
 *
 * Remote MACs and locally learnt ones: a MAC learnt locally takes over from a remote entry
 * (mobility); a remote single-VTEP entry (a single-homed host elsewhere) replaces a learnt one;
 * a remote ESI entry does not (the MAC of a multihomed host that this node also sees locally,
 * the peer PE's advertisement of its own ES), and becomes active when the local one ages out.
 * Static (configured) and evpn-static entries are never replaced by learning. A remote ESI MAC
 * whose ESI is a local segment's (setLocalEsi) goes to that local subinterface while it is up.
 */
import type { Iface } from '../../net/iface';
import type { Node } from '../../net/node';
import * as P from '../../net/packet';
import type { EventHandle } from '../../sim/scheduler';
import { MS, SEC } from '../../sim/scheduler';
import type { MacTableRow, MacVrfRow } from '../l2-rows';
import { flowHash, setVxlanClient, type VxlanEngine } from '../vxlan/engine';
import type {
  BridgeApi,
  BridgeConfig,
  BridgeEvents,
  MacDestination,
  MacEntry,
  MacEntryType,
  MacVrfConfig,
  RemoteMacTarget,
} from './config';

/** Per-subinterface frame counters of a bridge domain. */
export interface BridgePortCounters {
  rxFrames: number;
  rxBytes: number;
  txFrames: number;
  txBytes: number;
  /** Frames dropped on this subinterface: down, split horizon filtered, DF or local-bias blocked. */
  drops: number;
  /** BUM copies withheld from this subinterface by the non-DF rule or local bias. */
  bumBlocked: number;
}

/** A subinterface resolved onto the node: the port frames go in and out of, and its VLAN. */
interface Resolved {
  name: string;
  /** The node interface whose state gates it (the tagged child, or the port). */
  iface: Iface;
  port: Iface;
  vlan?: number;
}

interface Learnt {
  sub: string;
  time: number;
  timer?: EventHandle;
}

interface Remote {
  target: RemoteMacTarget;
  static: boolean;
  time: number;
}

/** EVPN-given state of a MAC-VRF; kept across configuration changes (EVPN may set it first). */
interface EvpnState {
  remote: Map<string, Remote>;
  flood: string[];
  nonDf: Set<string>;
}

interface Domain {
  cfg: MacVrfConfig;
  learnt: Map<string, Learnt>;
  statics: Map<string, { sub: string; time: number }>;
  counters: Map<string, BridgePortCounters>;
  /** Frames dropped for want of a destination (VXLAN absent, unknown VTEP). */
  drops: number;
}

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function normMac(m: string): string {
  return m.trim().toLowerCase().replace(/-/g, ':');
}

function macStr(b: Buffer): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** IEEE 802.1D reserved group addresses 01:80:c2:00:00:0x are never bridged (LACP, STP, LLDP). */
function reserved(dst: Buffer): boolean {
  return dst[0] === 0x01 && dst[1] === 0x80 && dst[2] === 0xc2 && dst[3] === 0 && dst[4] === 0 && (dst[5] & 0xf0) === 0;
}

export class BridgeEngine implements BridgeApi {
  /** Lines naming configuration the last update refused. */
  errors: string[] = [];
  private domains = new Map<string, Domain>();
  private evpn = new Map<string, EvpnState>();
  private esPeers = new Map<string, Set<string>>();
  private localEsi = new Map<string, string>();
  private subs = new Set<BridgeEvents>();
  private destIdx = new Map<string, number>();
  private nextSubIdx = 1;
  private unhook: () => void;
  private stopped = false;

  constructor(
    readonly node: Node,
    cfg: BridgeConfig,
    private vxlan: () => VxlanEngine | undefined,
  ) {
    this.update(cfg);
    this.unhook = node.addL2Hook((port, frame) => this.hook(port, frame));
    // A subinterface going down flushes the MACs learnt on it (EVPN withdraws their routes).
    node.onIfaceChange(() => {
      if (!this.stopped) this.flushDown();
    });
    setVxlanClient(node, {
      receive: (ifName, _vni, vtep, frame) => this.fromVxlan(ifName, vtep, frame),
      floodList: (ifName) => {
        for (const d of this.domains.values()) if (d.cfg.vxlanInterface === ifName) return [...this.ev(d.cfg.name).flood];
        return [];
      },
    });
  }

  stop(): void {
    this.stopped = true;
    this.unhook();
    setVxlanClient(this.node, undefined);
    for (const d of this.domains.values()) for (const l of d.learnt.values()) l.timer?.cancel();
    this.domains.clear();
  }

  // ---- configuration ----

  update(cfg: BridgeConfig): void {
    this.errors = [];
    const seen = new Map<string, string>();
    const next = new Map<string, MacVrfConfig>();
    for (const m of cfg.macVrfs) {
      if (next.has(m.name)) {
        this.errors.push(`mac-vrf ${m.name}: defined twice`);
        continue;
      }
      if (!Number.isInteger(m.agingS) || m.agingS < 0) {
        this.errors.push(`mac-vrf ${m.name}: aging ${m.agingS} is not a whole number of seconds`);
        continue;
      }
      const ifs: string[] = [];
      for (const s of m.interfaces) {
        const o = seen.get(s);
        if (o) this.errors.push(`mac-vrf ${m.name}: ${s} is already in mac-vrf ${o}`);
        else {
          seen.set(s, m.name);
          ifs.push(s);
        }
      }
      next.set(m.name, { ...m, interfaces: ifs });
    }
    for (const [name, d] of this.domains) {
      if (next.has(name)) continue;
      for (const [mac, l] of d.learnt) {
        l.timer?.cancel();
        this.emitAged(name, mac);
      }
      this.domains.delete(name);
    }
    const now = this.node.sched.now;
    for (const [name, m] of next) {
      let d = this.domains.get(name);
      if (!d) {
        d = { cfg: m, learnt: new Map(), statics: new Map(), counters: new Map(), drops: 0 };
        this.domains.set(name, d);
      }
      d.cfg = m;
      const members = new Set(m.interfaces);
      for (const [mac, l] of [...d.learnt]) {
        if (members.has(l.sub) && m.learning) continue;
        this.dropLearnt(d, mac);
      }
      for (const k of [...d.counters.keys()]) if (!members.has(k)) d.counters.delete(k);
      const statics = new Map<string, { sub: string; time: number }>();
      for (const s of m.staticMacs ?? []) {
        const mac = normMac(s.mac);
        if (!MAC_RE.test(mac)) {
          this.errors.push(`mac-vrf ${name}: static mac '${s.mac}' is not a MAC address`);
          continue;
        }
        if (!members.has(s.destination)) {
          this.errors.push(`mac-vrf ${name}: static mac ${mac}: ${s.destination} is not an interface of the mac-vrf`);
          continue;
        }
        const old = d.statics.get(mac);
        statics.set(mac, old && old.sub === s.destination ? old : { sub: s.destination, time: now });
        if (d.learnt.has(mac)) this.dropLearnt(d, mac);
      }
      d.statics = statics;
      // A changed aging time applies to the entries already learnt.
      for (const mac of d.learnt.keys()) this.armAging(d, mac);
    }
  }

  private ev(macVrf: string): EvpnState {
    let e = this.evpn.get(macVrf);
    if (!e) {
      e = { remote: new Map(), flood: [], nonDf: new Set() };
      this.evpn.set(macVrf, e);
    }
    return e;
  }

  // ---- BridgeApi ----

  installRemoteMac(macVrf: string, mac: string, target: RemoteMacTarget, opts?: { static?: boolean }): void {
    const m = normMac(mac);
    const e = this.ev(macVrf);
    const t: RemoteMacTarget = 'vtep' in target ? { vtep: target.vtep } : { esi: target.esi.toLowerCase(), vteps: [...target.vteps] };
    const old = e.remote.get(m);
    const same = old && old.static === !!opts?.static && JSON.stringify(old.target) === JSON.stringify(t);
    e.remote.set(m, { target: t, static: !!opts?.static, time: same ? old.time : this.node.sched.now });
    const d = this.domains.get(macVrf);
    // A host now behind another single VTEP (or pinned there) has moved away from here.
    if (d && d.learnt.has(m) && ('vtep' in t || opts?.static)) {
      this.dropLearnt(d, m);
    }
  }

  withdrawRemoteMac(macVrf: string, mac: string): void {
    this.ev(macVrf).remote.delete(normMac(mac));
  }

  setFloodList(macVrf: string, vteps: string[]): void {
    this.ev(macVrf).flood = [...new Set(vteps)];
  }

  setDesignatedForwarder(macVrf: string, subinterface: string, isDf: boolean): void {
    const e = this.ev(macVrf);
    if (isDf) e.nonDf.delete(subinterface);
    else e.nonDf.add(subinterface);
  }

  setEsPeers(subinterface: string, peerVteps: string[]): void {
    if (peerVteps.length === 0) this.esPeers.delete(subinterface);
    else this.esPeers.set(subinterface, new Set(peerVteps));
  }

  setLocalEsi(subinterface: string, esi: string | undefined): void {
    if (esi === undefined) this.localEsi.delete(subinterface);
    else this.localEsi.set(subinterface, esi.toLowerCase());
  }

  macTable(macVrf: string): MacEntry[] {
    return this.entries(macVrf).map((x) => ({ mac: x.mac, type: x.type, destination: x.destination, lastUpdateMs: Math.floor(x.time / MS) }));
  }

  subscribe(events: BridgeEvents): () => void {
    this.subs.add(events);
    return () => {
      this.subs.delete(events);
    };
  }

  // ---- state ----

  /** The active entry of each MAC: static, evpn-static, learnt, then evpn. */
  private active(d: Domain, mac: string): { type: MacEntryType; destination: MacDestination; time: number } | undefined {
    const s = d.statics.get(mac);
    if (s) return { type: 'static', destination: { kind: 'subinterface', name: s.sub }, time: s.time };
    const r = this.ev(d.cfg.name).remote.get(mac);
    if (r?.static) return { type: 'evpn-static', destination: this.remoteDest(d, r), time: r.time };
    const l = d.learnt.get(mac);
    if (l) return { type: 'learnt', destination: { kind: 'subinterface', name: l.sub }, time: l.time };
    if (r) return { type: 'evpn', destination: this.remoteDest(d, r), time: r.time };
    return undefined;
  }

  private remoteDest(d: Domain, r: Remote): MacDestination {
    if ('vtep' in r.target) return { kind: 'vtep', vtep: r.target.vtep, vni: this.vni(d) ?? 0 };
    return { kind: 'esi', esi: r.target.esi, vteps: [...r.target.vteps] };
  }

  private vni(d: Domain): number | undefined {
    return d.cfg.vxlanInterface ? this.vxlan()?.iface(d.cfg.vxlanInterface)?.vni : undefined;
  }

  private entries(macVrf: string): Array<{ mac: string; type: MacEntryType; destination: MacDestination; time: number }> {
    const d = this.domains.get(macVrf);
    if (!d) return [];
    const macs = new Set([...d.statics.keys(), ...d.learnt.keys(), ...this.ev(macVrf).remote.keys()]);
    const out = [];
    for (const mac of [...macs].sort()) {
      const a = this.active(d, mac);
      if (a) out.push({ mac, ...a });
    }
    return out;
  }

  private emitLearned(macVrf: string, mac: string, sub: string): void {
    for (const s of [...this.subs]) s.onLocalMacLearned(macVrf, mac, sub);
  }

  private emitAged(macVrf: string, mac: string): void {
    for (const s of [...this.subs]) s.onLocalMacAged(macVrf, mac);
  }

  private dropLearnt(d: Domain, mac: string): void {
    const l = d.learnt.get(mac);
    if (!l) return;
    l.timer?.cancel();
    d.learnt.delete(mac);
    this.emitAged(d.cfg.name, mac);
  }

  private armAging(d: Domain, mac: string): void {
    const l = d.learnt.get(mac);
    if (!l) return;
    l.timer?.cancel();
    l.timer = undefined;
    if (d.cfg.agingS === 0) return;
    l.timer = this.node.sched.at(l.time + d.cfg.agingS * SEC, () => {
      l.timer = undefined;
      if (d.learnt.get(mac) !== l) return;
      if (this.node.sched.now >= l.time + d.cfg.agingS * SEC) this.dropLearnt(d, mac);
      else this.armAging(d, mac);
    }, this.node.name);
  }

  private learn(d: Domain, mac: string, sub: string): void {
    if (!d.cfg.learning || d.statics.has(mac) || this.ev(d.cfg.name).remote.get(mac)?.static) return;
    const now = this.node.sched.now;
    const l = d.learnt.get(mac);
    if (l && l.sub === sub) {
      // Refresh: the aging timer re-arms itself when it fires early.
      l.time = now;
      if (!l.timer) this.armAging(d, mac);
      return;
    }
    l?.timer?.cancel();
    d.learnt.set(mac, { sub, time: now });
    this.armAging(d, mac);
    this.emitLearned(d.cfg.name, mac, sub);
  }

  /** Drop the learnt entries whose subinterface is down or gone. */
  private flushDown(): void {
    for (const d of this.domains.values()) {
      for (const [mac, l] of [...d.learnt]) {
        const r = this.resolve(l.sub);
        if (!r || !r.iface.up) this.dropLearnt(d, mac);
      }
    }
  }

  // ---- ports ----

  /** Resolve a subinterface name onto the node (undefined when its port does not exist). */
  private resolve(name: string): Resolved | undefined {
    const own = this.node.ifaces.get(name);
    // A child on VLAN 0 is the untagged port (802.1Q priority tag: no VLAN).
    if (own?.parent) return { name, iface: own, port: own.parent, vlan: own.vlan || undefined };
    const m = /^(.*)\.(\d+)$/.exec(name);
    const base = m ? m[1] : name;
    const idx = m ? Number(m[2]) : 0;
    const port = this.node.ifaces.get(base);
    if (!port || port.kind === 'loopback') return own && !m ? { name, iface: own, port: own } : undefined;
    // SR Linux subinterface N single-tagged with vlan-id V is the node's child `X.N` (above); an
    // untagged or routed subinterface N is the port itself. Without a child of that name, X's child
    // with VLAN N (if there is one) is taken.
    const child = idx === 0 ? undefined : port.children.get(idx);
    if (child) return { name, iface: child, port, vlan: idx };
    return { name, iface: port, port };
  }

  private counters(d: Domain, sub: string): BridgePortCounters {
    let c = d.counters.get(sub);
    if (!c) {
      c = { rxFrames: 0, rxBytes: 0, txFrames: 0, txBytes: 0, drops: 0, bumBlocked: 0 };
      d.counters.set(sub, c);
    }
    return c;
  }

  /** Per-subinterface counters of a MAC-VRF (a copy). */
  portCounters(macVrf: string): Record<string, BridgePortCounters> {
    const d = this.domains.get(macVrf);
    const out: Record<string, BridgePortCounters> = {};
    if (!d) return out;
    for (const s of d.cfg.interfaces) out[s] = { ...this.counters(d, s) };
    return out;
  }

  private hook(port: Iface, frame: Buffer): boolean {
    if (port.memberOf) return false;
    const f = P.decodeEth(frame);
    if (!f || reserved(f.dst)) return false;
    for (const d of this.domains.values()) {
      for (const s of d.cfg.interfaces) {
        const r = this.resolve(s);
        if (!r || r.port !== port || r.vlan !== (f.vlan || undefined)) continue;
        this.fromLocal(d, r, f, frame.length);
        return true;
      }
    }
    return false;
  }

  private fromLocal(d: Domain, r: Resolved, f: P.EthFrame, len: number): void {
    const c = this.counters(d, r.name);
    if (!r.iface.up) {
      c.drops++;
      r.port.drops++;
      return;
    }
    c.rxFrames++;
    c.rxBytes += len;
    r.iface.rxPackets++;
    r.iface.rxBytes += len;
    if (r.iface !== r.port) {
      r.port.rxPackets++;
      r.port.rxBytes += len;
    }
    const inner = P.encodeEth({ dst: f.dst, src: f.src, type: f.type, payload: f.payload });
    const src = macStr(f.src);
    if ((f.src[0] & 1) === 0 && !/^(00:){5}00$/.test(src)) this.learn(d, src, r.name);
    const bum = (f.dst[0] & 1) === 1;
    const a = bum ? undefined : this.active(d, macStr(f.dst));
    if (a) {
      const dst = a.destination;
      const local = dst.kind === 'subinterface' ? dst.name : this.localEs(d, dst);
      if (local !== undefined) {
        if (local === r.name) {
          c.drops++;
          return;
        }
        this.toLocal(d, local, inner);
        return;
      }
      const vtep = this.pickVtep(dst, inner);
      if (vtep) {
        this.toVxlan(d, vtep, inner);
        return;
      }
    }
    // Unknown unicast, broadcast, multicast: every other local subinterface, then ingress replication.
    for (const s of d.cfg.interfaces) if (s !== r.name) this.toLocal(d, s, inner);
    for (const v of this.ev(d.cfg.name).flood) this.toVxlan(d, v, inner);
  }

  /** The up local subinterface of `d` on the ESI of an ESI destination, if any. */
  private localEs(d: Domain, dst: MacDestination): string | undefined {
    if (dst.kind !== 'esi') return undefined;
    for (const s of d.cfg.interfaces) if (this.localEsi.get(s) === dst.esi && this.resolve(s)?.iface.up) return s;
    return undefined;
  }

  private pickVtep(dst: MacDestination, inner: Buffer): string | undefined {
    if (dst.kind === 'vtep') return dst.vtep;
    if (dst.kind !== 'esi' || dst.vteps.length === 0) return undefined;
    return dst.vteps[flowHash(inner) % dst.vteps.length];
  }

  private fromVxlan(ifName: string, vtep: string, inner: Buffer): void {
    let d: Domain | undefined;
    for (const x of this.domains.values()) if (x.cfg.vxlanInterface === ifName) d = x;
    const f = P.decodeEth(inner);
    if (!d || !f) return;
    const frame = f.vlan === undefined ? inner : P.encodeEth({ dst: f.dst, src: f.src, type: f.type, payload: f.payload });
    const bum = (f.dst[0] & 1) === 1;
    const a = bum ? undefined : this.active(d, macStr(f.dst));
    if (a) {
      // Known unicast: to its local subinterface; never back into VXLAN.
      const local = a.destination.kind === 'subinterface' ? a.destination.name : this.localEs(d, a.destination);
      if (local !== undefined) this.toLocal(d, local, frame);
      else if (this.pickVtep(a.destination, frame)) d.drops++;
      else this.floodFromVxlan(d, vtep, frame);
      return;
    }
    this.floodFromVxlan(d, vtep, frame);
  }

  private floodFromVxlan(d: Domain, vtep: string, frame: Buffer): void {
    const e = this.ev(d.cfg.name);
    for (const s of d.cfg.interfaces) {
      if (e.nonDf.has(s) || this.esPeers.get(s)?.has(vtep)) {
        this.counters(d, s).bumBlocked++;
        continue;
      }
      this.toLocal(d, s, frame);
    }
  }

  private toLocal(d: Domain, sub: string, inner: Buffer): void {
    const c = this.counters(d, sub);
    const r = this.resolve(sub);
    if (!r || !r.iface.up) {
      c.drops++;
      return;
    }
    const frame = r.vlan === undefined ? inner : P.encodeEth({ ...P.decodeEth(inner)!, vlan: r.vlan });
    c.txFrames++;
    c.txBytes += frame.length;
    r.iface.txPackets++;
    r.iface.txBytes += frame.length;
    if (r.iface !== r.port) {
      r.port.txPackets++;
      r.port.txBytes += frame.length;
    }
    r.port.send(frame);
  }

  private toVxlan(d: Domain, vtep: string, inner: Buffer): void {
    const vx = this.vxlan();
    if (!d.cfg.vxlanInterface || !vx || !vx.send(d.cfg.vxlanInterface, vtep, inner)) d.drops++;
  }

  // ---- show ----

  /** A stable index per destination: subinterfaces numbered in first-seen order, VTEPs and ESIs by hash. */
  private destIndex(dst: MacDestination): number {
    const key = dst.kind === 'subinterface' ? `s:${dst.name}` : dst.kind === 'vtep' ? `v:${dst.vtep}:${dst.vni}` : `e:${dst.esi}`;
    let n = this.destIdx.get(key);
    if (n === undefined) {
      if (dst.kind === 'subinterface') n = this.nextSubIdx++;
      else {
        let h = 0x811c9dc5;
        for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
        // Ten digits, as SR Linux prints for VXLAN destinations.
        n = 1_000_000_000 + (h % 8_999_999_999);
      }
      this.destIdx.set(key, n);
    }
    return n;
  }

  private destActive(dst: MacDestination): boolean {
    if (dst.kind === 'subinterface') return !!this.resolve(dst.name)?.iface.up;
    if (dst.kind === 'vtep') return !!this.vxlan();
    if ([...this.localEsi].some(([s, e]) => e === dst.esi && this.resolve(s)?.iface.up)) return true;
    return dst.vteps.length > 0 && !!this.vxlan();
  }

  macVrfRows(): MacVrfRow[] {
    return [...this.domains.values()].map((d) => ({
      name: d.cfg.name,
      operUp: d.cfg.interfaces.some((s) => !!this.resolve(s)?.iface.up) || (!!d.cfg.vxlanInterface && !!this.vxlan()?.iface(d.cfg.vxlanInterface)),
      interfaces: [...d.cfg.interfaces],
      vxlanInterface: d.cfg.vxlanInterface,
      agingS: d.cfg.agingS,
      learning: d.cfg.learning,
    }));
  }

  macTableRows(): MacTableRow[] {
    const out: MacTableRow[] = [];
    for (const name of this.domains.keys()) {
      const d = this.domains.get(name)!;
      for (const e of this.entries(name)) {
        out.push({
          macVrf: name,
          mac: e.mac,
          type: e.type,
          destination: e.destination,
          destIndex: this.destIndex(e.destination),
          active: this.destActive(e.destination),
          agingS: e.type === 'learnt' ? d.cfg.agingS : undefined,
          lastUpdate: e.time,
        });
      }
    }
    return out;
  }
}
