/**
 * VRP configuration commands, per view, editing the session's candidate configuration.
 * `undo X` removes what X configured.
 */
import { CliError, Ctx, ViewKind, table } from './device';
import { areaId, BgpVrfCfg, IfCfg, newBgpCfg, newIfCfg, PeerCfg } from './model';
import type { Redistribute } from '../../protocols/bgp/config';
import { canonIfName } from './grammar';
import { maskToLen, parseIPv4, prefixOf, fmtPrefix } from '../../net/addr';
import type { StaticRouteConfig } from '../../protocols/static/config';

type Run = (c: Ctx, a: Record<string, string>) => string | void;
const add = (views: ViewKind | ViewKind[] | 'any' | 'cfg-any', pattern: string, run: Run, undo = true) => {
  for (const v of Array.isArray(views) ? views : [views]) table.add(v, { pattern, run, undo });
};

// ---- leaving views, commit (the session decides about the uncommitted-changes dialog) ----
add('cfg-any', 'quit', (c) => c.quit(), false);
add('cfg-any', 'return', (c) => c.ret(), false);
add('cfg-any', 'commit', (c) => c.commit(), false);

// ---- system view ----
add('system', 'sysname <name>', (c, a) => {
  c.cand.sysname = c.undo ? 'HUAWEI' : a.name;
});

function ifOf(c: Ctx, name: string, create: boolean): IfCfg {
  let i = c.cand.ifaces.get(name);
  if (!i) {
    const exists = c.dev.node.ifaces.has(name) || name.startsWith('LoopBack');
    if (!exists || !create) throw new CliError('Error: The interface does not exist.');
    i = newIfCfg(name);
    c.cand.ifaces.set(name, i);
  }
  return i;
}

add('system', 'interface <if:if>', (c, a) => {
  if (c.undo) {
    if (!a.if.startsWith('LoopBack')) throw new CliError('Error: The physical interface cannot be deleted.');
    c.cand.ifaces.delete(a.if);
    for (const s of c.cand.bfdSessions.values()) if (s.iface === a.if) s.iface = undefined;
    return;
  }
  ifOf(c, a.if, true);
  c.setView({ kind: 'iface', iface: a.if });
});

add('system', 'ospf', (c) => enterOspf(c, 1));
add('system', 'ospf <id:int>', (c, a) => enterOspf(c, Number(a.id)));
add('system', 'ospf <id:int> router-id <rid:ip>', (c, a) => enterOspf(c, Number(a.id), a.rid));
function enterOspf(c: Ctx, id: number, rid?: string): void {
  if (c.undo) {
    c.cand.ospf.delete(id);
    return;
  }
  let o = c.cand.ospf.get(id);
  if (!o) {
    o = { id, areas: new Map() };
    c.cand.ospf.set(id, o);
  }
  if (rid) o.routerId = rid;
  c.setView({ kind: 'ospf', ospf: id });
}
add('ospf', 'area <id>', (c, a) => {
  const id = areaId(a.id);
  if (!id) throw new CliError("Error: Wrong parameter found at '^' position.");
  const o = c.cand.ospf.get(c.view.ospf!)!;
  if (c.undo) {
    o.areas.delete(id);
    return;
  }
  if (!o.areas.has(id)) o.areas.set(id, []);
  c.setView({ kind: 'ospf-area', ospf: o.id, area: id });
});
add('ospf-area', 'network <addr:ip> <wild:ip>', (c, a) => {
  const nets = c.cand.ospf.get(c.view.ospf!)!.areas.get(c.view.area!)!;
  const i = nets.findIndex((n) => n.addr === a.addr && n.wildcard === a.wild);
  if (c.undo) {
    if (i < 0) throw new CliError('Error: The network does not exist.');
    nets.splice(i, 1);
  } else if (i < 0) nets.push({ addr: a.addr, wildcard: a.wild });
});

// ---- MPLS, LDP ----
add('system', 'mpls lsr-id <id:ip>', (c, a) => {
  c.cand.lsrId = c.undo ? undefined : a.id;
});
add('system', 'mpls', (c) => {
  if (c.undo) {
    c.cand.mpls = false;
    c.cand.mplsLdp = false;
    for (const i of c.cand.ifaces.values()) i.mpls = i.mplsLdp = false;
    return;
  }
  if (!c.cand.lsrId) throw new CliError('Error: The LSR ID must be configured first.');
  c.cand.mpls = true;
  c.setView({ kind: 'mpls' });
});
add('system', 'mpls ldp', (c) => {
  if (c.undo) {
    c.cand.mplsLdp = false;
    for (const i of c.cand.ifaces.values()) i.mplsLdp = false;
    return;
  }
  if (!c.cand.mpls) throw new CliError('Error: MPLS is not enabled globally.');
  c.cand.mplsLdp = true;
  c.setView({ kind: 'mpls-ldp' });
});

