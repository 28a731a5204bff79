/**
 * VRRP in IOS XE syntax, onto the neutral VRRP configuration (protocols/vrrp/config.ts):
 *   classic (VRRPv2, RFC 3768):  vrrp N ip A [secondary] | vrrp N name X | vrrp N priority P |
 *     vrrp N preempt [delay minimum S] | vrrp N timers advertise [msec] T | vrrp N shutdown |
 *     vrrp N description TEXT | vrrp delay {minimum S [reload S] | reload S}
 *   VRRPv3 (RFC 5798), after `fhrp version vrrp v3`: vrrp N address-family ipv4|ipv6 enters
 *     (config-if-vrrp)# with address A [primary|secondary], priority, preempt [delay minimum S],
 *     timers advertise [msec] T, vrrpv2, name X, description, shutdown.
 */
import { VrrpConfig, VrrpGroupConfig, checkGroup, groupKey, newVrrpConfig, newVrrpGroupConfig, setGroup } from '../../protocols/vrrp/config';
import { fmtAddr, parseIPv4, parseIPv6 } from '../../net/addr';
import { CliError, Ctx, IosPart, IosTable } from './core';
import { compareNames } from './names';
import type { IosDevice } from './device';

export interface IosVrrpState {
  cfg: VrrpConfig;
  /** `fhrp version vrrp v3`. */
  v3: boolean;
}

export const vrrpState = (dev: IosDevice): IosVrrpState => dev.state<IosVrrpState>('vrrp', () => ({ cfg: newVrrpConfig(), v3: false }));

const bad = (msg: string) => new CliError(`% ${msg}`);

function group(c: Ctx, vrid: number, afi: 4 | 6, create = true): VrrpGroupConfig | undefined {
  const st = vrrpState(c.dev);
  const iface = c.mode.iface!;
  const g = st.cfg.groups.get(groupKey(iface, vrid, afi));
  if (g || !create) return g;
  return setGroup(st.cfg, newVrrpGroupConfig(iface, vrid, afi, st.v3 ? 3 : 2));
}

/** Apply an edit to a copy; keep it only when the group stays valid (IOS refuses the line). */
function edit(c: Ctx, g: VrrpGroupConfig, f: (x: VrrpGroupConfig) => void): void {
  const x = structuredClone(g);
  f(x);
  const e = checkGroup(x);
  if (e) throw bad(e);
  Object.assign(g, x);
}

