/** `show running-config` in freeRtr's layout, rendered from the live configuration. */
import { fmtAddr, lenToMask } from '../../net/addr';
import type { FreeRtrDevice } from './device';

export function runningConfig(dev: FreeRtrDevice): string {
  const out: string[] = [];
  const node = dev.node;
  out.push(`hostname ${node.hostname}`);
  if (dev.buggy) out.push('buggy');
  out.push('!');
  for (const l of dev.logging) out.push(l);
  if (dev.logging.length) out.push('!');
  for (const l of dev.extraGlobal) out.push(l);
  for (const [name, rd] of [...dev.vrfRd.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out.push(`vrf definition ${name}`);
    if (rd) out.push(` rd ${rd}`);
    out.push(' exit', '!');
  }
  for (const [, cfg] of [...dev.pvrpCfg.entries()].sort()) {
    out.push(`router pvrp${cfg.afi} ${cfg.proc}`);
    if (cfg.vrf) out.push(` vrf ${cfg.vrf}`);
    if (cfg.routerId) out.push(` router-id ${cfg.routerId}`);
    if (cfg.redistConnected) out.push(' redistribute connected');
    if (cfg.ecmp) out.push(' ecmp');
    out.push(' exit', '!');
  }
  for (const i of node.sortedIfaces()) {
    const c = dev.ifConfOf(i.name);
    out.push(`interface ${i.name}`);
    out.push(i.description ? ` description ${i.description}` : ' no description');
    if (i.vrf) out.push(` vrf forwarding ${i.vrf}`);
    if (i.v4) out.push(` ipv4 address ${fmtAddr(i.v4.addr)} ${lenToMask(4, i.v4.len)}`);
    if (i.v6) out.push(` ipv6 address ${fmtAddr(i.v6.addr)} ${lenToMask(6, i.v6.len)}`);
    for (const [, cfg] of [...dev.pvrpCfg.entries()].sort()) {
      const ic = cfg.ifaces.get(i.name);
      if (!ic) continue;
      const p = `router pvrp${cfg.afi} ${cfg.proc}`;
      out.push(` ${p} enable`);
      if (ic.helloMs !== 5000) out.push(` ${p} hello-time ${ic.helloMs}`);
      if (ic.deadMs !== 15000) out.push(` ${p} dead-time ${ic.deadMs}`);
      if (ic.metricIn !== 10) out.push(` ${p} metric-in ${ic.metricIn}`);
      if (ic.metricOut !== 0) out.push(` ${p} metric-out ${ic.metricOut}`);
      if (ic.distance !== 80) out.push(` ${p} distance ${ic.distance}`);
      if (!ic.splitHorizon) out.push(` no ${p} split-horizon`);
      if (ic.passive) out.push(` ${p} passive`);
    }
    out.push(i.adminUp ? ' no shutdown' : ' shutdown');
    out.push(c.logLinkChange ? ' log-link-change' : ' no log-link-change');
    out.push(' exit', '!');
  }
  for (const s of dev.servers.values()) {
    out.push(`server ${s.kind} ${s.name}`);
    for (const l of s.lines) out.push(` ${l}`);
    out.push(' exit', '!');
  }
  out.push('end');
  return out.join('\n') + '\n';
}
