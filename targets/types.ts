// The Target shape every suite uses, whatever the target kind (DESIGN.md, "Drivers, the device
// API and lab control"): the topology, where each node's management endpoint is, one CLI session
// and one device-API object per node, and the lab control (drivers/lab/control.ts) of that kind.
import type { Device } from '../drivers/api';
import type { Session, Transcript } from '../drivers/connect';
import type { LabControl } from '../drivers/lab/control';
import type { Topology } from '../topologies/types';

export interface Endpoint {
  host: string;
  port: number;
  transport: 'telnet' | 'ssh';
  /** The node's platform (dialect): "freertr", "vrp", "frr". */
  dialect: string;
  username?: string;
  password?: string;
  /** SSH: the key file, pinned host key and host-key options, where known. */
  keyFile?: string;
  passphrase?: string;
  hostKeyFingerprint?: string;
  knownHostsFile?: string;
  insecureAcceptHostKey?: boolean;
  /** The node's gNMI server, where the target serves one (the reference router's srl nodes under SSH; an inventory's gnmi_port). No caFile: TLS without checking the certificate. */
  gnmi?: { host: string; port: number; caFile?: string };
}

export interface TargetOptions {
  /** How a suite reaches the reference router's nodes (the document's transport): telnet or SSH. */
  transport?: 'telnet' | 'ssh';
}

export interface Target {
  /** Shown in reports: "reference", the inventory's name, "frr". */
  readonly name: string;
  /** The adapter: "reference", "inventory", "frr" (what deviations are declared against). */
  readonly kind: string;
  readonly topo: Topology;
  readonly lab: LabControl;
  /** Protocol time per wall second (the reference lab runs faster than real time). */
  readonly speed: number;
  readonly transcripts: ReadonlyMap<string, Transcript>;
  /** The node's platform (dialect). */
  platform(node: string): string;
  endpoint(node: string): Endpoint;
  /** One CLI session per node for the whole worker (opened on first use). */
  session(node: string): Promise<Session>;
  /** The device-API object of a node (its session opened on first use). */
  device(node: string): Device;
  /** A wall-clock deadline for something that takes `protocolSec` seconds of protocol time. */
  deadlineMs(protocolSec: number): number;
  close(): Promise<void>;
}

/** Opens a target of one kind for a topology file (a kind's adapter, registered in targets/index.ts). */
export type TargetOpener = (topologyFile: string, opts: TargetOptions) => Promise<Target>;
