/**
 * VRRP in the vrp dialect, onto the neutral VRRP configuration (protocols/vrrp/config.ts) that
 * the iosxe dialect fills too (cli/iosxe/vrrp.ts), run by the same engine:
 *
 *   system view:    vrrp version v2|v3   (VRP's default: v2, RFC 3768)
 *   interface view: vrrp vrid N virtual-ip A         (more than once: more addresses)
 *                   vrrp vrid N priority P           (1-254, default 100)
 *                   vrrp vrid N preempt-mode [timer delay S] | vrrp vrid N preempt-mode disable
 *                   vrrp vrid N timer advertise S    (1-255 s, default 1)
 *                   undo vrrp vrid N [...]
 *
 * and `display vrrp [interface X [vrid N]] [verbose]` / `display vrrp brief`, rendered from the
 * vrrp module's `groups` show rows in VRP's layout (the `Virtual Router` block and the brief
 * table with its `Total:` line, as in Huawei's captures of `display vrrp` / `display vrrp brief`).
 * Authentication (`authentication-mode`) is not accepted: the engine has no VRRP authentication.
 */
import { fmtAddr, parseIPv4 } from '../../net/addr';
import { checkGroup, groupKey, newVrrpGroupConfig, newVrrpConfig, type VrrpGroupConfig } from '../../protocols/vrrp/config';
import type { VrrpGroupInfo, VrrpStateEvent } from '../../protocols/vrrp/module';
import type { Node } from '../../net/node';
import { CliError, Ctx, VrpPart, VrpTable, adder } from './core';
import type { IfCfg, VrpConfig } from './model';
import { EPOCH_MS } from './show-ip';

const NO_GROUP = 'Error: The VRRP backup group does not exist.';

const ifOf = (c: Ctx): IfCfg => c.cand.ifaces.get(c.view.iface!)!;

declare module './model' {
  interface VrpConfig {
    /** `vrrp version v3` in the system view (VRP's default is v2). */
    vrrpV3: boolean;
  }
  interface IfCfg {
    /** VRRP groups by VRID, in the neutral form. */
    vrrp?: Map<number, VrrpGroupConfig>;
  }
}

function group(c: Ctx, vrid: number, create: boolean): VrrpGroupConfig | undefined {
  const i = ifOf(c);
  let g = i.vrrp?.get(vrid);
  if (!g && create) {
    g = newVrrpGroupConfig(i.name, vrid, 4, c.cand.vrrpV3 ? 3 : 2);
    (i.vrrp ??= new Map()).set(vrid, g);
  }
  return g;
}

function allGroups(c: VrpConfig): VrrpGroupConfig[] {
  return [...c.ifaces.values()].flatMap((i) => [...(i.vrrp?.values() ?? [])]);
}

/** Apply an edit to a copy; keep it only when the group stays valid. */
function edit(g: VrrpGroupConfig, f: (x: VrrpGroupConfig) => void): void {
  const x = structuredClone(g);
  f(x);
  const e = checkGroup(x);
  if (e) throw new CliError(`Error: ${e}.`);
  Object.assign(g, x);
}

