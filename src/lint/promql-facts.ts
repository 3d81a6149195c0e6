/**
 * What is known about the series an expression reads, and which labels can reach an expression's
 * result. Shared by the rules that need metric facts: the catalog's declarations, metadata files
 * (`obsgen lint --metadata`), and, where both are silent, what the name alone makes near-certain
 * (src/metrics/infer.ts). The facts and where each comes from: src/metrics/knowledge.ts.
 */
import {
  catalogKnowledge,
  EMPTY_KNOWLEDGE,
  type FactSource,
  factWhere,
  type KnownMetric,
  type MetricKnowledge,
  mergeKnowledge,
  type SeriesPart,
} from "../metrics/knowledge.js";
import { inferFromName } from "../metrics/infer.js";
import type { Expr, VectorSelector } from "../promql/ast.js";
import { aggregationOutputLabels, type SelectorUse, selectorUses } from "../promql/walk.js";
import type { LintInput } from "./types.js";

export type { SeriesPart };

/** Labels every scraped series carries from its target (the catalog's scrape config sets `service`). */
export const TARGET_LABELS: readonly string[] = ["job", "instance", "service"];

/**
 * Series Prometheus writes for every scrape, the failed ones included, each describing that one
 * scrape (scrape/scrape.go `scrapeLoop.report`, v2.42.0): `up` is 0 for a scrape that failed.
 */
export const PER_SCRAPE_SERIES: ReadonlySet<string> = new Set([
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
]);

/** Series rule evaluation writes, not scrapes. */
export const RULE_SERIES: ReadonlySet<string> = new Set(["ALERTS", "ALERTS_FOR_STATE"]);

/** Series Prometheus itself produces, valid in any expression. */
const BUILTIN_SERIES: ReadonlySet<string> = new Set([...PER_SCRAPE_SERIES, ...RULE_SERIES]);

/**
 * What a series name is:
 * - `metric`: a family a source knows (the catalog, a metadata file), and which of its series;
 * - `recorded`: a recording rule's output (in the linted files or the catalog);
 * - `builtin`: a series Prometheus produces itself;
 * - `inferred`: a family no source knows, typed by its name's convention (only with `inferTypes`);
 *   only the checks the inferred type makes near-certain read it (docs/metadata.md);
 * - `unknown`: nothing is known.
 */
export type SeriesInfo =
  | { readonly kind: "metric"; readonly metric: KnownMetric; readonly part: SeriesPart }
  | { readonly kind: "recorded" }
  | { readonly kind: "builtin" }
  | { readonly kind: "inferred"; readonly metric: KnownMetric; readonly part: SeriesPart }
  | { readonly kind: "unknown" };

/** A series whose family is known, or inferred. */
export type TypedSeries = SeriesInfo & { readonly kind: "metric" | "inferred" };

/** Each suffix a family's series may carry, and the family types that have it (OpenMetrics 1.0, "Metric types"). */
const PARTS: ReadonlyArray<readonly [string, Exclude<SeriesPart, "">, readonly string[]]> = [
  ["_bucket", "bucket", ["histogram", "gaugehistogram"]],
  ["_count", "count", ["histogram", "summary"]],
  ["_sum", "sum", ["histogram", "summary"]],
  ["_gcount", "gcount", ["gaugehistogram"]],
  ["_gsum", "gsum", ["gaugehistogram"]],
  // OpenMetrics names a counter's family without `_total`, an info metric's without `_info`.
  ["_total", "total", ["counter"]],
  ["_created", "created", ["counter", "histogram", "summary"]],
  ["_info", "info", ["info"]],
];

/** Families whose series carry suffixes: a name equal to one of them is looked up as a part first. */
const FAMILY_WITH_PARTS = new Set(["histogram", "gaugehistogram"]);

interface Index {
  readonly knowledge: MetricKnowledge;
  readonly records: ReadonlySet<string>;
}

const cache = new WeakMap<LintInput, Index>();

