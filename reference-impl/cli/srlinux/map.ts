/**
 * The committed SR Linux tree mapped onto the neutral per-node configuration
 * (config/model.ts): interfaces, subinterfaces and their IPv4 addresses, network-instance
 * membership. BGP, LAG/LACP, MAC-VRF/VXLAN and ethernet segments are mapped once the protocol
 * modules' config types exist (not yet on this branch).
 */
import { NodeConfig, newIfaceConfig, newNodeConfig, newVrfConfig } from '../../config/model';
import type { DNode } from './tree';

function entries(d: DNode, list: string): Array<[string, DNode]> {
  return [...d.kids].filter(([k]) => k.startsWith(`${list}\0`)).map(([k, v]) => [k.slice(list.length + 1), v]);
}

export function toNodeConfig(hostname: string, root: DNode): NodeConfig {
  const cfg = newNodeConfig(hostname);
  const vrfOf = new Map<string, string>();
  for (const [ni, n] of entries(root, 'network-instance')) {
    const type = n.leaves.get('type') ?? (ni === 'default' ? 'default' : 'ip-vrf');
    if (type === 'ip-vrf') cfg.vrfs.set(ni, newVrfConfig(ni));
    for (const [sub] of entries(n, 'interface')) vrfOf.set(sub, type === 'default' ? '' : ni);
  }
  for (const [name, i] of entries(root, 'interface')) {
    const kind = name.startsWith('system') || name.startsWith('lo') ? 'loopback' : 'ethernet';
    const up = (i.leaves.get('admin-state') ?? 'enable') === 'enable';
    const ic = newIfaceConfig(name, kind, up);
    cfg.ifaces.set(name, ic);
    for (const [idx, s] of entries(i, 'subinterface')) {
      const tagged = s.kids.get('vlan')?.kids.get('encap')?.kids.get('single-tagged')?.leaves.get('vlan-id');
      const v4 = s.kids.get('ipv4');
      const pfx = v4 ? entries(v4, 'address')[0]?.[0] : undefined;
      const sname = `${name}.${idx}`;
      let target = ic;
      if (tagged) {
        target = newIfaceConfig(sname, kind, up && (s.leaves.get('admin-state') ?? 'enable') === 'enable');
        target.parent = name;
        target.vlan = Number(tagged);
        cfg.ifaces.set(sname, target);
      }
      target.vrf = vrfOf.get(sname) ?? '';
      if (pfx && (v4!.leaves.get('admin-state') ?? 'disable') === 'enable') {
        const [addr, len] = pfx.split('/');
        target.v4 = { addr, len: Number(len) };
      }
    }
  }
  return cfg;
}
