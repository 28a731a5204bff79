/**
 * iproute2's `ip` on a Linux host: link (add bond / vrf, set, del, show), addr (add, del, show),
 * route (show [vrf X | table N]) and neigh (show), with -br and -j (JSON as iproute2 prints it),
 * and iproute2's own error lines and exit statuses (1 for a bad argument or a missing device,
 * 2 for an error the kernel answered: "RTNETLINK answers: ...").
 */
import { parseAddr, fmtAddr, prefixOf, fmtPrefix, type Addr } from '../../net/addr';
import type { Io } from './io';
import type { HostLink } from './state';
import { macStr, parseMac } from './state';
import type { LinuxDevice } from './device';

class IpError extends Error {
  constructor(message: string, readonly status = 1) {
    super(message);
  }
}

const RT = (what: string) => new IpError(`RTNETLINK answers: ${what}`, 2);
const noDev = (n: string) => new IpError(`Cannot find device "${n}"`);
const garbage = (w: string) => new IpError(`Error: either "dev" is duplicate, or "${w}" is a garbage.`);

interface Opts {
  brief: boolean;
  json: boolean;
  /** `-s`: the interface counters (stats64 in JSON, the RX:/TX: lines in text). */
  stats?: boolean;
  family?: 4 | 6;
}

/** Abbreviations as iproute2 matches them (`ip a`, `ip l`, `ip r`, `ip n`, `sh`, `ls`, `lst`). */
function matches(word: string, full: string): boolean {
  return word.length > 0 && full.startsWith(word);
}

export function ipCommand(dev: LinuxDevice, argv: string[], io: Io): number {
  try {
    const o: Opts = { brief: false, json: false };
    let i = 0;
    for (; i < argv.length && argv[i].startsWith('-'); i++) {
      const f = argv[i].replace(/^--?/, '');
      if (f === 'br' || f === 'brief') o.brief = true;
      else if (f === 'j' || f === 'json') o.json = true;
      else if (f === '4') o.family = 4;
      else if (f === '6') o.family = 6;
      else if (f === 's' || f === 'stats' || f === 'statistics') o.stats = true;
      else if (f === 'p' || f === 'pretty' || f === 'c' || f === 'color' || f === 'd' || f === 'details') continue;
      else throw new IpError(`Option "${argv[i]}" is unknown, try "ip -help".`, 255);
    }
    const obj = argv[i] ?? '';
    const rest = argv.slice(i + 1);
    dev.state.discover();
    if (obj === '') {
      io.err('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | neigh | route }\n');
      return 255;
    }
    if (matches(obj, 'link')) return link(dev, rest, o, io);
    if (matches(obj, 'address') || obj === 'a') return addr(dev, rest, o, io);
    if (matches(obj, 'route') || obj === 'r') return route(dev, rest, o, io);
    if (matches(obj, 'neighbor') || matches(obj, 'neighbour')) return neigh(dev, rest, o, io);
    throw new IpError(`Object "${obj}" is unknown, try "ip help".`);
  } catch (e) {
    if (!(e instanceof IpError)) throw e;
    io.err(`${e.message}\n`);
    return e.status;
  }
}

function isShow(w: string | undefined): boolean {
  return w === undefined || matches(w, 'show') || matches(w, 'list') || w === 'lst';
}

function find(dev: LinuxDevice, name: string | undefined): HostLink {
  if (name === undefined) throw new IpError('Not enough information: "dev" argument is required.');
  const l = dev.state.links.get(name);
  if (!l) throw noDev(name);
  return l;
}

// ---- ip link ----

function link(dev: LinuxDevice, a: string[], o: Opts, io: Io): number {
  const [verb, ...args] = a;
  if (isShow(verb)) {
    let name: string | undefined;
    for (let k = 0; k < args.length; k++) {
      if (args[k] === 'dev') name = args[++k];
      else if (args[k] === 'up') continue;
      else name = args[k];
    }
    const up = args.includes('up');
    const list = (name !== undefined ? [find(dev, name)] : dev.state.sorted()).filter((l) => !up || l.adminUp);
    printLinks(dev, list, o, io, false);
    return 0;
  }
  if (matches(verb, 'add')) return linkAdd(dev, args);
  if (matches(verb, 'set')) return linkSet(dev, args);
  if (matches(verb, 'delete')) return linkDel(dev, args);
  throw new IpError(`Command "${verb}" is unknown, try "ip link help".`);
}