function index(input: LintInput): Index {
  let idx = cache.get(input);
  if (!idx) {
    const base = input.catalog ? catalogKnowledge(input.catalog, input.catalogFile) : EMPTY_KNOWLEDGE;
    // Conflicts between the catalog and the metadata are reported where the metadata is read (the CLI).
    const knowledge = input.metadata ? mergeKnowledge(base, input.metadata).knowledge : base;
    const records = new Set([
      ...input.groups.flatMap((g) => g.rules.filter((r) => r.kind === "record").map((r) => r.name)),
      ...(input.catalog?.recordingRules.map((r) => r.record) ?? []),
    ]);
    idx = { knowledge, records };
    cache.set(input, idx);
  }
  return idx;
}

/** The sources that list every metric name (the catalog, a Prometheus-wide metadata file): empty when none does. */
export function completeNameSources(input: LintInput): readonly FactSource[] {
  return index(input).knowledge.completeNames;
}

/** The metric name a selector reads: the name before the braces or an equality `__name__` matcher. */
export function selectorName(s: VectorSelector): string | undefined {
  if (s.name) return s.name.name;
  return s.matchers.find((m) => m.name === "__name__" && m.op === "=")?.value;
}

/** The known family a series name belongs to, and which of its series it is. */
function lookup(metrics: ReadonlyMap<string, KnownMetric>, name: string): { metric: KnownMetric; part: SeriesPart } | undefined {
  const direct = metrics.get(name);
  if (direct && !FAMILY_WITH_PARTS.has(direct.type)) return { metric: direct, part: "" };
  for (const [suffix, part, types] of PARTS) {
    if (!name.endsWith(suffix)) continue;
    const family = metrics.get(name.slice(0, -suffix.length));
    if (family && types.includes(family.type)) return { metric: family, part };
  }
  return direct ? { metric: direct, part: "" } : undefined;
}

/** What a series name is (see {@link SeriesInfo}). */
export function seriesInfo(name: string, input: LintInput): SeriesInfo {
  const { knowledge, records } = index(input);
  const known = lookup(knowledge.metrics, name);
  if (known) return { kind: "metric", ...known };
  if (records.has(name)) return { kind: "recorded" };
  if (BUILTIN_SERIES.has(name)) return { kind: "builtin" };
  if (input.inferTypes) {
    const inferred = inferFromName(name);
    if (inferred) return { kind: "inferred", ...inferred };
  }
  return { kind: "unknown" };
}

/**
 * Every selector of the expression whose family a source knows, with what is known of it; with
 * `inferred`, also those typed by their name alone (for the checks the inferred type makes
 * near-certain: docs/metadata.md).
 */
export function catalogSelectors(
  ast: Expr,
  input: LintInput,
  opts: { readonly inferred?: boolean } = {},
): { use: SelectorUse; name: string; info: TypedSeries }[] {
  const out: { use: SelectorUse; name: string; info: TypedSeries }[] = [];
  for (const use of selectorUses(ast)) {
    const name = selectorName(use.selector);
    if (!name) continue;
    const info = seriesInfo(name, input);
    if (info.kind === "metric" || (opts.inferred && info.kind === "inferred")) out.push({ use, name, info });
  }
  return out;
}

/**
 * Whether the series counts: a counter's value, a classic histogram's `_bucket`, `_count` or
 * `_sum`, a summary's `_count` or `_sum` (never a gauge histogram's: its buckets go down too,
 * nor a `_created` timestamp).
 */
export function readsCounterValues(info: TypedSeries): boolean {
  const { type } = info.metric;
  if (type === "counter") return info.part === "" || info.part === "total";
  if (type === "histogram") return info.part === "bucket" || info.part === "count" || info.part === "sum";
  if (type === "summary") return info.part === "count" || info.part === "sum";
  return false;
}

/**
 * Whether the series is certainly not a counter, so a counter function reads its drops as resets:
 * a gauge, a summary's quantiles, an info or stateset series, a gauge histogram's series.
 */
export function readsNonCounterValues(info: TypedSeries): boolean {
  const { type } = info.metric;
  if (type === "gauge" || type === "stateset" || type === "gaugehistogram") return info.part !== "created";
  if (type === "info") return info.part === "" || info.part === "info";
  if (type === "summary") return info.part === "";
  return false;
}

