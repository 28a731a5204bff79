/**
 * `display current-configuration` in VRP's layout (the seed's Configuration Files): `#`
 * between sections, one space of indentation per level, masks as dotted quads, `return` last.
 * Section order: sysname, vpn-instances, bfd, mpls lsr-id, mpls, mpls ldp, interfaces
 * (ports, then loopbacks), bgp, ospf, load-balance, static routes, bfd sessions.
 */
import { lenToMask } from '../../net/addr';
import { compareNames } from '../../net/node';
import type { IfCfg, VrpConfig } from './model';

const ifRank = (n: string) => (n.startsWith('LoopBack') ? 1 : 0);

export function sortedIfCfgs(c: VrpConfig): IfCfg[] {
  return [...c.ifaces.values()].sort((a, b) => ifRank(a.name) - ifRank(b.name) || compareNames(a.name, b.name));
}

function ifLines(i: IfCfg): string[] {
  const out: string[] = [];
  if (i.description) out.push(` description ${i.description}`);
  if (i.shutdown === false) out.push(' undo shutdown');
  if (i.shutdown === true) out.push(' shutdown');
  if (i.vrf) out.push(` ip binding vpn-instance ${i.vrf}`);
  if (i.addr) out.push(` ip address ${i.addr.addr} ${lenToMask(4, i.addr.len)}`);
  if (i.mpls) out.push(' mpls');
  if (i.mplsLdp) out.push(' mpls ldp');
  return out;
}

export function renderConfig(c: VrpConfig): string {
  const secs: string[][] = [];
  secs.push([`sysname ${c.sysname}`]);
  for (const v of c.vpns.values()) {
    const s = [`ip vpn-instance ${v.name}`];
    if (v.af4) {
      s.push(' ipv4-family');
      if (v.rd) s.push(`  route-distinguisher ${v.rd}`);
      if (v.labelPerInstance) s.push('  apply-label per-instance');
      for (const r of v.exportRt) s.push(`  vpn-target ${r} export-extcommunity`);
      for (const r of v.importRt) s.push(`  vpn-target ${r} import-extcommunity`);
    }
    secs.push(s);
  }
  if (c.bfd) secs.push(['bfd']);
  if (c.lsrId) secs.push([`mpls lsr-id ${c.lsrId}`]);
  if (c.mpls) secs.push(['mpls']);
  if (c.mplsLdp) secs.push(['mpls ldp']);
  for (const i of sortedIfCfgs(c)) {
    const l = ifLines(i);
    // A port nobody configured is not shown; a loopback exists once created.
    if (l.length === 0 && !i.name.startsWith('LoopBack')) continue;
    secs.push([`interface ${i.name}`, ...l]);
  }
  if (c.bgp) {
    const b = c.bgp;
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
    secs.push(s);
  }
  for (const o of c.ospf.values()) {
    const s = [`ospf ${o.id}${o.routerId ? ` router-id ${o.routerId}` : ''}`];
    for (const [id, nets] of o.areas) {
      s.push(` area ${id}`);
      for (const n of nets) s.push(`  network ${n.addr} ${n.wildcard}`);
    }
    secs.push(s);
  }
  if (c.loadBalancePacket) secs.push(['load-balance packet all']);
  if (c.statics.length) {
    secs.push(
      c.statics.map((r) => {
        const [addr, len] = r.prefix.split('/');
        let l = `ip route-static ${r.vrf ? `vpn-instance ${r.vrf} ` : ''}${addr} ${lenToMask(4, Number(len))}`;
        if (r.iface) l += ` ${r.iface}`;
        if (r.nextHop) l += ` ${r.nextHop}`;
        if (r.preference !== 60) l += ` preference ${r.preference}`;
        if (r.trackBfd) l += ` track bfd-session ${r.trackBfd}`;
        return l;
      }),
    );
  }
  for (const b of c.bfdSessions.values()) {
    let l = `bfd ${b.name} bind peer-ip ${b.peer}`;
    if (b.vrf) l += ` vpn-instance ${b.vrf}`;
    if (b.iface) l += ` interface ${b.iface}`;
    if (b.source) l += ` source-ip ${b.source}`;
    l += ' auto';
    const s = [l];
    if (b.minTx !== undefined) s.push(` min-tx-interval ${b.minTx}`);
    if (b.minRx !== undefined) s.push(` min-rx-interval ${b.minRx}`);
    if (b.mult !== undefined) s.push(` detect-multiplier ${b.mult}`);
    if (b.description) s.push(` description ${b.description}`);
    if (b.shutdown) s.push(' shutdown');
    secs.push(s);
  }
  const out: string[] = [];
  for (const s of secs) out.push('#', ...s);
  out.push('#', 'return');
  return out.join('\n') + '\n';
}