function linkAdd(dev: LinuxDevice, a: string[]): number {
  let name: string | undefined;
  let type: string | undefined;
  let k = 0;
  for (; k < a.length; k++) {
    const w = a[k];
    if (w === 'type') { type = a[++k]; k++; break; }
    if (w === 'dev' || w === 'name') name = a[++k];
    else if (name === undefined) name = w;
    else throw garbage(w);
  }
  if (name === undefined) throw new IpError('Not enough information: "dev" argument is required.');
  if (!/^[^\s/:]{1,15}$/.test(name)) throw new IpError(`Error: argument "${name}" is wrong: "name" not a valid ifname`);
  if (type === undefined) throw new IpError('Not enough information: "type" argument is required.', 2);
  const opts = a.slice(k);
  if (type === 'bond') {
    let mode = 'balance-rr';
    for (let j = 0; j < opts.length; j++) {
      if (opts[j] === 'mode') mode = opts[++j] ?? '';
      else if (['miimon', 'lacp_rate', 'xmit_hash_policy', 'ad_actor_sys_prio', 'updelay', 'downdelay'].includes(opts[j])) {
        throw new IpError(`netproof: bond option "${opts[j]}" is not modelled; the bond keeps Linux's default`, 2);
      } else throw garbage(opts[j]);
    }
    if (mode === '4') mode = '802.3ad';
    const known = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb', '0', '1', '2', '3', '5', '6'];
    if (!known.includes(mode)) throw new IpError(`Error: argument of "mode" is wrong: "${mode}"`);
    if (mode !== '802.3ad') throw new IpError(`netproof: bond mode ${mode} is not modelled on this host (only 802.3ad is)`, 2);
    if (dev.state.links.has(name)) throw RT('File exists');
    dev.state.add({ name, type: 'bond', mac: dev.randomMac(), macSet: false, adminUp: false, everUp: false, mtu: 1500, addrs: [] });
  } else if (type === 'vrf') {
    let table: number | undefined;
    for (let j = 0; j < opts.length; j++) {
      if (opts[j] === 'table') {
        const t = opts[++j];
        if (t === undefined || !/^\d+$/.test(t) || Number(t) > 0xffffffff) throw new IpError(`Error: argument "${t ?? ''}" is wrong: "table" value is invalid`);
        table = Number(t);
      } else throw garbage(opts[j]);
    }
    if (table === undefined) throw new IpError('Error: argument "table" is required.', 2);
    if (dev.state.links.has(name)) throw RT('File exists');
    dev.state.add({ name, type: 'vrf', table, mac: dev.randomMac(), adminUp: false, everUp: false, mtu: 65575, addrs: [] });
  } else {
    throw new IpError(`netproof: link type "${type}" is not modelled on this host (bond and vrf are)`, 2);
  }
  dev.apply();
  return 0;
}

function linkSet(dev: LinuxDevice, a: string[]): number {
  let name: string | undefined;
  const acts: Array<() => void> = [];
  for (let k = 0; k < a.length; k++) {
    const w = a[k];
    if (w === 'dev') {
      if (name !== undefined) throw garbage(w);
      name = a[++k];
    } else if (w === 'up' || w === 'down') {
      acts.push(() => setAdmin(dev, find(dev, name), w === 'up'));
    } else if (w === 'address') {
      const v = a[++k];
      const mac = v !== undefined ? parseMac(v) : undefined;
      if (!mac) throw new IpError(`"${v ?? ''}" is invalid lladdr.`);
      if (mac[0] & 1) throw RT('Cannot assign requested address');
      acts.push(() => setMac(dev, find(dev, name), mac));
    } else if (w === 'master') {
      const m = a[++k];
      acts.push(() => enslave(dev, find(dev, name), m));
    } else if (w === 'nomaster') {
      acts.push(() => release(dev, find(dev, name)));
    } else if (w === 'mtu') {
      const v = a[++k];
      if (v === undefined || !/^\d+$/.test(v)) throw new IpError(`Error: argument "${v ?? ''}" is wrong: Invalid "mtu" value`);
      const n = Number(v);
      acts.push(() => {
        const l = find(dev, name);
        if (n < 68 || n > 65535) throw RT('Invalid argument');
        l.mtu = n;
      });
    } else if (name === undefined) {
      name = w;
    } else throw garbage(w);
  }
  const l = find(dev, name);
  void l;
  for (const f of acts) f();
  dev.apply();
  return 0;
}

