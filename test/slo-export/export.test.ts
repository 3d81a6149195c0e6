/**
 * The Sloth and OpenSLO export of the shipped catalog and of docs/examples/slo/: every document
 * validates against the schemas written from each format's documentation
 * (test/fixtures/slo-schemas/), every query parses as PromQL once a window is in it, and each kind
 * of SLO maps as docs/slo-export.md's table says, or is named in a note.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitOutput } from "../../src/emit/index.js";
import { sloExportEmitter } from "../../src/emit/slo-export/index.js";
import { parsePromql } from "../../src/promql/index.js";
import { EXAMPLE_DIR, exportedDocs, queries, resolved, schemaErrors, SLOTH_WINDOW_RE } from "./helpers.js";

const shipped = await resolved("catalog/index.ts");
const example = await resolved(join(EXAMPLE_DIR, "catalog", "index.ts"));

describe.each([
  ["the shipped catalog", shipped],
  ["the docs example", example],
])("the SLO export of %s", (_, model) => {
  const docs = exportedDocs(model);

  it("writes Sloth specs and OpenSLO documents", () => {
    expect(docs.filter((d) => d.format === "sloth").length).toBeGreaterThan(0);
    expect(docs.filter((d) => d.format === "openslo" && d.doc.kind === "SLO").length).toBeGreaterThan(0);
  });

  it("validates every document against its format's schema", () => {
    for (const d of docs) expect(schemaErrors(d.format, d.doc), d.where).toEqual([]);
  });

  it("writes Sloth queries whose only template action is the window, and that parse as PromQL with a window in it", () => {
    for (const d of docs.filter((x) => x.format === "sloth")) {
      for (const q of queries(d)) {
        expect(q.query, q.where).toMatch(SLOTH_WINDOW_RE);
        const rendered = q.query.replace(SLOTH_WINDOW_RE, "5m");
        expect(rendered, q.where).not.toContain("{{");
        expect(
          parsePromql(rendered).errors.map((e) => e.message),
          q.where,
        ).toEqual([]);
      }
    }
  });

  it("gives each Sloth SLO different error and total queries (Sloth refuses equal ones)", () => {
    for (const d of docs.filter((x) => x.format === "sloth")) {
      for (const s of d.doc.slos) if (s.sli.events) expect(s.sli.events.error_query, `${d.where} ${s.name}`).not.toBe(s.sli.events.total_query);
    }
  });

  it("writes OpenSLO queries that parse as PromQL as they stand", () => {
    for (const d of docs.filter((x) => x.format === "openslo")) {
      for (const q of queries(d))
        expect(
          parsePromql(q.query).errors.map((e) => e.message),
          q.where,
        ).toEqual([]);
    }
  });

  it("exports every SLO but the ones it names in a note at their declaration", () => {
    const exported = new Set(docs.filter((d) => d.format === "openslo" && d.doc.kind === "SLO").map((d) => d.doc.metadata.name));
    const inSloth = new Set(docs.filter((d) => d.format === "sloth").flatMap((d) => d.doc.slos.map((s: { name: string }) => s.name)));
    const noted = sloExportEmitter.notes!(model);
    for (const slo of model.slos) {
      const note = noted.find((n) => n.path === slo.path);
      expect([exported.has(slo.name) && inSloth.has(slo.name), note !== undefined], slo.name).toEqual(
        slo.kind === "gauge" || slo.kind === "manual" ? [false, true] : [true, false],
      );
    }
  });
});

describe("how each kind of SLO maps (docs/slo-export.md)", () => {
  const docs = exportedDocs(example);
  const sloth = (name: string) => docs.flatMap((d) => (d.format === "sloth" ? d.doc.slos : [])).find((s: { name: string }) => s.name === name);
  const openslo = (name: string) => docs.find((d) => d.format === "openslo" && d.doc.kind === "SLO" && d.doc.metadata.name === name)?.doc;

  it("writes availability as a raw error ratio of up, averaged over time slices in OpenSLO", () => {
    expect(sloth("checkout-availability").sli).toEqual({ raw: { error_ratio_query: '1 - avg(avg_over_time(up{job="checkout"}[{{.window}}]))' } });
    const o = openslo("checkout-availability")!;
    expect(o.spec.indicator.spec.ratioMetric).toMatchObject({
      rawType: "failure",
      raw: { metricSource: { type: "Prometheus", spec: { query: '1 - avg(avg_over_time(up{job="checkout"}[5m]))' } } },
    });
    expect([o.spec.budgetingMethod, o.spec.objectives]).toEqual(["RatioTimeslices", [{ target: 0.999, timeSliceWindow: "5m" }]]);
  });

  it("writes a ratio SLO as bad and total events, counted as occurrences", () => {
    expect(sloth("checkout-success").sli.events).toEqual({
      error_query: 'sum(rate(shop_checkout_requests_total[{{.window}}])) - sum(rate(shop_checkout_requests_total{status="ok"}[{{.window}}]))',
      total_query: "sum(rate(shop_checkout_requests_total[{{.window}}]))",
    });
    const o = openslo("checkout-success")!;
    expect(Object.keys(o.spec.indicator.spec.ratioMetric).sort()).toEqual(["bad", "counter", "total"]);
    expect([o.spec.budgetingMethod, o.spec.objectives, o.spec.timeWindow]).toEqual([
      "Occurrences",
      [{ target: 0.995 }],
      [{ duration: "30d", isRolling: true }],
    ]);
  });

  it("writes a latency SLO at a bucket edge as the observations above the edge over all observations", () => {
    expect(sloth("checkout-latency").sli.events).toEqual({
      error_query: 'sum(rate(shop_checkout_duration_seconds_count[{{.window}}])) - sum(rate(shop_checkout_duration_seconds_bucket{le="0.25"}[{{.window}}]))',
      total_query: "sum(rate(shop_checkout_duration_seconds_count[{{.window}}]))",
    });
    expect(sloth("checkout-latency").objective).toBe(99);
  });

  it("writes a latency SLO on a native histogram as histogram_fraction's raw error ratio", () => {
    expect(sloth("payment-latency").sli).toEqual({
      raw: { error_ratio_query: "1 - histogram_fraction(-Inf, 1, sum(rate(shop_payment_duration_seconds[{{.window}}])))" },
    });
  });

  it("files an SLO no service owns under the catalog's name", () => {
    const spec = docs.find((d) => d.format === "sloth" && d.doc.slos.some((s: { name: string }) => s.name === "edge-availability"))!;
    expect([spec.where, spec.doc.service, openslo("edge-availability")!.spec.service]).toEqual(["slo/sloth/shop.yml#0", "shop", "shop"]);
  });

  it("carries the burn-rate alerts' routing labels and runbook to Sloth's page and ticket alerts", () => {
    const page = example.alerts.find((a) => a.name === "CheckoutSuccessBudgetBurnFast")!;
    const ticket = example.alerts.find((a) => a.name === "CheckoutSuccessBudgetBurnSlow")!;
    const a = sloth("checkout-success").alerting;
    expect(a.name).toBe("CheckoutSuccessBudgetBurn");
    for (const [mine, theirs] of [
      [a.page_alert, page],
      [a.ticket_alert, ticket],
    ] as const) {
      // What Sloth puts on the alert: the SLO's labels, alerting's, then the alert's own.
      expect({ ...sloth("checkout-success").labels, ...a.labels, ...mine.labels }).toEqual(theirs.labels);
      expect(mine.annotations.runbook_url).toBe(theirs.annotations.runbook_url);
    }
    expect(ticket.labels.team).toBe("web");
  });

  it("writes one OpenSLO burn-rate policy per window of obsgen's policy, at its factor and with its alert's labels", () => {
    const policies = openslo("checkout-success")!.spec.alertPolicies;
    expect(
      policies.map((p: any) => [
        p.metadata.name,
        p.spec.conditions[0].spec.condition.threshold,
        p.spec.conditions[0].spec.condition.lookbackWindow,
        p.metadata.labels.priority,
      ]),
    ).toEqual([
      ["checkout-success-burn-1h", 14.4, "1h", "P1"],
      ["checkout-success-burn-6h", 6, "6h", "P1"],
      ["checkout-success-burn-1d", 3, "1d", "P2"],
      ["checkout-success-burn-3d", 1, "3d", "P2"],
    ]);
  });

  it("reports the gauge and manual SLOs as info notes of the build, on their declarations", () => {
    const notes = emitOutput(example).diagnostics.filter((d) => d.code === "slo-export/not-expressible");
    expect(notes.map((d) => [d.severity, d.path])).toEqual([
      ["info", "slos.basket-conversion"],
      ["info", "slos.support-response"],
    ]);
  });
});

describe("the schemas written from the formats' documentation", () => {
  const docs = exportedDocs(example);
  const slothSpec = docs.find((d) => d.format === "sloth")!.doc;
  // An SLO counting bad and total events, which the ratio cases below break.
  const sloDoc = docs.find((d) => d.format === "openslo" && d.doc.kind === "SLO" && d.doc.spec.indicator.spec.ratioMetric.total)!.doc;
  const clone = <T>(x: T): any => structuredClone(x);

  it.each([
    ["an SLO without an objective", (s: any) => delete s.slos[0].objective, /objective/],
    ["an objective of 100.5", (s: any) => (s.slos[0].objective = 100.5), /must be <= 100/],
    ["an objective of 0", (s: any) => (s.slos[0].objective = 0), /must be > 0/],
    ["a query without {{.window}}", (s: any) => (s.slos.find((x: any) => x.sli.events).sli.events.total_query = "sum(rate(x[5m]))"), /must match pattern/],
    ["another spec version", (s: any) => (s.version = "prometheus/v2"), /constant/],
    ["a service name ending in '-'", (s: any) => (s.service = "checkout-"), /must match pattern/],
    ["two SLI types", (s: any) => (s.slos[0].sli.events = { error_query: "a[{{.window}}]", total_query: "b[{{.window}}]" }), /more than 1 properties/],
    ["an alerting without a name", (s: any) => delete s.slos[0].alerting.name, /name/],
  ])("refuse a Sloth spec with %s", (_, breakIt, message) => {
    const broken = clone(slothSpec);
    breakIt(broken);
    expect(schemaErrors("sloth", broken).join("\n")).toMatch(message);
  });

  it("accept a Sloth SLO without an alert name when both its alerts are disabled", () => {
    const s = clone(slothSpec);
    s.slos[0].alerting = { page_alert: { disable: true }, ticket_alert: { disable: true } };
    expect(schemaErrors("sloth", s)).toEqual([]);
  });

  it.each([
    ["a time window of 30 days written 30days", (d: any) => (d.spec.timeWindow[0].duration = "30days"), /must match pattern/],
    ["a lookback window of 90s", (d: any) => (d.spec.alertPolicies[0].spec.conditions[0].spec.condition.lookbackWindow = "90s"), /must match pattern/],
    ["a target of 1", (d: any) => (d.spec.objectives[0].target = 1), /must be < 1/],
    ["no budgeting method", (d: any) => delete d.spec.budgetingMethod, /budgetingMethod/],
    ["an upper-case name", (d: any) => (d.metadata.name = "Checkout"), /must match pattern/],
    [
      "two conditions in a policy",
      (d: any) => d.spec.alertPolicies[0].spec.conditions.push(d.spec.alertPolicies[0].spec.conditions[0]),
      /must NOT have more than 1 items/,
    ],
    ["a policy without notification targets", (d: any) => (d.spec.alertPolicies[0].spec.notificationTargets = []), /must NOT have fewer than 1 items/],
    ["both good and bad events", (d: any) => (d.spec.indicator.spec.ratioMetric.good = d.spec.indicator.spec.ratioMetric.total), /oneOf/],
    [
      "a raw ratio without its type",
      (d: any) => {
        const m = d.spec.indicator.spec.ratioMetric;
        delete m.bad;
        delete m.total;
        m.raw = { metricSource: { type: "Prometheus", spec: { query: "x" } } };
      },
      /oneOf/,
    ],
    ["another apiVersion", (d: any) => (d.apiVersion = "openslo/v2alpha"), /constant/],
  ])("refuse an OpenSLO SLO with %s", (_, breakIt, message) => {
    const broken = clone(sloDoc);
    breakIt(broken);
    expect(schemaErrors("openslo", broken).join("\n")).toMatch(message);
  });
});
