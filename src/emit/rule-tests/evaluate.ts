/**
 * Evaluates the PromQL a declarative condition compiles to (promql-builder.ts) on synthetic
 * series, with promql-model.ts's arithmetic: the value of the rule's left-hand side at one
 * evaluation time, per result series, before the comparison filters it.
 *
 *   rate       sum by (by) (rate(m{where}[w])) [* 60]
 *   increase   sum by (by) (increase(m{where}[w]))
 *   value      agg by (by) (abs(m{where}))            (each part optional)
 *   ratio      sum by (by) (rate(m{num}[w])) / sum by (by) (rate(m{den}[w]))
 *   quantile   histogram_quantile(q, sum by (le, by) (rate(m_bucket{where}[w])))
 *   share      1 - sum by (by) (rate(m_bucket{where, le="edge"}[w])) / sum by (by) (rate(m_count{where}[w]))
 */
import type { PrometheusVersion } from "../../compat/prometheus.js";
import { parseDuration } from "../../model/duration.js";
import { bucketMatcher, type Matcher } from "../../model/promql-builder.js";
import type { ResolvedCondition } from "../../model/resolved.js";
import {
  bucketQuantile,
  compareLabels,
  extrapolatedRate,
  instantValue,
  type Labels,
  labelsKey,
  type Sample,
  type SeriesData,
  withoutName,
} from "./promql-model.js";

export interface OutputSample {
  /** Labels of the result series; `__name__` only where PromQL keeps it (a bare selector). */
  readonly labels: Labels;
  readonly value: number;
}

export type ComparedCondition = Exclude<ResolvedCondition, { kind: "expr" }>;

function matches(labels: Labels, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => m.values.includes(labels[m.label] ?? ""));
}

function select(data: readonly SeriesData[], name: string, matchers: readonly Matcher[]): SeriesData[] {
  return data.filter((s) => s.labels.__name__ === name && matches(s.labels, matchers)).sort((a, b) => compareLabels(a.labels, b.labels));
}

/** `extrapolatedRate` results per samples array: candidates share series shapes, and it is pure. */
const rateCache = new WeakMap<readonly Sample[], Map<string, number | null>>();

function cachedRate(samples: readonly Sample[], ts: number, windowMs: number, isRate: boolean): number | null {
  let m = rateCache.get(samples);
  if (!m) rateCache.set(samples, (m = new Map()));
  const key = `${ts}|${windowMs}|${isRate}`;
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = extrapolatedRate(samples, ts, windowMs, true, isRate)));
  return v;
}

function rates(series: readonly SeriesData[], ts: number, windowMs: number, isRate: boolean): OutputSample[] {
  const out: OutputSample[] = [];
  for (const s of series) {
    const v = cachedRate(s.samples, ts, windowMs, isRate);
    if (v !== null) out.push({ labels: withoutName(s.labels), value: v });
  }
  return out;
}

function pick(labels: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const n of names) if (labels[n] !== undefined && labels[n] !== "") out[n] = labels[n]!;
  return out;
}

/** `op by (by) (…)` over samples in input order, with the float operations of Prometheus v2.42's aggregation. */
export function aggregateBy(op: "sum" | "max" | "min" | "avg", samples: readonly OutputSample[], by: readonly string[]): OutputSample[] {
  const groups = new Map<string, { labels: Labels; value: number; mean: number; count: number }>();
  for (const s of samples) {
    const labels = pick(s.labels, by);
    const key = labelsKey(labels);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { labels, value: s.value, mean: s.value, count: 1 });
      continue;
    }
    switch (op) {
      case "sum":
        g.value += s.value;
        break;
      case "max":
        if (g.value < s.value || Number.isNaN(g.value)) g.value = s.value;
        break;
      case "min":
        if (g.value > s.value || Number.isNaN(g.value)) g.value = s.value;
        break;
      case "avg":
        g.count++;
        g.mean += s.value / g.count - g.mean / g.count;
        break;
    }
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: op === "avg" ? g.mean : g.value }));
}