// ---- interface view ----
const inIf = (pattern: string, run: (c: Ctx, i: IfCfg, a: Record<string, string>) => string | void) =>
  add('iface', pattern, (c, a) => run(c, c.cand.ifaces.get(c.view.iface!)!, a));

inIf('shutdown', (c, i) => {
  i.shutdown = !c.undo;
});
inIf('description <text...>', (c, i, a) => {
  i.description = c.undo ? undefined : a.text;
});
inIf('ip address <addr:ip> <mask:mask>', (c, i, a) => {
  if (c.undo) {
    i.addr = undefined;
    return;
  }
  const len = Number(a.mask);
  const v = parseIPv4(a.addr)!.v;
  const host = len >= 31 ? 1n : v & ((1n << BigInt(32 - len)) - 1n);
  // Network and broadcast addresses are not host addresses (lengths up to /30).
  if (host === 0n || host === (1n << BigInt(32 - len)) - 1n) throw new CliError('Error: The specified IP address is invalid.');
  i.addr = { addr: a.addr, len };
});
table.add('iface', { pattern: 'undo ip address', run: (c) => void (c.cand.ifaces.get(c.view.iface!)!.addr = undefined) });
inIf('ip binding vpn-instance <vrf>', (c, i, a) => {
  if (c.undo) {
    i.vrf = undefined;
  } else {
    if (!c.cand.vpns.get(a.vrf)?.af4) throw new CliError('Error: The VPN instance does not exist or its address family is not enabled.');
    if (i.vrf === a.vrf) return;
    i.vrf = a.vrf;
  }
  // As on VRP, binding or unbinding removes the interface's IPv4 configuration.
  if (i.addr) {
    i.addr = undefined;
    return 'Info: All IPv4 related configurations on this interface are removed!\n';
  }
});
table.add('iface', { pattern: 'undo ip binding vpn-instance', run: (c) => void (c.cand.ifaces.get(c.view.iface!)!.vrf = undefined) });
inIf('mpls', (c, i) => {
  if (!c.undo && !c.cand.mpls) throw new CliError('Error: MPLS is not enabled globally.');
  i.mpls = !c.undo;
  if (c.undo) i.mplsLdp = false;
});
inIf('mpls ldp', (c, i) => {
  if (!c.undo && !i.mpls) throw new CliError('Error: MPLS is not enabled on this interface.');
  if (!c.undo && !c.cand.mplsLdp) throw new CliError('Error: MPLS LDP is not enabled globally.');
  i.mplsLdp = !c.undo;
});

// ---- VPN instances ----
add('system', 'ip vpn-instance <name>', (c, a) => {
  if (c.undo) {
    c.cand.vpns.delete(a.name);
    for (const i of c.cand.ifaces.values()) {
      if (i.vrf === a.name) {
        i.vrf = undefined;
        i.addr = undefined;
      }
    }
    c.cand.bgp?.vrfs.delete(a.name);
    return;
  }
  if (!c.cand.vpns.has(a.name)) c.cand.vpns.set(a.name, { name: a.name, af4: false, exportRt: [], importRt: [], labelPerInstance: true });
  c.setView({ kind: 'vpn', vrf: a.name });
});
add('vpn', 'ipv4-family', (c) => {
  const v = c.cand.vpns.get(c.view.vrf!)!;
  if (c.undo) {
    v.af4 = false;
    v.rd = undefined;
    v.exportRt = [];
    v.importRt = [];
    return;
  }
  v.af4 = true;
  c.setView({ kind: 'vpn-af4', vrf: v.name });
});
add('vpn-af4', 'route-distinguisher <rd:rt>', (c, a) => {
  const v = c.cand.vpns.get(c.view.vrf!)!;
  if (c.undo) v.rd = undefined;
  else if (v.rd && v.rd !== a.rd) throw new CliError('Error: The RD cannot be modified; undo the existing RD first.');
  else v.rd = a.rd;
});
for (const dir of ['both', 'export-extcommunity', 'import-extcommunity', '']) {
  add('vpn-af4', `vpn-target <rt:rt>${dir ? ' ' + dir : ''}`, (c, a) => {
    const v = c.cand.vpns.get(c.view.vrf!)!;
    if (!v.rd && !c.undo) throw new CliError('Error: Please configure the RD first.');
    const lists = dir === 'export-extcommunity' ? [v.exportRt] : dir === 'import-extcommunity' ? [v.importRt] : [v.exportRt, v.importRt];
    for (const l of lists) {
      const k = l.indexOf(a.rt);
      if (c.undo && k >= 0) l.splice(k, 1);
      if (!c.undo && k < 0) l.push(a.rt);
    }
  });
}
add('vpn-af4', 'apply-label per-instance', (c) => {
  c.cand.vpns.get(c.view.vrf!)!.labelPerInstance = !c.undo;
});

