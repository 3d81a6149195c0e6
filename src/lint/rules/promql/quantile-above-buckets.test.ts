import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./quantile-above-buckets.js";

const p99 = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))";

testRule(rule, {
  valid: [
    { name: "a native-only histogram above its stub buckets", expr: "histogram_quantile(0.99, sum(rate(rpc_latency_seconds[5m]))) > 2" },
    { expr: `${p99} > 2.5` },
    { name: "at the top edge with >=", expr: `${p99} >= 5` },
    { name: "below, compared the other way", expr: `${p99} < 5` },
    { name: "an unknown histogram", expr: "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) > 100" },
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
  ],
});
