/**
 * cardinality/series-budget: the series one metric can produce, estimated from the catalog, stays
 * under the catalog's budget (`lint.seriesBudget`, default 10000).
 *
 * Estimate: product of each label's value count (closed) or bound (open), times the series per
 * label set (histograms: one per bucket, plus +Inf, _sum and _count), times the number of
 * services exposing the metric.
 */
import type { ResolvedMetric } from "../../../model/resolved.js";
import { defineRule } from "../../types.js";

export function estimateSeries(metric: ResolvedMetric): number {
  const perLabelSet = metric.type === "histogram" ? (metric.buckets?.length ?? 0) + 3 : 1;
  const labelSets = metric.labels.reduce((n, l) => n * l.maxValues, 1);
  return labelSets * perLabelSet * Math.max(1, metric.exposedBy.length);
}

export default defineRule({
  meta: {
    id: "cardinality/series-budget",
    severity: "warning",
    impact: "risk",
    description: "The estimated series count of each metric stays under the catalog's `lint.seriesBudget`.",
    messages: {
      over: "{{name}} can produce up to {{series}} series ({{breakdown}}), over the budget of {{budget}}; drop or bound a label",
    },
    needsCatalog: true,
  },
  metric({ metric, catalog, report }) {
    const budget = catalog!.lint.seriesBudget;
    const series = estimateSeries(metric);
    if (series <= budget) return;
    const parts = metric.labels.map((l) => `${l.name} ${l.maxValues}`);
    if (metric.type === "histogram") parts.push(`${(metric.buckets?.length ?? 0) + 3} series per histogram`);
    if (metric.exposedBy.length > 1) parts.push(`${metric.exposedBy.length} services`);
    report({ messageId: "over", data: { name: metric.name, series, budget, breakdown: parts.join(" × ") } });
  },
});
