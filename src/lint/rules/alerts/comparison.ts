/**
 * alerts/comparison: an alert fires for every series its expression returns; without a comparison
 * it returns every series of the metric, whatever the value, and always fires.
 */
import { isComparisonOp } from "../../../promql/ast.js";
import { nodes } from "../../../promql/walk.js";
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "alerts/comparison",
    severity: "warning",
    impact: "bug",
    description: "Alert expressions contain a condition (a comparison, `unless`, or `absent()`).",
    messages: {
      none: "alert {{name}} has no comparison: it fires for every series the expression returns, whatever the value",
    },
  },
  rule({ ast, rule, report }) {
    if (!ast || rule.kind !== "alert") return;
    const hasCondition = nodes(ast).some(
      (n) =>
        (n.type === "BinaryExpr" && ((isComparisonOp(n.op) && !n.bool) || n.op === "unless")) ||
        (n.type === "FunctionCall" && (n.name.name === "absent" || n.name.name === "absent_over_time")),
    );
    if (!hasCondition) report({ messageId: "none", data: { name: rule.name }, span: { from: ast.from, to: ast.to } });
  },
});
