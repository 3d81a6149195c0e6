/**
 * Prometheus durations with promtool 2.42's error texts (`model.ParseDuration` of prometheus/common
 * v0.39): units y w d h m s ms, each at most once and largest first, "0" alone, and the int64-nanosecond
 * overflow check ("duration out of range") that `src/model/duration.ts` does not need.
 *
 * Upstream: https://github.com/prometheus/common/blob/v0.39.0/model/time.go (ParseDuration)
 */
import { goQuote } from "../compat/go/quote.js";

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365n * 86_400_000n, 7n * 86_400_000n, 86_400_000n, 3_600_000n, 60_000n, 1000n, 1n] as const;
const MAX_INT64 = 2n ** 63n - 1n;
const NS_PER_MS = 1_000_000n;

/** A parsed duration, or promtool's error for it. */
export type DurationParse = { readonly ok: true; readonly milliseconds: number } | { readonly ok: false; readonly error: string };

/**
 * Parses a Prometheus duration as promtool 2.42 does.
 *
 * @example parsePrometheusDuration("1h30m") // → { ok: true, milliseconds: 5_400_000 }
 * @example parsePrometheusDuration("90")    // → { ok: false, error: 'not a valid duration string: "90"' }
 */
export function parsePrometheusDuration(text: string): DurationParse {
  if (text === "0") return { ok: true, milliseconds: 0 };
  if (text === "") return { ok: false, error: "empty duration string" };
  const m = DURATION_RE.exec(text);
  if (!m) return { ok: false, error: `not a valid duration string: ${goQuote(text)}` };
  let totalNs = 0n;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part === undefined) continue;
    const n = BigInt(part);
    const unit = UNIT_MS[i]!;
    // Go rejects a count above MaxInt64/unit/1ms, and a running total that wraps past MaxInt64 ns.
    totalNs += n * unit * NS_PER_MS;
    if (n > MAX_INT64 / unit / NS_PER_MS || totalNs > MAX_INT64) return { ok: false, error: "duration out of range" };
  }
  return { ok: true, milliseconds: Number(totalNs / NS_PER_MS) };
}
