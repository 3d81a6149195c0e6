import { describe, expect, it } from "vitest";
import { plainDecimal } from "../compat/go/float.js";
import { formatOpenMetricsFloat } from "../compat/prometheus.js";
import { aggregate, bucketMatcher, promqlString, quantileExpr, ratioExpr, regexEscape, selector, shareAboveExpr } from "./promql-builder.js";

describe("PromQL builder", () => {
  it("writes one value with = and several as an escaped alternation, matchers sorted", () => {
    expect(
      selector("m", [
        { label: "b", values: ["x"] },
        { label: "a", values: ["/v2/orders", "a.b"] },
      ]),
    ).toBe('m{a=~"/v2/orders|a\\\\.b", b="x"}');
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
  it("computes the share of observations above a bucket edge, its le matcher right on the targeted versions", () => {
    expect(shareAboveExpr("lat", 5000, "5m", [{ label: "x", values: ["1"] }], [], ["2.42"])).toBe(
      '(1 - sum(rate(lat_bucket{le="5000", x="1"}[5m])) / sum(rate(lat_count{x="1"}[5m])))',
    );
    for (const versions of [["3"], ["2.42", "3"]] as const) {
      expect(shareAboveExpr("lat", 5000, "5m", [], [], versions)).toBe('(1 - sum(rate(lat_bucket{le=~"5000|5000\\\\.0"}[5m])) / sum(rate(lat_count[5m])))');
    }
  });
  it("divides two label subsets of one counter", () => {
    expect(ratioExpr("c_total", "15m", [{ label: "status", values: ["success"] }], [], [])).toBe(
      'sum(rate(c_total{status="success"}[15m])) / sum(rate(c_total[15m]))',
    );
  });
});

/**
 * What a matcher in PromQL text selects: `=` the literal, `=~` the RE2 pattern anchored at both
 * ends (Prometheus wraps it in `^(?:…)$`); JavaScript's RegExp reads these escapes alike.
 */
function selects(matcherText: string, value: string): boolean {
  const m = /^le(=~?)"((?:[^"\\]|\\.)*)"$/.exec(matcherText);
  if (!m) throw new Error(`not an le matcher: ${matcherText}`);
  const literal = JSON.parse(`"${m[2]}"`) as string; // PromQL's string escapes are JSON's for these
  return m[1] === "=" ? literal === value : new RegExp(`^(?:${literal})$`).test(value);
}

describe("bucket matchers", () => {
  const text = (edge: number, versions: readonly ("2.42" | "3")[]) => selector("m", [bucketMatcher(edge, versions)]).replace(/^m\{|\}$/g, "");
  const edges = [5000, 1, 10, 250, 0.5, 0.005, 2.5, 100000, 1e6, 2.5e6, 1e-7, 1e21];

  it("for 3 (or both) match the 2.x spelling the stubs expose, 3's, and nothing else", () => {
    for (const edge of edges) {
      for (const versions of [["3"], ["2.42", "3"]] as const) {
        const m = text(edge, versions);
        // The Rust stubs (`{}`), prom-client (`String`), and Prometheus 3 (FormatOpenMetricsFloat).
        for (const spelled of [plainDecimal(edge), String(edge), formatOpenMetricsFloat(edge)]) expect(selects(m, spelled), `${m} ${spelled}`).toBe(true);
        const near = [
          `${plainDecimal(edge)}0`,
          `1${plainDecimal(edge)}`,
          `${plainDecimal(edge)}.00`,
          `${plainDecimal(edge)}.`,
          `${plainDecimal(edge)}x0`,
          formatOpenMetricsFloat(edge * 10),
          plainDecimal(edge * 10),
          `${formatOpenMetricsFloat(edge)} `,
        ];
        for (const other of near) expect(selects(m, other), `${m} ${other}`).toBe(false);
      }
    }
    expect(text(5000, ["3"])).toBe('le=~"5000|5000\\\\.0"');
    expect(selects(text(5000, ["3"]), "50000")).toBe(false);
    expect(selects(text(5000, ["3"]), "5000a0")).toBe(false);
    expect(text(1e6, ["3"])).toBe('le=~"1000000|1e\\\\+06"');
  });

  it("for 2.42 alone match the exposed spelling exactly, with `=` where the stubs agree", () => {
    expect(text(5000, ["2.42"])).toBe('le="5000"');
    expect(selects(text(5000, ["2.42"]), "5000.0")).toBe(false);
    expect(text(1e-7, ["2.42"])).toBe('le=~"0\\\\.0000001|1e-7"');
  });

  it("stay a plain `=` when every version spells the edge alike", () => {
    expect(text(0.5, ["2.42", "3"])).toBe('le="0.5"');
    expect(text(0.005, ["3"])).toBe('le="0.005"');
  });
});
