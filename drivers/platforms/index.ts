// Registers the built-in platforms. Import this (not the individual platform files) to get a
// registry with every dialect the drivers know. Registering is idempotent across imports.
import { freertrPlatform } from './freertr/platform';
import { frrPlatform } from './frr/platform';
import { hasPlatform, registerPlatform } from './platform';
import { vrpPlatform } from './vrp/platform';

for (const p of [freertrPlatform, vrpPlatform, frrPlatform]) {
  if (!hasPlatform(p.name)) registerPlatform(p);
}

export { getPlatform, hasPlatform, listPlatforms, registerPlatform, unregisterPlatform } from './platform';
export type { Platform } from './platform';
