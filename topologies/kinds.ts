/**
 * The registry of node kinds (DESIGN.md, convention 4): containerlab kind name -> CLI dialect and
 * interface naming. A duplicate name throws; an unknown name gets an error listing the known ones.
 */
import type { KindDef } from './types';

const kinds = new Map<string, KindDef>(); // every name and alias -> its definition

export function registerKind(def: KindDef): void {
  const names = [def.name, ...(def.aliases ?? [])];
  for (const n of names) {
    if (kinds.has(n)) throw new Error(`node kind '${n}' is already registered`);
  }
  for (const n of names) kinds.set(n, def);
}

/** Registered kind names (aliases included), sorted. */
export function knownKinds(): string[] {
  return [...kinds.keys()].sort();
}

/** The kind called `name` (or an alias of it), or undefined. */
export function findKind(name: string): KindDef | undefined {
  return kinds.get(name);
}

/** The kind called `name`; throws an Error that lists the known kinds. */
export function getKind(name: string): KindDef {
  const def = kinds.get(name);
  if (!def) throw new Error(`unknown kind '${name}' (known kinds: ${knownKinds().join(', ')})`);
  return def;
}

function bad(kind: string, iface: string, expected: string): never {
  throw new Error(`interface '${iface}' is not valid for kind ${kind}: expected ${expected}`);
}

/** `ethN` (N >= 1) -> N, or undefined. */
function ethIndex(iface: string): number | undefined {
  const m = /^eth([1-9]\d*)$/.exec(iface);
  return m ? Number(m[1]) : undefined;
}

// freeRtr under containerlab (kind `rare`): the container's eth1 is freeRtr's ethernet1.
registerKind({
  name: 'rare',
  dialect: 'freertr',
  ifaceName(iface) {
    const m = /^eth(?:ernet)?([1-9]\d*)$/.exec(iface);
    return m ? `ethernet${m[1]}` : bad('rare', iface, 'ethN or ethernetN, N >= 1');
  },
});

// Plain Linux containers (hosts, CEs): the name is the Linux interface name. A linux node with
// FRR's image, or with a bind into /etc/frr, is an FRR router (containerlab's way to run FRR):
// its dialect is `frr` (vtysh).
registerKind({
  name: 'linux',
  dialect: 'linux',
  dialectOf(node) {
    const frrImage = node.image !== undefined && /(^|\/)frr(:|$)|frrouting/i.test(node.image);
    return frrImage || node.binds.some((b) => /^\/etc\/frr(\/|$)/.test(b.split(':')[1] ?? '')) ? 'frr' : 'linux';
  },
  ifaceName(iface) {
    return /^[^\s/:]{1,15}$/.test(iface) ? iface : bad('linux', iface, 'a Linux interface name (1-15 characters, no "/", ":" or spaces)');
  },
});

// SR Linux: e1-1 is ethernet-1/1, e1-3-1 (breakout) is ethernet-1/3/1; the long form is accepted.
registerKind({
  name: 'nokia_srlinux',
  aliases: ['srl'],
  dialect: 'srlinux',
  defaultImage: 'ghcr.io/nokia/srlinux',
  ifaceName(iface) {
    const short = /^e(\d+)-(\d+)(?:-(\d+))?$/.exec(iface);
    if (short) return `ethernet-${short[1]}/${short[2]}${short[3] ? `/${short[3]}` : ''}`;
    if (/^ethernet-\d+\/\d+(\/\d+)?$/.test(iface) || iface === 'mgmt0') return iface;
    return bad('nokia_srlinux', iface, 'eL-P, eL-P-C or ethernet-L/P');
  },
});

/** IOS XE under vrnetlab: eth1 is GigabitEthernet2 (Gi1 is management); native names are accepted. */
function iosxeIface(kind: string) {
  return (iface: string): string => {
    const n = ethIndex(iface);
    if (n !== undefined) return `GigabitEthernet${n + 1}`;
    const m = /^(?:Gi|GigabitEthernet)(\d+(?:\/\d+)*)$/.exec(iface);
    if (m && m[1] !== '1') return `GigabitEthernet${m[1]}`;
    return bad(kind, iface, 'ethN, GiX or GigabitEthernetX (Gi1 is management)');
  };
}
registerKind({ name: 'cisco_iosxe', dialect: 'iosxe', ifaceName: iosxeIface('cisco_iosxe') });
registerKind({ name: 'cisco_csr1000v', aliases: ['vr-csr'], dialect: 'iosxe', ifaceName: iosxeIface('cisco_csr1000v') });

// Huawei VRP under vrnetlab: eth0 is management (GigabitEthernet0/0/0); ethN is taken as the
// first port of slot N, GigabitEthernet0/N/0, the NE40E numbering VRP documents use.
registerKind({
  name: 'huawei_vrp',
  dialect: 'vrp',
  ifaceName(iface) {
    const n = ethIndex(iface);
    if (n !== undefined) return `GigabitEthernet0/${n}/0`;
    const m = /^(?:GE|GigabitEthernet)(\d+\/\d+\/\d+)$/.exec(iface);
    if (m && m[1] !== '0/0/0') return `GigabitEthernet${m[1]}`;
    return bad('huawei_vrp', iface, 'ethN, GEx/y/z or GigabitEthernetx/y/z (0/0/0 is management)');
  },
});
