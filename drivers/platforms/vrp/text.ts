// Helpers shared by the VRP parsers: parse errors naming device, command and line; numbers;
// "Key : Value" fields, one or two per line.
import { ParseError } from '../../errors';

export interface ParseContext {
  device?: string;
  command?: string;
}

export function parseError(ctx: ParseContext, line: string, reason: string): ParseError {
  return new ParseError(ctx.device ?? '', ctx.command, line, reason);
}

/** Lines without trailing spaces. */
export function lines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\s+$/, ''));
}

export function isRule(line: string): boolean {
  return /^\s*-{5,}\s*$/.test(line);
}

export function int(value: string, what: string, ctx: ParseContext, line: string): number {
  if (!/^\d+$/.test(value)) throw parseError(ctx, line, `${what} "${value}" is not a whole number`);
  return Number(value);
}

/** "-" (VRP's "not applicable") -> undefined; otherwise a whole number. */
export function optInt(value: string | undefined, what: string, ctx: ParseContext, line: string): number | undefined {
  if (value === undefined || value === '-') return undefined;
  return int(value, what, ctx, line);
}

export const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * "Local Discriminator    : 8192             Remote Discriminator   : 8192" -> two fields. A key
 * starts the line or follows two or more spaces, and is followed by ":" and a space (or the end).
 * Values may hold single spaces ("Asynchronous Mode Without Echo Function").
 */
export function keyValues(line: string): [string, string][] {
  const t = line.trim();
  const re = /(?:^|\s{2,})([A-Za-z][A-Za-z0-9 ()/_.-]*?)\s*:(?=\s|$)/g;
  const keys: { key: string; start: number; end: number }[] = [];
  for (let m = re.exec(t); m; m = re.exec(t)) keys.push({ key: m[1] as string, start: m.index, end: m.index + m[0].length });
  return keys.map((k, i) => [k.key, t.slice(k.end, i + 1 < keys.length ? (keys[i + 1] as { start: number }).start : t.length).trim()]);
}

/** "0 days, 02 hours, 35 minutes and 58 seconds" -> 9358. */
export function parseDuration(value: string, ctx: ParseContext, line: string): number {
  const units: Record<string, number> = { day: 86400, hour: 3600, minute: 60, second: 1 };
  let total = 0;
  let found = 0;
  for (const m of value.matchAll(/(\d+)\s*(day|hour|minute|second)s?/g)) {
    total += Number(m[1]) * (units[m[2] as string] as number);
    found++;
  }
  if (found === 0) throw parseError(ctx, line, `duration "${value}" has no days/hours/minutes/seconds`);
  return total;
}

/** BGP Up/Down: "03:05:25" (h:m:s), "1d02h", "0005h21m", "2y100d". */
export function parseUpDown(value: string, ctx: ParseContext, line: string): number {
  const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(value);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const u = /^(?:(\d+)y)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (u && value.length > 0) {
    const [, y, d, h, m, s] = u.map((x) => Number(x ?? 0));
    return (y as number) * 365 * 86400 + (d as number) * 86400 + (h as number) * 3600 + (m as number) * 60 + (s as number);
  }
  throw parseError(ctx, line, `time "${value}" is neither h:m:s nor like 1d02h`);
}