function linkDel(dev: LinuxDevice, a: string[]): number {
  let name: string | undefined;
  for (let k = 0; k < a.length; k++) {
    if (a[k] === 'dev') name = a[++k];
    else if (name === undefined) name = a[k];
    else throw garbage(a[k]);
  }
  const l = find(dev, name);
  if (l.type === 'ether' || l.type === 'loopback') throw RT('Operation not supported');
  for (const s of dev.state.slaves(l.name)) release(dev, s);
  dev.state.links.delete(l.name);
  dev.apply();
  return 0;
}

function setAdmin(dev: LinuxDevice, l: HostLink, up: boolean): void {
  l.adminUp = up;
  if (up) l.everUp = true;
}

function setMac(dev: LinuxDevice, l: HostLink, mac: Buffer): void {
  if (l.type === 'loopback') throw RT('Operation not supported');
  const master = l.master ? dev.state.links.get(l.master) : undefined;
  // An 802.3ad slave takes the bond's address; setting its own is refused (bond_set_mac_address).
  if (master?.type === 'bond') throw RT('Device or resource busy');
  l.mac = Buffer.from(mac);
  if (l.type === 'bond') {
    l.macSet = true;
    for (const s of dev.state.slaves(l.name)) s.mac = Buffer.from(mac);
  }
}

function enslave(dev: LinuxDevice, l: HostLink, masterName: string | undefined): void {
  if (masterName === undefined) throw new IpError('Error: argument "" is wrong: Device does not exist');
  const m = dev.state.links.get(masterName);
  if (!m) throw new IpError(`Error: argument "${masterName}" is wrong: Device does not exist`);
  if (m === l || (m.type !== 'bond' && m.type !== 'vrf')) throw RT('Operation not supported');
  if (l.master === m.name) return;
  if (l.master) release(dev, l);
  if (m.type === 'bond') {
    if (l.type !== 'ether') throw RT('Operation not supported');
    if (l.addrs.length) l.addrs = [];
    l.permMac = l.mac;
    // The first slave gives a bond without a user-set address its MAC (bond_enslave); every
    // 802.3ad slave then takes the bond's address and MTU.
    if (!m.macSet && dev.state.slaves(m.name).length === 0) m.mac = Buffer.from(l.mac);
    l.mac = Buffer.from(m.mac);
    l.mtu = m.mtu;
  }
  l.master = m.name;
}

function release(dev: LinuxDevice, l: HostLink): void {
  const m = l.master ? dev.state.links.get(l.master) : undefined;
  if (m?.type === 'bond' && l.permMac) {
    l.mac = l.permMac;
    l.permMac = undefined;
    // A released port is brought down by the bond (bond_release).
    l.adminUp = false;
  }
  l.master = undefined;
}

// ---- rendering links ----

function operState(dev: LinuxDevice, l: HostLink): string {
  if (l.type === 'loopback') return 'UNKNOWN';
  if (!l.adminUp) return 'DOWN';
  return dev.carrier(l) ? 'UP' : 'DOWN';
}

function flags(dev: LinuxDevice, l: HostLink): string[] {
  const f: string[] = [];
  const carrier = dev.carrier(l);
  if (l.adminUp && !carrier) f.push('NO-CARRIER');
  if (l.type === 'loopback') f.push('LOOPBACK');
  else if (l.type === 'vrf') f.push('NOARP');
  else f.push('BROADCAST', 'MULTICAST');
  const master = l.master ? dev.state.links.get(l.master) : undefined;
  if (l.type === 'bond' || l.type === 'vrf') f.push('MASTER');
  if (master?.type === 'bond') f.push('SLAVE');
  if (l.adminUp) f.push('UP');
  if (l.adminUp && carrier) f.push('LOWER_UP');
  return f;
}

