/** freeRtr global, vrf, interface and server configuration commands. */
import { maskToLen, parseIPv4, parseIPv6 } from '../../net/addr';
import { CliError, Ctx, canonIfName, table } from './device';
import type { Iface } from '../../net/iface';

const cfg = (pattern: string, run: (c: Ctx, a: Record<string, string>) => string | void, negatable = true) =>
  table.add('cfg', { pattern, run: (c, m) => run(c, m.args), negatable });
const inIf = (pattern: string, run: (c: Ctx, i: Iface, a: Record<string, string>) => string | void, negatable = true) => {
  for (const mode of ['cfg-if', 'cfg-subif']) {
    table.add(mode, { pattern, run: (c, m) => run(c, c.mode.iface!, m.args), negatable });
  }
};

// ---- global ----
cfg('hostname <name>', (c, a) => {
  c.dev.node.hostname = c.negated ? 'router' : a.name;
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
    c.dev.vrfRd.delete(a.name);
    return;
  }
  if (!c.dev.vrfRd.has(a.name)) c.dev.vrfRd.set(a.name, undefined);
  c.dev.node.vrf(a.name);
  c.setMode({ name: 'cfg-vrf', vrf: a.name });
});
cfg('interface <name>', (c, a) => {
  const name = canonIfName(a.name);
  if (!name) throw new CliError('invalid interface name');
  const node = c.dev.node;
  let i = node.ifaces.get(name);
  if (c.negated) {
    if (i && i.parent) node.removeIface(i);
    return;
  }
  if (!i) {
    const dot = /^(.*\d)\.(\d+)$/.exec(name);
    if (dot) {
      const parent = node.ifaces.get(dot[1]);
      if (!parent) throw new CliError('no such interface');
      const vlan = Number(dot[2]);
      if (vlan < 1 || vlan > 4094) throw new CliError('invalid vlan id');
      i = node.addIface(name, parent.kind, parent, vlan);
    } else if (name.startsWith('loopback')) {
      i = node.addIface(name, 'loopback');
    } else if (name.startsWith('ethernet')) {
      // A port the topology has no link for: it exists, without carrier.
      i = node.addIface(name, 'ethernet');
    } else {
      throw new CliError('no such interface');
    }
    c.dev.ifConfOf(name);
  }
  c.setMode({ name: i.parent ? 'cfg-subif' : 'cfg-if', iface: i });
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
  table.add(mode, { pattern: 'exit', run: (c) => c.setMode({ name: 'cfg' }) });
}
table.add('cfg', { pattern: 'exit', run: (c) => c.setMode({ name: 'exec' }) });

// ---- vrf ----
table.add('cfg-vrf', {
  pattern: 'rd <rd>',
  negatable: true,
  run: (c, m) => {
    if (!/^\d+(\.\d+){0,3}:\d+$/.test(m.args.rd)) throw new CliError('bad route distinguisher');
    c.dev.vrfRd.set(c.mode.vrf!, c.negated ? undefined : m.args.rd);
  },
});

// ---- server (kept verbatim; the management plane is the lab's telnet server) ----
table.add('cfg-server', {
  pattern: '<words...>',
  run: (c, m) => {
    const s = c.dev.servers.get(c.mode.server!)!;
    const line = m.args.words;
    // Whole words and well-formed values only (`vrfΩ v1`, `vrf -1 v1`, `security protocol 1e3.1.1.1` are refused).
    const known = /^(?:no )?(?:security protocol(?: (?:telnet|ssh|tls|dtls))?|exec authorization(?: [\w.-]+)?|login authentication(?: [\w.-]+)?|vrf(?: [A-Za-z0-9][\w.-]*)?|port(?: \d{1,5})?|exec(?: [a-z][\w-]*)*|access-class(?: [\w.-]+)?|timeout(?: \d{1,9})?)$/;
    const port = /^(?:no )?port (\d+)$/.exec(line);
    if (!known.test(line) || (port && (Number(port[1]) < 1 || Number(port[1]) > 65535))) throw new CliError('unknown config command entered');
    s.lines = s.lines.filter((x) => x !== line);
    s.lines.push(line);
  },
});

// ---- interface ----
function changed(c: Ctx, i: Iface): void {
  c.dev.node.ifaceChanged(i);
  for (const p of c.dev.pvrp.values()) p.syncIfaces();
}

inIf('description [<text...>]', (c, i, a) => {
  i.description = c.negated ? '' : a.text;
});
inIf('shutdown', (c, i) => {
  i.adminUp = c.negated;
  changed(c, i);
});
inIf('log-link-change', (c, i) => {
  c.dev.ifConfOf(i.name).logLinkChange = !c.negated;
});
inIf('vrf forwarding <vrf>', (c, i, a) => {
  if (c.negated) {
    i.vrf = '';
  } else {
    if (!c.dev.vrfRd.has(a.vrf)) throw new CliError('no such vrf');
    i.vrf = a.vrf;
  }
  changed(c, i);
});
inIf('ipv4 address <addr> <mask>', (c, i, a) => {
  if (c.negated) {
    i.v4 = undefined;
  } else {
    const ad = parseIPv4(a.addr);
    const len = maskToLen(4, a.mask);
    if (!ad || len === undefined) throw new CliError('bad address or mask');
    i.v4 = { addr: ad, len };
  }
  changed(c, i);
});
inIf('ipv6 address <addr> <mask>', (c, i, a) => {
  if (c.negated) {
    i.v6 = undefined;
  } else {
    const ad = parseIPv6(a.addr);
    const len = /^\d+$/.test(a.mask) ? Number(a.mask) : maskToLen(6, a.mask);
    if (!ad || len === undefined || len > 128) throw new CliError('bad address or mask');
    i.v6 = { addr: ad, len };
  }
  changed(c, i);
});
