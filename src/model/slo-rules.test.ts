import { describe, expect, it } from "vitest";
import type { ResolvedMetric, ResolvedService, ResolvedSlo } from "./resolved.js";
import { alertSchema } from "./schema.js";
import { burnRateAlertDefs, eventSlos, noDataAlertDef, orderRules, sloErrorRatioRules, sloMetadataRules } from "./slo-rules.js";

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

describe("the SLO recording rules", () => {
  const ratio: ResolvedSlo = {
    kind: "ratio",
    name: "checkout-success",
    description: "Checkout succeeds",
    metric: "checkout_requests_total",
    good: [{ label: "status", values: ["ok"] }],
    total: [],
    objective: 99.9,
    window: "5m",
    alertBelow: null,
    for: null,
    path: "slos.checkout-success",
  };
  const availability: ResolvedSlo = {
    kind: "availability",
    name: "api-availability",
    description: "API is up",
    service: "api",
    objective: 99,
    period: "30d",
    path: "services.api.availability",
  };
  const services = [{ name: "api", label: "api_svc" }] as unknown as ResolvedService[];
  const metrics = new Map([["checkout_requests_total", { name: "checkout_requests_total", type: "counter", service: "api" }]]) as unknown as Map<
    string,
    ResolvedMetric
  >;
  const events = eventSlos([availability, ratio], services, metrics, { slo: () => "web", owner: () => "ops" }, ["2.42", "3"]);
  const rules = orderRules([...sloErrorRatioRules(events, "g", "30d"), ...sloMetadataRules(events, "g", "30d")]);
  const find = (record: string, slo: string) => rules.find((r) => r.record === record && r.labels.slo === slo)!;

  it("compute the 1d, 3d and period windows from the recorded 5-minute series, a ratio of sums for events and an average for availability", () => {
    expect(find("slo:sli_error:ratio_rate1d", "checkout-success").expr).toBe(
      'sum_over_time(slo:sli_error_events:rate5m{slo="checkout-success"}[1d]) / sum_over_time(slo:sli_total_events:rate5m{slo="checkout-success"}[1d])',
    );
    expect(find("slo:sli_error:ratio_rate30d", "api-availability").expr).toBe('avg_over_time(slo:sli_error:ratio_rate5m{slo="api-availability"}[30d])');
    for (const w of ["1d", "3d", "30d"]) {
      for (const slo of ["checkout-success", "api-availability"])
        expect(find(`slo:sli_error:ratio_rate${w}`, slo).expr).not.toMatch(/checkout_requests_total|up\{/);
    }
    // Under a day the raw series are read, as before.
    expect(find("slo:sli_error:ratio_rate6h", "checkout-success").expr).toContain("rate(checkout_requests_total[6h])");
    expect(find("slo:sli_error_events:rate5m", "checkout-success").expr).toBe(
      'sum(rate(checkout_requests_total[5m])) - sum(rate(checkout_requests_total{status="ok"}[5m]))',
    );
  });

  it("write the metadata series under Sloth's names, constants exact and labelled with the SLO, its service and team", () => {
    const labels = { slo: "checkout-success", service: "api_svc", team: "web" };
    expect(find("slo:objective:ratio", "checkout-success")).toMatchObject({ expr: "vector(0.999)", labels });
    expect(find("slo:error_budget:ratio", "checkout-success")).toMatchObject({ expr: "vector(0.001)", labels });
    expect(find("slo:time_period:days", "checkout-success")).toMatchObject({ expr: "vector(30)", labels });
    expect(find("slo:error_budget:ratio", "api-availability")).toMatchObject({
      expr: "vector(0.01)",
      labels: { slo: "api-availability", service: "api_svc", team: "ops" },
    });
    expect(find("slo:period_burn_rate:ratio", "checkout-success").expr).toBe(
      'slo:sli_error:ratio_rate30d{slo="checkout-success"} / on (slo) slo:error_budget:ratio{slo="checkout-success"}',
    );
    expect(find("slo:period_error_budget_remaining:ratio", "checkout-success").expr).toBe('1 - slo:period_burn_rate:ratio{slo="checkout-success"}');
    expect(find("obsgen_slo_info", "checkout-success").labels).toEqual({ ...labels, kind: "ratio", objective: "99.9", period: "30d" });
  });

  it("order every rule after the rules whose records it reads, so one evaluation of the group sees this evaluation's inputs", () => {
    const position = new Map<string, number>();
    rules.forEach((r, i) => position.set(r.record, Math.max(position.get(r.record) ?? -1, i)));
    rules.forEach((r, i) => {
      for (const [record, last] of position)
        if (record !== r.record && r.expr.includes(`${record}{`)) expect(last, `${r.record} reads ${record}`).toBeLessThan(i);
    });
    expect(rules.map((r) => r.record).indexOf("slo:period_error_budget_remaining:ratio")).toBe(rules.length - 2);
  });
});

describe("noDataAlertDef", () => {
  const slo = (objective: number): ResolvedSlo => ({
    kind: "availability",
    name: "api-availability",
    description: "API is up",
    service: "api",
    objective,
    period: "30d",
    path: "services.api.availability",
  });
  const services = [{ name: "api", label: "api" }] as unknown as ResolvedService[];
  const def = (objective: number, scrape = "15s") =>
    noDataAlertDef(eventSlos([slo(objective)], services, new Map(), { slo: () => undefined, owner: () => "ops" }, ["2.42", "3"])[0]!, "30d", "ops", scrape).def;

  it("fires on the source or the recorded ratio missing, one series at most", () => {
    expect((def(99.9).condition as { expr: string }).expr).toBe('absent(up{job="api"}) or on () absent(slo:sli_error:ratio_rate5m{slo="api-availability"})');
    expect(alertSchema.parse(def(99.9))).toEqual(def(99.9));
    expect(def(99.9)).toMatchObject({ name: "ApiAvailabilitySliNoData", priority: "P1", labels: { slo: "api-availability" } });
  });

  it("waits as long as the fast burn would take to page had every event of the gap failed, at least two scrapes", () => {
    // 14.4 × 0.001 × 1h = 52s, plus the fast burn's 1m: 2m. 14.4 × 0.01 × 1h = 8m38s, plus 1m: 10m.
    expect(def(99.9).for).toBe("2m");
    expect(def(99).for).toBe("10m");
    expect(def(99.99, "5m").for).toBe("10m");
  });
});
