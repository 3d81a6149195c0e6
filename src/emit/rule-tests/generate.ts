/**
 * Generated rule tests for alerts with a declarative condition (every kind but `expr`): synthetic
 * input series that cross the threshold and hold past `for`, the firing alert with its labels
 * and expanded annotations, the same alert evaluated one step before `for` elapses (pending, not
 * firing), and a control case just on the quiet side of the threshold.
 *
 * How every expected `$value` is exact, and the same on every Prometheus version obsgen models:
 * - every evaluation time is a multiple of the series interval (the interval divides the rule
 *   group's interval, which is the test's `evaluation_interval`), so range windows hold whole
 *   samples and the arithmetic is the one evaluate.ts/promql-model.ts reproduce;
 * - under a range window, samples fall halfway between evaluations (`_ 0 _ 3 _ 6` at half the
 *   interval), as scrapes and rule evaluations fall in a real server: no sample sits on a
 *   window's edge, so 2.42's closed windows and 3's left-open ones hold the same samples, and
 *   the zero-point clamp and the 1.1-gap threshold, which the versions apply in opposite orders,
 *   never both bite;
 * - every candidate and the alert's whole timeline are computed with each version's arithmetic
 *   and must agree (a difference is an obsgen bug, reported rather than written): promtool 2.42
 *   then proves the tests promtool 3 would run, whatever `le` spelling their input carries;
 * - counters grow linearly from 0 (`0+<inc>x<n>`), by integers or short binary fractions, so
 *   promtool's accumulated samples are exact; histograms and ratios are built from whole
 *   observations per second (each series grows by `interval seconds × count`);
 * - candidates are ranked on the reproduced result: one whose value prints short (no binary
 *   noise such as `0.30000000000000004`) and lands where wanted wins, and the alert's state is
 *   simulated step by step (pending at the first true evaluation, firing `for` later) to pick
 *   the evaluation times.
 *
 * Input series carry `le` as each targeted version stores it (`le="5000"` for 2.42,
 * `le="5000.0"` for 3); where the spellings differ, each version gets its own cases.
 */
import { ingestedFloatLabel, PROMETHEUS_VERSIONS, PROMTOOL_NATIVE_HISTOGRAM_INPUT_SINCE, type PrometheusVersion, SEMANTICS } from "../../compat/prometheus.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { formatDuration, parseDuration } from "../../compat/go/duration.js";
import { formatNumber, subExact } from "../../model/numbers.js";
import { histogramRead, type Matcher, promqlString } from "../../model/promql-builder.js";
import type { ResolvedAlert, ResolvedCatalog, ResolvedMetric } from "../../model/resolved.js";
import { type ComparedCondition, countedSeries, evaluateCondition, type OutputSample } from "./evaluate.js";
import { shortestDecimal } from "../../compat/go/float.js";
import { goV } from "../../compat/go/fmt.js";
import { renderTemplate, TemplateUnsupportedError } from "./go-template.js";
import {
  bucketQuantile,
  compareOp,
  expandNotation,
  extrapolatedRate,
  formatNotation,
  type Labels,
  labelsKey,
  notationNumber,
  type Sample,
  samplesOf,
  type SeriesData,
  withoutName,
} from "./promql-model.js";
import type { GeneratorResult, RuleTestAlert, RuleTestCase, RuleTestGenerator } from "./types.js";

/** Value of an open label without examples in generated series. */
const OPEN_LABEL_FALLBACK = "example";

/**
 * Every Prometheus version whose arithmetic a generated case must agree with: all modelled ones,
 * whatever the catalog targets, because promtool 2.42 runs (and so proves) the cases written for 3.
 */
const ARITHMETICS: readonly PrometheusVersion[] = PROMETHEUS_VERSIONS;

/** Where a case's samples fall: every `stepMs` from `offsetMs` (0, or half a step under a range window). */
interface Layout {
  readonly stepMs: number;
  readonly offsetMs: number;
}

/** One synthetic series: `start`, then `inc` more at every sample of the layout. */
interface SeriesPlan {
  /** With `__name__`, without `le`. */
  readonly labels: Labels;
  /** A `_bucket` series' upper bound: its `le`, spelled as each version stores it. */
  readonly le?: number;
  readonly start: number;
  readonly inc: number;
}

/** Bucket series' labels by spelling: the same object each time, so what is derived from them is computed once (promql-model.ts). */
const spelledLabels = new WeakMap<Labels, Map<string, Labels>>();

/** A series' labels as `version` stores them: `le="5000"` in 2.42, `le="5000.0"` in 3. */
function labelsOf(s: SeriesPlan, version: PrometheusVersion): Labels {
  if (s.le === undefined) return s.labels;
  let byLe = spelledLabels.get(s.labels);
  if (!byLe) spelledLabels.set(s.labels, (byLe = new Map()));
  const le = ingestedFloatLabel(s.le, version);
  let labels = byLe.get(le);
  if (!labels) byLe.set(le, (labels = { ...s.labels, le }));
  return labels;
}

/** Samples of a layout at or before `untilMs`. */
function sampleCount(layout: Layout, untilMs: number): number {
  return untilMs < layout.offsetMs ? 0 : Math.floor((untilMs - layout.offsetMs) / layout.stepMs) + 1;
}

