/**
 * VRRS and its AAA accounting in IOS XE syntax, onto the neutral VRRS configuration
 * (protocols/vrrs/config.ts):
 *   subinterface:  vrrs follow NAME | vrrs interface-state | vrrs mac-address [arp [interval S] [duration S]]
 *   global:        aaa new-model | aaa accounting vrrs {default|LIST} start-stop group G [G...]
 *                  aaa attribute list NAME -> (config-attr-list)# attribute type NAME VALUE [...]
 *                  radius server NAME -> (config-radius-server)# address ipv4 A [auth-port P] [acct-port P], key [0|7] K
 *                  radius-server host A [auth-port P] [acct-port P] key [0|7] K
 *                  vrrs NAME -> (config-vrrs)# accounting delay S | accounting method {default|LIST} | attribute list NAME
 * Keys are secrets: the running config prints them in Cisco's type 7 form, never in clear.
 */
import { AaaConfig, VrrsConfig, newVrrsClientIfConfig, newVrrsConfig, newVrrsMacConfig, newVrrsNameConfig } from '../../protocols/vrrs/config';
import { CliError, Ctx, IosPart, IosTable } from './core';
import type { IosDevice } from './device';

export interface IosRadius {
  name: string;
  host?: string;
  authPort: number;
  acctPort: number;
  key?: string;
  /** `radius-server host` (legacy form) rather than `radius server NAME`. */
  legacy: boolean;
}

export interface IosVrrsState {
  cfg: VrrsConfig;
  radius: Map<string, IosRadius>;
}

export const vrrsState = (dev: IosDevice): IosVrrsState => dev.state<IosVrrsState>('vrrs', () => ({ cfg: newVrrsConfig(), radius: new Map() }));

const XLAT = 'dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87';

/** Cisco type 7 (the reversible `service password-encryption` form IOS prints keys in). */
export function type7(clear: string, seed = clear.length % 16): string {
  let out = String(seed).padStart(2, '0');
  for (let i = 0; i < clear.length; i++) out += (clear.charCodeAt(i) ^ XLAT.charCodeAt((seed + i) % XLAT.length)).toString(16).toUpperCase().padStart(2, '0');
  return out;
}

export function untype7(enc: string): string | undefined {
  if (!/^\d\d([0-9a-f]{2})*$/i.test(enc)) return undefined;
  const seed = Number(enc.slice(0, 2));
  if (seed > 15) return undefined;
  let out = '';
  for (let i = 2, j = 0; i < enc.length; i += 2, j++) out += String.fromCharCode(parseInt(enc.slice(i, i + 2), 16) ^ XLAT.charCodeAt((seed + j) % XLAT.length));
  return out;
}

function keyOf(type: string | undefined, k: string): string {
  if (type === '7') {
    const c = untype7(k);
    if (c === undefined) throw new CliError('% Invalid encrypted password');
    return c;
  }
  return k;
}

function client(c: Ctx) {
  const st = vrrsState(c.dev);
  const n = c.mode.iface!;
  let x = st.cfg.clients.get(n);
  if (!x) {
    x = newVrrsClientIfConfig(n, '');
    st.cfg.clients.set(n, x);
  }
  return x;
}

