/**
 * The arithmetic of the PromQL functions generated rules use, in JavaScript doubles with the
 * operation order of the Prometheus version modelled (compat/prometheus.ts), so that a generated
 * test's expected `$value` is bit for bit what promtool computes:
 *
 * - range selection (`inRange`): 2.42 keeps samples with `ts - range <= t <= ts`; 3 drops the one
 *   at `ts - range` (left-open, right-closed); the lookback of an instant selector likewise;
 * - `rate`/`increase`: `extrapolatedRate` in promql/functions.go: counter resets, the limits on
 *   extrapolating to the window's start (`limitStartExtrapolation`: zero point and 1.1 average
 *   gaps, in each version's order), then
 *   `factor = (sampled + toStart + toEnd) / sampled; if rate { factor /= range seconds }; result *= factor`;
 * - `histogram_quantile`: `bucketQuantile` in promql/quantile.go: `rank = q * total`, the first
 *   bucket whose cumulative count reaches the rank, linear interpolation
 *   `start + (end - start) * (rank / count)`;
 * - promtool's input notation `a+bxn`: n+1 samples, each the previous plus b (accumulated, as the
 *   series parser does).
 */
import { type PrometheusVersion, QUERY_ARITHMETIC, SEMANTICS } from "../../compat/prometheus.js";

/** Prometheus's default lookback delta (`--query.lookback-delta`, promql/engine.go `defaultLookbackDelta`), which promtool keeps. */
export const LOOKBACK_MS = 300_000;

export interface Sample {
  /** Milliseconds since the start of the test. */
  readonly t: number;
  readonly v: number;
}

export type Labels = Readonly<Record<string, string>>;

export interface SeriesData {
  /** With `__name__`. */
  readonly labels: Labels;
  readonly samples: readonly Sample[];
}

/** The values of promtool's `start+incxcount` (count + 1 samples), accumulated like its parser. */
export function expandNotation(start: number, inc: number, count: number): number[] {
  const out = [start];
  let k = start;
  for (let i = 1; i <= count; i++) {
    k += inc;
    out.push(k);
  }
  return out;
}

/** A number as promtool's series notation reads it back to the same double. */
export function notationNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
  return String(v);
}

/** `0+60x20`: `count + 1` samples from `start`, each `inc` more than the last. */
export function formatNotation(start: number, inc: number, count: number): string {
  return `${notationNumber(start)}${inc < 0 ? notationNumber(inc) : `+${notationNumber(inc)}`}x${count}`;
}

/** Samples every `intervalMs` from time 0, as promtool loads `input_series`. */
export function samplesOf(values: readonly number[], intervalMs: number): Sample[] {
  return values.map((v, i) => ({ t: i * intervalMs, v }));
}

/**
 * Whether a sample at `t` is in the window `[range]` (or the lookback) ending at `ts`. Prometheus
 * 2.42 closes the window on both ends: promql/engine.go `matrixIterSlice` (v2.42.0 line 1861)
 * keeps `t >= mint`, and `vectorSelectorSingle` drops only `t < refTime - lookbackDelta` (line
 * 1787). Prometheus 3 opens it on the left (commit debbdb8608, PR #13904): `matrixIterSlice`
 * (v3.14.0 line 2916) drops `t <= mint`, `vectorSelectorSingle` drops `t <= refTime -
 * lookbackDelta` (line 2756). With samples every minute, `[5m]` at 10m holds 5m…10m (6) in 2.42,
 * 6m…10m (5) in 3.
 */
export function inRange(t: number, ts: number, rangeMs: number, version: PrometheusVersion): boolean {
  const start = ts - rangeMs;
  return (SEMANTICS[version].leftOpenRanges ? t > start : t >= start) && t <= ts;
}

/** The samples a range selector `[range]` sees at `ts` (`count_over_time` counts them). */
export function rangeSamples(samples: readonly Sample[], ts: number, rangeMs: number, version: PrometheusVersion): Sample[] {
  return samples.filter((s) => inRange(s.t, ts, rangeMs, version));
}

