/**
 * The baseline of the diff tests: test/helpers/catalogs.ts's baseCatalog grown so that every
 * kind of consumer exists (a ratio alert, raw PromQL reading a label, a bucket edge and an SLO's
 * recorded series, SLOs, a shared group), as plain data that each case mutates one field of.
 */
import { catalogJson } from "../../src/emit/catalog-json.js";
import { type CatalogDoc, readCatalogDoc } from "../../src/diff/catalog-doc.js";
import type { Consumer } from "../../src/diff/consumers.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { baseCatalog } from "../helpers/catalogs.js";

export function diffBase(): any {
  const c = baseCatalog();
  c.teams = ["web", "payments"];
  c.runbooks = { baseUrl: "https://runbooks.example.com/shop" };
  const checkout = c.services[0];
  // Owns its SLOs' burn-rate alerts even when a case hands one of its alerts to another team.
  checkout.team = "web";
  checkout.metrics.requests.labels = { status: ["ok", "error"], method: ["GET", "POST"], route: { open: true, maxValues: 20 } };
  checkout.metrics.queue = { type: "gauge", name: "checkout_queue_depth", help: "Orders waiting", labels: { queue: ["fast", "slow"] } };
  checkout.alerts.push(
    {
      name: "CheckoutErrors",
      priority: "P0",
      team: "web",
      for: "2m",
      summary: "More than 5% of checkouts fail",
      description: "Error ratio {{ $value }}",
      action: "Roll back",
      condition: { kind: "ratio", metric: "checkout_requests_total", window: "5m", numerator: { status: "error" }, op: ">", threshold: 0.05 },
    },
    {
      name: "CheckoutLowSuccess",
      priority: "P2",
      team: "web",
      for: "10m",
      summary: "Success ratio low",
      description: "Success ratio {{ $value }}",
      action: "Look at the errors",
      condition: { kind: "ratio", metric: "checkout_requests_total", window: "15m", numerator: { status: "ok" }, op: "<", threshold: 0.9 },
    },
    {
      name: "CheckoutErrorsByMethod",
      priority: "P2",
      team: "web",
      for: "5m",
      summary: "Errors on one method",
      description: "{{ $labels.method }} fails {{ $value }} times per second",
      action: "Check the handler",
      condition: {
        kind: "expr",
        expr: 'sum by (method) (rate(checkout_requests_total{status="error", method=~"GET|POST"}[5m])) > 1',
        metrics: ["checkout_requests_total"],
      },
    },
    {
      name: "CheckoutFastShare",
      priority: "P2",
      team: "web",
      for: "15m",
      summary: "Few checkouts under 250ms",
      description: "{{ $value }}",
      action: "Profile",
      condition: {
        kind: "expr",
        expr: 'sum(rate(checkout_request_latency_ms_bucket{le="250"}[5m])) / sum(rate(checkout_request_latency_ms_count[5m])) < 0.9',
        metrics: ["checkout_request_latency_ms"],
      },
    },
    {
      name: "CheckoutQueueDeep",
      priority: "P1",
      team: "web",
      for: "5m",
      summary: "Queue deep",
      description: "{{ $value }} orders wait",
      action: "Scale out",
      condition: { kind: "value", metric: "checkout_queue_depth", aggregate: "max", op: ">", threshold: 100 },
    },
    {
      name: "CheckoutSloBurn",
      priority: "P1",
      team: "web",
      summary: "Success SLO burning",
      description: "{{ $value }}",
      action: "Page the owner",
      condition: { kind: "expr", expr: "min(job:slo_checkout_success:ratio_rate15m) < 0.99", metrics: [] },
    },
  );
  c.groups = [
    {
      name: "system",
      description: "Process metrics",
      exposedBy: ["checkout", "payments"],
      metrics: { memory: { type: "gauge", name: "process_memory_mb", help: "Resident memory", unit: "megabytes" } },
    },
  ];
  c.slos = [
    {
      kind: "ratio",
      name: "checkout-success",
      description: "Checkouts succeed",
      metric: "checkout_requests_total",
      good: { status: "ok" },
      objective: 99,
      window: "15m",
    },
    {
      kind: "latency",
      name: "checkout-latency",
      description: "Checkouts are fast",
      metric: "checkout_request_latency_ms",
      quantile: 0.99,
      threshold: 250,
      window: "5m",
    },
    { kind: "manual", name: "checkout-uptime", description: "Checkout is up", objective: "99.9% per month", reason: "measured by the load balancer" },
  ];
  return c;
}

/**
 * A catalog value reduced to what `obsgen diff` compares, as `obsgen build` would write it, with
 * only what the fixture declares: the dashboards, alerts and recording rules the build derives
 * on its own (generated dashboards, SLO burn-rate rules and alerts) have tests of their own, so
 * these cases pin the consumers of the fixture's declarations. The SLO indicators
 * (`job:slo_…`) and the renames' rules are kept.
 */
export function docOf(raw: any): CatalogDoc {
  return readCatalogDoc(declaredJsonOf(raw));
}

/** The catalog.json value {@link docOf} reads. */
export function declaredJsonOf(raw: any): any {
  const json = jsonOf(raw);
  const declared = new Set<string>([...raw.services, ...(raw.groups ?? [])].flatMap((s: any) => (s.alerts ?? []).map((a: any) => a.name)));
  return {
    ...json,
    dashboards: [],
    alerts: json.alerts.filter((a: any) => declared.has(a.name)),
    recordingRules: json.recordingRules.filter((r: any) => r.record.startsWith("job:slo_") || r.source.startsWith("rename:")),
  };
}

/** A catalog.json value of the fixture, for synthetic edits (dashboards). */
export function jsonOf(raw: unknown): any {
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.path}: ${d.message}`).join("\n"));
  return JSON.parse(JSON.stringify(catalogJson(r.value)));
}

/** A panel of {@link dashboardJson}: what the diff reads of it. */
export interface PanelSketch {
  readonly id: number;
  /** The panel's identity; absent as in a catalog.json written before panels had one. */
  readonly key?: string;
  readonly title: string;
  readonly exprs: readonly string[];
  readonly alerts?: readonly string[];
}

/**
 * A catalog.json dashboard as the writer writes it, from the fields the diff reads (uid, title,
 * panels' id, key, title, queries and alerts); the rest are fixed.
 */
export function dashboardJson(d: { uid: string; title: string; panels: readonly PanelSketch[] }): unknown {
  return {
    uid: d.uid,
    title: d.title,
    source: "catalog",
    refresh: "30s",
    panels: d.panels.map((p) => ({
      id: p.id,
      ...(p.key !== undefined ? { key: p.key } : {}),
      row: "Row",
      title: p.title,
      type: "timeseries",
      unit: "short",
      exprs: p.exprs,
      metrics: [],
      alerts: p.alerts ?? [],
    })),
    path: `dashboards.${d.uid}`,
  };
}

/** `kind name[ via series][: uses]`, the way a reviewer reads a consumer. */
export function consumerLine(c: Consumer): string {
  return `${c.kind} ${c.name}${c.via ? ` via ${c.via}` : ""}${c.uses.length ? `: ${c.uses.join(", ")}` : ""}`;
}