function register(t: IosTable): void {
  const both = (pattern: string, run: (c: Ctx, a: Record<string, string>) => string | void, negatable = true) => {
    for (const m of ['cfg-if', 'cfg-subif']) t.add(m, { pattern, run, negatable });
  };
  const classic = (c: Ctx) => {
    if (vrrpState(c.dev).v3) throw bad('VRRPv2 commands are not available while fhrp version vrrp v3 is configured; use vrrp N address-family');
  };
  t.add('cfg', {
    pattern: 'fhrp version vrrp v3',
    negatable: true,
    run: (c) => {
      const st = vrrpState(c.dev);
      const on = !c.negated;
      if (on === st.v3) return;
      // Switching the VRRP version removes every group, as IOS XE does.
      st.v3 = on;
      st.cfg.groups.clear();
    },
  });
  // `no vrrp N`: the group goes, every address family of it.
  both('vrrp <g:int:1-255>', (c, a) => {
    if (!c.negated) throw new CliError('% Incomplete command.\n');
    const st = vrrpState(c.dev);
    for (const [k, g] of st.cfg.groups) if (g.iface === c.mode.iface && g.vrid === Number(a.g)) st.cfg.groups.delete(k);
  });
  // ---- classic VRRPv2 ----
  both('vrrp <g:int:1-255> ip <a:ip>', (c, a) => {
    classic(c);
    const vrid = Number(a.g);
    if (c.negated) {
      const g = group(c, vrid, 4, false);
      if (g) vrrpState(c.dev).cfg.groups.delete(groupKey(g.iface, g.vrid, 4));
      return;
    }
    const g = group(c, vrid, 4)!;
    const addr = fmtAddr(parseIPv4(a.a)!);
    g.addresses = [addr, ...g.addresses.filter((x) => x !== addr).slice(g.addresses.length ? 1 : 0)];
  });
  both('vrrp <g:int:1-255> ip <a:ip> secondary', (c, a) => {
    classic(c);
    const g = group(c, Number(a.g), 4, !c.negated);
    if (!g) return;
    const addr = fmtAddr(parseIPv4(a.a)!);
    if (c.negated) g.addresses = g.addresses.filter((x, i) => i === 0 || x !== addr);
    else if (!g.addresses.includes(addr)) {
      if (g.addresses.length === 0) throw bad('Must configure a primary virtual IP address first');
      g.addresses.push(addr);
    }
  });
  const field = (pattern: string, f: (g: VrrpGroupConfig, a: Record<string, string>, neg: boolean) => void) => {
    both(`vrrp <g:int:1-255> ${pattern}`, (c, a) => {
      classic(c);
      const g = group(c, Number(a.g), 4, !c.negated);
      if (g) edit(c, g, (x) => f(x, a, c.negated));
    });
  };
  field('name <name>', (g, a, neg) => void (g.name = neg ? '' : a.name));
  field('priority <p:int:1-254>', (g, a, neg) => void (g.priority = neg ? 100 : Number(a.p)));
  field('preempt', (g, _a, neg) => {
    g.preempt = !neg;
    if (neg) g.preemptDelayMs = 0;
  });
  field('preempt delay minimum <s:int:0-3600>', (g, a, neg) => {
    g.preempt = true;
    g.preemptDelayMs = neg ? 0 : Number(a.s) * 1000;
  });
  field('timers advertise <s:int:1-255>', (g, a, neg) => void (g.advertMs = neg ? 1000 : Number(a.s) * 1000));
  field('timers advertise msec <ms:int:50-999>', (g, a, neg) => void (g.advertMs = neg ? 1000 : Number(a.ms)));
  field('shutdown', (g, _a, neg) => void (g.shutdown = !neg));
  field('description <text...>', (g, a, neg) => void (g.description = neg ? '' : a.text));
  const delay = (c: Ctx, min: number, reload: number) => {
    const st = vrrpState(c.dev);
    if (c.negated) st.cfg.ifaces.delete(c.mode.iface!);
    else st.cfg.ifaces.set(c.mode.iface!, { delayMinimumSec: min, delayReloadSec: reload });
  };
  both('vrrp delay minimum <m:int:0-10000>', (c, a) => delay(c, Number(a.m), 0));
  both('vrrp delay minimum <m:int:0-10000> reload <r:int:0-10000>', (c, a) => delay(c, Number(a.m), Number(a.r)));
  both('vrrp delay reload <r:int:0-10000>', (c, a) => delay(c, 0, Number(a.r)));
  // `no vrrp delay`: both delays go (IOS accepts the bare form when negated).
  both('vrrp delay', (c) => {
    if (!c.negated) throw new CliError('% Incomplete command.\n');
    delay(c, 0, 0);
  });

  // ---- VRRPv3 ----
  both('vrrp <g:int:1-255> address-family <af>', (c, a) => {
    const st = vrrpState(c.dev);
    const af = a.af.toLowerCase();
    const afi = 'ipv4'.startsWith(af) && af.length >= 3 ? 4 : 'ipv6'.startsWith(af) && af.length >= 3 ? 6 : undefined;
    if (afi === undefined) throw bad(`Invalid address family ${a.af}`);
    if (!st.v3) throw bad('VRRPv3 requires fhrp version vrrp v3');
    const vrid = Number(a.g);
    if (c.negated) {
      st.cfg.groups.delete(groupKey(c.mode.iface!, vrid, afi));
      return;
    }
    group(c, vrid, afi);
    c.setMode({ name: 'cfg-if-vrrp', iface: c.mode.iface, vrid, afi });
  });
  const v3 = (pattern: string, f: (g: VrrpGroupConfig, a: Record<string, string>, neg: boolean) => void) =>
    t.add('cfg-if-vrrp', {
      pattern,
      negatable: true,
      run: (c, a) => {
        const g = group(c, c.mode.vrid!, c.mode.afi!)!;
        edit(c, g, (x) => f(x, a, c.negated));
      },
    });
  const addr = (g: VrrpGroupConfig, s: string): string => {
    const p = g.afi === 4 ? parseIPv4(s) : parseIPv6(s);
    if (!p) throw bad(`Invalid IPv${g.afi} address ${s}`);
    return fmtAddr(p);
  };
  v3('address <a:addr>', (g, a, neg) => {
    const x = addr(g, a.a);
    if (neg) g.addresses = g.addresses.filter((y) => y !== x);
    else if (!g.addresses.includes(x)) g.addresses.push(x);
  });
  v3('address <a:addr> primary', (g, a, neg) => {
    const x = addr(g, a.a);
    g.addresses = neg ? g.addresses.filter((y) => y !== x) : [x, ...g.addresses.filter((y) => y !== x)];
  });
  v3('address <a:addr> secondary', (g, a, neg) => {
    const x = addr(g, a.a);
    if (neg) g.addresses = g.addresses.filter((y) => y !== x);
    else if (!g.addresses.includes(x)) g.addresses.push(x);
  });
  v3('priority <p:int:1-254>', (g, a, neg) => void (g.priority = neg ? 100 : Number(a.p)));
  v3('preempt', (g, _a, neg) => {
    g.preempt = !neg;
    if (neg) g.preemptDelayMs = 0;
  });
  v3('preempt delay minimum <s:int:0-3600>', (g, a, neg) => {
    g.preempt = true;
    g.preemptDelayMs = neg ? 0 : Number(a.s) * 1000;
  });
  v3('timers advertise <s:int:1-40>', (g, a, neg) => void (g.advertMs = neg ? 1000 : Number(a.s) * 1000));
  v3('timers advertise msec <ms:int:10-40000>', (g, a, neg) => void (g.advertMs = neg ? 1000 : Number(a.ms)));
  v3('vrrpv2', (g, _a, neg) => void (g.version = neg ? 3 : 2));
  v3('name <name>', (g, a, neg) => void (g.name = neg ? '' : a.name));
  v3('description <text...>', (g, a, neg) => void (g.description = neg ? '' : a.text));
  v3('shutdown', (g, _a, neg) => void (g.shutdown = !neg));
  t.add('cfg-if-vrrp', { pattern: 'exit-vrrp', run: (c) => c.setMode({ name: c.mode.iface!.includes('.') ? 'cfg-subif' : 'cfg-if', iface: c.mode.iface }) });
  t.add('cfg-if-vrrp', { pattern: 'exit', run: (c) => c.setMode({ name: c.mode.iface!.includes('.') ? 'cfg-subif' : 'cfg-if', iface: c.mode.iface }) });
}