interface Candidate {
  readonly series: readonly SeriesPlan[];
}

interface Ctx {
  readonly model: ResolvedCatalog;
  readonly alert: ResolvedAlert;
  readonly metric: ResolvedMetric;
  readonly cond: ComparedCondition;
  /** The versions the catalog targets: each gets its input spelling. */
  readonly versions: readonly PrometheusVersion[];
  /** Evaluation interval (the rule group's), series interval, range window, `for`: milliseconds. */
  readonly evalMs: number;
  readonly seriesMs: number;
  readonly layout: Layout;
  readonly windowMs: number;
  readonly forMs: number;
  /** First aligned evaluation time at which the window holds only the synthetic series' steady part. */
  readonly steadyMs: number;
  /** The comparison as the rule has it (a share_above rule compares with `>` and `1 - q`). */
  readonly op: string;
  readonly threshold: number;
}

/** `name{a="x", b="y"}`, labels sorted. */
export function seriesText(labels: Labels): string {
  const { __name__: name = "", ...rest } = labels;
  const keys = Object.keys(rest).sort();
  return keys.length === 0 ? name : `${name}{${keys.map((k) => `${k}=${promqlString(rest[k]!)}`).join(", ")}}`;
}

/** Labels a Prometheus target attaches (valid in `by` without being declared): their values for the metric's first service. */
function targetLabelValue(model: ResolvedCatalog, metric: ResolvedMetric, label: string): string {
  const svc = model.services.find((s) => s.name === (metric.service ?? metric.exposedBy[0]));
  if (label === "job") return svc?.name ?? OPEN_LABEL_FALLBACK;
  if (label === "instance") return svc ? `${svc.host}:${svc.metricsPort}` : OPEN_LABEL_FALLBACK;
  if (label === "service") return svc?.label ?? OPEN_LABEL_FALLBACK;
  return OPEN_LABEL_FALLBACK;
}

/**
 * Labels of a synthetic series: every declared label (the matched value where `where` names it,
 * else a closed label's first value or an open label's first example), plus target labels the
 * aggregation keeps (`by (job)`).
 */
function baseLabels(ctx: Ctx, matchers: readonly Matcher[], by: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of ctx.metric.labels) {
    const m = matchers.find((x) => x.label === l.name);
    out[l.name] = m ? m.values[0]! : l.kind === "closed" ? l.values[0]! : (l.examples[0] ?? OPEN_LABEL_FALLBACK);
  }
  for (const b of by) if (!(b in out)) out[b] = targetLabelValue(ctx.model, ctx.metric, b);
  return out;
}

/** Samples of `start+incxcount` on a layout, shared between candidates (the rate cache in evaluate.ts keys on the array). */
const samplesCache = new Map<string, readonly Sample[]>();

function samplesFor(start: number, inc: number, layout: Layout, untilMs: number): readonly Sample[] {
  const count = sampleCount(layout, untilMs);
  const key = `${start}|${inc}|${count}|${layout.stepMs}|${layout.offsetMs}`;
  let samples = samplesCache.get(key);
  if (!samples) {
    if (samplesCache.size > 50_000) samplesCache.clear();
    samples = count === 0 ? [] : samplesOf(expandNotation(start, inc, count - 1), layout.stepMs).map((p) => ({ t: p.t + layout.offsetMs, v: p.v }));
    samplesCache.set(key, samples);
  }
  return samples;
}

/** The series as `spelling` stores them, up to `untilMs`. */
function dataOf(series: readonly SeriesPlan[], layout: Layout, untilMs: number, spelling: PrometheusVersion): SeriesData[] {
  return series.map((s) => ({ labels: labelsOf(s, spelling), samples: samplesFor(s.start, s.inc, layout, untilMs) }));
}

/** The rule's left-hand side at `ts` with one version's arithmetic: exactly one result series expected. */
function valueUnder(
  ctx: Ctx,
  c: Candidate,
  ts: number,
  arithmetic: PrometheusVersion,
  data = dataOf(c.series, ctx.layout, ts, ctx.versions[0]!),
): OutputSample | null {
  const out = evaluateCondition(ctx.cond, ctx.metric.type, data, ts, arithmetic, ctx.versions);
  return out.length === 1 ? out[0]! : null;
}

/** The rule's left-hand side at `ts` when every version computes the same; null when one has no single result or they differ. */
function valueAt(ctx: Ctx, c: Candidate, ts: number): OutputSample | null {
  // One input (the first targeted version's spelling), evaluated with each version's arithmetic.
  const data = dataOf(c.series, ctx.layout, ts, ctx.versions[0]!);
  let agreed: OutputSample | null = null;
  for (const v of ARITHMETICS) {
    const out = valueUnder(ctx, c, ts, v, data);
    if (!out) return null;
    if (agreed && (!Object.is(agreed.value, out.value) || labelsKey(agreed.labels) !== labelsKey(out.labels))) return null;
    agreed = out;
  }
  return agreed;
}

/** Significant digits of a value written shortest: `18` → 2, `0.015625` → 5, `0.30000000000000004` → 17. */
function digits(v: number): number {
  return Number.isFinite(v) ? Math.max(1, shortestDecimal(Math.abs(v)).d.length) : 99;
}

