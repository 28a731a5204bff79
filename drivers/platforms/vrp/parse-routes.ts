// `display ip routing-table [vpn-instance X]`. Rows are read by whitespace-separated fields, not
// by columns: VRP (and the document) misaligns them. A row with no destination continues the
// previous prefix (ECMP).
import { type ParseContext, IPV4, int, isRule, lines, parseError } from './text';

export interface VrpRouteRow {
  prefix: string;
  /** As printed: Direct, Static, OSPF, O_ASE, O_NSSA, IBGP, EBGP, ISIS-L1, ISIS-L2, RIP, Unr, ... */
  proto: string;
  preference: number;
  cost: number;
  /** Flag letters as printed ("RD", "D"); "" when none. */
  flags: string;
  nextHop: string;
  iface: string;
}

export interface VrpRoutingTable {
  /** "_public_" or the VPN instance name. */
  table: string;
  destinations: number;
  routes: number;
  rows: VrpRouteRow[];
}

const PREFIX = /^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}$/;
const FLAGS = /^[RDTB]+$/;

export function parseRoutingTable(text: string, ctx: ParseContext = {}): VrpRoutingTable {
  let table: string | undefined;
  let destinations: number | undefined;
  let routes: number | undefined;
  let header = false;
  const rows: VrpRouteRow[] = [];
  for (const line of lines(text)) {
    const t = line.trim();
    if (t.length === 0 || isRule(line) || t.startsWith('Route Flags:')) continue;
    const name = /^Routing Table\s*:\s*(\S+)$/.exec(t);
    if (name) { table = name[1]; continue; }
    const counts = /^Destinations\s*:\s*(\d+)\s+Routes\s*:\s*(\d+)$/.exec(t);
    if (counts) { destinations = Number(counts[1]); routes = Number(counts[2]); continue; }
    if (t.startsWith('Destination/Mask')) { header = true; continue; }
    if (!header) throw parseError(ctx, line, 'text before the routing table header');
    const f = t.split(/\s+/);
    let prefix: string;
    if (PREFIX.test(f[0] as string)) {
      prefix = f.shift() as string;
    } else {
      const prev = rows[rows.length - 1];
      if (!prev) throw parseError(ctx, line, 'a continuation row with no destination before it');
      prefix = prev.prefix;
    }
    // proto pre cost [flags] nexthop iface
    if (f.length !== 6 && f.length !== 5) throw parseError(ctx, line, `route row has ${f.length} fields after the destination, expected 5 or 6`);
    const [proto, pre, cost] = f as [string, string, string];
    const flags = f.length === 6 ? (f[3] as string) : '';
    if (flags !== '' && !FLAGS.test(flags)) throw parseError(ctx, line, `route flags "${flags}" are not R/D/T/B`);
    const nextHop = f[f.length - 2] as string;
    if (!IPV4.test(nextHop)) throw parseError(ctx, line, `next hop "${nextHop}" is not an IPv4 address`);
    rows.push({
      prefix, proto, preference: int(pre, 'preference', ctx, line), cost: int(cost, 'cost', ctx, line),
      flags, nextHop, iface: f[f.length - 1] as string,
    });
  }
  if (table === undefined || destinations === undefined || routes === undefined) {
    throw parseError(ctx, text.split('\n').find((l) => l.trim()) ?? text, 'no "Routing Table:" and "Destinations : n Routes : n" lines');
  }
  if (rows.length !== routes) throw parseError(ctx, `Routes : ${routes}`, `the table says ${routes} routes and lists ${rows.length}`);
  return { table, destinations, routes, rows };
}
