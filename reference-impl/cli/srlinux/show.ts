/**
 * SR Linux `show` commands, rendered from live node state (the node's interfaces, the protocol
 * modules' show rows of protocols/l2-rows.ts) and the running tree. A module that is not
 * registered or not running gives no rows: the table is printed empty.
 */
import { CliError } from './tree';
import type { SrlDevice } from './device';
import { chassisType, softwareVersion } from './platform';
import { at, entries, niType } from './map';
import { table, tableWidth, type Column } from './boxes';
import type { LacpLagRow, LacpMemberRow, MacTableRow } from '../../protocols/l2-rows';
import { showBgpCommand } from './show-bgp';
import { showEsCommand } from './show-es';

/** Virtual time zero on the wall clock (as the other dialects print it). */
const EPOCH_MS = Date.UTC(2026, 0, 1);
/** The width of the rules of output without a table (the document's terminal). */
const PAGE = 138;

/**
 * The document's terminal for its BGP tables (show-bgp.ts fillWidths: a table that fits is drawn
 * as wide as the terminal): 158 columns in its advertised-routes capture, 162 in its route-type
 * summary captures; the neighbor table is not in it (natural widths).
 */
function bgpTerminal(words: string[]): number | undefined {
  const j = words.join(' ');
  if (/ advertised-routes evpn$/.test(j)) return 158;
  if (/ routes evpn route-type (?:[1-4] )?summary$/.test(j)) return 162;
  return undefined;
}

export const isoTime = (micros: number): string => new Date(EPOCH_MS + Math.floor(micros / 1e6) * 1000).toISOString();

function rows<R>(dev: SrlDevice, protocol: string, model: string): R[] {
  return dev.host.registry.has(protocol) ? dev.host.show<R>(protocol, model) : [];
}

const unknown = (word: string | undefined, options: string[]): CliError =>
  new CliError(word === undefined ? `Parsing error: Incomplete command. Options are [${options.map((o) => `'${o}'`).join(', ')}]` : `Parsing error: Unknown token '${word}'. Options are [${options.map((o) => `'${o}'`).join(', ')}]`);

export function showCommand(dev: SrlDevice, words: string[]): string {
  const j = words.join(' ');
  const evpnShow = showBgpCommand(words, dev.host, { terminalWidth: bgpTerminal(words) }) ?? showEsCommand(words, dev.host);
  if (evpnShow !== undefined) return evpnShow;
  if (j === 'version') return showVersion(dev);
  if (words[0] === 'interface') return showInterface(dev, words.slice(1));
  if (words[0] === 'lag') return showLag(dev, words.slice(1));
  const mt = /^network-instance (\S+) bridge-table mac-table all$/.exec(j);
  if (mt) return showMacTable(dev, mt[1]);
  throw unknown(words[0], ['interface', 'lag', 'network-instance', 'version']);
}

function showVersion(dev: SrlDevice): string {
  const rule = '-'.repeat(PAGE);
  return [
    rule,
    `Hostname             : ${dev.node.hostname}`,
    `Chassis Type         : ${chassisType(dev.platform.type)}`,
    'Part Number          : Sim Part No.',
    'Serial Number        : Sim Serial No.',
    `System HW MAC Address: ${dev.chassisMac.toUpperCase()}`,
    `Software Version     : ${softwareVersion(dev.platform.image)}`,
    'Architecture         : x86_64',
    `Last Booted          : ${isoTime(0)}`,
    rule,
    '',
  ].join('\n');
}

/** The speed `show interface` prints for a port: configured, else the chassis's port speed. */
function portSpeed(dev: SrlDevice, name: string): string {
  const conf = dev.running.kids.get(`interface\0${name}`)?.kids.get('ethernet')?.leaves.get('port-speed');
  if (conf) return conf;
  const m = /^ethernet-1\/(\d+)$/.exec(name);
  if (!m) return 'None';
  const port = Number(m[1]);
  const type = (dev.platform.type ?? 'ixrd2').toLowerCase();
  if (type.startsWith('ixrd3') || type.startsWith('ixrh')) return '100G';
  if (type.startsWith('ixrd1')) return port <= 48 ? '1G' : '10G';
  return port <= 48 ? '25G' : '100G';
}

