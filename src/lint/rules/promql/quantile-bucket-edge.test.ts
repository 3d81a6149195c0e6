import { metadataKnowledge, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./quantile-bucket-edge.js";

/** Bucket edges an exposition shows (its `le` values). */
const exposition = metadataKnowledge([{ name: "rpc_seconds", type: "histogram", buckets: [0.1, 0.5, 1] }], { file: "api.metrics" });
const rpc99 = "histogram_quantile(0.99, sum by (le) (rate(rpc_seconds_bucket[5m])))";

const p99 = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))";

testRule(rule, {
  valid: [
    {
      name: "a native-only histogram's quantile between its stub buckets: native thresholds need no edge",
      expr: "histogram_quantile(0.99, sum(rate(rpc_latency_seconds[5m]))) > 0.3",
    },
    { expr: `${p99} > 0.5` },
    { expr: `${p99} > 2.5` },
    { name: "above the top edge is another rule's finding", expr: `${p99} > 10` },
    { name: "a histogram no source knows, without a catalog", expr: `${rpc99} > 0.3`, noCatalog: true },
    { name: "on an edge an exposition shows", expr: `${rpc99} > 0.5`, noCatalog: true, metadata: exposition },
  ],
  invalid: [
    {
      name: "a histogram exposed both ways, read classic between edges",
      expr: "histogram_quantile(0.99, sum by (le) (rate(upload_size_bytes_bucket[5m]))) > 2000",
      errors: [{ messageId: "between" }],
    },
    { expr: `${p99} > 0.3`, errors: [{ messageId: "between", message: "edges near it: 0.25, 0.5", span: [89, 92] }] },
    { expr: `${p99} > 0.05`, errors: [{ messageId: "between", message: "edges near it: 0.1" }] },
    {
      name: "between the edges an exposition shows, without a catalog",
      expr: `${rpc99} > 0.3`,
      noCatalog: true,
      metadata: exposition,
      errors: [{ messageId: "between", message: "(edges near it: 0.1, 0.5): the quantile there is interpolated; use an edge or add one (per api.metrics:2)" }],
    },
  ],
});