function qdisc(l: HostLink): string {
  return l.everUp ? 'noqueue' : 'noop';
}

function linkType(l: HostLink): string {
  return l.type === 'loopback' ? 'loopback' : 'ether';
}

function brd(l: HostLink): string {
  return l.type === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
}

function printLinks(dev: LinuxDevice, list: HostLink[], o: Opts, io: Io, withAddrs: boolean): void {
  const fam = (l: HostLink) => l.addrs.filter((x) => o.family === undefined || x.afi === o.family);
  if (o.json) {
    const rows = list.map((l) => {
      if (o.brief) {
        const r: Record<string, unknown> = { ifname: l.name, operstate: operState(dev, l) };
        if (withAddrs) r.addr_info = fam(l).map((x) => ({ local: x.addr, prefixlen: x.len }));
        else { r.address = macStr(l.mac); r.flags = flags(dev, l); }
        return r;
      }
      const r: Record<string, unknown> = { ifindex: l.index, ifname: l.name, flags: flags(dev, l), mtu: l.mtu, qdisc: qdisc(l) };
      if (l.master) r.master = l.master;
      r.operstate = operState(dev, l);
      if (!withAddrs) r.linkmode = 'DEFAULT';
      r.group = 'default';
      r.txqlen = 1000;
      r.link_type = linkType(l);
      r.address = macStr(l.mac);
      r.broadcast = brd(l);
      if (withAddrs) r.addr_info = fam(l).map((x) => addrInfo(l, x));
      if (o.stats) r.stats64 = stats64(dev, l);
      return r;
    });
    io.out(JSON.stringify(rows) + '\n');
    return;
  }
  let s = '';
  for (const l of list) {
    if (o.brief) {
      s += `${l.name.padEnd(16)} ${operState(dev, l).padEnd(14)} `;
      if (withAddrs) s += fam(l).map((x) => `${x.addr}/${x.len} `).join('');
      else s += `${macStr(l.mac)} <${flags(dev, l).join(',')}> `;
      s += '\n';
      continue;
    }
    s += `${l.index}: ${l.name}: <${flags(dev, l).join(',')}> mtu ${l.mtu} qdisc ${qdisc(l)}${l.master ? ` master ${l.master}` : ''} state ${operState(dev, l)}${withAddrs ? '' : ' mode DEFAULT'} group default qlen 1000\n`;
    s += `    link/${linkType(l)} ${macStr(l.mac)} brd ${brd(l)}\n`;
    if (withAddrs) {
      for (const x of fam(l)) {
        s += `    ${x.afi === 4 ? 'inet' : 'inet6'} ${x.addr}/${x.len} scope ${scope(l, x)}${x.afi === 4 ? ` ${l.name}` : ''}\n`;
        s += '       valid_lft forever preferred_lft forever\n';
      }
    }
    if (o.stats) {
      // iproute2 6.x print_link_stats: a header line, then the values right-aligned under it.
      const st = stats64(dev, l);
      const row = (vals: number[]) => `    ${vals.map((v, k) => String(v).padStart(k === 0 ? 10 : 7)).join(' ')} \n`;
      s += '    RX:  bytes packets errors dropped  missed   mcast           \n';
      s += row([st.rx.bytes, st.rx.packets, st.rx.errors, st.rx.dropped, st.rx.over_errors, st.rx.multicast]);
      s += '    TX:  bytes packets errors dropped carrier collsns           \n';
      s += row([st.tx.bytes, st.tx.packets, st.tx.errors, st.tx.dropped, st.tx.carrier_errors, st.tx.collisions]);
    }
  }
  io.out(s);
}

/** The counters of a link from its interface on the node (`ip -s -j link` stats64). */
function stats64(dev: LinuxDevice, l: HostLink) {
  const i = dev.node.ifaces.get(l.name);
  return {
    rx: { bytes: i?.rxBytes ?? 0, packets: i?.rxPackets ?? 0, errors: 0, dropped: i?.drops ?? 0, over_errors: 0, multicast: 0 },
    tx: { bytes: i?.txBytes ?? 0, packets: i?.txPackets ?? 0, errors: 0, dropped: 0, carrier_errors: 0, collisions: 0 },
  };
}

