/**
 * IOS XE's VRRP, VRRS, ARP and controller shows, rendered from the engines' live state:
 * show vrrp [brief], show vrrs summary|group [NAME]|clients|plugin database, show ip arp,
 * show controllers gigabitethernet X.
 */
import { fmtAddr } from '../../net/addr';
import type { VrrpGroupInfo } from '../../protocols/vrrp/engine';
import { CliError, Ctx, IosPart, IosTable, briefIfName, shortIfName } from './core';
import { execAdder } from './exec';
import { vrrpEngine, vrrsEngine } from './engines';
import { compareNames, fmtMac } from './names';
import { vrrpState } from './vrrp';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
const dotMac = (m: string) => (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(m) ? m.toLowerCase() : m.replace(/[:-]/g, '').replace(/^(.{4})(.{4})(.{4})$/, '$1.$2.$3').toLowerCase());

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** One group of `show vrrp`: classic VRRPv2 layout, or IOS XE's VRRPv3 layout. */
function vrrpGroup(g: VrrpGroupInfo, now: number, v3: boolean): string {
  const l: string[] = [];
  const master = g.masterLocal ? `${g.localAddr ?? 'unknown'} (local)` : g.masterAddr ?? 'unknown';
  if (!v3) {
    l.push(`${g.iface} - Group ${g.vrid}`);
    if (g.description) l.push(`  ${g.description}`);
    l.push(`  State is ${cap(g.state)}`);
    l.push(`  Virtual IP address is ${g.addresses[0] ?? 'unknown'}`);
    for (const a of g.addresses.slice(1)) l.push(`    Secondary Virtual IP address is ${a}`);
    l.push(`  Virtual MAC address is ${dotMac(g.virtualMac)}`);
    l.push(`  Advertisement interval is ${secs(g.advertMs)} sec`);
    l.push(g.preempt ? `  Preemption enabled${g.preemptDelayMs ? `, delay min ${g.preemptDelayMs / 1000} secs` : ''}` : '  Preemption disabled');
    l.push(`  Priority is ${g.priority}${g.owner ? ' (cfgd 255)' : ''}`);
    if (g.name) l.push(`  VRRS Group name ${g.name}`);
    l.push(`  Master Router is ${master}, priority is ${g.masterPriority}`);
    l.push(`  Master Advertisement interval is ${secs(g.masterAdverMs)} sec`);
    l.push(`  Master Down interval is ${secs(g.masterDownMs)} sec${g.masterDownExpiresMs !== undefined ? ` (expires in ${secs(g.masterDownExpiresMs)} sec)` : ''}`);
    return l.join('\n') + '\n';
  }
  const dur = (now - g.stateSince) / 1e6;
  l.push(`${g.iface} - Group ${g.vrid} - Address-Family IPv${g.afi}`);
  if (g.description) l.push(`  Description is "${g.description}"`);
  l.push(`  State is ${g.state.toUpperCase()}`);
  l.push(`  State duration ${Math.floor(dur / 60)} mins ${(dur % 60).toFixed(3)} secs`);
  l.push(`  Virtual IP address is ${g.addresses[0] ?? 'unknown'}`);
  for (const a of g.addresses.slice(1)) l.push(`  Virtual secondary IP addresses:\n    ${a}`);
  l.push(`  Virtual MAC address is ${dotMac(g.virtualMac).toUpperCase()}`);
  l.push(`  Advertisement interval is ${g.advertMs} msec`);
  l.push(g.preempt ? `  Preemption enabled${g.preemptDelayMs ? `, delay ${g.preemptDelayMs / 1000} secs` : ''}` : '  Preemption disabled');
  l.push(`  Priority is ${g.priority}`);
  if (g.name) l.push(`  VRRS Group name ${g.name}`);
  l.push(`  Master Router is ${master}, priority is ${g.masterPriority}`);
  l.push(`  Master Advertisement interval is ${g.masterAdverMs} msec${g.adverExpiresMs !== undefined ? ` (expires in ${Math.round(g.adverExpiresMs)} msec)` : ''}`);
  l.push(`  Master Down interval is ${g.state.toUpperCase() === 'MASTER' ? 'unknown' : `${Math.round(g.masterDownMs)} msec${g.masterDownExpiresMs !== undefined ? ` (expires in ${Math.round(g.masterDownExpiresMs)} msec)` : ''}`}`);
  l.push(`  FLAGS: ${g.owner ? 1 : 0}/${g.preempt ? 1 : 0}`);
  return l.join('\n') + '\n';
}

