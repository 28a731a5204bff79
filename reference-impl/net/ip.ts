/** The IP stack of a node: frame demux, local delivery, forwarding with ECMP, ICMP and UDP. */
import { Addr, Afi, addrEq, isMulticast, xorHash } from './addr';
import type { Iface } from './iface';
import type { Node } from './node';
import type { Path } from './rib';
import * as P from './packet';

export type UdpHandler = (iface: Iface, ip: P.IpPacket, udp: P.UdpDatagram) => void;
export type IcmpHandler = (iface: Iface | undefined, ip: P.IpPacket, m: P.IcmpMessage) => void;

export interface SendOpts {
  /** Send out of this interface (link-local multicast, or a forced egress). */
  iface?: Iface;
  vrf?: string;
}

export class IpStack {
  private udp = new Map<number, UdpHandler[]>();
  private icmpHandlers: IcmpHandler[] = [];
  private ident = 0;
  forwarded = 0;
  dropped = 0;

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
    const toMe = f.dst.equals(i.mac) || (f.dst[0] & 1) === 1;
    if (!toMe) return;
    i.rxBytes += frame.length;
    i.rxPackets++;
    if (i !== port) {
      port.rxBytes += frame.length;
      port.rxPackets++;
    }
    if (f.type === P.ETH_ARP) {
      const a = P.decodeArp(f.payload);
      if (a) this.node.neighbors.onArp(i, a);
      return;
    }
    const ip = P.decodeIp(f.type, f.payload);
    if (ip) this.input(i, ip);
  }

  sendL2(i: Iface, dst: Buffer, type: number, payload: Buffer): void {
    if (!i.up) {
      i.drops++;
      return;
    }
    const frame = P.encodeEth({ dst, src: i.mac, vlan: i.vlan, type, payload });
    i.txBytes += frame.length;
    i.txPackets++;
    const port = i.port;
    if (port !== i) {
      port.txBytes += frame.length;
      port.txPackets++;
    }
    port.link?.transmit(port, frame);
  }

  // ---- layer 3 ----
  /** True when `a` is an address of an up interface of this node in VRF `vrf`. */
  isLocal(vrf: string, a: Addr): boolean {
    for (const i of this.node.ifaces.values()) {
      if (i.vrf !== vrf || !i.up) continue;
      const x = i.addrOf(a.afi);
      if (x && addrEq(x.addr, a)) return true;
    }
    return false;
  }

  private input(i: Iface, ip: P.IpPacket): void {
    if (isMulticast(ip.dst) || this.isLocal(i.vrf, ip.dst)) {
      this.deliver(i, ip);
      return;
    }
    this.forward(i, ip);
  }

  private forward(inIf: Iface, ip: P.IpPacket): void {
    if (ip.ttl <= 1) {
      this.icmpError(inIf, ip, 'ttl');
      return;
    }
    const r = this.node.vrf(inIf.vrf).rib[ip.dst.afi].lookup(ip.dst);
    if (!r) {
      this.icmpError(inIf, ip, 'unreach');
      return;
    }
    this.forwarded++;
    const fwd = { ...ip, ttl: ip.ttl - 1 };
    this.output(this.pickPath(r.paths, ip), fwd);
  }

  /** ECMP: a flow hash over source and destination picks one of the equal paths. */
  pickPath(paths: Path[], ip: { src: Addr; dst: Addr }): Path {
    if (paths.length === 1) return paths[0];
    const h = xorHash(ip.src) ^ (xorHash(ip.dst) << 1);
    return paths[h % paths.length];
  }

  private output(path: Path, ip: P.IpPacket): void {
    const i = path.iface;
    if (!i.up) {
      i.drops++;
      this.dropped++;
      return;
    }
    if (i.kind === 'loopback') {
      // A route out of a loopback ends here: the packet is for this node.
      this.node.sched.schedule(0, () => this.deliver(i, ip), this.node.name);
      return;
    }
    const bytes = P.encodeIp(ip);
    const type = ip.dst.afi === 4 ? P.ETH_IPV4 : P.ETH_IPV6;
    if (isMulticast(ip.dst)) {
      this.sendL2(i, P.multicastMac(ip.dst), type, bytes);
      return;
    }
    const nh = path.nextHop ?? ip.dst;
    this.node.neighbors.resolve(i, nh, (mac) => {
      if (mac) this.sendL2(i, mac, type, bytes);
      else {
        i.drops++;
        this.dropped++;
      }
    });
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
      this.node.sched.schedule(0, () => this.deliver(undefined, ip), this.node.name);
      return true;
    } else {
      const r = this.node.vrf(vrf).rib[afi].lookup(p.dst);
      if (!r) return false;
      path = this.pickPath(r.paths, { src: p.src ?? p.dst, dst: p.dst });
    }
    const src = p.src ?? path.iface.addrOf(afi)?.addr ?? this.anyAddr(vrf, afi);
    if (!src) return false;
    const ip: P.IpPacket = { src, dst: p.dst, proto: p.proto, ttl: p.ttl ?? 255, tos: p.tos, payload: p.payload, id: this.nextIdent() };
    this.output(path, ip);
    return true;
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

  private deliver(i: Iface | undefined, ip: P.IpPacket): void {
    if (ip.proto === P.PROTO_UDP) {
      const u = P.decodeUdp(ip.payload);
      if (!u || !i || !P.udpChecksumOk(ip.src, ip.dst, ip.payload)) return;
      for (const h of this.udp.get(u.dport) ?? []) h(i, ip, u);
      return;
    }
    const icmpProto = ip.dst.afi === 4 ? P.PROTO_ICMP : P.PROTO_ICMP6;
    if (ip.proto !== icmpProto) return;
    const m = P.decodeIcmp(ip.payload);
    if (!m) return;
    if (ip.dst.afi === 6 && (m.type === P.ICMP6.NS || m.type === P.ICMP6.NA)) {
      if (i) this.node.neighbors.onNd(i, ip, m);
      return;
    }
    const echo = ip.dst.afi === 4 ? P.ICMP4.ECHO : P.ICMP6.ECHO;
    const reply = ip.dst.afi === 4 ? P.ICMP4.ECHO_REPLY : P.ICMP6.ECHO_REPLY;
    if (m.type === echo) {
      if (isMulticast(ip.dst)) return;
      const vrf = i?.vrf ?? '';
      const payload = P.encodeIcmp(ip.dst, ip.src, { type: reply, code: 0, body: m.body });
      this.send({ src: ip.dst, dst: ip.src, proto: icmpProto, ttl: 255, tos: ip.tos, payload }, { vrf });
      return;
    }
    for (const h of this.icmpHandlers) h(i, ip, m);
  }

  private icmpError(inIf: Iface, ip: P.IpPacket, kind: 'ttl' | 'unreach'): void {
    if (ip.proto === (ip.dst.afi === 4 ? P.PROTO_ICMP : P.PROTO_ICMP6)) {
      const m = P.decodeIcmp(ip.payload);
      // Never answer an ICMP error with an error (RFC 1122 3.2.2, RFC 4443 2.4).
      if (m && m.type !== (ip.dst.afi === 4 ? P.ICMP4.ECHO : P.ICMP6.ECHO)) return;
    }
    const src = inIf.addrOf(ip.src.afi)?.addr;
    if (!src || isMulticast(ip.dst)) return;
    const v4 = ip.src.afi === 4;
    const type = kind === 'ttl' ? (v4 ? P.ICMP4.TIME_EXCEEDED : P.ICMP6.TIME_EXCEEDED) : v4 ? P.ICMP4.UNREACH : P.ICMP6.UNREACH;
    const orig = P.encodeIp(ip).subarray(0, v4 ? 28 : 1232 - 48);
    const body = Buffer.concat([Buffer.alloc(4), orig]);
    const payload = P.encodeIcmp(src, ip.src, { type, code: 0, body });
    this.send({ src, dst: ip.src, proto: v4 ? P.PROTO_ICMP : P.PROTO_ICMP6, ttl: 255, payload }, { vrf: inIf.vrf });
  }
}
