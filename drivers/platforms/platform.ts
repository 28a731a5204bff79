// The Platform type (a dialect as data) and the explicit platform registry
// (DESIGN.md, Conventions 2 and 4: a duplicate name throws; an unknown name lists the known ones).
import { RegistryError } from '../errors';
import { checkModeGraph } from '../session/modes';
import type { PlatformSpec } from '../session/spec';
import type { PlatformGetters } from '../api/types';

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

// The platforms' getter tables (drivers/api/types.ts PlatformGetters): which device-API methods each
// platform implements, as data. drivers/api dispatches through this table by the node's platform.
const gettersRegistry = new Map<string, PlatformGetters>();

/** Declares the device-API methods a registered platform implements. A duplicate throws. */
export function registerGetters(platform: string, getters: PlatformGetters): void {
  if (!registry.has(platform)) throw new RegistryError(`getters for unknown platform "${platform}"; known platforms: ${listPlatforms().join(', ') || '(none)'}`);
  if (gettersRegistry.has(platform)) throw new RegistryError(`getters for platform "${platform}" are already registered`);
  gettersRegistry.set(platform, getters);
}

/** The platform's getter table; an empty table (every method unsupported) for a platform without one. */
export function getGetters(platform: string): PlatformGetters {
  getPlatform(platform);
  return gettersRegistry.get(platform) ?? {};
}

export function hasGetters(platform: string): boolean {
  return gettersRegistry.has(platform);
}

/** For tests: removes a getter table registered by the test itself. */
export function unregisterGetters(platform: string): boolean {
  return gettersRegistry.delete(platform);
}