function showInterface(dev: SrlDevice, args: string[]): string {
  const ifs = entries(dev.running, 'interface').sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  if (args.length > 1) throw unknown(args[1], ['brief', 'detail']);
  let list = ifs;
  if (args[0] !== undefined) {
    list = ifs.filter(([n]) => n === args[0]);
    if (!list.length) throw new CliError(`Error: interface '${args[0]}' does not exist`);
  }
  const niOf = new Map<string, string>();
  for (const [ni, n] of entries(dev.running, 'network-instance')) for (const [sub] of entries(n, 'interface')) niOf.set(sub, ni);
  const out: string[] = ['='.repeat(PAGE)];
  let subsUp = 0;
  let ethUp = 0;
  let loops = 0;
  for (const [name, i] of list) {
    const port = dev.node.ifaces.get(name);
    const up = port?.up ?? false;
    const kind = /^(system|lo)\d+$/.test(name) ? 'loopback' : /^lag\d+$/.test(name) ? 'lag' : 'ethernet';
    if (kind === 'loopback') loops++;
    else if (kind === 'ethernet' && up) ethUp++;
    out.push(kind === 'loopback' || kind === 'lag' ? `${name} is ${up ? 'up' : 'down'}, speed None, type None` : `${name} is ${up ? 'up' : 'down'}, speed ${portSpeed(dev, name)}, type None`);
    for (const [idx, s] of entries(i, 'subinterface').sort(([a], [b]) => Number(a) - Number(b))) {
      const sname = `${name}.${idx}`;
      const vid = at(s, 'vlan', 'encap', 'single-tagged')?.leaves.get('vlan-id');
      const subUp = vid ? (dev.node.ifaces.get(sname)?.up ?? false) : up && (s.leaves.get('admin-state') ?? 'enable') === 'enable';
      if (subUp) subsUp++;
      out.push(`  ${sname} is ${subUp ? 'up' : 'down'}`);
      out.push(`    Network-instance: ${niOf.get(sname) ?? 'None'}`);
      out.push(`    Encapsulation   : ${vid ? `vlan-id ${vid}` : 'null'}`);
      out.push(`    Type            : ${s.leaves.get('type') ?? 'routed'}`);
      for (const fam of ['ipv4', 'ipv6'] as const) {
        const v = at(s, fam);
        if ((v?.leaves.get('admin-state') ?? 'disable') !== 'enable') continue;
        for (const [pfx, a] of entries(v, 'address')) out.push(`    ${fam === 'ipv4' ? 'IPv4' : 'IPv6'} addr    : ${pfx} (static, preferred${a.kids.has('primary') ? ', primary' : ''})`);
      }
    }
    out.push('-'.repeat(PAGE));
  }
  if (args[0] === undefined) {
    out.push('Summary');
    out.push(`  ${loops} loopback interfaces configured`);
    out.push(`  ${ethUp} ethernet interfaces are up`);
    out.push('  0 management interfaces are up');
    out.push(`  ${subsUp} subinterfaces are up`);
  }
  out.push('='.repeat(PAGE));
  return out.join('\n') + '\n';
}

const LACP_COLS: Column[] = [
  { header: 'Members' },
  ...['Oper state', 'Activity', 'Timeout', 'State', 'System Id', 'Oper key', 'Partner Id', 'Partner Key', 'Port No', 'Partner Port No'].map((header) => ({ header, width: 9 })),
];

const tf = (b: boolean): string => (b ? 'True' : 'False');

/** `show lag lag1 lacp-state` rows (exported for the renderer tests). */
export function renderLacpState(lagName: string, lag: Pick<LacpLagRow, 'interval' | 'mode' | 'systemId' | 'systemPriority'> | undefined, members: LacpMemberRow[]): string {
  const cells = members.map((m) => [
    m.member,
    m.operUp ? 'up' : 'down',
    m.activity.toUpperCase(),
    m.timeout === 'short' ? 'SHORT' : 'LONG',
    `${m.inSync ? 'IN_SYNC' : 'OUT_SYNC'}/${tf(m.aggregation)}/${tf(m.collecting)}/${tf(m.distributing)}`,
    m.systemId.toUpperCase(),
    String(m.operKey),
    m.partnerId?.toUpperCase() ?? '',
    m.partnerKey === undefined ? '' : String(m.partnerKey),
    String(m.portNo),
    m.partnerPortNo === undefined ? '' : String(m.partnerPortNo),
  ]);
  const rule = '-'.repeat(tableWidth(LACP_COLS, cells) + 2);
  const out = [rule, `LACP State for ${lagName}`, rule, `Lag Id         : ${lagName}`];
  if (lag) {
    out.push(`Interval       : ${lag.interval.toUpperCase()}`);
    out.push(`Mode           : ${lag.mode.toUpperCase()}`);
    out.push(`System Id      : ${lag.systemId.toUpperCase()}`);
    out.push(`System Priority: ${lag.systemPriority}`);
  }
  out.push(...table(LACP_COLS, cells), rule);
  return out.join('\n') + '\n';
}

