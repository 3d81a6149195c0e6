/**
 * Compiles declarative conditions to PromQL text. Pure string building over the resolved model;
 * every form is documented with the expression it produces.
 */
import { floatLabelSpellings, type PrometheusVersion } from "../compat/prometheus.js";
import { formatNumber } from "./numbers.js";
import { compareCodePoints } from "../util/order.js";

export interface Matcher {
  readonly label: string;
  /** One value matches with `=`; several with `=~` as an escaped alternation. */
  readonly values: readonly string[];
}

/** Escapes a string for a double-quoted PromQL string literal. */
export function promqlString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Escapes RE2 metacharacters so a label value matches literally inside `=~`. */
export function regexEscape(s: string): string {
  return s.replace(/[\\.^$|?*+()[\]{}]/g, "\\$&");
}

/** `{a="x", b=~"y|z"}`, matchers sorted by label name; empty string when there are none. */
export function selector(name: string, matchers: readonly Matcher[]): string {
  if (matchers.length === 0) return name;
  const parts = [...matchers]
    .sort((a, b) => compareCodePoints(a.label, b.label))
    .map((m) => (m.values.length === 1 ? `${m.label}=${promqlString(m.values[0]!)}` : `${m.label}=~${promqlString(m.values.map(regexEscape).join("|"))}`));
  return `${name}{${parts.join(", ")}}`;
}

/** `sum(x)` or `sum by (a, b) (x)`. */
export function aggregate(op: string, by: readonly string[], inner: string): string {
  return by.length === 0 ? `${op}(${inner})` : `${op} by (${by.join(", ")}) (${inner})`;
}

export function compare(lhs: string, op: string, threshold: number): string {
  return `${lhs} ${op} ${formatNumber(threshold)}`;
}

/**
 * How queries read a histogram: `classic` reads its `_bucket{le}`, `_count` and `_sum` series
 * (a catalog histogram with `native: false` or `"both"`); `native` reads the one native-histogram
 * series `m` (`native: true`), which has no `_bucket`, `_count`, `_sum` nor `le`
 * (https://prometheus.io/docs/specs/native_histograms/, "Native histograms": one series per label
 * set, bucket counts, count and sum all in each sample).
 */
export type HistogramRead = "classic" | "native";

/** How a metric's queries read it: `native` only for a native-only histogram (`native: true`). */
export function histogramRead(metric: { readonly type: string; readonly native: boolean | "both" }): HistogramRead {
  return metric.type === "histogram" && metric.native === true ? "native" : "classic";
}

/**
 * The q-quantile of a histogram:
 *
 *   classic  histogram_quantile(q, sum by (le, …by) (rate(m_bucket{…}[w])))
 *   native   histogram_quantile(q, sum by (…by) (rate(m{…}[w])))
 *
 * `rate` of a native histogram is a native histogram, and `histogram_quantile` of one needs no
 * `le` (prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile).
 */
export function quantileExpr(
  metric: string,
  q: number,
  window: string,
  matchers: readonly Matcher[],
  by: readonly string[],
  read: HistogramRead = "classic",
): string {
  if (read === "native") return `histogram_quantile(${formatNumber(q)}, ${aggregate("sum", by, `rate(${selector(metric, matchers)}[${window}])`)})`;
  return `histogram_quantile(${formatNumber(q)}, ${aggregate("sum", ["le", ...by], `rate(${selector(`${metric}_bucket`, matchers)}[${window}])`)})`;
}

/**
 * The share of a native histogram's observations above `edge` over a window, from
 * `histogram_fraction(lower, upper, h)` (prometheus.io/docs/prometheus/latest/querying/functions/#histogram_fraction):
 *
 *   histogram_fraction(250, +Inf, sum(rate(m{…}[5m])))
 *
 * An estimate unless `edge` is a bucket boundary of the stored histogram, as `histogram_quantile`'s is.
 */
export function nativeShareAboveExpr(metric: string, edge: number, window: string, matchers: readonly Matcher[], by: readonly string[]): string {
  return `histogram_fraction(${formatNumber(edge)}, +Inf, ${aggregate("sum", by, `rate(${selector(metric, matchers)}[${window}])`)})`;
}

/**
 * The share of a native histogram's observations at or below `edge` (the good events of a latency
 * SLO): `histogram_fraction(-Inf, edge, sum(rate(m{…}[w])))`.
 */
