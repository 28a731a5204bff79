/**
 * Commands of every view: display, ping, tracert; and the user view's own (system-view,
 * screen-length). Display renderers of the protocols live in show-*.ts (their helpers' files).
 */
import { Addr, fmtAddr, parseIPv4 } from '../../net/addr';
import * as tools from '../../net/tools';
import { commandControl, commandOutput } from '../../mgmt/command';
import { MS } from '../../sim/scheduler';
import { CliError, Ctx, VrpPart, VrpTable } from './core';
import { displayRoutingTable, displayVpnInstanceVerbose } from './show-ip';
import { displayIpInterfaceBrief } from './show-ifaces';
import { displayVersion } from './show-version';
import { displayArpAll } from './show-arp';
import { displayInterface, displayInterfaceBrief } from './show-interface';
import { displayIpVpnInstance } from './show-vpn';
import { displayRoutingTableVerbose } from './show-routing-verbose';
import type { BgpProcess } from '../../protocols/bgp/process';

function register(t: VrpTable): void {
  const any = (pattern: string, run: Run) => t.add('any', { pattern, run });
  t.add('user', { pattern: 'quit', run: () => undefined });
  t.add('user', { pattern: 'system-view', run: (c) => c.setView({ kind: 'system' }) });
  t.add('user', {
    pattern: 'screen-length <n:int:0-512> temporary',
    run: () => 'Info: The configuration takes effect on the current user terminal interface only.\n',
  });
  t.add('user', { pattern: 'undo screen-length temporary', run: () => 'Info: The configuration takes effect on the current user terminal interface only.\n' });

  any('display current-configuration', (c) => c.dev.currentConfiguration());
  any('display ip routing-table', (c) => displayRoutingTable(c.dev.node, c.dev.running, ''));
  any('display ip routing-table vpn-instance <vrf>', (c, a) => {
    if (!c.dev.running.vpns.has(a.vrf)) throw new CliError('Error: The VPN instance does not exist.');
    return displayRoutingTable(c.dev.node, c.dev.running, a.vrf);
  });
  any('display ip interface brief', (c) => displayIpInterfaceBrief(c.dev.node));
  any('display ip vpn-instance verbose', (c) => displayVpnInstanceVerbose(c.dev.node, c.dev.running));
  any('display ip vpn-instance verbose <vrf>', (c, a) => displayVpnInstanceVerbose(c.dev.node, c.dev.running, a.vrf));
  any('display ip routing-table verbose', (c) => displayRoutingTableVerbose(c.dev.node, c.dev.running, ''));
  any('display ip routing-table vpn-instance <vrf> verbose', (c, a) => {
    if (!c.dev.running.vpns.has(a.vrf)) throw new CliError('Error: The VPN instance does not exist.');
    return displayRoutingTableVerbose(c.dev.node, c.dev.running, a.vrf);
  });
  any('display ip vpn-instance', (c) => displayIpVpnInstance(c.dev.node));
  any('display version', (c) => displayVersion(c.dev.node));
  any('display interface brief', (c) => displayInterfaceBrief(c.dev.node));
  any('display interface <if:if>', (c, a) => {
    const out = displayInterface(c.dev.node, a.if);
    if (out === undefined) throw new CliError('Error: The interface does not exist.');
    return out;
  });
  any('display arp all', (c) => displayArpAll(c.dev.node));
  any('display this', (c) => displayThis(t, c));
  any('ping <args...>', ping);
  any('tracert <args...>', tracert);
}

export const execPart: VrpPart = { name: 'exec', register };

type Run = (c: Ctx, a: Record<string, string>) => string | void | Promise<string | void>;

/** `display this`: the running configuration's section for the current view. */
function displayThis(t: VrpTable, c: Ctx): string {
  const lines = c.dev.currentConfiguration().split('\n');
  const head = t.view(c.view.kind).head?.(c.view, c.dev.running);
  const out = ['#'];
  const at = head ? lines.indexOf(head) : -1;
  if (at >= 0) for (let i = at; i < lines.length && lines[i] !== '#'; i++) out.push(lines[i]);
  out.push('#', 'return');
  return out.join('\n') + '\n';
}

interface ProbeArgs {
  vrf: string;
  count: number;
  src?: Addr;
  size: number;
  timeoutMs: number;
  dst: Addr;
}


