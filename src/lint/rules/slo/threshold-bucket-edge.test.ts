import { describe, expect, it } from "vitest";
import { runLint } from "../../engine.js";
import { LINT_FIXTURE_CATALOG } from "../../fixture-catalog.js";
import { catalogLintInput } from "../../input/catalog.js";
import { resolveCatalog } from "../../../model/resolve.js";

function lintSlo(threshold: number) {
  const raw = structuredClone(LINT_FIXTURE_CATALOG) as any;
  raw.slos = [
    {
      kind: "latency",
      name: "api-latency",
      description: "p99 under the threshold",
      metric: "http_request_duration_seconds",
      quantile: 0.99,
      threshold,
      window: "5m",
    },
  ];
  const model = resolveCatalog(raw).value!;
  return { model, findings: runLint(catalogLintInput(model, "catalog/index.ts", "2026-01-01"), { only: ["slo/threshold-bucket-edge"] }) };
}

describe("slo/threshold-bucket-edge", () => {
  it("accepts a threshold on a bucket edge, and burn-rate rules are generated for it", () => {
    const { model, findings } = lintSlo(0.5);
    expect(findings).toEqual([]);
    expect(model.alerts.map((a) => a.name)).toEqual(expect.arrayContaining(["ApiLatencyBudgetBurnFast", "ApiLatencyBudgetBurnSlow"]));
  });
  it("reports a threshold between edges at the SLO's path, and no burn-rate rules are generated", () => {
    const { model, findings } = lintSlo(0.3);
    expect(findings.map((d) => [d.code, d.path, d.severity])).toEqual([["slo/threshold-bucket-edge", "slos.api-latency", "error"]]);
    expect(findings[0]!.message).toContain("0.3 is not a bucket edge");
    expect(model.alerts.filter((a) => a.name.startsWith("ApiLatency"))).toEqual([]);
  });
  it("offers no silence (an SLO takes none, and one would not bring the burn-rate alerts back)", () => {
    expect(lintSlo(0.3).findings[0]!.hint ?? "").not.toMatch(/silence/);
  });
});
