/**
 * The IP stack of a node: frame demux, local delivery (UDP, ICMP, and a registry of other
 * transport protocols such as TCP), forwarding with ECMP (per flow or per packet), ICMP errors,
 * and the MPLS data plane (label push on labelled paths, LFIB pop/swap on 0x8847 frames).
 */
import { Addr, Afi, addrEq, isMulticast, xorHash } from './addr';
import { mplsInput } from './mpls-fwd';
import type { Iface } from './iface';
import type { Node } from './node';
import type { Path } from './rib';
import * as P from './packet';

export type UdpHandler = (iface: Iface, ip: P.IpPacket, udp: P.UdpDatagram) => void;
export type IcmpHandler = (iface: Iface | undefined, ip: P.IpPacket, m: P.IcmpMessage) => void;

/** A transport protocol's receive hook; `vrf` is the table the packet was delivered in. */
export type ProtoHandler = (ip: P.IpPacket, ctx: { iface?: Iface; vrf: string }) => void;

/**
 * An ARP hook sees each ARP packet received on `iface` before the neighbour cache does and
 * returns true when it answered it (a VRRP master for its virtual address, RFC 5798 6.4.3).
 */
export type ArpHook = (iface: Iface, arp: P.ArpPacket) => boolean;

/** Extra local addresses of a VRF (a VRRP master's virtual address in accept mode, RFC 5798 6.4.3). */
export type LocalAddrHook = (vrf: string, a: Addr) => boolean;

/** An ND hook sees NS/NA before the neighbour cache and returns true when it answered (RFC 5798 6.4.3). */
export type NdHook = (iface: Iface, ip: P.IpPacket, m: P.IcmpMessage) => boolean;

export interface SendOpts {
  /** Send out of this interface (link-local multicast, or a forced egress). */
  iface?: Iface;
  vrf?: string;
}

export class IpStack {
  private udp = new Map<number, UdpHandler[]>();
  private icmpHandlers: IcmpHandler[] = [];
  private protos = new Map<number, ProtoHandler[]>();
  private arpHooks: ArpHook[] = [];
  private localHooks: LocalAddrHook[] = [];
  private ndHooks: NdHook[] = [];
  private ident = 0;
  /** Round-robin position per ECMP path set (per-packet load balancing). */
  private rr = new WeakMap<Path[], number>();
  forwarded = 0;
  dropped = 0;
  /** ECMP: 'flow' hashes source and destination; 'packet' round-robins (VRP `load-balance packet all`). */
  loadBalance: 'flow' | 'packet' = 'flow';

  constructor(private node: Node) {}

  listenUdp(port: number, h: UdpHandler): () => void {
    const l = this.udp.get(port) ?? [];
    l.push(h);
    this.udp.set(port, l);
    return () => {
      const a = this.udp.get(port) ?? [];
      this.udp.set(port, a.filter((x) => x !== h));
    };
  }

  onIcmp(h: IcmpHandler): () => void {
    this.icmpHandlers.push(h);
    return () => {
      this.icmpHandlers = this.icmpHandlers.filter((x) => x !== h);
    };
  }

  /** Deliver packets of IP protocol `proto` (e.g. 6 for TCP) to `h`; returns an unregister function. */
  registerProto(proto: number, h: ProtoHandler): () => void {
    const l = this.protos.get(proto) ?? [];
    l.push(h);
    this.protos.set(proto, l);
    return () => {
      this.protos.set(proto, (this.protos.get(proto) ?? []).filter((x) => x !== h));
    };
  }

  onArp(h: ArpHook): () => void {
    this.arpHooks.push(h);
    return () => {
      this.arpHooks = this.arpHooks.filter((x) => x !== h);
    };
  }

  onNd(h: NdHook): () => void {
    this.ndHooks.push(h);
    return () => {
      this.ndHooks = this.ndHooks.filter((x) => x !== h);
    };
  }

  addLocalAddrHook(h: LocalAddrHook): () => void {
    this.localHooks.push(h);
    return () => {
      this.localHooks = this.localHooks.filter((x) => x !== h);
    };
  }

  nextIdent(): number {
    this.ident = (this.ident + 1) & 0xffff;
    return this.ident;
  }

