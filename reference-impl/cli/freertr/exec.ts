/** freeRtr exec commands: show, terminal, configure, ping and traceroute. */
import { Addr, fmtAddr, fmtPrefix, parseAddr } from '../../net/addr';
import { ping, traceroute, ProbeResult, TOOL_LIMITS } from '../../net/tools';
import { commandControl, commandOutput } from '../../mgmt/command';
import { MS } from '../../sim/scheduler';
import { renderFreeRtr, timePast } from '../../show/table';
import { CliError, Ctx, FreeRtrPart, FreeRtrTable, canonIfName } from './core';
import { runningConfig } from './running';

type Ex = (pattern: string, run: (c: Ctx, a: Record<string, string>) => string | void | Promise<string | void>) => void;

function register(t: FreeRtrTable): void {
  const ex: Ex = (pattern, run) => t.add('exec', { pattern, run: (c, a) => run(c, a) });

ex('terminal length <n>', (c, a) => {
  const n = Number(a.n);
  if (!Number.isInteger(n) || n < 0) throw new CliError('bad length');
  c.term.length = n;
});
ex('terminal width <n>', (c, a) => {
  const n = Number(a.n);
  if (!Number.isInteger(n) || n < 0) throw new CliError('bad width');
  c.term.width = n;
});
ex('terminal table <mode>', (c, a) => {
  const modes = ['normal', 'fancy'] as const;
  const m = modes.find((x) => x.startsWith(a.mode.toLowerCase()));
  if (!m) throw new CliError('bad table mode (normal, fancy)');
  c.term.table = m;
});
ex('configure terminal', (c) => c.setMode({ name: 'cfg' }));
ex('configure', (c) => c.setMode({ name: 'cfg' }));

ex('show running-config', (c) => runningConfig(c.dev));
ex('show clock', (c) => {
  const t = c.dev.node.sched.now;
  return `uptime: ${timePast(t)}\nvirtual: ${(t / 1e6).toFixed(3)} s\n`;
});
ex('show interfaces summary', (c) => {
  const rows = c.dev.node.sortedIfaces().map((i) => [i.name, i.stateWord, String(i.txBytes), String(i.rxBytes), String(i.drops)]);
  return renderFreeRtr({ headers: ['interface', 'state', 'tx', 'rx', 'drop'], rows }, c.term.table);
});

for (const af of ['ipv4', 'ipv6'] as const) {
  ex(`show ${af} route <vrf>`, (c, a) => {
    if (!c.dev.cfg.vrfs.has(a.vrf)) throw new CliError('no such vrf');
    const rib = c.dev.node.vrf(a.vrf).rib[af === 'ipv4' ? 4 : 6];
    const now = c.dev.node.sched.now;
    const rows: string[][] = [];
    for (const r of rib.routes()) {
      // freeRtr's external routes: PVRP's `P EX`; OSPF's AS-external ones `O E2` (the engine
      // originates type 2 only, as freeRtr's redistribution does by default).
      const typ = r.code + (r.external ? (r.code === 'O' ? ' E2' : ' EX') : '');
      for (const p of r.paths) {
        rows.push([typ, fmtPrefix(r.prefix), `${r.distance}/${r.metric}`, p.iface.name, p.nextHop ? fmtAddr(p.nextHop) : 'null', timePast(now - r.since)]);
      }
    }
    return renderFreeRtr({ headers: ['typ', 'prefix', 'metric', 'iface', 'hop', 'time'], rows }, c.term.table);
  });
}

  probes(ex);
}

export const execPart: FreeRtrPart = { name: 'exec', register };

interface ProbeOpts {
  vrf: string;
  src?: Addr;
  count: number;
  size: number;
  timeoutMs: number;
  ttl: number;
}

/** Options after the target, freeRtr style: `vrf v1 source lo1 repeat 5 size 64 timeout 1000 ttl 255`. */
function probeOpts(c: Ctx, dst: Addr, words: string[]): ProbeOpts {
  const o: ProbeOpts = { vrf: '', count: 5, size: 64, timeoutMs: 1000, ttl: 255 };
  const keys = ['vrf', 'source', 'repeat', 'size', 'timeout', 'ttl'];
  for (let i = 0; i < words.length; i++) {
    const k = keys.find((x) => x.startsWith(words[i].toLowerCase()));
    const v = words[i + 1];
    if (!k || v === undefined) throw new CliError(`bad option ${words[i]}`);
    i++;
    if (k === 'vrf') {
      if (!c.dev.cfg.vrfs.has(v)) throw new CliError('no such vrf');
      o.vrf = v;
    } else if (k === 'source') {
      const n = canonIfName(v);
      const ifc = n ? c.dev.node.ifaces.get(n) : undefined;
      if (!ifc) throw new CliError('no such interface');
      const a = ifc.addrOf(dst.afi);
      if (!a) throw new CliError('no address on source interface');
      o.src = a.addr;
    } else {
      const n = Number(v);
      // Ranges: Java ints for repeat and timeout; a size that fits an IP packet; ttl 1..255.
      const max = k === 'size' ? TOOL_LIMITS.maxIcmp[dst.afi] : k === 'ttl' ? 255 : 0x7fffffff;
      if (!/^\d+$/.test(v) || n < (k === 'ttl' ? 1 : 0) || n > max) throw new CliError(`bad ${k}`);
      if (k === 'repeat') o.count = n;
      if (k === 'size') o.size = n;
      if (k === 'timeout') o.timeoutMs = n;
      if (k === 'ttl') o.ttl = n;
    }
  }
  return o;
}

