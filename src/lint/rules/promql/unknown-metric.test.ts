import { metadataKnowledge, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./unknown-metric.js";

const families = [
  { name: "http_requests", type: "counter" as const },
  { name: "rpc_duration_seconds", type: "histogram" as const },
  { name: "node_load1", type: "gauge" as const },
];
/** A Prometheus-wide /api/v1/metadata: every metric the server scrapes. */
const serverWide = metadataKnowledge(families, { file: "prometheus-metadata.json", namesComplete: true });
/** One exporter's exposition: other exporters' metrics are not in it. */
const oneExporter = metadataKnowledge(families, { file: "api.metrics" });

testRule(rule, {
  valid: [
    { name: "a native-only histogram read by its own name", expr: "histogram_quantile(0.99, sum(rate(rpc_latency_seconds[5m]))) > 1" },
    { name: "a histogram exposed both ways, read natively", expr: "histogram_count(rate(upload_size_bytes[5m])) > 1" },
    { name: "a histogram exposed both ways, read classic", expr: "sum(rate(upload_size_bytes_count[5m])) > 1" },
    { expr: "rate(http_requests_total[5m]) > 1" },
    { expr: "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1" },
    { expr: 'up{job="api"} == 0' },
    { name: "a name given by __name__", expr: '{__name__="queue_depth"} > 10' },
    { name: "without a catalog", expr: "rate(whatever_total[5m]) > 1", noCatalog: true },
    { name: "a name one exporter's metadata does not list", expr: "rate(whatever_total[5m]) > 1", noCatalog: true, metadata: oneExporter },
    {
      name: "a counter's _total series, the family named the OpenMetrics way",
      expr: "rate(http_requests_total[5m]) > 1",
      noCatalog: true,
      metadata: serverWide,
    },
    {
      name: "a histogram's series and its bare name (metadata does not tell the form)",
      expr: "histogram_quantile(0.9, sum by (le) (rate(rpc_duration_seconds_bucket[5m]))) > histogram_quantile(0.9, sum(rate(rpc_duration_seconds[5m])))",
      noCatalog: true,
      metadata: serverWide,
    },
    {
      name: "a series Prometheus produces, with server-wide metadata",
      expr: 'up{job="api"} == 0 or scrape_samples_scraped == 0',
      noCatalog: true,
      metadata: serverWide,
    },
    { name: "a metric metadata lists but the catalog does not", expr: "node_load1 > 4", metadata: serverWide },
    { name: "a name typed by its suffix, without a source listing every name", expr: "rate(whatever_total[5m]) > 1", noCatalog: true, inferTypes: true },
  ],
  invalid: [
    {
      name: "the _bucket series of a native-only histogram",
      expr: "histogram_quantile(0.99, sum by (le) (rate(rpc_latency_seconds_bucket[5m]))) > 1",
      errors: [{ messageId: "nativeOnly", span: [43, 69] }],
    },
    {
      name: "the _count series of a native-only histogram",
      expr: "sum(rate(rpc_latency_seconds_count[5m])) > 1",
      errors: [{ messageId: "nativeOnly", span: [9, 34] }],
    },
    {
      name: "a classic histogram's bare name in histogram_quantile",
      expr: "histogram_quantile(0.9, sum(rate(http_request_duration_seconds[5m]))) > 1",
      errors: [{ messageId: "histogramBare", span: [33, 62] }],
    },
    { expr: "rate(http_request_total[5m]) > 1", errors: [{ messageId: "unknown", span: [5, 23] }] },
    { expr: "sum(rate(http_request_duration_seconds[5m])) > 1", errors: [{ messageId: "histogramBare", span: [9, 38] }] },
    { expr: 'queue_depht{queue="a"} > 1 or queue_depth > 5', errors: [{ messageId: "unknown", span: [0, 11] }] },
    {
      name: "a name server-wide metadata does not list, without a catalog",
      expr: "node_laod1 > 4",
      noCatalog: true,
      metadata: serverWide,
      errors: [{ messageId: "unknownMetadata", message: "is not in prometheus-metadata.json", span: [0, 10] }],
    },
    {
      name: "a name the catalog does not know, though typed by its suffix",
      expr: "rate(http_request_total[5m]) > 1",
      inferTypes: true,
      errors: [{ messageId: "unknown", span: [5, 23] }],
    },
    {
      name: "a name neither the catalog nor server-wide metadata knows",
      expr: "node_laod1 > 4",
      metadata: serverWide,
      errors: [{ messageId: "unknown", span: [0, 10] }],
    },
  ],
});
