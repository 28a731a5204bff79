/**
 * The vrp dialect (Huawei VRP V8): its parts (core, one file per protocol, exec), listed once
 * here; each registers its views, commands and running-configuration sections into the table.
 * Importing this module registers nothing anywhere.
 */
import type { Dialect } from '../registry';
import { VrpTable, VrpPart } from './core';
import { VrpDevice, VrpSkin } from './device';
import { VrpSession } from './session';
import { corePart } from './config';
import { ospfPart } from './ospf';
import { ldpPart } from './ldp';
import { bgpPart } from './bgp';
import { bfdPart } from './bfd';
import { staticPart } from './static';
import { vrrpPart } from './vrrp';
import { execPart } from './exec';

export function vrpParts(): VrpPart[] {
  const parts: VrpPart[] = [];
  parts.push(corePart(() => parts), ldpPart, bgpPart, ospfPart, staticPart, bfdPart, vrrpPart, execPart);
  return parts;
}

export function vrpSkin(): VrpSkin {
  return { table: new VrpTable(vrpParts()), session: (dev, peer) => new VrpSession(dev, peer) };
}

export function vrpDialect(): Dialect {
  const skin = vrpSkin();
  return { name: 'vrp', createDevice: (node) => new VrpDevice(node, skin) };
}

export { VrpDevice };