/**
 * How far `extrapolatedRate` extrapolates before the first sample, in seconds, given the gap to
 * the window's start (`toStart`), the gap back to where a counter would have been zero
 * (`toZero`, Infinity when it does not apply) and the average gap between samples. A gap of 1.1
 * average gaps or more becomes half a gap (the series is taken to start inside the window), and
 * a counter is never extrapolated below zero; the two limits apply in each version's order
 * (compat/prometheus.ts `QUERY_ARITHMETIC`): 2.42 (promql/functions.go v2.42.0 lines 121-145)
 * clamps at zero first, 3 (v3.14.0 lines 588-611, since 2.51's PR #13725) applies the threshold
 * first. They differ when the start gap is past the threshold and the zero point lies between
 * half a gap and the threshold: 2.42 keeps the zero point, 3 takes half a gap.
 */
export function limitStartExtrapolation(toStart: number, toZero: number, averageGap: number, version: PrometheusVersion): number {
  const threshold = averageGap * 1.1;
  if (QUERY_ARITHMETIC[version].rateStartLimit === "clamp-then-threshold") {
    const clamped = toZero < toStart ? toZero : toStart;
    return clamped < threshold ? clamped : averageGap / 2;
  }
  const limited = toStart >= threshold ? averageGap / 2 : toStart;
  return toZero < limited ? toZero : limited;
}

/**
 * `rate` (isRate), `increase` (counter) or `delta` (not a counter) over `[range]` at `ts`, as
 * `extrapolatedRate` (promql/functions.go, v2.42.0 line 66, v3.14.0 line 452) computes it for
 * float samples; null when the window holds fewer than 2 samples.
 */
export function extrapolatedRate(
  samples: readonly Sample[],
  ts: number,
  rangeMs: number,
  isCounter: boolean,
  isRate: boolean,
  version: PrometheusVersion,
): number | null {
  const pts = rangeSamples(samples, ts, rangeMs, version);
  if (pts.length < 2) return null;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const rangeStart = ts - rangeMs;
  const rangeEnd = ts;
  let resultValue = last.v - first.v;
  let prevValue = first.v;
  for (const p of pts.slice(1)) {
    if (!isCounter) continue;
    if (p.v < prevValue) resultValue += prevValue;
    prevValue = p.v;
  }
  const sampledInterval = (last.t - first.t) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (pts.length - 1);
  const durationToZero = isCounter && resultValue > 0 && first.v >= 0 ? sampledInterval * (first.v / resultValue) : Infinity;
  const durationToStart = limitStartExtrapolation((first.t - rangeStart) / 1000, durationToZero, averageDurationBetweenSamples, version);
  let durationToEnd = (rangeEnd - last.t) / 1000;
  if (durationToEnd >= averageDurationBetweenSamples * 1.1) durationToEnd = averageDurationBetweenSamples / 2;
  // Both versions sum in this order: (sampled + toStart) + toEnd.
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= rangeMs / 1000;
  return resultValue * factor;
}

/** The latest sample at or before `ts` within the lookback, as an instant selector reads it (`inRange`'s ends). */
export function instantValue(samples: readonly Sample[], ts: number, version: PrometheusVersion, lookbackMs = LOOKBACK_MS): number | null {
  let found: Sample | null = null;
  for (const s of samples) if (inRange(s.t, ts, lookbackMs, version)) found = s;
  return found ? found.v : null;
}

export interface Bucket {
  readonly upperBound: number;
  readonly count: number;
}

/** Go's `almost.Equal` (util/almost/almost.go, v3.14.0): relative difference below `epsilon`. */
function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const minNormal = 2.2250738585072014e-308;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/**
 * `bucketQuantile` (promql/quantile.go) for classic histograms. The versions differ only in how
 * they make the cumulative counts monotonic: 2.42 (`ensureMonotonic`, line 345) raises every
 * count to the running maximum; 3.14 (`ensureMonotonicAndIgnoreSmallDeltas`, line 662) also
 * replaces a count within a relative 1e-12 of the previous one by it, in either direction, and
 * compares the next count with the last one kept.
 */
