// Cisco IOS / IOS XE show output to the neutral model. Formats as IOS prints them: classic
// (VRRPv2, "State is Master", "1.000 sec") and IOS XE with `fhrp version vrrp v3` ("- Group 1 -
// Address-Family IPv4", "State is MASTER", "1000 msec"); tables split on runs of blanks or tabs
// (the document's captures have tabs, the device pads with blanks). A line that does not fit the
// command's format is a ParseError naming device, command and line; IOS's informational "!"
// remarks and blank lines are skipped.
import { ParseError } from '../../errors';
import {
  normalizeMac, type Afi, type ArpEntry, type InterfaceDetail, type MacFilterEntry, type VrrpGroup, type VrrpState, type VrrsClient,
  type VrrsGroup, type VrrsGroupClient, type VrrsPluginEntry, type VrrsState,
} from '../../model/types';

export interface ParseContext {
  device: string;
  command: string;
}

const fail = (ctx: ParseContext, line: string, reason: string): ParseError => new ParseError(ctx.device, ctx.command, line, reason);

const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const IP = String.raw`(?:${IPV4}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)`;

/** Lines without the echo of the command, the prompt, "!" remarks and blanks. */
function lines(text: string): string[] {
  return text.replace(/\r/g, '').split('\n').filter((l) => l.trim() !== '' && !/^\s*!/.test(l));
}

function mac(ctx: ParseContext, s: string, line: string): string {
  const m = normalizeMac(s);
  if (m === undefined) throw fail(ctx, line, `"${s}" is not a MAC address`);
  return m;
}

const cells = (l: string): string[] => l.trim().split(/\s+/);

// ---- show vrrp

function vrrpState(ctx: ParseContext, s: string, line: string): VrrpState {
  const v = s.toLowerCase();
  if (v === 'master' || v === 'backup' || v === 'init') return v;
  throw fail(ctx, line, `unknown VRRP state "${s}"`);
}

/** "1.000 sec", "1000 msec", "3.609 sec (expires in ...)" -> milliseconds. */
function interval(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(msec|sec)/.exec(s.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (m[2] === 'sec' ? 1000 : 1));
}

