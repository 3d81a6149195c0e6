/**
 * alerts/template: what an alert's templates can render. `$labels.x` for a label the expression's
 * result cannot carry renders empty; `$value` in a label makes every new value a new alert; and a
 * catalog alert's templates must parse as Prometheus's Go templates (rule files get that check
 * from the rule-file loader, as `promtool check rules` does).
 */
import { SEMANTICS } from "../../../compat/prometheus.js";
import { checkAlertTemplate } from "../../../rulefile/index.js";
import { lintTarget } from "../../prometheus-target.js";
import type { Expr } from "../../../promql/ast.js";
import { absentLabels, labelBound, templateLabelRefs } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

/**
 * The `absent()` / `absent_over_time()` calls whose series an alert's result can be: the
 * expression itself, either side of `or`, the vector side of a comparison or arithmetic with a
 * number (`absent(x) == 1`), through parentheses.
 */
function absentResults(e: Expr): Expr[] {
  while (e.type === "ParenExpr") e = e.expr;
  if (e.type === "FunctionCall" && (e.name.name === "absent" || e.name.name === "absent_over_time")) return [e];
  if (e.type !== "BinaryExpr") return [];
  if (e.op === "or") return [...absentResults(e.lhs), ...absentResults(e.rhs)];
  if (e.op === "and" || e.op === "unless") return absentResults(e.lhs);
  if (e.rhs.type === "NumberLiteral") return absentResults(e.lhs);
  if (e.lhs.type === "NumberLiteral") return absentResults(e.rhs);
  return [];
}

export default defineRule({
  meta: {
    id: "alerts/template",
    severity: "warning",
    impact: "bug",
    messageImpacts: { valueInLabel: "risk" },
    description: "Alert templates refer only to labels the expression keeps, keep `$value` out of labels, and parse.",
    messages: {
      removed: "{{where}} uses `$labels.{{label}}`, but the expression's result has no `{{label}}` label{{because}}: it renders empty",
      valueInLabel: "label {{label}} uses `$value`: every change of the value makes a new alert, which resolves the old one and fires again",
      syntax: "{{where}} is not a valid template: {{message}}",
    },
  },
  rule({ ast, rule, input, report }) {
    if (!ast || rule.kind !== "alert") return;
    const bound = labelBound(ast, input);
    const aggregated = ast.type === "AggregateExpr" || (ast.type === "BinaryExpr" && ast.lhs.type === "AggregateExpr");
    const absents = absentResults(ast);
    const because = (label: string) =>
      absents.some((a) => a.type === "FunctionCall" && !absentLabels(a.args[0]).has(label))
        ? " (absent() returns only the labels its selector sets with `=`: the series it looks for are missing, so there are no others to read)"
        : aggregated
          ? " (the aggregation removes it)"
          : "";
    const check = (kind: "labels" | "annotations", key: string, text: string) => {
      const where = `${kind === "labels" ? "label" : "annotation"} ${key}`;
      const field = `${kind}.${key}`;
      if (rule.location.catalogPath !== undefined) {
        // The template must parse in every targeted version (3.x has more functions).
        const versions = lintTarget(input).versions;
        for (const v of versions) {
          const err = checkAlertTemplate(rule.name, text, SEMANTICS[v].ruleFiles.templateFunctions);
          if (!err) continue;
          const message = versions.length > 1 ? `${SEMANTICS[v].release}: ${err.message}` : err.message;
          report({ messageId: "syntax", data: { where, message }, field });
          break;
        }
      }
      if (bound !== "any") {
        const reported = new Set<string>();
        for (const ref of templateLabelRefs(text)) {
          if (bound.has(ref.label) || reported.has(ref.label)) continue;
          reported.add(ref.label);
          report({ messageId: "removed", data: { where, label: ref.label, because: because(ref.label) }, field });
        }
      }
      if (kind === "labels" && /\$value\b|\.Value\b/.test(text)) report({ messageId: "valueInLabel", data: { label: key }, field });
    };
    for (const [k, v] of Object.entries(rule.labels)) check("labels", k, v);
    for (const [k, v] of Object.entries(rule.annotations)) check("annotations", k, v);
  },
});
