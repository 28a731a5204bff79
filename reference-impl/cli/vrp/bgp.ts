/** BGP in the vrp dialect: `bgp AS`, peers, address families, VPN instances. */
import { CliError, Ctx, VrpTable, adder } from './core';
import type { VrpConfig } from './model';
import { RANK, VrpPart } from './core';
import { newBgpConfig, newBgpVrfConfig, BgpConfig, BgpPeerConfig, Redistribute } from '../../protocols/bgp/config';
import type { BgpProcess } from '../../protocols/bgp/process';
import { displayBgpPeer, displayBgpVpnv4AllPeer } from './show-bgp';

export interface PeerCfg {
  addr: string;
  as: number;
  connectIf?: string;
}

export interface BgpVrfCfg {
  vrf: string;
  peers: Map<string, PeerCfg>;
  redistribute: Redistribute[];
  maxPaths: number;
}

export interface BgpCfg {
  asn: number;
  routerId?: string;
  peers: Map<string, PeerCfg>;
  /** ipv4-family unicast: peers with `undo peer X enable` (VRP enables every peer by default). */
  ipv4Disabled: Set<string>;
  ipv4Redistribute: Redistribute[];
  ipv4MaxPaths: number;
  vpnv4?: { enabled: string[] };
  vrfs: Map<string, BgpVrfCfg>;
}

declare module './model' {
  interface VrpConfig {
    /** `bgp AS` (one process). */
    bgp?: BgpCfg;
  }
}

export function newBgpCfg(asn: number): BgpCfg {
  return { asn, peers: new Map(), ipv4Disabled: new Set(), ipv4Redistribute: [], ipv4MaxPaths: 1, vrfs: new Map() };
}

function register(t: VrpTable): void {
  const add = adder(t);
  add('any', 'display bgp vpnv4 all peer', (c) => displayBgpVpnv4AllPeer(c.dev.host.instance<BgpProcess>('bgp'), c.dev.node.sched.now), false);
  add('any', 'display bgp peer', (c) => displayBgpPeer(c.dev.host.instance<BgpProcess>('bgp'), c.dev.node.sched.now), false);
  // ---- BGP ----
  add('system', 'bgp <asn:int:1-4294967295>', (c, a) => {
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
  add(['bgp', 'bgp-vrf'], 'peer <addr:ip> as-number <as:int:1-4294967295>', (c, a) => {
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
    add(['bgp', 'bgp-ipv4', 'bgp-vrf'], `import-route ${proto}${proto === 'ospf' ? ' <id:int:1-65535>' : ''}`, (c) => {
      const f = familyOf(c);
      const k = f.redistribute.indexOf(proto);
      if (c.undo && k >= 0) f.redistribute.splice(k, 1);
      if (!c.undo && k < 0) f.redistribute.push(proto);
    });
  }
  add(['bgp-ipv4', 'bgp-vrf'], 'maximum load-balancing <n:int:1-64>', (c, a) => {
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

}

const peerCfg = (p: PeerCfg): BgpPeerConfig => ({ addr: p.addr, remoteAs: p.as, connectIface: p.connectIf });

export function bgpConfigOf(c: VrpConfig, routerId?: string): BgpConfig | undefined {
  const b = c.bgp;
  if (!b) return undefined;
  const cfg = newBgpConfig(b.asn);
  cfg.routerId = b.routerId ?? routerId;
  cfg.peers = [...b.peers.values()].map(peerCfg);
  cfg.ipv4.enabled = new Set([...b.peers.keys()].filter((a) => !b.ipv4Disabled.has(a)));
  cfg.ipv4.redistribute = [...b.ipv4Redistribute];
  cfg.ipv4.maxPaths = b.ipv4MaxPaths;
  cfg.vpnv4.enabled = new Set(b.vpnv4?.enabled ?? []);
  for (const v of b.vrfs.values()) {
    const vc = newBgpVrfConfig(v.vrf);
    vc.peers = [...v.peers.values()].map(peerCfg);
    vc.redistribute = [...v.redistribute];
    vc.maxPaths = v.maxPaths;
    cfg.vrfs.set(v.vrf, vc);
  }
  return cfg;
}

function running(c: VrpConfig) {
  const b = c.bgp;
  if (!b) return [];
  const s = [`bgp ${b.asn}`];
  if (b.routerId) s.push(` router-id ${b.routerId}`);
  for (const p of b.peers.values()) {
    s.push(` peer ${p.addr} as-number ${p.as}`);
    if (p.connectIf) s.push(` peer ${p.addr} connect-interface ${p.connectIf}`);
  }
  s.push(' #', ' ipv4-family unicast', '  undo synchronization');
  for (const r of b.ipv4Redistribute) s.push(`  import-route ${r}`);
  if (b.ipv4MaxPaths !== 1) s.push(`  maximum load-balancing ${b.ipv4MaxPaths}`);
  for (const p of b.peers.values()) if (!b.ipv4Disabled.has(p.addr)) s.push(`  peer ${p.addr} enable`);
  if (b.vpnv4) {
    s.push(' #', ' ipv4-family vpnv4', '  policy vpn-target');
    for (const p of b.vpnv4.enabled) s.push(`  peer ${p} enable`);
  }
  for (const v of b.vrfs.values()) {
    s.push(' #', ` ipv4-family vpn-instance ${v.vrf}`);
    for (const p of v.peers.values()) {
      s.push(`  peer ${p.addr} as-number ${p.as}`);
      if (p.connectIf) s.push(`  peer ${p.addr} connect-interface ${p.connectIf}`);
    }
    for (const r of v.redistribute) s.push(`  import-route ${r}`);
    if (v.maxPaths !== 1) s.push(`  maximum load-balancing ${v.maxPaths}`);
  }
  return [{ rank: RANK.bgp, lines: s }];
}

const head = (_v: unknown, c: VrpConfig) => `bgp ${c.bgp?.asn}`;
const toBgp = () => ({ kind: 'bgp' });

export const bgpPart: VrpPart = {
  name: 'bgp',
  views: [
    { kind: 'bgp', label: () => '-bgp', head },
    { kind: 'bgp-ipv4', parent: toBgp, label: () => '-bgp-af-ipv4', head },
    { kind: 'bgp-vpnv4', parent: toBgp, label: () => '-bgp-af-vpnv4', head },
    { kind: 'bgp-vrf', parent: toBgp, label: (v) => `-bgp-${v.vrf}`, head },
  ],
  register,
  running,
  vpnRemoved(c, name) {
    c.bgp?.vrfs.delete(name);
  },
  neutral(c, n, routerId) {
    const b = bgpConfigOf(c, routerId);
    if (b) n.protocols.set('bgp', b);
  },
};