/** Short enough to read: no binary noise such as `0.30000000000000004`. */
function clean(v: number): boolean {
  return digits(v) <= 9;
}

/** Significant digits, memoised: candidates repeat values. */
const digitsCache = new Map<number, number>();
function digitsOf(v: number): number {
  let d = digitsCache.get(v);
  if (d === undefined) {
    if (digitsCache.size > 100_000) digitsCache.clear();
    digitsCache.set(v, (d = digits(v)));
  }
  return d;
}

interface Scored<T> {
  readonly item: T;
  readonly value: number;
}

/**
 * The best candidate on the wanted side of the comparison: inside the band (`[lo, hi]`, where the
 * value should land), then clean, then with the fewest digits, then nearest `target`.
 */
function choose<T>(ctx: Ctx, scored: readonly Scored<T>[], fires: boolean, target: number, band: readonly [number, number]): Scored<T> | undefined {
  const ok = scored.filter((s) => !Number.isNaN(s.value) && compareOp(ctx.op, s.value, ctx.threshold) === fires);
  const inBand = (v: number) => (v >= band[0] && v <= band[1] ? 0 : 1);
  // Firing: short values near the target. Quiet: the threshold itself when reachable, else short
  // values within a fifth of the threshold, nearest first.
  const key = (s: Scored<T>): number[] =>
    fires
      ? [inBand(s.value), digitsOf(s.value) <= 9 ? 0 : 1, digitsOf(s.value), Math.abs(s.value - target)]
      : [
          inBand(s.value),
          digitsOf(s.value) <= 9 ? 0 : 1,
          s.value === ctx.threshold ? 0 : 1,
          Math.floor(Math.abs(s.value - ctx.threshold) / (Math.abs(ctx.threshold) / 5 || 1)),
          digitsOf(s.value),
          Math.abs(s.value - ctx.threshold),
        ];
  let best: Scored<T> | undefined;
  let bestKey: number[] = [];
  for (const s of ok) {
    const k = key(s);
    let better = best === undefined;
    for (let i = 0; !better && i < k.length; i++) {
      if (k[i] !== bestKey[i]) {
        better = k[i]! < bestKey[i]!;
        break;
      }
    }
    if (better) {
      best = s;
      bestKey = k;
    }
  }
  return best;
}

/** Where a firing value should land: well past the threshold, on its side, within `[min, max]` when the unit bounds it. */
function firingTarget(op: string, thr: number, max = Infinity, min = -Infinity): number {
  switch (op) {
    case ">":
    case ">=":
      if (thr < max && thr * 2 > max) return (thr + max) / 2;
      return thr > 0 ? thr * 2 : thr === 0 ? 5 : thr / 2;
    case "<":
    case "<=":
      if (thr > min && thr * 2 < min) return (thr + min) / 2;
      return thr > 0 ? thr / 2 : thr === 0 ? -5 : thr * 2;
    case "==":
      return thr;
    default:
      return thr === 0 ? 1 : thr * 2;
  }
}

/** The band a firing value should land in: within a factor of two of the target. */
function fireBand(target: number): [number, number] {
  if (target === 0) return [-16, 16];
  const a = target / 2;
  const b = target * 2;
  return [Math.min(a, b), Math.max(a, b)];
}

/** The band a quiet value should land in: on the threshold, or at most half of it away. */
function quietBand(thr: number): [number, number] {
  const d = Math.abs(thr) / 2;
  return [thr - d, thr + d];
}

/** Upper bound of the unit's values, if any (a percentage tops at 100, a ratio at 1). */
function unitMax(metric: ResolvedMetric): number {
  return metric.unit === "percent" ? 100 : metric.unit === "ratio" ? 1 : Infinity;
}

function scoreAll(ctx: Ctx, cands: readonly Candidate[]): Scored<Candidate>[] {
  const out: Scored<Candidate>[] = [];
  for (const c of cands) {
    const s = valueAt(ctx, c, ctx.steadyMs);
    if (s) out.push({ item: c, value: s.value });
  }
  return out;
}

/** Integers and short binary fractions near each base: increments whose sums stay exact. */
function nearIncrements(bases: readonly number[]): number[] {
  const set = new Set<number>([0]);
  for (const base of bases) {
    if (!Number.isFinite(base) || base < 0) continue;
    for (let j = 0; j <= 6; j++) {
      const scale = 2 ** j;
      const r = Math.round(base * scale);
      for (let d = -2; d <= 2; d++) if (r + d >= 0) set.add((r + d) / scale);
    }
  }
  return [...set].sort((a, b) => a - b);
}

type Pair = { readonly fire: Candidate; readonly quiet: Candidate } | { readonly error: string };

function pairOf(ctx: Ctx, scored: readonly Scored<Candidate>[], fireTarget: number): Pair {
  const fire = choose(ctx, scored, true, fireTarget, fireBand(fireTarget));
  if (!fire) return { error: `no input found on which \`${ctx.op} ${formatNumber(ctx.threshold)}\` holds` };
  const quiet = choose(ctx, scored, false, ctx.threshold, quietBand(ctx.threshold));
  if (!quiet) return { error: `no input found on which \`${ctx.op} ${formatNumber(ctx.threshold)}\` does not hold` };
  return { fire: fire.item, quiet: quiet.item };
}

