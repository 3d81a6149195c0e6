import { metadataKnowledge, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./le-quantile-spelling.js";

/** Prometheus rewrites `quantile` on a summary's series only (and `le` on a histogram's buckets). */
const metadata = metadataKnowledge([
  { name: "rpc_duration_seconds", type: "summary" },
  { name: "gc_pause_quantiles", type: "gauge" },
  { name: "queue_wait_bucket", type: "gauge" },
]);

const bucket = (matcher: string): string => `histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{${matcher}}[5m]))) > 1`;

testRule(rule, {
  valid: [
    { name: "the _bucket of a native-only histogram, which unknown-metric reports", expr: 'sum(rate(rpc_latency_seconds_bucket{le="1"}[5m])) > 1' },
    { name: "a bound spelled as Prometheus 3 stores it", expr: bucket('le="1.0"') },
    { name: "a fraction, spelled the same by both versions", expr: bucket('le="0.5"') },
    { name: "+Inf", expr: bucket('le="+Inf"') },
    { name: "a regex matching both spellings", expr: bucket('le=~"1|1\\\\.0"') },
    { name: "a regex that lists no literal numbers", expr: bucket('le=~"1.*"') },
    { name: "a value that is not a number", expr: bucket('le="big"') },
    { name: "le on a series that is not a histogram bucket", expr: 'queue_depth{le="100"} > 1' },
    { name: "le on an unknown series without the _bucket suffix", expr: 'foo{le="100"} > 1', noCatalog: true },
    { name: "a histogram's count, which has no le", expr: 'http_request_duration_seconds_count{le="1"} > 1' },
    { name: "quantile on a summary, spelled as Prometheus 3 stores it", expr: 'rpc_latency_seconds{quantile="1.0"} > 1', noCatalog: true },
    { name: "quantile on a catalog metric (the catalog declares no summaries)", expr: 'queue_depth{quantile="1"} > 1' },
    { name: "quantile on a family metadata types as a gauge", expr: 'gc_pause_quantiles{quantile="1"} > 1', noCatalog: true, metadata },
    { name: "le on a _bucket metadata types as a gauge", expr: 'queue_wait_bucket{le="100"} > 1', noCatalog: true, metadata },
    { name: "a whole number when only 2.42 is targeted", expr: bucket('le="1"'), prometheus: ["2.42"] },
    {
      name: "a dashboard query whose bound is a Grafana variable",
      dashboard: {
        title: "Latency",
        uid: "lat",
        panels: [
          {
            id: 1,
            type: "timeseries",
            title: "p99",
            targets: [{ refId: "A", expr: 'sum(rate(http_request_duration_seconds_bucket{le="$le"}[$__rate_interval]))' }],
          },
        ],
      },
    },
  ],
  invalid: [
    { name: "le on a histogram exposed both ways", expr: 'sum(rate(upload_size_bytes_bucket{le="1024"}[5m])) > 1', errors: [{ messageId: "equal" }] },
    { name: "a whole-number bound on a catalog histogram", expr: bucket('le="1"'), errors: [{ messageId: "equal", message: 'le="1.0"', span: [79, 85] }] },
    {
      name: "a whole-number bound on an unknown _bucket series, with both fixes",
      expr: 'sum(rate(request_seconds_bucket{le="100"}[5m])) > 1',
      noCatalog: true,
      errors: [{ messageId: "equal", message: 'write le="100.0", or le=~"100|100\\\\.0" to match Prometheus 2 and 3 data', span: [32, 40] }],
    },
    { name: "a bound in exponent form", expr: bucket('le="1e6"'), errors: [{ messageId: "equal", message: 'stores le="1e+06"' }] },
    { name: "a negated whole-number bound", expr: bucket('le!="5"'), errors: [{ messageId: "notEqual", message: 'le!="5.0"' }] },
    { name: "a regex listing only the 2.x spelling", expr: bucket('le=~"0.5|1"'), errors: [{ messageId: "regex", message: 'le=~"0.5|1|1\\\\.0"' }] },
    {
      name: "a whole-number quantile on a summary",
      expr: 'rpc_latency_seconds{quantile="1"} > 1',
      noCatalog: true,
      errors: [{ messageId: "equal", message: 'quantile="1.0"' }],
    },
    {
      name: "a whole-number quantile on a summary by metadata",
      expr: 'rpc_duration_seconds{quantile="1"} > 1',
      noCatalog: true,
      metadata,
      errors: [{ messageId: "equal", message: 'quantile="1.0"' }],
    },
    { name: "a whole number when both 2.42 and 3 are targeted", expr: bucket('le="1"'), prometheus: ["2.42", "3"], errors: [{ messageId: "equal" }] },
    {
      name: "a dashboard query",
      dashboard: {
        title: "Latency",
        uid: "lat",
        panels: [
          {
            id: 1,
            type: "timeseries",
            title: "p99",
            targets: [{ refId: "A", expr: 'sum(rate(http_request_duration_seconds_bucket{le="5"}[$__rate_interval]))' }],
          },
        ],
      },
      errors: [{ messageId: "equal", message: 'le="5.0"' }],
    },
  ],
});
