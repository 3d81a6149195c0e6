/**
 * Evaluates the PromQL a declarative condition compiles to (promql-builder.ts) on synthetic
 * series, with promql-model.ts's arithmetic of one Prometheus version: the value of the rule's
 * left-hand side at one evaluation time, per result series, before the comparison filters it.
 *
 *   rate       sum by (by) (rate(m{where}[w])) [* 60]
 *   increase   sum by (by) (increase(m{where}[w]))
 *   value      agg by (by) (abs(m{where}))            (each part optional)
 *   ratio      sum by (by) (rate(m{num}[w])) / sum by (by) (rate(m{den}[w]))
 *   quantile   histogram_quantile(q, sum by (le, by) (rate(m_bucket{where}[w])))
 *   share      1 - sum by (by) (rate(m_bucket{where, le="edge"}[w])) / sum by (by) (rate(m_count{where}[w]))
 */
import { type PrometheusVersion, QUERY_ARITHMETIC } from "../../compat/prometheus.js";
import { parseDuration } from "../../compat/go/duration.js";
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

/**
 * `extrapolatedRate` results per samples array, version and window (`windowMs * 2 + isRate`), by
 * evaluation time: candidates share series shapes, and it is pure.
 */
const rateCache = new WeakMap<readonly Sample[], Map<PrometheusVersion, Map<number, Map<number, number | null>>>>();

function cachedRate(samples: readonly Sample[], ts: number, windowMs: number, isRate: boolean, version: PrometheusVersion): number | null {
  let byVersion = rateCache.get(samples);
  if (!byVersion) rateCache.set(samples, (byVersion = new Map()));
  let byWindow = byVersion.get(version);
  if (!byWindow) byVersion.set(version, (byWindow = new Map()));
  const w = windowMs * 2 + (isRate ? 1 : 0);
  let byTs = byWindow.get(w);
  if (!byTs) byWindow.set(w, (byTs = new Map()));
  let v = byTs.get(ts);
  if (v === undefined) byTs.set(ts, (v = extrapolatedRate(samples, ts, windowMs, true, isRate, version)));
  return v;
}

function rates(series: readonly SeriesData[], ts: number, windowMs: number, isRate: boolean, version: PrometheusVersion): OutputSample[] {
  const out: OutputSample[] = [];
  for (const s of series) {
    const v = cachedRate(s.samples, ts, windowMs, isRate, version);
    if (v !== null) out.push({ labels: withoutName(s.labels), value: v });
  }
  return out;
}

/** The labels of an aggregation by nothing (`sum(…)`), shared: label sets are never modified. */
const NO_LABELS: Labels = Object.freeze({});

function pick(labels: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const n of names) if (labels[n] !== undefined && labels[n] !== "") out[n] = labels[n]!;
  return out;
}

/**
 * Go's `kahansum.Inc` (util/kahansum/kahansum.go, v3.14.0): adds `inc` to `sum`, carrying the
 * rounding error in `c` (Neumaier's variant: the larger operand decides).
 */
function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) return [t, 0];
  return [t, Math.abs(sum) >= Math.abs(inc) ? c + (sum - t + inc) : c + (inc - t + sum)];
}

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  /** 3's Kahan compensation, and whether `avg` switched to a running mean (the sum overflowed). */
  c: number;
  incremental: boolean;
}

/**
 * `op by (by) (…)` over samples in input order, with the float operations of `version`'s
 * aggregation (compat/prometheus.ts `QUERY_ARITHMETIC`): 2.42 sums plainly and keeps `avg` as a
 * running mean (promql/engine.go v2.42.0 lines 2444-2487); 3 sums with Kahan compensation and
 * divides the sum for `avg` (v3.14.0 lines 3705-3842, 3897-3960). `max` and `min` agree.
 */
