/**
 * promql/unknown-metric: every series an expression reads is a catalog metric (or one of a
 * histogram's `_bucket`/`_count`/`_sum` series), a recording rule's output, or one Prometheus
 * produces itself (`up`, `ALERTS`…). Anything else never has data: the rule silently never fires.
 */
import { selectorUses } from "../../../promql/walk.js";
import { selectorName, seriesInfo } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "promql/unknown-metric",
    severity: "error",
    description: "Expressions read only metrics the catalog declares (or recording rules produce).",
    messages: {
      unknown: "{{name}} is not a metric of the catalog, nor recorded by any rule: this selector never returns data",
      histogramBare:
        "{{name}} is a histogram: query its series {{name}}_bucket, {{name}}_count or {{name}}_sum",
    },
    needsCatalog: true,
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    for (const use of selectorUses(ast)) {
      const name = selectorName(use.selector);
      // Recording-rule names (`level:metric:ops`) that nothing records are rule/dependency's finding.
      if (!name || name.includes(":")) continue;
      const info = seriesInfo(name, input);
      const span = use.selector.name ?? use.selector;
      if (info.kind === "unknown") report({ messageId: "unknown", data: { name }, span: { from: span.from, to: span.to } });
      else if (info.kind === "metric" && info.metric.type === "histogram" && info.part === "") {
        report({ messageId: "histogramBare", data: { name }, span: { from: span.from, to: span.to } });
      }
    }
  },
});
