/**
 * The Prometheus versions obsgen models, and what differs between them. This is the one place
 * that names a Prometheus version: everything version-dependent (PromQL syntax, rule-file fields,
 * label spellings at ingestion, range-selector arithmetic in rule tests) reads it from here.
 *
 * - "2.42": Prometheus v2.42.0 (225c611), the promtool Debian ships and CI runs.
 * - "3": Prometheus v3.14.0 (d7598b7), the newest 3.x release modelled; where an earlier 3.x
 *   differs, the field's comment says so.
 */

export const PROMETHEUS_VERSIONS = ["2.42", "3"] as const;
export type PrometheusVersion = (typeof PROMETHEUS_VERSIONS)[number];

export interface PrometheusSemantics {
  readonly version: PrometheusVersion;
  /** The release whose behaviour is modelled, for messages: "Prometheus 2.42", "Prometheus 3.14". */
  readonly release: string;
  /** The upstream tag modelled. */
  readonly tag: string;
  /**
   * `le` of classic histograms and `quantile` of summaries are stored in their float spelling
   * (`le="100"` is stored as `le="100.0"`), whatever the scrape protocol. Prometheus 3.0,
   * model/textparse/openmetricsparse.go `normalizeFloatsInLabelValues`; in 2.42 only protobuf
   * scrapes gave that spelling.
   */
  readonly normalizesBucketLabels: boolean;
  /**
   * Range selectors and the lookback delta are left-open: a sample exactly at the window's start
   * is not in it. Prometheus 3.0, promql/engine.go `matrixIterSlice` (PR #13904); closed in 2.42.
   */
  readonly leftOpenRanges: boolean;
}

export const SEMANTICS: Readonly<Record<PrometheusVersion, PrometheusSemantics>> = {
  "2.42": { version: "2.42", release: "Prometheus 2.42", tag: "v2.42.0", normalizesBucketLabels: false, leftOpenRanges: false },
  "3": { version: "3", release: "Prometheus 3.14", tag: "v3.14.0", normalizesBucketLabels: true, leftOpenRanges: true },
};

/**
 * How Prometheus 3 spells a float label value (`le`, `quantile`) at ingestion: `1` → `1.0`,
 * `100` → `100.0`, `0.5` → `0.5`, `1e-05`, `1e+06`, `+Inf`. Mirrors `labels.FormatOpenMetricsFloat`
 * (model/labels/float.go, v3.14.0): the fixed cases 1, 0, -1, NaN and ±Inf, else Go's
 * `strconv.FormatFloat(f, 'g', -1, 64)` with `.0` appended when the result has neither `.` nor `e`.
 */
export function formatOpenMetricsFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 1) return "1.0";
  if (f === 0) return "0.0";
  if (f === -1) return "-1.0";
  const s = formatFloatShortestG(f);
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}

/**
 * Go's `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits that round-trip (JavaScript's
 * number-to-string finds the same digits), in `%e` form when the decimal exponent is below -4 or
 * at least 6, else in `%f` form (src/strconv/ftoa.go `formatDigits`, case 'g': with the shortest
 * precision the decision uses precision 6). The exponent has a sign and at least two digits.
 */
function formatFloatShortestG(f: number): string {
  // JavaScript's shortest round-trip digits are the same digits Go's shortest formatting finds.
  const [mantissa, expPart] = f.toExponential().split("e") as [string, string];
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const exp = Number(expPart);
  if (exp < -4 || exp >= 6) {
    const frac = digits.slice(1);
    const e = Math.abs(exp);
    return `${negative ? "-" : ""}${digits[0]}${frac ? `.${frac}` : ""}e${exp < 0 ? "-" : "+"}${e < 10 ? `0${e}` : e}`;
  }
  let out: string;
  if (exp < 0) out = `0.${"0".repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) out = digits + "0".repeat(exp + 1 - digits.length);
  else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return (negative ? "-" : "") + out;
}