export function nativeShareBelowExpr(metric: string, edge: number, window: string, matchers: readonly Matcher[], by: readonly string[]): string {
  return `histogram_fraction(-Inf, ${formatNumber(edge)}, ${aggregate("sum", by, `rate(${selector(metric, matchers)}[${window}])`)})`;
}

/**
 * The observations per second (or per minute) of a histogram, its count's rate:
 *
 *   classic  sum(rate(m_count{…}[w]))
 *   native   sum(histogram_count(rate(m{…}[w])))
 *
 * (`histogram_count` of a native histogram's rate is its observation rate:
 * prometheus.io/docs/prometheus/latest/querying/functions/#histogram_count-and-histogram_sum).
 */
export function countRateExpr(
  metric: string,
  window: string,
  matchers: readonly Matcher[],
  by: readonly string[],
  perMinute: boolean,
  read: HistogramRead,
): string {
  if (read === "classic") return rateExpr(`${metric}_count`, window, matchers, by, perMinute);
  const r = aggregate("sum", by, `histogram_count(rate(${selector(metric, matchers)}[${window}]))`);
  return perMinute ? `${r} * 60` : r;
}

/** The observations of a histogram over a window: `sum(increase(m_count{…}[w]))`, native `sum(histogram_count(increase(m{…}[w])))`. */
export function countIncreaseExpr(metric: string, window: string, matchers: readonly Matcher[], by: readonly string[], read: HistogramRead): string {
  if (read === "classic") return increaseExpr(`${metric}_count`, window, matchers, by);
  return aggregate("sum", by, `histogram_count(increase(${selector(metric, matchers)}[${window}]))`);
}

/**
 * The `le` matcher of one bucket, right on every targeted version: every spelling the versions
 * store the edge as (compat/prometheus.ts `floatLabelSpellings`). Prometheus 3 stores the text
 * format's `le="5000"` as `le="5000.0"`, so a 3 target matches both:
 *
 *   5000, ["2.42"]  →  le="5000"
 *   5000, ["3"]     →  le=~"5000|5000\\.0"
 *   0.5,  ["3"]     →  le="0.5"           (one spelling in both)
 */
export function bucketMatcher(edge: number, versions: readonly PrometheusVersion[]): Matcher {
  return { label: "le", values: floatLabelSpellings(edge, versions) };
}

/**
 * The share of observations above a bucket edge: exactly "the q-quantile is above `edge`" when
 * the share exceeds 1 - q. Used when the threshold is the highest finite bucket, where
 * `histogram_quantile` caps its result at that edge and a `> edge` comparison could never hold.
 *
 *   1 - sum(rate(m_bucket{le="5000"}[5m])) / sum(rate(m_count[5m]))                 2.42
 *   1 - sum(rate(m_bucket{le=~"5000|5000\\.0"}[5m])) / sum(rate(m_count[5m]))      3, or both
 */
export function shareAboveExpr(
  metric: string,
  edge: number,
  window: string,
  matchers: readonly Matcher[],
  by: readonly string[],
  versions: readonly PrometheusVersion[],
): string {
  const bucket = selector(`${metric}_bucket`, [...matchers, bucketMatcher(edge, versions)]);
  const count = selector(`${metric}_count`, matchers);
  return `(1 - ${aggregate("sum", by, `rate(${bucket}[${window}])`)} / ${aggregate("sum", by, `rate(${count}[${window}])`)})`;
}

export function rateExpr(metric: string, window: string, matchers: readonly Matcher[], by: readonly string[], perMinute: boolean): string {
  const r = aggregate("sum", by, `rate(${selector(metric, matchers)}[${window}])`);
  return perMinute ? `${r} * 60` : r;
}

export function increaseExpr(metric: string, window: string, matchers: readonly Matcher[], by: readonly string[]): string {
  return aggregate("sum", by, `increase(${selector(metric, matchers)}[${window}])`);
}

export function valueExpr(metric: string, matchers: readonly Matcher[], agg: string | undefined, by: readonly string[], abs: boolean): string {
  let e = selector(metric, matchers);
  if (abs) e = `abs(${e})`;
  if (agg) e = aggregate(agg, by, e);
  return e;
}

export function ratioExpr(metric: string, window: string, numerator: readonly Matcher[], denominator: readonly Matcher[], by: readonly string[]): string {
  return `${aggregate("sum", by, `rate(${selector(metric, numerator)}[${window}])`)} / ${aggregate("sum", by, `rate(${selector(metric, denominator)}[${window}])`)}`;
}