// ---- BGP ----
add('system', 'bgp <asn:int>', (c, a) => {
  const asn = Number(a.asn);
  if (c.undo) {
    if (c.cand.bgp?.asn !== asn) throw new CliError('Error: The specified AS number is different from the configured one.');
    c.cand.bgp = undefined;
    return;
  }
  if (c.cand.bgp && c.cand.bgp.asn !== asn) throw new CliError(`Error: BGP is already running with AS number ${c.cand.bgp.asn}.`);
  c.cand.bgp ??= newBgpCfg(asn);
  c.setView({ kind: 'bgp' });
});

/** The peers of the view: public peers in `bgp`, the VPN instance's in `ipv4-family vpn-instance`. */
function peersOf(c: Ctx): Map<string, PeerCfg> {
  const b = c.cand.bgp!;
  return c.view.kind === 'bgp-vrf' ? b.vrfs.get(c.view.vrf!)!.peers : b.peers;
}
add(['bgp', 'bgp-vrf'], 'peer <addr:ip> as-number <as:int>', (c, a) => {
  const peers = peersOf(c);
  if (c.undo) {
    peers.delete(a.addr);
    return;
  }
  const p = peers.get(a.addr);
  if (p) p.as = Number(a.as);
  else peers.set(a.addr, { addr: a.addr, as: Number(a.as) });
});
add(['bgp', 'bgp-vrf'], 'peer <addr:ip> connect-interface <if:if>', (c, a) => {
  const p = peersOf(c).get(a.addr);
  if (!p) throw new CliError('Error: The peer does not exist.');
  p.connectIf = c.undo ? undefined : a.if;
});
add(['bgp', 'bgp-vrf'], 'undo peer <addr:ip>', (c, a) => {
  if (!peersOf(c).delete(a.addr)) throw new CliError('Error: The peer does not exist.');
  const b = c.cand.bgp!;
  b.ipv4Disabled.delete(a.addr);
  if (b.vpnv4) b.vpnv4.enabled = b.vpnv4.enabled.filter((x) => x !== a.addr);
}, false);
add('bgp', 'router-id <id:ip>', (c, a) => {
  c.cand.bgp!.routerId = c.undo ? undefined : a.id;
});
add('bgp', 'ipv4-family unicast', (c) => c.setView({ kind: 'bgp-ipv4' }), false);
add('bgp', 'ipv4-family vpnv4', (c) => enterVpnv4(c));
add('bgp', 'ipv4-family vpnv4 unicast', (c) => enterVpnv4(c));
function enterVpnv4(c: Ctx): void {
  const b = c.cand.bgp!;
  if (c.undo) {
    b.vpnv4 = undefined;
    return;
  }
  b.vpnv4 ??= { enabled: [] };
  c.setView({ kind: 'bgp-vpnv4' });
}
add('bgp', 'ipv4-family vpn-instance <vrf>', (c, a) => {
  const b = c.cand.bgp!;
  if (c.undo) {
    b.vrfs.delete(a.vrf);
    return;
  }
  const v = c.cand.vpns.get(a.vrf);
  if (!v) throw new CliError('Error: The VPN instance does not exist.');
  if (!v.rd) throw new CliError('Error: The VPN instance does not have an RD configured.');
  if (!b.vrfs.has(a.vrf)) b.vrfs.set(a.vrf, { vrf: a.vrf, peers: new Map(), redistribute: [], maxPaths: 1 });
  c.setView({ kind: 'bgp-vrf', vrf: a.vrf });
});