function showLag(dev: SrlDevice, args: string[]): string {
  const [name, what] = args;
  if (name === undefined) throw unknown(undefined, ['<lag-name>']);
  if (what !== 'lacp-state' || args.length > 2) throw unknown(what, ['lacp-state']);
  const lagIf = dev.running.kids.get(`interface\0${name}`);
  if (!lagIf || !/^lag\d+$/.test(name)) throw new CliError(`Error: lag '${name}' does not exist`);
  const live = rows<LacpLagRow>(dev, 'lacp', 'lags').find((l) => l.lag === name);
  // Before the LACP module reports, the configured values (which are what these lines show).
  const conf = live ?? (dev.config?.protocols.get('lacp') as { lags: Array<LacpLagRow> } | undefined)?.lags.find((l) => l.lag === name);
  const members = rows<LacpMemberRow>(dev, 'lacp', 'members').filter((m) => m.lag === name);
  return renderLacpState(name, conf, members);
}

const MAC_COLS: Column[] = [
  { header: 'Address', width: 18 },
  { header: 'Destination', width: 37 },
  { header: 'Dest Index', width: 10 },
  { header: 'Type', width: 10 },
  { header: 'Active', width: 7 },
  { header: 'Aging', width: 6 },
  { header: 'Last Update', width: 37 },
];

function destination(r: MacTableRow, vxlanIf: string | undefined): string {
  const d = r.destination;
  if (d.kind === 'subinterface') return d.name;
  const vx = `vxlan-interface:${vxlanIf ?? ''}`;
  if (d.kind === 'vtep') return `${vx} vtep:${d.vtep} vni:${d.vni}`;
  return `${vx} esi:${d.esi.toLowerCase()}`;
}

/** `show network-instance X bridge-table mac-table all` (exported for the renderer tests). */
export function renderMacTable(ni: string, entriesIn: MacTableRow[], vxlanIf?: string): string {
  const sorted = [...entriesIn].sort((a, b) => a.mac.localeCompare(b.mac));
  const cells = sorted.map((r) => [
    r.mac.toUpperCase(),
    destination(r, vxlanIf),
    String(r.destIndex),
    r.type,
    String(r.active),
    r.agingS === undefined ? 'N/A' : String(r.agingS),
    isoTime(r.lastUpdate),
  ]);
  const rule = '-'.repeat(tableWidth(MAC_COLS, cells) + 2);
  const out = [rule, `Mac-table of network instance ${ni}`, rule, ...table(MAC_COLS, cells)];
  const count = (types: string[]): [number, number] => {
    const es = sorted.filter((r) => types.includes(r.type));
    return [es.length, es.filter((r) => r.active).length];
  };
  const totals: Array<[string, string[]]> = [
    ['Irb', ['irb']],
    ['Static', ['static']],
    ['Duplicate', ['duplicate']],
    ['Learnt', ['learnt']],
    ['Evpn', ['evpn']],
    ['Evpn static', ['evpn-static']],
    ['Irb anycast', ['irb-anycast']],
    ['Proxy Antispoof', ['proxy-antispoof']],
    ['Reserved', ['reserved']],
    ['Eth-cfm', ['eth-cfm']],
  ];
  for (const [label, types] of totals) {
    const [n, a] = count(types);
    out.push(`${`Total ${label} Macs`.padEnd(31)}:${String(n).padStart(5)} Total${String(a).padStart(5)} Active`);
  }
  return out.join('\n') + '\n';
}

function showMacTable(dev: SrlDevice, ni: string): string {
  const n = dev.running.kids.get(`network-instance\0${ni}`);
  if (!n) throw new CliError(`Error: network-instance '${ni}' does not exist`);
  if (niType(ni, n) !== 'mac-vrf') throw new CliError(`Error: network-instance '${ni}' is not of type mac-vrf`);
  const vx = entries(n, 'vxlan-interface')[0]?.[0];
  return renderMacTable(ni, rows<MacTableRow>(dev, 'bridge', 'macTable').filter((r) => r.macVrf === ni), vx);
}