  // ---- layer 2 ----
  receiveFrame(port: Iface, frame: Buffer): void {
    const f = P.decodeEth(frame);
    if (!f) return;
    const i = f.vlan !== undefined ? port.children.get(f.vlan) : port;
    if (!i || !i.up) {
      port.drops++;
      return;
    }
    const filtered = (f.dst[0] & 1) === 0 && !f.dst.equals(i.mac) ? port.macFilter.get(f.dst.toString('hex')) : undefined;
    const toMe = f.dst.equals(i.mac) || (f.dst[0] & 1) === 1 || !!filtered;
    if (!toMe) return;
    if (filtered) filtered.hits++;
    i.rxBytes += frame.length;
    i.rxPackets++;
    if (i !== port) {
      port.rxBytes += frame.length;
      port.rxPackets++;
    }
    if (f.type === P.ETH_ARP) {
      const a = P.decodeArp(f.payload);
      if (!a) return;
      for (const h of this.arpHooks) if (h(i, a)) return;
      this.node.neighbors.onArp(i, a);
      return;
    }
    if (f.type === P.ETH_MPLS) {
      mplsInput(this, this.node, i, f.payload);
      return;
    }
    const ip = P.decodeIp(f.type, f.payload);
    if (ip) this.input(i, ip);
  }

  /** Send one frame; `src` overrides the interface MAC (a VRRP virtual MAC, RFC 5798 7.3). */
  sendL2(i: Iface, dst: Buffer, type: number, payload: Buffer, src?: Buffer): void {
    if (!i.up) {
      i.drops++;
      return;
    }
    const frame = P.encodeEth({ dst, src: src ?? i.mac, vlan: i.vlan, type, payload });
    i.txBytes += frame.length;
    i.txPackets++;
    const port = i.port;
    if (port !== i) {
      port.txBytes += frame.length;
      port.txPackets++;
    }
    port.send(frame);
  }

  /** Resolve the next hop (ARP/ND) and send one frame of `type`; a failed resolution drops. */
  sendVia(i: Iface, nh: Addr, type: number, bytes: Buffer): void {
    if (!i.up) {
      i.drops++;
      this.dropped++;
      return;
    }
    this.node.neighbors.resolve(i, nh, (mac) => {
      if (mac) this.sendL2(i, mac, type, bytes);
      else {
        i.drops++;
        this.dropped++;
      }
    });
  }

  // ---- layer 3 ----
  /** True when `a` is an address of an up interface of this node in VRF `vrf`. */
  isLocal(vrf: string, a: Addr): boolean {
    for (const i of this.node.ifaces.values()) {
      if (i.vrf !== vrf || !i.up) continue;
      const x = i.addrOf(a.afi);
      if (x && addrEq(x.addr, a)) return true;
      if (a.afi === 4 && i.v4Secondary.some((s) => addrEq(s.addr, a))) return true;
    }
    for (const h of this.localHooks) if (h(vrf, a)) return true;
    return false;
  }

  private input(i: Iface, ip: P.IpPacket): void {
    if (isMulticast(ip.dst) || this.isLocal(i.vrf, ip.dst)) {
      this.deliver(i, ip, i.vrf);
      return;
    }
    this.forward(ip, i.vrf, i, false);
  }

  /**
   * Route a transit packet in `vrf`. `labelled`: it arrived with a VPN label popped here, which
   * changes the source of an ICMP error (see errorSource).
   */
  forward(ip: P.IpPacket, vrf: string, inIf: Iface, labelled: boolean): void {
    if (ip.ttl <= 1) {
      this.icmpError(ip, 'ttl', vrf, this.errorSource(ip, vrf, inIf, labelled));
      return;
    }
    const r = this.node.vrf(vrf).rib[ip.dst.afi].lookup(ip.dst);
    if (!r) {
      this.icmpError(ip, 'unreach', vrf, this.errorSource(ip, vrf, inIf, labelled));
      return;
    }
    this.forwarded++;
    this.output(this.pickPath(r.paths, ip), { ...ip, ttl: ip.ttl - 1 });
  }

  /**
   * Source of an ICMP error (RFC 1812 4.3.2.4 allows any address of the router): the interface
   * the packet came in on; for a packet that came in labelled and was popped into a VRF, the
   * VRF interface the route to its destination uses, else the first up VRF interface.
   */
  private errorSource(ip: P.IpPacket, vrf: string, inIf: Iface, labelled: boolean): Addr | undefined {
    const afi = ip.src.afi;
    if (!labelled) return inIf.addrOf(afi)?.addr;
    const r = this.node.vrf(vrf).rib[afi].lookup(ip.dst);
    for (const p of r?.paths ?? []) {
      const a = p.iface.vrf === vrf && p.iface.up ? p.iface.addrOf(afi) : undefined;
      if (a) return a.addr;
    }
    return this.anyAddr(vrf, afi);
  }

