import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkAlertTemplate } from "./alert-template.js";

/** Templates and the error promtool 2.42 printed for each (null: accepted), recorded from the real binary. */
const CASES = JSON.parse(readFileSync(new URL("./testdata/template-cases.json", import.meta.url), "utf8")) as Array<{
  template: string;
  promtool: string | null;
}>;

describe("checkAlertTemplate", () => {
  it.each(CASES.map((c, i) => [i, c.template, c.promtool] as const))(
    "case %i: %j gives promtool's verdict and message",
    (_i, template, promtool) => {
      expect(checkAlertTemplate("T", template)?.message ?? null).toBe(promtool);
    },
  );

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
