import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { caretLines, renderGithub, renderJson, renderSarif, renderText } from "./index.js";

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

describe("impact", () => {
  const finding: Diagnostic = { code: "promql/nan", severity: "warning", impact: "risk", message: "m", file: "rules.yml", line: 3, column: 5 };

  it("is shown in text beside the rule id", () => {
    expect(renderText([finding], { color: false })).toBe("rules.yml:3:5: warning m [promql/nan, risk]");
  });

  it("is a field of each JSON finding", () => {
    expect(JSON.parse(renderJson([finding])).diagnostics[0].impact).toBe("risk");
  });

  it("is part of the GitHub annotation's title", () => {
    expect(renderGithub([finding])).toBe("::warning file=rules.yml,line=3,col=5,title=promql/nan (risk)::m");
  });

  it("is a property of each SARIF result, and a property and tag of each SARIF rule", () => {
    const sarif = JSON.parse(renderSarif([finding], { version: "0.1.0", ruleDescriptions: new Map(), ruleImpacts: new Map([["promql/nan", "risk"]]) }));
    const run = sarif.runs[0];
    expect(run.results[0].properties).toEqual({ impact: "risk" });
    expect(run.tool.driver.rules[0].properties).toEqual({ impact: "risk", tags: ["risk"] });
  });
});
