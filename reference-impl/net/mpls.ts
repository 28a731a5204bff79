/**
 * MPLS forwarding (RFC 3031, RFC 3032 label stack encoding, ethertype 0x8847): the label FIB
 * (incoming label -> action) and the FTN table (FEC -> labelled paths) that LDP fills and BGP
 * reads to resolve VPN next hops.
 *
 * CONTRACT (used by protocols/ldp, protocols/bgp, cli/vrp): keep these signatures.
 */
import { Addr, Prefix, bits, fmtAddr, prefixKey, prefixOf } from './addr';
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

/** The label tables of a node: LFIB (incoming label -> action), FTN per owner, label allocation. */
export class Mpls implements MplsApi {
  enabled = false;
  ifaceEnabled = new Set<string>();
  version = 0;
  private table = new Map<number, LabelAction>();
  private used = new Set<number>();
  private freed: number[] = [];
  private nextLabel = FIRST_DYNAMIC_LABEL;
  private ftns = new Map<string, Map<string, Path[]>>();
  private ftnKeys = new Map<string, string>();
  private watchers: Array<() => void> = [];

  constructor(readonly node: Node) {}

  /** The lowest free dynamic label (freed labels are reused first, lowest first). */
  allocLabel(): number {
    let l: number;
    if (this.freed.length > 0) {
      this.freed.sort((a, b) => a - b);
      l = this.freed.shift()!;
    } else {
      l = this.nextLabel++;
    }
    this.used.add(l);
    return l;
  }

  freeLabel(label: number): void {
    if (!this.used.delete(label)) return;
    this.table.delete(label);
    this.freed.push(label);
  }

  setLabel(label: number, action: LabelAction): void {
    this.table.set(label, action);
  }

  removeLabel(label: number): void {
    this.table.delete(label);
  }

  /** The action for an incoming top label (data plane). */
  lookup(label: number): LabelAction | undefined {
    return this.table.get(label);
  }

  lfib(): Array<{ label: number; action: LabelAction }> {
    return [...this.table.entries()].sort((a, b) => a[0] - b[0]).map(([label, action]) => ({ label, action }));
  }

  setFtn(owner: string, entries: Array<{ fec: Prefix; paths: Path[] }>): void {
    const m = new Map<string, Path[]>();
    for (const e of entries) m.set(prefixKey(e.fec), e.paths);
    const key = [...m.entries()]
      .map(([k, ps]) => `${k}=${ps.map((p) => `${p.iface.name}/${p.nextHop ? fmtAddr(p.nextHop) : ''}/${(p.labels ?? []).join('.')}`).join(',')}`)
      .sort()
      .join(';');
    if (m.size === 0) this.ftns.delete(owner);
    else this.ftns.set(owner, m);
    if ((this.ftnKeys.get(owner) ?? '') === key) return;
    this.ftnKeys.set(owner, key);
    this.version++;
    for (const w of [...this.watchers]) w();
  }

  ftn(a: Addr): Path[] | undefined {
    const k = prefixKey(prefixOf(a, bits(a.afi)));
    for (const owner of [...this.ftns.keys()].sort()) {
      const p = this.ftns.get(owner)!.get(k);
      if (p && p.length > 0) return p;
    }
    return undefined;
  }

  onFtnChange(cb: () => void): () => void {
    this.watchers.push(cb);
    return () => {
      this.watchers = this.watchers.filter((x) => x !== cb);
    };
  }
}
