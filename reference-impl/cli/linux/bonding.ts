/**
 * `cat /proc/net/bonding/BOND` (drivers/net/bonding/bond_procfs.c) for an 802.3ad bond, from
 * live state: the bond's carrier, and per slave its link and the LACP actor and partner details
 * the lacp module reports (protocols/l2-rows.ts). Without the lacp module there is no LACP
 * running: the partner is all zeros and the bond has no carrier, as a bond with no partner.
 */
import type { LacpMemberRow } from '../../protocols/l2-rows';
import type { LinuxDevice } from './device';
import { BOND_SYS_PRIO, VETH_SPEED_MBPS, bond3adKey, macStr } from './state';

/** 802.1AX actor/partner state octet from a member row. */
function stateByte(r: LacpMemberRow | undefined, partner: boolean): number {
  if (!r) return partner ? 1 : 0x45; // actor: activity, aggregation, defaulted
  if (partner) return (r.partnerId ? 0x3d : 0x01);
  let b = 0;
  if (r.activity === 'active') b |= 0x01;
  if (r.timeout === 'short') b |= 0x02;
  if (r.aggregation) b |= 0x04;
  if (r.inSync) b |= 0x08;
  if (r.collecting) b |= 0x10;
  if (r.distributing) b |= 0x20;
  if (r.defaulted) b |= 0x40;
  if (r.expired) b |= 0x80;
  return b;
}

export function procBonding(dev: LinuxDevice, name: string): string | undefined {
  const bond = dev.state.links.get(name);
  if (!bond || bond.type !== 'bond') return undefined;
  const lacp = dev.host.registry.has('lacp');
  const rows = lacp ? dev.host.show<LacpMemberRow>('lacp', 'members').filter((r) => r.lag === name) : [];
  const up = bond.adminUp && dev.carrier(bond);
  const slaves = dev.state.slaves(name);
  const key = bond3adKey(VETH_SPEED_MBPS, true);
  const mac = macStr(bond.mac);
  const first = rows.find((r) => r.partnerId);
  let s = 'Ethernet Channel Bonding Driver: v5.10.0\n\n';
  s += 'Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n';
  s += 'Transmit Hash Policy: layer2 (0)\n';
  s += `MII Status: ${up ? 'up' : 'down'}\n`;
  s += 'MII Polling Interval (ms): 100\nUp Delay (ms): 0\nDown Delay (ms): 0\nPeer Notification Delay (ms): 0\n\n';
  s += '802.3ad info\nLACP active: on\nLACP rate: slow\nMin links: 0\nAggregator selection policy (ad_select): stable\n';
  s += `System priority: ${BOND_SYS_PRIO}\nSystem MAC address: ${mac}\n`;
  if (slaves.length) {
    s += 'Active Aggregator Info:\n';
    s += `\tAggregator ID: 1\n\tNumber of ports: ${rows.filter((r) => r.distributing).length || (slaves.length ? 1 : 0)}\n`;
    s += `\tActor Key: ${key}\n\tPartner Key: ${first?.partnerKey ?? 1}\n\tPartner Mac Address: ${first?.partnerId ?? '00:00:00:00:00:00'}\n`;
  }
  slaves.forEach((sl, k) => {
    const r = rows.find((x) => x.member === sl.name);
    const i = dev.node.ifaces.get(sl.name);
    const link = sl.adminUp && !!i?.linkUp;
    s += `\nSlave Interface: ${sl.name}\nMII Status: ${link ? 'up' : 'down'}\nSpeed: ${link ? `${VETH_SPEED_MBPS} Mbps` : 'Unknown'}\nDuplex: ${link ? 'full' : 'unknown'}\n`;
    s += `Link Failure Count: 0\nPermanent HW addr: ${macStr(sl.permMac ?? sl.mac)}\nSlave queue ID: 0\nAggregator ID: 1\n`;
    s += `Actor Churn State: ${r?.inSync ? 'none' : 'churned'}\nPartner Churn State: ${r?.partnerId ? 'none' : 'churned'}\n`;
    s += `Actor Churned Count: 0\nPartner Churned Count: 0\ndetails actor lacp pdu:\n`;
    s += `    system priority: ${BOND_SYS_PRIO}\n    system mac address: ${mac}\n    port key: ${key}\n    port priority: 255\n    port number: ${r?.portNo ?? k + 1}\n    port state: ${stateByte(r, false)}\n`;
    s += 'details partner lacp pdu:\n';
    s += `    system priority: ${r?.partnerPriority ?? 65535}\n    system mac address: ${r?.partnerId ?? '00:00:00:00:00:00'}\n    oper key: ${r?.partnerKey ?? 1}\n`;
    s += `    port priority: 255\n    port number: ${r?.partnerPortNo ?? 1}\n    port state: ${stateByte(r, true)}\n`;
  });
  return s;
}
