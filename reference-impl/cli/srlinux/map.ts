/**
 * The committed SR Linux tree mapped onto the neutral per-node configuration (config/model.ts),
 * and the commit-time validation SR Linux does on a candidate (leafrefs, a subinterface in one
 * network-instance only, bridged subinterfaces in MAC-VRFs only).
 *
 *   interface ethernet-X/Y | system0 | lagN   -> ifaces (kinds ethernet, loopback, lag)
 *   subinterface N (untagged or routed, no vlan) -> the port itself; single-tagged vlan-id V -> child `port.N`
 *   network-instance default / ip-vrf         -> iface.vrf ('' for default), vrfs
 *   network-instance X type mac-vrf          -> `bridge` (BridgeConfig)
 *   tunnel-interface T vxlan-interface I     -> `vxlan` (VxlanConfig, source = system0.0 IPv4)
 *   network-instance default protocols bgp   -> `bgp` (BgpConfig, groups flattened onto peers)
 *   system network-instance protocols evpn + mac-vrf bgp-evpn/bgp-vpn -> `evpn` (EvpnConfig)
 *   interface lagN lag (lag-type lacp) + ethernet aggregate-id -> `lacp` (LacpConfig)
 *
 * Defaults are SR Linux's YANG defaults: interface, subinterface and network-instance
 * admin-state enable; subinterface ipv4 admin-state disable; ethernet-segment admin-state
 * disable; BGP afi-safi admin-state disable at the top, inherited by groups and from groups by
 * neighbours; LACP interval SLOW, lacp-mode ACTIVE; mac-learning enabled, aging 300 s.
 */
import { NodeConfig, newIfaceConfig, newNodeConfig, newVrfConfig, type IfaceConfig } from '../../config/model';
import { newBgpConfig, type BgpConfig, type BgpPeerConfig } from '../../protocols/bgp/config';
import { MAC_AGING_DEFAULT_S, type BridgeConfig, type MacVrfConfig } from '../../protocols/bridge/config';
import type { VxlanConfig } from '../../protocols/vxlan/config';
import { newEthernetSegment, newEvpnConfig, newMacVrfEvpn, normaliseRt, type EvpnConfig } from '../../protocols/evpn/config';
import { LACP_DEFAULTS, type LacpConfig, type LacpLagConfig } from '../../protocols/lacp/config';
import type { DNode } from './tree';

/** The entries of keyed list `list` under `d`, in insertion order: [key, node]. */
export function entries(d: DNode | undefined, list: string): Array<[string, DNode]> {
  if (!d) return [];
  return [...d.kids].filter(([k]) => k.startsWith(`${list}\0`)).map(([k, v]) => [k.slice(list.length + 1), v]);
}

/** The node at a path of container names and `[list, key]` pairs, or undefined. */
export function at(d: DNode | undefined, ...path: Array<string | [string, string]>): DNode | undefined {
  let n = d;
  for (const p of path) {
    if (!n) return undefined;
    n = n.kids.get(typeof p === 'string' ? p : `${p[0]}\0${p[1]}`);
  }
  return n;
}

const leaf = (d: DNode | undefined, name: string): string | undefined => d?.leaves.get(name);
const enabled = (d: DNode | undefined, dflt: 'enable' | 'disable'): boolean => (leaf(d, 'admin-state') ?? dflt) === 'enable';

export function ifaceKind(name: string): IfaceConfig['kind'] {
  if (/^lag\d+$/.test(name)) return 'lag';
  if (/^(system|lo)\d+$/.test(name)) return 'loopback';
  return 'ethernet';
}

/** The network-instance type of entry `n` named `name` (SR Linux: `default` is the default one). */
export function niType(name: string, n: DNode): string {
  return leaf(n, 'type') ?? (name === 'default' ? 'default' : 'ip-vrf');
}

/** The neutral interface a subinterface `port.N` is: the port itself unless single-tagged. */
export function subifTarget(root: DNode, sub: string): string {
  const dot = sub.lastIndexOf('.');
  if (dot < 0) return sub;
  const port = sub.slice(0, dot);
  const s = at(root, ['interface', port], ['subinterface', sub.slice(dot + 1)]);
  return leaf(at(s, 'vlan', 'encap', 'single-tagged'), 'vlan-id') ? sub : port;
}