function stats(xs: number[]): { min: number; avg: number; max: number; dev: number } {
  if (xs.length === 0) return { min: 0, avg: 0, max: 0, dev: 0 };
  const avg = xs.reduce((a, b) => a + b, 0) / xs.length;
  const dev = Math.sqrt(xs.reduce((a, b) => a + (b - avg) ** 2, 0) / xs.length);
  return { min: Math.min(...xs), avg, max: Math.max(...xs), dev };
}

const r1 = (n: number) => n.toFixed(1);

function probes(ex: Ex): void {
ex('ping <target> [<opts...>]', (c, a) => {
  const dst = parseAddr(a.target);
  if (!dst) throw new CliError('bad address');
  const o = probeOpts(c, dst, a.opts ? a.opts.split(' ') : []);
  const node = c.dev.node;
  const start = node.sched.now;
  const src = o.src ?? node.vrf(o.vrf).rib[dst.afi].lookup(dst)?.paths[0]?.iface.addrOf(dst.afi)?.addr;
  const head = `pinging ${fmtAddr(dst)}, src=${src ? fmtAddr(src) : 'null'}, vrf=${o.vrf || 'null'}, via=null, cnt=${o.count}, len=${o.size}, df=false, tim=${o.timeoutMs}, gap=0, ttl=${o.ttl}, tos=0, sgt=0, flow=0, fill=0, alrt=-1, sweep=false, multi=false, mpls=0\n`;
  // Shown as on the device: the header at once, a mark per echo, the result at the end.
  const show = commandOutput();
  show.say(head);
  return new Promise<string>((resolve) => {
    ping(
      node,
      { vrf: o.vrf, dst, src: o.src, count: o.count, size: o.size, timeout: o.timeoutMs * MS, ttl: o.ttl },
      (r: ProbeResult) => {
        show.say(r.ok ? '!' : r.kind === 'unreach' || r.kind === 'noroute' ? 'U' : r.kind === 'ttl' ? 'T' : '.');
      },
      (all) => {
        const ok = all.filter((r) => r.ok);
        const rtt = stats(ok.map((r) => Math.round((r.rtt ?? 0) / MS)));
        const ttl = stats(ok.map((r) => r.ttl ?? 0));
        const pct = all.length ? (100 * ok.length) / all.length : 0;
        const err = all.filter((r) => !r.ok && r.kind !== 'timeout').length;
        const took = Math.round((node.sched.now - start) / MS);
        const f = (n: number) => String(Math.round(n));
        resolve(
          show.rest() +
            '\n' +
            `result=${r1(pct)}%, recv/sent/lost/err=${ok.length}/${all.length}/${all.length - ok.length}/${err}, took ${took}, ` +
            `min/avg/max/dev rtt=${f(rtt.min)}/${r1(rtt.avg)}/${f(rtt.max)}/${r1(rtt.dev)}, ttl ${f(ttl.min)}/${f(ttl.avg)}/${f(ttl.max)}/${r1(ttl.dev)}, tos 0/0.0/0/0.0\n`,
        );
      },
      commandControl(),
    );
  });
});

ex('traceroute <target> [<opts...>]', (c, a) => {
  const dst = parseAddr(a.target);
  if (!dst) throw new CliError('bad address');
  const o = probeOpts(c, dst, a.opts ? a.opts.split(' ') : []);
  const node = c.dev.node;
  const src = o.src ?? node.vrf(o.vrf).rib[dst.afi].lookup(dst)?.paths[0]?.iface.addrOf(dst.afi)?.addr;
  const show = commandOutput();
  show.say(`tracing ${fmtAddr(dst)}, src=${src ? fmtAddr(src) : 'null'}, vrf=${o.vrf || 'null'}, len=${o.size}, tim=${o.timeoutMs}, tos=0, flow=0, fill=0, sgt=0, ttl=1..30\n`);
  return new Promise<string>((resolve) => {
    traceroute(
      node,
      { vrf: o.vrf, dst, src: o.src, size: o.size, timeout: o.timeoutMs * MS, maxTtl: 30 },
      (ttl, r) => {
        show.say(r.from ? `${ttl} ${fmtAddr(r.from)} time=${Math.round((r.rtt ?? 0) / MS)}\n` : `${ttl} null time=${o.timeoutMs}\n`);
      },
      () => resolve(show.rest()),
      commandControl(),
    );
  });
});

}