function register(t: VrpTable): void {
  const add = adder(t);
  add('system', 'vrrp version <v:word>', (c, a) => {
    const v = a.v.toLowerCase();
    if (!c.undo && v !== 'v2' && v !== 'v3') throw new CliError("Error: Wrong parameter found at '^' position.", 2);
    const v3 = !c.undo && v === 'v3';
    c.cand.vrrpV3 = v3;
    for (const g of allGroups(c.cand)) g.version = v3 ? 3 : 2;
  });
  add('system', 'vrrp version', (c) => {
    if (!c.undo) throw new CliError("Error: Incomplete command found at '^' position.", 'end');
    c.cand.vrrpV3 = false;
    for (const g of allGroups(c.cand)) g.version = 2;
  });
  const inIf = (pattern: string, run: (c: Ctx, vrid: number, a: Record<string, string>) => void) =>
    add('iface', `vrrp vrid <g:int:1-255> ${pattern}`.trimEnd(), (c, a) => run(c, Number(a.g), a));

  inIf('', (c, vrid) => {
    if (!c.undo) throw new CliError("Error: Incomplete command found at '^' position.", 'end');
    if (!ifOf(c).vrrp?.delete(vrid)) throw new CliError(NO_GROUP);
  });
  inIf('virtual-ip <a:ip>', (c, vrid, a) => {
    const addr = fmtAddr(parseIPv4(a.a)!);
    const g = group(c, vrid, !c.undo);
    if (!g) throw new CliError(NO_GROUP);
    if (c.undo) {
      if (!g.addresses.includes(addr)) throw new CliError('Error: The virtual IP address does not exist.');
      g.addresses = g.addresses.filter((x) => x !== addr);
      // The last virtual address gone, the backup group goes with it.
      if (g.addresses.length === 0) ifOf(c).vrrp!.delete(vrid);
      return;
    }
    if (g.addresses.length >= 16 && !g.addresses.includes(addr)) throw new CliError('Error: The number of virtual IP addresses reaches the upper limit.');
    for (const o of ifOf(c).vrrp!.values()) {
      if (o !== g && o.addresses.includes(addr)) throw new CliError(`Error: The virtual IP address is already used by VRRP backup group ${o.vrid}.`);
    }
    if (!g.addresses.includes(addr)) g.addresses.push(addr);
  });
  const field = (pattern: string, f: (g: VrrpGroupConfig, a: Record<string, string>, undo: boolean) => void) =>
    inIf(pattern, (c, vrid, a) => {
      const g = group(c, vrid, !c.undo);
      if (!g) throw new CliError(NO_GROUP);
      edit(g, (x) => f(x, a, c.undo));
    });
  field('priority <p:int:1-254>', (g, a, undo) => void (g.priority = undo ? 100 : Number(a.p)));
  // `undo vrrp vrid N priority` without the value, as VRP accepts it.
  field('priority', (g, _a, undo) => {
    if (!undo) throw new CliError("Error: Incomplete command found at '^' position.", 'end');
    g.priority = 100;
  });
  field('preempt-mode', (g, _a, undo) => {
    g.preempt = !undo;
    g.preemptDelayMs = 0;
  });
  field('preempt-mode disable', (g, _a, undo) => {
    g.preempt = undo;
    g.preemptDelayMs = 0;
  });
  field('preempt-mode timer delay <s:int:0-3600>', (g, a, undo) => {
    g.preempt = true;
    g.preemptDelayMs = undo ? 0 : Number(a.s) * 1000;
  });
  field('timer advertise <s:int:1-255>', (g, a, undo) => void (g.advertMs = undo ? 1000 : Number(a.s) * 1000));
  field('timer advertise', (g, _a, undo) => {
    if (!undo) throw new CliError("Error: Incomplete command found at '^' position.", 'end');
    g.advertMs = 1000;
  });

  const display = (c: Ctx, a: Record<string, string>, verbose: boolean) => {
    const iface = a.if;
    if (iface && !c.dev.node.ifaces.has(iface)) throw new CliError('Error: The interface does not exist.');
    const vrid = a.g === undefined ? undefined : Number(a.g);
    return displayVrrp(c.dev.node, vrrpRows(c), { iface, vrid, verbose, events: c.dev.host.show<VrrpStateEvent>('vrrp', 'events') });
  };
  add('any', 'display vrrp', (c, a) => display(c, a, false), false);
  add('any', 'display vrrp verbose', (c, a) => display(c, a, true), false);
  add('any', 'display vrrp interface <if:if>', (c, a) => display(c, a, false), false);
  add('any', 'display vrrp interface <if:if> verbose', (c, a) => display(c, a, true), false);
  add('any', 'display vrrp interface <if:if> vrid <g:int:1-255>', (c, a) => display(c, a, false), false);
  add('any', 'display vrrp interface <if:if> vrid <g:int:1-255> verbose', (c, a) => display(c, a, true), false);
  add('any', 'display vrrp brief', (c) => displayVrrpBrief(vrrpRows(c)), false);
}

