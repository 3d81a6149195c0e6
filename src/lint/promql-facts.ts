/**
 * What the catalog knows about the series an expression reads, and which labels can reach an
 * expression's result. Shared by the catalog-aware rules.
 */
import type { ResolvedMetric } from "../model/resolved.js";
import type { Expr, VectorSelector } from "../promql/ast.js";
import { aggregationOutputLabels, type SelectorUse, selectorUses } from "../promql/walk.js";
import type { LintInput } from "./types.js";

/** Labels every scraped series carries from its target (the catalog's scrape config sets `service`). */
export const TARGET_LABELS: readonly string[] = ["job", "instance", "service"];

/** Series Prometheus itself produces, valid in any expression. */
const BUILTIN_SERIES = new Set([
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
  "ALERTS",
  "ALERTS_FOR_STATE",
]);

export type SeriesPart = "" | "bucket" | "count" | "sum";

export type SeriesInfo =
  | { readonly kind: "metric"; readonly metric: ResolvedMetric; readonly part: SeriesPart }
  | { readonly kind: "recorded" }
  | { readonly kind: "builtin" }
  | { readonly kind: "unknown" };

const cache = new WeakMap<LintInput, { metrics: Map<string, ResolvedMetric>; records: Set<string> }>();

function index(input: LintInput) {
  let idx = cache.get(input);
  if (!idx) {
    const metrics = new Map((input.catalog?.metrics ?? []).map((m) => [m.name, m]));
    const records = new Set([
      ...input.groups.flatMap((g) => g.rules.filter((r) => r.kind === "record").map((r) => r.name)),
      ...(input.catalog?.recordingRules.map((r) => r.record) ?? []),
    ]);
    idx = { metrics, records };
    cache.set(input, idx);
  }
  return idx;
}

/** The metric name a selector reads: the name before the braces or an equality `__name__` matcher. */
export function selectorName(s: VectorSelector): string | undefined {
  if (s.name) return s.name.name;
  return s.matchers.find((m) => m.name === "__name__" && m.op === "=")?.value;
}

/** What a series name is: a catalog metric (or one of a histogram's series), a recording rule's output, built in, or unknown. */
export function seriesInfo(name: string, input: LintInput): SeriesInfo {
  const { metrics, records } = index(input);
  const direct = metrics.get(name);
  if (direct && direct.type !== "histogram") return { kind: "metric", metric: direct, part: "" };
  for (const part of ["bucket", "count", "sum"] as const) {
    if (name.endsWith(`_${part}`)) {
      const h = metrics.get(name.slice(0, -part.length - 1));
      if (h?.type === "histogram") return { kind: "metric", metric: h, part };
    }
  }
  if (direct) return { kind: "metric", metric: direct, part: "" };
  if (records.has(name)) return { kind: "recorded" };
  if (BUILTIN_SERIES.has(name)) return { kind: "builtin" };
  return { kind: "unknown" };
}

/** Every selector of the expression that reads a catalog metric, with what the catalog knows of it. */
export function catalogSelectors(ast: Expr, input: LintInput): { use: SelectorUse; name: string; info: SeriesInfo & { kind: "metric" } }[] {
  const out: { use: SelectorUse; name: string; info: SeriesInfo & { kind: "metric" } }[] = [];
  for (const use of selectorUses(ast)) {
    const name = selectorName(use.selector);
    if (!name) continue;
    const info = seriesInfo(name, input);
    if (info.kind === "metric") out.push({ use, name, info });
  }
  return out;
}

/**
 * Whether a series read is a catalog histogram's native series: the bare name `m` of a histogram
 * the catalog declares `native: true` or `"both"` (a classic-only histogram has no series `m`).
 */
export function readsNativeSeries(info: SeriesInfo): boolean {
  return info.kind === "metric" && info.metric.type === "histogram" && info.part === "" && info.metric.native !== false;
}

/** Whether a series read is the `_bucket`, `_count` or `_sum` of a native-only histogram, which do not exist. */
export function readsMissingClassicSeries(info: SeriesInfo): boolean {
  return info.kind === "metric" && info.metric.type === "histogram" && info.part !== "" && info.metric.native === true;
}

/** Labels a catalog series carries: its declared labels, the target labels, `le` on buckets. */
export function seriesLabels(info: SeriesInfo & { kind: "metric" }): string[] {
  return [...info.metric.labels.map((l) => l.name), ...TARGET_LABELS, ...(info.part === "bucket" ? ["le"] : [])];
}

/** An upper bound of the labels on an expression's result series: a set, or "any" when it cannot be known. */
export type LabelBound = ReadonlySet<string> | "any";

/** Functions whose result does not simply keep its vector argument's labels. */
const LABEL_PRESERVING_EXCEPT: ReadonlySet<string> = new Set([
  "label_replace",
  "label_join",
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
 * Upper bound of the labels an expression's results can carry. Sound where it answers: a label
 * outside the bound is certainly absent. Stays "any" where flow is not followed (label_replace,
 * absent, joins with group_left/right, unknown series).
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
      return info.kind === "metric" ? new Set(["__name__", ...seriesLabels(info)]) : "any";
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