/** `show vrrp` (every group, or `show vrrp interface X`). */
export function parseShowVrrp(text: string, ctx: ParseContext): VrrpGroup[] {
  const out: VrrpGroup[] = [];
  let g: VrrpGroup | undefined;
  let inSecondary = false;
  for (const raw of lines(text)) {
    const l = raw.trim();
    const head = /^(\S+) - Group (\d+)(?: - Address-Family (IPv4|IPv6))?$/.exec(l);
    if (head) {
      g = { iface: head[1], vrid: Number(head[2]), afi: head[3] === 'IPv6' ? 'ipv6' : 'ipv4', version: head[3] ? 3 : 2, state: 'init', priority: 0, virtualIps: [] };
      out.push(g);
      inSecondary = false;
      continue;
    }
    if (!g) throw fail(ctx, raw, 'expected "<interface> - Group <n>"');
    let m: RegExpExecArray | null;
    if (inSecondary && new RegExp(`^${IP}$`).test(l)) { g.virtualIps.push(l); continue; }
    inSecondary = false;
    if ((m = /^State is (\w+)(?: \((.+)\))?$/.exec(l))) {
      g.state = vrrpState(ctx, m[1], raw);
      if (m[2]) g.stateReason = m[2];
    } else if ((m = /^VRRS Group name (\S+)$/.exec(l))) {
      g.name = m[1];
    } else if ((m = /^Description is "(.*)"$/.exec(l)) || (m = /^['‘"](.*)['’"]$/.exec(l))) {
      g.name = m[1];
    } else if ((m = /^Virtual IP address is (.+)$/.exec(l))) {
      if (m[1] !== 'no address') g.virtualIps.push(m[1]);
    } else if (/^Virtual secondary IP addresses:?$/.test(l)) {
      inSecondary = true;
    } else if ((m = /^Virtual MAC address is (\S+)$/.exec(l))) {
      g.virtualMac = mac(ctx, m[1], raw);
    } else if ((m = /^Advertisement interval is (.+)$/.exec(l))) {
      const ms = interval(m[1]);
      if (ms !== undefined) g.advertIntervalMs = ms;
    } else if ((m = /^Preemption (?:is )?(enabled|disabled)/.exec(l))) {
      g.preempt = m[1] === 'enabled';
    } else if ((m = /^Priority is (\d+)/.exec(l))) {
      g.priority = Number(m[1]);
    } else if ((m = new RegExp(`^Master Router is (${IP}|unknown)( \\(local\\))?, priority is (\\d+|unknown)`).exec(l))) {
      if (m[1] !== 'unknown') g.masterAddress = m[1];
      g.masterLocal = m[2] !== undefined;
      if (m[3] !== 'unknown') g.masterPriority = Number(m[3]);
    } else if ((m = /^Master Down interval is (.+)$/.exec(l))) {
      const ms = interval(m[1]);
      if (ms !== undefined) g.masterDownMs = ms;
    }
    // Other lines (State duration, min delay, FLAGS, Track, Master Advertisement interval, State
    // change reason, Authentication) carry nothing the model holds.
  }
  return out;
}

/** IOS short interface names in `show vrrp brief` ("Gi0/0/0.1") are kept as printed. */
export function parseShowVrrpBrief(text: string, ctx: ParseContext): VrrpGroup[] {
  const out: VrrpGroup[] = [];
  let header: string[] | undefined;
  for (const raw of lines(text)) {
    const c = cells(raw);
    if (c[0] === 'Interface' && c.includes('Grp')) { header = c; continue; }
    if (!header) throw fail(ctx, raw, 'expected the "Interface Grp ..." header');
    const v3 = header.includes('A-F');
    // v2: Interface Grp Pri Time Own Pre State Master-addr Group-addr (Own may be blank)
    // v3: Interface Grp A-F Pri Time Own Pre State Master-addr(local) Group-addr
    const iface = c[0];
    const vrid = Number(c[1]);
    let i = 2;
    let afi: Afi = 'ipv4';
    if (v3) { afi = c[i] === 'IPv6' ? 'ipv6' : 'ipv4'; i++; }
    const priority = Number(c[i++]);
    const time = Number(c[i++]);
    // Own and Pre are "Y", "N" or blank: take the flags up to the state word.
    const flags: string[] = [];
    while (i < c.length && /^[YN]$/.test(c[i])) flags.push(c[i++]);
    const stateWord = c[i++];
    const rest = c.slice(i);
    if (!Number.isInteger(vrid) || !Number.isInteger(priority) || stateWord === undefined || rest.length < 1) throw fail(ctx, raw, 'not a VRRP brief row');
    const g: VrrpGroup = { iface, vrid, afi, version: v3 ? 3 : 2, state: vrrpState(ctx, stateWord, raw), priority, virtualIps: [] };
    // Pre is the last flag; with blank Own only one flag is printed.
    if (flags.length > 0) g.preempt = flags[flags.length - 1] === 'Y';
    // "Master addr" then "Group addr"; an unknown master leaves only the group address.
    const [master, group] = rest.length >= 2 ? rest : ['', rest[0]];
    g.virtualIps.push(group);
    const mm = /^(.+?)(\(local\))?$/.exec(master);
    if (mm && master !== '' && mm[1] !== 'unknown') { g.masterAddress = mm[1]; g.masterLocal = mm[2] !== undefined; }
    // "Time": the Master Down interval in milliseconds.
    if (Number.isFinite(time) && time > 0) g.masterDownMs = time;
    out.push(g);
  }
  return out;
}

// ---- show vrrs

function vrrsState(ctx: ParseContext, s: string, line: string): VrrsState {
  const v = s.toLowerCase();
  if (v === 'init' || v === 'backup' || v === 'active') return v;
  throw fail(ctx, line, `unknown VRRS state "${s}"`);
}

/** `show vrrs summary`: Group Server State Virtual-address. */
export function parseVrrsSummary(text: string, ctx: ParseContext): VrrsGroup[] {
  const out: VrrsGroup[] = [];
  let header = false;
  for (const raw of lines(text)) {
    const c = cells(raw);
    if (c[0] === 'Group' && c[1] === 'Server') { header = true; continue; }
    if (!header) throw fail(ctx, raw, 'expected the "Group Server State Virtual-address" header');
    if (c.length !== 4) throw fail(ctx, raw, 'expected four columns');
    const server = /^(UNKNOW|UNKNOWN|Not)$/i.test(c[1]) ? null : c[1];
    out.push({ name: c[0], server, state: vrrsState(ctx, c[2], raw), virtualAddress: c[3] });
  }
  return out;
}

/** `show vrrs group [name]`: a block per group, the name alone on its first line. */
export function parseVrrsGroup(text: string, ctx: ParseContext): VrrsGroup[] {
  const out: VrrsGroup[] = [];
  let g: VrrsGroup | undefined;
  for (const raw of lines(text)) {
    const l = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^Server (.+?), state (\w+), old state (\w+)(?:, reason (.+))?$/.exec(l))) {
      if (!g) throw fail(ctx, raw, 'server line before a group name');
      const srv = m[1].trim();
      if (/^Not configured$/i.test(srv)) g.server = null;
      else { const [p, ...rest] = srv.split(/\s+/); g.server = p; if (rest.length) g.serverDetail = rest.join(' '); }
      g.state = vrrsState(ctx, m[2], raw);
      g.oldState = vrrsState(ctx, m[3], raw);
      if (m[4]) g.reason = m[4].trim();
    } else if ((m = new RegExp(`^Address family (IPv4|IPv6), Virtual address (${IP}), Virtual mac (\\S+)$`, 'i').exec(l))) {
      if (!g) throw fail(ctx, raw, 'address line before a group name');
      g.afi = m[1].toLowerCase() === 'ipv6' ? 'ipv6' : 'ipv4';
      g.virtualAddress = m[2];
      g.virtualMac = mac(ctx, m[3], raw);
    } else if ((m = new RegExp(`^Active interface address (${IP}), standby interface address (${IP})$`, 'i').exec(l))) {
      if (!g) throw fail(ctx, raw, 'interface address line before a group name');
      g.activeIfaceAddress = m[1];
      g.standbyIfaceAddress = m[2];
    } else if ((m = /^Client (\d+) (.+), priority (\w+)$/.exec(l))) {
      if (!g) throw fail(ctx, raw, 'client line before a group name');
      const c: VrrsGroupClient = { id: Number(m[1]), name: m[2], priority: m[3].toLowerCase() };
      (g.clients ??= []).push(c);
    } else if (/^\S+$/.test(l) && !/^-+$/.test(l)) {
      g = { name: l, server: null, state: 'init', virtualAddress: '0.0.0.0', clients: [] };
      out.push(g);
    } else if (!/^-+$/.test(l)) {
      throw fail(ctx, raw, 'not a line of show vrrs group');
    }
  }
  return out;
}