/**
 * Whether a series read may be a histogram's native series: the bare name `m` of a histogram that
 * is not known to be classic only (a catalog's `native: true` or `"both"`, or a histogram whose form
 * no source tells; a classic-only histogram has no series `m`).
 */
export function readsNativeSeries(info: SeriesInfo): boolean {
  return info.kind === "metric" && info.metric.type === "histogram" && info.part === "" && info.metric.native !== false;
}

/** Whether a series read is the `_bucket`, `_count` or `_sum` of a native-only histogram, which do not exist. */
export function readsMissingClassicSeries(info: SeriesInfo): boolean {
  return (
    info.kind === "metric" &&
    info.metric.type === "histogram" &&
    (info.part === "bucket" || info.part === "count" || info.part === "sum") &&
    info.metric.native === true
  );
}

/**
 * Labels a known series carries: its family's labels, its target labels, `le` on classic
 * buckets, `quantile` on a summary's quantiles; undefined unless that list is complete (a
 * catalog's declaration: metadata never tells every label, docs/metadata.md).
 */
export function seriesLabels(info: TypedSeries): string[] | undefined {
  const m = info.metric;
  if (!m.labelsComplete || m.targetLabels === null) return undefined;
  return [
    ...m.labels.map((l) => l.name),
    ...m.targetLabels,
    ...(info.part === "bucket" ? ["le"] : []),
    ...(m.type === "summary" && info.part === "" ? ["quantile"] : []),
  ];
}

/**
 * What a finding resting on the metric's facts carries besides its own data: where the facts
 * came from when not the linted catalog (`knownFrom`: a metadata file), or what in the name they
 * were inferred from (`inferred`). The engine adds it to the message.
 */
export function factBasis(info: TypedSeries, fact: "type" | "labels" | "buckets" = "type"): Record<string, string> {
  const from = info.metric.from[fact] ?? info.metric.from.type;
  if (from.origin === "inferred") return { inferred: from.reason ?? "by its name" };
  if (info.metric.declared !== undefined || from.file === null) return {};
  return { knownFrom: factWhere(from) };
}

/** An upper bound of the labels on an expression's result series: a set, or "any" when it cannot be known. */
export type LabelBound = ReadonlySet<string> | "any";

/**
 * Functions whose result does not simply keep its vector argument's labels. `info` adds the
 * labels of info metrics, `histogram_quantiles` one named by its string argument.
 */
const LABEL_PRESERVING_EXCEPT: ReadonlySet<string> = new Set([
  "label_replace",
  "label_join",
  "info",
  "histogram_quantiles",
  "absent",
  "absent_over_time",
  "scalar",
  "vector",
  "time",
  "histogram_quantile",
  "pi",
  "day_of_month",
  "day_of_week",
  "day_of_year",
  "days_in_month",
  "hour",
  "minute",
  "month",
  "year",
]);

/**
 * The labels `absent(arg)` / `absent_over_time(arg)` give their one result series, as Prometheus
 * builds them (promql/functions.go `createLabelsForAbsentFunction`, v2.42.0 and v3.14.0): the
 * labels of the `=` matchers of a selector argument (parentheses are removed before evaluation),
 * in order, a label matched twice or by another operator dropped again, an empty value being no
 * label; no labels at all when the argument is anything but a selector (`absent(sum(x))`,
 * `absent(x == 1)`). The metric name is never kept.
 */
export function absentLabels(arg: Expr | undefined): Map<string, string> {
  while (arg?.type === "ParenExpr") arg = arg.expr;
  const selector = arg?.type === "VectorSelector" ? arg : arg?.type === "MatrixSelector" ? arg.vector : undefined;
  const out = new Map<string, string>();
  if (!selector) return out;
  const seen = new Set<string>();
  for (const m of selector.matchers) {
    if (m.name === "__name__") continue;
    if (m.op === "=" && !seen.has(m.name)) {
      seen.add(m.name);
      if (m.value !== "") out.set(m.name, m.value);
    } else out.delete(m.name);
  }
  return out;
}

/**
 * Upper bound of the labels an expression's results can carry. Sound where it answers: a label
 * outside the bound is certainly absent. Stays "any" where flow is not followed (label_replace,
 * joins with group_left/right, unknown series).
 */
