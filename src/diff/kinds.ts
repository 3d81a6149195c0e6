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
  // A kept alert (`ruleGroups`) and a typed one of the same name are one alert moving, not one
  // removed and one added: warning, since the emitted rule gains obsgen's routing labels
  // (`priority`, `severity`, `team`, `service`) and lands in another group and file, so Alertmanager
  // may route it elsewhere and Prometheus starts its state afresh; what else changed (the query,
  // `for`) is spelled out in the one change rather than hidden behind "removed".
  kind(
    "alert/kept-to-typed",
    "warning",
    ["PAGING"],
    "a kept alert (`ruleGroups`) is replaced by a catalog alert of the same name: the labels, annotations, group, file and `for` the emitted rule gains or loses, and whether the query is the same",
  ),
  kind(
    "alert/typed-to-kept",
    "warning",
    ["PAGING"],
    "a catalog alert is replaced by a kept alert of the same name: what the emitted rule gains or loses, as above",
  ),
  // Prometheus keeps an alert's state per group, keyed by rule file and group name (GroupKey,
  // rules/manager.go, v2.42.0): a rule moved to another group starts pending again on reload and
  // waits out its `for` before it fires again, and it is evaluated at the new group's interval.
  kind(
    "alert/group-changed",
    "warning",
    ["PAGING"],
    "a kept alert moved to another kept group: it starts pending again on reload and is evaluated at that group's interval",
  ),
  kind(
    "alert/keep-firing-for-changed",
    "warning",
    ["PAGING"],
    "a kept alert's `keep_firing_for` changed: it resolves later or sooner once its condition clears",
  ),
  kind("alert/added", "info", ["PAGING"], "a new alert"),
  kind("alert/threshold-tightened", "info", ["PAGING"], "the threshold moved towards firing: it pages earlier"),
  kind("alert/for-shortened", "info", ["PAGING"], "`for` is shorter: it pages sooner"),
  kind("alert/annotations-changed", "info", ["PAGING"], "summary, description, action or another annotation (not `runbook_url`) changed"),
  kind("runbook/slug-changed", "warning", ["PAGING"], "a renamed alert's runbook slug (and `runbook_url`) changed: links to the old page break"),
  kind("runbook/url-changed", "warning", ["PAGING"], "an alert's `runbook_url` changed under the same name"),
  kind("recording/removed", "breaking", ["QUERIES"], "a recorded series is no longer recorded"),
  kind("recording/expr-changed", "warning", ["QUERIES"], "a recording rule computes something else under the same name"),
  kind("recording/labels-changed", "warning", ["QUERIES"], "a kept recording rule's static labels changed: selectors on its old labels miss the new series"),
  kind("recording/added", "info", ["QUERIES"], "a new recording rule"),
  // The same series, computed the same way, only evaluated with another group: nothing a query
  // names changes, so info.
  kind("recording/group-changed", "info", ["QUERIES"], "a kept recording rule moved to another kept group: the same series, at that group's interval"),
  // Group settings apply to every rule of the group at once, alerts and recorded series alike:
  // warning, as each one shifts when alerts fire (a longer interval pages later; a group past its
  // `limit` fails whole, alerts and series) or what a recorded series holds (`query_offset`
  // evaluates it further in the past), and a file move resets every alert's state (see
  // `alert/group-changed`).
  kind("group/file-changed", "warning", ["PAGING", "QUERIES"], "a kept rule group is written to another rule file: its alerts start pending again on reload"),
  kind("group/interval-changed", "warning", ["PAGING", "QUERIES"], "a kept rule group's evaluation `interval` changed"),
  kind("group/limit-changed", "warning", ["PAGING", "QUERIES"], "a kept rule group's `limit` changed: past it, every rule of the group fails"),
  kind(
    "group/query-offset-changed",
    "warning",
    ["PAGING", "QUERIES"],
    "a kept rule group's `query_offset` changed: its rules read data further back or nearer now",
  ),
  // A group added or removed is only the sum of its rules, each reported on its own (a removed
  // alert is `alert/removed`, breaking): the group itself is info.
  kind("group/removed", "info", ["PAGING", "QUERIES"], "a kept rule group is gone (each of its rules is reported on its own)"),
  kind("group/added", "info", ["PAGING", "QUERIES"], "a new kept rule group (each of its rules is reported on its own)"),
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
