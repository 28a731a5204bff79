/** PVRP in the freertr dialect: `router pvrp4|pvrp6 N`, per-interface enable, its shows and running-config sections. */
import { fmtAddr, fmtPrefix, parseIPv4 } from '../../net/addr';
import { defaultIfaceConfig, newPvrpConfig, PvrpConfig } from '../../protocols/pvrp/config';
import { sortedEntries } from '../../protocols/pvrp/table';
import type { PvrpProcess } from '../../protocols/pvrp/process';
import { pvrpKey, PvrpSection } from '../../protocols/pvrp/module';
import { Table, renderFreeRtr, timePast } from '../../show/table';
import { CliError, Ctx, FreeRtrPart, FreeRtrTable } from './core';
import type { FreeRtrDevice } from './device';

const afiOf = (w: string): 4 | 6 => (w === 'pvrp6' || w === 'ipv6' ? 6 : 4);
const sectionOf = (d: FreeRtrDevice, create = false) => d.section<PvrpSection>('pvrp', create ? () => ({ processes: [] }) : undefined);
const procCfg = (d: FreeRtrDevice, key: string): PvrpConfig | undefined => sectionOf(d)?.processes.find((p) => pvrpKey(p) === key);

function rtr(c: Ctx): PvrpConfig {
  const cfg = procCfg(c.dev, c.mode.router!);
  if (!cfg) throw new CliError('no such process');
  return cfg;
}

function register(t: FreeRtrTable): void {
  for (const v of ['pvrp4', 'pvrp6']) {
    t.add('cfg', {
      pattern: `router ${v} <proc>`,
      negatable: true,
      run: (c, a) => {
        const proc = Number(a.proc);
        if (!Number.isInteger(proc) || proc < 1) throw new CliError('bad process number');
        const key = `${afiOf(v)}:${proc}`;
        const sec = sectionOf(c.dev, true)!;
        if (c.negated) {
          sec.processes = sec.processes.filter((p) => pvrpKey(p) !== key);
          if (sec.processes.length === 0) c.dev.cfg.protocols.delete('pvrp');
          return;
        }
        if (!procCfg(c.dev, key)) sec.processes.push(newPvrpConfig(afiOf(v), proc));
        c.setMode({ name: 'cfg-rtr', proto: 'pvrp', router: key });
      },
    });
  }
  const inRtr = (pattern: string, run: (c: Ctx, r: PvrpConfig, a: Record<string, string>) => void) =>
    t.add('cfg-rtr:pvrp', { pattern, negatable: true, run: (c, a) => run(c, rtr(c), a) });
  inRtr('vrf <name>', (c, r, a) => {
    if (!c.dev.cfg.vrfs.has(a.name)) throw new CliError('no such vrf');
    r.vrf = c.negated ? '' : a.name;
  });
  inRtr('router-id <id>', (c, r, a) => {
    if (!parseIPv4(a.id)) throw new CliError('bad router id');
    r.routerId = c.negated ? undefined : a.id;
  });
  inRtr('redistribute connected', (c, r) => {
    r.redistConnected = !c.negated;
  });
  inRtr('ecmp', (c, r) => {
    r.ecmp = !c.negated;
  });

  // ---- interface: router pvrp4 1 enable (and the per-interface knobs) ----
  for (const mode of ['cfg-if', 'cfg-subif']) {
    for (const v of ['pvrp4', 'pvrp6']) {
      t.add(mode, {
        pattern: `router ${v} <proc> <what> [<value...>]`,
        negatable: true,
        run: (c, a) => {
          const key = `${afiOf(v)}:${Number(a.proc)}`;
          const cfg = procCfg(c.dev, key);
          if (!cfg) throw new CliError('no such process');
          const name = c.mode.iface!;
          const what = a.what.toLowerCase();
          const knobs = ['enable', 'hello-time', 'dead-time', 'metric-in', 'metric-out', 'distance', 'split-horizon', 'passive'];
          const k = knobs.find((x) => x.startsWith(what));
          if (!k) throw new CliError('unknown config command entered');
          if (k === 'enable') {
            if (c.negated) cfg.ifaces.delete(name);
            else if (!cfg.ifaces.has(name)) cfg.ifaces.set(name, defaultIfaceConfig());
            return;
          }
          const ic = cfg.ifaces.get(name);
          if (!ic) throw new CliError('protocol not enabled on interface');
          const num = Number(a.value);
          const needNum = !['split-horizon', 'passive'].includes(k);
          if (needNum && !c.negated && (!Number.isInteger(num) || num < 0)) throw new CliError('bad value');
          const d = defaultIfaceConfig();
          if (k === 'hello-time') ic.helloMs = c.negated ? d.helloMs : num;
          if (k === 'dead-time') ic.deadMs = c.negated ? d.deadMs : num;
          if (k === 'metric-in') ic.metricIn = c.negated ? d.metricIn : num;
          if (k === 'metric-out') ic.metricOut = c.negated ? d.metricOut : num;
          if (k === 'distance') ic.distance = c.negated ? d.distance : num;
          if (k === 'split-horizon') ic.splitHorizon = !c.negated;
          if (k === 'passive') ic.passive = !c.negated;
        },
      });
    }
  }

  for (const af of ['ipv4', 'ipv6']) {
    t.add('exec', { pattern: `show ${af} pvrp <proc> summary`, run: (c, a) => renderFreeRtr(pvrpSummary(proc(c, af, a.proc)), c.term.table) });
    t.add('exec', { pattern: `show ${af} pvrp <proc> route`, run: (c, a) => renderFreeRtr(pvrpRoutes(proc(c, af, a.proc)), c.term.table) });
  }
}

