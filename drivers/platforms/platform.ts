// The Platform type (a dialect as data) and the explicit platform registry
// (DESIGN.md, Conventions 2 and 4: a duplicate name throws; an unknown name lists the known ones).
import { RegistryError } from '../errors';
import { checkModeGraph } from '../session/modes';
import type { PlatformSpec } from '../session/spec';

export type { LoginSpec, ModeDialogSpec, ModeSpec, ModeTransition, PlatformSpec } from '../session/spec';

/**
 * A platform: prompt patterns per mode, paging-off commands, configuration entry/exit, optional
 * commit, failure indicators, login prompts. Everything the session needs is in PlatformSpec
 * (declared in the session layer, below this one); this adds what only the upper layers use.
 */
export interface Platform extends PlatformSpec {
  /** One line for listings and reports. */
  description: string;
}

const registry = new Map<string, Platform>();

export function registerPlatform(platform: Platform): void {
  if (registry.has(platform.name)) throw new RegistryError(`platform "${platform.name}" is already registered`);
  if (!platform.modes.some((m) => m.name === platform.execMode)) {
    throw new RegistryError(`platform "${platform.name}": exec mode "${platform.execMode}" is not one of its modes`);
  }
  const graph = checkModeGraph(platform);
  if (graph.length > 0) throw new RegistryError(`platform "${platform.name}": ${graph.join('; ')}`);
  registry.set(platform.name, platform);
}

export function hasPlatform(name: string): boolean {
  return registry.has(name);
}

export function getPlatform(name: string): Platform {
  const p = registry.get(name);
  if (!p) throw new RegistryError(`unknown platform "${name}"; known platforms: ${listPlatforms().join(', ') || '(none)'}`);
  return p;
}

export function listPlatforms(): string[] {
  return [...registry.keys()].sort();
}

/** For tests: removes a platform registered by the test itself. */
export function unregisterPlatform(name: string): boolean {
  return registry.delete(name);
}
