/**
 * VXLAN (RFC 7348) over the node's IP stack: each vxlan-interface of the `vxlan` section is a
 * VNI; a bridged frame leaves as outer IPv4 (source: the system0 address) / UDP (destination
 * 4789, source a hash of the inner frame, RFC 7348 section 5) / VXLAN header (flags 0x08, the
 * VNI) / the inner Ethernet frame, routed over the underlay in the default network instance.
 * Datagrams to UDP 4789 on a local address of the default instance are decapsulated and handed
 * to the node's VXLAN client (the bridge, protocols/bridge/engine.ts), which owns the ingress
 * replication flood lists. No data-plane learning happens here: with EVPN, SR Linux learns
 * remote MACs from the control plane only.
 */
import { Addr, addrEq, fmtAddr, parseIPv4 } from '../../net/addr';
import type { Node } from '../../net/node';
import * as P from '../../net/packet';
import type { VxlanIfRow } from '../l2-rows';
import { VXLAN_UDP_PORT, type VxlanConfig, type VxlanInterfaceConfig } from './config';

/** RFC 7348 section 5: the I flag (valid VNI). */
export const VXLAN_FLAG_I = 0x08;
export const VXLAN_HDR_LEN = 8;
/** Outer IPv4 TTL of encapsulated frames (Linux vxlan's default hop limit). */
export const VXLAN_TTL = 64;
export const VNI_MAX = 0xffffff;

/** What the bridge gives the VXLAN engine: the decapsulated frames go to it; it owns the flood lists. */
export interface VxlanClient {
  /** A decapsulated inner frame of vxlan-interface `ifName` from remote VTEP `vtep` (dotted quad). */
  receive(ifName: string, vni: number, vtep: string, frame: Buffer): void;
  /** The ingress-replication flood list of the bridge domain using `ifName`. */
  floodList(ifName: string): string[];
}

const clients = new WeakMap<Node, VxlanClient>();

/** Register (or with undefined, remove) the node's VXLAN client. */
export function setVxlanClient(node: Node, c: VxlanClient | undefined): void {
  if (c) clients.set(node, c);
  else clients.delete(node);
}

export function encodeVxlan(vni: number, inner: Buffer): Buffer {
  const h = Buffer.alloc(VXLAN_HDR_LEN);
  h[0] = VXLAN_FLAG_I;
  h.writeUIntBE(vni & VNI_MAX, 4, 3);
  return Buffer.concat([h, inner]);
}

/** The VNI and inner frame, or undefined when too short or the I flag is clear (RFC 7348 section 5). */
export function decodeVxlan(b: Buffer): { vni: number; inner: Buffer } | undefined {
  if (b.length < VXLAN_HDR_LEN + 14) return undefined;
  if ((b[0] & VXLAN_FLAG_I) === 0) return undefined;
  return { vni: b.readUIntBE(4, 3), inner: b.subarray(VXLAN_HDR_LEN) };
}

/**
 * A flow hash of an Ethernet frame: MACs, ethertype, and for IPv4 the addresses, protocol and
 * (TCP/UDP) ports. Used for the outer UDP source port and to spread flows over the VTEPs of an ESI.
 */
