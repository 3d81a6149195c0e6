/**
 * Dashboards in catalog.json (`dashboards: [{ uid, title, panels: [{ id, key, title, exprs }] }]`),
 * on synthetic catalog.json values: the changes to dashboards and panels, and panels as
 * consumers of metrics, labels, alerts and recorded series, Grafana macros included.
 */
import { describe, expect, it } from "vitest";
import { readCatalogDoc } from "../../src/diff/catalog-doc.js";
import { diffCatalogs } from "../../src/diff/diff.js";
import { consumerLine, dashboardJson, declaredJsonOf, diffBase } from "./fixture.js";

const panel = (
  id: number,
  title: string,
  exprs: string[],
  alerts: string[] = [],
): { id: number; key?: string; title: string; exprs: string[]; alerts: string[] } => ({
  id,
  title,
  exprs,
  alerts,
});

const DASHBOARDS = [
  {
    uid: "shop-checkout",
    title: "Checkout",
    panels: [
      panel(1, "Requests by method", ['sum by (method) (rate(checkout_requests_total{service=~"$service"}[$__rate_interval]))']),
      panel(2, "Top routes", ["topk($n, sum by (route) (rate(checkout_requests_total[5m])))"]),
      panel(3, "Queue", ["max(checkout_queue_depth)"], ["CheckoutQueueDeep"]),
      panel(4, "Success SLO", ["job:slo_checkout_success:ratio_rate15m"]),
      panel(5, "Aggregated routes", ["$agg by (route) (checkout_requests_total)"]),
    ],
  },
  {
    uid: "shop-latency",
    title: "Latency",
    panels: [panel(1, "p99", ["histogram_quantile(0.99, sum by (le) (rate(checkout_request_latency_ms_bucket[$__interval])))"])],
  },
];

function withDashboards(catalog: any, dashboards: any[]): any {
  return { ...declaredJsonOf(catalog), dashboards: dashboards.map(dashboardJson) };
}

