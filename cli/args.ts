/** A small argument parser: positionals, `--flag`, `--key value` and `--key=value`. */
export class UsageError extends Error {}

export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
  /** Every value of a repeatable option (spec.lists), in order; `flags` holds the last. */
  lists: Map<string, string[]>;
}

export function parseArgs(argv: string[], spec: { flags?: string[]; values?: string[]; lists?: string[] }): Parsed {
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const positional: string[] = [];
  const values = [...(spec.values ?? []), ...(spec.lists ?? [])];
  const known = new Set([...(spec.flags ?? []), ...values]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.has(key)) throw new UsageError(`unknown option --${key} (known: ${[...known].map((k) => '--' + k).join(', ') || 'none'})`);
    if (values.includes(key)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`option --${key} needs a value`);
      flags.set(key, v);
      if ((spec.lists ?? []).includes(key)) lists.set(key, [...(lists.get(key) ?? []), v]);
    } else {
      flags.set(key, true);
    }
  }
  return { positional, flags, lists };
}

export function numberFlag(p: Parsed, key: string, def: number, min = 0): number {
  const v = p.flags.get(key);
  if (v === undefined) return def;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < min) throw new UsageError(`--${key} must be a number >= ${min}`);
  return n;
}
