import { describe, expect, it } from "vitest";
import { formatOpenMetricsFloat, PROMETHEUS_VERSIONS, SEMANTICS } from "./prometheus.js";

describe("formatOpenMetricsFloat", () => {
  // The spellings Prometheus 3 stores for exposed `le`/`quantile` values (labels.FormatOpenMetricsFloat,
  // model/labels/float.go at v3.14.0; the parser tests of commit 8bcb4d865d expect le="1" → "1.0").
  it.each([
    [1, "1.0"],
    [0, "0.0"],
    [-0, "0.0"],
    [-1, "-1.0"],
    [0.5, "0.5"],
    [0.005, "0.005"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [0.000015, "1.5e-05"],
    [2.5, "2.5"],
    [10, "10.0"],
    [100, "100.0"],
    [5000, "5000.0"],
    [100000, "100000.0"],
    [999999, "999999.0"],
    [1000000, "1e+06"],
    [2500000, "2.5e+06"],
    [123456789, "1.23456789e+08"],
    [1500, "1500.0"],
    [0.99, "0.99"],
    [1e21, "1e+21"],
    [1e-300, "1e-300"],
    [-250, "-250.0"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
    [NaN, "NaN"],
  ])("spells %d as %s", (n, spelled) => {
    expect(formatOpenMetricsFloat(n)).toBe(spelled);
  });
});

describe("the versions modelled", () => {
  it("names each version's semantics, and only 3 normalises bucket labels and opens range windows on the left", () => {
    expect(PROMETHEUS_VERSIONS).toEqual(["2.42", "3"]);
    expect(SEMANTICS["2.42"]).toMatchObject({ normalizesBucketLabels: false, leftOpenRanges: false });
    expect(SEMANTICS["3"]).toMatchObject({ normalizesBucketLabels: true, leftOpenRanges: true });
  });
});