export function labelBound(e: Expr, input: LintInput): LabelBound {
  switch (e.type) {
    case "NumberLiteral":
    case "StringLiteral":
      return new Set();
    case "VectorSelector": {
      const name = selectorName(e);
      if (!name) return "any";
      const info = seriesInfo(name, input);
      const labels = info.kind === "metric" ? seriesLabels(info) : undefined;
      return labels ? new Set(["__name__", ...labels]) : "any";
    }
    case "MatrixSelector":
      return labelBound(e.vector, input);
    case "SubqueryExpr":
    case "ParenExpr":
    case "UnaryExpr":
      return labelBound(e.expr, input);
    case "FunctionCall": {
      const name = e.name.name;
      if (name === "vector" || name === "time" || name === "scalar" || name === "pi") return new Set();
      if (name === "absent" || name === "absent_over_time") return new Set(absentLabels(e.args[0]).keys());
      if (name === "histogram_quantile") {
        const inner = e.args[1] ? labelBound(e.args[1], input) : "any";
        return inner === "any" ? "any" : new Set([...inner].filter((l) => l !== "le" && l !== "__name__"));
      }
      if (LABEL_PRESERVING_EXCEPT.has(name) || !e.func) return "any";
      // The argument the result's series come from: the first declared as a vector or range vector.
      const at = e.func.argTypes.findIndex((t) => t === "vector" || t === "matrix");
      const vectorArg = at >= 0 ? e.args[at] : undefined;
      return vectorArg ? labelBound(vectorArg, input) : "any";
    }
    case "AggregateExpr": {
      const out = aggregationOutputLabels(e);
      const inner = e.expr ? labelBound(e.expr, input) : "any";
      if (out.kind === "only") {
        const added = e.op === "count_values" && e.param?.type === "StringLiteral" ? e.param.value : undefined;
        return new Set(out.labels.filter((l) => l === added || inner === "any" || inner.has(l)));
      }
      if (inner === "any") return "any";
      return new Set([...inner].filter((l) => !out.labels.includes(l)));
    }
    case "BinaryExpr": {
      const lhs = labelBound(e.lhs, input);
      const rhs = labelBound(e.rhs, input);
      const lhsScalar = lhs !== "any" && lhs.size === 0 && (e.lhs.type === "NumberLiteral" || isScalarExpr(e.lhs));
      if (e.op === "or") return lhs === "any" || rhs === "any" ? "any" : new Set([...lhs, ...rhs]);
      if (e.matching?.group) return "any";
      // scalar op vector: the vector's labels.
      if (lhsScalar) return rhs;
      if (e.matching?.kind === "on" && !["and", "unless"].includes(e.op)) {
        const on = e.matching.labels.map((l) => l.name);
        return lhs === "any" ? new Set(on) : new Set(on.filter((l) => lhs.has(l)));
      }
      if (e.matching?.kind === "ignoring" && lhs !== "any" && !["and", "unless"].includes(e.op)) {
        const ign = e.matching.labels.map((l) => l.name);
        return new Set([...lhs].filter((l) => !ign.includes(l)));
      }
      return lhs;
    }
  }
}

function isScalarExpr(e: Expr): boolean {
  if (e.type === "NumberLiteral") return true;
  if (e.type === "ParenExpr" || e.type === "UnaryExpr") return isScalarExpr(e.expr);
  if (e.type === "FunctionCall") return ["scalar", "time", "pi"].includes(e.name.name);
  if (e.type === "BinaryExpr") return isScalarExpr(e.lhs) && isScalarExpr(e.rhs);
  return false;
}

/** Labels referenced in a Go template as `$labels.x` or `index $labels "x"`, with their offsets. */
export function templateLabelRefs(text: string): { label: string; index: number }[] {
  const out: { label: string; index: number }[] = [];
  for (const m of text.matchAll(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g)) out.push({ label: m[1]!, index: m.index });
  for (const m of text.matchAll(/index\s+\$labels\s+"([^"]+)"/g)) out.push({ label: m[1]!, index: m.index });
  return out;
}