export function aggregateBy(
  op: "sum" | "max" | "min" | "avg",
  samples: readonly OutputSample[],
  by: readonly string[],
  version: PrometheusVersion,
): OutputSample[] {
  const kahan = QUERY_ARITHMETIC[version].floatAggregation === "kahan";
  const groups = new Map<string, Group>();
  for (const s of samples) {
    const labels = by.length === 0 ? NO_LABELS : pick(s.labels, by);
    const key = labelsKey(labels);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { labels, value: s.value, mean: s.value, count: 1, c: 0, incremental: false });
      continue;
    }
    switch (op) {
      case "sum":
        if (kahan) [g.value, g.c] = kahanInc(s.value, g.value, g.c);
        else g.value += s.value;
        break;
      case "max":
        if (g.value < s.value || Number.isNaN(g.value)) g.value = s.value;
        break;
      case "min":
        if (g.value > s.value || Number.isNaN(g.value)) g.value = s.value;
        break;
      case "avg":
        g.count++;
        if (!kahan) {
          g.mean += s.value / g.count - g.mean / g.count;
          break;
        }
        if (!g.incremental) {
          const [v, c] = kahanInc(s.value, g.value, g.c);
          if (Number.isFinite(v) || Number.isNaN(v)) {
            [g.value, g.c] = [v, c];
            break;
          }
          g.incremental = true;
          g.mean = g.value / (g.count - 1);
          g.c /= g.count - 1;
        }
        {
          const q = (g.count - 1) / g.count;
          [g.mean, g.c] = kahanInc(s.value / g.count, q * g.mean, q * g.c);
        }
        break;
    }
  }
  return [...groups.values()].map((g) => {
    let value = g.value;
    if (op === "avg") value = !kahan ? g.mean : g.incremental ? g.mean + g.c : g.value / g.count + g.c / g.count;
    else if (op === "sum" && kahan) value = g.value + g.c;
    return { labels: g.labels, value };
  });
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

/** A share_above condition's bucket selector: its matchers and the edge's `le` spellings, made once per condition and versions. */
const shareMatchers = new WeakMap<ComparedCondition, WeakMap<readonly PrometheusVersion[], readonly Matcher[]>>();

function shareBucketMatchers(c: Extract<ComparedCondition, { kind: "quantile" }>, versions: readonly PrometheusVersion[]): readonly Matcher[] {
  let byVersions = shareMatchers.get(c);
  if (!byVersions) shareMatchers.set(c, (byVersions = new WeakMap()));
  let m = byVersions.get(versions);
  if (!m) byVersions.set(versions, (m = [...c.where, bucketMatcher(c.threshold.value, versions)]));
  return m;
}

/** The series name a rate/increase condition reads: a histogram's `_count`, else the metric. */
export function countedSeries(metric: string, type: string): string {
  return type === "histogram" ? `${metric}_count` : metric;
}

/**
 * The rule's left-hand side at `ts` (before the comparison), one sample per result series, as
 * `version` computes it. `metricType` is the type of the condition's metric; `versions`, the
 * targeted ones, decide the spellings a bucket matcher accepts (promql-builder.ts `bucketMatcher`).
 */
export function evaluateCondition(
  c: ComparedCondition,
  metricType: string,
  data: readonly SeriesData[],
  ts: number,
  version: PrometheusVersion,
  versions: readonly PrometheusVersion[],
): OutputSample[] {
  switch (c.kind) {
    case "rate": {
      const r = aggregateBy("sum", rates(select(data, countedSeries(c.metric, metricType), c.where), ts, windowMs(c.window), true, version), c.by, version);
      return c.per === "minute" ? r.map((s) => ({ labels: s.labels, value: s.value * 60 })) : r;
    }
    case "increase":
      return aggregateBy("sum", rates(select(data, countedSeries(c.metric, metricType), c.where), ts, windowMs(c.window), false, version), c.by, version);
    case "ratio": {
      const w = windowMs(c.window);
      return divide(
        aggregateBy("sum", rates(select(data, c.metric, c.numerator), ts, w, true, version), c.by, version),
        aggregateBy("sum", rates(select(data, c.metric, c.denominator), ts, w, true, version), c.by, version),
      );
    }
    case "value": {
      let samples: OutputSample[] = [];
      for (const s of select(data, c.metric, c.where)) {
        const v = instantValue(s.samples, ts, version);
        if (v !== null) samples.push({ labels: s.labels, value: v });
      }
      // abs() drops the metric name; a bare selector compared to a number keeps it.
      if (c.abs) samples = samples.map((s) => ({ labels: withoutName(s.labels), value: Math.abs(s.value) }));
      if (c.aggregate) samples = aggregateBy(c.aggregate, samples, c.by, version);
      return samples;
    }
    case "quantile": {
      const w = windowMs(c.window);
      if (c.method === "share_above") {
        const bucket = shareBucketMatchers(c, versions);
        const above = aggregateBy("sum", rates(select(data, `${c.metric}_bucket`, bucket), ts, w, true, version), c.by, version);
        const total = aggregateBy("sum", rates(select(data, `${c.metric}_count`, c.where), ts, w, true, version), c.by, version);
        return divide(above, total).map((s) => ({ labels: s.labels, value: 1 - s.value }));
      }
      const perLe = aggregateBy("sum", rates(select(data, `${c.metric}_bucket`, c.where), ts, w, true, version), ["le", ...c.by], version);
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
      return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(c.quantile, g.buckets, version) }));
    }
  }
}
