/** IOS XE global and interface configuration commands, onto the neutral model. */
import { fmtAddr, lenToMask, maskToLen, parseIPv4, parseIPv6 } from '../../net/addr';
import { IfaceConfig, newIfaceConfig } from '../../config/model';
import { CliError, Ctx, IosPart, IosTable, canonIfName } from './core';
import type { IosDevice } from './device';

export const INVALID = (col: number) => `${' '.repeat(col)}^\n% Invalid input detected at '^' marker.\n`;

/** The dialect's interface state beside the model: subinterfaces waiting for `encapsulation`, native VLANs, methods. */
export interface IfState {
  /** Subinterfaces entered but with no `encapsulation dot1Q` yet (IOS keeps them, with no VLAN). */
  pending: Map<string, IfaceConfig>;
  native: Set<string>;
  /** How the address was set, for `show ip interface brief`'s Method column. */
  method: Map<string, 'NVRAM' | 'manual' | 'unset'>;
  /** `mac-address H.H.H` (kept for the running config). */
  mac: Map<string, string>;
  /** Interfaces whose `no ip address` was configured (running config prints it). */
  noIp: Set<string>;
}

export const ifState = (dev: IosDevice): IfState =>
  dev.state<IfState>('if', () => ({ pending: new Map(), native: new Set(), method: new Map(), mac: new Map(), noIp: new Set() }));

/** The interface of the mode: in the model, or pending its encapsulation. */
export function ifOf(c: Ctx): IfaceConfig {
  const n = c.mode.iface!;
  const i = c.dev.cfg.ifaces.get(n) ?? ifState(c.dev).pending.get(n);
  if (!i) throw new CliError('% Interface not found');
  return i;
}

