import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { caretLines, renderDiagnostic, renderText } from "./render.js";

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
  });
});

describe("lint findings", () => {
  const finding: Diagnostic = { code: "promql/nan", severity: "warning", impact: "risk", message: "m", file: "rules.yml", line: 3, column: 5 };

  it("show the impact beside the rule id", () => {
    expect(renderText([finding], { color: false })).toBe("rules.yml:3:5: warning m [promql/nan, risk]");
  });

  it("are coloured only when asked: the place bold, the severity in its colour, the rule id dim", () => {
    const withHint = { ...finding, hint: "h" };
    expect(renderText([withHint], { color: true })).toBe(
      "\x1b[1mrules.yml:3:5\x1b[0m: \x1b[33mwarning\x1b[0m m \x1b[2m[promql/nan, risk]\x1b[0m\n  \x1b[2m=\x1b[0m h",
    );
    expect(renderText([withHint])).toBe("rules.yml:3:5: warning m [promql/nan, risk]\n  = h");
  });
});

describe("one-line diagnostics", () => {
  const d: Diagnostic = { code: "catalog/schema", severity: "error", message: "m", file: "catalog/index.ts", path: "services.a", hint: "h" };

  it("start with the severity, then the place, the message and the code, with the hint below", () => {
    expect(renderDiagnostic(d)).toBe("error catalog/index.ts: services.a: m [catalog/schema]\n  hint: h");
  });

  it("colour the severity word alone, only when asked", () => {
    expect(renderDiagnostic({ ...d, severity: "warning", hint: undefined }, { color: true })).toBe(
      "\x1b[33mwarning\x1b[0m catalog/index.ts: services.a: m [catalog/schema]",
    );
    expect(renderDiagnostic({ ...d, severity: "info" }, { color: false })).not.toContain("\x1b");
  });
});