  /** ECMP: a flow hash over source and destination, or round-robin with loadBalance 'packet'. */
  pickPath(paths: Path[], ip: { src: Addr; dst: Addr }): Path {
    if (paths.length === 1) return paths[0];
    if (this.loadBalance === 'packet') {
      const n = this.rr.get(paths) ?? 0;
      this.rr.set(paths, (n + 1) % paths.length);
      return paths[n % paths.length];
    }
    return this.flowPath(paths, ip);
  }

  private flowPath(paths: Path[], ip: { src: Addr; dst: Addr }): Path {
    const h = xorHash(ip.src) ^ (xorHash(ip.dst) << 1);
    return paths[h % paths.length];
  }

  /** Send an IP packet along a path: labels pushed when the path has some, else plain IP. */
  output(path: Path, ip: P.IpPacket): void {
    const i = path.iface;
    if (!i.up) {
      i.drops++;
      this.dropped++;
      return;
    }
    if (i.kind === 'loopback') {
      // A route out of a loopback ends here: the packet is for this node.
      this.node.sched.schedule(0, () => this.deliver(i, ip, i.vrf), this.node.name);
      return;
    }
    const bytes = P.encodeIp(ip);
    const type = ip.dst.afi === 4 ? P.ETH_IPV4 : P.ETH_IPV6;
    if (path.labels && path.labels.length > 0) {
      // RFC 3032 2.4.3 / RFC 3443 pipe model (VRP's default ttl-mode): every pushed label gets
      // TTL 255, and the IP TTL is neither copied nor decremented inside the LSP.
      const stack = path.labels.map((label) => ({ label, tc: 0, ttl: 255 }));
      this.sendVia(i, path.nextHop ?? ip.dst, P.ETH_MPLS, P.encodeMpls(stack, bytes));
      return;
    }
    if (isMulticast(ip.dst)) {
      this.sendL2(i, P.multicastMac(ip.dst), type, bytes);
      return;
    }
    this.sendVia(i, path.nextHop ?? ip.dst, type, bytes);
  }

  /** Originate a packet from this node. Returns false when there is no route. */
  send(p: { src?: Addr; dst: Addr; proto: number; ttl?: number; tos?: number; payload: Buffer }, o: SendOpts = {}): boolean {
    const vrf = o.vrf ?? o.iface?.vrf ?? '';
    const afi = p.dst.afi;
    let path: Path | undefined;
    if (o.iface) {
      path = { iface: o.iface };
    } else if (this.isLocal(vrf, p.dst)) {
      const src = p.src ?? p.dst;
      const ip: P.IpPacket = { src, dst: p.dst, proto: p.proto, ttl: p.ttl ?? 255, tos: p.tos, payload: p.payload, id: this.nextIdent() };
      this.node.sched.schedule(0, () => this.deliver(undefined, ip, vrf), this.node.name);
      return true;
    } else {
      const r = this.node.vrf(vrf).rib[afi].lookup(p.dst);
      if (!r) return false;
      path = this.pickPath(r.paths, { src: p.src ?? p.dst, dst: p.dst });
    }
    const src = p.src ?? this.pathSource(path, vrf, afi);
    if (!src) return false;
    const ip: P.IpPacket = { src, dst: p.dst, proto: p.proto, ttl: p.ttl ?? 255, tos: p.tos, payload: p.payload, id: this.nextIdent() };
    this.output(path, ip);
    return true;
  }

  /** The egress interface's address; a labelled VPN path leaves by a core interface, so a VRF address then. */
  private pathSource(path: Path, vrf: string, afi: Afi): Addr | undefined {
    const a = path.iface.vrf === vrf ? path.iface.addrOf(afi)?.addr : undefined;
    return a ?? this.anyAddr(vrf, afi);
  }

  /**
   * The source address this node would use towards `dst` in `vrf` (the address itself when it is
   * local; the flow-hash path, so it does not advance per-packet round-robin). Undefined: no route.
   */
  sourceAddr(vrf: string, dst: Addr): Addr | undefined {
    if (this.isLocal(vrf, dst)) return dst;
    const r = this.node.vrf(vrf).rib[dst.afi].lookup(dst);
    if (!r) return undefined;
    return this.pathSource(this.flowPath(r.paths, { src: dst, dst }), vrf, dst.afi);
  }

  private anyAddr(vrf: string, afi: Afi): Addr | undefined {
    for (const i of this.node.sortedIfaces()) if (i.vrf === vrf && i.up && i.addrOf(afi)) return i.addrOf(afi)!.addr;
    return undefined;
  }

