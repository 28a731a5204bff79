/** A small argument parser: positionals, `--flag`, `--key value` and `--key=value`. */
export class UsageError extends Error {}

export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], spec: { flags?: string[]; values?: string[] }): Parsed {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const known = new Set([...(spec.flags ?? []), ...(spec.values ?? [])]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.has(key)) throw new UsageError(`unknown option --${key} (known: ${[...known].map((k) => '--' + k).join(', ') || 'none'})`);
    if ((spec.values ?? []).includes(key)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`option --${key} needs a value`);
      flags.set(key, v);
    } else {
      flags.set(key, true);
    }
  }
  return { positional, flags };
}

export function numberFlag(p: Parsed, key: string, def: number, min = 0): number {
  const v = p.flags.get(key);
  if (v === undefined) return def;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < min) throw new UsageError(`--${key} must be a number >= ${min}`);
  return n;
}
