import { describe, expect, it } from "vitest";
import type { PrometheusVersion } from "../compat/prometheus.js";
import { type ConditionContext, type ConditionMetric, typedConditionOf, untypedReason } from "./conditions.js";

const METRICS: Record<string, ConditionMetric> = {
  http_requests_total: { type: "counter" },
  http_request_duration_seconds: { type: "histogram", buckets: [0.1, 0.5, 1] },
  rpc_duration_seconds: { type: "histogram", native: true },
  queue_depth: { type: "gauge" },
};

function ctx(versions: readonly PrometheusVersion[] = ["2.42", "3"], metrics: Record<string, ConditionMetric> = METRICS): ConditionContext {
  return { metric: (name) => metrics[name], versions };
}

describe("typed conditions from expressions", () => {
  it.each<[string, string, object]>([
    [
      "rate, summed by a label",
      'sum by (job) (rate(http_requests_total{code="500"}[5m])) > 5',
      { kind: "rate", metric: "http_requests_total", window: "5m", where: { code: "500" }, by: ["job"], op: ">", threshold: 5 },
    ],
    [
      "rate, `by` after the body and the window spelt in seconds",
      'sum(rate(http_requests_total{code=~"500|503"}[300s])) by (job) >= 0.5',
      { kind: "rate", metric: "http_requests_total", window: "5m", where: { code: ["500", "503"] }, by: ["job"], op: ">=", threshold: 0.5 },
    ],
    [
      "rate per minute",
      "sum(rate(http_requests_total[5m])) * 60 > 10",
      { kind: "rate", metric: "http_requests_total", window: "5m", per: "minute", op: ">", threshold: 10 },
    ],
    [
      "a classic histogram's observation rate",
      "sum(rate(http_request_duration_seconds_count[1m])) < 1",
      { kind: "rate", metric: "http_request_duration_seconds", window: "1m", op: "<", threshold: 1 },
    ],
    ["increase", "sum(increase(http_requests_total[1h])) > 0", { kind: "increase", metric: "http_requests_total", window: "1h", op: ">", threshold: 0 }],
    [
      "a classic quantile, `le` anywhere in `by`",
      "histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5",
      { kind: "quantile", metric: "http_request_duration_seconds", quantile: 0.99, window: "5m", by: ["job"], op: ">", threshold: 0.5 },
    ],
    [
      "a native quantile",
      "histogram_quantile(0.9, sum(rate(rpc_duration_seconds[5m]))) > 2",
      { kind: "quantile", metric: "rpc_duration_seconds", quantile: 0.9, window: "5m", op: ">", threshold: 2 },
    ],
    ["a gauge's value", 'queue_depth{queue="orders"} > 100', { kind: "value", metric: "queue_depth", where: { queue: "orders" }, op: ">", threshold: 100 }],
    [
      "an aggregated gauge",
      "max by (instance) (queue_depth) > 100",
      { kind: "value", metric: "queue_depth", aggregate: "max", by: ["instance"], op: ">", threshold: 100 },
    ],
    ["an absolute value", "abs(queue_depth) >= 3", { kind: "value", metric: "queue_depth", abs: true, op: ">=", threshold: 3 }],
    [
      "a ratio of two subsets of one counter",
      'sum(rate(http_requests_total{code="500"}[10m])) / sum(rate(http_requests_total[10m])) > 0.05',
      { kind: "ratio", metric: "http_requests_total", window: "10m", numerator: { code: "500" }, op: ">", threshold: 0.05 },
    ],
  ])("types %s", (_, text, expected) => {
    expect(typedConditionOf(text, ctx())).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["`without` for `by`", "sum without (job) (rate(http_requests_total[5m])) > 5", "`without` grouping"],
    ["`irate` for `rate`", "sum(irate(http_requests_total[5m])) > 5", "function the conditions do not write (irate)"],
    ["`> bool`", "sum(rate(http_requests_total[5m])) > bool 5", "`bool` comparison"],
    ["a rate without `sum`", "rate(http_requests_total[5m]) > 5", "`rate`/`increase` without `sum` around it"],
    ["a count for a sum", "count(rate(http_requests_total[5m])) > 5", "aggregation the conditions do not write"],
    ["a regular expression", 'sum(rate(http_requests_total{code=~"5.."}[5m])) > 5', "negative or regular-expression matcher"],
    ["a negative matcher", 'sum(rate(http_requests_total{code!="200"}[5m])) > 5', "negative or regular-expression matcher"],
    ["an offset", "sum(rate(http_requests_total[5m] offset 1h)) > 5", "`offset` or `@`"],
    ["rate of a gauge", "sum(rate(queue_depth[5m])) > 5", "other shape"],
    ["per hour", "sum(rate(http_requests_total[5m])) * 3600 > 5", "other shape"],
    ["a ratio of two windows", 'sum(rate(http_requests_total{code="500"}[5m])) / sum(rate(http_requests_total[10m])) > 0.05', "other shape"],
    ["a quantile without `le`", "histogram_quantile(0.99, sum by (job) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5", "other shape"],
    [
      "a native quantile grouped by `le`, which a native histogram has not",
      "histogram_quantile(0.9, sum by (le) (rate(rpc_duration_seconds[5m]))) > 2",
      "other shape",
    ],
    ["a gauge over time", "min_over_time(queue_depth[5m]) > 1", "function the conditions do not write (min_over_time)"],
    ["an increase a day ago", "sum(increase(http_requests_total[1h] offset 1d)) > 0", "`offset` or `@`"],
    ["a value grouped without aggregating", "count by (instance) (queue_depth) > 1", "aggregation the conditions do not write"],
    ["an unknown metric", "sum(rate(other_total[5m])) > 5", "metric type unknown"],
    ["`and`", "queue_depth > 5 and queue_depth < 10", "`and`/`or`/`unless` of expressions"],
    ["`absent`", "absent(queue_depth)", "`absent`"],
    ["no comparison", "queue_depth", "no comparison at the top (fires on any result)"],
    ["two metrics", "queue_depth / http_requests_total > 1", "reads several metrics"],
  ])("leaves %s untyped, and says why", (_, text, reason) => {
    expect(typedConditionOf(text, ctx())).toBeUndefined();
    expect(untypedReason(text, ctx())).toBe(reason);
  });

  it("says nothing is wrong with a condition it types", () => {
    expect(untypedReason("queue_depth > 1", ctx())).toBeUndefined();
  });

  it("tries only the type the catalog declares: a counter read raw is a value, a gauge's rate is not a rate", () => {
    expect(typedConditionOf("http_requests_total > 1000", ctx())).toMatchObject({ kind: "value" });
    expect(typedConditionOf("sum(rate(queue_depth[5m])) > 1", ctx())).toBeUndefined();
    expect(typedConditionOf("sum(rate(http_requests_total[5m])) > 1", ctx(["3"], { http_requests_total: { type: "gauge" } }))).toBeUndefined();
  });

  it("types a quantile compared with the highest bucket only in the form the build writes for it", () => {
    // The build compiles "p99 above the top bucket" as the share of observations above it.
    const quantileText = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1";
    expect(typedConditionOf(quantileText, ctx())).toBeUndefined();
    expect(untypedReason(quantileText, ctx())).toBe("quantile compared with the highest bucket (the build writes the share above it)");
    // Where the catalog does not know the buckets, nothing moves the threshold.
    expect(typedConditionOf(quantileText, ctx(["2.42"], { http_request_duration_seconds: { type: "histogram" } }))).toMatchObject({
      kind: "quantile",
      threshold: 1,
    });
  });

  it("keeps a threshold's sign and each comparator", () => {
    for (const op of [">", ">=", "<", "<=", "==", "!="]) expect(typedConditionOf(`queue_depth ${op} -2`, ctx())).toMatchObject({ op, threshold: -2 });
  });
});
