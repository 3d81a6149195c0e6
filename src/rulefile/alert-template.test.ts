import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkAlertTemplate } from "./alert-template.js";

/** Templates and the error promtool 2.42 printed for each (null: accepted), recorded from the real binary. */
const CASES = JSON.parse(readFileSync(new URL("./testdata/template-cases.json", import.meta.url), "utf8")) as Array<{
  template: string;
  promtool: string | null;
}>;

describe("checkAlertTemplate", () => {
  it.each(CASES.map((c, i) => [i, c.template, c.promtool] as const))("case %i: %j gives promtool's verdict and message", (_i, template, promtool) => {
    expect(checkAlertTemplate("T", template)?.message ?? null).toBe(promtool);
  });

  it.each([
    ["{{ $label.instance }}", 3],
    ["ok {{ nofunc }}", 6],
    ["line1\n{{ $label.x }}", 9],
    ['{{ $labels.a }} {{ "\\q" }}', 19],
    ["{{ if .x }}", 11],
  ])("points at the offending token in %j (offset %i)", (template, offset) => {
    expect(checkAlertTemplate("T", template)?.offset).toBe(offset);
  });

  it("knows the Prometheus 2.42 functions and not later ones", () => {
    expect(checkAlertTemplate("T", "{{ 1 | humanizePercentage }}{{ toTime 1 }}{{ stripDomain .x }}")).toBeUndefined();
    expect(checkAlertTemplate("T", "{{ toDuration 1 }}")?.message).toBe('template: __alert_T:1: function "toDuration" not defined');
  });

  it("names the template after the alert", () => {
    expect(checkAlertTemplate("HighLoad", "{{ $x }}")?.message).toBe('template: __alert_HighLoad:1: undefined variable "$x"');
  });
});

describe("deep nesting", () => {
  // promtool 2.42 (Go 1.19's text/template, no depth limit) accepts these; obsgen's parser recurses,
  // so it reports where the nesting passes its limit instead of running out of stack.
  it.each([
    ["2,000 nested {{if}}", `${"{{ if true }}".repeat(2000)}x${"{{ end }}".repeat(2000)}`, 256 * 13 + 3],
    ["2,000 nested {{range}}", `${"{{ range .x }}".repeat(2000)}x${"{{ end }}".repeat(2000)}`, 256 * 14 + 3],
    ["50,000 parentheses", `{{ ${"(".repeat(50_000)}1${")".repeat(50_000)} }}`, 3 + 255],
  ])("reports %s as nested too deep", (_name, template, offset) => {
    expect(checkAlertTemplate("T", template)).toEqual({ message: "template: __alert_T:1: nested too deep (limit 256)", offset });
  });

  it.each([
    ["255 nested {{if}}", `${"{{ if true }}".repeat(255)}x${"{{ end }}".repeat(255)}`],
    ["254 parentheses", `{{ ${"(".repeat(254)}1${")".repeat(254)} }}`],
    // Go parses each {{else if}} as an {{if}} nested in the {{else}}; obsgen loops, so chains never nest.
    ["20,000 {{else if}}", `{{ if .a }}${"{{ else if .b }}".repeat(20_000)}{{ end }}`],
  ])("accepts %s, as promtool does", (_name, template) => {
    expect(checkAlertTemplate("T", template)).toBeUndefined();
  });

  it("keeps an {{if}}'s variables in scope through its {{else if}} chain, as Go does", () => {
    expect(checkAlertTemplate("T", "{{ if $x := 1 }}{{ else if $x }}{{ $x }}{{ end }}")).toBeUndefined();
    expect(checkAlertTemplate("T", "{{ if 1 }}{{ else if $y := 1 }}{{ else if $y }}{{ end }}{{ $y }}")?.message).toBe(
      'template: __alert_T:1: undefined variable "$y"',
    );
  });
});