export interface MapOptions {
  /** The chassis MAC, the LACP system id of a LAG with no `system-id-mac`. */
  chassisMac?: string;
}

export function toNodeConfig(hostname: string, root: DNode, opts: MapOptions = {}): NodeConfig {
  const cfg = newNodeConfig(leaf(at(root, 'system', 'name'), 'host-name') ?? hostname);
  const vrfOf = new Map<string, string>();
  for (const [ni, n] of entries(root, 'network-instance')) {
    const type = niType(ni, n);
    if (type === 'mac-vrf') continue;
    if (type === 'ip-vrf') cfg.vrfs.set(ni, newVrfConfig(ni));
    for (const [sub] of entries(n, 'interface')) vrfOf.set(sub, type === 'default' ? '' : ni);
  }
  mapIfaces(root, cfg, vrfOf);
  const lacp = mapLacp(root, opts);
  if (lacp) cfg.protocols.set('lacp', lacp);
  const vxlan = mapVxlan(root, cfg);
  if (vxlan) cfg.protocols.set('vxlan', vxlan);
  const bridge = mapBridge(root);
  if (bridge) cfg.protocols.set('bridge', bridge);
  const bgp = mapBgp(root);
  if (bgp) cfg.protocols.set('bgp', bgp);
  const evpn = mapEvpn(root);
  if (evpn) cfg.protocols.set('evpn', evpn);
  return cfg;
}

function mapIfaces(root: DNode, cfg: NodeConfig, vrfOf: Map<string, string>): void {
  for (const [name, i] of entries(root, 'interface')) {
    const kind = ifaceKind(name);
    const up = enabled(i, 'enable');
    const ic = newIfaceConfig(name, kind, up);
    ic.description = leaf(i, 'description') ?? '';
    cfg.ifaces.set(name, ic);
    for (const [idx, s] of entries(i, 'subinterface')) {
      const tagged = leaf(at(s, 'vlan', 'encap', 'single-tagged'), 'vlan-id');
      const sname = `${name}.${idx}`;
      let target = ic;
      if (tagged) {
        target = newIfaceConfig(sname, kind, up && enabled(s, 'enable'));
        target.parent = name;
        target.vlan = Number(tagged);
        target.description = leaf(s, 'description') ?? '';
        cfg.ifaces.set(sname, target);
      } else if (!enabled(s, 'enable')) {
        target.adminUp = false;
      }
      target.vrf = vrfOf.get(sname) ?? '';
      for (const fam of ['ipv4', 'ipv6'] as const) {
        const v = at(s, fam);
        const pfx = entries(v, 'address')[0]?.[0];
        if (pfx && enabled(v, 'disable')) {
          const [addr, len] = pfx.split('/');
          target[fam === 'ipv4' ? 'v4' : 'v6'] = { addr, len: Number(len) };
        }
      }
    }
  }
}

function mapLacp(root: DNode, opts: MapOptions): LacpConfig | undefined {
  const lags: LacpLagConfig[] = [];
  const ifs = entries(root, 'interface');
  for (const [name, i] of ifs) {
    const lag = at(i, 'lag');
    if (ifaceKind(name) !== 'lag' || leaf(lag, 'lag-type') !== 'lacp') continue;
    const l = at(lag, 'lacp');
    const c: LacpLagConfig = {
      lag: name,
      members: ifs.filter(([, m]) => leaf(at(m, 'ethernet'), 'aggregate-id') === name).map(([m]) => m),
      mode: (leaf(l, 'lacp-mode') ?? 'ACTIVE') === 'ACTIVE' ? 'active' : 'passive',
      interval: (leaf(l, 'interval') ?? 'SLOW') === 'FAST' ? 'fast' : 'slow',
      systemId: (leaf(l, 'system-id-mac') ?? opts.chassisMac ?? '00:00:00:00:00:00').toLowerCase(),
      systemPriority: Number(leaf(l, 'system-priority') ?? LACP_DEFAULTS.systemPriority),
      adminKey: Number(leaf(l, 'admin-key') ?? /\d+$/.exec(name)![0]),
    };
    const minLinks = leaf(lag, 'min-links');
    if (minLinks !== undefined) c.minLinks = Number(minLinks);
    lags.push(c);
  }
  return lags.length ? { lags } : undefined;
}