/** `show vrrs clients`: ID Priority All-groups Name (the name may hold blanks). */
export function parseVrrsClients(text: string, ctx: ParseContext): VrrsClient[] {
  const out: VrrsClient[] = [];
  let header = false;
  for (const raw of lines(text)) {
    const c = cells(raw);
    if (c[0] === 'ID' && c[1] === 'Priority') { header = true; continue; }
    if (!header) throw fail(ctx, raw, 'expected the "ID Priority All-groups Name" header');
    if (c.length < 4 || !/^\d+$/.test(c[0]) || !/^(Yes|No)$/i.test(c[2])) throw fail(ctx, raw, 'not a VRRS client row');
    out.push({ id: Number(c[0]), priority: c[1].toLowerCase(), allGroups: /^yes$/i.test(c[2]), name: c.slice(3).join(' ') });
  }
  return out;
}

/** `show vrrs plugin database`: "key = value" blocks separated by "-----", then the interface list. */
export function parseVrrsPluginDatabase(text: string, ctx: ParseContext): VrrsPluginEntry[] {
  const out: VrrsPluginEntry[] = [];
  let e: (Partial<VrrsPluginEntry> & { interfaces: string[] }) | undefined;
  let inList = false;
  const finish = (): void => {
    if (!e) return;
    if (e.name === undefined || e.serverConnected === undefined || e.state === undefined || e.mac === undefined) {
      throw fail(ctx, `Name = ${e.name ?? '?'}`, 'plug-in entry without Name, Server connection, State or MAC addr');
    }
    out.push(e as VrrsPluginEntry);
    e = undefined;
  };
  for (const raw of lines(text)) {
    const l = raw.trim();
    if (/^VRRS Plugin Database$/i.test(l)) continue;
    if (/^-+$/.test(l)) { finish(); inList = false; continue; }
    const kv = /^([A-Za-z][A-Za-z ]*?)\s*=\s*(.*)$/.exec(l);
    if (kv) {
      inList = false;
      const [, key, value] = kv;
      if (key === 'Name') { finish(); e = { name: value, interfaces: [] }; continue; }
      if (!e) throw fail(ctx, raw, 'a field before "Name ="');
      switch (key) {
        case 'Server connection': e.serverConnected = /^live$/i.test(value); break;
        case 'State': e.state = value.toLowerCase(); break;
        case 'MAC addr': e.mac = mac(ctx, value, raw); break;
        case 'Test Control': e.testControl = /^true$/i.test(value); break;
        case 'Client Handle': e.clientHandle = Number(value); break;
        case 'Interface list': inList = true; if (value !== '') e.interfaces.push(...value.split(/\s+/)); break;
        default: break;
      }
      continue;
    }
    if (inList && e && /^\S+$/.test(l)) { e.interfaces.push(l); continue; }
    throw fail(ctx, raw, 'not a line of the VRRS plug-in database');
  }
  finish();
  return out;
}

