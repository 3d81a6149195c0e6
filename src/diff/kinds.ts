/**
 * The change kinds `obsgen diff` reports: one stable id `<subject>/<kebab-change>` each, with a
 * fixed level and the categories of consumers it affects. Ids, levels and categories are part of
 * the documented JSON output (docs/diff.md, whose table a test keeps equal to this registry):
 * an id is never reused for another meaning.
 */

/** How bad a change is for someone downstream: it breaks them, it may surprise them, or neither. */
export type Level = "breaking" | "warning" | "info";
export const LEVELS: readonly Level[] = ["breaking", "warning", "info"];

/**
 * What a change affects: generated code (STUBS), PromQL consumers (QUERIES: alerts, recording
 * rules, dashboard panels, SLO indicators), who is paged and when (PAGING), series count
 * (CARDINALITY).
 */
export type Category = "STUBS" | "QUERIES" | "PAGING" | "CARDINALITY";
export const CATEGORIES: readonly Category[] = ["STUBS", "QUERIES", "PAGING", "CARDINALITY"];

export interface ChangeKind {
  readonly id: string;
  readonly level: Level;
  readonly categories: readonly Category[];
  /** One line: when it is reported. */
  readonly description: string;
}

const kind = (id: string, level: Level, categories: readonly Category[], description: string): ChangeKind => ({
  id,
  level,
  categories,
  description,
});