function register(t: IosTable): void {
  const sub = (pattern: string, run: (c: Ctx, a: Record<string, string>) => string | void) => {
    for (const m of ['cfg-subif', 'cfg-if']) t.add(m, { pattern, run, negatable: true });
  };
  sub('vrrs follow <name>', (c, a) => {
    const x = client(c);
    x.follow = c.negated ? '' : a.name;
  });
  sub('vrrs interface-state', (c) => void (client(c).interfaceState = !c.negated));
  const mac = (c: Ctx, arp: boolean, interval?: string, duration?: string) => {
    const x = client(c);
    if (c.negated) {
      x.mac = undefined;
      return;
    }
    const m = newVrrsMacConfig();
    m.arp = arp;
    if (interval) m.arpIntervalSec = Number(interval);
    if (duration) m.arpDurationSec = Number(duration);
    x.mac = m;
  };
  sub('vrrs mac-address', (c) => mac(c, false));
  sub('vrrs mac-address arp', (c) => mac(c, true));
  sub('vrrs mac-address arp interval <i:int:1-3600>', (c, a) => mac(c, true, a.i));
  sub('vrrs mac-address arp duration <d:int:1-3600>', (c, a) => mac(c, true, undefined, a.d));
  sub('vrrs mac-address arp interval <i:int:1-3600> duration <d:int:1-3600>', (c, a) => mac(c, true, a.i, a.d));

  const g = (pattern: string, run: (c: Ctx, a: Record<string, string>, aaa: AaaConfig) => string | void) =>
    t.add('cfg', { pattern, run: (c, a) => run(c, a, vrrsState(c.dev).cfg.aaa), negatable: true });
  g('aaa new-model', (c, _a, aaa) => void (aaa.newModel = !c.negated));
  g('aaa accounting vrrs <list> start-stop group <groups...>', (c, a, aaa) => {
    if (!aaa.newModel) throw new CliError(`% Invalid input: aaa new-model is not configured`);
    if (c.negated) aaa.vrrsLists.delete(a.list);
    else aaa.vrrsLists.set(a.list, a.groups.split(' '));
  });
  g('aaa attribute list <name>', (c, a, aaa) => {
    if (c.negated) {
      aaa.attributeLists.delete(a.name);
      return;
    }
    if (!aaa.attributeLists.has(a.name)) aaa.attributeLists.set(a.name, []);
    c.setMode({ name: 'cfg-attr-list', key: a.name });
  });
  t.add('cfg-attr-list', {
    pattern: 'attribute type <type> <value...>',
    negatable: true,
    run: (c, a) => {
      const l = vrrsState(c.dev).cfg.aaa.attributeLists.get(c.mode.key!)!;
      const i = l.findIndex((x) => x.type === a.type);
      if (i >= 0) l.splice(i, 1);
      if (!c.negated) l.push({ type: a.type, value: a.value });
    },
  });
  g('radius server <name>', (c, a) => {
    const st = vrrsState(c.dev);
    if (c.negated) {
      st.radius.delete(a.name);
      return;
    }
    if (!st.radius.has(a.name)) st.radius.set(a.name, { name: a.name, authPort: 1645, acctPort: 1646, legacy: false });
    c.setMode({ name: 'cfg-radius-server', key: a.name });
  });
  const rs = (c: Ctx) => vrrsState(c.dev).radius.get(c.mode.key!)!;
  const addr = (c: Ctx, a: Record<string, string>) => {
    const r = rs(c);
    if (c.negated) {
      r.host = undefined;
      return;
    }
    r.host = a.a;
    r.authPort = a.auth ? Number(a.auth) : 1645;
    r.acctPort = a.acct ? Number(a.acct) : 1646;
  };
  const rsm = (pattern: string, run: (c: Ctx, a: Record<string, string>) => void) => t.add('cfg-radius-server', { pattern, run, negatable: true });
  rsm('address ipv4 <a:ip>', addr);
  rsm('address ipv4 <a:ip> auth-port <auth:int:0-65535>', addr);
  rsm('address ipv4 <a:ip> acct-port <acct:int:0-65535>', addr);
  rsm('address ipv4 <a:ip> auth-port <auth:int:0-65535> acct-port <acct:int:0-65535>', addr);
  rsm('key <k>', (c, a) => void (rs(c).key = c.negated ? undefined : a.k));
  rsm('key 0 <k>', (c, a) => void (rs(c).key = c.negated ? undefined : a.k));
  rsm('key 7 <k>', (c, a) => void (rs(c).key = c.negated ? undefined : keyOf('7', a.k)));
  const legacy = (c: Ctx, a: Record<string, string>) => {
    const st = vrrsState(c.dev);
    const name = `host ${a.a}`;
    if (c.negated) {
      st.radius.delete(name);
      return;
    }
    st.radius.set(name, { name, host: a.a, authPort: a.auth ? Number(a.auth) : 1645, acctPort: a.acct ? Number(a.acct) : 1646, key: a.k === undefined ? undefined : keyOf(a.t, a.k), legacy: true });
  };
  for (const ports of ['', ' auth-port <auth:int:0-65535>', ' acct-port <acct:int:0-65535>', ' auth-port <auth:int:0-65535> acct-port <acct:int:0-65535>']) {
    g(`radius-server host <a:ip>${ports}`, (c, a) => legacy(c, a));
    g(`radius-server host <a:ip>${ports} key <k>`, (c, a) => legacy(c, a));
    g(`radius-server host <a:ip>${ports} key <t:int:0-7> <k>`, (c, a) => {
      if (a.t !== '0' && a.t !== '7') throw new CliError('% Invalid key type');
      legacy(c, a);
    });
  }
  g('vrrs <name>', (c, a) => {
    const st = vrrsState(c.dev);
    if (c.negated) {
      st.cfg.names.delete(a.name);
      return;
    }
    if (!st.cfg.names.has(a.name)) st.cfg.names.set(a.name, newVrrsNameConfig(a.name));
    c.setMode({ name: 'cfg-vrrs', key: a.name });
  });
  const vn = (c: Ctx) => vrrsState(c.dev).cfg.names.get(c.mode.key!)!;
  t.add('cfg-vrrs', { pattern: 'accounting delay <s:int:0-3600>', negatable: true, run: (c, a) => void (vn(c).accountingDelaySec = c.negated ? 0 : Number(a.s)) });
  t.add('cfg-vrrs', { pattern: 'accounting method <m>', negatable: true, run: (c, a) => void (vn(c).accountingMethod = c.negated ? undefined : a.m) });
  t.add('cfg-vrrs', { pattern: 'attribute list <l>', negatable: true, run: (c, a) => void (vn(c).attributeList = c.negated ? undefined : a.l) });
}

