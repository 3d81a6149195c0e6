/**
 * promql/rate-on-counter: `rate`, `irate` and `increase` (and `resets`) assume a counter: they
 * treat every decrease as a reset. On a gauge they turn each drop into a jump.
 */
import { catalogSelectors, factBasis, readsNonCounterValues } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

const COUNTER_FUNCTIONS = new Set(["rate", "irate", "increase", "resets"]);

/** What a series of each non-counter type is, in a message. */
const NOT_COUNTER: Readonly<Record<string, string>> = {
  info: "an info metric (always 1)",
  stateset: "a state set (each state 0 or 1)",
  gaugehistogram: "a gauge histogram's series",
  summary: "a summary's quantile",
};

export default defineRule({
  meta: {
    id: "promql/rate-on-counter",
    severity: "error",
    impact: "bug",
    description: "`rate`, `irate`, `increase` and `resets` read only counters (or a histogram's `_bucket`, `_count`, `_sum`).",
    messages: {
      gauge: "{{fn}}() of {{name}}, which is a gauge: every drop is read as a counter reset; use {{instead}}",
      notCounter: "{{fn}}() of {{name}}, which is {{what}}, not a counter: every drop is read as a counter reset; use {{instead}}",
    },
    needsMetricFacts: true,
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    // Known types only: nothing is inferred to be a gauge (a series unknown to every source may be a counter).
    for (const { use, name, info } of catalogSelectors(ast, input)) {
      const fn = use.enclosing[0];
      if (!use.range || fn?.type !== "FunctionCall" || !COUNTER_FUNCTIONS.has(fn.name.name)) continue;
      if (!readsNonCounterValues(info)) continue;
      const flag = info.metric.type === "info" || info.metric.type === "stateset";
      const instead = flag
        ? "changes() to count its changes"
        : fn.name.name === "increase"
          ? "delta()"
          : fn.name.name === "resets"
            ? "changes()"
            : "deriv() or delta()";
      const data = { fn: fn.name.name, name, instead, ...factBasis(info) };
      const span = { from: fn.from, to: fn.to };
      const what = NOT_COUNTER[info.metric.type];
      if (what === undefined) report({ messageId: "gauge", data, span });
      else report({ messageId: "notCounter", data: { ...data, what }, span });
    }
  },
});