/** The engine's groups (IPv4: VRP's `vrrp vrid` is the IPv4 family). */
function vrrpRows(c: Ctx): VrrpGroupInfo[] {
  return c.dev.host.show<VrrpGroupInfo>('vrrp', 'groups').filter((g) => g.afi === 4);
}

// ---- display ----

const STATE: Record<VrrpGroupInfo['state'], string> = { Init: 'Initialize', Backup: 'Backup', Master: 'Master' };

/** VRP's MAC form: 0000-5e00-0101. */
function vrpMac(mac: string): string {
  const h = mac.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return `${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}`;
}

/** `2008-09-21 00:01:05`: virtual time on VRP's clock (show-ip.ts EPOCH_MS is virtual time 0). */
export function vrpDateTime(us: number): string {
  const d = new Date(EPOCH_MS + Math.floor(us / 1000));
  const z = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${z(d.getUTCMonth() + 1)}-${z(d.getUTCDate())} ${z(d.getUTCHours())}:${z(d.getUTCMinutes())}:${z(d.getUTCSeconds())}`;
}

/** `GigabitEthernet0/0/1` -> `GE0/0/1` (the brief's Interface column), `LoopBack1` stays. */
export function vrpShortIfName(n: string): string {
  return n.replace(/^GigabitEthernet/, 'GE');
}

export interface DisplayOpts {
  iface?: string;
  vrid?: number;
  verbose?: boolean;
  /** The engine's state changes: the first of a group dates its `Create time`. */
  events?: VrrpStateEvent[];
}

/**
 * `display vrrp [interface X [vrid N]] [verbose]`: one block per group,
 *
 *   GigabitEthernet0/0/1 | Virtual Router 1
 *     State : Master
 *     Virtual IP : 10.0.0.10
 *     Master IP : 10.0.0.1
 *     PriorityRun : 120
 *     ...
 *
 * further virtual addresses each on a line of their own under the first. `verbose` prints the
 * same block: the fields V8 adds in its verbose form (tracking, BFD, statistics) have no
 * counterpart here.
 */
export function displayVrrp(node: Node, groups: VrrpGroupInfo[], o: DisplayOpts = {}): string {
  const rows = groups.filter((g) => (o.iface === undefined || g.iface === o.iface) && (o.vrid === undefined || g.vrid === o.vrid));
  if (rows.length === 0) return o.iface === undefined && o.vrid === undefined ? 'Info: No VRRP backup group is configured.\n' : `Info: The VRRP backup group does not exist.\n`;
  const out: string[] = [];
  for (const g of rows) {
    const first = o.events?.find((e) => e.iface === g.iface && e.vrid === g.vrid && e.afi === g.afi);
    const created = first ? Math.min(first.time, g.stateSince) : g.stateSince;
    const masterIp = g.state === 'Master' ? (g.localAddr ?? '0.0.0.0') : g.state === 'Backup' ? (g.masterAddr ?? '0.0.0.0') : '0.0.0.0';
    const masterPrio = g.state === 'Master' ? g.priority : g.state === 'Backup' ? g.masterPriority : 0;
    const timerRun = g.state === 'Backup' && g.masterAdverMs ? g.masterAdverMs : g.advertMs;
    const [vip0, ...more] = g.addresses.length ? g.addresses : ['0.0.0.0'];
    out.push(`  ${g.iface} | Virtual Router ${g.vrid}`);
    out.push(`    State : ${STATE[g.state]}`);
    out.push(`    Virtual IP : ${vip0}`);
    for (const v of more) out.push(`                 ${v}`);
    out.push(`    Master IP : ${masterIp}`);
    out.push(`    PriorityRun : ${g.priority}`);
    out.push(`    PriorityConfig : ${g.configuredPriority}`);
    out.push(`    MasterPriority : ${masterPrio}`);
    out.push(`    Preempt : ${g.preempt ? 'YES' : 'NO'}   Delay Time : ${Math.floor(g.preemptDelayMs / 1000)} s`);
    out.push(`    TimerRun : ${secs(timerRun)}`);
    out.push(`    TimerConfig : ${secs(g.advertMs)}`);
    out.push('    Auth type : NONE');
    out.push(`    Virtual MAC : ${vrpMac(g.virtualMac)}`);
    out.push('    Check TTL : YES');
    out.push('    Config type : normal-vrrp');
    out.push('    Backup-forward : disabled');
    out.push(`    Create time : ${vrpDateTime(created)}`);
    out.push(`    Last change time : ${vrpDateTime(g.stateSince)}`);
    out.push('');
  }
  void node;
  return out.join('\n') + '\n';
}

const secs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/**
 * `display vrrp brief`, as the router captures print it:
 *
 *   Total:2     Master:1     Backup:1     Non-active:0
 *   VRID  State        Interface                Type     Virtual IP
 *   ----------------------------------------------------------------
 *   1     Master       GE0/0/1                  Normal   10.0.0.10
 *
 * columns 6, 13, 25 and 9 wide; further virtual addresses on lines of their own in the last column.
 */
export function displayVrrpBrief(groups: VrrpGroupInfo[]): string {
  const n = (s: VrrpGroupInfo['state']) => groups.filter((g) => g.state === s).length;
  const head = `${'Total:' + groups.length}`.padEnd(12) + `Master:${n('Master')}`.padEnd(13) + `Backup:${n('Backup')}`.padEnd(13) + `Non-active:${n('Init')}`;
  const out = [head, 'VRID  State        Interface                Type     Virtual IP', '-'.repeat(64)];
  for (const g of groups) {
    const [v0, ...more] = g.addresses.length ? g.addresses : [''];
    out.push((String(g.vrid).padEnd(6) + STATE[g.state].padEnd(13) + vrpShortIfName(g.iface).padEnd(25) + 'Normal'.padEnd(9) + v0).trimEnd());
    for (const v of more) out.push(' '.repeat(53) + v);
  }
  return out.join('\n') + '\n';
}

// ---- configuration ----

/** The lines of an interface section, in VRP's order: addresses, priority, preemption, timer. */
function ifaceLines(i: IfCfg): string[] {
  const out: string[] = [];
  for (const g of [...(i.vrrp?.values() ?? [])].sort((a, b) => a.vrid - b.vrid)) {
    const p = ` vrrp vrid ${g.vrid}`;
    for (const a of g.addresses) out.push(`${p} virtual-ip ${a}`);
    if (g.priority !== 100) out.push(`${p} priority ${g.priority}`);
    if (!g.preempt) out.push(`${p} preempt-mode disable`);
    else if (g.preemptDelayMs) out.push(`${p} preempt-mode timer delay ${g.preemptDelayMs / 1000}`);
    if (g.advertMs !== 1000) out.push(`${p} timer advertise ${g.advertMs / 1000}`);
  }
  return out;
}

export const vrrpPart: VrpPart = {
  name: 'vrrp',
  register,
  initConfig(c) {
    c.vrrpV3 = false;
  },
  running(c) {
    return c.vrrpV3 ? [{ rank: 5, lines: ['vrrp version v3'] }] : [];
  },
  ifaceLines,
  neutral(c, n) {
    const cfg = newVrrpConfig();
    // A group without an address does not start.
    for (const g of allGroups(c)) if (g.addresses.length) cfg.groups.set(groupKey(g.iface, g.vrid, 4), structuredClone(g));
    if (cfg.groups.size) n.protocols.set('vrrp', cfg);
  },
};
