/**
 * The SLO dashboard reads the SLO metadata series (objective, budget, remaining budget) the rules
 * record, instead of constants typed into its queries: changing an objective changes the rules,
 * and every panel follows.
 */
import { expect, it } from "vitest";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { resolved } from "../rule-tests/fixture.js";

const loaded = await loadCatalog("catalog/index.ts");
const model = resolved(loaded.value!.value);
const slo = model.dashboards.find((d) => d.source === "slo")!;
const availability = slo.rows.find((r) => r.title === "Availability")!.panels;

it("the SLO dashboard's availability, budget and burn-rate queries read recorded SLO series, with no objective or budget typed in", () => {
  expect(availability.length).toBe(12);
  for (const p of availability) {
    for (const t of p.targets) {
      expect(t.expr, p.title).toMatch(/^(1 - )?slo:/);
      // No number but the 1 of `1 - …`: the objective and the budget come from the series.
      expect(
        t.expr
          .replace(/"[^"]*"/g, "")
          .match(/\b\d+(\.\d+)?\b(?!\w)/g)
          ?.filter((n) => n !== "1" && !/^\d+[dhm]$/.test(n)) ?? [],
        p.title,
      ).toEqual([]);
    }
  }
  const budget = availability.find((p) => p.title === "market-data: error budget remaining")!;
  expect(budget.targets[0]!.expr).toBe('slo:period_error_budget_remaining:ratio{slo="market-data-availability"}');
});
