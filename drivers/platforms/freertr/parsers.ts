// freeRtr show output -> neutral model records. Tables are read in either format (table.ts);
// ping and traceroute are line formats.
import type {
  Afi, Interface, InterfaceState, PingResult, PvrpNeighbor, RouteEntry, RouteProtocol, TraceHop, TraceResult,
} from '../../model/types';
import { nullable, parseCount, parseIntStrict, parseMetric, parseRouteType, parseUptime } from './fields';
import { type ParseContext, parseError, parseTable, requireColumns } from './table';

export type { ParseContext } from './table';
export { parseTable } from './table';
export { parseUptime } from './fields';

/**
 * `show ipv4|ipv6 pvrp <n> summary`: iface router name peerif peer [other] learned adverted uptime.
 * Newer freeRtr adds "other" and prints counts as "6+0" (the first number is taken).
 */
export function parsePvrpSummary(text: string, afi: Afi, ctx: ParseContext = {}): PvrpNeighbor[] {
  const table = parseTable(text, ctx);
  requireColumns(table, ['iface', 'router', 'name', 'peerif', 'peer', 'learned', 'adverted', 'uptime'], ctx);
  return table.rows.map(({ cells: c, line }) => ({
    afi,
    iface: c.iface as string,
    routerId: c.router as string,
    name: nullable(c.name as string),
    peerIface: nullable(c.peerif as string),
    peer: c.peer as string,
    learned: parseCount(c.learned as string, 'learned', ctx, line),
    advertised: parseCount(c.adverted as string, 'adverted', ctx, line),
    uptimeSec: parseUptime(c.uptime as string, ctx, line),
  }));
}

export interface RouteTableInfo {
  afi: Afi;
  vrf?: string;
  /** The protocol whose own table this is (`show ipv4 pvrp 1 route` -> 'pvrp'); absent for the RIB. */
  owner?: RouteProtocol;
}

/**
 * `show ipv4|ipv6 route <vrf>` and protocol tables such as `show ipv4 pvrp <n> route`:
 * typ prefix metric iface hop time. One entry per printed line (an ECMP route prints one line per path).
 */
export function parseRouteTable(text: string, info: RouteTableInfo, ctx: ParseContext = {}): RouteEntry[] {
  const table = parseTable(text, ctx);
  requireColumns(table, ['typ', 'prefix', 'metric', 'iface', 'hop', 'time'], ctx);
  return table.rows.map(({ cells: c, line }) => {
    const typ = c.typ as string;
    const type = parseRouteType(typ, info.owner, ctx, line);
    const prefix = c.prefix as string;
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(prefix)) throw parseError(ctx, line, `prefix "${prefix}" is not address/length`);
    const metric = parseMetric(c.metric as string, ctx, line);
    const entry: RouteEntry = { afi: info.afi, prefix, protocol: type.protocol, vendorType: typ };
    if (info.vrf !== undefined) entry.vrf = info.vrf;
    if (type.external) entry.external = true;
    if (type.installed === false) entry.installed = false;
    if (metric.distance !== undefined) entry.distance = metric.distance;
    entry.metric = metric.metric;
    const iface = nullable(c.iface as string);
    if (iface !== null) entry.iface = iface;
    entry.nextHop = nullable(c.hop as string);
    entry.ageSec = parseUptime(c.time as string, ctx, line);
    return entry;
  });
}

const IFACE_STATES: readonly InterfaceState[] = ['up', 'down', 'admin'];

/** `show interfaces summary`: interface state tx rx drop. */
export function parseInterfacesSummary(text: string, ctx: ParseContext = {}): Interface[] {
  const table = parseTable(text, ctx);
  requireColumns(table, ['interface', 'state', 'tx', 'rx', 'drop'], ctx);
  return table.rows.map(({ cells: c, line }) => {
    const state = c.state as string;
    if (!(IFACE_STATES as readonly string[]).includes(state)) {
      throw parseError(ctx, line, `interface state "${state}" is not one of ${IFACE_STATES.join(', ')}`);
    }
    return {
      name: c.interface as string,
      state: state as InterfaceState,
      tx: parseIntStrict(c.tx as string, 'tx', ctx, line),
      rx: parseIntStrict(c.rx as string, 'rx', ctx, line),
      drops: parseIntStrict(c.drop as string, 'drop', ctx, line),
    };
  });
}

const PING_RESULT = /result=([\d.]+)%,\s*recv\/sent\/lost\/err=(\d+)\/(\d+)\/(\d+)\/(\d+)/;
const PING_RTT = /min\/avg\/max(?:\/dev)? rtt=([\d.]+)\/([\d.]+)\/([\d.]+)/;

/**
 * freeRtr ping: "pinging ...", a line of "!" and ".", then
 * "result=100.0%, recv/sent/lost/err=5/5/0/0, took 13, min/avg/max/dev rtt=0/0.3/2/0.6, ...".
 */
export function parsePing(text: string, target: string, ctx: ParseContext = {}): PingResult {
  const lines = text.split('\n');
  const resultLine = lines.find((l) => PING_RESULT.test(l));
  if (!resultLine) {
    const shown = lines.find((l) => l.trim().length > 0) ?? text;
    throw parseError(ctx, shown, 'no "result=..., recv/sent/lost/err=..." line in the ping output');
  }
  const m = PING_RESULT.exec(resultLine) as RegExpExecArray;
  const [successPct, received, sent, lost] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (received > sent || successPct > 100) throw parseError(ctx, resultLine, 'ping counters are inconsistent');
  const out: PingResult = { target, sent, received, lost, successPct };
  const rtt = PING_RTT.exec(resultLine);
  if (rtt && received > 0) {
    out.rttMin = Number(rtt[1]);
    out.rttAvg = Number(rtt[2]);
    out.rttMax = Number(rtt[3]);
  }
  return out;
}

const TRACE_HEADER = /^(?:tracing|via)\s/;
const TRACE_HOP = /^(\d+)\s+(\S+)(?:\s+(.*))?$/;
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*)$/;

/**
 * freeRtr traceroute: header lines ("tracing ...", "via ..."), then one line per hop:
 * "<ttl> <address> time=<ms> ..." or "<ttl> null ..." for a hop that did not answer.
 * Any other line is a ParseError: a hop is never skipped silently.
 */
export function parseTraceroute(text: string, target: string, ctx: ParseContext = {}): TraceResult {
  const hops: TraceHop[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.length === 0 || TRACE_HEADER.test(line)) continue;
    const m = TRACE_HOP.exec(line);
    if (!m) throw parseError(ctx, raw, 'not a traceroute hop line');
    const ttl = Number(m[1]);
    const addr = m[2] as string;
    if (addr !== 'null' && !ADDRESS.test(addr)) throw parseError(ctx, raw, `hop address "${addr}" is not an IP address`);
    const prev = hops[hops.length - 1];
    if (prev && ttl <= prev.ttl) throw parseError(ctx, raw, `hop ${ttl} after hop ${prev.ttl}`);
    const hop: TraceHop = { ttl, address: addr === 'null' ? null : addr };
    const time = /(?:^|\s)time=(\d+(?:\.\d+)?)/.exec(m[3] ?? '');
    if (time && hop.address !== null) hop.rttMs = Number(time[1]);
    hops.push(hop);
  }
  if (hops.length === 0) {
    const shown = text.split('\n').find((l) => l.trim().length > 0) ?? text;
    throw parseError(ctx, shown, 'no hop lines in the traceroute output');
  }
  const last = hops[hops.length - 1] as TraceHop;
  const reached = last.address !== null && sameAddress(last.address, target);
  return { target, hops, reached };
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
