/**
 * The VRP configuration as the node's neutral model: interfaces, VPN instances and one section
 * per protocol. A commit hands the new model to the device's ProtocolHost, which applies the
 * difference to the node and its engines.
 */
import { parseIPv4, fmtAddr, cmpAddr } from '../../net/addr';
import { NodeConfig, newNodeConfig } from '../../config/model';
import type { OspfSection } from '../../protocols/ospf/module';
import type { StaticConfig } from '../../protocols/static/config';
import { newOspfConfig, OspfConfig } from '../../protocols/ospf/config';
import { newLdpConfig } from '../../protocols/ldp/config';
import { newBgpConfig, newBgpVrfConfig, BgpConfig, BgpPeerConfig } from '../../protocols/bgp/config';
import { newBfdConfig, newBfdSessionConfig } from '../../protocols/bfd/config';
import type { PeerCfg, VrpConfig } from './model';

/** VRP's automatic router ID: the highest loopback IPv4 address, else the highest interface address. */
export function autoRouterId(c: VrpConfig): string | undefined {
  const pick = (lo: boolean) =>
    [...c.ifaces.values()]
      .filter((i) => i.addr && !i.vrf && i.name.startsWith('LoopBack') === lo)
      .map((i) => parseIPv4(i.addr!.addr)!)
      .sort(cmpAddr)
      .pop();
  const a = pick(true) ?? pick(false);
  return a ? fmtAddr(a) : undefined;
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

export function toNodeConfig(c: VrpConfig, routerId?: string): NodeConfig {
  const n = newNodeConfig(c.sysname);
  for (const v of c.vpns.values()) {
    n.vrfs.set(v.name, { name: v.name, rd: v.af4 ? v.rd : undefined, importRt: v.af4 ? [...v.importRt] : [], exportRt: v.af4 ? [...v.exportRt] : [] });
  }
  for (const ic of c.ifaces.values()) {
    const kind = ic.name.startsWith('LoopBack') ? 'loopback' : 'ethernet';
    n.ifaces.set(ic.name, {
      name: ic.name,
      kind,
      // VRP: ports are shut down until `undo shutdown`, loopbacks are up.
      adminUp: ic.shutdown === undefined ? kind === 'loopback' : !ic.shutdown,
      vrf: ic.vrf ?? '',
      v4: ic.addr ? { ...ic.addr } : undefined,
      description: ic.description ?? '',
    });
  }
  n.loadBalance = c.loadBalancePacket ? 'packet' : 'flow';
  if (c.ospf.size) n.protocols.set('ospf', { processes: [...c.ospf.keys()].map((id) => ospfConfigOf(c, id, routerId)) } satisfies OspfSection);
  if (c.mpls || c.mplsLdp || c.lsrId) {
    const cfg = newLdpConfig();
    cfg.lsrId = c.lsrId;
    cfg.mpls = c.mpls;
    cfg.ldp = c.mplsLdp;
    for (const i of c.ifaces.values()) {
      if (i.mpls) cfg.mplsIfaces.add(i.name);
      if (i.mplsLdp) cfg.ldpIfaces.add(i.name);
    }
    n.protocols.set('ldp', cfg);
  }
  const bcfg = bgpConfigOf(c, routerId);
  if (bcfg) n.protocols.set('bgp', bcfg);
  if (c.bfd || c.bfdSessions.size > 0) {
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
    n.protocols.set('bfd', cfg);
  }
  if (c.statics.length) n.protocols.set('static', { routes: c.statics.map((r) => ({ ...r })) } satisfies StaticConfig);
  return n;
}
