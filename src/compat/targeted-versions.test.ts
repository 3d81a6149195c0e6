import { describe, expect, it } from "vitest";
import {
  exposedFloatSpellings,
  floatLabelSpellings,
  formatOpenMetricsFloat,
  ingestedFloatLabel,
  modelledVersionOf,
  QUERY_ARITHMETIC,
  RULE_TEST_FILE_KEYS,
  targetedVersions,
} from "./prometheus.js";

describe("the versions a catalog targets", () => {
  it("are both when nothing is said, else the ones named, each once and in order", () => {
    expect(targetedVersions(undefined)).toEqual(["2.42", "3"]);
    expect(targetedVersions("3")).toEqual(["3"]);
    expect(targetedVersions(["3", "2.42", "3"])).toEqual(["2.42", "3"]);
  });

  it("take every 2.x release as 2.42 and every later one as 3", () => {
    expect(["2.42", "2.53", "2.9.1"].map(modelledVersionOf)).toEqual(["2.42", "2.42", "2.42"]);
    expect(["3.0", "3.14", "4.1"].map(modelledVersionOf)).toEqual(["3", "3", "3"]);
  });
});

describe("the spellings of a float label value", () => {
  it("are the Rust stubs' and prom-client's as exposed, plain first, each once", () => {
    expect(exposedFloatSpellings(5000)).toEqual(["5000"]);
    expect(exposedFloatSpellings(1e-7)).toEqual(["0.0000001", "1e-7"]);
    expect(exposedFloatSpellings(1e21)).toEqual(["1000000000000000000000", "1e+21"]);
    expect(exposedFloatSpellings(Infinity)).toEqual(["+Inf"]);
  });

  it("are stored as exposed by 2.42 and normalised by 3", () => {
    expect(ingestedFloatLabel(5000, "2.42")).toBe("5000");
    expect(ingestedFloatLabel(5000, "3")).toBe("5000.0");
    expect(ingestedFloatLabel(1e6, "3")).toBe("1e+06");
    expect(ingestedFloatLabel(0.5, "3")).toBe("0.5");
    expect(ingestedFloatLabel(Infinity, "3")).toBe("+Inf");
  });

  it("a matcher accepts: 2.42's alone for 2.42, 2.42's and 3's for 3 or both", () => {
    expect(floatLabelSpellings(5000, ["2.42"])).toEqual(["5000"]);
    expect(floatLabelSpellings(5000, ["3"])).toEqual(["5000", "5000.0"]);
    expect(floatLabelSpellings(5000, ["2.42", "3"])).toEqual(["5000", "5000.0"]);
    expect(floatLabelSpellings(0.5, ["2.42", "3"])).toEqual(["0.5"]);
    expect(floatLabelSpellings(1e6, ["3"])).toEqual(["1000000", "1e+06"]);
    expect(floatLabelSpellings(1e-7, ["2.42", "3"])).toEqual(["0.0000001", "1e-7", "1e-07"]);
    for (const n of [1, 10, 250, 5000, 0.005, 2.5e6]) expect(floatLabelSpellings(n, ["3"])).toContain(formatOpenMetricsFloat(n));
  });
});

describe("facts of each version", () => {
  it("promtool 3's test files add keys 2.42 refuses (fuzzy_compare, start_timestamp)", () => {
    const added = (k: "file" | "testGroup") => RULE_TEST_FILE_KEYS["3"][k].filter((x) => !RULE_TEST_FILE_KEYS["2.42"][k].includes(x));
    expect(added("file")).toEqual(["fuzzy_compare"]);
    expect(added("testGroup")).toEqual(["start_timestamp"]);
  });

  it("2.42 clamps extrapolation at the zero point before the 1.1-gap threshold, 3 after; 3 sums with compensation", () => {
    expect(QUERY_ARITHMETIC["2.42"]).toEqual({ rateStartLimit: "clamp-then-threshold", bucketMonotonicity: "running-maximum", floatAggregation: "plain" });
    expect(QUERY_ARITHMETIC["3"]).toEqual({ rateStartLimit: "threshold-then-clamp", bucketMonotonicity: "ignore-small-deltas", floatAggregation: "kahan" });
  });
});
