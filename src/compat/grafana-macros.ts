/**
 * Grafana macros and template variables replaced by valid PromQL stand-ins of the same length
 * before parsing, so every span the parser reports is a span of the original query text. Lint
 * (dashboards, panel queries) and diff (which panels read a metric) both read queries this way.
 *
 *   rate(x[$__rate_interval])   ->  rate(x[000000000000005m])
 *   rate(x[$window])             ->  rate(x[00000005m])
 *   up{service=~"$service"}      ->  up{service=~"xxxxxxxx"}
 *
 * The syntaxes are Grafana's: variables as `$var`, `${var}`, `${var:format}` and the deprecated
 * `[[var]]` (https://grafana.com/docs/grafana/latest/dashboards/variables/variable-syntax/), and
 * the Prometheus data source's `$__rate_interval`, `$__interval`, `$__range` with their `_ms`/`_s`
 * forms (https://grafana.com/docs/grafana/latest/datasources/prometheus/template-variables/).
 */
export interface Substitution {
  readonly text: string;
  readonly templated: { from: number; to: number; text: string }[];
}

const DURATION_MACROS = new Set(["$__rate_interval", "$__interval", "$__range", "$__interval_ms", "$__range_ms", "$__range_s"]);
const TOKEN = /\$__[a-z_]+|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[^\]]*\]\]/g;

/**
 * Whether the token at `from..to` is where PromQL reads a duration: a whole range or subquery
 * part (`[$window]`, `[$range:$step]`) or an offset (`offset $shift`). A variable there is a
 * duration chosen at view time.
 */
function standsForDuration(expr: string, from: number, to: number): boolean {
  const before = expr.slice(0, from).trimEnd();
  const after = expr.slice(to).trimStart();
  if ((before.endsWith("[") || (before.endsWith(":") && before.includes("["))) && (after.startsWith("]") || after.startsWith(":"))) return true;
  return /(?:^|[^A-Za-z0-9_:])offset$/.test(before);
}

export function substituteGrafana(expr: string): Substitution {
  const templated: Substitution["templated"] = [];
  const text = expr.replace(TOKEN, (m, offset: number) => {
    templated.push({ from: offset, to: offset + m.length, text: m });
    // A duration where PromQL reads one (a range macro, a variable in [ ] or after offset), an
    // identifier-safe filler elsewhere.
    // Leading zeros keep the length and a plausible window (5m) within Prometheus's range.
    if ((DURATION_MACROS.has(m) || standsForDuration(expr, offset, offset + m.length)) && m.length >= 2) return `${"0".repeat(m.length - 2)}5m`;
    return "x".repeat(m.length);
  });
  return { text, templated };
}

/** Whether a span of the substituted text overlaps a templated region. */
export function isTemplated(templated: readonly { from: number; to: number }[] | undefined, span: { from: number; to: number }): boolean {
  return (templated ?? []).some((t) => t.from < span.to && span.from < t.to);
}
