// Values inside freeRtr tables: uptimes, counts, metrics, route type codes.
import type { RouteProtocol } from '../../model/types';
import { type ParseContext, parseError } from './table';

/** "null" (freeRtr's empty value) becomes null. */
export function nullable(value: string): string | null {
  return value === 'null' ? null : value;
}

export function parseIntStrict(value: string, what: string, ctx: ParseContext, line: string): number {
  if (!/^\d+$/.test(value)) throw parseError(ctx, line, `${what} "${value}" is not a whole number`);
  return Number(value);
}

/** freeRtr prefix counts: "6", or "6+0" in newer builds (the first number is the count). */
export function parseCount(value: string, what: string, ctx: ParseContext, line: string): number {
  const m = /^(\d+)(?:\+\d+)?$/.exec(value);
  if (!m) throw parseError(ctx, line, `${what} "${value}" is not a count`);
  return Number(m[1]);
}

const UNIT_SEC: Record<string, number> = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1 };

/** "00:01:08" -> 68; "1d2h" -> 93600 (units y w d h m s, in that order). */
export function parseUptime(value: string, ctx: ParseContext, line: string): number {
  const hms = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(value);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const units = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (units && value.length > 0) {
    const [, y, w, d, h, m, s] = units;
    const parts: [string | undefined, string][] = [[y, 'y'], [w, 'w'], [d, 'd'], [h, 'h'], [m, 'm'], [s, 's']];
    return parts.reduce((sum, [n, u]) => sum + (n ? Number(n) * (UNIT_SEC[u] as number) : 0), 0);
  }
  throw parseError(ctx, line, `time "${value}" is neither hh:mm:ss nor like 1d2h`);
}

/** "80/10" -> distance 80, metric 10; a lone number is the metric. */
export function parseMetric(value: string, ctx: ParseContext, line: string): { distance?: number; metric: number } {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(value);
  if (!m) throw parseError(ctx, line, `metric "${value}" is not distance/metric`);
  return m[2] === undefined ? { metric: Number(m[1]) } : { distance: Number(m[1]), metric: Number(m[2]) };
}

/** freeRtr route type codes (tabRouteAttr.rouTyp2string) to neutral protocols. */
const ROUTE_CODES: Record<string, RouteProtocol> = {
  C: 'connected', LOC: 'local', S: 'static', P: 'pvrp', L: 'lsrp', O: 'ospf', I: 'isis', B: 'bgp',
  R: 'rip', D: 'eigrp', A: 'babel', N: 'olsr',
  BLK: 'other', REM: 'other', DEF: 'other', MSH: 'other', MSD: 'other', FLW: 'other', UNI: 'other',
  LOG: 'other', DWN: 'other', DEA: 'other', AGR: 'other', MOB: 'other', '?': 'other',
};
/** Flags after the code: EX (external) for P/L/I/D, IA (inter-area) for I/O, E1/E2 for O. */
const EXTERNAL_FLAGS = new Set(['EX', 'E1', 'E2']);
const OTHER_FLAGS = new Set(['IA']);

export interface RouteType {
  protocol: RouteProtocol;
  external?: boolean;
  installed?: boolean;
}

/**
 * Reads a "typ" cell. "null" is a route a protocol holds but has not installed (it appears in a
 * protocol's own table, e.g. `show ipv4 pvrp 1 route`): its protocol is `owner`, the table's.
 */
export function parseRouteType(value: string, owner: RouteProtocol | undefined, ctx: ParseContext, line: string): RouteType {
  if (value === 'null') {
    if (!owner) throw parseError(ctx, line, 'route type "null" outside a protocol table');
    return { protocol: owner, installed: false };
  }
  const [code, ...flags] = value.split(/\s+/);
  const protocol = ROUTE_CODES[code ?? ''];
  if (!protocol) throw parseError(ctx, line, `unknown route type "${value}"`);
  const out: RouteType = { protocol };
  for (const f of flags) {
    if (EXTERNAL_FLAGS.has(f)) out.external = true;
    else if (!OTHER_FLAGS.has(f)) throw parseError(ctx, line, `unknown route type flag "${f}" in "${value}"`);
  }
  return out;
}