function mapVxlan(root: DNode, cfg: NodeConfig): VxlanConfig | undefined {
  const interfaces: VxlanConfig['interfaces'] = [];
  for (const [t, tn] of entries(root, 'tunnel-interface')) {
    for (const [idx, v] of entries(tn, 'vxlan-interface')) {
      const vni = leaf(at(v, 'ingress'), 'vni');
      if (vni === undefined) continue;
      interfaces.push({ name: `${t}.${idx}`, vni: Number(vni), type: 'bridged' });
    }
  }
  if (!interfaces.length) return undefined;
  return { sourceAddress: cfg.ifaces.get('system0')?.v4?.addr ?? '0.0.0.0', interfaces };
}

function mapBridge(root: DNode): BridgeConfig | undefined {
  const macVrfs: MacVrfConfig[] = [];
  for (const [ni, n] of entries(root, 'network-instance')) {
    if (niType(ni, n) !== 'mac-vrf' || !enabled(n, 'enable')) continue;
    const ml = at(n, 'bridge-table', 'mac-learning');
    const evi = leaf(at(n, 'protocols', 'bgp-evpn', ['bgp-instance', '1']), 'evi');
    const m: MacVrfConfig = {
      name: ni,
      interfaces: entries(n, 'interface').map(([k]) => k),
      learning: enabled(ml, 'enable'),
      agingS: enabled(at(ml, 'aging'), 'enable') ? Number(leaf(at(ml, 'aging'), 'age-time') ?? MAC_AGING_DEFAULT_S) : 0,
    };
    const vx = entries(n, 'vxlan-interface')[0]?.[0];
    if (vx) m.vxlanInterface = vx;
    if (evi !== undefined) m.evi = Number(evi);
    const statics = entries(at(n, 'bridge-table', 'static-mac'), 'mac').map(([mac, e]) => ({ mac: mac.toLowerCase(), destination: leaf(e, 'destination') ?? '' }));
    if (statics.length) m.staticMacs = statics;
    macVrfs.push(m);
  }
  return macVrfs.length ? { macVrfs } : undefined;
}

type Fams = Map<string, boolean>;
function afiSafis(d: DNode | undefined, inherit: Fams): Fams {
  const out = new Map(inherit);
  for (const [name, a] of entries(d, 'afi-safi')) {
    const st = leaf(a, 'admin-state');
    if (st !== undefined) out.set(name, st === 'enable');
    else if (!out.has(name)) out.set(name, false);
  }
  return out;
}

function mapBgp(root: DNode): BgpConfig | undefined {
  const bgp = at(root, ['network-instance', 'default'], 'protocols', 'bgp');
  const asn = leaf(bgp, 'autonomous-system');
  if (!bgp || asn === undefined || !enabled(bgp, 'enable')) return undefined;
  const cfg = newBgpConfig(Number(asn));
  const rid = leaf(bgp, 'router-id') ?? leaf(at(root, ['network-instance', 'default']), 'router-id');
  if (rid) cfg.routerId = rid;
  const top = afiSafis(bgp, new Map());
  const accept = (p: string | undefined): boolean => p !== undefined && leaf(at(root, 'routing-policy', ['policy', p], 'default-action'), 'policy-result') === 'accept';
  let exportAll = false;
  for (const [addr, nb] of entries(bgp, 'neighbor')) {
    const gname = leaf(nb, 'peer-group');
    const g = gname ? at(bgp, ['group', gname]) : undefined;
    if (!enabled(nb, 'enable') || (g && !enabled(g, 'enable'))) continue;
    const pick = (...path: string[]): string | undefined => {
      const name = path.pop()!;
      return leaf(at(nb, ...path), name) ?? leaf(at(g, ...path), name);
    };
    const peerAs = pick('peer-as');
    if (peerAs === undefined) continue;
    const p: BgpPeerConfig = { addr, remoteAs: Number(peerAs) };
    const desc = leaf(nb, 'description') ?? leaf(g, 'description');
    if (desc) p.description = desc;
    const localAs = pick('local-as', 'as-number');
    if (localAs !== undefined) p.localAs = Number(localAs);
    const mai = pick('timers', 'minimum-advertisement-interval');
    if (mai !== undefined) p.minAdvIntervalSec = Number(mai);
    const la = pick('transport', 'local-address');
    if (la !== undefined) p.localAddress = la;
    if (gname) p.group = gname;
    cfg.peers.push(p);
    const fams = afiSafis(nb, afiSafis(g, top));
    if (fams.get('ipv4-unicast')) cfg.ipv4.enabled.add(addr);
    if (fams.get('evpn')) cfg.evpn.enabled.add(addr);
    if (accept(pick('export-policy'))) exportAll = true;
  }
  // An export policy whose default action is accept exports every route of the table,
  // the local (interface) ones included.
  if (exportAll) cfg.ipv4.redistribute = ['direct', 'static'];
  return cfg;
}

