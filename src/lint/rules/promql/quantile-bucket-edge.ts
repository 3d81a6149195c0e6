/**
 * promql/quantile-bucket-edge: a threshold on a histogram quantile is one of the histogram's bucket
 * edges. Between edges `histogram_quantile` interpolates linearly, which assumes observations are
 * spread evenly inside the bucket: the alert fires at a guessed latency, not a measured one.
 */
import { formatNumber } from "../../../model/numbers.js";
import { defineRule } from "../../types.js";
import { quantileComparisons } from "./quantile-above-buckets.js";

export default defineRule({
  meta: {
    id: "promql/quantile-bucket-edge",
    severity: "warning",
    impact: "risk",
    description: "Thresholds on histogram quantiles sit on a bucket edge, where the quantile is measured rather than interpolated.",
    messages: {
      between: "{{threshold}} is not a bucket edge of {{metric}} (edges near it: {{near}}): the quantile there is interpolated; use an edge or add one",
    },
    needsMetricFacts: true,
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    for (const c of quantileComparisons(ast, input)) {
      const buckets = c.histogram.buckets;
      const top = buckets[buckets.length - 1]!;
      if (buckets.includes(c.threshold) || c.threshold > top) continue;
      const below = [...buckets].reverse().find((b) => b < c.threshold);
      const above = buckets.find((b) => b > c.threshold);
      const near = [below, above]
        .filter((b) => b !== undefined)
        .map((b) => formatNumber(b!))
        .join(", ");
      report({
        messageId: "between",
        data: { threshold: formatNumber(c.threshold), metric: c.histogram.metric.name, near, ...c.histogram.basis },
        span: c.span,
      });
    }
  },
});