function register(t: IosTable): void {
  const ex = execAdder(t, true);
  const groups = (c: Ctx) => (vrrpEngine(c.dev)?.groups() ?? []).slice().sort((a, b) => compareNames(a.iface, b.iface) || a.vrid - b.vrid || a.afi - b.afi);
  ex('show vrrp', (c) => groups(c).map((g) => vrrpGroup(g, c.dev.node.sched.now, vrrpState(c.dev).v3)).join('\n'));
  ex('show vrrp interface <name:if>', (c, a) => groups(c).filter((g) => g.iface === a.name).map((g) => vrrpGroup(g, c.dev.node.sched.now, vrrpState(c.dev).v3)).join('\n'));
  ex('show vrrp brief', (c) => {
    const rows = (vrrpEngine(c.dev)?.brief() ?? []).slice().sort((a, b) => compareNames(a.iface, b.iface) || a.vrid - b.vrid);
    // IOS XE prints the VRRPv3 layout once `fhrp version vrrp v3` is on (groups of either version).
    const v3 = vrrpState(c.dev).v3;
    if (v3) {
      const out = ['  Interface          Grp  A-F Pri  Time Own Pre State   Master addr/Group addr'];
      for (const r of rows) {
        const master = r.masterLocal ? `${r.masterAddr ?? 'unknown'}(local)` : r.masterAddr ?? 'unknown';
        out.push(`  ${briefIfName(r.iface).padEnd(18)} ${String(r.vrid).padStart(3)} IPv${r.afi} ${String(r.priority).padStart(3)} ${String(Math.round(r.timeMs)).padStart(5)}  ${r.owner ? 'Y' : 'N'}   ${r.preempt ? 'Y' : 'N'}  ${r.state.toUpperCase().padEnd(7)} ${master} ${r.groupAddr}`);
      }
      return out.join('\n') + '\n';
    }
    const out = ['Interface          Grp Pri Time  Own Pre State   Master addr     Group addr'];
    for (const r of rows) {
      out.push(`${briefIfName(r.iface).padEnd(18)} ${String(r.vrid).padEnd(3)} ${String(r.priority).padEnd(3)} ${String(Math.round(r.timeMs)).padEnd(5)} ${(r.owner ? 'Y' : ' ').padEnd(3)} ${(r.preempt ? 'Y' : ' ').padEnd(3)} ${cap(r.state).padEnd(7)} ${(r.masterAddr ?? 'unknown').padEnd(15)} ${r.groupAddr}`);
    }
    return out.join('\n') + '\n';
  });

  ex('show vrrs summary', (c) => {
    const rows = vrrsEngine(c.dev)?.summary() ?? [];
    const out = [`${'Group'.padEnd(24)} ${'Server'.padEnd(8)} ${'State'.padEnd(8)} Virtual-address`];
    for (const r of rows) out.push(`${r.group.padEnd(24)} ${r.server.padEnd(8)} ${r.state.padEnd(8)} ${r.virtualAddress}`);
    return out.join('\n') + '\n';
  });
  const groupText = (c: Ctx, name?: string) => {
    const e = vrrsEngine(c.dev);
    const rows = e?.group(name) ?? [];
    return rows
      .map((g) =>
        [
          g.name,
          `Server ${g.server}, state ${g.state}, old state ${g.oldState}, reason ${g.reason}`,
          `Address family ${g.addressFamily}, Virtual address ${g.virtualAddress}, Virtual mac ${g.virtualMac}`,
          `Active interface address ${g.activeAddr}, standby interface address ${g.standbyAddr}`,
          ...g.clients.map((k) => `Client ${k.id} ${k.name}, priority ${k.priority}`),
        ].join('\n') + '\n',
      )
      .join('\n');
  };
  ex('show vrrs group', (c) => groupText(c));
  ex('show vrrs group <name>', (c, a) => groupText(c, a.name));
  ex('show vrrs clients', (c) => {
    const out = [`${'ID'.padEnd(4)}${'Priority'.padEnd(10)}${'All-groups'.padEnd(12)}Name`];
    for (const r of vrrsEngine(c.dev)?.clients() ?? []) out.push(`${String(r.id).padEnd(4)}${r.priority.padEnd(10)}${(r.allGroups ? 'Yes' : 'No').padEnd(12)}${r.name}`);
    return out.join('\n') + '\n';
  });
  ex('show vrrs plugin database', (c) => {
    const out = ['VRRS Plugin Database'];
    for (const r of vrrsEngine(c.dev)?.pluginDatabase() ?? []) {
      out.push('-----', `Name = ${r.name}`, `Server connection = ${r.serverConnection}`, `State = ${r.state}`, `MAC addr = ${r.mac}`, `Test Control = ${r.testControl ? 'True' : 'False'}`, `Client Handle = ${r.clientHandle}`, 'Interface list =');
      for (const i of r.interfaces.slice().sort(compareNames)) out.push(`                ${shortIfName(i)}`);
    }
    return out.join('\n') + '\n';
  });

  ex('show ip arp', (c) => {
    const node = c.dev.node;
    const vrrsArp = new Map((vrrsEngine(c.dev)?.arpEntries() ?? []).map((r) => [r.iface, r]));
    const rows: Array<{ addr: string; age: string; mac: string; iface: string }> = [];
    const masters = (vrrpEngine(c.dev)?.groups() ?? []).filter((g) => g.state.toUpperCase() === 'MASTER' && g.afi === 4);
    for (const i of node.sortedIfaces()) {
      if (i.kind === 'loopback' || !i.v4 || !i.up) continue;
      const own = vrrsArp.get(i.name);
      rows.push({ addr: fmtAddr(i.v4.addr), age: '-', mac: own ? dotMac(own.mac) : fmtMac(i.port.mac), iface: i.name });
      for (const g of masters.filter((x) => x.iface === i.name)) for (const a of g.addresses) rows.push({ addr: a, age: '-', mac: dotMac(g.virtualMac), iface: i.name });
      for (const n of node.neighbors.entriesOf(i, 4)) {
        const age = Math.max(0, Math.floor((node.sched.now - (n.expires - 4 * 3600e6)) / 60e6));
        rows.push({ addr: fmtAddr(n.addr), age: String(age), mac: fmtMac(n.mac), iface: i.name });
      }
    }
    const key = (a: string) => a.split('.').reduce((s, x) => s * 256 + Number(x), 0);
    rows.sort((a, b) => key(a.addr) - key(b.addr));
    const out = ['Protocol  Address          Age (min)  Hardware Addr   Type   Interface'];
    for (const r of rows) out.push(`Internet  ${r.addr.padEnd(15)}${r.age.padStart(10)}   ${r.mac.padEnd(16)}ARPA   ${r.iface}`);
    return out.join('\n') + '\n';
  });

  ex('show controllers <name:if>', (c, a) => {
    const i = c.dev.node.ifaces.get(a.name);
    if (!i || i.parent) throw new CliError(`% Invalid interface ${a.name}`);
    const entries: Buffer[] = [Buffer.from('ffffffffffff', 'hex'), i.mac, ...[...i.macFilter.values()].map((e) => e.mac)];
    const hash = (m: Buffer) => m.reduce((h, b) => h ^ b, 0);
    const seen = new Set<string>();
    const list = entries.filter((m) => !seen.has(m.toString('hex')) && seen.add(m.toString('hex'))).sort((x, y) => hash(x) - hash(y) || x.compare(y));
    const perHash = new Map<number, number>();
    const hits = (m: Buffer) => i.macFilter.get(m.toString('hex'))?.hits ?? 0;
    const out = [`Interface ${i.name}`, 'Hardware is CSR vNIC', `  rx ring entries=32, tx ring entries=64`, `  running=${i.up ? 1 : 0}`, 'Software MAC address filter(hash:length/addr/mask/hits):'];
    for (const m of list) {
      const h = hash(m);
      const n = perHash.get(h) ?? 0;
      perHash.set(h, n + 1);
      out.push(`0x${h.toString(16).toUpperCase().padStart(2, '0')}: ${n} ${fmtMac(m)} 0000.0000.0000 ${hits(m)}`);
    }
    return out.join('\n') + '\n';
  });
}

export const showVrrsPart: IosPart = { name: 'show-vrrs', register };