/** `a / b` between vectors, matched one-to-one on all labels. */
function divide(a: readonly OutputSample[], b: readonly OutputSample[]): OutputSample[] {
  const rhs = new Map(b.map((s) => [labelsKey(s.labels), s.value]));
  const out: OutputSample[] = [];
  for (const s of a) {
    const d = rhs.get(labelsKey(s.labels));
    if (d !== undefined) out.push({ labels: s.labels, value: s.value / d });
  }
  return out;
}

function windowMs(w: string): number {
  const ms = parseDuration(w);
  if (ms === undefined) throw new Error(`obsgen bug: window ${w} is not a duration`);
  return ms;
}

/** The series name a rate/increase condition reads: a histogram's `_count`, else the metric. */
export function countedSeries(metric: string, type: string): string {
  return type === "histogram" ? `${metric}_count` : metric;
}

/**
 * The rule's left-hand side at `ts` (before the comparison), one sample per result series.
 * `metricType` is the type of the condition's metric; `versions`, the targeted ones, decide the
 * spellings a bucket matcher accepts (promql-builder.ts `bucketMatcher`).
 */
export function evaluateCondition(
  c: ComparedCondition,
  metricType: string,
  data: readonly SeriesData[],
  ts: number,
  versions: readonly PrometheusVersion[],
): OutputSample[] {
  switch (c.kind) {
    case "rate": {
      const r = aggregateBy("sum", rates(select(data, countedSeries(c.metric, metricType), c.where), ts, windowMs(c.window), true), c.by);
      return c.per === "minute" ? r.map((s) => ({ labels: s.labels, value: s.value * 60 })) : r;
    }
    case "increase":
      return aggregateBy("sum", rates(select(data, countedSeries(c.metric, metricType), c.where), ts, windowMs(c.window), false), c.by);
    case "ratio": {
      const w = windowMs(c.window);
      return divide(
        aggregateBy("sum", rates(select(data, c.metric, c.numerator), ts, w, true), c.by),
        aggregateBy("sum", rates(select(data, c.metric, c.denominator), ts, w, true), c.by),
      );
    }
    case "value": {
      let samples: OutputSample[] = [];
      for (const s of select(data, c.metric, c.where)) {
        const v = instantValue(s.samples, ts);
        if (v !== null) samples.push({ labels: s.labels, value: v });
      }
      // abs() drops the metric name; a bare selector compared to a number keeps it.
      if (c.abs) samples = samples.map((s) => ({ labels: withoutName(s.labels), value: Math.abs(s.value) }));
      if (c.aggregate) samples = aggregateBy(c.aggregate, samples, c.by);
      return samples;
    }
    case "quantile": {
      const w = windowMs(c.window);
      if (c.method === "share_above") {
        const bucket = [...c.where, bucketMatcher(c.threshold.value, versions)];
        const above = aggregateBy("sum", rates(select(data, `${c.metric}_bucket`, bucket), ts, w, true), c.by);
        const total = aggregateBy("sum", rates(select(data, `${c.metric}_count`, c.where), ts, w, true), c.by);
        return divide(above, total).map((s) => ({ labels: s.labels, value: 1 - s.value }));
      }
      const perLe = aggregateBy("sum", rates(select(data, `${c.metric}_bucket`, c.where), ts, w, true), ["le", ...c.by]);
      const groups = new Map<string, { labels: Labels; buckets: { upperBound: number; count: number }[] }>();
      for (const s of perLe) {
        const le = s.labels.le ?? "";
        const upperBound = le === "+Inf" ? Infinity : Number(le);
        if (le === "" || Number.isNaN(upperBound)) continue;
        const { le: _, ...rest } = s.labels;
        const key = labelsKey(rest);
        const g = groups.get(key) ?? { labels: rest, buckets: [] };
        g.buckets.push({ upperBound, count: s.value });
        groups.set(key, g);
      }
      return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(c.quantile, g.buckets) }));
    }
  }
}
