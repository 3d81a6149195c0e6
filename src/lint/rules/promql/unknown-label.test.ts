import { metadataKnowledge, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./unknown-label.js";

/** Labels an exposition shows: not every label the scraped series carry. */
const exposition = metadataKnowledge([{ name: "node_cpu_seconds_total", type: "counter", labels: { cpu: ["0", "1"], mode: ["idle", "user"] } }], {
  file: "node.metrics",
});
/** Another project's catalog.json: its labels are declared, so complete. */
const declared = metadataKnowledge([{ name: "orders_total", type: "counter", labels: { status: ["filled", "rejected"] }, declared: true }], {
  file: "orders/catalog.json",
});

testRule(rule, {
  valid: [
    { name: "le on the buckets of a histogram exposed both ways", expr: 'sum(rate(upload_size_bytes_bucket{le="1024.0"}[5m])) > 1' },
    { expr: 'rate(http_requests_total{code="500", method="GET"}[5m]) > 1' },
    { name: "target labels", expr: 'rate(http_requests_total{job="api", instance="a:1", service="api"}[5m]) > 1' },
    { name: "le on a bucket series", expr: 'rate(http_request_duration_seconds_bucket{le="0.5"}[5m]) > 1' },
    { name: "a negative matcher (matches every series)", expr: 'rate(http_requests_total{region!="eu"}[5m]) > 1' },
    { name: "a regex that matches the empty value", expr: 'rate(http_requests_total{region=~"eu|"}[5m]) > 1' },
    { name: "a metric the catalog does not know", expr: 'up{region="eu"} == 0' },
    {
      name: "a label an exposition does not show (target labels are added at scrape)",
      expr: 'rate(node_cpu_seconds_total{namespace="prod", mode="idle"}[5m]) > 1',
      noCatalog: true,
      metadata: exposition,
    },
    { name: "a target label of a catalog.json metric", expr: 'rate(orders_total{service="orders"}[5m]) > 1', noCatalog: true, metadata: declared },
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
    {
      name: "a label a catalog.json metric does not declare, without a catalog",
      expr: 'rate(orders_total{stauts="filled"}[5m]) > 1',
      noCatalog: true,
      metadata: declared,
      errors: [{ messageId: "unknown", message: "(per orders/catalog.json:2)", span: [18, 24] }],
    },
  ],
});
