/**
 * Type-level tests of the authoring API, checked by `tsc` (test/types.test.ts): each
 * `@ts-expect-error` line must be a compile error, or tsc fails with "Unused directive".
 */
import { counter, gauge, histogram, quantile, rate, ratio, value } from "obsgen";

const requests = counter({ name: "requests_total", help: "Requests", labels: { status: ["ok", "error"], route: { open: true, maxValues: 10 } } });
const latency = histogram({ name: "latency_seconds", help: "Latency", unit: "seconds", buckets: [0.1, 1], labels: { method: ["GET", "POST"] } });
const temperature = gauge({ name: "temperature_celsius", help: "Temperature" });

export const ok = [
  rate(requests, { window: "5m", where: { status: "error", route: "/any/open/value" } }).above(1),
  rate(requests, { window: "5m", where: { status: ["ok", "error"] }, by: ["route"] }).above(1),
  quantile(latency, 0.99, { window: "5m", where: { method: "GET" } }).above(0.5),
  ratio(requests, { window: "5m", numerator: { status: "ok" } }).below(0.99),
  value(temperature).above(30),
  // Target labels are on every scraped series, so any metric's condition may keep them.
  rate(requests, { window: "5m", by: ["job", "instance"] }).above(1),
];

export const wrong = [
  // @ts-expect-error "sucess" is not a declared value of label status
  rate(requests, { window: "5m", where: { status: "sucess" } }),
  // @ts-expect-error label "code" is not declared on requests_total
  rate(requests, { window: "5m", where: { code: "500" } }),
  // @ts-expect-error rate() of a gauge
  rate(temperature, { window: "5m" }),
  // @ts-expect-error quantile of a counter
  quantile(requests, 0.9, { window: "5m" }),
  // @ts-expect-error "PUT" is not a declared method
  quantile(latency, 0.9, { window: "5m", where: { method: "PUT" } }),
  // @ts-expect-error grouping by a label the metric does not have
  rate(requests, { window: "5m", by: ["method"] }),
  // @ts-expect-error a histogram needs buckets
  histogram({ name: "x_seconds", help: "x" }),
];
