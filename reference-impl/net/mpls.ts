/**
 * MPLS forwarding (RFC 3031, RFC 3032 label stack encoding, ethertype 0x8847): the label FIB
 * (incoming label -> action) and the FTN table (FEC -> labelled paths) that LDP fills and BGP
 * reads to resolve VPN next hops.
 *
 * CONTRACT (used by protocols/ldp, protocols/bgp, cli/vrp): keep these signatures.
 */
import type { Addr, Prefix } from './addr';
import type { Node } from './node';
import type { Path } from './rib';

export const IMPLICIT_NULL = 3;
/** First label of the dynamic range (VRP allocates dynamic labels from 48 upwards... see allocLabel). */
export const FIRST_DYNAMIC_LABEL = 48;

export type LabelAction =
  /** Pop and look the IP packet up in a VRF (a per-instance VPN label, RFC 4364 section 5). */
  | { kind: 'vrf'; vrf: string; owner: string }
  /** Swap for the labels of the chosen path (transit LSR); an empty `labels` on a path pops (PHP below us). */
  | { kind: 'swap'; paths: Path[]; owner: string };

export interface MplsApi {
  /** `mpls` enabled globally on the node. */
  enabled: boolean;
  /** Interfaces with `mpls`: labelled frames arriving elsewhere are dropped. */
  ifaceEnabled: Set<string>;
  allocLabel(): number;
  freeLabel(label: number): void;
  setLabel(label: number, action: LabelAction): void;
  removeLabel(label: number): void;
  lfib(): Array<{ label: number; action: LabelAction }>;
  /** Replace every FTN entry of `owner` (e.g. "ldp"): FEC prefix -> labelled paths. */
  setFtn(owner: string, entries: Array<{ fec: Prefix; paths: Path[] }>): void;
  /** The labelled paths towards a host FEC (exact /32 or /128 match), or undefined when there is no LSP. */
  ftn(a: Addr): Path[] | undefined;
  /** Bumped on every FTN change; watchers (BGP) poll or subscribe. */
  version: number;
  onFtnChange(cb: () => void): () => void;
}

/** Placeholder until the implementation lands (net helper replaces this class). */
export class Mpls implements MplsApi {
  enabled = false;
  ifaceEnabled = new Set<string>();
  version = 0;
  constructor(readonly node: Node) {}
  allocLabel(): number {
    throw new Error('mpls: not implemented yet');
  }
  freeLabel(_label: number): void {}
  setLabel(_label: number, _action: LabelAction): void {}
  removeLabel(_label: number): void {}
  lfib(): Array<{ label: number; action: LabelAction }> {
    return [];
  }
  setFtn(_owner: string, _entries: Array<{ fec: Prefix; paths: Path[] }>): void {}
  ftn(_a: Addr): Path[] | undefined {
    return undefined;
  }
  onFtnChange(_cb: () => void): () => void {
    return () => undefined;
  }
}
