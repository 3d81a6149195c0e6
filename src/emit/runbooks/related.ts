/**
 * What a runbook page gathers around its alert from the model: the related metrics with a query
 * for each, the dashboard panels that show the alert's metrics, the log queries of its services.
 */
import { grafanaPanelUrl } from "../../model/conventions.js";
import { histogramRead, type Matcher, quantileExpr, rateExpr, selector } from "../../model/promql-builder.js";
import type { ResolvedAlert, ResolvedCatalog, ResolvedLogQuery, ResolvedMetric } from "../../model/resolved.js";

/** The window related queries use: the alert's own, else 5m. */
export function queryWindow(alert: ResolvedAlert): string {
  return "window" in alert.condition ? alert.condition.window : "5m";
}

/** The `service` label value of the alert's service, or null for an alert of a shared group. */
export function serviceLabelOf(model: ResolvedCatalog, alert: ResolvedAlert): string | null {
  return model.services.find((s) => s.name === alert.service)?.label ?? null;
}

/**
 * Metrics worth checking besides the alert's own: the metrics its service exposes and those
 * the service's other alerts read (for an alert of a shared group: the group's metrics and
 * those of its alerts), sorted by name.
 */
export function relatedMetrics(model: ResolvedCatalog, alert: ResolvedAlert): ResolvedMetric[] {
  const names = new Set<string>();
  if (alert.service) {
    for (const n of model.services.find((s) => s.name === alert.service)?.metrics ?? []) names.add(n);
    for (const a of model.alerts.filter((x) => x.service === alert.service)) for (const n of a.metrics) names.add(n);
  } else {
    for (const m of model.metrics.filter((x) => x.group !== null && x.group === alert.group)) names.add(m.name);
    for (const a of model.alerts.filter((x) => x.group !== null && x.group === alert.group)) for (const n of a.metrics) names.add(n);
  }
  for (const n of alert.metrics) names.delete(n);
  return model.metrics.filter((m) => names.has(m.name));
}

/**
 * A query showing a metric for triage: a histogram's p99, a counter's per-second rate by its
 * closed labels, a gauge's series. A shared metric is narrowed to the alert's service through
 * the `service` label the scrape configuration attaches (spec 9.2: `system_cpu_usage_percent{service="execution_engine"}`).
 */
export function metricQuery(metric: ResolvedMetric, serviceLabel: string | null, window: string): { what: string; expr: string } {
  const narrow = serviceLabel !== null && metric.group !== null;
  const matchers: Matcher[] = narrow ? [{ label: "service", values: [serviceLabel] }] : [];
  switch (metric.type) {
    case "histogram":
      return { what: `p99 over ${window}`, expr: quantileExpr(metric.name, 0.99, window, matchers, [], histogramRead(metric)) };
    case "counter": {
      const by = metric.labels.filter((l) => l.kind === "closed" && !(narrow && l.name === "service")).map((l) => l.name);
      return { what: `per second over ${window}${by.length ? `, by ${by.join(", ")}` : ""}`, expr: rateExpr(metric.name, window, matchers, by, false) };
    }
    case "gauge":
      return { what: "current value", expr: selector(metric.name, matchers) };
  }
}

/** `ALERTS{alertstate="firing", …}`: the alerts of the same service (or group) firing now. */
export function firingAlertsQuery(model: ResolvedCatalog, alert: ResolvedAlert): string {
  const label = serviceLabelOf(model, alert);
  if (label)
    return selector("ALERTS", [
      { label: "alertstate", values: ["firing"] },
      { label: "service", values: [label] },
    ]);
  const names = model.alerts.filter((a) => a.group !== null && a.group === alert.group).map((a) => a.name);
  return selector("ALERTS", [
    { label: "alertname", values: names.length ? names : [alert.name] },
    { label: "alertstate", values: ["firing"] },
  ]);
}

export interface PanelLink {
  readonly dashboard: string;
  readonly panel: string;
  readonly url: string;
  /** Why it is linked: the panel shows the alert, reads its metric, or the catalog names it. */
  readonly why: "alert" | "metric" | "named";
}

/** Panels that show the alert (its thresholds), read its metrics, or are named in `runbook.panels`. */
interface PanelEntry {
  readonly seq: number;
  readonly dashboard: ResolvedCatalog["dashboards"][number];
  readonly panel: ResolvedCatalog["dashboards"][number]["rows"][number]["panels"][number];
}

/** Panels indexed by the alerts they show, the metrics they read and their titles: built once per model. */
const panelIndex = new WeakMap<
  ResolvedCatalog,
  { byAlert: Map<string, PanelEntry[]>; byMetric: Map<string, PanelEntry[]>; byTitle: Map<string, PanelEntry[]> }
>();

function indexPanels(model: ResolvedCatalog) {
  let idx = panelIndex.get(model);
  if (idx) return idx;
  idx = { byAlert: new Map(), byMetric: new Map(), byTitle: new Map() };
  const add = (m: Map<string, PanelEntry[]>, key: string, e: PanelEntry) => {
    const list = m.get(key);
    if (!list) m.set(key, [e]);
    else if (list[list.length - 1] !== e) list.push(e);
  };
  let seq = 0;
  for (const dashboard of model.dashboards) {
    for (const r of dashboard.rows) {
      for (const panel of r.panels) {
        const e: PanelEntry = { seq: seq++, dashboard, panel };
        for (const a of panel.alerts) add(idx.byAlert, a, e);
        for (const t of panel.targets) for (const m of t.metrics) add(idx.byMetric, m, e);
        add(idx.byTitle, panel.title, e);
      }
    }
  }
  panelIndex.set(model, idx);
  return idx;
}

export function panelLinks(model: ResolvedCatalog, alert: ResolvedAlert): PanelLink[] {
  const idx = indexPanels(model);
  // Why each panel is linked, strongest reason first: it shows the alert, it reads one of the
  // alert's metrics, or the runbook names it.
  const why = new Map<PanelEntry, PanelLink["why"]>();
  for (const e of idx.byAlert.get(alert.name) ?? []) why.set(e, "alert");
  for (const m of alert.metrics) for (const e of idx.byMetric.get(m) ?? []) if (!why.has(e)) why.set(e, "metric");
  for (const t of alert.runbook.panels) for (const e of idx.byTitle.get(t) ?? []) if (!why.has(e)) why.set(e, "named");
  const rank = { named: 0, alert: 1, metric: 2 } as const;
  return [...why]
    .sort(([a, wa], [b, wb]) => rank[wa] - rank[wb] || a.seq - b.seq)
    .map(([e, w]) => ({
      dashboard: e.dashboard.title,
      panel: e.panel.title,
      url: grafanaPanelUrl(model.grafana.baseUrl, e.dashboard.uid, e.panel.id),
      why: w,
    }));
}

/** Services an alert concerns: its own, or every service exposing the metrics of a shared group's alert. */
export function alertServices(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  if (alert.service) return [alert.service];
  const names = new Set(model.metrics.filter((m) => alert.metrics.includes(m.name)).flatMap((m) => m.exposedBy));
  return [...names].sort();
}

/** Log queries that concern every one of the alert's services. */
export function logQueriesFor(model: ResolvedCatalog, alert: ResolvedAlert): ResolvedLogQuery[] {
  const services = alertServices(model, alert);
  return model.logQueries.filter((q) => services.every((s) => q.services.includes(s)));
}
