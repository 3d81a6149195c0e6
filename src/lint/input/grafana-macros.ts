/**
 * Grafana macros and template variables replaced by valid PromQL stand-ins of the same length
 * before parsing, so every span the parser reports is a span of the original query text.
 *
 *   rate(x[$__rate_interval])   ->  rate(x[000000000000005m])
 *   up{service=~"$service"}      ->  up{service=~"xxxxxxxx"}
 */
export interface Substitution {
  readonly text: string;
  readonly templated: { from: number; to: number; text: string }[];
}

const DURATION_MACROS = new Set(["$__rate_interval", "$__interval", "$__range", "$__interval_ms", "$__range_ms", "$__range_s"]);
const TOKEN = /\$__[a-z_]+|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[^\]]*\]\]/g;

export function substituteGrafana(expr: string): Substitution {
  const templated: Substitution["templated"] = [];
  const text = expr.replace(TOKEN, (m, offset: number) => {
    templated.push({ from: offset, to: offset + m.length, text: m });
    // A duration where PromQL expects one (inside [ ]), an identifier-safe filler elsewhere.
    // Leading zeros keep the length and a plausible window (5m) within Prometheus's range.
    if (DURATION_MACROS.has(m) && m.length >= 2) return `${"0".repeat(m.length - 2)}5m`;
    return "x".repeat(m.length);
  });
  return { text, templated };
}

/** Whether a span of the substituted text overlaps a templated region. */
export function isTemplated(templated: readonly { from: number; to: number }[] | undefined, span: { from: number; to: number }): boolean {
  return (templated ?? []).some((t) => t.from < span.to && span.from < t.to);
}