function rateCandidates(ctx: Ctx): Pair {
  const c = ctx.cond as Extract<ComparedCondition, { kind: "rate" | "increase" }>;
  const name = countedSeries(c.metric, ctx.metric.type);
  const labels = { __name__: name, ...baseLabels(ctx, c.where, c.by) };
  // Increment per sample that yields one unit of the compared value.
  const perUnit = c.kind === "rate" ? ctx.seriesMs / 1000 / (c.per === "minute" ? 60 : 1) : ctx.seriesMs / ctx.windowMs;
  const target = firingTarget(ctx.op, ctx.threshold, Infinity, 0);
  const cands = nearIncrements([target * perUnit, ctx.threshold * perUnit]).map((inc) => ({ series: [{ labels, start: 0, inc }] }));
  return pairOf(ctx, scoreAll(ctx, cands), target);
}

/** A label and value that put a series in the denominator but not the numerator of a ratio. */
function otherSeriesLabels(ctx: Ctx, num: Record<string, string>): Record<string, string> | null {
  const c = ctx.cond as Extract<ComparedCondition, { kind: "ratio" }>;
  for (const m of c.numerator) {
    const decl = ctx.metric.labels.find((l) => l.name === m.label);
    if (!decl) continue;
    const den = c.denominator.find((d) => d.label === m.label);
    const pool = decl.kind === "closed" ? decl.values : [...decl.examples, `${decl.examples[0] ?? OPEN_LABEL_FALLBACK}_other`];
    const value = pool.find((v) => !m.values.includes(v) && (!den || den.values.includes(v)));
    if (value !== undefined) return { ...num, [m.label]: value };
  }
  return null;
}

/**
 * Whole counts per second whose ratio is near each target: `p/q` for denominators that give short
 * decimals, scaled by small multipliers. Rates computed from counters are not always the whole
 * number they look like (`rate` multiplies by a rounded `1/range`: 31/s over 5m comes out as
 * 31.000000000000004), so scaled copies of one fraction give the ranking a choice of exact ones.
 */
function fractions(targets: readonly number[]): [number, number][] {
  const out = new Map<string, [number, number]>();
  const denominators = [1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 40, 50, 64, 100, 128, 200, 256, 512, 1024];
  for (const q of denominators) {
    for (const t of targets) {
      if (!Number.isFinite(t)) continue;
      for (let d = -1; d <= 1; d++) {
        const p = Math.round(t * q) + d;
        if (p < 0 || p > q) continue;
        for (const m of [1, 3, 5, 7]) out.set(`${p * m}/${q * m}`, [p * m, q * m]);
      }
    }
  }
  return [...out.values()];
}

function ratioCandidates(ctx: Ctx): Pair {
  const c = ctx.cond as Extract<ComparedCondition, { kind: "ratio" }>;
  const base = baseLabels(ctx, [...c.denominator, ...c.numerator], c.by);
  const numLabels = { __name__: c.metric, ...base };
  const other = otherSeriesLabels(ctx, base);
  const perSecond = ctx.seriesMs / 1000;
  const target = ctx.op.startsWith(">") ? firingTarget(ctx.op, ctx.threshold, 1) : firingTarget(ctx.op, ctx.threshold, Infinity, 0);
  const cands: Candidate[] = [];
  for (const [a, total] of fractions([target, ctx.threshold])) {
    if (other === null && a !== total) continue;
    const series: SeriesPlan[] = [{ labels: numLabels, start: 0, inc: a * perSecond }];
    if (other) series.push({ labels: { __name__: c.metric, ...other }, start: 0, inc: (total - a) * perSecond });
    cands.push({ series });
  }
  return pairOf(ctx, scoreAll(ctx, cands), target);
}

function shareCandidates(ctx: Ctx): Pair {
  const c = ctx.cond as Extract<ComparedCondition, { kind: "quantile" }>;
  const base = baseLabels(ctx, c.where, c.by);
  const perSecond = ctx.seriesMs / 1000;
  const target = firingTarget(">", ctx.threshold, 1);
  // Every candidate's series carry the same labels: one object each (promql-model.ts derives from them once).
  const bucketLabels = { __name__: `${c.metric}_bucket`, ...base };
  const countLabels = { __name__: `${c.metric}_count`, ...base };
  const cands: Candidate[] = fractions([target, ctx.threshold]).map(([above, total]) => ({
    series: [
      { labels: bucketLabels, le: c.threshold.value, start: 0, inc: (total - above) * perSecond },
      { labels: countLabels, start: 0, inc: total * perSecond },
    ],
  }));
  return pairOf(ctx, scoreAll(ctx, cands), target);
}

/** Decimal places of a number written shortest (`0.999` → 3). */
function decimals(n: number): number {
  const d = shortestDecimal(Math.abs(n));
  return Math.max(0, d.d.length - d.dp);
}

