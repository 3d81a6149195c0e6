/**
 * diff: two catalog.json values -> Change[]. Pure: the baseline and the head are read the same
 * way whatever they were built from (a git revision, a folder, a catalog.json file).
 */
import { type Change, sortChanges } from "./change.js";
import type { CatalogDoc } from "./catalog-doc.js";
import { compareAlerts } from "./compare-alerts.js";
import { compareDashboards } from "./compare-dashboards.js";
import { compareKeptRules } from "./compare-kept-rules.js";
import { compareMetrics } from "./compare-metrics.js";
import { compareRecordingRules } from "./compare-rules.js";
import { compareSlos } from "./compare-slos.js";
import { type Level, LEVELS, levelRank } from "./kinds.js";
import { metricRenames } from "./renames.js";

export function diffCatalogs(base: CatalogDoc, head: CatalogDoc): Change[] {
  const renames = metricRenames(base, head);
  // An alert moving between a kept group and the catalog is one change, reported with the kept
  // rules: the catalog-alert comparison does not see that side of it.
  const kept = compareKeptRules(base, head, renames);
  const without = (doc: CatalogDoc, moved: ReadonlySet<string>): CatalogDoc =>
    moved.size === 0 ? doc : { ...doc, alerts: doc.alerts.filter((a) => !moved.has(a.name)) };
  return sortChanges([
    ...compareMetrics(base, head),
    ...compareAlerts(without(base, kept.baseAlertsMoved), without(head, kept.headAlertsMoved), renames),
    ...kept.changes,
    ...compareRecordingRules(base, head, renames),
    ...compareSlos(base, head, renames),
    ...compareDashboards(base, head, renames),
  ]);
}

/** `--fail-on` levels: a level, or `none` (never fail). */
export type FailOn = Level | "none";
export const FAIL_ON: readonly FailOn[] = [...LEVELS, "none"];

/** Whether any change is at `failOn` or worse. */
export function fails(changes: readonly Change[], failOn: FailOn): boolean {
  if (failOn === "none") return false;
  return changes.some((c) => levelRank(c.level) <= levelRank(failOn));
}

export function countByLevel(changes: readonly Change[]): Record<Level, number> {
  const counts: Record<Level, number> = { breaking: 0, warning: 0, info: 0 };
  for (const c of changes) counts[c.level]++;
  return counts;
}