export function bucketQuantile(q: number, input: readonly Bucket[], version: PrometheusVersion): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  // The planner ranks tens of thousands of bucket sets, already in order: sorted (stably, as Go's
  // sort.Sort need not be, but equal bounds are merged below) only when they are not.
  let sorted = input;
  for (let i = 1; i < input.length; i++) {
    if (!(input[i - 1]!.upperBound <= input[i]!.upperBound)) {
      sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
      break;
    }
  }
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upperBound !== Infinity) return NaN;
  // coalesceBuckets: merge equal upper bounds (into arrays of their own: the input is not touched).
  const bounds: number[] = [];
  const counts: number[] = [];
  for (const b of sorted) {
    const last = bounds.length - 1;
    if (last >= 0 && bounds[last] === b.upperBound) counts[last]! += b.count;
    else {
      bounds.push(b.upperBound);
      counts.push(b.count);
    }
  }
  if (QUERY_ARITHMETIC[version].bucketMonotonicity === "running-maximum") {
    // ensureMonotonic: the envelope of the cumulative counts.
    let max = counts[0]!;
    for (let i = 1; i < counts.length; i++) {
      if (counts[i]! > max) max = counts[i]!;
      else if (counts[i]! < max) counts[i] = max;
    }
  } else {
    let prev = counts[0]!;
    for (let i = 1; i < counts.length; i++) {
      const curr = counts[i]!;
      if (curr === prev) continue;
      if (almostEqual(prev, curr, 1e-12) || curr < prev) counts[i] = prev;
      else prev = curr;
    }
  }
  if (counts.length < 2) return NaN;
  const observations = counts[counts.length - 1]!;
  if (observations === 0) return NaN;
  let rank = q * observations;
  // sort.Search over all but the +Inf bucket.
  let b = counts.length - 1;
  for (let i = 0; i < counts.length - 1; i++) {
    if (counts[i]! >= rank) {
      b = i;
      break;
    }
  }
  if (b === counts.length - 1) return bounds[bounds.length - 2]!;
  if (b === 0 && bounds[0]! <= 0) return bounds[0]!;
  let bucketStart = 0;
  const bucketEnd = bounds[b]!;
  let count = counts[b]!;
  if (b > 0) {
    bucketStart = bounds[b - 1]!;
    count -= counts[b - 1]!;
    rank -= counts[b - 1]!;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/**
 * Label sets are read many times each (every candidate input of a rule test is evaluated with
 * every version's arithmetic) and never modified: their sorted names, key and name-less copy are
 * computed once per object.
 */
const sortedNamesOf = new WeakMap<Labels, readonly string[]>();
const keyOf = new WeakMap<Labels, string>();
const withoutNameOf = new WeakMap<Labels, Labels>();

function sortedNames(labels: Labels): readonly string[] {
  let names = sortedNamesOf.get(labels);
  if (names === undefined) sortedNamesOf.set(labels, (names = Object.keys(labels).sort()));
  return names;
}

/** Prometheus's order of label sets (labels.Compare on name-sorted labels): the order a selector returns series in. */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = sortedNames(a);
  const kb = sortedNames(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const na = ka[i]!;
    const nb = kb[i]!;
    if (na !== nb) return na < nb ? -1 : 1;
    const va = a[na]!;
    const vb = b[nb]!;
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ka.length - kb.length;
}

/** A stable key of a label set: the JSON of its `[name, value]` pairs by name (messages show it). */
export function labelsKey(labels: Labels): string {
  let key = keyOf.get(labels);
  if (key === undefined) {
    key = "[";
    for (const k of sortedNames(labels)) {
      const v = labels[k];
      key += `${key === "[" ? "" : ","}[${JSON.stringify(k)},${v === undefined ? "null" : JSON.stringify(v)}]`;
    }
    key += "]";
    keyOf.set(labels, key);
  }
  return key;
}

/** The labels without `__name__`; the same object for the same labels. */
export function withoutName(labels: Labels): Labels {
  let out = withoutNameOf.get(labels);
  if (out === undefined) {
    const { __name__: _, ...rest } = labels;
    withoutNameOf.set(labels, (out = rest));
  }
  return out;
}

/** A PromQL comparison (without `bool`): whether the sample is kept. */
export function compareOp(op: string, a: number, b: number): boolean {
  switch (op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    default:
      throw new Error(`obsgen bug: unknown comparison ${op}`);
  }
}