// ---- show ip interface brief, show interfaces

/** `show ip interface brief`: Interface IP-Address OK? Method Status Protocol ("administratively down" is two words). */
export function parseIpInterfaceBrief(text: string, ctx: ParseContext): InterfaceDetail[] {
  const out: InterfaceDetail[] = [];
  let header = false;
  for (const raw of lines(text)) {
    const c = cells(raw);
    if (c[0] === 'Interface' && c[1] === 'IP-Address') { header = true; continue; }
    if (!header) throw fail(ctx, raw, 'expected the "Interface IP-Address OK? Method Status Protocol" header');
    if (c.length < 6) throw fail(ctx, raw, 'expected six columns');
    const protocol = c[c.length - 1];
    const status = c.slice(4, -1).join(' ');
    if (!/^(up|down)$/.test(protocol) || !/^(up|down|administratively down|deleted)$/.test(status)) throw fail(ctx, raw, `unknown status "${status}" / protocol "${protocol}"`);
    const i: InterfaceDetail = { name: c[0], state: status === 'up' ? 'up' : status === 'down' ? 'down' : 'admin', protocol: protocol === 'up' ? 'up' : 'down' };
    if (c[1] !== 'unassigned') i.address = c[1];
    out.push(i);
  }
  return out;
}

/** `show interfaces [X]`: a block per interface, "<name> is <state>, line protocol is <state>". */
export function parseShowInterfaces(text: string, ctx: ParseContext): InterfaceDetail[] {
  const out: InterfaceDetail[] = [];
  let i: InterfaceDetail | undefined;
  for (const raw of lines(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+) is (up|down|administratively down|deleted), line protocol is (up|down)(?: \(.*\))?\s*$/.exec(raw))) {
      i = { name: m[1], state: m[2] === 'up' ? 'up' : m[2] === 'down' ? 'down' : 'admin', protocol: m[3] === 'up' ? 'up' : 'down' };
      out.push(i);
      continue;
    }
    if (!/^\s/.test(raw)) throw fail(ctx, raw, 'expected "<interface> is <state>, line protocol is <state>"');
    if (!i) throw fail(ctx, raw, 'interface detail before an interface line');
    const l = raw.trim();
    if ((m = /address is (\S+?)(?: \(bia (\S+?)\))?(?:,|$)/.exec(l)) && /^Hardware is/.test(l)) {
      const a = normalizeMac(m[1]);
      if (a) i.mac = a;
      const b = m[2] ? normalizeMac(m[2]) : undefined;
      if (b) i.bia = b;
    } else if ((m = new RegExp(`^Internet address is (${IPV4}/\\d+)`).exec(l))) {
      i.address = m[1];
    } else if ((m = /^MTU (\d+) bytes/.exec(l))) {
      i.mtu = Number(m[1]);
    } else if ((m = /^Encapsulation 802\.1Q Virtual LAN, Vlan ID\s+(\d+)/.exec(l))) {
      i.vlan = Number(m[1]);
    } else if ((m = /^(\d+) packets input, (\d+) bytes/.exec(l))) {
      i.rx = Number(m[2]);
    } else if ((m = /^(\d+) packets output, (\d+) bytes/.exec(l))) {
      i.tx = Number(m[2]);
    } else if ((m = /^Input queue: \d+\/\d+\/(\d+)\/\d+/.exec(l))) {
      i.drops = Number(m[1]);
    }
  }
  return out;
}

