/**
 * The freertr dialect: its parts (core commands, one file per protocol, exec) registered into
 * one command table, in this one list. Importing this module registers nothing anywhere.
 */
import type { Dialect } from '../registry';
import { FreeRtrPart, newFreeRtrTable } from './core';
import { FreeRtrDevice, FreeRtrSkin } from './device';
import { FreeRtrSession } from './session';
import { corePart } from './config';
import { pvrpPart } from './pvrp';
import { ospfPart } from './ospf';
import { bfdPart } from './bfd';
import { staticPart } from './static';
import { execPart } from './exec';

/** In this order: `derive` runs in it, and OSPF's `redistribute static` reads the static part's section. */
export const FREERTR_PARTS: readonly FreeRtrPart[] = [corePart, pvrpPart, staticPart, ospfPart, bfdPart, execPart];

export function freertrSkin(parts: readonly FreeRtrPart[] = FREERTR_PARTS): FreeRtrSkin {
  const table = newFreeRtrTable();
  for (const p of parts) p.register(table);
  return { table, parts, session: (dev, peer) => new FreeRtrSession(dev, peer) };
}

export function freertrDialect(): Dialect {
  const skin = freertrSkin();
  return { name: 'freertr', createDevice: (node) => new FreeRtrDevice(node, skin) };
}

export { FreeRtrDevice };
