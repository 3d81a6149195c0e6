/**
 * Golden files of the three output formats (and coloured text), for one release that changes a
 * bit of everything: test/golden/diff/report.{txt,color.txt,md,json}. Rewrite them with
 * `npm run test:update` after an intended change, and review the diff.
 */
import { describe, expect, it } from "vitest";
import { readCatalogDoc } from "../../src/diff/catalog-doc.js";
import { diffCatalogs } from "../../src/diff/diff.js";
import { type DiffReport, renderDiffJson, renderDiffMarkdown, renderDiffText } from "../../src/diff/format.js";
import { dashboardJson, declaredJsonOf, diffBase } from "./fixture.js";

const dashboards = (latencyUid: string) =>
  [
    {
      uid: "shop-checkout",
      title: "Checkout",
      panels: [
        { id: 1, title: "Requests by method", exprs: ["sum by (method) (rate(checkout_requests_total[$__rate_interval]))"], alerts: [] },
        { id: 2, title: "Queue", exprs: ["max(checkout_queue_depth)"], alerts: ["CheckoutQueueDeep"] },
      ],
    },
    { uid: latencyUid, title: "Latency", panels: [{ id: 1, title: "p99", exprs: ["job:slo_checkout_latency:p99_rate5m"], alerts: [] }] },
  ].map(dashboardJson);

function release(): DiffReport {
  const base = diffBase();
  const head = diffBase();
  const checkout = head.services[0];
  checkout.metrics.requests.labels = { status: ["ok", "error", "timeout"], route: { open: true, maxValues: 20 } }; // method removed, a value added
  checkout.metrics.request_latency.buckets = [10, 50, 100, 200, 500]; // 250 moved
  const renamed = JSON.parse(JSON.stringify(checkout).replaceAll("checkout_queue_depth", "checkout_queue_length"));
  checkout.metrics = renamed.metrics;
  checkout.alerts = renamed.alerts;
  checkout.metrics.queue.renamedFrom = { name: "checkout_queue_depth", until: "2026-09-30" };
  head.parameters.max_latency.default = 300; // CheckoutSlow loosened
  checkout.alerts.find((a: any) => a.name === "CheckoutErrors").name = "CheckoutFailures";
  checkout.alerts.find((a: any) => a.name === "CheckoutSlow").for = "10m";
  head.slos.find((s: any) => s.name === "checkout-success").objective = 98;
  const b = readCatalogDoc({ ...declaredJsonOf(base), dashboards: dashboards("shop-latency") });
  const h = readCatalogDoc({ ...declaredJsonOf(head), dashboards: dashboards("shop-latency-v2") });
  return {
    baseline: { ref: "v1.2.0", catalog: "shop", version: null },
    head: { ref: "catalog/index.ts", catalog: "shop", version: null },
    failOn: "breaking",
    changes: diffCatalogs(b, h),
  };
}

describe("obsgen diff output formats", () => {
  const report = release();
  it("text", async () => {
    await expect(renderDiffText(report, { color: false })).toMatchFileSnapshot("../golden/diff/report.txt");
  });
  it("text, coloured for a terminal", async () => {
    await expect(renderDiffText(report, { color: true })).toMatchFileSnapshot("../golden/diff/report.color.txt");
  });
  it("markdown", async () => {
    await expect(renderDiffMarkdown(report)).toMatchFileSnapshot("../golden/diff/report.md");
  });
  it("json", async () => {
    await expect(renderDiffJson(report)).toMatchFileSnapshot("../golden/diff/report.json");
  });
  it("an empty diff, in each format", async () => {
    const empty: DiffReport = { ...report, changes: [] };
    await expect([renderDiffText(empty, { color: false }), renderDiffMarkdown(empty), renderDiffJson(empty)].join("----\n")).toMatchFileSnapshot(
      "../golden/diff/empty.txt",
    );
  });
  it("text without colour has no escape codes", () => {
    expect(renderDiffText(report, { color: false })).not.toMatch(/\x1b/);
  });
});
