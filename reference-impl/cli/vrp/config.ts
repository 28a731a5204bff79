/** VRP core configuration commands: leaving views, commit, sysname, interfaces, VPN instances, load balancing. */
import { CliError, Ctx, RANK, RunningSection, VrpPart, VrpTable, adder } from './core';
import { IfCfg, newIfCfg, VrpConfig } from './model';
import { lenToMask, parseIPv4 } from '../../net/addr';
import type { NodeConfig } from '../../config/model';
import { ifaceLines as allIfaceLines, sortedIfCfgs } from './running';

function register(t: VrpTable): void {
  const add = adder(t);
  // ---- leaving views, commit (the session decides about the uncommitted-changes dialog) ----
  add('cfg-any', 'quit', (c) => c.quit(), false);
  add('cfg-any', 'return', (c) => c.ret(), false);
  add('cfg-any', 'commit', (c) => c.commit(), false);

  // ---- system view ----
  add('system', 'sysname <name>', (c, a) => {
    c.cand.sysname = c.undo ? 'HUAWEI' : a.name;
  });

  function ifOf(c: Ctx, name: string, create: boolean): IfCfg {
    let i = c.cand.ifaces.get(name);
    if (!i) {
      const exists = c.dev.node.ifaces.has(name) || name.startsWith('LoopBack');
      if (!exists || !create) throw new CliError('Error: The interface does not exist.');
      i = newIfCfg(name, c.dev.skin.table.parts);
      c.cand.ifaces.set(name, i);
    }
    return i;
  }

  add('system', 'interface <if:if>', (c, a) => {
    if (c.undo) {
      if (!a.if.startsWith('LoopBack')) throw new CliError('Error: The physical interface cannot be deleted.');
      c.cand.ifaces.delete(a.if);
      for (const p of c.dev.skin.table.parts) p.ifaceRemoved?.(c.cand, a.if);
      return;
    }
    ifOf(c, a.if, true);
    c.setView({ kind: 'iface', iface: a.if });
  });

  // ---- interface view ----
  const inIf = (pattern: string, run: (c: Ctx, i: IfCfg, a: Record<string, string>) => string | void) =>
    add('iface', pattern, (c, a) => run(c, c.cand.ifaces.get(c.view.iface!)!, a));

  inIf('shutdown', (c, i) => {
    i.shutdown = !c.undo;
  });
  inIf('description <text...>', (c, i, a) => {
    i.description = c.undo ? undefined : a.text;
  });
  inIf('ip address <addr:ip> <mask:mask>', (c, i, a) => {
    if (c.undo) {
      i.addr = undefined;
      return;
    }
    const len = Number(a.mask);
    const v = parseIPv4(a.addr)!.v;
    const host = len >= 31 ? 1n : v & ((1n << BigInt(32 - len)) - 1n);
    // Network and broadcast addresses are not host addresses (lengths up to /30).
    if (host === 0n || host === (1n << BigInt(32 - len)) - 1n) throw new CliError('Error: The specified IP address is invalid.');
    i.addr = { addr: a.addr, len };
  });
  t.add('iface', { pattern: 'undo ip address', run: (c) => void (c.cand.ifaces.get(c.view.iface!)!.addr = undefined) });
  inIf('ip binding vpn-instance <vrf>', (c, i, a) => {
    if (c.undo) {
      i.vrf = undefined;
    } else {
      if (!c.cand.vpns.get(a.vrf)?.af4) throw new CliError('Error: The VPN instance does not exist or its address family is not enabled.');
      if (i.vrf === a.vrf) return;
      i.vrf = a.vrf;
    }
    // As on VRP, binding or unbinding removes the interface's IPv4 configuration.
    if (i.addr) {
      i.addr = undefined;
      return 'Info: All IPv4 related configurations on this interface are removed!\n';
    }
  });
  t.add('iface', { pattern: 'undo ip binding vpn-instance', run: (c) => void (c.cand.ifaces.get(c.view.iface!)!.vrf = undefined) });
  // ---- VPN instances ----
  add('system', 'ip vpn-instance <name>', (c, a) => {
    if (c.undo) {
      c.cand.vpns.delete(a.name);
      for (const i of c.cand.ifaces.values()) {
        if (i.vrf === a.name) {
          i.vrf = undefined;
          i.addr = undefined;
        }
      }
      for (const p of c.dev.skin.table.parts) p.vpnRemoved?.(c.cand, a.name);
      return;
    }
    if (!c.cand.vpns.has(a.name)) c.cand.vpns.set(a.name, { name: a.name, af4: false, exportRt: [], importRt: [], labelPerInstance: true });
    c.setView({ kind: 'vpn', vrf: a.name });
  });
  add('vpn', 'ipv4-family', (c) => {
    const v = c.cand.vpns.get(c.view.vrf!)!;
    if (c.undo) {
      v.af4 = false;
      v.rd = undefined;
      v.exportRt = [];
      v.importRt = [];
      return;
    }
    v.af4 = true;
    c.setView({ kind: 'vpn-af4', vrf: v.name });
  });
  add('vpn-af4', 'route-distinguisher <rd:rt>', (c, a) => {
    const v = c.cand.vpns.get(c.view.vrf!)!;
    if (c.undo) v.rd = undefined;
    else if (v.rd && v.rd !== a.rd) throw new CliError('Error: The RD cannot be modified; undo the existing RD first.');
    else v.rd = a.rd;
  });
  for (const dir of ['both', 'export-extcommunity', 'import-extcommunity', '']) {
    add('vpn-af4', `vpn-target <rt:rt>${dir ? ' ' + dir : ''}`, (c, a) => {
      const v = c.cand.vpns.get(c.view.vrf!)!;
      if (!v.rd && !c.undo) throw new CliError('Error: Please configure the RD first.');
      const lists = dir === 'export-extcommunity' ? [v.exportRt] : dir === 'import-extcommunity' ? [v.importRt] : [v.exportRt, v.importRt];
      for (const l of lists) {
        const k = l.indexOf(a.rt);
        if (c.undo && k >= 0) l.splice(k, 1);
        if (!c.undo && k < 0) l.push(a.rt);
      }
    });
  }
  add('vpn-af4', 'apply-label per-instance', (c) => {
    c.cand.vpns.get(c.view.vrf!)!.labelPerInstance = !c.undo;
  });

  // ---- load balancing, static routes ----
  add('system', 'load-balance packet all', (c) => {
    c.cand.loadBalancePacket = !c.undo;
  });

  /** `ip route-static [vpn-instance V] DEST MASK|LEN [IFACE] [NEXTHOP] [preference P] [track bfd-session N]` */
}