function scope(l: HostLink, x: { afi: 4 | 6; addr: string }): string {
  if (l.type === 'loopback') return 'host';
  if (x.afi === 6 && /^fe[89ab]/i.test(x.addr)) return 'link';
  return 'global';
}

function addrInfo(l: HostLink, x: { afi: 4 | 6; addr: string; len: number }): Record<string, unknown> {
  const r: Record<string, unknown> = { family: x.afi === 4 ? 'inet' : 'inet6', local: x.addr, prefixlen: x.len, scope: scope(l, x) };
  if (x.afi === 4) r.label = l.name;
  r.valid_life_time = 4294967295;
  r.preferred_life_time = 4294967295;
  return r;
}

// ---- ip addr ----

function addr(dev: LinuxDevice, a: string[], o: Opts, io: Io): number {
  const [verb, ...args] = a;
  if (isShow(verb)) {
    let name: string | undefined;
    for (let k = 0; k < args.length; k++) {
      if (args[k] === 'dev') name = args[++k];
      else if (args[k] === 'up') continue;
      else name = args[k];
    }
    const list = (name !== undefined ? [find(dev, name)] : dev.state.sorted()).filter((l) => !args.includes('up') || l.adminUp);
    printLinks(dev, list, o, io, true);
    return 0;
  }
  if (matches(verb, 'add') || matches(verb, 'delete')) {
    const add = matches(verb, 'add');
    let prefix: string | undefined;
    let name: string | undefined;
    for (let k = 0; k < args.length; k++) {
      const w = args[k];
      if (w === 'dev') name = args[++k];
      else if (w === 'local') prefix = args[++k];
      else if (w === 'brd' || w === 'broadcast' || w === 'label' || w === 'scope') k++;
      else if (prefix === undefined) prefix = w;
      else throw garbage(w);
    }
    if (prefix === undefined) throw new IpError('Not enough information: "local" argument is required.');
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(prefix);
    const ad = m ? parseAddr(m[1]) : undefined;
    if (!m || !ad) throw new IpError(`Error: any valid prefix is expected rather than "${prefix}".`);
    const len = m[2] === undefined ? (ad.afi === 4 ? 32 : 128) : Number(m[2]);
    if (len > (ad.afi === 4 ? 32 : 128)) throw new IpError(`Error: any valid prefix is expected rather than "${prefix}".`);
    const l = find(dev, name);
    const text = fmtAddr(ad);
    if (add) {
      if (l.addrs.some((x) => x.afi === ad.afi && x.addr === text)) throw RT('File exists');
      if (l.addrs.some((x) => x.afi === ad.afi)) throw new IpError(`netproof: ${l.name} already has an IPv${ad.afi} address; this host models one per device and family`, 2);
      l.addrs.push({ afi: ad.afi, addr: text, len });
    } else {
      const before = l.addrs.length;
      l.addrs = l.addrs.filter((x) => !(x.afi === ad.afi && x.addr === text && (m[2] === undefined || x.len === len)));
      if (l.addrs.length === before) throw RT('Cannot assign requested address');
    }
    dev.apply();
    return 0;
  }
  if (matches(verb, 'flush')) {
    let name: string | undefined;
    for (let k = 0; k < args.length; k++) name = args[k] === 'dev' ? args[++k] : args[k];
    const l = find(dev, name);
    l.addrs = l.addrs.filter((x) => o.family !== undefined && x.afi !== o.family);
    dev.apply();
    return 0;
  }
  throw new IpError(`Command "${verb}" is unknown, try "ip address help".`);
}

// ---- ip route ----

interface RouteLine {
  type?: 'local' | 'broadcast';
  dst: string;
  dev: string;
  scope: 'link' | 'host';
  src: string;
}

