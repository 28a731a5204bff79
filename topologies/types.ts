/**
 * Types of a containerlab topology file (*.clab.yml), as written, and of the resolved model that
 * loadTopology() returns. Field names of the file types are containerlab's own, dashes included
 * (https://containerlab.dev/manual/topo-def-file/).
 */

/** Settings a node can take, and that `defaults`, `kinds.<kind>` and `groups.<group>` can supply. */
export interface NodeDefaults {
  kind?: string;
  image?: string;
  /** Hardware variant, e.g. `ixrd2` for SR Linux. */
  type?: string;
  /** A path relative to the topology file's folder, or the config itself when it spans lines. */
  'startup-config'?: string;
  'enforce-startup-config'?: boolean;
  'suppress-startup-config'?: boolean;
  license?: string;
  /** `host-path:container-path[:options]`, host path relative to the topology file's folder. */
  binds?: string[];
  env?: Record<string, string>;
  labels?: Record<string, string>;
  /** Commands run in the node after it starts. */
  exec?: string[];
  ports?: string[];
  cmd?: string;
  entrypoint?: string;
  user?: string;
  'network-mode'?: string;
  'mgmt-ipv4'?: string;
  'mgmt-ipv6'?: string;
  [field: string]: unknown;
}

export interface NodeDef extends NodeDefaults {
  group?: string;
}

/** `endpoints: ["r1:eth1", "r2:eth1"]`, the classic form. */
export interface BriefLinkDef {
  endpoints: string[];
  mtu?: number;
  vars?: Record<string, unknown>;
  labels?: Record<string, string>;
}

/** `{type: veth, endpoints: [{node, interface}]}`, the extended form (containerlab >= 0.44). */
export interface ExtendedLinkDef {
  type: 'veth';
  endpoints: { node: string; interface: string; mac?: string }[];
  mtu?: number;
  vars?: Record<string, unknown>;
  labels?: Record<string, string>;
}

export type LinkDef = BriefLinkDef | ExtendedLinkDef;

export interface MgmtDef {
  network?: string;
  'ipv4-subnet'?: string;
  'ipv6-subnet'?: string;
  [field: string]: unknown;
}

/** The file as written. */
export interface TopologyFile {
  name: string;
  prefix?: string;
  mgmt?: MgmtDef;
  topology: {
    defaults?: NodeDefaults;
    kinds?: Record<string, NodeDefaults>;
    groups?: Record<string, NodeDefaults>;
    nodes: Record<string, NodeDef | null>;
    links?: LinkDef[];
  };
}

/** A node kind the harness knows: containerlab's kind name, the CLI dialect it speaks, its ports. */
export interface KindDef {
  /** containerlab's kind name, e.g. `rare`, `nokia_srlinux`. */
  name: string;
  /** Other names containerlab accepts for the kind, e.g. `srl`. */
  aliases?: string[];
  /** The CLI dialect of the reference router and of the drivers, e.g. `freertr`, `srlinux`. */
  dialect: string;
  defaultImage?: string;
  /** Where one kind carries several dialects (kind linux with FRR's image speaks vtysh): the node's dialect. */
  dialectOf?(node: { image?: string; binds: string[] }): string;
  /** Maps an interface name as written in the topology (`eth1`, `e1-1`) to the name the
   * device's own CLI uses (`ethernet1`, `ethernet-1/1`). Throws an Error saying what is expected
   * when the name is not valid for the kind. */
  ifaceName(clabIface: string): string;
}

/** A node after defaults < kinds[kind] < groups[group] < node. */
export interface TopologyNode {
  name: string;
  /** The registered kind name (an alias in the file resolves to it). */
  kind: string;
  dialect: string;
  image?: string;
  type?: string;
  group?: string;
  /** Absolute path of the startup config file; absent for none or an inline config. */
  startupConfig?: string;
  /** The startup config's text, read at load time. */
  startupConfigText?: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  /** `host:container[:options]`, the host path made absolute. */
  binds: string[];
  exec: string[];
  mgmtIpv4?: string;
  mgmtIpv6?: string;
  /** Every effective setting, containerlab's field names, including ones not modelled above. */
  settings: NodeDef;
  /** Line of the node's name in the file (1-based). */
  line: number;
}

export interface LinkEndpoint {
  node: string;
  /** The interface as written in the topology file, e.g. `eth1`. */
  iface: string;
  /** The device's own name for it, e.g. `ethernet1` (KindDef.ifaceName). */
  nativeIface: string;
}

export interface TopologyLink {
  a: LinkEndpoint;
  b: LinkEndpoint;
  mtu?: number;
  /** Line of the link in the file (1-based). */
  line: number;
}

/** A loaded, checked and resolved topology. */
export interface Topology {
  name: string;
  prefix?: string;
  mgmt?: MgmtDef;
  /** Absolute path of the topology file. */
  file: string;
  /** Its folder; relative paths in the file are relative to it. */
  dir: string;
  nodes: TopologyNode[];
  links: TopologyLink[];
}