/** The family the view configures: ipv4 unicast (bgp, bgp-ipv4) or a VPN instance. */
function familyOf(c: Ctx): { redistribute: Redistribute[]; setMax(n: number): void } {
  const b = c.cand.bgp!;
  if (c.view.kind === 'bgp-vrf') {
    const v: BgpVrfCfg = b.vrfs.get(c.view.vrf!)!;
    return { redistribute: v.redistribute, setMax: (n) => (v.maxPaths = n) };
  }
  return { redistribute: b.ipv4Redistribute, setMax: (n) => (b.ipv4MaxPaths = n) };
}
for (const proto of ['direct', 'static', 'ospf'] as const) {
  add(['bgp', 'bgp-ipv4', 'bgp-vrf'], `import-route ${proto}${proto === 'ospf' ? ' <id:int>' : ''}`, (c) => {
    const f = familyOf(c);
    const k = f.redistribute.indexOf(proto);
    if (c.undo && k >= 0) f.redistribute.splice(k, 1);
    if (!c.undo && k < 0) f.redistribute.push(proto);
  });
}
add(['bgp-ipv4', 'bgp-vrf'], 'maximum load-balancing <n:int>', (c, a) => {
  const n = Number(a.n);
  if (!c.undo && (n < 1 || n > 64)) throw new CliError("Error: Wrong parameter found at '^' position.");
  familyOf(c).setMax(c.undo ? 1 : n);
});
add(['bgp', 'bgp-ipv4'], 'undo synchronization', () => undefined, false);
add(['bgp', 'bgp-ipv4'], 'peer <addr:ip> enable', (c, a) => {
  const b = c.cand.bgp!;
  if (!b.peers.has(a.addr)) throw new CliError('Error: The peer does not exist.');
  if (c.undo) b.ipv4Disabled.add(a.addr);
  else b.ipv4Disabled.delete(a.addr);
});
add('bgp-vrf', 'peer <addr:ip> enable', (c, a) => {
  if (!peersOf(c).has(a.addr)) throw new CliError('Error: The peer does not exist.');
});
add('bgp-vpnv4', 'policy vpn-target', () => undefined, false);
add('bgp-vpnv4', 'peer <addr:ip> enable', (c, a) => {
  const b = c.cand.bgp!;
  if (!b.peers.has(a.addr)) throw new CliError('Error: The peer does not exist.');
  const en = b.vpnv4!.enabled;
  const k = en.indexOf(a.addr);
  if (c.undo && k >= 0) en.splice(k, 1);
  if (!c.undo && k < 0) en.push(a.addr);
});

// ---- load balancing, static routes ----
add('system', 'load-balance packet all', (c) => {
  c.cand.loadBalancePacket = !c.undo;
});

/** `ip route-static [vpn-instance V] DEST MASK|LEN [IFACE] [NEXTHOP] [preference P] [track bfd-session N]` */
function parseStatic(c: Ctx, words: string[]): StaticRouteConfig {
  let i = 0;
  let vrf = '';
  const kw = (w: string | undefined, k: string) => w !== undefined && w.length >= 2 && k.startsWith(w.toLowerCase());
  const bad = () => new CliError("Error: Wrong parameter found at '^' position.");
  if (kw(words[i], 'vpn-instance')) {
    vrf = words[i + 1] ?? '';
    if (!c.cand.vpns.has(vrf)) throw new CliError('Error: The VPN instance does not exist.');
    i += 2;
  }
  const dst = parseIPv4(words[i++] ?? '');
  const m = words[i++] ?? '';
  const len = /^\d+$/.test(m) ? Number(m) : maskToLen(4, m);
  if (!dst || len === undefined || len > 32) throw bad();
  const r: StaticRouteConfig = { vrf, prefix: fmtPrefix(prefixOf(dst, len)), preference: 60 };
  const ifn = words[i] ? canonIfName(words[i] + (words[i + 1] && /^\d/.test(words[i + 1]) && !parseIPv4(words[i + 1]) ? words[i + 1] : '')) : undefined;
  if (ifn) {
    r.iface = ifn;
    i += canonIfName(words[i]) ? 1 : 2;
  }
  if (words[i] && parseIPv4(words[i])) r.nextHop = words[i++];
  if (!r.iface && !r.nextHop) throw new CliError('Error: Incomplete command found at \'^\' position.');
  while (i < words.length) {
    if (kw(words[i], 'preference') && /^\d+$/.test(words[i + 1] ?? '')) {
      r.preference = Number(words[i + 1]);
      i += 2;
    } else if (kw(words[i], 'track') && kw(words[i + 1], 'bfd-session') && words[i + 2]) {
      r.trackBfd = words[i + 2];
      i += 3;
    } else throw bad();
  }
  return r;
}
const sameStatic = (a: StaticRouteConfig, b: StaticRouteConfig) => a.vrf === b.vrf && a.prefix === b.prefix && a.nextHop === b.nextHop && a.iface === b.iface;
add('system', 'ip route-static <args...>', (c, a) => {
  const r = parseStatic(c, a.args.split(' '));
  const k = c.cand.statics.findIndex((x) => sameStatic(x, r));
  if (c.undo) {
    if (k < 0) throw new CliError('Error: The static route does not exist.');
    c.cand.statics.splice(k, 1);
  } else if (k >= 0) c.cand.statics[k] = r;
  else c.cand.statics.push(r);
});

