// Declared deviations per target, as OpenConfig featureprofiles declares them per device: each
// suite's deviations.ts lists, per target kind or platform, each check that cannot apply there,
// with its reason. The fixture (fixtures.ts) looks the running check up before it starts and
// reports a match as a deviation (never a pass, never a silent skip). A check that fails without
// a declared deviation fails.

export interface DeviationRule {
  /** The checks: a title, a title prefix ending in '*', or a RegExp tested against the title. */
  checks: string | RegExp;
  /** Applies on these target kinds ("reference", "inventory", "frr"). */
  targets?: readonly string[];
  /** Applies when a node (`node`, else any node of the topology) runs one of these platforms. */
  platforms?: readonly string[];
  /** Applies when a node (`node`, else any node) runs a platform that is NOT one of these. */
  exceptPlatforms?: readonly string[];
  node?: string;
  /** Why the check cannot apply there: reported as the deviation's reason. */
  reason: string;
}

/** What a rule is matched against: the running target's kind and each node's platform. */
export interface DeviationContext {
  kind: string;
  platforms: Readonly<Record<string, string>>;
}

function titleMatches(checks: string | RegExp, title: string): boolean {
  if (typeof checks !== 'string') return checks.test(title);
  return checks.endsWith('*') ? title.startsWith(checks.slice(0, -1)) : title === checks;
}

/** The first rule that applies to this check on this target (every given condition must hold). */
export function findDeviation(rules: readonly DeviationRule[], ctx: DeviationContext, title: string): DeviationRule | undefined {
  return rules.find((r) => {
    if (!titleMatches(r.checks, title)) return false;
    if (r.targets && !r.targets.includes(ctx.kind)) return false;
    const nodes = r.node ? [r.node] : Object.keys(ctx.platforms);
    const plats = nodes.map((n) => ctx.platforms[n]).filter((p): p is string => p !== undefined);
    if (r.platforms && !plats.some((p) => r.platforms!.includes(p))) return false;
    if (r.exceptPlatforms && !plats.some((p) => !r.exceptPlatforms!.includes(p))) return false;
    return r.targets !== undefined || r.platforms !== undefined || r.exceptPlatforms !== undefined;
  });
}

/** Rules that name no check of the suite are mistakes (a renamed check): one line each. */
export function unusedRules(rules: readonly DeviationRule[], titles: readonly string[]): string[] {
  return rules.filter((r) => !titles.some((t) => titleMatches(r.checks, t))).map((r) => `deviation rule ${String(r.checks)} (${r.reason}) matches no check`);
}
