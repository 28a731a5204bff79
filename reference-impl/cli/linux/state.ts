/**
 * A Linux host's network devices as the kernel keeps them (what `ip link` and `ip addr` change
 * and print), and their mapping onto the neutral node configuration (config/model.ts): a bond in
 * mode 802.3ad is a `lag` interface with a `lacp` section, a VRF device (`type vrf table N`) is a
 * node VRF and `master vrf-1` puts an interface in it.
 */
import type { Node } from '../../net/node';
import { newIfaceConfig, newNodeConfig, newVrfConfig, type NodeConfig } from '../../config/model';
import type { LacpConfig } from '../../protocols/lacp/config';

export type LinkType = 'loopback' | 'ether' | 'bond' | 'vrf';

export interface HostAddr {
  afi: 4 | 6;
  addr: string;
  len: number;
}

export interface HostLink {
  name: string;
  index: number;
  type: LinkType;
  mac: Buffer;
  /** The MAC before a bond took the port over (restored by nomaster). */
  permMac?: Buffer;
  /** Bond: its MAC was set by the user (else it takes its first slave's). */
  macSet?: boolean;
  adminUp: boolean;
  everUp: boolean;
  mtu: number;
  master?: string;
  /** VRF device: its routing table. */
  table?: number;
  addrs: HostAddr[];
}

/** veth ports report 10000 Mb/s full duplex (drivers/net/veth.c veth_get_link_ksettings). */
export const VETH_SPEED_MBPS = 10000;

/**
 * The operational key Linux gives an 802.3ad port (drivers/net/bonding/bond_3ad.c,
 * ad_update_actor_keys): user key (ad_user_port_key, default 0) in bits 15..6, the speed enum
 * (enum ad_link_speed_type: 1 Mb/s = 1, 10 = 2, 100 = 3, 1000 = 4, 2500 = 5, 5000 = 6,
 * 10000 = 7, 14000 = 8, 20000 = 9, 25000 = 10, 40000 = 11, 50000 = 12, 56000 = 13,
 * 100000 = 14, 200000 = 15, 400000 = 16) in bits 5..1, full duplex in bit 0.
 */
export function bond3adKey(speedMbps: number, fullDuplex: boolean, userKey = 0): number {
  const speeds = [1, 10, 100, 1000, 2500, 5000, 10000, 14000, 20000, 25000, 40000, 50000, 56000, 100000, 200000, 400000];
  const i = speeds.indexOf(speedMbps);
  const speed = i < 0 ? 0 : i + 1;
  return ((userKey & 0x3ff) << 6) | ((speed & 0x1f) << 1) | (fullDuplex ? 1 : 0);
}

/** Linux's default actor system priority for a bond (ad_actor_sys_prio). */
export const BOND_SYS_PRIO = 65535;

export function macStr(m: Buffer): string {
  return [...m].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export function parseMac(s: string): Buffer | undefined {
  const m = /^([0-9a-f]{1,2})(?::([0-9a-f]{1,2})){5}$/i.test(s) ? s.split(':') : undefined;
  return m ? Buffer.from(m.map((x) => parseInt(x, 16))) : undefined;
}

export class HostState {
  readonly links = new Map<string, HostLink>();
  private nextIndex = 1;

  constructor(private readonly node: Node) {
    this.add({ name: 'lo', type: 'loopback', mac: Buffer.alloc(6), adminUp: true, everUp: true, mtu: 65536, addrs: [{ afi: 4, addr: '127.0.0.1', len: 8 }] });
  }

  add(l: Omit<HostLink, 'index'>): HostLink {
    const link: HostLink = { ...l, index: this.nextIndex++ };
    this.links.set(link.name, link);
    return link;
  }

  /** Ports the lab wired to this node since the last look (containerlab brings veths up, MTU 9500). */
  discover(): void {
    for (const i of this.node.ifaces.values()) {
      if (i.kind !== 'ethernet' || i.parent || this.links.has(i.name)) continue;
      this.add({ name: i.name, type: 'ether', mac: Buffer.from(i.mac), adminUp: true, everUp: true, mtu: 9500, addrs: [] });
    }
  }

  sorted(): HostLink[] {
    return [...this.links.values()].sort((a, b) => a.index - b.index);
  }

  /** The VRF name of a link (its master, when that is a VRF device), '' for the main table. */
  vrfOf(l: HostLink): string {
    const m = l.master ? this.links.get(l.master) : undefined;
    return m?.type === 'vrf' ? m.name : '';
  }

  vrfByTable(table: number): HostLink | undefined {
    return [...this.links.values()].find((l) => l.type === 'vrf' && l.table === table);
  }

  slaves(master: string): HostLink[] {
    return this.sorted().filter((l) => l.master === master);
  }

  /** The neutral configuration of this host; `lacp`: whether the lacp module is registered. */
  toNodeConfig(hostname: string, lacp: boolean): NodeConfig {
    const c = newNodeConfig(hostname);
    const lags: LacpConfig['lags'] = [];
    for (const l of this.sorted()) {
      if (l.type === 'vrf') {
        c.vrfs.set(l.name, newVrfConfig(l.name));
        continue;
      }
      const ic = newIfaceConfig(l.name, l.type === 'loopback' ? 'loopback' : l.type === 'bond' ? 'lag' : 'ethernet', l.adminUp);
      const master = l.master ? this.links.get(l.master) : undefined;
      // A bond's slave carries no addresses of its own: its frames are the bond's.
      if (master?.type !== 'bond') {
        ic.vrf = this.vrfOf(l);
        const v4 = l.addrs.find((a) => a.afi === 4);
        const v6 = l.addrs.find((a) => a.afi === 6);
        if (v4) ic.v4 = { addr: v4.addr, len: v4.len };
        if (v6) ic.v6 = { addr: v6.addr, len: v6.len };
      }
      c.ifaces.set(l.name, ic);
      if (l.type === 'bond') {
        lags.push({
          lag: l.name,
          members: this.slaves(l.name).map((s) => s.name),
          mode: 'active',
          // lacp_rate slow is Linux's default.
          interval: 'slow',
          systemId: macStr(l.mac),
          systemPriority: BOND_SYS_PRIO,
          adminKey: bond3adKey(VETH_SPEED_MBPS, true),
          // xmit_hash_policy layer2 is Linux's default.
          hashPolicy: 'layer2',
        });
      }
    }
    if (lacp && lags.length) c.protocols.set('lacp', { lags } satisfies LacpConfig);
    return c;
  }
}