function diff(base: unknown[], head: unknown[], mutate?: (c: any) => void) {
  const h = diffBase();
  mutate?.(h);
  return diffCatalogs(readCatalogDoc(withDashboards(diffBase(), base)), readCatalogDoc(withDashboards(h, head)));
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe("dashboards and panels", () => {
  it("finds nothing between identical dashboards", () => {
    expect(diff(DASHBOARDS, clone(DASHBOARDS))).toEqual([]);
  });

  it("reports a dashboard whose uid changed under the same title as breaking", () => {
    const head = clone(DASHBOARDS);
    head[1]!.uid = "shop-latency-v2";
    const changes = diff(DASHBOARDS, head);
    expect(changes.map((c) => [c.id, c.level, c.subject.name, c.after])).toEqual([["dashboard/uid-changed", "breaking", "shop-latency", "shop-latency-v2"]]);
  });

  it("reports removed and added dashboards", () => {
    const head = [clone(DASHBOARDS[0]!), { uid: "shop-payments", title: "Payments", panels: [] }];
    expect(diff(DASHBOARDS, head).map((c) => `${c.id} ${c.subject.name}`)).toEqual(["dashboard/removed shop-latency", "dashboard/added shop-payments"]);
  });

  it("reports removed, added, re-numbered and re-queried panels", () => {
    const head = clone(DASHBOARDS);
    const panels = head[0]!.panels;
    panels.splice(1, 1); // "Top routes" removed
    panels[1]!.id = 7; // "Queue" 3 -> 7
    panels[0]!.exprs = ["sum by (method) (rate(checkout_requests_total[1m]))"];
    panels.push(panel(9, "Errors", ['sum(rate(checkout_requests_total{status="error"}[5m]))']));
    expect(diff(DASHBOARDS, head).map((c) => `${c.id} ${c.level} ${c.subject.name}`)).toEqual([
      "panel/removed warning shop-checkout/2",
      "panel/id-changed warning shop-checkout/3",
      "panel/query-changed info shop-checkout/1",
      "panel/added info shop-checkout/9",
    ]);
  });

  it("pairs keyed panels by key, not id: a panel that takes a removed panel's id is the same panel under a new id", () => {
    const keyed = (id: number, key: string, title: string, exprs: string[]) => ({ ...panel(id, title, exprs), key });
    const base = [
      {
        uid: "shop-checkout",
        title: "Checkout",
        panels: [
          keyed(1, "metric checkout_queue_depth value", "Queue", ["max(checkout_queue_depth)"]),
          keyed(2, "metric checkout_requests_total rate", "Requests", ["sum(rate(checkout_requests_total[5m]))"]),
          keyed(3, 'panel "Row" "Errors"', "Errors", ['sum(rate(checkout_requests_total{status="error"}[5m]))']),
        ],
      },
    ];
    const head = clone(base);
    head[0]!.panels.shift(); // the queue panel is removed
    head[0]!.panels[0]!.id = 1; // and its id reused (as a positional numbering would)
    const changes = diff(base, head);
    expect(changes.map((c) => `${c.id} ${c.subject.name} ${JSON.stringify(c.before ?? null)} ${JSON.stringify(c.after ?? null)}`)).toEqual([
      'panel/removed shop-checkout/1 ["max(checkout_queue_depth)"] null',
      "panel/id-changed shop-checkout/2 2 1",
    ]);
    // Keys alone pair: the id a panel keeps says nothing when its key differs.
    const swapped = clone(base);
    swapped[0]!.panels[2]!.key = 'panel "Row" "Failures"';
    swapped[0]!.panels[2]!.title = "Failures";
    expect(diff(base, swapped).map((c) => `${c.id} ${c.subject.name}`)).toEqual(["panel/removed shop-checkout/3", "panel/added shop-checkout/3"]);
  });

  it("pairs keyed panels by title when the key changed, and follows a managed rename through a metric panel's key", () => {
    const keyed = (id: number, key: string, title: string, exprs: string[]) => ({ ...panel(id, title, exprs), key });
    const base = [
      {
        uid: "shop-checkout",
        title: "Checkout",
        panels: [
          keyed(10, "metric checkout_queue_depth value", "Orders waiting", ["max(checkout_queue_depth)"]),
          keyed(20, 'panel "Row" "Errors"', "Errors", ['sum(rate(checkout_requests_total{status="error"}[5m]))']),
        ],
      },
    ];
    const head = clone(base);
    head[0]!.panels[0] = keyed(11, "metric checkout_queue_length value", "Orders in line", ["max(checkout_queue_length)"]);
    head[0]!.panels[1]!.key = 'panel "Failures" "Errors"'; // its row renamed
    head[0]!.panels[1]!.id = 21;
    const renamed = (c: any) => {
      const json = JSON.parse(JSON.stringify(c.services[0]).replaceAll("checkout_queue_depth", "checkout_queue_length"));
      c.services[0].metrics = json.metrics;
      c.services[0].alerts = json.alerts;
      c.services[0].metrics.queue.renamedFrom = { name: "checkout_queue_depth", until: "2026-09-30" };
    };
    const changes = diff(base, head, renamed).filter((c) => c.subject.kind === "panel");
    expect(changes.map((c) => `${c.id} ${c.subject.name} ${c.before} ${c.after}`)).toEqual([
      "panel/id-changed shop-checkout/10 10 11",
      "panel/id-changed shop-checkout/20 20 21",
    ]);
  });

  it("pairs by id, then title, when one catalog.json has no keys (written before panels had them)", () => {
    const head = clone(DASHBOARDS);
    head[0]!.panels.forEach((p: any, i: number) => {
      p.key = `panel "Row" ${JSON.stringify(p.title)}`;
      p.id = 100 + i;
    });
    expect(diff(DASHBOARDS, head).map((c) => `${c.id} ${c.subject.name}`)).toEqual([1, 2, 3, 4, 5].map((id) => `panel/id-changed shop-checkout/${id}`));
  });

  it("lists panels among a removed label's consumers, through Grafana macros and variables", () => {
    const changes = diff(DASHBOARDS, clone(DASHBOARDS), (c) => {
      c.services[0].metrics.requests.labels = { status: ["ok", "error"], method: ["GET", "POST"] };
    });
    const removed = changes.find((c) => c.id === "label/removed")!;
    expect(removed.subject.name).toBe("checkout_requests_total{route}");
    // Panel 2 has a syntax error (`$n` stands where a number must), but the parser's partial tree
    // still shows the grouping; panel 5's tree has no selector left, so it is matched by name.
    expect(removed.consumers.map(consumerLine)).toEqual([
      "panel shop-checkout/2: sum by (route)",
      "panel shop-checkout/5: (the query does not parse; matched by name)",
      "stub checkout_requests_total: label route",
    ]);
  });

  it("lists only the panels naming a removed label", () => {
    const changes = diff(DASHBOARDS, clone(DASHBOARDS), (c) => {
      c.services[0].metrics.requests.labels = { status: ["ok", "error"], route: { open: true, maxValues: 20 } };
      c.services[0].alerts = c.services[0].alerts.filter((a: any) => a.name !== "CheckoutErrorsByMethod");
    });
    const removed = changes.find((c) => c.id === "label/removed")!;
    expect(removed.consumers.map(consumerLine)).toEqual([
      'alert CheckoutErrorsByMethod: annotations.description: $labels.method, method=~"GET|POST", sum by (method)',
      "panel shop-checkout/1: sum by (method)",
      "stub checkout_requests_total: label method",
    ]);
  });

  it("lists panels showing a removed alert and panels reading a metric, a bucket and a recorded series", () => {
    const changes = diff(DASHBOARDS, clone(DASHBOARDS), (c) => {
      delete c.services[0].metrics.queue;
      c.services[0].alerts = c.services[0].alerts.filter((a: any) => a.name !== "CheckoutQueueDeep");
      c.services[0].metrics.request_latency.buckets = [10, 50, 100, 500];
      c.slos = c.slos.filter((s: any) => s.name !== "checkout-success");
    });
    const consumers = (id: string) => changes.find((c) => c.id === id)!.consumers.map(consumerLine);
    expect(consumers("alert/removed")).toEqual(["panel shop-checkout/3: shows the alert"]);
    expect(consumers("metric/removed")).toEqual(["alert CheckoutQueueDeep", "panel shop-checkout/3", "stub checkout_queue_depth"]);
    expect(consumers("bucket/removed")).toContain("panel shop-latency/1: histogram_quantile");
    expect(consumers("recording/removed")).toEqual(["alert CheckoutSloBurn", "panel shop-checkout/4"]);
  });

  it("refuses a dashboard in another shape than catalog.json's, naming where", () => {
    // Panels nested in rows with `targets[].expr` is Grafana's shape; no obsgen wrote it in catalog.json.
    const json = { ...declaredJsonOf(diffBase()), dashboards: [{ uid: "d", title: "D", rows: [{ panels: [{ id: 1, targets: [{ expr: "up" }] }] }] }] };
    expect(() => readCatalogDoc(json)).toThrow(/^dashboards\[0\]\.source: /);
  });
});
