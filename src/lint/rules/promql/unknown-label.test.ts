import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./unknown-label.js";

testRule(rule, {
  valid: [
    { name: "le on the buckets of a histogram exposed both ways", expr: 'sum(rate(upload_size_bytes_bucket{le="1024.0"}[5m])) > 1' },
    { expr: 'rate(http_requests_total{code="500", method="GET"}[5m]) > 1' },
    { name: "target labels", expr: 'rate(http_requests_total{job="api", instance="a:1", service="api"}[5m]) > 1' },
    { name: "le on a bucket series", expr: 'rate(http_request_duration_seconds_bucket{le="0.5"}[5m]) > 1' },
    { name: "a negative matcher (matches every series)", expr: 'rate(http_requests_total{region!="eu"}[5m]) > 1' },
    { name: "a regex that matches the empty value", expr: 'rate(http_requests_total{region=~"eu|"}[5m]) > 1' },
    { name: "a metric the catalog does not know", expr: 'up{region="eu"} == 0' },
  ],
  invalid: [
    { name: "le on a native-only histogram", expr: 'sum(rate(rpc_latency_seconds{le="0.5"}[5m])) > 1', errors: [{ messageId: "nativeLe" }] },
    {
      name: "le on the native series of a histogram exposed both ways",
      expr: 'sum(rate(upload_size_bytes{le="1024.0"}[5m])) > 1',
      errors: [{ messageId: "nativeLe" }],
    },
    { expr: 'rate(http_requests_total{stauts="500"}[5m]) > 1', errors: [{ messageId: "unknown", span: [25, 31] }] },
    {
      name: "le on the histogram's count series",
      expr: 'rate(http_request_duration_seconds_count{le="1"}[5m]) > 1',
      errors: [{ messageId: "unknown", span: [41, 43] }],
    },
    { expr: 'queue_depth{queue=~"a.+", region=~"e.*u"} > 10', errors: [{ messageId: "unknown", span: [26, 32] }] },
  ],
});
