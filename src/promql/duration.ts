/**
 * Durations as Prometheus 2.42 reads them in PromQL: `model.ParseDuration` from
 * prometheus/common (units y w d h m s ms, each at most once, largest first, integers only,
 * at most ~292 years because the value must fit Go's `time.Duration`), then the parser's own rule
 * that a range, step or offset duration must not be zero (`parseDuration` in `promql/parser/parse.go`).
 */

const DURATION_RE = /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/;
const UNIT_MS = [31_536_000_000n, 604_800_000n, 86_400_000n, 3_600_000n, 60_000n, 1000n, 1n] as const;
/** The largest `time.Duration`, in nanoseconds. */
const MAX_NS = (1n << 63n) - 1n;

/** A parsed duration in milliseconds, or the message Prometheus 2.42 gives for it. */
export type DurationResult = { readonly ms: number; readonly error?: undefined } | { readonly error: string };

/** `model.ParseDuration`: milliseconds in `text`, or its error message. Zero is allowed here. */
export function parseModelDuration(text: string): DurationResult {
  // Expressions repeat a few durations (`[5m]`, `offset 1h`); the BigInt arithmetic is not free.
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
  if (!m) return { error: `not a valid duration string: ${JSON.stringify(text)}` };
  let ms = 0n;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += BigInt(part) * UNIT_MS[i]!;
  }
  if (ms * 1_000_000n > MAX_NS) return { error: "duration out of range" };
  return { ms: Number(ms) };
}

/** A PromQL range, step or offset duration: {@link parseModelDuration} plus "must be greater than 0". */
export function parsePromqlDuration(text: string): DurationResult {
  const d = parseModelDuration(text);
  if (d.error === undefined && d.ms === 0) return { error: "duration must be greater than 0" };
  return d;
}
