/**
 * promql/rate-on-counter: `rate`, `irate` and `increase` (and `resets`) assume a counter: they
 * treat every decrease as a reset. On a gauge they turn each drop into a jump.
 */
import { catalogSelectors } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

const COUNTER_FUNCTIONS = new Set(["rate", "irate", "increase", "resets"]);

export default defineRule({
  meta: {
    id: "promql/rate-on-counter",
    severity: "error",
    impact: "bug",
    description: "`rate`, `irate`, `increase` and `resets` read only counters (or a histogram's `_bucket`, `_count`, `_sum`).",
    messages: {
      gauge: "{{fn}}() of {{name}}, which is a gauge: every drop is read as a counter reset; use {{instead}}",
    },
    needsCatalog: true,
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    for (const { use, name, info } of catalogSelectors(ast, input)) {
      const fn = use.enclosing[0];
      if (!use.range || fn?.type !== "FunctionCall" || !COUNTER_FUNCTIONS.has(fn.name.name)) continue;
      if (info.metric.type !== "gauge") continue;
      const instead = fn.name.name === "increase" ? "delta()" : fn.name.name === "resets" ? "changes()" : "deriv() or delta()";
      report({ messageId: "gauge", data: { fn: fn.name.name, name, instead }, span: { from: fn.from, to: fn.to } });
    }
  },
});
