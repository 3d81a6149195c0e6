import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { caretLines, renderJson, renderText } from "./index.js";

describe("caret lines", () => {
  it("shows a short line whole, with the span underlined", () => {
    expect(caretLines("sum(rate(x[5m]))", { from: 4, to: 14 })).toEqual(["    sum(rate(x[5m]))", "        ^^^^^^^^^^"]);
  });

  it("shows each line of a multi-line span", () => {
    expect(caretLines("a +\nb", { from: 2, to: 5 })).toEqual(["    a +", "      ^^", "    b", "    ^"]);
  });

  it("cuts a long line to the part around the span", () => {
    const source = `${"x".repeat(5000)}bad${"y".repeat(5000)}`;
    const [line, carets] = caretLines(source, { from: 5000, to: 5003 });
    expect(line).toBe(`    …${"x".repeat(60)}bad${"y".repeat(60)}…`);
    expect(carets).toBe(`    ${" ".repeat(61)}^^^`);
  });

  it("prints output linear in the findings, not in findings times expression size", () => {
    // 1,000 findings in one 1 MB generated expression used to print the megabyte 1,000 times.
    const source = Array.from({ length: 40_000 }, (_, i) => `up{job="a${i}"}`).join(" or ");
    const findings: Diagnostic[] = Array.from({ length: 1000 }, (_, i) => ({
      code: "promql/regexp",
      severity: "warning",
      message: "m",
      source,
      span: { from: i * 500, to: i * 500 + 10 },
    }));
    expect(source.length).toBeGreaterThan(700_000);
    expect(renderText(findings, { color: false }).length).toBeLessThan(1000 * 400);
    expect(renderJson(findings).length).toBeLessThan(1000 * 400);
  });
});

describe("JSON", () => {
  it("gives the expression with each finding, unless it is longer than 4,096 characters", () => {
    const d = (source: string): Diagnostic => ({ code: "promql/syntax", severity: "error", message: "m", source, span: { from: 0, to: 1 } });
    const out = JSON.parse(renderJson([d("up"), d("x".repeat(4097))]));
    expect(out.diagnostics.map((x: { expr?: string }) => x.expr?.length)).toEqual([2, undefined]);
  });

  it("counts findings that were not kept in the summary", () => {
    const out = JSON.parse(renderJson([{ code: "c", severity: "warning", message: "m" }], { error: 2, warning: 3, info: 0 }));
    expect(out.summary).toEqual({ errors: 2, warnings: 4, infos: 0, omitted: 5 });
  });
});
