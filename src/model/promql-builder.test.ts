import { describe, expect, it } from "vitest";
import { aggregate, promqlString, quantileExpr, ratioExpr, regexEscape, selector, shareAboveExpr } from "./promql-builder.js";

describe("PromQL builder", () => {
  it("writes one value with = and several as an escaped alternation, matchers sorted", () => {
    expect(selector("m", [{ label: "b", values: ["x"] }, { label: "a", values: ["/v2/orders", "a.b"] }])).toBe(
      'm{a=~"/v2/orders|a\\\\.b", b="x"}',
    );
  });
  it("escapes quotes, backslashes and newlines in string literals", () => {
    expect(promqlString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(regexEscape("a+b(c)")).toBe("a\\+b\\(c\\)");
  });
  it("aggregates without a by clause when there are no labels to keep", () => {
    expect(aggregate("sum", [], "x")).toBe("sum(x)");
    expect(aggregate("max", ["service"], "x")).toBe("max by (service) (x)");
  });
  it("keeps le in a quantile's aggregation", () => {
    expect(quantileExpr("lat", 0.99, "5m", [], ["job"])).toBe("histogram_quantile(0.99, sum by (le, job) (rate(lat_bucket[5m])))");
  });
  it("computes the share of observations above a bucket edge", () => {
    expect(shareAboveExpr("lat", 5000, "5m", [{ label: "x", values: ["1"] }], [])).toBe(
      '(1 - sum(rate(lat_bucket{le="5000", x="1"}[5m])) / sum(rate(lat_count{x="1"}[5m])))',
    );
  });
  it("divides two label subsets of one counter", () => {
    expect(ratioExpr("c_total", "15m", [{ label: "status", values: ["success"] }], [], [])).toBe(
      'sum(rate(c_total{status="success"}[15m])) / sum(rate(c_total[15m]))',
    );
  });
});
