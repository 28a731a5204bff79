// Registers the built-in platforms and their device-API getter tables. Import this (not the
// individual platform files) to get a registry with every dialect the drivers know. Registering
// is idempotent across imports. A new platform adds one line: [platform, its getters table].
import type { PlatformGetters } from '../api/types';
import { freertrGetters } from './freertr/getters';
import { freertrPlatform } from './freertr/platform';
import { hasGetters, hasPlatform, registerGetters, registerPlatform, type Platform } from './platform';
import { vrpGetters } from './vrp/getters';
import { vrpPlatform } from './vrp/platform';
import { frrGetters } from './frr/getters';
import { frrPlatform } from './frr/platform';
import { iosxeGetters } from './iosxe/getters';
import { iosxePlatform } from './iosxe/platform';
import { linuxGetters } from './linux/getters';
import { linuxPlatform } from './linux/platform';
import { srlinuxGetters } from './srlinux/getters';
import { srlinuxPlatform } from './srlinux/platform';

const BUILTIN: ReadonlyArray<[Platform, PlatformGetters]> = [
  [freertrPlatform, freertrGetters],
  [vrpPlatform, vrpGetters],
  [frrPlatform, frrGetters],
  [iosxePlatform, iosxeGetters],
  [srlinuxPlatform, srlinuxGetters()],
  [linuxPlatform, linuxGetters],
];

for (const [p, g] of BUILTIN) {
  if (!hasPlatform(p.name)) registerPlatform(p);
  if (!hasGetters(p.name)) registerGetters(p.name, g);
}

export {
  getGetters, getPlatform, hasGetters, hasPlatform, listPlatforms, registerGetters, registerPlatform, unregisterGetters, unregisterPlatform,
} from './platform';
export type { Platform } from './platform';
