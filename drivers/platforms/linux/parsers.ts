// Linux host output -> the neutral model: iproute2's JSON (`ip -j`, `ip -s -j link`) and the
// summary of iputils' and BusyBox's ping. Not the command's format: a ParseError naming device,
// command and line.
import { ParseError } from '../../errors';
import type { Afi, InterfaceCounters, PingResult, RouteEntry, RouteProtocol } from '../../model/types';
import { normalizeMac } from '../../model/types';

export interface ParseContext {
  device: string;
  command?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `ip -j ...` output: one JSON array (empty output: []). */
export function parseIpJson(text: string, ctx: ParseContext): Obj[] {
  const t = text.trim();
  if (t === '') return [];
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    throw new ParseError(ctx.device, ctx.command, t.split('\n')[0], 'JSON from ip -j expected');
  }
  if (!Array.isArray(v)) throw new ParseError(ctx.device, ctx.command, t.split('\n')[0], 'a JSON array expected');
  return v.filter(isObj);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/**
 * `ip -s -j link` (counters in stats64, or stats) joined with `ip -j addr` (addr_info). State:
 * 'admin' without the UP flag, 'up' with UP and LOWER_UP (operstate UP, or UNKNOWN on loopback and
 * tunnels), else 'down'. `master` is the bond, bridge or VRF the link is enslaved to.
 */
export function parseIpLinkAddr(linkText: string, addrText: string, ctx: ParseContext): InterfaceCounters[] {
  const addrs = new Map<string, Obj>();
  for (const a of parseIpJson(addrText, { ...ctx, command: 'ip -j addr' })) if (typeof a.ifname === 'string') addrs.set(a.ifname, a);
  const out: InterfaceCounters[] = [];
  for (const l of parseIpJson(linkText, ctx)) {
    const name = l.ifname;
    if (typeof name !== 'string') throw new ParseError(ctx.device, ctx.command, JSON.stringify(l).slice(0, 80), 'link without ifname');
    const flags = Array.isArray(l.flags) ? l.flags.map(String) : [];
    const oper = String(l.operstate ?? '');
    const state = !flags.includes('UP') ? 'admin' : oper === 'UP' || (oper === 'UNKNOWN' && flags.includes('LOWER_UP')) ? 'up' : 'down';
    const i: InterfaceCounters = { name, state };
    const mac = typeof l.address === 'string' ? normalizeMac(l.address) : undefined;
    if (mac) i.mac = mac;
    const mtu = num(l.mtu);
    if (mtu !== undefined) i.mtu = mtu;
    if (typeof l.master === 'string') i.master = l.master;
    const st = isObj(l.stats64) ? l.stats64 : isObj(l.stats) ? l.stats : undefined;
    if (st && isObj(st.rx) && isObj(st.tx)) {
      const rx = num(st.rx.packets);
      const tx = num(st.tx.packets);
      if (rx !== undefined) i.rxPackets = rx;
      if (tx !== undefined) i.txPackets = tx;
      const rb = num(st.rx.bytes);
      const tb = num(st.tx.bytes);
      if (rb !== undefined) i.rx = rb;
      if (tb !== undefined) i.tx = tb;
      const d = num(st.rx.dropped);
      if (d !== undefined) i.drops = d;
    }
    const a = addrs.get(name);
    const info = a && Array.isArray(a.addr_info) ? a.addr_info.filter(isObj) : [];
    const all = info.filter((x) => typeof x.local === 'string' && num(x.prefixlen) !== undefined).map((x) => ({ fam: String(x.family), text: `${String(x.local)}/${num(x.prefixlen)}` }));
    if (all.length) i.addresses = all.map((x) => x.text);
    const v4 = all.find((x) => x.fam === 'inet');
    if (v4) i.address = v4.text;
    out.push(i);
  }
  // A VRF's slaves: `ip -d` gives linkinfo.info_kind "vrf" on the master.
  const vrfs = new Set(parseIpJson(linkText, ctx).filter((l) => isObj(l.linkinfo) && l.linkinfo.info_kind === 'vrf').map((l) => String(l.ifname)));
  for (const i of out) if (i.master && vrfs.has(i.master)) i.vrf = i.master;
  return out;
}

const PROTO: Record<string, RouteProtocol> = {
  kernel: 'connected', boot: 'static', static: 'static', bgp: 'bgp', ospf: 'ospf', isis: 'isis', rip: 'rip', babel: 'babel', eigrp: 'eigrp', dhcp: 'other', ra: 'other',
};

/** `ip [-6] -j route [show vrf X]`. */
export function parseIpRoute(text: string, ctx: ParseContext, afi: Afi, vrf?: string): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const r of parseIpJson(text, ctx)) {
    if (typeof r.dst !== 'string') throw new ParseError(ctx.device, ctx.command, JSON.stringify(r).slice(0, 80), 'route without dst');
    if (r.type !== undefined && r.type !== 'unicast') continue; // local, broadcast, unreachable...
    const host = afi === 'ipv4' ? '/32' : '/128';
    const prefix = r.dst === 'default' ? (afi === 'ipv4' ? '0.0.0.0/0' : '::/0') : r.dst.includes('/') ? r.dst : r.dst + host;
    const proto = String(r.protocol ?? 'boot');
    const e: RouteEntry = { afi, prefix, protocol: PROTO[proto] ?? 'other', vendorType: proto, nextHop: typeof r.gateway === 'string' ? r.gateway : null };
    if (vrf) e.vrf = vrf;
    if (typeof r.dev === 'string') e.iface = r.dev;
    const m = num(r.metric);
    if (m !== undefined) e.metric = m;
    out.push(e);
  }
  return out;
}

/**
 * iputils: "3 packets transmitted, 3 received, 0% packet loss, time 2003ms" (also "+2 errors") and
 * "rtt min/avg/max/mdev = 0.784/0.986/1.275/0.209 ms"; BusyBox: "3 packets transmitted, 3 packets
 * received, 0% packet loss" and "round-trip min/avg/max = 0.1/0.2/0.3 ms".
 */
export function parsePing(text: string, target: string, ctx: ParseContext): PingResult {
  const s = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(text);
  if (!s) throw new ParseError(ctx.device, ctx.command, text.trim().split('\n').pop() ?? '', 'no ping statistics line');
  const sent = Number(s[1]);
  const received = Number(s[2]);
  const r: PingResult = { target, sent, received, lost: sent - received, successPct: sent === 0 ? 0 : Math.round((received / sent) * 100) };
  const rtt = /(?:rtt|round-trip) min\/avg\/max(?:\/mdev)? = ([\d.]+)\/([\d.]+)\/([\d.]+)/.exec(text);
  if (rtt) {
    r.rttMin = Number(rtt[1]);
    r.rttAvg = Number(rtt[2]);
    r.rttMax = Number(rtt[3]);
  }
  return r;
}
