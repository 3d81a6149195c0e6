import { metadataKnowledge, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./histogram-quantile-le.js";

/** Metadata says `histogram` for classic and native histograms alike. */
const metadata = metadataKnowledge([{ name: "rpc_seconds", type: "histogram" }]);

testRule(rule, {
  valid: [
    { name: "a native-only histogram, which has no le", expr: "histogram_quantile(0.9, sum(rate(rpc_latency_seconds[5m]))) > 1" },
    { name: "a native histogram aggregated by a label", expr: "histogram_quantile(0.9, sum by (method) (rate(rpc_latency_seconds[5m]))) > 1" },
    { name: "a histogram exposed both ways, read natively", expr: "histogram_quantile(0.9, sum(rate(upload_size_bytes[5m]))) > 1" },
    { expr: "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1" },
    { expr: "histogram_quantile(0.99, sum by (le, method) (rate(http_request_duration_seconds_bucket[5m]))) > 1" },
    { expr: "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m])) > 1" },
    { name: "without(le) of something else is unknowable", expr: "histogram_quantile(0.9, sum without (instance) (rate(x_bucket[5m]))) > 1", noCatalog: true },
    { name: "an unknown series, unaggregated", expr: "histogram_quantile(0.9, rate(x_bucket[5m])) > 1", noCatalog: true },
    {
      name: "a histogram metadata knows, read by its bare name: its native series",
      expr: "histogram_quantile(0.9, sum(rate(rpc_seconds[5m]))) > 1",
      noCatalog: true,
      metadata,
    },
  ],
  invalid: [
    {
      name: "a histogram exposed both ways, its buckets summed without le",
      expr: "histogram_quantile(0.9, sum(rate(upload_size_bytes_bucket[5m]))) > 1",
      errors: [{ messageId: "noLe" }],
    },
    {
      expr: "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m]))) > 1",
      errors: [{ messageId: "noLe", span: [25, 76] }],
    },
    {
      name: "the buckets of a histogram metadata knows, summed without le",
      expr: "histogram_quantile(0.9, sum(rate(rpc_seconds_bucket[5m]))) > 1",
      noCatalog: true,
      metadata,
      errors: [{ messageId: "noLe" }],
    },
    {
      name: "grouping by other labels only, even without a catalog",
      expr: "histogram_quantile(0.9, sum by (job) (rate(x_bucket[5m]))) > 1",
      noCatalog: true,
      errors: [{ messageId: "noLe", span: [24, 57] }],
    },
    {
      name: "without(le)",
      expr: "histogram_quantile(0.9, sum without (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1",
      errors: [{ messageId: "noLe" }],
    },
  ],
});
