/**
 * promql/unknown-metric: every series an expression reads is a catalog metric (or one of a
 * histogram's `_bucket`/`_count`/`_sum` series), a recording rule's output, or one Prometheus
 * produces itself (`up`, `ALERTS`…). Anything else never has data: the rule silently never fires.
 * A histogram's series depend on its form (`native` in the catalog): a classic one has no series
 * `m`, a native-only one has nothing but `m` (no `_bucket`, `_count`, `_sum`:
 * https://prometheus.io/docs/specs/native_histograms/), one exposed both ways has all four.
 *
 * Without a catalog, a Prometheus-wide `/api/v1/metadata` response (`--metadata`) lists every
 * metric the server scrapes, and stands in for it; a partial source (one exporter's exposition,
 * another project's catalog.json) only adds names. Neither tells a histogram's form, so only a
 * catalog makes the histogram findings.
 */
import { selectorUses } from "../../../promql/walk.js";
import { completeNameSources, readsMissingClassicSeries, selectorName, seriesInfo } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "promql/unknown-metric",
    severity: "error",
    impact: "bug",
    description: "Expressions read only metrics the catalog declares, or Prometheus's metadata lists (or recording rules produce).",
    messages: {
      unknown: "{{name}} is not a metric of the catalog, nor recorded by any rule: this selector never returns data",
      unknownMetadata:
        "{{name}} is not in {{source}}, the metadata of every metric the Prometheus server scrapes, nor recorded by any rule: this selector never returns data",
      histogramBare:
        '{{name}} is a classic histogram: query its series {{name}}_bucket, {{name}}_count or {{name}}_sum (or declare it native: true or "both" in the catalog if the service exposes it natively)',
      nativeOnly:
        "{{metric}} is a native histogram (native: true): it has no series {{name}}; read {{metric}} itself, e.g. histogram_quantile(0.99, sum(rate({{metric}}[5m]))), histogram_count(rate({{metric}}[5m])), histogram_sum(...) or histogram_fraction(...)",
    },
    needsMetricFacts: true,
  },
  rule({ ast, input, report, rule }) {
    if (!ast) return;
    const complete = completeNameSources(input);
    // Only a source listing every name makes a name's absence meaningful.
    if (complete.length === 0) return;
    const catalog = complete.some((s) => s.origin === "catalog");
    for (const use of selectorUses(ast)) {
      const name = selectorName(use.selector);
      // Recording-rule names (`level:metric:ops`) that nothing records are rule/dependency's finding.
      if (!name || name.includes(":")) continue;
      const info = seriesInfo(name, input);
      const span = use.selector.name ?? use.selector;
      // A name typed by its suffix alone is no better known than any other.
      if (info.kind === "unknown" || info.kind === "inferred") {
        // A rule kept as written reads metrics the catalog need not declare (docs/import.md).
        if (catalog && rule.kept) continue;
        if (catalog) report({ messageId: "unknown", data: { name }, span: { from: span.from, to: span.to } });
        else report({ messageId: "unknownMetadata", data: { name, source: complete.map((s) => s.file).join(", ") }, span: { from: span.from, to: span.to } });
      } else if (readsMissingClassicSeries(info) && info.kind === "metric") {
        report({ messageId: "nativeOnly", data: { name, metric: info.metric.name }, span: { from: span.from, to: span.to } });
      } else if (info.kind === "metric" && info.metric.type === "histogram" && info.part === "" && info.metric.native === false) {
        report({ messageId: "histogramBare", data: { name }, span: { from: span.from, to: span.to } });
      }
    }
  },
});
