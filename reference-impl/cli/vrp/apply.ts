/**
 * The VRP configuration as the node's neutral model: each part (core, one per protocol) puts
 * its section in. A commit hands the new model to the device's ProtocolHost, which applies the
 * difference to the node and its engines.
 */
import { parseIPv4, fmtAddr, cmpAddr } from '../../net/addr';
import { NodeConfig, newNodeConfig } from '../../config/model';
import type { VrpConfig } from './model';
import type { VrpPart } from './core';

/** VRP's automatic router ID: the highest loopback IPv4 address, else the highest interface address. */
export function autoRouterId(c: VrpConfig): string | undefined {
  const pick = (lo: boolean) =>
    [...c.ifaces.values()]
      .filter((i) => i.addr && !i.vrf && i.name.startsWith('LoopBack') === lo)
      .map((i) => parseIPv4(i.addr!.addr)!)
      .sort(cmpAddr)
      .pop();
  const a = pick(true) ?? pick(false);
  return a ? fmtAddr(a) : undefined;
}

export function toNodeConfig(parts: readonly VrpPart[], c: VrpConfig, routerId?: string): NodeConfig {
  const n = newNodeConfig(c.sysname);
  for (const p of parts) p.neutral?.(c, n, routerId);
  return n;
}
