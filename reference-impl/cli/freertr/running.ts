/** `show running-config` in freeRtr's layout, rendered from the configuration model. */
import type { FreeRtrDevice } from './device';
import { ifaceHead } from './config';

export function runningConfig(dev: FreeRtrDevice): string {
  const out: string[] = [];
  const node = dev.node;
  out.push(`hostname ${dev.cfg.hostname}`);
  if (dev.buggy) out.push('buggy');
  out.push('!');
  for (const l of dev.logging) out.push(l);
  if (dev.logging.length) out.push('!');
  for (const l of dev.extraGlobal) out.push(l);
  for (const v of [...dev.cfg.vrfs.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    out.push(`vrf definition ${v.name}`);
    if (v.rd) out.push(` rd ${v.rd}`);
    out.push(' exit', '!');
  }
  for (const p of dev.skin.parts) out.push(...(p.runningGlobal?.(dev) ?? []));
  for (const i of node.sortedIfaces()) {
    out.push(`interface ${i.name}`);
    out.push(...ifaceHead(dev, i.name));
    for (const p of dev.skin.parts) out.push(...(p.runningIface?.(dev, i.name) ?? []));
    const m = dev.cfg.ifaces.get(i.name);
    out.push((m ? m.adminUp : i.adminUp) ? ' no shutdown' : ' shutdown');
    out.push(dev.logLinkChange.has(i.name) ? ' log-link-change' : ' no log-link-change');
    out.push(' exit', '!');
  }
  for (const p of dev.skin.parts) out.push(...(p.runningTail?.(dev) ?? []));
  for (const s of dev.servers.values()) {
    out.push(`server ${s.kind} ${s.name}`);
    for (const l of s.lines) out.push(` ${l}`);
    out.push(' exit', '!');
  }
  out.push('end');
  return out.join('\n') + '\n';
}