function quantileCandidates(ctx: Ctx): Pair {
  const c = ctx.cond as Extract<ComparedCondition, { kind: "quantile" }>;
  const edges = ctx.metric.buckets ?? [];
  const n = edges.length;
  const base = baseLabels(ctx, c.where, c.by);
  const perSecond = ctx.seriesMs / 1000;
  const total = 100 * 10 ** Math.max(0, decimals(c.quantile) - 2);
  const lower = (j: number) => (j === 0 ? Math.min(0, edges[0]!) : edges[j - 1]!);
  // Where the firing quantile should land: the middle of the bucket just past the threshold.
  let target: number;
  if (ctx.op.startsWith(">")) {
    const j = edges.findIndex((e) => e > ctx.threshold);
    if (j < 0) return { error: `histogram_quantile never exceeds the top bucket (${formatNumber(edges[n - 1] ?? 0)}): the alert cannot fire` };
    target = (Math.max(lower(j), ctx.threshold) + edges[j]!) / 2;
  } else if (ctx.op.startsWith("<")) {
    const j = edges.findIndex((_, i) => lower(i) < ctx.threshold);
    if (j < 0) return { error: `histogram_quantile is never below ${formatNumber(ctx.threshold)} with these buckets: the alert cannot fire` };
    target = (lower(j) + Math.min(edges[j]!, ctx.threshold)) / 2;
  } else target = firingTarget(ctx.op, ctx.threshold);

  // Rank candidate distributions with the reproduced arithmetic on memoised per-bucket rates
  // (every bucket series has the same shape); the chosen ones are re-evaluated in full later.
  // A rate the versions compute differently is NaN: no candidate is built on it.
  const memo = new Map<number, number>();
  const rateOf = (cum: number): number => {
    let r = memo.get(cum);
    if (r === undefined) {
      const samples = samplesFor(0, cum * perSecond, ctx.layout, ctx.steadyMs);
      const each = ARITHMETICS.map((v) => extrapolatedRate(samples, ctx.steadyMs, ctx.windowMs, true, true, v) ?? NaN);
      r = each.every((x) => Object.is(x, each[0])) ? each[0]! : NaN;
      memo.set(cum, r);
    }
    return r;
  };
  const bounds = [...edges, Infinity];
  const scored: Scored<number[]>[] = [];
  // One set of buckets, refilled for each candidate (bucketQuantile only reads it).
  const buckets = bounds.map((upperBound) => ({ upperBound, count: 0 }));
  const consider = (obs: number[]) => {
    let cum = 0;
    for (let j = 0; j < buckets.length; j++) {
      cum += obs[j] ?? 0;
      buckets[j]!.count = rateOf(cum);
    }
    const each = ARITHMETICS.map((v) => bucketQuantile(c.quantile, buckets, v));
    scored.push({ item: obs, value: each.every((x) => Object.is(x, each[0])) ? each[0]! : NaN });
  };
  const qn = Math.round(c.quantile * total);
  const splits = new Set<number>([qn - 1, qn, qn + 1, 2 * qn - total - 1, 2 * qn - total, 2 * qn - total + 1]);
  for (let i = 1; i < 20; i++) splits.add((total * i) / 20);
  for (let j1 = 0; j1 <= n; j1++) {
    const single = new Array<number>(n + 1).fill(0);
    single[j1] = total;
    consider(single);
    for (let j2 = j1 + 1; j2 <= n; j2++) {
      for (const k of splits) {
        if (k <= 0 || k >= total || !Number.isInteger(k)) continue;
        const obs = new Array<number>(n + 1).fill(0);
        obs[j1] = k;
        obs[j2] = total - k;
        consider(obs);
      }
    }
  }
  const bucketLabels = { __name__: `${c.metric}_bucket`, ...base };
  const toCandidate = (obs: readonly number[]): Candidate => {
    let cum = 0;
    return {
      series: bounds.map((b, j) => {
        cum += obs[j] ?? 0;
        return { labels: bucketLabels, le: b, start: 0, inc: cum * perSecond };
      }),
    };
  };
  const fire = choose(ctx, scored, true, target, [Math.min(target, ctx.threshold), Math.max(target, ctx.threshold) * 2]);
  const quiet = choose(ctx, scored, false, ctx.threshold, quietBand(ctx.threshold));
  if (!fire) return { error: `no bucket counts found whose quantile is ${ctx.op} ${formatNumber(ctx.threshold)}` };
  if (!quiet) return { error: `no bucket counts found whose quantile is not ${ctx.op} ${formatNumber(ctx.threshold)}` };
  return { fire: toCandidate(fire.item), quiet: toCandidate(quiet.item) };
}

/** A gauge (or counter) value one decimal step from `thr`. */
function nudge(thr: number, dir: 1 | -1): number {
  const step = thr === 0 ? 1 : 10 ** (Math.floor(Math.log10(Math.abs(thr))) - 1);
  return dir > 0 ? subExact(thr, -step) : subExact(thr, step);
}

