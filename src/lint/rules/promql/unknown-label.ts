/**
 * promql/unknown-label: a positive matcher on a label the metric does not have matches no series
 * (`x{stauts="ok"}`), so the selector returns nothing. A native histogram's series has no `le`:
 * its buckets are inside each sample (https://prometheus.io/docs/specs/native_histograms/).
 * Only where every label of the metric is known: a catalog's declaration, or another project's
 * catalog.json given with `--metadata`. An exposition or Prometheus's metadata never is (target
 * labels are added at scrape, other exporters may use the name with other labels: docs/metadata.md).
 */
import { compileMatcherRegex } from "../../../promql/regex.js";
import { catalogSelectors, factBasis, readsNativeSeries, seriesLabels } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "promql/unknown-label",
    severity: "error",
    impact: "bug",
    description: "Label matchers name labels the metric has.",
    messages: {
      unknown: "{{metric}} has no label {{label}} (its labels: {{labels}}): this matcher never matches",
      nativeLe:
        "{{metric}} is read as a native histogram here, which has no label le: its buckets are inside each sample; use histogram_fraction(lower, upper, ...) for a share of observations",
    },
    needsMetricFacts: true,
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    for (const { use, info } of catalogSelectors(ast, input)) {
      const labels = seriesLabels(info);
      if (labels === undefined) continue;
      for (const m of use.selector.matchers) {
        if (m.name === "__name__" || labels.includes(m.name)) continue;
        // Only a matcher that cannot match the empty string (a missing label's value) excludes every series.
        const matchesEmpty = m.op === "=" ? m.value === "" : m.op === "=~" ? compileMatcherRegex(m.value).matchesEmpty : true;
        if (matchesEmpty) continue;
        const nativeLe = m.name === "le" && readsNativeSeries(info);
        report({
          messageId: nativeLe ? "nativeLe" : "unknown",
          data: { metric: info.metric.name, label: m.name, labels: labels.join(", "), ...factBasis(info, "labels") },
          span: { from: m.nameSpan.from, to: m.nameSpan.to },
        });
      }
    }
  },
});
