// SR Linux state read through gNMI: Get on SR Linux's YANG paths (JSON_IETF; the transport strips
// the `srl_nokia-interfaces:` module prefixes), decoded into the same records the CLI parsers give.
//
//   interfaces        /interface[name=*]                                   (admin/oper-state, statistics, subinterfaces)
//   lagMembers        /interface[name=L]/lag/member[name=*]                (oper-state, lacp/...)
//   ethernetSegments  /system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=*]/ethernet-segment[name=*]
//   macTable          /network-instance[name=N]/bridge-table/mac-table/mac[address=*]
import type { EthernetSegment, InterfaceCounters, LagMember, MacTableEntry } from '../../model/types';
import { normalizeEsi, normalizeMac } from '../../model/types';
import { parseGnmiPath, type GnmiNotification } from '../../transport/gnmi';
import { parseMacDestination } from './parsers';

/** What the getters need of a gNMI client (GnmiTransport satisfies it; tests may pass a fake). */
export interface GnmiReader {
  readonly device: string;
  get(paths: string[], opts?: { type?: 'ALL' | 'CONFIG' | 'STATE' | 'OPERATIONAL' }): Promise<GnmiNotification[]>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const int = (v: unknown): number | undefined => {
  const s = str(v);
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined;
};
const yes = (v: unknown): boolean => v === true || v === 'true' || v === 'up' || v === 'enable';

/** Every update of the answer with its path's keys, e.g. [{name: 'lag1'}, {name: 'ethernet-1/1'}]. */
function updates(ns: GnmiNotification[]): Array<{ keys: Array<Record<string, string>>; names: string[]; value: unknown }> {
  return ns.flatMap((n) => n.updates).map((u) => {
    const elems = parseGnmiPath(u.path);
    return { keys: elems.map((e) => e.key ?? {}), names: elems.map((e) => e.name), value: u.value };
  });
}

/** The key `k` of the path element named `name`. */
const keyOf = (u: { keys: Array<Record<string, string>>; names: string[] }, name: string, k: string): string | undefined => {
  const i = u.names.lastIndexOf(name);
  return i < 0 ? undefined : u.keys[i][k];
};

export async function gnmiInterfaces(g: GnmiReader): Promise<InterfaceCounters[]> {
  const out: InterfaceCounters[] = [];
  for (const u of updates(await g.get(['/interface[name=*]']))) {
    const v = u.value;
    if (!isObj(v)) continue;
    const name = str(v.name) ?? keyOf(u, 'interface', 'name');
    if (!name) continue;
    const admin = v['admin-state'] === undefined || v['admin-state'] === 'enable';
    const i: InterfaceCounters = { name, state: !admin ? 'admin' : v['oper-state'] === 'up' ? 'up' : 'down' };
    const stats = isObj(v.statistics) ? v.statistics : {};
    const rx = int(stats['in-packets']);
    const tx = int(stats['out-packets']);
    if (rx !== undefined) i.rxPackets = i.rx = rx;
    if (tx !== undefined) i.txPackets = i.tx = tx;
    out.push(i);
    for (const s of list(v.subinterface)) {
      const idx = str(s.index);
      if (idx === undefined) continue;
      const subAdmin = admin && (s['admin-state'] === undefined || s['admin-state'] === 'enable');
      const si: InterfaceCounters = { name: `${name}.${idx}`, state: !subAdmin ? 'admin' : s['oper-state'] === 'up' ? 'up' : 'down' };
      const v4 = isObj(s.ipv4) ? list(s.ipv4.address) : [];
      const pfx = v4.map((a) => str(a['ip-prefix'])).filter((x): x is string => x !== undefined);
      if (pfx[0]) si.address = pfx[0];
      if (pfx.length) si.addresses = pfx;
      out.push(si);
    }
  }
  return out;
}

export async function gnmiLagMembers(g: GnmiReader, q: { lag?: string } = {}): Promise<LagMember[]> {
  const out: LagMember[] = [];
  for (const u of updates(await g.get([`/interface[name=${q.lag ?? '*'}]/lag/member[name=*]`]))) {
    const v = u.value;
    const lag = keyOf(u, 'interface', 'name');
    const member = keyOf(u, 'member', 'name') ?? (isObj(v) ? str(v.name) : undefined);
    if (!isObj(v) || !lag || !member) continue;
    const m: LagMember = { lag, member, operUp: v['oper-state'] === 'up' };
    const l = isObj(v.lacp) ? v.lacp : undefined;
    if (l) {
      const act = str(l.activity)?.toLowerCase();
      if (act === 'active' || act === 'passive') m.activity = act;
      const to = str(l.timeout)?.toLowerCase();
      if (to === 'short' || to === 'long') m.timeout = to;
      if (l.synchronization !== undefined) m.inSync = l.synchronization === 'IN_SYNC';
      if (l.collecting !== undefined) m.collecting = yes(l.collecting);
      if (l.distributing !== undefined) m.distributing = yes(l.distributing);
      const sys = normalizeMac(str(l['system-id']) ?? '');
      if (sys) m.systemId = sys;
      const key = int(l['oper-key']);
      if (key !== undefined) m.key = key;
      const pid = normalizeMac(str(l['partner-id']) ?? '');
      if (pid) m.partnerId = pid;
      const pk = int(l['partner-key']);
      if (pk !== undefined) m.partnerKey = pk;
      const pn = int(l['port-num']);
      if (pn !== undefined) m.portNo = pn;
      const ppn = int(l['partner-port-num']);
      if (ppn !== undefined) m.partnerPortNo = ppn;
    }
    out.push(m);
  }
  return out;
}

/** Ethernet segments and the DF per network-instance; `localAddress` (the PE's own originating IP) sets localDf. */
export async function gnmiEthernetSegments(g: GnmiReader, q: { name?: string } = {}, localAddress?: string): Promise<EthernetSegment[]> {
  const out: EthernetSegment[] = [];
  const path = `/system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=*]/ethernet-segment[name=${q.name ?? '*'}]`;
  for (const u of updates(await g.get([path]))) {
    const v = u.value;
    if (!isObj(v)) continue;
    const name = str(v.name) ?? keyOf(u, 'ethernet-segment', 'name');
    const esi = normalizeEsi(str(v.esi) ?? '');
    if (!name || !esi) continue;
    const seg: EthernetSegment = { name, esi, adminUp: v['admin-state'] === undefined || v['admin-state'] === 'enable', operUp: v['oper-state'] === 'up', dfs: [] };
    const mode = str(v['multi-homing-mode']);
    if (mode === 'all-active' || mode === 'single-active' || mode === 'port-active') seg.mode = mode;
    const ifc = list(v.interface).map((i) => str(i['ethernet-interface'])).find((x) => x !== undefined);
    if (ifc) seg.iface = ifc;
    const alg = isObj(v['df-election']) && isObj(v['df-election'].algorithm) ? str(v['df-election'].algorithm.type) : undefined;
    if (alg) seg.dfAlgorithm = alg;
    for (const ni of list(isObj(v.association) ? v.association['network-instance'] : undefined)) {
      const niName = str(ni.name);
      if (!niName) continue;
      const bi = list(ni['bgp-instance'])[0];
      const cands = list(bi && isObj(bi['computed-designated-forwarder-candidates']) ? bi['computed-designated-forwarder-candidates']['designated-forwarder-candidate'] : undefined);
      const df = cands.find((c) => yes(c['designated-forwarder']));
      const d: EthernetSegment['dfs'][number] = { networkInstance: niName, candidates: cands.map((c) => str(c.address)).filter((x): x is string => x !== undefined) };
      const dfAddr = df ? str(df.address) : undefined;
      if (dfAddr) d.df = dfAddr;
      if (localAddress !== undefined) d.localDf = dfAddr === localAddress;
      seg.dfs.push(d);
    }
    out.push(seg);
  }
  return out;
}

export async function gnmiMacTable(g: GnmiReader, q: { networkInstance: string }): Promise<MacTableEntry[]> {
  const out: MacTableEntry[] = [];
  for (const u of updates(await g.get([`/network-instance[name=${q.networkInstance}]/bridge-table/mac-table/mac[address=*]`]))) {
    const v = u.value;
    if (!isObj(v)) continue;
    const mac = normalizeMac(str(v.address) ?? keyOf(u, 'mac', 'address') ?? '');
    if (!mac) continue;
    const esi = normalizeEsi(str(v['evpn-esi']) ?? '');
    const dest = esi ? { kind: 'esi' as const, esi } : parseMacDestination(str(v.destination) ?? '');
    const aging = int(v.aging);
    out.push({
      networkInstance: keyOf(u, 'network-instance', 'name') ?? q.networkInstance,
      mac,
      type: (str(v.type) ?? 'unknown').toLowerCase(),
      destination: dest,
      active: v['not-programmed-reason'] === undefined,
      agingSec: aging ?? null,
    });
  }
  return out;
}

/** The PE's originating address for the DF flag: the default network-instance's BGP router-id. */
export async function gnmiRouterId(g: GnmiReader): Promise<string | undefined> {
  for (const u of updates(await g.get(['/network-instance[name=default]/protocols/bgp/router-id']))) {
    const s = str(u.value);
    if (s) return s;
  }
  return undefined;
}