function register(t: IosTable): void {
  const cfg = (pattern: string, run: (c: Ctx, a: Record<string, string>) => string | void, negatable = true) => t.add('cfg', { pattern, run, negatable });
  const inIf = (pattern: string, run: (c: Ctx, i: IfaceConfig, a: Record<string, string>) => string | void, negatable = true, modes = ['cfg-if', 'cfg-subif']) => {
    for (const mode of modes) t.add(mode, { pattern, run: (c, a) => run(c, ifOf(c), a), negatable });
  };

  cfg('hostname <name>', (c, a) => {
    c.dev.cfg.hostname = c.negated ? 'Router' : a.name;
  });
  const secret = (c: Ctx, s: string) => {
    c.dev.enableSecret = c.negated ? undefined : s;
  };
  cfg('enable secret <s>', (c, a) => secret(c, a.s));
  cfg('enable secret 0 <s>', (c, a) => secret(c, a.s));
  cfg('enable password <s>', (c, a) => secret(c, a.s));
  const verbatim = (line: string) =>
    cfg(line, (c) => {
      c.dev.extraGlobal = c.dev.extraGlobal.filter((x) => x !== line && x !== `no ${line}`);
      c.dev.extraGlobal.push(c.negated ? `no ${line}` : line);
    });
  // The software version line of a saved configuration (the running config prints its own).
  cfg('version <v>', () => undefined, false);
  verbatim('ip domain lookup');
  verbatim('ip domain-lookup');
  verbatim('service password-encryption');
  verbatim('ip routing');
  cfg('interface <name:if>', (c, a) => {
    const name = a.name;
    const model = c.dev.cfg.ifaces;
    const st = ifState(c.dev);
    const node = c.dev.node;
    const dot = /^(.*\d)\.(\d+)$/.exec(name);
    if (c.negated) {
      if (!dot && !name.startsWith('Loopback')) throw new CliError('% Removal of physical interfaces is not permitted');
      model.delete(name);
      st.pending.delete(name);
      return;
    }
    if (model.has(name) || st.pending.has(name)) {
      c.setMode({ name: dot ? 'cfg-subif' : 'cfg-if', iface: name });
      return;
    }
    if (dot) {
      if (!node.ifaces.has(dot[1]) && !model.has(dot[1])) throw new CliError(`% Invalid input: no interface ${dot[1]}`);
      if (Number(dot[2]) < 1 || Number(dot[2]) > 4294967295) throw new CliError('% Invalid subinterface number');
      st.pending.set(name, { ...newIfaceConfig(name, 'ethernet', true), parent: dot[1] });
      c.setMode({ name: 'cfg-subif', iface: name });
      return;
    }
    if (name.startsWith('Loopback')) model.set(name, newIfaceConfig(name, 'loopback', true));
    else if (node.ifaces.has(name)) model.set(name, newIfaceConfig(name, 'ethernet', node.ifaces.get(name)!.adminUp));
    else throw new CliError(`% Invalid input: no interface ${name} on this router`);
    c.setMode({ name: 'cfg-if', iface: name });
  });

  for (const mode of ['cfg-if', 'cfg-subif', 'cfg-attr-list', 'cfg-vrrs', 'cfg-radius-server']) {
    t.add(mode, { pattern: 'exit', run: (c) => c.setMode({ name: 'cfg' }) });
  }
  t.add('cfg', { pattern: 'exit', run: (c) => c.setMode({ name: 'exec' }) });

  inIf('description <text...>', (c, i, a) => {
    i.description = c.negated ? '' : a.text;
  });
  t.add('cfg-if', { pattern: 'no description', run: (c) => void (ifOf(c).description = '') });
  t.add('cfg-subif', { pattern: 'no description', run: (c) => void (ifOf(c).description = '') });
  inIf('shutdown', (c, i) => {
    i.adminUp = c.negated;
  });
  inIf('ip address <addr:ip> <mask>', (c, i, a) => {
    const st = ifState(c.dev);
    if (c.negated) {
      // IOS keeps the primary while secondaries depend on it.
      if (i.v4Secondary?.length) throw new CliError('% Must delete secondary before deleting primary');
      i.v4 = undefined;
      return;
    }
    if (i.parent && i.vlan === undefined) {
      throw new CliError(
        '% Configuring IP routing on a LAN subinterface is only allowed if that\nsubinterface is already configured as part of an IEEE 802.10, IEEE 802.1Q,\nor ISL vLAN.',
      );
    }
    const len = maskToLen(4, a.mask);
    if (len === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(a.mask)) throw new CliError(INVALID(0) + '% Bad mask ' + a.mask + ' for address ' + a.addr);
    i.v4 = { addr: fmtAddr(parseIPv4(a.addr)!), len };
    st.noIp.delete(i.name);
    st.method.set(i.name, c.dev.loading ? 'NVRAM' : 'manual');
  });
  inIf('ip address <addr:ip> <mask> secondary', (c, i, a) => {
    const len = maskToLen(4, a.mask);
    if (len === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(a.mask)) throw new CliError(INVALID(0) + '% Bad mask ' + a.mask + ' for address ' + a.addr);
    const addr = fmtAddr(parseIPv4(a.addr)!);
    const list = i.v4Secondary ?? [];
    if (c.negated) {
      const k = list.findIndex((x) => x.addr === addr && x.len === len);
      if (k < 0) throw new CliError(`% Address ${addr} not found on ${i.name}`);
      list.splice(k, 1);
      i.v4Secondary = list.length ? list : undefined;
      return;
    }
    if (list.some((x) => x.addr === addr && x.len === len)) return;
    if (i.parent && i.vlan === undefined) {
      throw new CliError(
        '% Configuring IP routing on a LAN subinterface is only allowed if that\nsubinterface is already configured as part of an IEEE 802.10, IEEE 802.1Q,\nor ISL vLAN.',
      );
    }
    // One subnet once per router (IOS: "% 10.1.1.0 overlaps with GigabitEthernet0/0/0").
    const net = (x: string, l: number) => fmtAddr({ afi: 4, v: parseIPv4(x)!.v & (((1n << 32n) - 1n) ^ ((1n << BigInt(32 - l)) - 1n)) });
    const mine = net(addr, len);
    for (const o of c.dev.cfg.ifaces.values()) {
      if (o.vrf !== i.vrf) continue;
      for (const x of [...(o.v4 ? [o.v4] : []), ...(o.v4Secondary ?? [])]) {
        const l = Math.min(len, x.len);
        if (net(x.addr, l) === net(addr, l)) throw new CliError(`% ${mine} overlaps with ${o.name}`);
      }
    }
    i.v4Secondary = [...list, { addr, len }];
  });
  inIf('no ip address', (c, i) => {
    i.v4 = undefined;
    i.v4Secondary = undefined;
    ifState(c.dev).noIp.add(i.name);
    ifState(c.dev).method.set(i.name, c.dev.loading ? 'NVRAM' : 'manual');
  }, false);
  inIf('ipv6 address <p>', (c, i, a) => {
    if (c.negated) {
      i.v6 = undefined;
      return;
    }
    const m = /^([0-9a-f:.]+)\/(\d+)$/i.exec(a.p);
    const ad = m ? parseIPv6(m[1]) : undefined;
    if (!m || !ad || Number(m[2]) > 128) throw new CliError(INVALID(0).split('\n')[1]);
    i.v6 = { addr: fmtAddr(ad), len: Number(m[2]) };
  });
  inIf('mac-address <mac>', (c, i, a) => {
    const st = ifState(c.dev);
    if (c.negated) {
      st.mac.delete(i.name);
      return;
    }
    if (!/^[0-9a-f]{1,4}\.[0-9a-f]{1,4}\.[0-9a-f]{1,4}$/i.test(a.mac)) throw new CliError(INVALID(0).split('\n')[1]);
    st.mac.set(i.name, a.mac.toLowerCase().split('.').map((x) => x.padStart(4, '0')).join('.'));
  });
  const encap = (c: Ctx, i: IfaceConfig, vlan: number, native: boolean) => {
    const st = ifState(c.dev);
    if (c.negated) {
      c.dev.cfg.ifaces.delete(i.name);
      st.pending.set(i.name, { ...i, vlan: undefined, v4: undefined, v6: undefined });
      st.native.delete(i.name);
      return;
    }
    for (const o of c.dev.cfg.ifaces.values()) {
      if (o.parent === i.parent && o.vlan === vlan && o.name !== i.name) throw new CliError(`% Configuration of multiple subinterfaces of the same main\ninterface with the same VID (${vlan}) is not permitted.\nThis VID is already configured on ${o.name}.`);
    }
    if (i.vlan !== undefined && i.vlan !== vlan) {
      // A new VLAN: the subinterface is rebuilt on the node.
      c.dev.cfg.ifaces.delete(i.name);
      c.dev.apply();
    }
    st.pending.delete(i.name);
    c.dev.cfg.ifaces.set(i.name, { ...i, vlan });
    if (native) st.native.add(i.name);
    else st.native.delete(i.name);
  };
  t.add('cfg-subif', { pattern: 'encapsulation dot1q <vlan:int:1-4094>', negatable: true, run: (c, a) => encap(c, ifOf(c), Number(a.vlan), false) });
  t.add('cfg-subif', { pattern: 'encapsulation dot1q <vlan:int:1-4094> native', negatable: true, run: (c, a) => encap(c, ifOf(c), Number(a.vlan), true) });
}

