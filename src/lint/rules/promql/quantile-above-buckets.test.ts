import { metadataKnowledge, metadataSource, testRule } from "../../../../test/helpers/rule-tester.js";
import { buildKnowledge } from "../../../metrics/knowledge.js";
import rule from "./quantile-above-buckets.js";

/** Bucket edges an exposition shows (its `le` values). */
const exposition = metadataKnowledge([{ name: "rpc_seconds", type: "histogram", buckets: [0.1, 0.5, 1] }], { file: "api.metrics" });
/** Two expositions that disagree on the edges: neither is believed. */
const disputed = buildKnowledge([
  metadataSource([{ name: "rpc_seconds", type: "histogram", buckets: [0.1, 0.5, 1] }], { file: "a.metrics" }),
  metadataSource([{ name: "rpc_seconds", type: "histogram", buckets: [0.1, 0.5, 1, 5] }], { file: "b.metrics" }),
]).knowledge;
const rpc99 = "histogram_quantile(0.99, sum by (le) (rate(rpc_seconds_bucket[5m])))";

const p99 = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))";

testRule(rule, {
  valid: [
    { name: "a native-only histogram above its stub buckets", expr: "histogram_quantile(0.99, sum(rate(rpc_latency_seconds[5m]))) > 2" },
    { expr: `${p99} > 2.5` },
    { name: "at the top edge with >=", expr: `${p99} >= 5` },
    { name: "below, compared the other way", expr: `${p99} < 5` },
    { name: "an unknown histogram", expr: "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) > 100" },
    { name: "a histogram no source knows, without a catalog", expr: `${rpc99} > 2`, noCatalog: true },
    { name: "a histogram whose edges two expositions disagree on", expr: `${rpc99} > 2`, noCatalog: true, metadata: disputed },
  ],
  invalid: [
    {
      name: "a histogram exposed both ways, read classic above its top edge",
      expr: "histogram_quantile(0.99, sum by (le) (rate(upload_size_bytes_bucket[5m]))) > 1048576",
      errors: [{ messageId: "never" }],
    },
    { name: "at the top edge with >", expr: `${p99} > 5`, errors: [{ messageId: "never", span: [89, 90] }] },
    { name: "above the top edge", expr: `${p99} > 10`, errors: [{ messageId: "never", span: [89, 91] }] },
    { name: "written the other way round", expr: `5 < ${p99}`, errors: [{ messageId: "never", span: [0, 1] }] },
    {
      name: "above the top edge an exposition shows, without a catalog",
      expr: `${rpc99} > 2`,
      noCatalog: true,
      metadata: exposition,
      errors: [{ messageId: "never", message: "(per api.metrics:2)" }],
    },
  ],
});
