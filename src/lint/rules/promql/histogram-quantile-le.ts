/**
 * promql/histogram-quantile-le: `histogram_quantile` needs the `le` label of the buckets it
 * reads; an aggregation that drops it (`sum(rate(x_bucket[5m]))`) leaves it nothing to compute.
 * Silent when it reads a catalog histogram's native series (`histogram_quantile(0.9,
 * sum(rate(m[5m])))` of a histogram declared `native: true` or `"both"`): a native histogram
 * carries its buckets in each sample and has no `le`
 * (https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile).
 */
import { selectorUses, walk } from "../../../promql/walk.js";
import { labelBound, readsNativeSeries, selectorName, seriesInfo } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "promql/histogram-quantile-le",
    severity: "error",
    impact: "bug",
    description: "`histogram_quantile`'s argument keeps the `le` label.",
    messages: {
      noLe: "the buckets given to histogram_quantile() have lost their `le` label{{where}}: it returns nothing; keep `le` (e.g. `sum by (le) (...)`)",
    },
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    walk(ast, (node) => {
      if (node.type !== "FunctionCall" || node.name.name !== "histogram_quantile") return;
      const arg = node.args[1];
      if (!arg) return;
      const native = selectorUses(arg).some((u) => {
        const name = selectorName(u.selector);
        return name !== undefined && readsNativeSeries(seriesInfo(name, input));
      });
      if (native) return;
      const bound = labelBound(arg, input);
      if (bound === "any" || bound.has("le")) return;
      const agg = arg.type === "AggregateExpr" ? ` in ${arg.op}()` : "";
      report({ messageId: "noLe", data: { where: agg }, span: { from: arg.from, to: arg.to } });
    });
  },
});
