/** A router (or host): interfaces, VRFs with their routing tables, and the IP stack. */
import type { Scheduler } from '../sim/scheduler';
import type { Random } from '../sim/random';
import { Afi, prefixOf, bits } from './addr';
import { Iface, IfKind } from './iface';
import { Rib, Route } from './rib';
import { IpStack } from './ip';
import { Neighbors } from './neighbors';
import { TcpStack } from './tcp';
import { Mpls } from './mpls';

export interface Vrf {
  name: string;
  rd?: string;
  /** Route targets (RFC 4364 section 4.3.1), e.g. "111:1". */
  importRt: string[];
  exportRt: string[];
  /** Virtual time the VRF was created. */
  created: number;
  rib: Record<Afi, Rib>;
}

export type IfaceListener = (iface: Iface) => void;

/**
 * A layer-2 claim on the frames a port receives, consulted (in the order added) before the IP
 * stack: LACP takes slow-protocol frames and a member's frames (re-entering them on the LAG with
 * `receiveFrame(lag, frame)`), a MAC-VRF takes the frames of its bridged subinterfaces. Returns
 * true when it consumed the frame.
 */
export type L2Hook = (port: Iface, frame: Buffer) => boolean;

export class Node {
  readonly ifaces = new Map<string, Iface>();
  readonly vrfs = new Map<string, Vrf>();
  readonly ip: IpStack;
  readonly neighbors: Neighbors;
  readonly tcp: TcpStack;
  readonly mpls: Mpls;
  hostname: string;
  private ifListeners: IfaceListener[] = [];
  private l2Hooks: L2Hook[] = [];
  private ifCount = 0;
  private refreshPending = false;
  /** Set while the node is powered off (restart). */
  down = false;
  /** Administrative state of a new interface: the dialect's default (freeRtr: up unless `shutdown`). */
  ifaceAdminDefault = false;
  /** `shutdown` on a port takes the carrier away from the far end (hardware ports: true). */
  shutdownDropsCarrier = true;

  constructor(
    readonly name: string,
    readonly index: number,
    readonly sched: Scheduler,
    readonly rng: Random,
  ) {
    this.hostname = name;
    this.vrf('');
    this.ip = new IpStack(this);
    this.neighbors = new Neighbors(this);
    this.tcp = new TcpStack(this);
    this.mpls = new Mpls(this);
  }

  /** Get or create a VRF ('' is the global table). */
  vrf(name: string): Vrf {
    let v = this.vrfs.get(name);
    if (!v) {
      v = { name, importRt: [], exportRt: [], created: this.sched.now, rib: { 4: new Rib(4), 6: new Rib(6) } };
      this.vrfs.set(name, v);
    }
    return v;
  }

  /** Create an interface; a subinterface `ethernet1.11` is created under its parent with VLAN 11. */
  addIface(name: string, kind: IfKind, parent?: Iface, vlan?: number): Iface {
    const existing = this.ifaces.get(name);
    if (existing) return existing;
    const mac = parent
      ? parent.mac
      : Buffer.from([0x02, 0x00, (this.index >> 8) & 255, this.index & 255, 0x00, ++this.ifCount & 255]);
    const i = new Iface(this, name, kind, mac, parent, vlan);
    i.adminUp = this.ifaceAdminDefault;
    this.ifaces.set(name, i);
    if (parent && vlan !== undefined) parent.children.set(vlan, i);
    return i;
  }

  removeIface(i: Iface): void {
    for (const c of [...i.children.values()]) this.removeIface(c);
    if (i.parent && i.vlan !== undefined) i.parent.children.delete(i.vlan);
    this.ifaces.delete(i.name);
    this.ifaceChanged(i);
  }

  onIfaceChange(l: IfaceListener): void {
    this.ifListeners.push(l);
  }

  /** Tell the node an interface changed (admin state, address, VRF, carrier). */
  ifaceChanged(i: Iface, fromPeer = false): void {
    this.neighbors.revalidate(i);
    for (const c of i.children.values()) this.neighbors.revalidate(c);
    this.refreshConnected();
    for (const l of this.ifListeners) l(i);
    for (const c of i.children.values()) for (const l of this.ifListeners) l(c);
    // The far end of a port sees the carrier follow this port's admin state (iface.ts linkUp).
    if (!fromPeer && this.shutdownDropsCarrier && i.kind === 'ethernet' && i.port === i && i.link) {
      const o = i.link.other(i);
      o.node.ifaceChanged(o, true);
    }
  }

  /** Recompute connected (C) and local (LOC) routes of every VRF from interface state. */
  refreshConnected(): void {
    const now = this.sched.now;
    for (const v of this.vrfs.values()) {
      for (const afi of [4, 6] as Afi[]) {
        const conn: Route[] = [];
        const local: Route[] = [];
        for (const i of this.ifaces.values()) {
          if (i.vrf !== v.name || !i.up || this.down) continue;
          const a = i.addrOf(afi);
          if (!a) continue;
          for (const s of afi === 4 ? i.v4Secondary : []) {
            conn.push({ prefix: prefixOf(s.addr, s.len), code: 'C', distance: 0, metric: 0, paths: [{ iface: i }], since: now, source: 'connected' });
            if (s.len < 32) local.push({ prefix: prefixOf(s.addr, 32), code: 'LOC', distance: 0, metric: 1, paths: [{ iface: i }], since: now, source: 'local' });
          }
          conn.push({ prefix: prefixOf(a.addr, a.len), code: 'C', distance: 0, metric: 0, paths: [{ iface: i }], since: now, source: 'connected' });
          if (a.len < bits(afi)) {
            local.push({ prefix: prefixOf(a.addr, bits(afi)), code: 'LOC', distance: 0, metric: 1, paths: [{ iface: i }], since: now, source: 'local' });
          }
        }
        v.rib[afi].setSource('connected', conn, now);
        v.rib[afi].setSource('local', local, now);
      }
    }
  }

  /** Coalesce many changes into one refresh at the current time. */
  scheduleRefresh(): void {
    if (this.refreshPending) return;
    this.refreshPending = true;
    this.sched.schedule(0, () => {
      this.refreshPending = false;
      this.refreshConnected();
    }, this.name);
  }

  receiveFrame(port: Iface, frame: Buffer): void {
    if (this.down) return;
    for (const h of this.l2Hooks) if (h(port, frame)) return;
    this.ip.receiveFrame(port, frame);
  }

  /** Add a layer-2 claim on received frames (L2Hook); the returned function removes it. */
  addL2Hook(h: L2Hook): () => void {
    this.l2Hooks.push(h);
    return () => {
      this.l2Hooks = this.l2Hooks.filter((x) => x !== h);
    };
  }

  /** Interfaces sorted as freeRtr lists them (loopbacks, then ethernet by number). */
  sortedIfaces(): Iface[] {
    return [...this.ifaces.values()].sort(compareIfaceNames);
  }
}

/** freeRtr lists loopbacks before ports, then by name and number. */
export function compareIfaceNames(a: Iface, b: Iface): number {
  const rank = (i: Iface) => (i.kind === 'loopback' ? 0 : 1);
  return rank(a) - rank(b) || compareNames(a.name, b.name);
}

/** Natural order: name stem, then each number (ethernet2 < ethernet10, ethernet1.11 < ethernet1.22). */
export function compareNames(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (x !== y) return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}
