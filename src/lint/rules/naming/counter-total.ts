/**
 * naming/counter-total: `_total` is the counter suffix, and only the counter's (as promtool
 * check metrics reports it: "counter metrics should have \"_total\" suffix").
 */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "naming/counter-total",
    severity: "warning",
    impact: "convention",
    description: "Counters end in `_total`; other metric types do not.",
    messages: {
      missing: "counter {{name}} should end in `_total`",
      extra: "{{type}} {{name}} should not end in `_total`, which marks counters",
    },
    needsCatalog: true,
  },
  metric({ metric, report }) {
    const total = metric.name.endsWith("_total");
    if (metric.type === "counter" && !total) report({ messageId: "missing", data: { name: metric.name } });
    if (metric.type !== "counter" && total) report({ messageId: "extra", data: { name: metric.name, type: metric.type } });
  },
});