function valueCandidates(ctx: Ctx): Pair {
  const c = ctx.cond as Extract<ComparedCondition, { kind: "value" }>;
  const labels = { __name__: c.metric, ...baseLabels(ctx, c.where, c.by) };
  const thr = ctx.threshold;
  const fireValue = firingTarget(ctx.op, thr, unitMax(ctx.metric));
  const quietValue =
    ctx.op === ">" || ctx.op === "<" || ctx.op === "!=" ? thr : ctx.op === ">=" ? nudge(thr, -1) : ctx.op === "<=" ? nudge(thr, 1) : nudge(thr, 1);
  // Under abs(), a negative sample proves the absolute value is taken.
  const input = (v: number) => (c.abs && v > 0 ? -v : v);
  const cands = [fireValue, quietValue].map((v) => ({ series: [{ labels, start: input(v), inc: 0 }] }));
  return pairOf(ctx, scoreAll(ctx, cands), fireValue);
}

interface AlertState {
  readonly state: "pending" | "firing";
  readonly sample: OutputSample;
}

/**
 * The alert's instances at each evaluation time, as Prometheus's AlertingRule.Eval moves them,
 * on input spelled as `spelling` stores it and with `arithmetic`'s PromQL.
 */
function simulate(ctx: Ctx, c: Candidate, horizonMs: number, spelling: PrometheusVersion, arithmetic: PrometheusVersion): Map<number, AlertState[]> {
  const data = dataOf(c.series, ctx.layout, horizonMs, spelling);
  const active = new Map<string, { activeAt: number; state: "pending" | "firing"; sample: OutputSample }>();
  const timeline = new Map<number, AlertState[]>();
  for (let ts = 0; ts <= horizonMs; ts += ctx.evalMs) {
    const out = evaluateCondition(ctx.cond, ctx.metric.type, data, ts, arithmetic, ctx.versions).filter((s) => compareOp(ctx.op, s.value, ctx.threshold));
    const seen = new Set<string>();
    for (const s of out) {
      const key = labelsKey(withoutName(s.labels));
      seen.add(key);
      const a = active.get(key);
      if (a) a.sample = s;
      else active.set(key, { activeAt: ts, state: "pending", sample: s });
    }
    for (const [key, a] of active) {
      if (!seen.has(key)) active.delete(key);
      else if (a.state === "pending" && ts - a.activeAt >= ctx.forMs) a.state = "firing";
    }
    timeline.set(
      ts,
      [...active.values()].map((a) => ({ state: a.state, sample: a.sample })),
    );
  }
  return timeline;
}

/** The alert as promtool reports it: result labels without `__name__` under the rule's labels, annotations expanded. */
export function expectedAlert(alert: ResolvedAlert, labels: Labels, value: number | null): RuleTestAlert {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(alert.annotations)) annotations[k] = renderTemplate(v, { labels, value });
  return { labels: expectedLabels(alert, labels, value), annotations: sortKeys(annotations) };
}

/** The alert's labels: the result series' (without `__name__`) under the rule's, expanded. */
export function expectedLabels(alert: ResolvedAlert, labels: Labels, value: number | null): Record<string, string> {
  const ruleLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(alert.labels)) ruleLabels[k] = renderTemplate(v, { labels, value });
  return sortKeys({ ...withoutName(labels), ...ruleLabels });
}