function mapEvpn(root: DNode): EvpnConfig | undefined {
  const cfg = newEvpnConfig();
  const esRoot = at(root, 'system', 'network-instance', 'protocols', 'evpn', 'ethernet-segments');
  for (const [inst, bi] of entries(esRoot, 'bgp-instance')) {
    cfg.bgpInstance = Number(inst);
    for (const [name, es] of entries(bi, 'ethernet-segment')) {
      const esi = leaf(es, 'esi');
      if (esi === undefined) continue;
      const s = newEthernetSegment(name, esi.toLowerCase());
      s.adminUp = enabled(es, 'disable');
      const ifn = entries(es, 'interface')[0]?.[0];
      if (ifn) s.iface = ifn;
      s.mode = (leaf(es, 'multi-homing-mode') ?? 'all-active') as typeof s.mode;
      const act = leaf(at(es, 'df-election', 'timers'), 'activation-timer');
      if (act !== undefined) s.activationTimerSec = Number(act);
      cfg.segments.push(s);
    }
  }
  for (const [ni, n] of entries(root, 'network-instance')) {
    if (niType(ni, n) !== 'mac-vrf') continue;
    const be = at(n, 'protocols', 'bgp-evpn', ['bgp-instance', '1']);
    const evi = leaf(be, 'evi');
    if (!be || evi === undefined) continue;
    const vx = leaf(be, 'vxlan-interface') ?? entries(n, 'vxlan-interface')[0]?.[0] ?? '';
    const m = newMacVrfEvpn(ni, Number(evi), vx);
    m.adminUp = enabled(be, 'enable') && enabled(n, 'enable');
    const ecmp = leaf(be, 'ecmp');
    if (ecmp !== undefined) m.ecmp = Number(ecmp);
    const dot = vx.lastIndexOf('.');
    const vni = dot > 0 ? leaf(at(root, ['tunnel-interface', vx.slice(0, dot)], ['vxlan-interface', vx.slice(dot + 1)], 'ingress'), 'vni') : undefined;
    if (vni !== undefined) m.vni = Number(vni);
    const vpn = at(n, 'protocols', 'bgp-vpn', ['bgp-instance', '1']);
    const rd = leaf(at(vpn, 'route-distinguisher'), 'rd');
    if (rd) m.rd = rd;
    const ert = leaf(at(vpn, 'route-target'), 'export-rt');
    const irt = leaf(at(vpn, 'route-target'), 'import-rt');
    if (ert) m.exportRt = [normaliseRt(ert) ?? ert];
    if (irt) m.importRt = [normaliseRt(irt) ?? irt];
    cfg.macVrfs.push(m);
  }
  return cfg.segments.length || cfg.macVrfs.length ? cfg : undefined;
}

const ifPath = (name: string): string => `.interface{.name=="${name}"}`;
const niPath = (name: string): string => `.network-instance{.name=="${name}"}`;

/**
 * The errors SR Linux gives on `commit` of this tree (empty when it validates). Each is one line:
 * the YANG path of the offending node and why.
 */
