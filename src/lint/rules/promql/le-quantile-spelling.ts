/**
 * promql/le-quantile-spelling: a matcher on a classic histogram's `le` or a summary's `quantile`
 * spells the value as Prometheus 3 stores it. 3.x rewrites those labels at scrape time into the
 * float form of `labels.FormatOpenMetricsFloat` (`le="100"` is stored as `le="100.0"`,
 * `quantile="1"` as `quantile="1.0"`, `le="1e6"` as `le="1e+06"`; model/textparse/promparse.go and
 * openmetricsparse.go `normalizeFloatsInLabelValues`, v3.0 and later), so `le="100"` never matches
 * scraped data. Only when the targeted versions include one that normalises (see
 * `normalizesBucketLabels` in src/compat/prometheus.ts).
 */
import { formatOpenMetricsFloat, SEMANTICS } from "../../../compat/prometheus.js";
import type { LabelMatcher } from "../../../promql/ast.js";
import { compileMatcherRegex } from "../../../promql/regex.js";
import { selectorUses } from "../../../promql/walk.js";
import { isTemplated } from "../../../compat/grafana-macros.js";
import { lintTarget } from "../../prometheus-target.js";
import { selectorName, seriesInfo } from "../../promql-facts.js";
import { defineRule, type LintInput } from "../../types.js";

/** Go's `strconv.ParseFloat` syntax for label values: decimal, exponent, Inf / NaN in any case. */
const FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|^[+-]?(?:inf|infinity|nan)$/i;

function parseFloatValue(text: string): number | undefined {
  if (!FLOAT.test(text)) return undefined;
  const lower = text.toLowerCase().replace(/^\+/, "");
  if (lower === "nan") return NaN;
  if (lower === "inf" || lower === "infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  return Number(text);
}

/** How Prometheus 3 stores a written value, when it is a number spelled otherwise. */
function storedSpelling(written: string): string | undefined {
  const value = parseFloatValue(written);
  if (value === undefined) return undefined;
  const stored = formatOpenMetricsFloat(value);
  return stored === written ? undefined : stored;
}

/** A regex literal for `text` (RE2 metacharacters escaped). */
const escapeRegex = (text: string): string => text.replace(/[.+*?()|[\]{}^$\\]/g, "\\$&");

/** `text` inside a PromQL double-quoted string. */
const promqlString = (text: string): string => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * The alternatives of a regex made only of literal numbers (`100|250|\+Inf`), unescaped; undefined
 * for any other regex, whose matches cannot be listed.
 */
function literalAlternatives(regex: string): string[] | undefined {
  if (!/^(?:[0-9A-Za-z.+-]|\\[.+-])+(?:\|(?:[0-9A-Za-z.+-]|\\[.+-])+)*$/.test(regex)) return undefined;
  return regex.split("|").map((a) => a.replace(/\\(.)/g, "$1"));
}

/** Whether `name` reads classic histogram buckets, whose `le` Prometheus 3 rewrites. */
function isBucketSeries(name: string, input: LintInput): boolean {
  const info = seriesInfo(name, input);
  // A native-only histogram has no `_bucket` series: promql/unknown-metric reports reading one.
  if (info.kind === "metric") return info.part === "bucket" && info.metric.type === "histogram" && info.metric.native !== true;
  return info.kind !== "builtin" && name.endsWith("_bucket");
}

/**
 * Whether `name` may be a summary's quantiles, whose `quantile` Prometheus 3 rewrites: a summary's
 * family series by metadata, or a name no source knows (not a catalog metric: the catalog declares
 * no summaries; not written by a recording rule of the input: its labels are whatever the rule
 * wrote) that is not a histogram's or counter's series by its suffix. Prometheus rewrites the
 * label on series of a summary only, so a family metadata gives another type is left alone.
 */
function isSummarySeries(name: string, input: LintInput): boolean {
  const info = seriesInfo(name, input);
  if (info.kind === "metric") return info.metric.type === "summary" && info.part === "";
  if (info.kind !== "unknown" && info.kind !== "inferred") return false;
  return !/_(?:bucket|sum|count|total|created|info)$/.test(name);
}

export default defineRule({
  meta: {
    id: "promql/le-quantile-spelling",
    severity: "warning",
    impact: "bug",
    description: "Matchers on a histogram's `le` or a summary's `quantile` spell the value as Prometheus 3 stores it (`le=\"100.0\"`).",
    messages: {
      equal:
        '{{label}}="{{value}}" never matches what Prometheus 3 scrapes, which stores {{label}}="{{stored}}": write {{label}}="{{stored}}", or {{label}}=~{{both}} to match Prometheus 2 and 3 data',
      notEqual:
        '{{label}}!="{{value}}" excludes nothing Prometheus 3 scrapes, which stores {{label}}="{{stored}}": write {{label}}!="{{stored}}", or {{label}}!~{{both}} for Prometheus 2 and 3 data',
      regex: "{{label}}{{op}}{{regex}} lists {{values}} only as Prometheus 2 spells them; Prometheus 3 scrapes store {{stored}}: write {{label}}{{op}}{{both}}",
    },
  },
  rule({ ast, rule, input, report }) {
    if (!ast) return;
    if (!lintTarget(input).versions.some((v) => SEMANTICS[v].normalizesBucketLabels)) return;
    for (const use of selectorUses(ast)) {
      const name = selectorName(use.selector);
      if (name === undefined) continue;
      for (const m of use.selector.matchers) {
        if (m.name !== "le" && m.name !== "quantile") continue;
        if (isTemplated(rule.templated, m.valueSpan)) continue;
        if (m.name === "le" ? !isBucketSeries(name, input) : !isSummarySeries(name, input)) continue;
        check(m, (messageId, data) => report({ messageId, data, span: { from: m.from, to: m.to } }));
      }
    }
  },
});

function check(m: LabelMatcher, report: (messageId: string, data: Record<string, string>) => void): void {
  if (m.op === "=" || m.op === "!=") {
    const stored = storedSpelling(m.value);
    if (stored === undefined) return;
    const both = promqlString(`${escapeRegex(m.value)}|${escapeRegex(stored)}`);
    report(m.op === "=" ? "equal" : "notEqual", { label: m.name, value: m.value, stored, both });
    return;
  }
  // A regex is judged only when it lists literal numbers; then each must also match its 3.x spelling.
  const alternatives = literalAlternatives(m.value);
  const re = compileMatcherRegex(m.value).regexp;
  if (alternatives === undefined || re === undefined) return;
  const missing = alternatives.flatMap((a) => {
    const stored = storedSpelling(a);
    return stored !== undefined && !re.test(stored) ? [{ written: a, stored }] : [];
  });
  if (missing.length === 0) return;
  const both = promqlString([m.value, ...missing.map((x) => escapeRegex(x.stored))].join("|"));
  report("regex", {
    label: m.name,
    op: m.op,
    regex: promqlString(m.value),
    values: missing.map((x) => x.written).join(", "),
    stored: missing.map((x) => x.stored).join(", "),
    both,
  });
}
