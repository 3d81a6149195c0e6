/**
 * Prometheus durations, one parser for the catalog, PromQL and rule files.
 *
 * `parseModelDuration` mirrors `model.ParseDuration` of prometheus/common v0.39.0 (model/time.go),
 * the version Prometheus v2.42.0 builds with: units y w d h m s ms, each at most once and largest
 * first, integers only, "0" allowed without a unit, and "duration out of range" when a count or the
 * running total overflows Go's `time.Duration` (int64 nanoseconds, about 292 years). Error texts
 * are Go's, `%q` included, so rule-file findings read as promtool prints them.
 *
 * `parsePromqlDuration` adds the PromQL parser's rule that a range, step or offset is not zero
 * (`parseDuration` in promql/parser/parse.go, v2.42.0).
 */
import { goQuote } from "./quote.js";

const DURATION_RE = /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/;
const UNIT_MS = [31_536_000_000n, 604_800_000n, 86_400_000n, 3_600_000n, 60_000n, 1000n, 1n] as const;
const MAX_INT64 = (1n << 63n) - 1n;
const NS_PER_MS = 1_000_000n;

/** A parsed duration in milliseconds, or Go's error message for it. */
export type DurationResult = { readonly ms: number; readonly error?: undefined } | { readonly error: string };

/**
 * `model.ParseDuration`: milliseconds in `text`, or its error message. Zero is allowed.
 *
 * @example parseModelDuration("1h30m") // → { ms: 5_400_000 }
 * @example parseModelDuration("90")    // → { error: 'not a valid duration string: "90"' }
 */
export function parseModelDuration(text: string): DurationResult {
  // Catalogs and expressions repeat a few durations (`5m`, `[5m]`); the BigInt arithmetic is not free.
  let d = durations.get(text);
  if (d === undefined) {
    if (durations.size >= 1024) durations.clear();
    d = parseUncached(text);
    durations.set(text, d);
  }
  return d;
}

const durations = new Map<string, DurationResult>();

function parseUncached(text: string): DurationResult {
  if (text === "0") return { ms: 0 };
  if (text === "") return { error: "empty duration string" };
  const m = DURATION_RE.exec(text);
  if (!m) return { error: `not a valid duration string: ${goQuote(text)}` };
  let totalNs = 0n;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part === undefined) continue;
    // Go rejects a count above MaxInt64/unit/1ms, and a running total that wraps past MaxInt64 ns.
    const n = BigInt(part);
    const unit = UNIT_MS[i]!;
    totalNs += n * unit * NS_PER_MS;
    if (n > MAX_INT64 / unit / NS_PER_MS || totalNs > MAX_INT64) return { error: "duration out of range" };
  }
  return { ms: Number(totalNs / NS_PER_MS) };
}

/** A PromQL range, step or offset duration: {@link parseModelDuration} plus "must be greater than 0". */
export function parsePromqlDuration(text: string): DurationResult {
  const d = parseModelDuration(text);
  if (d.error === undefined && d.ms === 0) return { error: "duration must be greater than 0" };
  return d;
}

/** Milliseconds in a Prometheus duration, or undefined when `model.ParseDuration` rejects it. */
export function parseDuration(text: string): number | undefined {
  const d = parseModelDuration(text);
  return d.error === undefined ? d.ms : undefined;
}

export function isValidDuration(text: string): boolean {
  return parseModelDuration(text).error === undefined;
}

const FORMAT_UNITS: readonly (readonly [number, string])[] = [
  [365 * 86_400_000, "y"],
  [7 * 86_400_000, "w"],
  [86_400_000, "d"],
  [3_600_000, "h"],
  [60_000, "m"],
  [1000, "s"],
  [1, "ms"],
];

/**
 * Milliseconds as obsgen writes a duration, each unit as large as it goes (`90000` → `1m30s`,
 * 90 days → `12w6d`). Not `model.Duration.String`, which writes years and weeks only when they
 * divide the duration exactly (`90d`): obsgen's outputs have always used this spelling, and both
 * read back to the same value.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let out = "";
  let rest = ms;
  for (const [size, unit] of FORMAT_UNITS) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/**
 * `model.Duration.String` of prometheus/common v0.39.0 (model/time.go), which Prometheus 2.42's
 * PromQL printer writes ranges, steps and offsets with: like {@link formatDuration}, except that
 * years and weeks are written only when they divide the duration exactly (90 days → `90d`, not
 * `12w6d`; 91 days → `13w`). `ms` is not negative (the printer writes the sign itself).
 */
export function formatModelDuration(ms: number): string {
  if (ms === 0) return "0s";
  let out = "";
  let rest = ms;
  for (const [size, unit] of FORMAT_UNITS) {
    if ((unit === "y" || unit === "w") && rest % size !== 0) continue;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
