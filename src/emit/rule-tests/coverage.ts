/**
 * How many of the catalog's alerts have rule tests, and the report the build and `obsgen test`
 * print. Apart from the planner (index.ts), so a build whose plan was cached prints it without
 * loading the generators.
 */

export interface RuleTestCoverage {
  readonly total: number;
  /** Alerts with at least one generated or hand-written case. */
  readonly covered: readonly string[];
  readonly uncovered: readonly { readonly alert: string; readonly reason: string }[];
  /**
   * Alerting rules of the groups kept as written (`ruleGroups`), never counted in `total` nor as
   * covered: obsgen generates no case for them. One entry per rule, in declared order, with its file.
   */
  readonly kept?: readonly { readonly alert: string; readonly file: string }[];
}

/**
 * `rule tests: 35/36 alerts covered (97%)`; the percentage is rounded down, so 100% means all.
 * With kept groups, their alerts are named apart and never counted as covered:
 * `rule tests: 35/36 catalog alerts covered (97%); 12 kept-as-written alerts not covered: …`.
 */
export function coverageLine(c: RuleTestCoverage): string {
  const kept = c.kept ?? [];
  const keptText =
    kept.length === 0
      ? ""
      : `${kept.length} kept-as-written alert${kept.length === 1 ? "" : "s"} not covered: write tests for them in promtool test files that load ${[...new Set(kept.map((k) => k.file))].join(", ")}`;
  if (c.total === 0) return kept.length === 0 ? "rule tests: the catalog has no alerts" : `rule tests: no catalog alerts; ${keptText}`;
  const line = `rule tests: ${c.covered.length}/${c.total} ${kept.length > 0 ? "catalog " : ""}alerts covered (${Math.floor((100 * c.covered.length) / c.total)}%)`;
  return kept.length === 0 ? line : `${line}; ${keptText}`;
}

/** The coverage line, then one line per reason naming the alerts without cases. */
export function coverageReport(c: RuleTestCoverage): string[] {
  const byReason = new Map<string, string[]>();
  for (const u of c.uncovered) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.alert]);
  return [coverageLine(c), ...[...byReason].map(([reason, alerts]) => `  not covered (${reason}): ${alerts.join(", ")}`)];
}