/** The kernel's routes of one VRF ('' is main), from the node's live connected routes. */
function routesOf(dev: LinuxDevice, vrf: string, withLocal: boolean, afi: 4 | 6): RouteLine[] {
  const node = dev.node;
  if (!node.vrfs.has(vrf)) return [];
  const out: RouteLine[] = [];
  for (const r of node.vrf(vrf).rib[afi].routes()) {
    if (r.code !== 'C') continue;
    for (const p of r.paths) {
      // The loopback's routes live in the local table, not in main or a VRF's.
      if (p.iface.kind === 'loopback') continue;
      const a = p.iface.addrOf(afi);
      if (!a) continue;
      const src = fmtAddr(a.addr);
      out.push({ dst: fmtPrefix(r.prefix), dev: p.iface.name, scope: 'link', src });
      if (withLocal) {
        out.push({ type: 'local', dst: src, dev: p.iface.name, scope: 'host', src });
        if (afi === 4 && a.len < 31) {
          const net = prefixOf(a.addr, a.len);
          const bc: Addr = { afi: 4, v: net.net | ((1n << BigInt(32 - a.len)) - 1n) };
          out.push({ type: 'broadcast', dst: fmtAddr(bc), dev: p.iface.name, scope: 'link', src });
        }
      }
    }
  }
  return out;
}

function route(dev: LinuxDevice, a: string[], o: Opts, io: Io): number {
  const [verb, ...args] = a;
  if (!isShow(verb)) {
    if (matches(verb, 'add') || matches(verb, 'delete') || matches(verb, 'replace') || matches(verb, 'get')) {
      throw new IpError(`netproof: ip route ${verb} is not modelled on this host (connected routes only)`, 2);
    }
    throw new IpError(`Command "${verb}" is unknown, try "ip route help".`);
  }
  let vrf = '';
  let withLocal = false;
  for (let k = 0; k < args.length; k++) {
    const w = args[k];
    if (w === 'vrf') {
      const n = args[++k];
      const l = n !== undefined ? dev.state.links.get(n) : undefined;
      if (!l || l.type !== 'vrf') throw new IpError(`Error: argument "${n ?? ''}" is wrong: Invalid VRF`);
      vrf = l.name;
    } else if (w === 'table') {
      const t = args[++k];
      if (t === 'main' || t === '254') { vrf = ''; continue; }
      if (t === undefined || !/^\d+$/.test(t)) throw new IpError(`Error: argument "${t ?? ''}" is wrong: table id value is invalid`);
      const l = dev.state.vrfByTable(Number(t));
      // A table no VRF uses is empty.
      if (!l) return 0;
      vrf = l.name;
      withLocal = true;
    } else throw new IpError(`Error: either "to" is duplicate, or "${w}" is a garbage.`);
  }
  const rows = routesOf(dev, vrf, withLocal, o.family ?? 4);
  if (o.json) {
    io.out(JSON.stringify(rows.map((r) => ({ ...(r.type ? { type: r.type } : {}), dst: r.dst, dev: r.dev, protocol: 'kernel', scope: r.scope, prefsrc: r.src, flags: [] }))) + '\n');
    return 0;
  }
  io.out(rows.map((r) => `${r.type ? r.type + ' ' : ''}${r.dst} dev ${r.dev} proto kernel scope ${r.scope} src ${r.src} \n`).join(''));
  return 0;
}

// ---- ip neigh ----

function neigh(dev: LinuxDevice, a: string[], o: Opts, io: Io): number {
  const [verb] = a;
  if (!isShow(verb)) throw new IpError(`netproof: ip neigh ${verb} is not modelled on this host`, 2);
  const rows: Array<{ dst: string; dev: string; lladdr: string }> = [];
  for (const l of dev.state.sorted()) {
    const i = dev.node.ifaces.get(l.name);
    if (!i || l.type === 'loopback') continue;
    for (const e of dev.node.neighbors.entriesOf(i, o.family ?? 4)) rows.push({ dst: fmtAddr(e.addr), dev: l.name, lladdr: macStr(e.mac) });
  }
  if (o.json) {
    io.out(JSON.stringify(rows.map((r) => ({ ...r, state: ['REACHABLE'] }))) + '\n');
    return 0;
  }
  io.out(rows.map((r) => `${r.dst} dev ${r.dev} lladdr ${r.lladdr} REACHABLE\n`).join(''));
  return 0;
}
