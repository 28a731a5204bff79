/**
 * `display current-configuration` in VRP's layout (the seed's Configuration Files): `#`
 * between sections, one space of indentation per level, masks as dotted quads, `return` last.
 * Each part gives its sections with a rank (core.ts RANK: sysname, vpn-instances, bfd, mpls,
 * interfaces, bgp, ospf, load-balance, static routes, bfd sessions).
 */
import { compareNames } from '../../net/node';
import type { VrpPart } from './core';
import type { IfCfg, VrpConfig } from './model';

const ifRank = (n: string) => (n.startsWith('LoopBack') ? 1 : 0);

export function sortedIfCfgs(c: VrpConfig): IfCfg[] {
  return [...c.ifaces.values()].sort((a, b) => ifRank(a.name) - ifRank(b.name) || compareNames(a.name, b.name));
}

/** An interface's lines from every part, in part order. */
export function ifaceLines(parts: readonly VrpPart[], i: IfCfg): string[] {
  return parts.flatMap((p) => p.ifaceLines?.(i) ?? []);
}

export function renderConfig(parts: readonly VrpPart[], c: VrpConfig): string {
  const secs = parts.flatMap((p) => p.running?.(c) ?? []);
  // A stable sort: sections of one rank keep their part's order.
  secs.sort((a, b) => a.rank - b.rank);
  const out: string[] = [];
  for (const s of secs) out.push('#', ...s.lines);
  out.push('#', 'return');
  return out.join('\n') + '\n';
}