function runningGlobal(dev: IosDevice): string[] {
  const st = vrrsState(dev);
  const aaa = st.cfg.aaa;
  const out: string[] = [];
  if (aaa.newModel) out.push('aaa new-model');
  for (const [l, gs] of aaa.vrrsLists) out.push(`aaa accounting vrrs ${l} start-stop group ${gs.join(' ')}`);
  for (const [n, attrs] of aaa.attributeLists) {
    out.push(`aaa attribute list ${n}`);
    for (const a of attrs) out.push(` attribute type ${a.type} ${a.value}`);
  }
  return out;
}

function runningTail(dev: IosDevice): string[] {
  const st = vrrsState(dev);
  const out: string[] = [];
  for (const r of st.radius.values()) {
    if (!r.legacy) continue;
    out.push(`radius-server host ${r.host} auth-port ${r.authPort} acct-port ${r.acctPort}${r.key !== undefined ? ` key 7 ${type7(r.key)}` : ''}`);
  }
  for (const r of st.radius.values()) {
    if (r.legacy) continue;
    out.push(`radius server ${r.name}`);
    if (r.host) out.push(` address ipv4 ${r.host} auth-port ${r.authPort} acct-port ${r.acctPort}`);
    if (r.key !== undefined) out.push(` key 7 ${type7(r.key)}`);
    out.push('!');
  }
  for (const n of st.cfg.names.values()) {
    out.push(`vrrs ${n.name}`);
    if (n.accountingDelaySec) out.push(` accounting delay ${n.accountingDelaySec}`);
    if (n.accountingMethod) out.push(` accounting method ${n.accountingMethod}`);
    if (n.attributeList) out.push(` attribute list ${n.attributeList}`);
  }
  if (out[out.length - 1] === '!') out.pop();
  return out;
}

function runningIface(dev: IosDevice, iface: string): string[] {
  const x = vrrsState(dev).cfg.clients.get(iface);
  if (!x) return [];
  const out: string[] = [];
  if (x.follow) out.push(` vrrs follow ${x.follow}`);
  if (x.interfaceState) out.push(' vrrs interface-state');
  if (x.mac) {
    const m = x.mac;
    const d = newVrrsMacConfig();
    let l = ' vrrs mac-address';
    if (m.arp) {
      l += ' arp';
      if (m.arpIntervalSec !== d.arpIntervalSec) l += ` interval ${m.arpIntervalSec}`;
      if (m.arpDurationSec !== d.arpDurationSec) l += ` duration ${m.arpDurationSec}`;
    }
    out.push(l);
  }
  return out;
}

function derive(dev: IosDevice): void {
  const st = vrrsState(dev);
  const cfg: VrrsConfig = structuredClone(st.cfg);
  for (const [n, x] of cfg.clients) if (!x.follow || !(dev.cfg.ifaces.has(n) || dev.node.ifaces.has(n))) cfg.clients.delete(n);
  cfg.aaa.radiusServers = [...st.radius.values()]
    .filter((r) => r.host && r.key !== undefined)
    .map((r) => ({ name: r.name, host: r.host!, acctPort: r.acctPort, key: r.key! }));
  const used = cfg.clients.size || cfg.names.size || cfg.aaa.newModel;
  // VRRS needs its server's engine: it runs where VRRP does or where clients wait for a server.
  dev.setSection('vrrs', used ? cfg : undefined);
}

export const vrrsPart: IosPart = { name: 'vrrs', register, runningGlobal, runningIface, runningTail, derive };