/** The interface section's own lines (the protocols' lines follow, e.g. ` mpls`). */
function ifaceLines(i: IfCfg): string[] {
  const out: string[] = [];
  if (i.description) out.push(` description ${i.description}`);
  if (i.shutdown === false) out.push(' undo shutdown');
  if (i.shutdown === true) out.push(' shutdown');
  if (i.vrf) out.push(` ip binding vpn-instance ${i.vrf}`);
  if (i.addr) out.push(` ip address ${i.addr.addr} ${lenToMask(4, i.addr.len)}`);
  return out;
}

function running(c: VrpConfig, parts: readonly VrpPart[]): RunningSection[] {
  const secs: RunningSection[] = [{ rank: RANK.sysname, lines: [`sysname ${c.sysname}`] }];
  for (const v of c.vpns.values()) {
    const s = [`ip vpn-instance ${v.name}`];
    if (v.af4) {
      s.push(' ipv4-family');
      if (v.rd) s.push(`  route-distinguisher ${v.rd}`);
      if (v.labelPerInstance) s.push('  apply-label per-instance');
      for (const r of v.exportRt) s.push(`  vpn-target ${r} export-extcommunity`);
      for (const r of v.importRt) s.push(`  vpn-target ${r} import-extcommunity`);
    }
    secs.push({ rank: RANK.vpn, lines: s });
  }
  for (const i of sortedIfCfgs(c)) {
    const l = allIfaceLines(parts, i);
    // A port nobody configured is not shown; a loopback exists once created.
    if (l.length === 0 && !i.name.startsWith('LoopBack')) continue;
    secs.push({ rank: RANK.iface, lines: [`interface ${i.name}`, ...l] });
  }
  if (c.loadBalancePacket) secs.push({ rank: RANK.loadBalance, lines: ['load-balance packet all'] });
  return secs;
}

function neutral(c: VrpConfig, n: NodeConfig): void {
  for (const v of c.vpns.values()) {
    n.vrfs.set(v.name, { name: v.name, rd: v.af4 ? v.rd : undefined, importRt: v.af4 ? [...v.importRt] : [], exportRt: v.af4 ? [...v.exportRt] : [] });
  }
  for (const ic of c.ifaces.values()) {
    const kind = ic.name.startsWith('LoopBack') ? 'loopback' : 'ethernet';
    n.ifaces.set(ic.name, {
      name: ic.name,
      kind,
      // VRP: ports are shut down until `undo shutdown`, loopbacks are up.
      adminUp: ic.shutdown === undefined ? kind === 'loopback' : !ic.shutdown,
      vrf: ic.vrf ?? '',
      v4: ic.addr ? { ...ic.addr } : undefined,
      description: ic.description ?? '',
    });
  }
  n.loadBalance = c.loadBalancePacket ? 'packet' : 'flow';
}

/** The core part; `running` needs the whole part list for the interfaces' lines. */
export function corePart(all: () => readonly VrpPart[]): VrpPart {
  return {
    name: 'core',
    views: [
      { kind: 'user', label: () => '' },
      { kind: 'system', label: () => '' },
      { kind: 'iface', label: (v) => `-${v.iface}`, head: (v) => `interface ${v.iface}` },
      { kind: 'vpn', label: (v) => `-vpn-instance-${v.vrf}`, head: (v) => `ip vpn-instance ${v.vrf}` },
      { kind: 'vpn-af4', parent: (v) => ({ kind: 'vpn', vrf: v.vrf }), label: (v) => `-vpn-instance-${v.vrf}-af-ipv4`, head: (v) => `ip vpn-instance ${v.vrf}` },
    ],
    register,
    ifaceLines,
    running: (c) => running(c, all()),
    neutral,
  };
}
