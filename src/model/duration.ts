/**
 * Prometheus durations, as `model.ParseDuration` in prometheus/common reads them:
 * units y w d h m s ms, each at most once, largest first; "0" is allowed alone.
 */
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1] as const;

/** Milliseconds in a Prometheus duration, or undefined when it is not one. */
export function parseDuration(s: string): number | undefined {
  if (s === "0") return 0;
  if (s === "") return undefined;
  const m = DURATION_RE.exec(s);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNIT_MS[i]!;
  }
  return ms;
}

export function isValidDuration(s: string): boolean {
  return parseDuration(s) !== undefined;
}

/** Formats milliseconds as a canonical Prometheus duration (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  const units: [number, string][] = [
    [365 * 86_400_000, "y"],
    [7 * 86_400_000, "w"],
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "m"],
    [1000, "s"],
    [1, "ms"],
  ];
  let out = "";
  let rest = ms;
  for (const [size, unit] of units) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
