/**
 * Prometheus's template functions `humanize`, `humanize1024`, `humanizePercentage` and
 * `humanizeDuration` (template/template.go, v2.42), with the same float64 operations in the same
 * order (`v /= 1000` per prefix) and Go's `%.4g`.
 */
import { goG } from "./fmt.js";

const BIG = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
const SMALL = ["m", "u", "n", "p", "f", "a", "z", "y"];

/** `{{ 1234567 | humanize }}` → `1.235M`; `{{ 0.0025 | humanize }}` → `2.5m`. */
export function humanize(v: number): string {
  if (v === 0 || Number.isNaN(v) || !Number.isFinite(v)) return goG(v, 4);
  if (Math.abs(v) >= 1) {
    let prefix = "";
    for (const p of BIG) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return `${goG(v, 4)}${prefix}`;
  }
  let prefix = "";
  for (const p of SMALL) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goG(v, 4)}${prefix}`;
}

/** `{{ 1048576 | humanize1024 }}` → `1Mi`. */
export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || Number.isNaN(v) || !Number.isFinite(v)) return goG(v, 4);
  let prefix = "";
  for (const p of ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"]) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return `${goG(v, 4)}${prefix}`;
}

/** `{{ 0.015625 | humanizePercentage }}` → `1.562%` (Go rounds the tie to even). */
export function humanizePercentage(v: number): string {
  return `${goG(v * 100, 4)}%`;
}

/** `{{ 3661 | humanizeDuration }}` → `1h 1m 1s`; `{{ 0.25 | humanizeDuration }}` → `250ms`. */
export function humanizeDuration(v: number): string {
  if (Number.isNaN(v) || !Number.isFinite(v)) return goG(v, 4);
  if (v === 0) return `${goG(v, 4)}s`;
  if (Math.abs(v) >= 1) {
    let sign = "";
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    // Go's int64(v) truncates toward zero; a float beyond int64 converts to the minimum int64 on
    // amd64, which promtool then prints as negative days. BigInt division truncates like Go's.
    const whole = v < 2 ** 63 ? BigInt(Math.trunc(v)) : -(2n ** 63n);
    const seconds = whole % 60n;
    const minutes = (whole / 60n) % 60n;
    const hours = (whole / 60n / 60n) % 24n;
    const days = whole / 60n / 60n / 24n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${goG(v, 4)}s`;
  }
  let prefix = "";
  for (const p of SMALL) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goG(v, 4)}${prefix}s`;
}
