/** PVRP in the freertr dialect: `router pvrp4|pvrp6 N`, per-interface enable, and its shows. */
import { fmtAddr, fmtPrefix, parseIPv4 } from '../../net/addr';
import { defaultIfaceConfig, newPvrpConfig } from '../../protocols/pvrp/config';
import { sortedEntries } from '../../protocols/pvrp/table';
import type { PvrpProcess } from '../../protocols/pvrp/process';
import { Table, renderFreeRtr, timePast } from '../../show/table';
import { CliError, Ctx, table } from './device';

const afiOf = (w: string): 4 | 6 => (w === 'pvrp6' || w === 'ipv6' ? 6 : 4);

for (const v of ['pvrp4', 'pvrp6']) {
  table.add('cfg', {
    pattern: `router ${v} <proc>`,
    negatable: true,
    run: (c, m) => {
      const proc = Number(m.args.proc);
      if (!Number.isInteger(proc) || proc < 1) throw new CliError('bad process number');
      const key = `${afiOf(v)}:${proc}`;
      if (c.negated) {
        c.dev.pvrp.get(key)?.stop();
        c.dev.pvrp.delete(key);
        c.dev.pvrpCfg.delete(key);
        return;
      }
      if (!c.dev.pvrpCfg.has(key)) c.dev.pvrpCfg.set(key, newPvrpConfig(afiOf(v), proc));
      c.setMode({ name: 'cfg-rtr', router: key });
    },
  });
}

function rtr(c: Ctx) {
  const cfg = c.dev.pvrpCfg.get(c.mode.router!);
  if (!cfg) throw new CliError('no such process');
  return cfg;
}

table.add('cfg-rtr', {
  pattern: 'vrf <name>',
  negatable: true,
  run: (c, m) => {
    if (!c.dev.vrfRd.has(m.args.name)) throw new CliError('no such vrf');
    rtr(c).vrf = c.negated ? '' : m.args.name;
    c.dev.ensureProcess(c.mode.router!);
  },
});
table.add('cfg-rtr', {
  pattern: 'router-id <id>',
  negatable: true,
  run: (c, m) => {
    if (!parseIPv4(m.args.id)) throw new CliError('bad router id');
    rtr(c).routerId = c.negated ? undefined : m.args.id;
    c.dev.ensureProcess(c.mode.router!);
  },
});
table.add('cfg-rtr', {
  pattern: 'redistribute connected',
  negatable: true,
  run: (c) => {
    rtr(c).redistConnected = !c.negated;
    c.dev.pvrp.get(c.mode.router!)?.triggerCompute();
  },
});
table.add('cfg-rtr', {
  pattern: 'ecmp',
  negatable: true,
  run: (c) => {
    rtr(c).ecmp = !c.negated;
    c.dev.pvrp.get(c.mode.router!)?.triggerCompute();
  },
});

// ---- interface: router pvrp4 1 enable (and the per-interface knobs) ----
for (const mode of ['cfg-if', 'cfg-subif']) {
  for (const v of ['pvrp4', 'pvrp6']) {
    table.add(mode, {
      pattern: `router ${v} <proc> <what> [<value...>]`,
      negatable: true,
      run: (c, m) => {
        const key = `${afiOf(v)}:${Number(m.args.proc)}`;
        const cfg = c.dev.pvrpCfg.get(key);
        if (!cfg) throw new CliError('no such process');
        const name = c.mode.iface!.name;
        const what = m.args.what.toLowerCase();
        const knobs = ['enable', 'hello-time', 'dead-time', 'metric-in', 'metric-out', 'distance', 'split-horizon', 'passive'];
        const k = knobs.find((x) => x.startsWith(what));
        if (!k) throw new CliError('unknown config command entered');
        if (k === 'enable') {
          if (c.negated) cfg.ifaces.delete(name);
          else if (!cfg.ifaces.has(name)) cfg.ifaces.set(name, defaultIfaceConfig());
          if (c.negated) c.dev.ifConfOf(name).pvrp.delete(key);
          else c.dev.ifConfOf(name).pvrp.add(key);
        } else {
          const ic = cfg.ifaces.get(name);
          if (!ic) throw new CliError('protocol not enabled on interface');
          const num = Number(m.args.value);
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
        }
        c.dev.ensureProcess(key);
      },
    });
  }
}

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

for (const af of ['ipv4', 'ipv6']) {
  table.add('exec', { pattern: `show ${af} pvrp <proc> summary`, run: (c, m) => renderFreeRtr(pvrpSummary(proc(c, af, m.args.proc)), c.term.table) });
  table.add('exec', { pattern: `show ${af} pvrp <proc> route`, run: (c, m) => renderFreeRtr(pvrpRoutes(proc(c, af, m.args.proc)), c.term.table) });
}
