/**
 * Commit: the running VrpConfig is pushed onto the node (hostname, VRFs, interfaces, load
 * balancing) and turned into the neutral protocol configs; each engine gets `update(cfg)`,
 * created on first use and stopped when its configuration goes away.
 */
import { parseIPv4, fmtAddr, cmpAddr } from '../../net/addr';
import type { Iface } from '../../net/iface';
import type { Node } from '../../net/node';
import { OspfProcess } from '../../protocols/ospf/process';
import { LdpProcess } from '../../protocols/ldp/process';
import { BgpProcess } from '../../protocols/bgp/process';
import { BfdEngine } from '../../protocols/bfd/engine';
import { StaticRoutes } from '../../protocols/static/engine';
import { newOspfConfig, OspfConfig } from '../../protocols/ospf/config';
import { newLdpConfig } from '../../protocols/ldp/config';
import { newBgpConfig, newBgpVrfConfig, BgpConfig, BgpPeerConfig } from '../../protocols/bgp/config';
import { newBfdConfig, newBfdSessionConfig } from '../../protocols/bfd/config';
import type { PeerCfg, VrpConfig } from './model';

export interface Engines {
  ospf: Map<number, OspfProcess>;
  ldp?: LdpProcess;
  bgp?: BgpProcess;
  bgpAsn?: number;
  bfd?: BfdEngine;
  statics?: StaticRoutes;
  /** Router ID chosen once (VRP: the highest loopback address, else the highest interface address). */
  routerId?: string;
}

export function newEngines(): Engines {
  return { ospf: new Map() };
}

/** VRP's automatic router ID: the highest loopback IPv4 address, else the highest interface address. */
function autoRouterId(c: VrpConfig): string | undefined {
  const pick = (lo: boolean) =>
    [...c.ifaces.values()]
      .filter((i) => i.addr && !i.vrf && i.name.startsWith('LoopBack') === lo)
      .map((i) => parseIPv4(i.addr!.addr)!)
      .sort(cmpAddr)
      .pop();
  const a = pick(true) ?? pick(false);
  return a ? fmtAddr(a) : undefined;
}

function applyIfaces(node: Node, c: VrpConfig): void {
  for (const ic of c.ifaces.values()) {
    let i = node.ifaces.get(ic.name);
    if (!i) i = node.addIface(ic.name, ic.name.startsWith('LoopBack') ? 'loopback' : 'ethernet');
    const adminUp = ic.shutdown === undefined ? i.kind === 'loopback' : !ic.shutdown;
    const v4 = ic.addr ? { addr: parseIPv4(ic.addr.addr)!, len: ic.addr.len } : undefined;
    setIface(node, i, adminUp, ic.vrf ?? '', v4, ic.description ?? '');
  }
  for (const i of [...node.ifaces.values()]) {
    if (c.ifaces.has(i.name)) continue;
    if (i.kind === 'loopback') node.removeIface(i);
    else setIface(node, i, false, '', undefined, '');
  }
}

