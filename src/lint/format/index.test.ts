import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { renderGithub, renderJson, renderSarif } from "./index.js";

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