function groupsOn(dev: IosDevice, iface: string): VrrpGroupConfig[] {
  return [...vrrpState(dev).cfg.groups.values()].filter((g) => g.iface === iface).sort((a, b) => a.vrid - b.vrid || a.afi - b.afi);
}

function runningIface(dev: IosDevice, iface: string): string[] {
  const st = vrrpState(dev);
  const out: string[] = [];
  for (const g of groupsOn(dev, iface)) {
    if (st.v3) {
      out.push(` vrrp ${g.vrid} address-family ipv${g.afi}`);
      if (g.description) out.push(`  description ${g.description}`);
      if (g.version === 2) out.push('  vrrpv2');
      if (g.priority !== 100) out.push(`  priority ${g.priority}`);
      if (!g.preempt) out.push('  no preempt');
      else if (g.preemptDelayMs) out.push(`  preempt delay minimum ${g.preemptDelayMs / 1000}`);
      if (g.advertMs !== 1000) out.push(g.advertMs % 1000 === 0 ? `  timers advertise ${g.advertMs / 1000}` : `  timers advertise msec ${g.advertMs}`);
      g.addresses.forEach((a, i) => out.push(`  address ${a}${i === 0 ? ' primary' : ' secondary'}`));
      if (g.name) out.push(`  name ${g.name}`);
      if (g.shutdown) out.push('  shutdown');
      out.push('  exit-vrrp');
      continue;
    }
    const p = ` vrrp ${g.vrid}`;
    if (g.description) out.push(`${p} description ${g.description}`);
    g.addresses.forEach((a, i) => out.push(`${p} ip ${a}${i ? ' secondary' : ''}`));
    if (g.advertMs !== 1000) out.push(g.advertMs % 1000 === 0 ? `${p} timers advertise ${g.advertMs / 1000}` : `${p} timers advertise msec ${g.advertMs}`);
    if (g.priority !== 100) out.push(`${p} priority ${g.priority}`);
    if (!g.preempt) out.push(`no${p} preempt`);
    else if (g.preemptDelayMs) out.push(`${p} preempt delay minimum ${g.preemptDelayMs / 1000}`);
    if (g.name) out.push(`${p} name ${g.name}`);
    if (g.shutdown) out.push(`${p} shutdown`);
  }
  const d = st.cfg.ifaces.get(iface);
  if (d) out.push(d.delayMinimumSec ? ` vrrp delay minimum ${d.delayMinimumSec}${d.delayReloadSec ? ` reload ${d.delayReloadSec}` : ''}` : ` vrrp delay reload ${d.delayReloadSec}`);
  return out;
}

function derive(dev: IosDevice): void {
  const st = vrrpState(dev);
  // Groups on interfaces that are gone (or not yet on the node) are kept but not run.
  const cfg: VrrpConfig = { groups: new Map([...st.cfg.groups].filter(([, g]) => dev.cfg.ifaces.has(g.iface) || dev.node.ifaces.has(g.iface))), ifaces: new Map(st.cfg.ifaces) };
  dev.setSection('vrrp', cfg.groups.size || cfg.ifaces.size ? structuredClone(cfg) : undefined);
}

export const vrrpPart: IosPart = {
  name: 'vrrp',
  register,
  runningGlobal: (dev) => (vrrpState(dev).v3 ? ['fhrp version vrrp v3'] : []),
  runningIface,
  derive,
};

export { compareNames };