function setIface(node: Node, i: Iface, adminUp: boolean, vrf: string, v4: Iface['v4'], descr: string): void {
  i.description = descr;
  const same = i.adminUp === adminUp && i.vrf === vrf && i.v4?.addr.v === v4?.addr.v && i.v4?.len === v4?.len;
  if (same) return;
  i.adminUp = adminUp;
  i.vrf = vrf;
  i.v4 = v4;
  node.ifaceChanged(i);
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

export function ospfConfigOf(c: VrpConfig, id: number, routerId?: string): OspfConfig {
  const o = c.ospf.get(id)!;
  const cfg = newOspfConfig(id);
  cfg.routerId = o.routerId ?? routerId;
  cfg.areas = [...o.areas].map(([aid, nets]) => ({ id: aid, networks: nets.map((n) => ({ ...n })) }));
  return cfg;
}

export function applyConfigToNode(node: Node, e: Engines, c: VrpConfig): void {
  node.hostname = c.sysname;
  // VPN instances.
  for (const v of c.vpns.values()) {
    const vrf = node.vrf(v.name);
    vrf.rd = v.af4 ? v.rd : undefined;
    vrf.importRt = v.af4 ? [...v.importRt] : [];
    vrf.exportRt = v.af4 ? [...v.exportRt] : [];
  }
  applyIfaces(node, c);
  node.ip.loadBalance = c.loadBalancePacket ? 'packet' : 'flow';
  e.routerId ??= autoRouterId(c);

  // OSPF processes.
  for (const [id, p] of e.ospf) {
    if (!c.ospf.has(id)) {
      p.stop();
      e.ospf.delete(id);
    }
  }
  for (const id of c.ospf.keys()) {
    const cfg = ospfConfigOf(c, id, e.routerId);
    const p = e.ospf.get(id);
    if (p) p.update(cfg);
    else {
      const np = new OspfProcess(node, cfg);
      e.ospf.set(id, np);
      np.start();
    }
  }

  // MPLS and LDP.
  if (c.mpls || c.mplsLdp || c.lsrId) {
    const cfg = newLdpConfig();
    cfg.lsrId = c.lsrId;
    cfg.mpls = c.mpls;
    cfg.ldp = c.mplsLdp;
    for (const i of c.ifaces.values()) {
      if (i.mpls) cfg.mplsIfaces.add(i.name);
      if (i.mplsLdp) cfg.ldpIfaces.add(i.name);
    }
    if (e.ldp) e.ldp.update(cfg);
    else {
      e.ldp = new LdpProcess(node, cfg);
      e.ldp.start();
    }
  } else if (e.ldp) {
    e.ldp.stop();
    e.ldp = undefined;
  }

  // BGP: a new AS number is a new process.
  const bcfg = bgpConfigOf(c, e.routerId);
  if (e.bgp && e.bgpAsn !== bcfg?.asn) {
    e.bgp.stop();
    e.bgp = undefined;
  }
  if (bcfg) {
    if (e.bgp) e.bgp.update(bcfg);
    else {
      e.bgp = new BgpProcess(node, bcfg);
      e.bgpAsn = bcfg.asn;
      e.bgp.start();
    }
  }

  // BFD, then static routes (which track BFD sessions).
  const needBfd = c.bfd || c.bfdSessions.size > 0 || c.statics.some((r) => r.trackBfd);
  if (needBfd || e.bfd) {
    const cfg = newBfdConfig();
    cfg.enabled = c.bfd;
    for (const s of c.bfdSessions.values()) {
      const sc = newBfdSessionConfig(s.name, s.peer);
      sc.vrf = s.vrf ?? '';
      sc.iface = s.iface;
      sc.source = s.source;
      if (s.minTx !== undefined) sc.minTxMs = s.minTx;
      if (s.minRx !== undefined) sc.minRxMs = s.minRx;
      if (s.mult !== undefined) sc.detectMult = s.mult;
      sc.adminDown = s.shutdown;
      sc.description = s.description;
      cfg.sessions.set(s.name, sc);
    }
    e.bfd ??= new BfdEngine(node);
    e.bfd.update(cfg);
  }
  if (c.statics.length || e.statics) {
    e.bfd ??= new BfdEngine(node);
    e.statics ??= new StaticRoutes(node, e.bfd);
    e.statics.update({ routes: c.statics.map((r) => ({ ...r })) });
  }

  // VPN instances gone from the config: after the engines let go of them.
  for (const name of [...node.vrfs.keys()]) {
    if (name !== '' && !c.vpns.has(name)) node.vrfs.delete(name);
  }
}

export function stopEngines(e: Engines): void {
  for (const p of e.ospf.values()) p.stop();
  e.ospf.clear();
  e.ldp?.stop();
  e.bgp?.stop();
  e.bfd?.stop();
  e.statics?.stop();
  e.ldp = e.bgp = e.bfd = e.statics = undefined;
}
