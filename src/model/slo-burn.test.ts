import { describe, expect, it } from "vitest";
import { BURN_POLICY, burnFactor, burnTable, burnThreshold, errorBudget, SLI_WINDOWS } from "./slo-burn.js";

describe("SLO burn rates", () => {
  it("gives the SRE workbook's factors for a 30-day period", () => {
    expect(BURN_POLICY.map((w) => burnFactor("30d", w))).toEqual([14.4, 6, 3, 1]);
  });
  it("computes factors for any period instead of hard-coding them", () => {
    expect(BURN_POLICY.map((w) => burnFactor("28d", w))).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
    expect(BURN_POLICY.map((w) => burnFactor("7d", w))).toEqual([3.36, 1.4, 0.7, 0.233333333333]);
  });
  it("keeps decimals exact", () => {
    expect(errorBudget(99.95)).toBe(0.0005);
    expect(errorBudget(99.9)).toBe(0.001);
    expect(burnThreshold("30d", BURN_POLICY[0]!, 99.9)).toBe(0.0144);
    expect(burnThreshold("30d", BURN_POLICY[0]!, 99.95)).toBe(0.0072);
  });
  it("records the error ratio over every short and long window", () => {
    expect(SLI_WINDOWS).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
  });
  it("writes the factor table for the runbook", () => {
    const t = burnTable("30d", 99.9);
    expect(t).toContain("| page | 1h and 5m | 2% | 14.4 | 0.0144 | 50h |");
    expect(t).toContain("| ticket | 3d and 6h | 10% | 1 | 0.001 | 30d |");
  });
});
