// Choosing the target a suite runs against. A kind is an opener registered by name:
// "reference" (the bundled reference router) and "inventory" (a user's devices) are built in;
// FRR's adapter (targets/frr/) plugs in with registerTargetKind('frr', opener).
//
// Which kind: NETPROOF_TARGET_KIND when set (`netproof run --target frr`), else "inventory" when
// NETPROOF_INVENTORY names an inventory file, else "reference".
import { openInventory } from './inventory';
import { openReference } from './reference';
import { openFrr } from './frr-kind';
import type { Target, TargetOpener, TargetOptions } from './types';

export type { Endpoint, Target, TargetOpener, TargetOptions } from './types';
export { SessionTarget, type SessionTargetSpec } from './session-target';

const kinds = new Map<string, TargetOpener>();

/** Registers a target kind; a duplicate name throws. */
export function registerTargetKind(name: string, opener: TargetOpener): void {
  if (kinds.has(name)) throw new Error(`target kind "${name}" is already registered`);
  kinds.set(name, opener);
}

export function knownTargetKinds(): string[] {
  return [...kinds.keys()].sort();
}

/** The kind the environment asks for. */
export function targetKindFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NETPROOF_TARGET_KIND) return env.NETPROOF_TARGET_KIND;
  return env.NETPROOF_INVENTORY ? 'inventory' : 'reference';
}

/** Opens the target of `kind` (default: from the environment) for a topology file. */
export async function openTarget(topologyFile: string, opts: TargetOptions = {}, kind = targetKindFromEnv()): Promise<Target> {
  const opener = kinds.get(kind);
  if (!opener) throw new Error(`unknown target kind "${kind}" (known: ${knownTargetKinds().join(', ')})`);
  return opener(topologyFile, opts);
}

registerTargetKind('reference', openReference);
registerTargetKind('inventory', (file, opts) => openInventory(file, opts));
registerTargetKind('frr', (file, opts) => openFrr(file, opts));