/** `ping [-vpn-instance V] [-c N] [-a SRC] [-s SIZE] [-t TIMEOUT] ADDR` (tracert takes -vpn-instance, -a, -w). */
function probeArgs(c: Ctx, words: string[], defSize: number, defTimeout: number): ProbeArgs {
  const o: Partial<ProbeArgs> & { vrf: string; count: number; size: number; timeoutMs: number } = { vrf: '', count: 5, size: defSize, timeoutMs: defTimeout };
  // The words follow `ping` / `tracert` in the line: the caret goes under word 1 + i.
  const bad = (i: number) => new CliError("Error: Wrong parameter found at '^' position.", 1 + i);
  const num = (v: string, i: number, lo: number, hi: number) => {
    if (!/^\d+$/.test(v) || Number(v) < lo || Number(v) > hi) throw bad(i);
    return Number(v);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const v = words[i + 1];
    if (w.startsWith('-')) {
      if (v === undefined) throw new CliError("Error: Incomplete command found at '^' position.", 'end');
      const k = w.slice(1).toLowerCase();
      if (k !== '' && 'vpn-instance'.startsWith(k) && k.length >= 2) {
        if (!c.dev.running.vpns.has(v)) throw new CliError('Error: The VPN instance does not exist.');
        o.vrf = v;
      } else if (k === 'a') {
        o.src = parseIPv4(v);
        if (!o.src) throw bad(i + 1);
      } else if (k === 'c') o.count = num(v, i + 1, 1, 4294967295);
      // VRP: -s 20-9600 bytes, -t / -w 0-65535 ms.
      else if (k === 's') o.size = num(v, i + 1, 20, 9600);
      else if (k === 't' || k === 'w') o.timeoutMs = num(v, i + 1, 0, 65535);
      else throw bad(i);
      i++;
    } else {
      const d = parseIPv4(w);
      if (!d || o.dst) throw bad(i);
      o.dst = d;
    }
  }
  if (!o.dst) throw new CliError("Error: Incomplete command found at '^' position.", 'end');
  return o as ProbeArgs;
}

const ping: Run = (c, a) => {
  const o = probeArgs(c, a.args.split(' '), 56, 2000);
  const node = c.dev.node;
  const dst = fmtAddr(o.dst);
  // Shown as on the device: each reply as it comes, the statistics at the end.
  const show = commandOutput();
  show.say(`PING ${dst}: ${o.size}  data bytes, press CTRL_C to break\n`);
  return new Promise<string>((resolve) => {
    tools.ping(
      node,
      { vrf: o.vrf, dst: o.dst, src: o.src, count: o.count, size: o.size + 8, timeout: o.timeoutMs * MS, ttl: 255 },
      (r) => {
        show.say(r.ok
          ? `    Reply from ${dst}: bytes=${o.size} Sequence=${r.seq + 1} ttl=${r.ttl ?? 255} time=${Math.round((r.rtt ?? 0) / MS)} ms\n`
          : '    Request time out\n');
      },
      (all) => {
        const ok = all.filter((r) => r.ok);
        const rtt = ok.map((r) => Math.round((r.rtt ?? 0) / MS));
        const loss = all.length ? (100 * (all.length - ok.length)) / all.length : 0;
        let out = show.rest() + `\n  --- ${dst} ping statistics ---\n    ${all.length} packet(s) transmitted\n    ${ok.length} packet(s) received\n    ${loss.toFixed(2)}% packet loss\n`;
        if (rtt.length) out += `round-trip min/avg/max = ${Math.min(...rtt)}/${Math.floor(rtt.reduce((x, y) => x + y, 0) / rtt.length)}/${Math.max(...rtt)} ms\n`;
        resolve(out + '\n');
      },
      commandControl(),
    );
  });
};

const tracert: Run = (c, a) => {
  const o = probeArgs(c, a.args.split(' '), 40, 5000);
  const node = c.dev.node;
  const dst = fmtAddr(o.dst);
  const show = commandOutput();
  show.say(` traceroute to  ${dst}(${dst}), max hops: 30 ,packet length: ${o.size}\n`);
  const bgp = c.dev.host.instance<BgpProcess>('bgp');
  return new Promise<string>((resolve) => {
    // UDP probes, 3 per hop, as VRP's tracert sends them.
    tools.tracerouteUdp(
      node,
      { vrf: o.vrf, dst: o.dst, src: o.src, maxTtl: 30, probes: 3, timeout: o.timeoutMs * MS, size: o.size, firstPort: 33434 },
      (ttl, probes) => {
        // The address before the first probe and again whenever it changes; `< AS=n >` with the origin AS.
        let prev: string | undefined;
        const pieces = probes.map((p) => {
          if (!p.from || p.kind === 'timeout') return ' *';
          const from = fmtAddr(p.from);
          const ms = `${Math.round((p.rtt ?? 0) / MS)} ms`;
          if (from === prev) return ` ${ms}`;
          prev = from;
          const path = bgp?.asPathFor(o.vrf, p.from);
          const as = path && path.length ? ` < AS=${path[path.length - 1]} >` : '';
          return `${from}${as} ${ms}`;
        });
        show.say(` ${ttl} ${pieces.join(' ')}\n`);
      },
      () => resolve(show.rest() + '\n'),
      commandControl(),
    );
  });
};
