/**
 * promql/bare-counter: a counter's raw value depends on when the process started; queries read
 * it through `rate`, `increase` and friends.
 *
 * Two cases get their own message, as pint's promql/counter (v0.87.0) reports them too: a
 * counter under a function made for gauges (`delta`, `deriv`…), which reads every reset as a
 * drop, and a raw counter compared with a threshold, which stays crossed until a restart.
 */
import { type Expr, isComparisonOp } from "../../../promql/ast.js";
import { typeOf } from "../../../promql/check.js";
import type { SelectorUse } from "../../../promql/walk.js";
import { catalogSelectors, factBasis, readsCounterValues } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

/**
 * Functions of a range that treat the value as a gauge, with what to use on a counter instead.
 * `rate`, `irate` and `increase` add a reset's value back (promql/functions.go `extrapolatedRate`);
 * these take the raw differences, so a reset reads as a drop as large as the total.
 */
const GAUGE_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ["delta", "increase()"],
  ["idelta", "irate() or increase()"],
  ["deriv", "rate()"],
  ["predict_linear", "rate() (`rate(x[1h]) * 3600` is the increase to expect in the next hour)"],
  ["holt_winters", "rate(), smoothed over a subquery if need be"],
  ["double_exponential_smoothing", "rate(), smoothed over a subquery if need be"],
]);

/**
 * The number a bare counter is compared with, if the selector is an operand of a comparison
 * (through parentheses and aggregations that add or pick values: `sum(x) > 10`).
 */
function comparedWith(use: SelectorUse, expr: string): string | undefined {
  let child: Expr = use.selector;
  for (let i = use.ancestors.length - 1; i >= 0; i--) {
    const a = use.ancestors[i]!;
    if (a.type === "ParenExpr" || (a.type === "AggregateExpr" && ["sum", "max", "min", "avg"].includes(a.op))) {
      child = a;
      continue;
    }
    if (a.type !== "BinaryExpr" || !isComparisonOp(a.op)) return undefined;
    const other = a.lhs === child ? a.rhs : a.lhs;
    return typeOf(other) === "scalar" ? expr.slice(other.from, other.to) : undefined;
  }
  return undefined;
}

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
      gaugeFunction:
        "{{fn}}() of {{name}}, which is a counter: {{fn}}() is made for gauges and reads every counter reset (a process restart) as a drop as large as the total; use {{instead}}, which handle resets",
      compared:
        "{{name}} is a counter compared with the threshold {{threshold}} as a raw value: the total since the process started crosses it after enough events at any pace, stays crossed, and falls back at a restart; compare increase() or rate() over a window instead",
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
      const basis = factBasis(info);
      const fn = use.enclosing[0];
      const instead = use.range && fn?.type === "FunctionCall" ? GAUGE_FUNCTIONS.get(fn.name.name) : undefined;
      if (fn?.type === "FunctionCall" && instead !== undefined) {
        report({ messageId: "gaugeFunction", data: { fn: fn.name.name, name, instead, ...basis }, span: { from: fn.from, to: fn.to } });
        continue;
      }
      const threshold = comparedWith(use, rule.expr);
      if (threshold !== undefined) report({ messageId: "compared", data: { name, threshold, ...basis }, span: { from: span.from, to: span.to } });
      else report({ messageId: "bare", data: { name, ...basis }, span: { from: span.from, to: span.to } });
    }
  },
});
