import { describe, expect, it } from "vitest";
import { runLint } from "../../engine.js";
import { LINT_FIXTURE_CATALOG } from "../../fixture-catalog.js";
import { catalogLintInput } from "../../input/catalog.js";
import { resolveCatalog } from "../../../model/resolve.js";
import { loadRuleFile } from "../../../rulefile/index.js";
import { ruleFileGroups } from "../../input/rulefile.js";

function lintWithSilence(silence: unknown[]) {
  const raw = structuredClone(LINT_FIXTURE_CATALOG) as any;
  raw.services[0].metrics.queue.silence = silence;
  const model = resolveCatalog(raw).value!;
  return runLint(catalogLintInput(model, "catalog/index.ts", "2026-01-01"), { only: ["lint/unknown-silence"] });
}

describe("lint/unknown-silence", () => {
  it("accepts a silence of an existing rule with a reason", () => {
    expect(lintWithSilence([{ rule: "naming/base-unit", reason: "spec" }])).toEqual([]);
  });
  it("reports a silence of a rule that does not exist", () => {
    const d = lintWithSilence([{ rule: "naming/base-units", reason: "typo" }]);
    expect(d.map((x) => [x.code, x.path])).toEqual([["lint/unknown-silence", "services.api.metrics.queue"]]);
    expect(d[0]!.message).toContain('unknown lint rule "naming/base-units"');
  });
  it("reports a silence comment without a reason in a rule file", () => {
    const text = "groups:\n  - name: g\n    rules:\n      # obsgen-disable alerts/for\n      - alert: A\n        expr: up == 0\n";
    const loaded = loadRuleFile("rules.yml", text);
    const input = {
      groups: ruleFileGroups(loaded, "rules.yml"),
      catalog: null,
      catalogFile: null,
      scrapeIntervalMs: 60_000,
      evaluationIntervalMs: 60_000,
      today: "2026-01-01",
    };
    const d = runLint(input, { only: ["lint/unknown-silence"] });
    expect(d.map((x) => [x.code, x.line])).toEqual([["lint/unknown-silence", 5]]);
    expect(d[0]!.message).toContain("gives no reason");
  });
});
