/**
 * Type-level tests of typed conditions in kept alerting rules (`alertRule({ expr: rate(…).above(…) })`),
 * checked by `tsc` (test/types.test.ts): each `@ts-expect-error` line must be a compile error.
 */
import { alertRule, counter, expr, gauge, histogram, quantile, rate, recordRule, value } from "obsgen";

const requests = counter({ name: "requests_total", help: "Requests", labels: { code: ["200", "500"] } });
const latency = histogram({ name: "latency_seconds", help: "Latency", unit: "seconds", buckets: [0.1, 1] });
const depth = gauge({ name: "queue_depth", help: "Queue depth" });

export const ok = [
  alertRule({ alert: "Errors", expr: rate(requests, { window: "5m", where: { code: "500" }, by: ["job"] }).above(5), for: "5m" }),
  alertRule({ alert: "Slow", expr: quantile(latency, 0.99, { window: "5m" }).above(0.5) }),
  alertRule({ alert: "Deep", expr: value(depth).above(100) }),
  alertRule({ alert: "Raw", expr: expr("up == 0", { metrics: [] }) }),
];

export const wrong = [
  // @ts-expect-error rate() of a gauge, in a kept rule as in a service alert
  alertRule({ alert: "RateOfGauge", expr: rate(depth, { window: "5m" }).above(1) }),
  // @ts-expect-error quantile of a counter
  alertRule({ alert: "QuantileOfCounter", expr: quantile(requests, 0.9, { window: "5m" }).above(1) }),
  // @ts-expect-error "404" is not a declared value of label code
  alertRule({ alert: "Undeclared", expr: rate(requests, { window: "5m", where: { code: "404" } }).above(1) }),
  // @ts-expect-error a query without a comparison is no alert condition
  alertRule({ alert: "NoThreshold", expr: rate(requests, { window: "5m" }) }),
  // @ts-expect-error a recording rule has no threshold: its expr is PromQL
  recordRule({ record: "job:requests:rate5m", expr: rate(requests, { window: "5m" }).above(1) }),
];
