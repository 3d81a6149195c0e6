/**
 * promql/bare-counter: a counter's raw value depends on when the process started; queries read
 * it through `rate`, `increase` and friends.
 */
import { catalogSelectors, factBasis, readsCounterValues } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

/** Functions and aggregations under which reading a counter's raw value is meaningful. */
const COUNTER_AWARE = new Set([
  "rate",
  "irate",
  "increase",
  "resets",
  "changes",
  "absent",
  "absent_over_time",
  "present_over_time",
  "count_over_time",
  "timestamp",
  "count",
  "group",
  "count_values",
]);

export default defineRule({
  meta: {
    id: "promql/bare-counter",
    severity: "warning",
    impact: "risk",
    description: "Counters are read through `rate`, `irate` or `increase`, not as raw values.",
    messages: {
      bare: "{{name}} is a counter read as a raw value, which depends on when the process last restarted; use rate() or increase()",
    },
    needsMetricFacts: true,
  },
  rule({ ast, rule, input, report }) {
    if (!ast) return;
    // A recording rule that copies a series as it is (a managed rename's `record: old_total`,
    // `expr: new_total`) keeps it a counter: whoever reads the copy applies rate().
    if (rule.kind === "record" && ast.type === "VectorSelector") return;
    // A counter by its `_total` suffix is near-certain (OpenMetrics requires the suffix of every
    // counter's samples); the finding says the type was inferred.
    for (const { use, name, info } of catalogSelectors(ast, input, { inferred: true })) {
      if (!readsCounterValues(info)) continue;
      const wrapped = use.enclosing.some((e) => COUNTER_AWARE.has(e.type === "FunctionCall" ? e.name.name : e.op));
      if (wrapped) continue;
      const span = use.range ?? use.selector;
      report({ messageId: "bare", data: { name, ...factBasis(info) }, span: { from: span.from, to: span.to } });
    }
  },
});
