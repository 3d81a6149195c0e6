/**
 * alerts/for: an alert with no `for` whose condition is a comparison on the raw value of one
 * scrape's health series (`up == 0`, `scrape_duration_seconds > 10`): one failed or slow scrape,
 * which every target has now and then, fires it.
 *
 * It says nothing about other alerts: whether a `for` is needed depends on how the series behaves
 * (a certificate's remaining lifetime, a failed-disk count or a multi-window burn rate does not
 * flicker), which a rule file does not tell. An explicit `for: 0s` is a decision and is left alone.
 * A `for` shorter than the evaluation interval is not the same as none: Prometheus fires an alert
 * with any non-zero `for` only at an evaluation after the one that made it pending (rules/alerting.go
 * `Eval`, `ts.Sub(a.ActiveAt) >= r.holdDuration`, v2.42.0 and v3.14.0), so it already waits one
 * interval; nothing is reported for it.
 */
import { type Expr, isComparisonOp, type VectorSelector } from "../../../promql/ast.js";
import { walk } from "../../../promql/walk.js";
import { PER_SCRAPE_SERIES, selectorName } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

/** The per-scrape selector an operand reads raw (parentheses allowed), if it is one. */
function rawPerScrapeSelector(e: Expr): VectorSelector | undefined {
  while (e.type === "ParenExpr") e = e.expr;
  if (e.type !== "VectorSelector") return undefined;
  const name = selectorName(e);
  return name && PER_SCRAPE_SERIES.has(name) ? e : undefined;
}

function isNumber(e: Expr): boolean {
  while (e.type === "ParenExpr") e = e.expr;
  return e.type === "NumberLiteral";
}

export default defineRule({
  meta: {
    id: "alerts/for",
    severity: "warning",
    impact: "risk",
    description: "Alerts on a single scrape's health (`up == 0`) hold their condition for a while (`for`) before firing.",
    messages: {
      missing:
        "alert {{name}} has no `for` and compares {{series}}, which describes a single scrape: one failed or slow scrape fires it; add a `for` (at least two scrape intervals), or write `for: 0s` if firing at once is intended",
    },
  },
  rule({ rule, ast, report }) {
    if (rule.kind !== "alert" || rule.for !== null || !ast) return;
    let found: VectorSelector | undefined;
    walk(ast, (node) => {
      if (found) return false;
      // Inside a function or aggregation the value is no longer one scrape's raw value.
      if (node.type === "FunctionCall" || node.type === "AggregateExpr" || node.type === "SubqueryExpr") return false;
      if (node.type === "BinaryExpr" && isComparisonOp(node.op)) {
        const lhs = rawPerScrapeSelector(node.lhs);
        const rhs = rawPerScrapeSelector(node.rhs);
        if (lhs && isNumber(node.rhs)) found = lhs;
        else if (rhs && isNumber(node.lhs)) found = rhs;
      }
      return undefined;
    });
    if (found) report({ messageId: "missing", data: { name: rule.name, series: selectorName(found)! }, field: "for" });
  },
});
