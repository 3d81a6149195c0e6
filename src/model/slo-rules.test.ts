import { describe, expect, it } from "vitest";
import type { ResolvedService, ResolvedSlo } from "./resolved.js";
import { alertSchema } from "./schema.js";
import { burnRateAlertDefs, eventSlos } from "./slo-rules.js";

describe("burnRateAlertDefs", () => {
  it("builds alert specs that are already what the alert schema yields, so nothing parses them again", () => {
    const slo: ResolvedSlo = {
      kind: "availability",
      name: "api-availability",
      description: "API is up",
      service: "api",
      objective: 99.9,
      period: "30d",
      path: "services.api.availability",
    };
    const services = [{ name: "api" }] as unknown as ResolvedService[];
    const [event] = eventSlos([slo], services, new Map(), { slo: () => undefined, owner: () => "ops" }, ["2.42", "3"]);
    const defs = burnRateAlertDefs(event!, "30d", "ops");
    expect(defs.map((d) => d.def.name)).toEqual(["ApiAvailabilityBudgetBurnFast", "ApiAvailabilityBudgetBurnSlow"]);
    for (const { def } of defs) expect(alertSchema.parse(def)).toEqual(def);
  });
});
