/**
 * The iosxe dialect (Cisco IOS XE): its parts (core commands, one file per protocol, exec)
 * registered into one command table, in this one list. Importing this module registers nothing.
 */
import type { Dialect } from '../registry';
import { IosPart, newIosTable } from './core';
import { IosDevice, IosSkin } from './device';
import { IosSession } from './session';
import { corePart } from './config';
import { execPart } from './exec';
import { vrrpPart } from './vrrp';
import { vrrsPart } from './vrrs';
import { debugPart } from './debug';
import { showVrrsPart } from './show-vrrs';

export const IOSXE_PARTS: readonly IosPart[] = [corePart, vrrpPart, vrrsPart, execPart, showVrrsPart, debugPart];

export function iosxeSkin(parts: readonly IosPart[] = IOSXE_PARTS): IosSkin {
  const table = newIosTable();
  for (const p of parts) p.register(table);
  return { table, parts, session: (dev, peer) => new IosSession(dev, peer) };
}

export function iosxeDialect(): Dialect {
  const skin = iosxeSkin();
  return { name: 'iosxe', createDevice: (node) => new IosDevice(node, skin) };
}

export { IosDevice, IosSession };