/** Every change kind, in documentation order (by subject, then roughly by level). */
export const CHANGE_KINDS = [
  kind("metric/removed", "breaking", ["STUBS", "QUERIES", "PAGING", "CARDINALITY"], "a metric is gone (and no metric declares `renamedFrom` it)"),
  kind(
    "metric/type-changed",
    "breaking",
    ["STUBS", "QUERIES", "PAGING"],
    "counter, gauge or histogram changed: `rate()`, `histogram_quantile()` and stubs stop fitting",
  ),
  kind("metric/unit-changed", "breaking", ["QUERIES", "PAGING"], "the unit changed under the same name: every threshold and panel in the old unit is off"),
  kind("metric/renamed", "warning", ["STUBS", "QUERIES"], "a metric declares `renamedFrom`: recording rules keep the old name queryable until the window ends"),
  kind("metric/rename-ended", "warning", ["QUERIES"], "a `renamedFrom` was dropped: the old name is no longer recorded"),
  kind("metric/exposure-removed", "warning", ["QUERIES", "CARDINALITY"], "a service no longer exposes the metric: its `job`/`service` series disappear"),
  kind("metric/added", "info", ["STUBS", "CARDINALITY"], "a new metric"),
  kind("metric/help-changed", "info", ["STUBS"], "the HELP text changed"),
  kind("metric/exposure-added", "info", ["CARDINALITY"], "another service exposes the metric"),
  kind(
    "label/removed",
    "breaking",
    ["STUBS", "QUERIES", "PAGING", "CARDINALITY"],
    "a label is gone from a metric (a label rename is reported as removed + added)",
  ),
  kind("label/value-removed", "breaking", ["STUBS", "QUERIES", "PAGING"], "a value of a closed label is gone"),
  kind("label/added", "warning", ["STUBS", "CARDINALITY"], "a metric has a new label: every stub call needs it and series multiply"),
  kind("label/reordered", "warning", ["STUBS"], "the declared label order changed: the order generated stubs take them in"),
  kind("label/kind-changed", "warning", ["STUBS", "CARDINALITY"], "a label went from closed to open or back"),
  kind("label/value-added", "info", ["STUBS", "CARDINALITY"], "a closed label has a new value"),
  kind("label/max-values-changed", "info", ["CARDINALITY"], "an open label's bound on distinct values changed"),
  kind(
    "bucket/removed",
    "breaking",
    ["QUERIES", "PAGING", "CARDINALITY"],
    "a histogram bucket edge is gone: `le` matchers on it match nothing and quantiles shift",
  ),
  kind("bucket/moved", "breaking", ["QUERIES", "PAGING"], "a histogram bucket edge moved: every quantile computed from it silently changes"),
  kind("bucket/added", "info", ["QUERIES", "CARDINALITY"], "a new histogram bucket edge: one more series per label combination, quantiles shift slightly"),
  kind("alert/removed", "breaking", ["PAGING"], "an alert is gone (and no alert with the same expression and labels replaces it)"),
  kind(
    "alert/renamed",
    "warning",
    ["PAGING"],
    "an alert with an identical expression and labels appears under a new name: silences, routes and inhibitions on `alertname` miss it",
  ),
  kind(
    "alert/threshold-loosened",
    "warning",
    ["PAGING"],
    "the threshold moved away from firing (for `>`/`>=` higher, for `<`/`<=` lower): it pages later or never",
  ),
  kind("alert/threshold-changed", "warning", ["PAGING"], "the threshold of an `==`/`!=` comparison changed"),
  kind("alert/comparator-changed", "warning", ["PAGING"], "the comparison operator changed"),
  kind("alert/expr-changed", "warning", ["PAGING", "QUERIES"], "the query changed beyond its threshold (window, matchers, grouping, quantile, expression)"),
  kind("alert/for-lengthened", "warning", ["PAGING"], "`for` is longer: it pages later"),
  kind("alert/severity-changed", "warning", ["PAGING"], "the `severity` label changed"),
  kind("alert/routing-changed", "warning", ["PAGING"], "a routing label (`team`, `priority`, `service` or another label) changed, was added or removed"),
  kind("alert/added", "info", ["PAGING"], "a new alert"),
  kind("alert/threshold-tightened", "info", ["PAGING"], "the threshold moved towards firing: it pages earlier"),
  kind("alert/for-shortened", "info", ["PAGING"], "`for` is shorter: it pages sooner"),
  kind("alert/annotations-changed", "info", ["PAGING"], "summary, description, action or another annotation (not `runbook_url`) changed"),
  kind("runbook/slug-changed", "warning", ["PAGING"], "a renamed alert's runbook slug (and `runbook_url`) changed: links to the old page break"),
  kind("runbook/url-changed", "warning", ["PAGING"], "an alert's `runbook_url` changed under the same name"),
  kind("recording/removed", "breaking", ["QUERIES"], "a recorded series is no longer recorded"),
  kind("recording/expr-changed", "warning", ["QUERIES"], "a recording rule computes something else under the same name"),
  kind("recording/added", "info", ["QUERIES"], "a new recording rule"),
  kind("slo/objective-loosened", "warning", ["PAGING"], "an SLO's objective, latency threshold or enforcement level got easier to meet"),
  kind("slo/window-changed", "warning", ["PAGING", "QUERIES"], "an SLO's window or period changed (its recorded series is renamed with it)"),
  kind("slo/indicator-changed", "warning", ["PAGING", "QUERIES"], "an SLO measures something else: metric, matchers, quantile, kind or `for`"),
  kind("slo/removed", "warning", ["PAGING"], "an SLO is gone"),
  kind("slo/objective-tightened", "info", ["PAGING"], "an SLO's objective, latency threshold or enforcement level got harder to meet"),
  kind("slo/objective-changed", "info", ["PAGING"], "a manual SLO's objective text changed"),
  kind("slo/added", "info", ["PAGING"], "a new SLO"),
  kind("dashboard/uid-changed", "breaking", ["QUERIES"], "a dashboard (same title) has a new uid: every link and bookmark to it breaks"),
  kind("dashboard/removed", "warning", ["QUERIES"], "a dashboard is gone"),
  kind("panel/removed", "warning", ["QUERIES"], "a panel is gone from a dashboard"),
  kind("panel/id-changed", "warning", ["QUERIES"], "a panel has a new id (its row or key changed, or its metric was renamed): `viewPanel` links break"),
  kind("dashboard/added", "info", ["QUERIES"], "a new dashboard"),
  kind("panel/added", "info", ["QUERIES"], "a new panel"),
  kind("panel/query-changed", "info", ["QUERIES"], "a panel's queries changed"),
] as const satisfies readonly ChangeKind[];

export type ChangeKindId = (typeof CHANGE_KINDS)[number]["id"];

const BY_ID = new Map<string, ChangeKind>(CHANGE_KINDS.map((k) => [k.id, k]));

export function changeKind(id: ChangeKindId): ChangeKind {
  return BY_ID.get(id)!;
}

/** Rank for sorting and for `--fail-on`: breaking 0, warning 1, info 2. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}
