/**
 * The shipped catalog's alerts are proven to fire: every alert it declares has a generated or
 * hand-written rule test, and promtool passes them all against the generated rule files.
 */
import { describe, expect, it } from "vitest";
import { planRuleTests } from "../../src/emit/rule-tests/index.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { describeWithTool } from "../helpers/tools.js";
import { promtoolTest, resolved, ruleFiles } from "./fixture.js";

const loaded = await loadCatalog("catalog/index.ts");
const model = resolved(loaded.value!.value);
const plan = planRuleTests(model);

describe("rule tests of the shipped catalog", () => {
  it("plan without errors", () => {
    expect(plan.diagnostics).toEqual([]);
  });

  it("cover every alert the catalog declares in its services and groups (100%)", () => {
    const declared = model.alerts.filter((a) => /^(services|groups)\.[^.]+\.alerts\./.test(a.path)).map((a) => a.name);
    expect(declared.length).toBeGreaterThanOrEqual(36);
    expect(declared.filter((n) => !plan.coverage.covered.includes(n))).toEqual([]);
  });

  it("generate cases for every declarative condition and take the hand-written one of MessageThroughputLow", () => {
    const expr = model.alerts.filter((a) => a.condition.kind === "expr" && /\.alerts\./.test(a.path)).map((a) => a.name);
    expect(expr).toEqual(["MessageThroughputLow"]);
    const medium = plan.files.find((f) => f.path === "prometheus/tests/trading_medium_priority.test.yml")!.contents;
    expect(medium).toContain("MessageThroughputLow: a slow active symbol fires after 10m");
    expect(medium).toContain("description: AAPL is processing 50 messages/s (expected at least 100/s for an active symbol).");
  });

  it("cover all alerts, the SLO burn-rate alerts included (100%)", () => {
    expect(plan.coverage.uncovered).toEqual([]);
    expect(plan.coverage.covered.length).toBe(model.alerts.length);
    const burn = model.alerts.filter((a) => a.labels.slo && a.name.includes("BudgetBurn")).map((a) => a.name);
    expect(burn.length).toBe(18);
    const high = plan.files.find((f) => f.path === "prometheus/tests/trading_high_priority.test.yml")!.contents;
    expect(high).toContain("MarketDataAvailabilityBudgetBurnFast: the 1h/5m windows burning at 0.0144 fire after 1m");
    expect(high).toContain("MarketDataAvailabilityBudgetBurnFast: the 1h window burning while the 5m one has recovered stays quiet");
  });

  it("cover the no-data alert of every event SLO: quiet with its series there, firing when the source or the recorded ratio vanishes", () => {
    const noData = model.alerts.filter((a) => a.labels.slo && a.name.endsWith("SliNoData")).map((a) => a.name);
    expect(noData.length).toBe(9);
    for (const n of noData) expect(plan.coverage.covered).toContain(n);
    const high = plan.files.find((f) => f.path === "prometheus/tests/trading_high_priority.test.yml")!.contents;
    expect(high).toContain("OrderSuccessRateSliNoData: the source and the recorded ratio both there stay quiet");
    expect(high).toContain("OrderSuccessRateSliNoData: execution_engine_orders_submitted_total gone fires after 10m");
    expect(high).toContain("MarketDataAvailabilitySliNoData: the recorded ratio gone fires after 2m");
  });

  it("leave only alerts with raw expressions and no cases uncovered, saying why", () => {
    for (const u of plan.coverage.uncovered) {
      expect(model.alerts.find((a) => a.name === u.alert)!.condition.kind, u.alert).toBe("expr");
      expect(u.reason).toMatch(/write the cases in the alert's `tests`/);
    }
  });
});

describeWithTool("promtool", "promtool test rules on the shipped catalog", () => {
  it("passes on every generated test file", async () => {
    const r = await promtoolTest(
      [...ruleFiles(model), ...plan.files],
      plan.files.map((f) => f.path),
    );
    expect(r.status, r.output).toBe(0);
    expect(r.output.match(/SUCCESS/g)).toHaveLength(plan.files.length);
  });

  it("fails when a burn-rate threshold is broken (the SLO tests can fail)", async () => {
    // Double the page threshold of one SLO's fast-burn alert: its "fires" case no longer fires.
    const broken = ruleFiles(model).map((f) =>
      f.path.endsWith("trading_high_priority.yml")
        ? {
            ...f,
            contents: f.contents.replace('ratio_rate1h{slo="market-data-availability"} > 0.0072', 'ratio_rate1h{slo="market-data-availability"} > 0.0288'),
          }
        : f,
    );
    expect(broken.find((f) => f.path.endsWith("trading_high_priority.yml"))!.contents).toContain("> 0.0288");
    const r = await promtoolTest(
      [...broken, ...plan.files],
      plan.files.map((f) => f.path),
    );
    expect(r.status).toBe(1);
    expect(r.output).toContain("MarketDataAvailabilityBudgetBurnFast");
  });

  it("fails when a no-data alert stops looking at the recorded ratio (the no-data tests can fail)", async () => {
    const file = "trading_high_priority.yml";
    const clause = ' or on () absent(slo:sli_error:ratio_rate5m{slo="market-data-availability"})';
    const broken = ruleFiles(model).map((f) => (f.path.endsWith(file) ? { ...f, contents: f.contents.replace(clause, "") } : f));
    expect(broken.find((f) => f.path.endsWith(file))!.contents).not.toContain(clause);
    const tests = plan.files.filter((f) => f.path.endsWith("trading_high_priority.test.yml"));
    const r = await promtoolTest(
      [...broken, ...tests],
      tests.map((f) => f.path),
    );
    expect(r.status).toBe(1);
    expect(r.output).toContain("MarketDataAvailabilitySliNoData");
  });
});