  sendUdp(src: Addr | undefined, dst: Addr, sport: number, dport: number, data: Buffer, o: SendOpts = {}): boolean {
    const s = src ?? o.iface?.addrOf(dst.afi)?.addr;
    if (!s) return this.send({ dst, proto: P.PROTO_UDP, payload: Buffer.alloc(0) }, o) && false;
    const payload = P.encodeUdp(s, dst, { sport, dport, data });
    return this.send({ src: s, dst, proto: P.PROTO_UDP, ttl: isMulticast(dst) ? 1 : 255, payload }, o);
  }

  /** Local delivery in `vrf`; `i` is the interface the packet came in on (undefined: from this node). */
  deliver(i: Iface | undefined, ip: P.IpPacket, vrf: string): void {
    if (ip.proto === P.PROTO_UDP) {
      const u = P.decodeUdp(ip.payload);
      if (!u || !P.udpChecksumOk(ip.src, ip.dst, ip.payload)) return;
      const hs = this.udp.get(u.dport) ?? [];
      if (hs.length === 0) {
        // RFC 1122 3.2.2.1 / RFC 792: no listener -> port unreachable, never for multicast or
        // broadcast; sourced from the arrival interface's address (else the address it was sent to).
        if (isMulticast(ip.dst) || !this.isLocal(vrf, ip.dst)) return;
        const a = i && i.vrf === vrf ? i.addrOf(ip.dst.afi)?.addr : undefined;
        this.icmpError(ip, 'port', vrf, a ?? ip.dst);
        return;
      }
      if (!i) return;
      for (const h of hs) h(i, ip, u);
      return;
    }
    const ph = this.protos.get(ip.proto);
    if (ph && ph.length > 0) {
      for (const h of ph) h(ip, { iface: i, vrf });
      return;
    }
    const icmpProto = ip.dst.afi === 4 ? P.PROTO_ICMP : P.PROTO_ICMP6;
    if (ip.proto !== icmpProto) return;
    const m = P.decodeIcmp(ip.payload);
    if (!m) return;
    if (ip.dst.afi === 6 && (m.type === P.ICMP6.NS || m.type === P.ICMP6.NA)) {
      if (i && !this.ndHooks.some((h) => h(i, ip, m))) this.node.neighbors.onNd(i, ip, m);
      return;
    }
    const echo = ip.dst.afi === 4 ? P.ICMP4.ECHO : P.ICMP6.ECHO;
    const reply = ip.dst.afi === 4 ? P.ICMP4.ECHO_REPLY : P.ICMP6.ECHO_REPLY;
    if (m.type === echo) {
      if (isMulticast(ip.dst)) return;
      const payload = P.encodeIcmp(ip.dst, ip.src, { type: reply, code: 0, body: m.body });
      this.send({ src: ip.dst, dst: ip.src, proto: icmpProto, ttl: 255, tos: ip.tos, payload }, { vrf });
      return;
    }
    for (const h of this.icmpHandlers) h(i, ip, m);
  }

  /**
   * An ICMP error about `ip` from `src`, routed back in `vrf` (so it may leave labelled):
   * 'ttl' time exceeded (RFC 792, RFC 4443 3.3), 'unreach' no route (code 0), 'port' port
   * unreachable (ICMPv4 code 3, ICMPv6 code 4).
   */
  private icmpError(ip: P.IpPacket, kind: 'ttl' | 'unreach' | 'port', vrf: string, src: Addr | undefined): void {
    const v4 = ip.src.afi === 4;
    if (ip.proto === (v4 ? P.PROTO_ICMP : P.PROTO_ICMP6)) {
      const m = P.decodeIcmp(ip.payload);
      // Never answer an ICMP error with an error (RFC 1122 3.2.2, RFC 4443 2.4).
      if (m && m.type !== (v4 ? P.ICMP4.ECHO : P.ICMP6.ECHO)) return;
    }
    if (!src || isMulticast(ip.dst) || isMulticast(ip.src) || ip.src.v === 0n) return;
    const type = kind === 'ttl' ? (v4 ? P.ICMP4.TIME_EXCEEDED : P.ICMP6.TIME_EXCEEDED) : v4 ? P.ICMP4.UNREACH : P.ICMP6.UNREACH;
    const code = kind === 'port' ? (v4 ? 3 : 4) : 0;
    const orig = P.encodeIp(ip).subarray(0, v4 ? 28 : 1232 - 48);
    const body = Buffer.concat([Buffer.alloc(4), orig]);
    const payload = P.encodeIcmp(src, ip.src, { type, code, body });
    this.send({ src, dst: ip.src, proto: v4 ? P.PROTO_ICMP : P.PROTO_ICMP6, ttl: 255, payload }, { vrf });
  }
}