// ---- BFD ----
add('system', 'bfd', (c) => {
  if (c.undo) {
    c.cand.bfd = false;
    c.cand.bfdSessions.clear();
    return;
  }
  c.cand.bfd = true;
  c.setView({ kind: 'bfd' });
});
add('system', 'bfd <name>', (c, a) => {
  if (c.undo) {
    if (!c.cand.bfdSessions.delete(a.name)) throw new CliError('Error: The BFD session does not exist.');
    return;
  }
  if (!c.cand.bfdSessions.has(a.name)) throw new CliError('Error: The BFD session does not exist.');
  c.setView({ kind: 'bfd-session', bfd: a.name });
});
add('system', 'bfd <name> bind peer-ip <peer:ip> <opts...>', (c, a) => {
  if (c.undo) {
    if (!c.cand.bfdSessions.delete(a.name)) throw new CliError('Error: The BFD session does not exist.');
    return;
  }
  if (!c.cand.bfd) throw new CliError('Error: Please enable BFD in global mode first.');
  const w = a.opts.split(' ');
  const s = { name: a.name, peer: a.peer, shutdown: false } as { name: string; peer: string; shutdown: boolean; vrf?: string; iface?: string; source?: string };
  const kw = (x: string | undefined, k: string) => x !== undefined && x.length >= 2 && k.startsWith(x.toLowerCase());
  let auto = false;
  for (let i = 0; i < w.length; ) {
    if (kw(w[i], 'vpn-instance') && w[i + 1]) {
      if (!c.cand.vpns.has(w[i + 1])) throw new CliError('Error: The VPN instance does not exist.');
      s.vrf = w[i + 1];
      i += 2;
    } else if (kw(w[i], 'interface') && w[i + 1]) {
      const one = canonIfName(w[i + 1]);
      const two = w[i + 2] ? canonIfName(w[i + 1] + w[i + 2]) : undefined;
      s.iface = one ?? two;
      if (!s.iface) throw new CliError("Error: Wrong parameter found at '^' position.");
      i += one ? 2 : 3;
    } else if (kw(w[i], 'source-ip') && parseIPv4(w[i + 1] ?? '')) {
      s.source = w[i + 1];
      i += 2;
    } else if (kw(w[i], 'auto')) {
      auto = true;
      i++;
    } else throw new CliError("Error: Wrong parameter found at '^' position.");
  }
  if (!auto) throw new CliError("Error: Incomplete command found at '^' position.");
  const old = c.cand.bfdSessions.get(a.name);
  if (old && (old.peer !== s.peer || old.vrf !== s.vrf || old.iface !== s.iface || old.source !== s.source)) {
    throw new CliError('Error: The BFD session already exists with other binding parameters.');
  }
  if (!old) c.cand.bfdSessions.set(a.name, s);
  c.setView({ kind: 'bfd-session', bfd: a.name });
});
const inSess = (pattern: string, run: (c: Ctx, a: Record<string, string>) => void) => add('bfd-session', pattern, run);
for (const [kwd, key] of [
  ['min-tx-interval', 'minTx'],
  ['min-rx-interval', 'minRx'],
  ['detect-multiplier', 'mult'],
] as const) {
  inSess(`${kwd} <n:int>`, (c, a) => {
    c.cand.bfdSessions.get(c.view.bfd!)![key] = c.undo ? undefined : Number(a.n);
  });
}
inSess('shutdown', (c) => {
  c.cand.bfdSessions.get(c.view.bfd!)!.shutdown = !c.undo;
});
inSess('description <text...>', (c, a) => {
  c.cand.bfdSessions.get(c.view.bfd!)!.description = c.undo ? undefined : a.text;
});
