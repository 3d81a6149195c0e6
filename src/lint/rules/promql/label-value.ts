/**
 * promql/label-value: a matcher on a closed label (one whose values the catalog lists) can match
 * one of those values. `order_type="Market"` against `market|limit` matches nothing. Only a
 * catalog's closed labels (the linted catalog's, or a catalog.json's given with `--metadata`):
 * values seen in an exposition are never all the values a label can take.
 */
import { compileMatcherRegex } from "../../../promql/regex.js";
import { isTemplated } from "../../../compat/grafana-macros.js";
import { catalogSelectors, factBasis } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "promql/label-value",
    severity: "error",
    impact: "bug",
    description: "Matchers on closed labels can match one of the values the catalog declares.",
    messages: {
      equal: '{{label}}="{{value}}" is not a value of {{metric}}\'s {{label}} ({{values}}): this matcher never matches',
      regex: '{{label}}=~"{{value}}" matches none of {{metric}}\'s {{label}} values ({{values}}): this matcher never matches',
    },
    needsMetricFacts: true,
  },
  rule({ ast, rule, input, report }) {
    if (!ast) return;
    for (const { use, info } of catalogSelectors(ast, input)) {
      for (const m of use.selector.matchers) {
        if (isTemplated(rule.templated, m.valueSpan)) continue;
        const decl = info.metric.labels.find((l) => l.name === m.name);
        if (!decl?.valuesComplete) continue;
        const data = { label: m.name, value: m.value, metric: info.metric.name, values: decl.values.join(", "), ...factBasis(info, "labels") };
        const span = { from: m.valueSpan.from, to: m.valueSpan.to };
        if (m.op === "=" && m.value !== "" && !decl.values.includes(m.value)) report({ messageId: "equal", data, span });
        if (m.op === "=~") {
          const re = compileMatcherRegex(m.value);
          // Without an exact JavaScript equivalent of the RE2 pattern, say nothing.
          if (!re.regexp || re.matchesEmpty) continue;
          if (!decl.values.some((v) => re.regexp!.test(v))) report({ messageId: "regex", data, span });
        }
      }
    }
  },
});