// ---- show ip arp, show controllers

/** `show ip arp`: Protocol Address Age (min) Hardware Addr Type Interface. */
export function parseIpArp(text: string, ctx: ParseContext): ArpEntry[] {
  const out: ArpEntry[] = [];
  let header = false;
  for (const raw of lines(text)) {
    const c = cells(raw);
    if (c[0] === 'Protocol' && c[1] === 'Address') { header = true; continue; }
    if (!header) throw fail(ctx, raw, 'expected the "Protocol Address Age (min) Hardware Addr Type Interface" header');
    if (c[0] !== 'Internet' || c.length < 4) throw fail(ctx, raw, 'not an ARP row');
    const e: ArpEntry = { address: c[1], ageMin: c[2] === '-' ? null : Number(c[2]), mac: null };
    if (e.ageMin !== null && !Number.isInteger(e.ageMin)) throw fail(ctx, raw, `age "${c[2]}" is not a number`);
    if (/^incomplete$/i.test(c[3])) {
      if (c[4]) e.type = c[4];
      if (c[5]) e.iface = c[5];
    } else {
      e.mac = mac(ctx, c[3], raw);
      if (c[4]) e.type = c[4];
      if (c[5]) e.iface = c[5];
    }
    out.push(e);
  }
  return out;
}

/** The software MAC address filter of `show controllers <iface>`: "0x5F: 0 0000.5e00.0101 0000.0000.0000 0". */
export function parseControllersMacFilter(text: string, ctx: ParseContext): MacFilterEntry[] {
  const out: MacFilterEntry[] = [];
  let iface: string | undefined;
  let inFilter = false;
  for (const raw of lines(text)) {
    const l = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^Interface (\S+)$/.exec(l))) { iface = m[1]; inFilter = false; continue; }
    if (/^Software MAC address filter/i.test(l)) { inFilter = true; continue; }
    if (!inFilter) continue;
    if ((m = /^(0x[0-9A-Fa-f]+):\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+)$/.exec(l))) {
      if (!iface) throw fail(ctx, raw, 'filter entry before "Interface <name>"');
      out.push({ iface, hash: m[1], mac: mac(ctx, m[3], raw), mask: mac(ctx, m[4], raw), hits: Number(m[5]) });
    } else {
      inFilter = false;
    }
  }
  if (iface === undefined && text.trim() !== '') throw fail(ctx, lines(text)[0] ?? '', 'expected "Interface <name>"');
  return out;
}
