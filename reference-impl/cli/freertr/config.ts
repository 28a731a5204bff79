/** freeRtr global, vrf, interface and server configuration commands, onto the neutral model. */
import { fmtAddr, lenToMask, maskToLen, parseIPv4, parseIPv6 } from '../../net/addr';
import { IfaceConfig, newIfaceConfig, newVrfConfig } from '../../config/model';
import { CliError, Ctx, FreeRtrPart, FreeRtrTable, canonIfName } from './core';
import type { FreeRtrDevice } from './device';

/** The interface of the mode, in the model. */
export function ifOf(c: Ctx): IfaceConfig {
  const i = c.dev.cfg.ifaces.get(c.mode.iface!);
  if (!i) throw new CliError('no such interface');
  return i;
}

function register(t: FreeRtrTable): void {
  const cfg = (pattern: string, run: (c: Ctx, a: Record<string, string>) => string | void, negatable = true) =>
    t.add('cfg', { pattern, run: (c, a) => run(c, a), negatable });
  const inIf = (pattern: string, run: (c: Ctx, i: IfaceConfig, a: Record<string, string>) => string | void, negatable = true) => {
    for (const mode of ['cfg-if', 'cfg-subif']) t.add(mode, { pattern, run: (c, a) => run(c, ifOf(c), a), negatable });
  };

  // ---- global ----
  cfg('hostname <name>', (c, a) => {
    c.dev.cfg.hostname = c.negated ? 'router' : a.name;
  });
  cfg('buggy', (c) => {
    c.dev.buggy = !c.negated;
  });
  cfg('logging <what...>', (c, a) => {
    const l = `logging ${a.what}`;
    c.dev.logging = c.dev.logging.filter((x) => x !== l);
    if (!c.negated) c.dev.logging.push(l);
  });
  cfg('vrf definition <name>', (c, a) => {
    if (c.negated) {
      c.dev.cfg.vrfs.delete(a.name);
      return;
    }
    if (!c.dev.cfg.vrfs.has(a.name)) c.dev.cfg.vrfs.set(a.name, newVrfConfig(a.name));
    c.setMode({ name: 'cfg-vrf', vrf: a.name });
  });
  cfg('interface <name>', (c, a) => {
    const name = canonIfName(a.name);
    if (!name) throw new CliError('invalid interface name');
    const model = c.dev.cfg.ifaces;
    const node = c.dev.node;
    if (c.negated) {
      // Only subinterfaces and loopbacks go away; a port stays.
      const i = model.get(name);
      if (i && (i.parent || i.kind === 'loopback')) {
        model.delete(name);
        for (const [n, s] of model) if (s.parent === name) model.delete(n);
      }
      return;
    }
    let i = model.get(name);
    if (!i) {
      const dot = /^(.*\d)\.(\d+)$/.exec(name);
      const have = node.ifaces.get(name);
      if (dot) {
        if (!node.ifaces.has(dot[1]) && !model.has(dot[1])) throw new CliError('no such interface');
        const vlan = Number(dot[2]);
        if (vlan < 1 || vlan > 4094) throw new CliError('invalid vlan id');
        i = { ...newIfaceConfig(name, 'ethernet', true), parent: dot[1], vlan };
      } else if (name.startsWith('loopback')) {
        i = newIfaceConfig(name, 'loopback', true);
      } else if (name.startsWith('ethernet')) {
        // A port the topology has no link for: it exists, without carrier.
        i = newIfaceConfig(name, 'ethernet', have ? have.adminUp : true);
      } else {
        throw new CliError('no such interface');
      }
      model.set(name, i);
    }
    c.setMode({ name: i.parent ? 'cfg-subif' : 'cfg-if', iface: name });
  });
  cfg('server telnet <name>', (c, a) => {
    const key = `telnet ${a.name}`;
    if (c.negated) {
      c.dev.servers.delete(key);
      return;
    }
    if (!c.dev.servers.has(key)) c.dev.servers.set(key, { kind: 'telnet', name: a.name, lines: [] });
    c.setMode({ name: 'cfg-server', server: key });
  });
  cfg('banner <text...>', (c, a) => {
    c.dev.extraGlobal = c.dev.extraGlobal.filter((x) => !x.startsWith('banner '));
    if (!c.negated) c.dev.extraGlobal.push(`banner ${a.text}`);
  });

  // ---- exit from any sub-mode ----
  for (const mode of ['cfg-if', 'cfg-subif', 'cfg-vrf', 'cfg-rtr', 'cfg-server']) {
    t.add(mode, { pattern: 'exit', run: (c) => c.setMode({ name: 'cfg' }) });
  }
  t.add('cfg', { pattern: 'exit', run: (c) => c.setMode({ name: 'exec' }) });

  // ---- vrf ----
  t.add('cfg-vrf', {
    pattern: 'rd <rd>',
    negatable: true,
    run: (c, a) => {
      if (!/^\d+(\.\d+){0,3}:\d+$/.test(a.rd)) throw new CliError('bad route distinguisher');
      c.dev.cfg.vrfs.get(c.mode.vrf!)!.rd = c.negated ? undefined : a.rd;
    },
  });

  // ---- server (kept verbatim; the management plane is the lab's telnet server) ----
  t.add('cfg-server', {
    pattern: '<words...>',
    run: (c, a) => {
      const s = c.dev.servers.get(c.mode.server!)!;
      const line = a.words;
      // Whole words and well-formed values only (`vrfΩ v1`, `vrf -1 v1`, `security protocol 1e3.1.1.1` are refused).
      const known = /^(?:no )?(?:security protocol(?: (?:telnet|ssh|tls|dtls))?|exec authorization(?: [\w.-]+)?|login authentication(?: [\w.-]+)?|vrf(?: [A-Za-z0-9][\w.-]*)?|port(?: \d{1,5})?|exec(?: [a-z][\w-]*)*|access-class(?: [\w.-]+)?|timeout(?: \d{1,9})?)$/;
      const port = /^(?:no )?port (\d+)$/.exec(line);
      if (!known.test(line) || (port && (Number(port[1]) < 1 || Number(port[1]) > 65535))) throw new CliError('unknown config command entered');
      s.lines = s.lines.filter((x) => x !== line);
      s.lines.push(line);
    },
  });

  // ---- interface ----
  inIf('description [<text...>]', (c, i, a) => {
    i.description = c.negated ? '' : a.text;
  });
  inIf('shutdown', (c, i) => {
    i.adminUp = c.negated;
  });
  inIf('log-link-change', (c, i) => {
    if (c.negated) c.dev.logLinkChange.delete(i.name);
    else c.dev.logLinkChange.add(i.name);
  });
  inIf('vrf forwarding <vrf>', (c, i, a) => {
    if (c.negated) {
      i.vrf = '';
    } else {
      if (!c.dev.cfg.vrfs.has(a.vrf)) throw new CliError('no such vrf');
      i.vrf = a.vrf;
    }
  });
  inIf('ipv4 address <addr> <mask>', (c, i, a) => {
    if (c.negated) {
      i.v4 = undefined;
      return;
    }
    const ad = parseIPv4(a.addr);
    const len = maskToLen(4, a.mask);
    if (!ad || len === undefined) throw new CliError('bad address or mask');
    i.v4 = { addr: fmtAddr(ad), len };
  });
  inIf('ipv6 address <addr> <mask>', (c, i, a) => {
    if (c.negated) {
      i.v6 = undefined;
      return;
    }
    const ad = parseIPv6(a.addr);
    const len = /^\d+$/.test(a.mask) ? Number(a.mask) : maskToLen(6, a.mask);
    if (!ad || len === undefined || len > 128) throw new CliError('bad address or mask');
    i.v6 = { addr: fmtAddr(ad), len };
  });
}

/** The interface block's own lines (the protocols' lines go between them and `no shutdown`). */
export function ifaceHead(dev: FreeRtrDevice, name: string): string[] {
  const i = dev.cfg.ifaces.get(name);
  const out = [i?.description ? ` description ${i.description}` : ' no description'];
  if (i?.vrf) out.push(` vrf forwarding ${i.vrf}`);
  if (i?.v4) out.push(` ipv4 address ${i.v4.addr} ${lenToMask(4, i.v4.len)}`);
  if (i?.bfd) out.push(` ipv4 bfd ${i.bfd.minTxMs} ${i.bfd.minRxMs} ${i.bfd.detectMult}`);
  if (i?.v6) out.push(` ipv6 address ${i.v6.addr} ${lenToMask(6, i.v6.len)}`);
  return out;
}

export const corePart: FreeRtrPart = { name: 'core', register };
