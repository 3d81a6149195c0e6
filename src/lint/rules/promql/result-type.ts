/**
 * promql/result-type: a rule's expression evaluates to an instant vector or a scalar. promtool
 * 2.42 accepts a range vector or a string, and Prometheus then fails every evaluation of the rule
 * at run time ("rule result is not a vector or scalar"). obsgen is deliberately stricter here.
 */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "promql/result-type",
    severity: "error",
    impact: "bug",
    description: "Rule expressions evaluate to an instant vector or a scalar, never a range vector or a string.",
    silenceable: false,
    messages: {
      matrix: "the expression is a range vector: Prometheus fails every evaluation of this rule; wrap it in a function such as rate() or max_over_time()",
      string: "the expression is a string: Prometheus fails every evaluation of this rule",
    },
  },
  rule({ ast, valueType, report }) {
    if (!ast) return;
    if (valueType === "matrix") report({ messageId: "matrix", span: { from: ast.from, to: ast.to } });
    if (valueType === "string") report({ messageId: "string", span: { from: ast.from, to: ast.to } });
  },
});
