/**
 * Labelled frames in (ethertype 0x8847, RFC 3032): checked against the interface's MPLS
 * state, then the LFIB action of the top label: pop into a VRF (RFC 4364 5) or swap/pop (PHP).
 */
import { isMulticast } from './addr';
import type { Iface } from './iface';
import type { IpStack } from './ip';
import type { Node } from './node';
import * as P from './packet';

export function mplsInput(ip: IpStack, node: Node, i: Iface, payload: Buffer): void {
  const m = node.mpls;
  const drop = () => {
    i.drops++;
    ip.dropped++;
  };
  // RFC 3031 3.10: an interface without MPLS does not accept labelled packets.
  if (!m.enabled || !m.ifaceEnabled.has(i.name)) return drop();
  const d = P.decodeMpls(payload);
  if (!d) return drop();
  const top = d.stack[0];
  const act = m.lookup(top.label);
  if (!act) return drop(); // RFC 3031 3.18: an unknown incoming label is discarded
  const inner = P.decodeIpAny(d.payload);
  if (act.kind === 'vrf') {
    // Pop the VPN label (bottom of stack) and route the IP packet in the VRF as a normal hop.
    if (d.stack.length !== 1 || !inner) return drop();
    if (isMulticast(inner.dst) || ip.isLocal(act.vrf, inner.dst)) node.ip.deliver(i, inner, act.vrf);
    else ip.forward(inner, act.vrf, i, true);
    return;
  }
  // Swap: RFC 3032 2.4.1 decrements the label TTL; 0 is discarded (pipe model: no ICMP here).
  const ttl = top.ttl - 1;
  if (ttl <= 0 || act.paths.length === 0) return drop();
  const path = ip.pickPath(act.paths, inner ?? { src: { afi: 4, v: BigInt(top.label) }, dst: { afi: 4, v: 0n } });
  const stack = [...(path.labels ?? []).map((label) => ({ label, tc: top.tc, ttl })), ...d.stack.slice(1)];
  ip.forwarded++;
  if (stack.length > 0) {
    if (!path.nextHop) return drop();
    ip.sendVia(path.iface, path.nextHop, P.ETH_MPLS, P.encodeMpls(stack, d.payload));
    return;
  }
  // Penultimate hop popping (RFC 3031 3.16): the IP packet goes on unchanged (pipe model).
  if (!inner) return drop();
  const nh = path.nextHop ?? inner.dst;
  ip.sendVia(path.iface, nh, inner.dst.afi === 4 ? P.ETH_IPV4 : P.ETH_IPV6, d.payload);
}
