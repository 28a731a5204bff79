/** Interfaces: Ethernet ports, 802.1Q subinterfaces and loopbacks. */
import type { Addr } from './addr';
import type { Link } from './link';
import type { Node } from './node';

export interface IfAddr {
  addr: Addr;
  len: number;
}

/**
 * `lag`: a link aggregate (SR Linux `lagN`, a Linux bond): it has no link of its own; the LACP
 * module gives it a `transmitter` (a flow hash over the distributing members) and a `carrier`
 * (enough members distributing), and hands the members' frames to it (Node.addL2Hook).
 */
export type IfKind = 'ethernet' | 'loopback' | 'lag';

export class Iface {
  adminUp = false;
  description = '';
  vrf = '';
  v4?: IfAddr;
  /** IPv4 secondary addresses (config/model.ts IfaceConfig.v4Secondary). */
  v4Secondary: IfAddr[] = [];
  v6?: IfAddr;
  link?: Link;
  /** Subinterfaces by VLAN id. */
  children = new Map<number, Iface>();
  txBytes = 0;
  rxBytes = 0;
  drops = 0;
  txPackets = 0;
  rxPackets = 0;
  /** Dialect-specific settings (e.g. freeRtr's `no log-link-change`). */
  extra = new Map<string, string>();
  /**
   * Extra unicast (and joined multicast) MAC addresses this port accepts besides its own, e.g. a
   * VRRP virtual MAC (RFC 5798 7.3): the software MAC address filter of IOS `show controllers`.
   * Keyed by lower-case hex; each entry counts its owners (a MAC added by several users stays
   * until the last one removes it) and the frames it let in.
   */
  /**
   * Holders keeping the line protocol down although the interface is admin up with carrier
   * (the VRRS interface-state plug-in, by name): `up` is false while any is set, and `no shutdown`
   * does not clear them.
   */
  protocolHolds = new Set<string>();
  macFilter = new Map<string, { mac: Buffer; owners: Set<string>; hits: number }>();
  /**
   * A logical port (a LAG) sends its frames through this instead of a link (IpStack.sendL2 and
   * the bridge call `Iface.send`). Set by the module that owns the port.
   */
  transmitter?: (frame: Buffer) => void;
  /** A logical port's carrier (a LAG: min-links members distributing); overrides the link's. */
  carrier?: () => boolean;
  /** This port is a member of that aggregate (its frames are the LAG's; it is not an IP interface). */
  memberOf?: Iface;

  constructor(
    readonly node: Node,
    readonly name: string,
    readonly kind: IfKind,
    readonly mac: Buffer,
    readonly parent?: Iface,
    readonly vlan?: number,
  ) {}

  /** The physical port this interface transmits on. */
  get port(): Iface {
    return this.parent ?? this;
  }

  get linkUp(): boolean {
    if (this.kind === 'loopback') return true;
    const p = this.port;
    if (p.carrier) return p.carrier();
    if (!p.link || !p.link.up) return false;
    // A port shut down at the far end turns its transmitter off: the carrier is lost here too
    // (IEEE 802.3 clause 28/40 link status), as the document's PE1 shows when CE1 shuts its port.
    // Routers whose ports are pseudo-wires (freeRtr over UDP) keep sending nothing but no carrier drops.
    const o = p.link.other(p);
    return o.adminUp || !o.node.shutdownDropsCarrier;
  }

  /** Operationally up: admin up, parent up, and carrier on the port. */
  get up(): boolean {
    if (!this.adminUp) return false;
    if (this.parent && !this.parent.adminUp) return false;
    if (this.protocolHolds.size > 0) return false;
    return this.linkUp;
  }

  /** freeRtr's `show interfaces summary` state word. */
  get stateWord(): 'up' | 'down' | 'admin' {
    if (!this.adminUp) return 'admin';
    return this.up ? 'up' : 'down';
  }

  /** Add `mac` to this port's filter on behalf of `owner` (idempotent per owner). */
  addMacFilter(mac: Buffer, owner: string): void {
    const k = mac.toString('hex');
    let e = this.macFilter.get(k);
    if (!e) {
      e = { mac: Buffer.from(mac), owners: new Set(), hits: 0 };
      this.macFilter.set(k, e);
    }
    e.owners.add(owner);
  }

  /** Remove `owner`'s use of `mac`; the entry goes when no owner is left. */
  removeMacFilter(mac: Buffer, owner: string): void {
    const k = mac.toString('hex');
    const e = this.macFilter.get(k);
    if (!e) return;
    e.owners.delete(owner);
    if (e.owners.size === 0) this.macFilter.delete(k);
  }

  /**
   * Put one whole frame on the wire of this port (a physical port's link, or a logical port's
   * transmitter), counting it. No checks of state: callers (IpStack.sendL2, the bridge, LACP) do those.
   */
  send(frame: Buffer): void {
    const port = this.port;
    if (port.transmitter) port.transmitter(frame);
    else port.link?.transmit(port, frame);
  }

  addrOf(afi: 4 | 6): IfAddr | undefined {
    return afi === 4 ? this.v4 : this.v6;
  }
}
