/**
 * naming/reserved-suffix: `_bucket`, `_count` and `_sum` belong to histograms and summaries, and
 * `_created` to OpenMetrics counters (promtool check metrics: "non-histogram and non-summary
 * metrics should not have \"_count\" suffix").
 */
import { defineRule } from "../../types.js";

const SUFFIXES = ["_bucket", "_count", "_sum", "_created"];

export default defineRule({
  meta: {
    id: "naming/reserved-suffix",
    severity: "warning",
    impact: "convention",
    description: "Only histograms' series end in `_bucket`, `_count` or `_sum`; no metric ends in `_created`.",
    messages: { suffix: "{{type}} {{name}} ends in `{{suffix}}`, which Prometheus reserves for {{owner}}; rename it" },
    needsCatalog: true,
  },
  metric({ metric, report }) {
    const suffix = SUFFIXES.find((s) => metric.name.endsWith(s));
    if (!suffix) return;
    const owner = suffix === "_created" ? "the creation time of OpenMetrics counters" : "histogram and summary series";
    report({ messageId: "suffix", data: { type: metric.type, name: metric.name, suffix, owner } });
  },
});
