/** ARP (RFC 826) and IPv6 neighbour discovery (RFC 4861) address resolution, per interface. */
import { Addr, addrEq, contains, prefixOf, solicitedNode } from './addr';
import type { Iface } from './iface';
import type { Node } from './node';
import * as P from './packet';
import { SEC } from '../sim/scheduler';

interface Entry {
  addr: Addr;
  mac: Buffer;
  expires: number;
}

interface Pending {
  waiters: Array<(mac: Buffer | undefined) => void>;
  tries: number;
}

/** RFC 4861 10: RETRANS_TIMER 1 s, MAX_MULTICAST_SOLICIT 3; the same pacing is used for ARP. */
const RETRANS = 1 * SEC;
const MAX_SOLICIT = 3;
const REACHABLE = 4 * 3600 * SEC;

export class Neighbors {
  private cache = new Map<Iface, Map<string, Entry>>();
  private pending = new Map<Iface, Map<string, Pending>>();

  constructor(private node: Node) {}

  private key(a: Addr): string {
    return `${a.afi}:${a.v.toString(16)}`;
  }

  entries(i: Iface): Array<{ addr: string; mac: Buffer }> {
    const m = this.cache.get(i);
    if (!m) return [];
    return [...m.entries()].map(([k, e]) => ({ addr: k, mac: e.mac }));
  }

  /** The live entries of one family on `i`, with their addresses and expiry times (for show). */
  entriesOf(i: Iface, afi: 4 | 6): Array<{ addr: Addr; mac: Buffer; expires: number }> {
    const now = this.node.sched.now;
    return [...(this.cache.get(i)?.values() ?? [])]
      .filter((e) => e.addr.afi === afi && e.expires > now)
      .sort((a, b) => (a.addr.v < b.addr.v ? -1 : a.addr.v > b.addr.v ? 1 : 0))
      .map((e) => ({ addr: e.addr, mac: e.mac, expires: e.expires }));
  }

  flush(i: Iface): void {
    this.cache.delete(i);
    const p = this.pending.get(i);
    this.pending.delete(i);
    if (p) for (const x of p.values()) for (const w of x.waiters) w(undefined);
  }

  /**
   * An interface changed (admin state, carrier, address, VRF): keep what is still true. Down,
   * everything goes (and waiting resolutions fail); up, only entries no longer on one of its
   * subnets go, so an unrelated change (another subinterface, a description, a commit that
   * re-applies the same address) does not make the node ask again for what it just resolved.
   */
  revalidate(i: Iface): void {
    if (!i.up) {
      this.flush(i);
      return;
    }
    const m = this.cache.get(i);
    if (!m) return;
    for (const [k, e] of m) {
      const a = i.addrOf(e.addr.afi);
      const onLink = e.addr.afi === 6 ? a !== undefined || (e.addr.v >> 118n) === 0x3fan : a !== undefined && contains(prefixOf(a.addr, a.len), e.addr);
      if (!onLink) m.delete(k);
    }
  }

  learn(i: Iface, a: Addr, mac: Buffer): void {
    let m = this.cache.get(i);
    if (!m) {
      m = new Map();
      this.cache.set(i, m);
    }
    m.set(this.key(a), { addr: { afi: a.afi, v: a.v }, mac: Buffer.from(mac), expires: this.node.sched.now + REACHABLE });
    const p = this.pending.get(i)?.get(this.key(a));
    if (p) {
      this.pending.get(i)!.delete(this.key(a));
      for (const w of p.waiters) w(mac);
    }
  }

  /** Resolve `a` on `i`; the callback gets the MAC, or undefined after MAX_SOLICIT tries. */
  resolve(i: Iface, a: Addr, cb: (mac: Buffer | undefined) => void): void {
    const k = this.key(a);
    const e = this.cache.get(i)?.get(k);
    if (e && e.expires > this.node.sched.now) {
      cb(e.mac);
      return;
    }
    let pm = this.pending.get(i);
    if (!pm) {
      pm = new Map();
      this.pending.set(i, pm);
    }
    const p = pm.get(k);
    if (p) {
      p.waiters.push(cb);
      return;
    }
    const np: Pending = { waiters: [cb], tries: 0 };
    pm.set(k, np);
    const attempt = () => {
      if (pm!.get(k) !== np) return;
      if (np.tries >= MAX_SOLICIT || !i.up) {
        pm!.delete(k);
        for (const w of np.waiters) w(undefined);
        return;
      }
      np.tries++;
      this.solicit(i, a);
      this.node.sched.schedule(RETRANS, attempt, this.node.name);
    };
    attempt();
  }

  private solicit(i: Iface, a: Addr): void {
    if (a.afi === 4) {
      const src = i.v4?.addr ?? { afi: 4, v: 0n };
      const arp = P.encodeArp({ op: 1, sha: i.mac, spa: src, tha: Buffer.alloc(6), tpa: a });
      this.node.ip.sendL2(i, P.BROADCAST, P.ETH_ARP, arp);
      return;
    }
    const src = i.v6?.addr;
    if (!src) return;
    const dst = solicitedNode(a);
    const body = P.encodeNd('ns', a, i.mac);
    const icmp = P.encodeIcmp(src, dst, { type: P.ICMP6.NS, code: 0, body });
    const ip = P.encodeIp({ src, dst, proto: P.PROTO_ICMP6, ttl: 255, payload: icmp });
    this.node.ip.sendL2(i, P.multicastMac(dst), P.ETH_IPV6, ip);
  }

  /** Handle an ARP packet received on `i`. */
  onArp(i: Iface, arp: P.ArpPacket): void {
    const mine = i.v4 && (addrEq(i.v4.addr, arp.tpa) || i.v4Secondary.some((s) => addrEq(s.addr, arp.tpa)));
    if (arp.spa.v !== 0n && (mine || this.cache.get(i)?.has(this.key(arp.spa)))) this.learn(i, arp.spa, arp.sha);
    if (arp.op === 1 && mine) {
      const rep = P.encodeArp({ op: 2, sha: i.mac, spa: arp.tpa, tha: arp.sha, tpa: arp.spa });
      this.node.ip.sendL2(i, arp.sha, P.ETH_ARP, rep);
    }
  }

  /** Handle NS/NA (already decoded ICMPv6) received on `i`. */
  onNd(i: Iface, ip: P.IpPacket, m: P.IcmpMessage): void {
    const nd = P.decodeNd(m.body);
    if (!nd) return;
    if (m.type === P.ICMP6.NS) {
      if (!i.v6 || !addrEq(i.v6.addr, nd.target)) return;
      if (nd.mac) this.learn(i, ip.src, nd.mac);
      const body = P.encodeNd('na', i.v6.addr, i.mac, 0x60000000);
      const icmp = P.encodeIcmp(i.v6.addr, ip.src, { type: P.ICMP6.NA, code: 0, body });
      const out = P.encodeIp({ src: i.v6.addr, dst: ip.src, proto: P.PROTO_ICMP6, ttl: 255, payload: icmp });
      if (nd.mac) this.node.ip.sendL2(i, nd.mac, P.ETH_IPV6, out);
    } else if (m.type === P.ICMP6.NA && nd.mac) {
      this.learn(i, nd.target, nd.mac);
    }
  }
}
