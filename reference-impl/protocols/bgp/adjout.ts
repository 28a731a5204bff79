/**
 * Adj-RIB-Out of one peer (RFC 4271 3.2, 9.2): what was last advertised, diffed against what
 * should be advertised now, and turned into UPDATE messages (classic IPv4 NLRI or
 * MP_REACH_NLRI / MP_UNREACH_NLRI for VPN-IPv4, RFC 4760 3-4).
 */
import type { Addr, Prefix } from '../../net/addr';
import { fmtPrefix } from '../../net/addr';
import { AFI_IPV4, AsSegment, MsgType, PathAttrs, SAFI_MPLS_VPN, UpdateMsg } from './packet';
import { encodeRt } from './vpn';

/** One route as it goes out to a peer. */
export interface OutRoute {
  family: 'ipv4' | 'vpnv4';
  prefix: Prefix;
  rd?: string;
  label?: number;
  nextHop: Addr;
  origin: number;
  asPath: AsSegment[];
  med?: number;
  localPref?: number;
  rts: string[];
}

const outKey = (r: { family: string; rd?: string; prefix: Prefix }) => `${r.family}|${r.rd ?? ''}|${fmtPrefix(r.prefix)}`;

function signature(r: OutRoute): string {
  return JSON.stringify([r.label, r.nextHop.v.toString(), r.origin, r.asPath, r.med, r.localPref, [...r.rts].sort()]);
}

export class AdjRibOut {
  private sent = new Map<string, { r: OutRoute; sig: string }>();

  get size(): number {
    return this.sent.size;
  }

  /** Routes of one family last advertised. */
  count(family: 'ipv4' | 'vpnv4'): number {
    let n = 0;
    for (const v of this.sent.values()) if (v.r.family === family) n++;
    return n;
  }

  /** The UPDATEs that take the peer from what it has to `want`. */
  diff(want: OutRoute[]): UpdateMsg[] {
    const next = new Map<string, { r: OutRoute; sig: string }>();
    for (const r of want) next.set(outKey(r), { r, sig: signature(r) });
    const msgs: UpdateMsg[] = [];
    const wd4: Prefix[] = [];
    const wdVpn: Array<{ prefix: Prefix; rd?: string }> = [];
    for (const [k, o] of this.sent) {
      if (next.has(k)) continue;
      if (o.r.family === 'ipv4') wd4.push(o.r.prefix);
      else wdVpn.push({ prefix: o.r.prefix, rd: o.r.rd });
    }
    // Withdrawals in chunks well under the 4096-octet message limit.
    for (let i = 0; i < wd4.length; i += 200) msgs.push({ type: MsgType.UPDATE, withdrawn: wd4.slice(i, i + 200), attrs: {}, nlri: [] });
    for (let i = 0; i < wdVpn.length; i += 150) {
      msgs.push({ type: MsgType.UPDATE, withdrawn: [], attrs: {}, nlri: [], mpUnreach: { afi: AFI_IPV4, safi: SAFI_MPLS_VPN, nlri: wdVpn.slice(i, i + 150) } });
    }
    for (const [k, n] of next) {
      const o = this.sent.get(k);
      if (o && o.sig === n.sig) continue;
      msgs.push(toUpdate(n.r));
    }
    this.sent = next;
    return msgs;
  }

  clear(): void {
    this.sent.clear();
  }
}

function toUpdate(r: OutRoute): UpdateMsg {
  const attrs: PathAttrs = { origin: r.origin, asPath: r.asPath, med: r.med, localPref: r.localPref };
  if (r.rts.length) attrs.extComms = r.rts.map(encodeRt);
  if (r.family === 'ipv4') {
    attrs.nextHop = r.nextHop;
    return { type: MsgType.UPDATE, withdrawn: [], attrs, nlri: [r.prefix] };
  }
  return {
    type: MsgType.UPDATE,
    withdrawn: [],
    attrs,
    nlri: [],
    mpReach: { afi: AFI_IPV4, safi: SAFI_MPLS_VPN, nextHop: r.nextHop, nlri: [{ prefix: r.prefix, rd: r.rd, label: r.label }] },
  };
}