export function flowHash(frame: Buffer): number {
  let h = 0x811c9dc5;
  const mix = (b: Buffer) => {
    for (const x of b) h = Math.imul(h ^ x, 0x01000193) >>> 0;
  };
  const f = P.decodeEth(frame);
  if (!f) {
    mix(frame.subarray(0, 14));
    return h >>> 0;
  }
  mix(f.dst);
  mix(f.src);
  mix(Buffer.from([f.type >> 8, f.type & 255]));
  if (f.type === P.ETH_IPV4 && f.payload.length >= 20) {
    const ihl = (f.payload[0] & 15) * 4;
    mix(f.payload.subarray(9, 10));
    mix(f.payload.subarray(12, 20));
    const proto = f.payload[9];
    if ((proto === P.PROTO_TCP || proto === P.PROTO_UDP) && f.payload.length >= ihl + 4) mix(f.payload.subarray(ihl, ihl + 4));
  }
  // Final avalanche (murmur3 fmix32) so that nearby inputs land in different buckets.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** RFC 7348 section 5: source port from the inner frame's hash, in the dynamic range 49152..65535. */
export function sourcePort(inner: Buffer): number {
  return 49152 + (flowHash(inner) % 16384);
}

interface IfCounters {
  txPackets: number;
  rxPackets: number;
  txDrops: number;
}

export class VxlanEngine {
  cfg: VxlanConfig;
  /** Lines naming configuration the last update refused. */
  errors: string[] = [];
  private src?: Addr;
  private byName = new Map<string, VxlanInterfaceConfig>();
  private byVni = new Map<number, VxlanInterfaceConfig>();
  private counters = new Map<string, IfCounters>();
  private unlisten: () => void;
  /** Datagrams to 4789 dropped: bad header, unknown VNI, or no bridge. */
  rxDrops = 0;

  constructor(
    readonly node: Node,
    cfg: VxlanConfig,
  ) {
    this.cfg = cfg;
    this.update(cfg);
    this.unlisten = node.ip.listenUdp(VXLAN_UDP_PORT, (iface, ip, udp) => this.input(iface.vrf, ip, udp.data));
  }

  update(cfg: VxlanConfig): void {
    this.cfg = cfg;
    this.errors = [];
    this.src = undefined;
    if (cfg.sourceAddress) {
      const a = parseIPv4(cfg.sourceAddress);
      if (a) this.src = a;
      else this.errors.push(`vxlan: source address '${cfg.sourceAddress}' is not an IPv4 address`);
    }
    this.byName.clear();
    this.byVni.clear();
    for (const i of cfg.interfaces) {
      if (!Number.isInteger(i.vni) || i.vni < 1 || i.vni > VNI_MAX) {
        this.errors.push(`vxlan: ${i.name}: vni ${i.vni} is out of range 1..${VNI_MAX}`);
        continue;
      }
      const dup = this.byVni.get(i.vni);
      if (dup) {
        this.errors.push(`vxlan: ${i.name}: vni ${i.vni} is already used by ${dup.name}`);
        continue;
      }
      this.byName.set(i.name, i);
      this.byVni.set(i.vni, i);
    }
    for (const n of [...this.counters.keys()]) if (!this.byName.has(n)) this.counters.delete(n);
  }

  stop(): void {
    this.unlisten();
  }

  /** The configured interface of that name (undefined when absent or refused). */
  iface(name: string): VxlanInterfaceConfig | undefined {
    return this.byName.get(name);
  }

  private count(name: string): IfCounters {
    let c = this.counters.get(name);
    if (!c) {
      c = { txPackets: 0, rxPackets: 0, txDrops: 0 };
      this.counters.set(name, c);
    }
    return c;
  }

  /** Encapsulate `inner` (an untagged Ethernet frame) on `ifName` towards `vtep`; false when it could not be sent. */
  send(ifName: string, vtep: string, inner: Buffer): boolean {
    const i = this.byName.get(ifName);
    if (!i) return false;
    const c = this.count(ifName);
    const dst = parseIPv4(vtep);
    if (!this.src || !dst || addrEq(dst, this.src)) {
      c.txDrops++;
      return false;
    }
    const data = encodeVxlan(i.vni, inner);
    const udp = Buffer.alloc(8 + data.length);
    udp.writeUInt16BE(sourcePort(inner), 0);
    udp.writeUInt16BE(VXLAN_UDP_PORT, 2);
    udp.writeUInt16BE(udp.length, 4);
    // RFC 7348 section 5: the UDP checksum SHOULD be transmitted as zero over IPv4.
    data.copy(udp, 8);
    const ok = this.node.ip.send({ src: this.src, dst, proto: P.PROTO_UDP, ttl: VXLAN_TTL, payload: udp }, { vrf: '' });
    if (ok) c.txPackets++;
    else c.txDrops++;
    return ok;
  }

  private input(vrf: string, ip: P.IpPacket, data: Buffer): void {
    if (vrf !== '' || ip.src.afi !== 4) return;
    const d = decodeVxlan(data);
    const i = d ? this.byVni.get(d.vni) : undefined;
    const client = clients.get(this.node);
    if (!d || !i || !client) {
      this.rxDrops++;
      return;
    }
    this.count(i.name).rxPackets++;
    client.receive(i.name, i.vni, fmtAddr(ip.src), d.inner);
  }

  rows(): VxlanIfRow[] {
    const client = clients.get(this.node);
    return [...this.byName.values()].map((i) => {
      const c = this.counters.get(i.name);
      return {
        name: i.name,
        vni: i.vni,
        sourceAddress: this.src ? fmtAddr(this.src) : '',
        floodList: client ? client.floodList(i.name) : [],
        txPackets: c?.txPackets ?? 0,
        rxPackets: c?.rxPackets ?? 0,
      };
    });
  }
}