/** The interface block's own lines (the protocols' lines follow them). */
export function ifaceHead(dev: IosDevice, name: string): string[] {
  const st = ifState(dev);
  const i = dev.cfg.ifaces.get(name) ?? st.pending.get(name);
  const out: string[] = [];
  if (i?.description) out.push(` description ${i.description}`);
  if (st.mac.has(name)) out.push(` mac-address ${st.mac.get(name)}`);
  if (i?.vlan !== undefined) out.push(` encapsulation dot1Q ${i.vlan}${st.native.has(name) ? ' native' : ''}`);
  // IOS lists the secondary addresses before the primary.
  for (const s of i?.v4Secondary ?? []) out.push(` ip address ${s.addr} ${lenToMask(4, s.len)} secondary`);
  if (i?.v4) out.push(` ip address ${i.v4.addr} ${lenToMask(4, i.v4.len)}`);
  else if (!i?.v4Secondary?.length) out.push(' no ip address');
  if (i?.v6) out.push(` ipv6 address ${i.v6.addr}/${i.v6.len}`);
  return out;
}

export function ifaceTail(dev: IosDevice, name: string): string[] {
  const i = dev.cfg.ifaces.get(name) ?? ifState(dev).pending.get(name);
  const up = i ? i.adminUp : dev.node.ifaces.get(name)?.adminUp;
  return up ? [] : [' shutdown'];
}

export { canonIfName };
export const corePart: IosPart = { name: 'core', register };