export function validate(root: DNode): string[] {
  const errs: string[] = [];
  const ifs = new Map(entries(root, 'interface'));
  const subExists = (sub: string): DNode | undefined => {
    const dot = sub.lastIndexOf('.');
    return dot < 0 ? undefined : at(ifs.get(sub.slice(0, dot)), ['subinterface', sub.slice(dot + 1)]);
  };
  for (const [name, i] of ifs) {
    const agg = leaf(at(i, 'ethernet'), 'aggregate-id');
    if (agg !== undefined) {
      if (!ifs.has(agg) || ifaceKind(agg) !== 'lag') errs.push(`Error: ${ifPath(name)}.ethernet.aggregate-id: leafref validation failed: '${agg}' is not a configured lag interface`);
      if (entries(i, 'subinterface').length) errs.push(`Error: ${ifPath(name)}: an interface with an aggregate-id cannot have subinterfaces`);
    }
    if (ifaceKind(name) === 'lag' && !at(i, 'lag')) errs.push(`Error: ${ifPath(name)}.lag: a lag interface needs its lag container (lag-type)`);
    if (ifaceKind(name) !== 'lag' && at(i, 'lag')) errs.push(`Error: ${ifPath(name)}.lag: only lag interfaces have a lag container`);
    for (const [idx, s] of entries(i, 'subinterface')) {
      const tagged = at(s, 'vlan', 'encap', 'single-tagged') !== undefined;
      if ((tagged || at(s, 'vlan', 'encap', 'untagged')) && leaf(i, 'vlan-tagging') !== 'true') {
        errs.push(`Error: ${ifPath(name)}.subinterface{.index==${idx}}.vlan: vlan encapsulation requires vlan-tagging true on ${name}`);
      }
      if (tagged && leaf(at(s, 'vlan', 'encap', 'single-tagged'), 'vlan-id') === undefined) errs.push(`Error: ${ifPath(name)}.subinterface{.index==${idx}}.vlan.encap.single-tagged: missing mandatory leaf vlan-id`);
      if (leaf(s, 'type') === 'bridged' && (at(s, 'ipv4') || at(s, 'ipv6'))) errs.push(`Error: ${ifPath(name)}.subinterface{.index==${idx}}: a bridged subinterface cannot have ipv4 or ipv6 configuration`);
    }
  }
  const owner = new Map<string, string>();
  for (const [ni, n] of entries(root, 'network-instance')) {
    const type = niType(ni, n);
    for (const [sub] of entries(n, 'interface')) {
      const p = `${niPath(ni)}.interface{.name=="${sub}"}`;
      const s = subExists(sub);
      if (!s) {
        errs.push(`Error: ${p}: leafref validation failed: subinterface '${sub}' is not configured`);
        continue;
      }
      const prev = owner.get(sub);
      if (prev !== undefined) errs.push(`Error: ${p}: subinterface '${sub}' is already associated with network-instance '${prev}'`);
      else owner.set(sub, ni);
      const bridged = leaf(s, 'type') === 'bridged';
      if (type === 'mac-vrf' && !bridged) errs.push(`Error: ${p}: only subinterfaces of type bridged can be associated with a mac-vrf`);
      if (type !== 'mac-vrf' && bridged) errs.push(`Error: ${p}: a subinterface of type bridged can only be associated with a mac-vrf`);
    }
    for (const [vx] of entries(n, 'vxlan-interface')) {
      const dot = vx.lastIndexOf('.');
      if (dot < 0 || !at(root, ['tunnel-interface', vx.slice(0, dot)], ['vxlan-interface', vx.slice(dot + 1)])) errs.push(`Error: ${niPath(ni)}.vxlan-interface{.name=="${vx}"}: leafref validation failed: vxlan-interface '${vx}' is not configured`);
    }
    if (type !== 'mac-vrf' && at(n, 'protocols', 'bgp-evpn')) errs.push(`Error: ${niPath(ni)}.protocols.bgp-evpn: bgp-evpn is only supported in network-instances of type mac-vrf or ip-vrf with a vxlan-interface`);
    const be = at(n, 'protocols', 'bgp-evpn', ['bgp-instance', '1']);
    const bvx = leaf(be, 'vxlan-interface');
    if (be && bvx !== undefined && !at(n, ['vxlan-interface', bvx])) errs.push(`Error: ${niPath(ni)}.protocols.bgp-evpn.bgp-instance{.id==1}.vxlan-interface: '${bvx}' is not a vxlan-interface of this network-instance`);
    if (be && leaf(be, 'evi') === undefined) errs.push(`Error: ${niPath(ni)}.protocols.bgp-evpn.bgp-instance{.id==1}: missing mandatory leaf evi`);
    const bgp = at(n, 'protocols', 'bgp');
    if (bgp) {
      if (type !== 'default' && type !== 'ip-vrf') errs.push(`Error: ${niPath(ni)}.protocols.bgp: bgp is not supported in a network-instance of type ${type}`);
      if (leaf(bgp, 'autonomous-system') === undefined) errs.push(`Error: ${niPath(ni)}.protocols.bgp: missing mandatory leaf autonomous-system`);
      if (leaf(bgp, 'router-id') === undefined && leaf(n, 'router-id') === undefined) errs.push(`Error: ${niPath(ni)}.protocols.bgp: missing mandatory leaf router-id`);
      const policies = new Set(entries(at(root, 'routing-policy'), 'policy').map(([k]) => k));
      const checkPol = (d: DNode, p: string): void => {
        for (const k of ['export-policy', 'import-policy']) {
          const v = leaf(d, k);
          if (v !== undefined && !policies.has(v)) errs.push(`Error: ${niPath(ni)}.protocols.bgp${p}.${k}: leafref validation failed: routing-policy '${v}' is not configured`);
        }
      };
      checkPol(bgp, '');
      for (const [gn, g] of entries(bgp, 'group')) checkPol(g, `.group{.group-name=="${gn}"}`);
      for (const [addr, nb] of entries(bgp, 'neighbor')) {
        const p = `.neighbor{.peer-address=="${addr}"}`;
        checkPol(nb, p);
        const gn = leaf(nb, 'peer-group');
        if (gn === undefined) errs.push(`Error: ${niPath(ni)}.protocols.bgp${p}: missing mandatory leaf peer-group`);
        else if (!at(bgp, ['group', gn])) errs.push(`Error: ${niPath(ni)}.protocols.bgp${p}.peer-group: leafref validation failed: group '${gn}' is not configured`);
      }
    }
  }
  const esRoot = at(root, 'system', 'network-instance', 'protocols', 'evpn', 'ethernet-segments');
  const esIfs = new Map<string, string>();
  const esis = new Map<string, string>();
  for (const [, bi] of entries(esRoot, 'bgp-instance')) {
    for (const [name, es] of entries(bi, 'ethernet-segment')) {
      const p = `.system.network-instance.protocols.evpn.ethernet-segments.bgp-instance{.id==1}.ethernet-segment{.name=="${name}"}`;
      const esi = leaf(es, 'esi')?.toLowerCase();
      if (esi === undefined) errs.push(`Error: ${p}: missing mandatory leaf esi`);
      else if (esis.has(esi)) errs.push(`Error: ${p}.esi: esi ${esi} is already used by ethernet-segment '${esis.get(esi)}'`);
      else esis.set(esi, name);
      const ifList = entries(es, 'interface');
      if (ifList.length > 1) errs.push(`Error: ${p}: an ethernet-segment has at most one interface`);
      for (const [ifn] of ifList) {
        if (!ifs.has(ifn)) errs.push(`Error: ${p}.interface{.ethernet-interface=="${ifn}"}: leafref validation failed: interface '${ifn}' is not configured`);
        else if (esIfs.has(ifn)) errs.push(`Error: ${p}.interface{.ethernet-interface=="${ifn}"}: interface '${ifn}' is already in ethernet-segment '${esIfs.get(ifn)}'`);
        else esIfs.set(ifn, name);
      }
      const alg = leaf(at(es, 'df-election', 'algorithm'), 'type');
      if (alg !== undefined && alg !== 'default') errs.push(`Error: ${p}.df-election.algorithm.type: '${alg}' is not supported by this system (supported: 'default')`);
    }
  }
  return errs;
}