const sorted = (d: FreeRtrDevice) => [...(sectionOf(d)?.processes ?? [])].sort((a, b) => pvrpKey(a).localeCompare(pvrpKey(b)));

function runningGlobal(d: FreeRtrDevice): string[] {
  const out: string[] = [];
  for (const cfg of sorted(d)) {
    out.push(`router pvrp${cfg.afi} ${cfg.proc}`);
    if (cfg.vrf) out.push(` vrf ${cfg.vrf}`);
    if (cfg.routerId) out.push(` router-id ${cfg.routerId}`);
    if (cfg.redistConnected) out.push(' redistribute connected');
    if (cfg.ecmp) out.push(' ecmp');
    out.push(' exit', '!');
  }
  return out;
}

function runningIface(d: FreeRtrDevice, name: string): string[] {
  const out: string[] = [];
  for (const cfg of sorted(d)) {
    const ic = cfg.ifaces.get(name);
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
  return out;
}

export const pvrpPart: FreeRtrPart = { name: 'pvrp', register, runningGlobal, runningIface };

// ---- show ----
function proc(c: Ctx, afiWord: string, n: string): PvrpProcess {
  const p = c.dev.pvrp.get(`${afiOf(afiWord)}:${Number(n)}`);
  if (!p) throw new CliError('no such process');
  return p;
}

export function pvrpSummary(p: PvrpProcess): Table {
  const rows: string[][] = [];
  for (const pi of p.sortedIfaces()) {
    for (const n of pi.sortedNeighbors()) {
      rows.push([pi.iface.name, n.rtrId, n.name ?? 'null', n.inam ?? 'null', fmtAddr(n.peer), String(n.learned.size), String(n.adverted.size), timePast(p.now - n.upTime)]);
    }
  }
  return { headers: ['iface', 'router', 'name', 'peerif', 'peer', 'learned', 'adverted', 'uptime'], rows };
}

export function pvrpRoutes(p: PvrpProcess): Table {
  const rows: string[][] = [];
  for (const e of sortedEntries(p.need2adv)) {
    for (const a of e.alts) {
      rows.push([a.typ ?? 'null', fmtPrefix(e.prefix), `${a.distance}/${a.metric}`, a.iface?.name ?? 'null', a.nextHop ? fmtAddr(a.nextHop) : 'null', timePast(p.now - a.since)]);
    }
  }
  return { headers: ['typ', 'prefix', 'metric', 'iface', 'hop', 'time'], rows };
}

