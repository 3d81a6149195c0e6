/**
 * The arithmetic of the PromQL functions generated rules use, in JavaScript doubles with the
 * operation order of Prometheus v2.42 (the promtool the tests run on), so that a generated test's
 * expected `$value` is bit for bit what promtool computes:
 *
 * - range selection: samples with `ts - range <= t <= ts` (2.x includes both ends);
 * - `rate`/`increase`: `extrapolatedRate` in promql/functions.go: counter resets, the zero-point
 *   clamp, extrapolation by at most 1.1 average sample gaps, then
 *   `factor = extrapolated / sampled; if rate { factor /= range seconds }; result *= factor`;
 * - `histogram_quantile`: `bucketQuantile` in promql/quantile.go: `rank = q * total`, the first
 *   bucket whose cumulative count reaches the rank, linear interpolation
 *   `start + (end - start) * (rank / count)`;
 * - promtool's input notation `a+bxn`: n+1 samples, each the previous plus b (accumulated, as the
 *   series parser does).
 */

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

/** The samples a range selector `[range]` sees at `ts`: `ts - range <= t <= ts` in Prometheus 2.x. */
export function rangeSamples(samples: readonly Sample[], ts: number, rangeMs: number): Sample[] {
  return samples.filter((s) => s.t >= ts - rangeMs && s.t <= ts);
}

/** `rate` (isRate) or `increase` of a counter over `[range]` at `ts`; null when fewer than 2 samples. */
export function extrapolatedRate(samples: readonly Sample[], ts: number, rangeMs: number, isCounter: boolean, isRate: boolean): number | null {
  const pts = rangeSamples(samples, ts, rangeMs);
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
  let durationToStart = (first.t - rangeStart) / 1000;
  const durationToEnd = (rangeEnd - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (pts.length - 1);
  if (isCounter && resultValue > 0 && first.v >= 0) {
    const durationToZero = sampledInterval * (first.v / resultValue);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  if (durationToStart < extrapolationThreshold) extrapolateToInterval += durationToStart;
  else extrapolateToInterval += averageDurationBetweenSamples / 2;
  if (durationToEnd < extrapolationThreshold) extrapolateToInterval += durationToEnd;
  else extrapolateToInterval += averageDurationBetweenSamples / 2;
  let factor = extrapolateToInterval / sampledInterval;
  if (isRate) factor /= rangeMs / 1000;
  return resultValue * factor;
}

/** The latest sample at or before `ts` within the lookback (5m), as an instant selector reads it. */
export function instantValue(samples: readonly Sample[], ts: number, lookbackMs = 300_000): number | null {
  let found: Sample | null = null;
  for (const s of samples) if (s.t <= ts && s.t >= ts - lookbackMs) found = s;
  return found ? found.v : null;
}

export interface Bucket {
  readonly upperBound: number;
  readonly count: number;
}

/** `bucketQuantile` of Prometheus v2.42 (classic histograms). */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upperBound !== Infinity) return NaN;
  // coalesceBuckets: merge equal upper bounds.
  const buckets: { upperBound: number; count: number }[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ ...b });
  }
  // ensureMonotonic: the envelope of the cumulative counts.
  let max = buckets[0]!.count;
  for (let i = 1; i < buckets.length; i++) {
    if (buckets[i]!.count > max) max = buckets[i]!.count;
    else if (buckets[i]!.count < max) buckets[i]!.count = max;
  }
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  // sort.Search over all but the +Inf bucket.
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if (buckets[i]!.count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** Prometheus's order of label sets (labels.Compare on name-sorted labels): the order a selector returns series in. */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
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

/** A stable key of a label set. */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

export function withoutName(labels: Labels): Labels {
  const { __name__: _, ...rest } = labels;
  return rest;
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
