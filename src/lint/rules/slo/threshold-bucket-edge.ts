/**
 * slo/threshold-bucket-edge: a latency SLO's threshold is a bucket edge of its histogram. Only
 * then is "p99 < 100μs" the exact event ratio "99% of observations in buckets up to 100", which the
 * SLO's error-ratio and burn-rate rules count; between edges there is nothing to count. Silent for
 * a native-only histogram (`native: true`), whose error ratio `histogram_fraction` estimates at any
 * threshold.
 */
import { formatNumber } from "../../../model/numbers.js";
import { histogramRead } from "../../../model/promql-builder.js";
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "slo/threshold-bucket-edge",
    severity: "error",
    impact: "bug",
    description: "Latency SLO thresholds equal a bucket edge of the histogram.",
    messages: {
      between:
        "SLO {{slo}}: {{threshold}} is not a bucket edge of {{metric}} ({{buckets}}): its error budget cannot be counted, so it gets no burn-rate alerts; add the edge or move the threshold to one",
    },
    needsCatalog: true,
    // A silence would hide the finding but not bring the burn-rate alerts back (catalog-lint.ts
    // then reports them missing): only adding the edge or moving the threshold fixes it.
    silenceable: false,
  },
  catalogCheck({ catalog, report }) {
    for (const slo of catalog.slos) {
      if (slo.kind !== "latency") continue;
      const m = catalog.metrics.find((x) => x.name === slo.metric);
      // A native-only histogram's SLO counts with histogram_fraction, which takes any threshold.
      if (!m?.buckets || m.buckets.includes(slo.threshold) || histogramRead(m) === "native") continue;
      report(slo.path, {
        messageId: "between",
        data: { slo: slo.name, threshold: formatNumber(slo.threshold), metric: m.name, buckets: m.buckets.map(formatNumber).join(", ") },
        field: "threshold",
      });
    }
  },
});
