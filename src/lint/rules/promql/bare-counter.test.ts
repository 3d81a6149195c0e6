import { metadataKnowledge, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./bare-counter.js";

/** What an exporter's metadata says (no catalog): OpenMetrics names a counter's family without `_total`. */
const metadata = metadataKnowledge([
  { name: "node_cpu_seconds_total", type: "counter" },
  { name: "http_requests", type: "counter" },
  { name: "node_load1", type: "gauge" },
  { name: "rpc_duration_seconds", type: "summary" },
]);

testRule(rule, {
  valid: [
    { expr: "rate(http_requests_total[5m]) > 1" },
    { expr: "sum(increase(job_errors_total[1h])) > 0" },
    { expr: "absent(http_requests_total)" },
    { expr: "count(http_requests_total) < 3" },
    { name: "a gauge", expr: "queue_depth > 100" },
    { name: "delta() of a gauge", expr: "delta(queue_depth[10m]) > 100" },
    { name: "deriv() of a gauge", expr: "deriv(queue_depth[10m]) > 0" },
    { name: "a recording rule copying the counter under another name", expr: "job_errors_total", kind: "record", ruleName: "job_failures_total" },
    { name: "a series no source knows, without a catalog", expr: "jobs_failed_total > 0", noCatalog: true },
    { name: "a counter without a catalog (its type is unknown)", expr: "delta(http_requests_total[5m]) > 1", noCatalog: true },
    { name: "a recorded series with a colon, with inference on", expr: "job:jobs_failed_total:sum > 0", noCatalog: true, inferTypes: true },
    { name: "a _count, which a gauge may be named, with inference on", expr: "pg_stat_activity_count > 100", noCatalog: true, inferTypes: true },
    {
      name: "a series metadata types as a gauge though named _total, with inference on",
      expr: "ceph_pg_total > 0",
      noCatalog: true,
      inferTypes: true,
      metadata: metadataKnowledge([{ name: "ceph_pg_total", type: "gauge" }]),
    },
    { name: "a gauge by metadata", expr: "node_load1 > 4", noCatalog: true, metadata },
    { name: "deriv() of a gauge by metadata", expr: "deriv(node_load1[10m]) > 0", noCatalog: true, metadata },
    { name: "a summary's quantile by metadata", expr: 'rpc_duration_seconds{quantile="0.9"} > 1', noCatalog: true, metadata },
    { name: "a counter's created timestamp by metadata", expr: "time() - http_requests_created > 3600", noCatalog: true, metadata },
  ],
  invalid: [
    {
      name: "a counter compared with a threshold",
      expr: 'job_errors_total{kind="crash"} > 0',
      errors: [{ messageId: "compared", message: "compared with the threshold 0", span: [0, 30] }],
    },
    {
      name: "a sum of counters compared with a threshold",
      expr: "sum(http_request_duration_seconds_count) > 1000",
      errors: [{ messageId: "compared", message: "threshold 1000", span: [4, 39] }],
    },
    {
      name: "a counter on the right of a comparison, in parentheses",
      expr: "10 < (job_errors_total)",
      errors: [{ messageId: "compared", message: "threshold 10", span: [6, 22] }],
    },
    { name: "a counter in arithmetic", expr: "job_errors_total / 2", kind: "record", errors: [{ messageId: "bare", span: [0, 16] }] },
    { name: "max_over_time of a counter", expr: "max_over_time(job_errors_total[1h]) > 5", errors: [{ messageId: "bare", span: [14, 34] }] },
    {
      name: "delta() of a counter",
      expr: "delta(http_requests_total[5m]) > 1",
      errors: [{ messageId: "gaugeFunction", message: "delta() of http_requests_total, which is a counter", span: [0, 30] }],
    },
    { name: "idelta() of a counter", expr: "idelta(job_errors_total[5m]) > 0", errors: [{ messageId: "gaugeFunction", message: "use irate()" }] },
    {
      name: "deriv() of a histogram's count",
      expr: "deriv(http_request_duration_seconds_count[10m]) > 0",
      errors: [{ messageId: "gaugeFunction", message: "use rate()" }],
    },
    {
      name: "predict_linear() of a counter inside an aggregation",
      expr: "sum(predict_linear(job_errors_total[1h], 3600)) > 100",
      errors: [{ messageId: "gaugeFunction", span: [4, 46] }],
    },
    {
      name: "holt_winters() of a counter (Prometheus 2.42)",
      expr: "holt_winters(job_errors_total[1h], 0.5, 0.5) > 1",
      prometheus: ["2.42"],
      errors: [{ messageId: "gaugeFunction", message: "holt_winters() of job_errors_total" }],
    },
    {
      name: "double_exponential_smoothing() of a counter",
      expr: "double_exponential_smoothing(job_errors_total[1h], 0.5, 0.5) > 1",
      features: ["promql-experimental-functions"],
      prometheus: ["3"],
      errors: [{ messageId: "gaugeFunction" }],
    },
    {
      name: "a counter by metadata, without a catalog, saying where its type comes from",
      expr: "node_cpu_seconds_total > 100",
      noCatalog: true,
      metadata,
      errors: [{ messageId: "compared", message: "(per metadata.json:2)", span: [0, 22] }],
    },
    {
      name: "the _total series of a counter family metadata names the OpenMetrics way",
      expr: 'sum(http_requests_total{code="500"}) > 10',
      noCatalog: true,
      metadata,
      errors: [{ messageId: "compared", message: "(per metadata.json:3)" }],
    },
    { name: "a summary's count by metadata", expr: "rpc_duration_seconds_count > 5", noCatalog: true, metadata, errors: [{ messageId: "compared" }] },
    {
      name: "a summary's count in arithmetic, by metadata",
      expr: "rpc_duration_seconds_count / 2",
      kind: "record",
      noCatalog: true,
      metadata,
      errors: [{ messageId: "bare", message: "(per metadata.json:5)" }],
    },
    {
      name: "a counter by its _total suffix alone, with inference on, saying so",
      expr: "delta(jobs_failed_total[1h]) > 0",
      noCatalog: true,
      inferTypes: true,
      errors: [{ messageId: "gaugeFunction", message: "(inferred: a counter by its `_total` suffix)", span: [0, 28] }],
    },
  ],
});
