import { describe, expect, it } from "vitest";
import { analyze } from "../promql/check.js";
import { isTemplated, substituteGrafana } from "./grafana-macros.js";

describe("Grafana stand-ins", () => {
  it.each<[string, string]>([
    ["rate(x[$__rate_interval])", "rate(x[000000000000005m])"],
    ['up{service=~"$service"}', 'up{service=~"xxxxxxxx"}'],
    ["sum by (${group}) (x)", "sum by (xxxxxxxx) (x)"],
    ["rate(x[$window])", "rate(x[000005m])"],
    ["rate(x[ ${window} ])", "rate(x[ 00000005m ])"],
    ["max_over_time(x[$range:$step])", "max_over_time(x[00005m:0005m])"],
    ["x offset $shift", "x offset 00005m"],
    ["x / $divisor", "x / xxxxxxxx"],
  ])("stands in for the templated parts of %j, keeping every offset", (expr, text) => {
    const sub = substituteGrafana(expr);
    expect(sub.text).toBe(text);
    expect(sub.text.length).toBe(expr.length);
    expect(analyze(sub.text).errors).toEqual([]);
  });

  it("records each templated region of the original text", () => {
    const sub = substituteGrafana('rate(x{a="$a"}[$w])');
    expect(sub.templated).toEqual([
      { from: 10, to: 12, text: "$a" },
      { from: 15, to: 17, text: "$w" },
    ]);
    expect(isTemplated(sub.templated, { from: 8, to: 13 })).toBe(true);
    expect(isTemplated(sub.templated, { from: 0, to: 4 })).toBe(false);
  });
});
