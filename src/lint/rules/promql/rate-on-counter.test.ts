import { metadataKnowledge, metadataSource, testRule } from "../../../../test/helpers/rule-tester.js";
import { buildKnowledge } from "../../../metrics/knowledge.js";
import rule from "./rate-on-counter.js";

/** What Prometheus's metadata says (no catalog). */
const metadata = metadataKnowledge([
  { name: "node_load1", type: "gauge" },
  { name: "target", type: "info" },
  { name: "rpc_duration_seconds", type: "summary" },
  { name: "legacy_requests", type: "unknown" },
  { name: "node_cpu_seconds_total", type: "counter" },
]);
/** Two files that disagree on a type: neither is believed. */
const disputed = buildKnowledge([
  metadataSource([{ name: "jobs_queued", type: "gauge" }], { file: "a.json" }),
  metadataSource([{ name: "jobs_queued", type: "counter" }], { file: "b.json" }),
]).knowledge;

testRule(rule, {
  valid: [
    { expr: "rate(http_requests_total[5m]) > 1" },
    { expr: "sum(rate(http_request_duration_seconds_bucket[5m])) > 1" },
    { expr: "increase(http_request_duration_seconds_count[1h]) > 100" },
    { name: "deriv of a gauge", expr: "deriv(queue_depth[10m]) > 0" },
    { name: "a series the catalog does not know", expr: "rate(node_cpu_seconds_total[5m]) > 1" },
    { name: "a series no source knows, without a catalog (never guessed a gauge)", expr: "rate(node_load1[5m]) > 1", noCatalog: true },
    { name: "a counter by metadata", expr: "rate(node_cpu_seconds_total[5m]) > 1", noCatalog: true, metadata },
    { name: "a summary's count by metadata", expr: "rate(rpc_duration_seconds_count[5m]) > 1", noCatalog: true, metadata },
    { name: "an untyped series by metadata", expr: "rate(legacy_requests[5m]) > 1", noCatalog: true, metadata },
    { name: "a type two metadata files disagree on", expr: "rate(jobs_queued[5m]) > 1", noCatalog: true, metadata: disputed },
    {
      name: "an info metric by its name alone (inference never says a series is not a counter)",
      expr: "rate(build_info[5m]) > 0",
      noCatalog: true,
      inferTypes: true,
    },
  ],
  invalid: [
    { expr: "rate(queue_depth[5m]) > 1", errors: [{ messageId: "gauge", span: [0, 21] }] },
    { expr: 'sum(increase(queue_depth{queue="a"}[1h])) > 10', errors: [{ messageId: "gauge", message: "use delta()", span: [4, 40] }] },
    {
      name: "a gauge by metadata, without a catalog, saying where its type comes from",
      expr: "rate(node_load1[5m]) > 1",
      noCatalog: true,
      metadata,
      errors: [{ messageId: "gauge", message: "(per metadata.json:2)", span: [0, 20] }],
    },
    {
      name: "an info metric by metadata",
      expr: "rate(target_info[5m]) > 0",
      noCatalog: true,
      metadata,
      errors: [{ messageId: "notCounter", message: "an info metric" }],
    },
    {
      name: "a summary's quantiles by metadata",
      expr: "irate(rpc_duration_seconds[5m]) > 0",
      noCatalog: true,
      metadata,
      errors: [{ messageId: "notCounter", message: "a summary's quantile" }],
    },
  ],
});