export function sortKeys(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The input series up to `untilMs` as `spelling` stores them: `0+3x20` on an aligned layout;
 * under a range window, a blank at every evaluation step and the sample half a step later
 * (`_ 0 _ 3 _ 6`, at an `interval` of half the step).
 */
function inputSeries(c: Candidate, layout: Layout, untilMs: number, spelling: PrometheusVersion) {
  const count = sampleCount(layout, untilMs);
  return c.series.map((s) => ({
    series: seriesText(labelsOf(s, spelling)),
    values:
      layout.offsetMs === 0
        ? formatNotation(s.start, s.inc, count - 1)
        : expandNotation(s.start, s.inc, count - 1)
            .map((v) => `_ ${notationNumber(v)}`)
            .join(" "),
  }));
}

/** promtool's `interval` of a layout's input: the step, or half of it with a blank before each sample. */
function inputInterval(layout: Layout): string {
  return formatDuration(layout.offsetMs === 0 ? layout.stepMs : layout.offsetMs);
}

type Timeline = Map<number, AlertState[]>;

/** The first evaluation time at which two timelines differ, with each one's instances there. */
function firstDifference(a: Timeline, b: Timeline): { ts: number; a: string; b: string } | null {
  const show = (states: readonly AlertState[] | undefined) =>
    (states ?? []).map((s) => `${s.state} ${labelsKey(withoutName(s.sample.labels))} ${goV(s.sample.value)}`).join("; ") || "nothing";
  for (const ts of new Set([...a.keys(), ...b.keys()])) {
    const x = show(a.get(ts));
    const y = show(b.get(ts));
    if (x !== y) return { ts, a: x, b: y };
  }
  return null;
}

/**
 * The alert's timeline on an input, the same with every targeted spelling and every version's
 * arithmetic; else why not (an obsgen bug: the layout is chosen so that they agree).
 */
function agreedTimeline(ctx: Ctx, c: Candidate, horizonMs: number, which: string): Timeline | { readonly error: string } {
  const reference = simulate(ctx, c, horizonMs, ctx.versions[0]!, ARITHMETICS[0]!);
  for (const spelling of ctx.versions) {
    for (const arithmetic of ARITHMETICS) {
      if (spelling === ctx.versions[0] && arithmetic === ARITHMETICS[0]) continue;
      const d = firstDifference(reference, simulate(ctx, c, horizonMs, spelling, arithmetic));
      if (d) {
        const name = (s: PrometheusVersion, a: PrometheusVersion) => `${SEMANTICS[a].release} on input as ${SEMANTICS[s].release} stores it`;
        return {
          error: `the ${which} input's expected alerts differ at ${formatDuration(d.ts)}: ${name(ctx.versions[0]!, ARITHMETICS[0]!)} gives ${d.a}, ${name(spelling, arithmetic)} gives ${d.b} (an obsgen bug: please report it)`,
        };
      }
    }
  }
  return reference;
}

/** Path of the catalog field an annotation comes from. */
function annotationPath(alert: ResolvedAlert, key: string): string {
  return ["summary", "description", "action"].includes(key) ? `${alert.path}.${key}` : `${alert.path}.annotations.${key}`;
}

/** The annotation or label whose template cannot be rendered, with the construct. */
function unrenderable(alert: ResolvedAlert): { key: string; what: string; label: boolean } | null {
  const data = { labels: {}, value: 1 };
  for (const [k, v] of Object.entries(alert.labels)) {
    try {
      renderTemplate(v, data);
    } catch (e) {
      if (e instanceof TemplateUnsupportedError) return { key: k, what: e.message, label: true };
      throw e;
    }
  }
  for (const [k, v] of Object.entries(alert.annotations)) {
    try {
      renderTemplate(v, data);
    } catch (e) {
      if (e instanceof TemplateUnsupportedError) return { key: k, what: e.message, label: false };
      throw e;
    }
  }
  return null;
}

function describeValue(op: string, thr: number, v: number, fires: boolean): string {
  return `$value ${goV(v)} (${fires ? "" : "not "}${op} ${formatNumber(thr)})`;
}

function generateFor(alert: ResolvedAlert, model: ResolvedCatalog): GeneratorResult | null {
  const cond = alert.condition;
  if (cond.kind === "expr") return null;
  const metric = model.metrics.find((m) => m.name === cond.metric);
  if (!metric) return { kind: "unsupported", reason: `metric ${cond.metric} not in the catalog` };
  // A native-only histogram's input would be written as native samples (`{{schema:0 sum:5 …}}`),
  // which promtool reads only from 2.47 (PROMTOOL_NATIVE_HISTOGRAM_INPUT_SINCE) while obsgen's
  // tests run promtool 2.42, and the evaluator here computes classic buckets only. Reported
  // uncovered, never written unproven.
  if (histogramRead(metric) === "native") {
    return {
      kind: "unsupported",
      reason: `reads the native histogram ${metric.name}: promtool reads native-histogram input only from ${PROMTOOL_NATIVE_HISTOGRAM_INPUT_SINCE} and obsgen models classic buckets only; write the cases in the alert's \`tests\``,
    };
  }
  const group = model.ruleGroups.find((g) => g.name === alert.ruleGroup);
  const evalMs = parseDuration(group?.interval ?? "") ?? 0;
  if (evalMs <= 0) return { kind: "unsupported", reason: `rule group ${alert.ruleGroup} without an evaluation interval` };
  const versions = model.prometheus.versions;
  // The comparison as the rule has it, from the condition compiled once by resolve (the rule's
  // expression is `<lhs> <op> <threshold>`), never read back out of the PromQL text.
  const cmp = alert.compiled;
  if (!cmp) return null;

  const bad = unrenderable(alert);
  if (bad) {
    const reason = `the ${bad.label ? "label" : "annotation"} \`${bad.key}\` uses ${bad.what}, which obsgen cannot render`;
    if (alert.tests.length > 0) return { kind: "unsupported", reason };
    const diagnostic: Diagnostic = {
      code: "rule-tests/unrenderable-template",
      severity: "error",
      message: `alert ${alert.name}: cannot generate its rule test: ${reason}`,
      path: bad.label ? `${alert.path}.labels.${bad.key}` : annotationPath(alert, bad.key),
      hint: "use only $value, $labels.<name>, humanize, humanize1024, humanizePercentage, humanizeDuration, printf, toUpper or toLower; or write the alert's cases by hand in `tests` (generation is then skipped)",
    };
    return { kind: "unsupported", reason, diagnostic };
  }

  const windowMs = "window" in cond ? (parseDuration(cond.window) ?? 0) : 0;
  // Samples at the evaluation interval, finer when a window would hold fewer than three (so
  // never a window of one interval, which holds a single sample in 3 and no rate), or when the
  // window's start would fall on a sample halfway between evaluations.
  let seriesMs = evalMs;
  while (windowMs > 0 && (windowMs < 3 * seriesMs || windowMs % seriesMs === seriesMs / 2) && seriesMs % 2000 === 0) seriesMs /= 2;
  if (windowMs > 0 && seriesMs % 2 !== 0) {
    return {
      kind: "unsupported",
      reason: `rule group ${alert.ruleGroup}'s interval ${group!.interval} is an odd number of milliseconds: samples cannot fall halfway between evaluations`,
    };
  }
  // Under a range window, samples halfway between evaluations: no sample on a window's edge.
  const layout: Layout = { stepMs: seriesMs, offsetMs: windowMs > 0 ? seriesMs / 2 : 0 };
  const forMs = parseDuration(alert.for) ?? 0;
  // The first evaluation whose window no longer holds the first sample (a counter's 0, where
  // extrapolation stops at the zero point): from there on, a linear counter's rate is constant.
  const steadyMs = windowMs > 0 ? (Math.floor((windowMs + layout.offsetMs) / evalMs) + 1) * evalMs : evalMs;
  const ctx: Ctx = { model, alert, metric, cond, versions, evalMs, seriesMs, layout, windowMs, forMs, steadyMs, op: cmp.op, threshold: cmp.threshold };

  const pair =
    cond.kind === "rate" || cond.kind === "increase"
      ? rateCandidates(ctx)
      : cond.kind === "ratio"
        ? ratioCandidates(ctx)
        : cond.kind === "value"
          ? valueCandidates(ctx)
          : cond.method === "share_above"
            ? shareCandidates(ctx)
            : quantileCandidates(ctx);
  if ("error" in pair) return { kind: "unsupported", reason: pair.error };

  // Walk the firing input until the alert fires and the window is steady.
  const horizon = steadyMs + forMs + evalMs;
  const fireLine = agreedTimeline(ctx, pair.fire, horizon, "firing");
  if ("error" in fireLine) return { kind: "unsupported", reason: fireLine.error };
  let firstFiring: number | null = null;
  for (const [ts, states] of fireLine) {
    if (states.some((s) => s.state === "firing")) {
      firstFiring = ts;
      break;
    }
  }
  if (firstFiring === null) return { kind: "unsupported", reason: "simulated alert never fires (an obsgen bug: please report it)" };
  const fireAt = Math.max(firstFiring, steadyMs);
  const firing = (fireLine.get(fireAt) ?? []).filter((s) => s.state === "firing");
  if (firing.length !== 1) return { kind: "unsupported", reason: "simulated alert does not fire once (an obsgen bug: please report it)" };
  const sample = firing[0]!.sample;
  const pendingAt = forMs > 0 ? firstFiring - evalMs : null;
  if (pendingAt !== null && !(fireLine.get(pendingAt) ?? []).some((s) => s.state === "pending")) {
    return { kind: "unsupported", reason: "simulated alert not pending before `for` elapses (an obsgen bug: please report it)" };
  }
  const quietLine = agreedTimeline(ctx, pair.quiet, fireAt, "quiet");
  if ("error" in quietLine) return { kind: "unsupported", reason: quietLine.error };
  if ((quietLine.get(fireAt) ?? []).some((s) => s.state === "firing")) {
    return { kind: "unsupported", reason: "control input fires (an obsgen bug: please report it)" };
  }
  const quietValues = ARITHMETICS.map((v) => valueUnder(ctx, pair.quiet, fireAt, v)?.value ?? null);
  if (!quietValues.every((v) => Object.is(v, quietValues[0]))) {
    return {
      kind: "unsupported",
      reason: `the quiet input's value at ${formatDuration(fireAt)} differs between versions (${quietValues.map((v) => (v === null ? "none" : goV(v))).join(" vs ")}) (an obsgen bug: please report it)`,
    };
  }
  const quietValue = quietValues[0]!;

  const expected = expectedAlert(alert, sample.labels, sample.value);
  const interval = inputInterval(layout);
  const at = formatDuration(fireAt);
  const fireName = `${alert.name}: fires at ${at} with ${describeValue(cmp.op, cmp.threshold, sample.value, true)}${
    pendingAt !== null ? `, pending at ${formatDuration(pendingAt)} before \`for: ${alert.for}\` elapses` : ""
  }`;
  const quietName = `${alert.name}: stays quiet at ${at} with ${quietValue !== null ? describeValue(cmp.op, cmp.threshold, quietValue, false) : "no result"}`;
  // One pair of cases per distinct input: each targeted version's `le` spelling, when they differ.
  const inputs = versions.map((v) => ({ v, fire: inputSeries(pair.fire, layout, fireAt, v), quiet: inputSeries(pair.quiet, layout, fireAt, v) }));
  const distinct = inputs.filter((x, i) => inputs.findIndex((y) => JSON.stringify([y.fire, y.quiet]) === JSON.stringify([x.fire, x.quiet])) === i);
  const suffix = (v: PrometheusVersion) => (distinct.length > 1 ? ` (input as Prometheus ${v} stores it)` : "");
  const cases = distinct.flatMap(({ v, fire, quiet }): RuleTestCase[] => [
    {
      name: fireName + suffix(v),
      interval,
      inputSeries: fire,
      checks: [...(pendingAt !== null ? [{ evalTime: formatDuration(pendingAt), alerts: [] }] : []), { evalTime: at, alerts: [expected] }],
    },
    { name: quietName + suffix(v), interval, inputSeries: quiet, checks: [{ evalTime: at, alerts: [] }] },
  ]);
  return { kind: "cases", cases };
}

/** Cases for every alert whose condition is declarative (not `expr`). */
export const conditionTests: RuleTestGenerator = { id: "condition", generate: generateFor };
