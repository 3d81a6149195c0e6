/**
 * resolve, dashboards: declared dashboards compiled to PromQL targets and laid out on Grafana's
 * 24-column grid, plus the generated per-service and SLO dashboards. Thresholds and runbook links
 * come from the alerts on each panel's metrics.
 */
import type { Unit } from "./authoring.js";
import {
  dashboardFilePath,
  dashboardUid,
  declaredPanelKey,
  GRAFANA_UNIT,
  type MetricPanelRole,
  metricPanelKey,
  rowKey,
  PRIORITY_COLOR,
  serviceDashboardUid,
  sloDashboardUid,
  type SloPanelRole,
  sloPanelKey,
  SLO_SERIES,
  sloRecordName,
  SLO_PANEL_ROLES,
} from "./conventions.js";
import { formatNumber, mulExact, subExact } from "./numbers.js";
import { BURN_POLICY, burnFactor } from "./slo-burn.js";
import { sliErrorRecord } from "./slo-rules.js";
import {
  aggregate,
  countIncreaseExpr,
  countRateExpr,
  histogramRead,
  type Matcher,
  quantileExpr,
  rateExpr,
  ratioExpr,
  selector,
  valueExpr,
} from "./promql-builder.js";
import { fileNameProblem, pathCollisionKey } from "./file-names.js";
import { assignPanelIds } from "./panel-ids.js";
import { resolveRawDashboard } from "./resolve-raw-dashboards.js";
import { checkBy, type Ctx, err, lookupMetric, resolveMatchers } from "./resolve-context.js";
import type {
  ResolvedAlert,
  ResolvedAlertAnnotation,
  ResolvedDashboard,
  ResolvedMetric,
  ResolvedPanel,
  ResolvedPanelLink,
  ResolvedRawDashboard,
  ResolvedRow,
  ResolvedService,
  ResolvedSlo,
  ResolvedTarget,
} from "./resolved.js";
import type { CatalogSpec, DashboardQuerySpec, DashboardSpec, PanelSpec } from "./schema.js";
import { compareCodePoints } from "../util/order.js";

/** What a compiled query is, for units and thresholds. */
interface CompiledQuery {
  readonly expr: string;
  readonly metrics: readonly string[];
  readonly kind: DashboardQuerySpec["kind"];
  readonly per: "second" | "minute" | null;
  readonly quantile: number | null;
  readonly by: readonly string[];
  readonly unit: Unit | null;
}

function compileQuery(ctx: Ctx, metrics: ReadonlyMap<string, ResolvedMetric>, q: DashboardQuerySpec, path: string): CompiledQuery | undefined {
  if (q.kind === "expr") {
    const names: string[] = [];
    q.metrics.forEach((name, i) => {
      const m = lookupMetric(ctx, metrics, name, `${path}.metrics[${i}]`, ["counter", "gauge", "histogram"], "a query");
      if (m) names.push(m.name);
    });
    const unit = names.length === 1 ? (metrics.get(names[0]!)?.unit ?? null) : null;
    return { expr: q.expr.trim(), metrics: names, kind: "expr", per: null, quantile: null, by: [], unit };
  }
  const allowed =
    q.kind === "quantile"
      ? (["histogram"] as const)
      : q.kind === "value"
        ? (["gauge", "counter"] as const)
        : q.kind === "ratio"
          ? (["counter"] as const)
          : (["counter", "histogram"] as const);
  const m = lookupMetric(ctx, metrics, q.metric, `${path}.metric`, allowed, `a ${q.kind} query`);
  if (!m) return undefined;
  checkBy(ctx, m, q.by, `${path}.by`);
  const base = { metrics: [m.name], kind: q.kind, by: q.by };
  switch (q.kind) {
    case "quantile":
      return {
        ...base,
        expr: quantileExpr(m.name, q.quantile, q.window, resolveMatchers(ctx, m, q.where, `${path}.where`), q.by, histogramRead(m)),
        per: null,
        quantile: q.quantile,
        unit: m.unit,
      };
    case "rate": {
      const where = resolveMatchers(ctx, m, q.where, `${path}.where`);
      const expr =
        m.type === "histogram"
          ? countRateExpr(m.name, q.window, where, q.by, q.per === "minute", histogramRead(m))
          : rateExpr(m.name, q.window, where, q.by, q.per === "minute");
      return { ...base, expr, per: q.per, quantile: null, unit: null };
    }
    case "increase": {
      const where = resolveMatchers(ctx, m, q.where, `${path}.where`);
      const expr =
        m.type === "histogram"
          ? countIncreaseExpr(m.name, q.window, where, q.by, histogramRead(m))
          : aggregate("sum", q.by, `increase(${selector(m.name, where)}[${q.window}])`);
      return { ...base, expr, per: null, quantile: null, unit: null };
    }
    case "value":
      return {
        ...base,
        expr: valueExpr(m.name, resolveMatchers(ctx, m, q.where, `${path}.where`), q.aggregate, q.by, q.abs),
        per: null,
        quantile: null,
        unit: m.unit,
      };
    case "ratio": {
      const num = resolveMatchers(ctx, m, q.numerator, `${path}.numerator`);
      const den = resolveMatchers(ctx, m, q.denominator, `${path}.denominator`);
      return { ...base, expr: ratioExpr(m.name, q.window, num, den, q.by), per: null, quantile: null, unit: "ratio" };
    }
  }
}

/** Grafana unit of a compiled query: the metric's unit, per second/minute for rates, percent for ratios. */
function queryUnit(q: CompiledQuery): string {
  if (q.kind === "rate") return q.per === "minute" ? "opm" : "ops";
  if (q.kind === "increase") return "short";
  return GRAFANA_UNIT[q.unit ?? "none"] ?? "short";
}

/** Alerts whose condition reads one of the query's metrics the same way, so their thresholds mean the same on the panel. */
function matchingAlerts(q: CompiledQuery, alerts: readonly ResolvedAlert[]): ResolvedAlert[] {
  return alerts.filter((a) => {
    const c = a.condition;
    if (c.kind === "expr" || !q.metrics.includes(c.metric)) return false;
    if (q.kind === "expr") return false;
    if (c.kind !== q.kind) return false;
    if (c.kind === "quantile") return q.quantile !== null;
    return true;
  });
}

function thresholdValue(a: ResolvedAlert, q: CompiledQuery | undefined): number | undefined {
  const c = a.condition;
  if (c.kind === "expr" || !c.threshold) return c.kind === "expr" && c.threshold ? c.threshold.value : undefined;
  // Rates are plotted per second or per minute; convert the alert's threshold to the panel's.
  if (c.kind === "rate" && q?.kind === "rate" && c.per !== q.per) {
    return c.per === "minute" ? mulExact(c.threshold.value, 1 / 60) : mulExact(c.threshold.value, 60);
  }
  return c.threshold.value;
}

function thresholdSteps(alerts: readonly ResolvedAlert[], q: CompiledQuery | undefined): { value: number | null; color: string }[] {
  const steps = alerts
    .map((a) => ({ a, v: thresholdValue(a, q), op: a.condition.kind === "expr" ? a.condition.op : a.condition.op }))
    .filter((x): x is { a: ResolvedAlert; v: number; op: NonNullable<typeof x.op> } => x.v !== undefined && x.op !== null);
  if (steps.length === 0) return [{ value: null, color: "green" }];
  const upward = steps.every((s) => s.op === ">" || s.op === ">=");
  const downward = steps.every((s) => s.op === "<" || s.op === "<=");
  // By priority, not by severity word: the words are the catalog's (`severities`), and an alert's
  // own `severity` is a label for other stacks' routes, not a different urgency.
  const color = (a: ResolvedAlert) => PRIORITY_COLOR[a.priority];
  if (upward) {
    const sorted = [...steps].sort((x, y) => x.v - y.v);
    return [{ value: null, color: "green" }, ...sorted.map((s) => ({ value: s.v, color: color(s.a) }))];
  }
  if (downward) {
    // Below the lowest threshold is the worst; each threshold up to the next is better.
    const sorted = [...steps].sort((x, y) => x.v - y.v);
    const out: { value: number | null; color: string }[] = [{ value: null, color: color(sorted[0]!.a) }];
    sorted.forEach((s, i) => out.push({ value: s.v, color: i + 1 < sorted.length ? color(sorted[i + 1]!.a) : "green" }));
    return out;
  }
  return [{ value: null, color: "green" }];
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function defaultLegend(q: CompiledQuery): string {
  if (q.kind === "quantile" && q.quantile !== null) {
    const p = `p${formatNumber(mulExact(q.quantile, 100))}`;
    return q.by.length ? `${p} ${q.by.map((l) => `{{${l}}}`).join(" ")}` : p;
  }
  return q.by.map((l) => `{{${l}}}`).join(" ") || "__auto";
}

interface PanelDraft extends Omit<ResolvedPanel, "id" | "gridPos"> {
  readonly width?: number;
  readonly height: number;
}

function resolvePanel(
  ctx: Ctx,
  metrics: ReadonlyMap<string, ResolvedMetric>,
  alerts: readonly ResolvedAlert[],
  p: PanelSpec,
  rowTitle: string,
  path: string,
): PanelDraft | undefined {
  const compiled: { q: CompiledQuery; t: PanelSpec["targets"][number] }[] = [];
  p.targets.forEach((t, i) => {
    const q = compileQuery(ctx, metrics, t.query, `${path}.targets[${i}]`);
    if (q) compiled.push({ q, t });
  });
  if (compiled.length !== p.targets.length) return undefined;
  const targets: ResolvedTarget[] = compiled.map(({ q, t }, i) => ({
    refId: REF_IDS[i] ?? `T${i}`,
    expr: t.format === "heatmap" ? q.expr : q.expr,
    legend: t.legend ?? (t.format === "heatmap" ? "{{le}}" : defaultLegend(q)),
    instant: t.instant,
    format: t.format,
    metrics: q.metrics,
  }));
  let chosen: ResolvedAlert[];
  if (p.alerts) {
    chosen = [];
    p.alerts.forEach((name, i) => {
      const a = alerts.find((x) => x.name === name);
      if (a) chosen.push(a);
      else
        ctx.diags.push({
          code: "catalog/unknown-alert",
          severity: "error",
          message: `refers to alert "${name}", which the catalog does not declare`,
          path: `${path}.alerts[${i}]`,
        });
    });
  } else {
    const seen = new Set<string>();
    chosen = compiled.flatMap(({ q }) => matchingAlerts(q, alerts)).filter((a) => !seen.has(a.name) && seen.add(a.name));
  }
  const first = compiled[0]?.q;
  return {
    key: declaredPanelKey(rowTitle, p.key ?? p.title),
    type: p.type,
    title: p.title,
    description: p.description,
    unit: p.unit ?? (p.type === "status" ? "none" : first ? queryUnit(first) : "short"),
    targets,
    stacked: p.stacked,
    min: p.min ?? null,
    max: p.max ?? null,
    thresholds:
      p.type === "status"
        ? [
            { value: null, color: "red" },
            { value: 1, color: "green" },
          ]
        : thresholdSteps(chosen, first),
    alerts: chosen.map((a) => a.name),
    links: chosen.filter((a) => a.annotations.runbook_url).map((a) => ({ title: `Runbook: ${a.name}`, url: a.annotations.runbook_url! })),
    path,
    height: p.height,
    ...(p.width !== undefined ? { width: p.width } : {}),
  };
}

/**
 * Lays rows out top to bottom: a row header (height 1), then its panels left to right, wrapping at
 * 24 columns. Ids come from the rows' and panels' identities, not from where they are laid out.
 */
function layout(rows: readonly { title: string; panels: readonly PanelDraft[] }[]): ResolvedRow[] {
  const ids = assignPanelIds(rows.flatMap((r) => [rowKey(r.title), ...r.panels.map((p) => p.key)]));
  const idOf = (key: string) => ids.get(key)!;
  let y = 0;
  return rows.map((r) => {
    const rowY = y;
    y += 1;
    const share = Math.max(1, Math.floor(24 / r.panels.length));
    let x = 0;
    let lineHeight = 0;
    const panels: ResolvedPanel[] = r.panels.map((p, i) => {
      let w = p.width ?? (i === r.panels.length - 1 && r.panels.length * share <= 24 ? 24 - share * i : share);
      w = Math.min(24, Math.max(1, w));
      if (x + w > 24) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const { width: _w, height, ...rest } = p;
      const placed: ResolvedPanel = { ...rest, id: idOf(p.key), gridPos: { x, y, w, h: height } };
      x += w;
      lineHeight = Math.max(lineHeight, height);
      return placed;
    });
    y += lineHeight;
    return { key: rowKey(r.title), id: idOf(rowKey(r.title)), title: r.title, y: rowY, panels };
  });
}

/**
 * A declared dashboard's rows and panels are told apart by their identities (rows by title,
 * panels by row title and key), from which their ids are derived: two alike would get one id.
 * Telling them apart by position would renumber them when a panel before them comes or goes,
 * the very thing identities prevent; so it is an error, reported at the second of the two.
 */
function checkIdentities(ctx: Ctx, d: DashboardSpec, path: string): void {
  const rows = new Map<string, number>();
  d.rows.forEach((r, ri) => {
    const rowPath = `${path}.rows[${ri}]`;
    const prevRow = rows.get(r.title);
    if (prevRow !== undefined) {
      err(
        ctx,
        "catalog/duplicate-row",
        `${rowPath}.title`,
        `row "${r.title}" has the title of ${path}.rows[${prevRow}]: rows are told apart by title, and their Grafana ids are derived from it`,
        "give each row of a dashboard its own title, or merge the two rows",
      );
    } else rows.set(r.title, ri);
    const panels = new Map<string, number>();
    r.panels.forEach((p, pi) => {
      const name = p.key ?? p.title;
      const prev = panels.get(name);
      if (prev === undefined) {
        panels.set(name, pi);
        return;
      }
      err(
        ctx,
        "catalog/duplicate-panel",
        `${rowPath}.panels[${pi}].${p.key !== undefined ? "key" : "title"}`,
        `panel "${p.title}" goes by "${name}" in row "${r.title}", as ${rowPath}.panels[${prev}] does: a declared panel is told apart by its row's title and its \`key\` (its title when it has none), and its Grafana id is derived from them`,
        "set a `key` unique within the row on one of the two; the other keeps its id",
      );
    });
  });
}

/** A dashboard before its links and alert annotations, which depend on the other dashboards. */
type DashboardDraft = Omit<ResolvedDashboard, "links" | "alertAnnotations">;

function fromSpec(
  ctx: Ctx,
  metrics: ReadonlyMap<string, ResolvedMetric>,
  alerts: readonly ResolvedAlert[],
  d: DashboardSpec,
  index: number,
  prefix: string,
  folder: string,
): DashboardDraft | undefined {
  const path = `dashboards[${index}]`;
  checkIdentities(ctx, d, path);
  const rows = d.rows.map((r, ri) => ({
    title: r.title,
    panels: r.panels.map((p, pi) => resolvePanel(ctx, metrics, alerts, p, r.title, `${path}.rows[${ri}].panels[${pi}]`)),
  }));
  if (rows.some((r) => r.panels.some((p) => p === undefined))) return undefined;
  const variables = /\$service\b/.test(JSON.stringify(d)) ? [{ name: "service", label: "Service", query: "label_values(up, service)" }] : [];
  return {
    uid: d.uid ?? dashboardUid(prefix, d.title),
    title: d.title,
    description: d.description,
    refresh: d.refresh,
    tags: [...d.tags].sort(),
    from: d.from,
    source: "catalog",
    variables,
    rows: layout(rows as { title: string; panels: PanelDraft[] }[]),
    path,
    silence: d.silence.map((s) => ({ rule: s.rule, reason: s.reason, until: s.until ?? null })),
    folder: d.folder ?? folder,
  };
}

/** Panels for one metric, by type: counters as per-second rates, gauges as series, histograms as a heatmap plus quantile lines. */
function metricPanels(m: ResolvedMetric, alerts: readonly ResolvedAlert[], serviceFilter: Matcher[]): PanelDraft[] {
  const firstClosed = m.labels.find((l) => l.kind === "closed" && l.name !== "service");
  const by = firstClosed ? [firstClosed.name] : [];
  const mk = (
    role: MetricPanelRole,
    title: string,
    description: string,
    type: PanelDraft["type"],
    q: CompiledQuery,
    format: ResolvedTarget["format"],
    extra: Partial<PanelDraft> = {},
  ): PanelDraft => {
    const chosen = matchingAlerts(q, alerts);
    return {
      key: metricPanelKey(m.name, role),
      type,
      title,
      description,
      unit: format === "heatmap" ? (GRAFANA_UNIT[m.unit] ?? "short") : queryUnit(q),
      targets: [{ refId: "A", expr: q.expr, legend: format === "heatmap" ? "{{le}}" : defaultLegend(q), instant: false, format, metrics: [m.name] }],
      stacked: false,
      min: null,
      max: null,
      thresholds: format === "heatmap" ? [{ value: null, color: "green" }] : thresholdSteps(chosen, q),
      alerts: chosen.map((a) => a.name),
      links: chosen.filter((a) => a.annotations.runbook_url).map((a) => ({ title: `Runbook: ${a.name}`, url: a.annotations.runbook_url! })),
      path: m.path,
      height: 8,
      ...extra,
    };
  };
  const base = { metrics: [m.name], by, unit: m.unit };
  if (m.type === "counter") {
    const q: CompiledQuery = {
      ...base,
      kind: "rate",
      per: "second",
      quantile: null,
      expr: rateExpr(m.name, "$__rate_interval", serviceFilter, by, false),
      unit: null,
    };
    return [mk("rate", `${m.help} (per second)`, `rate of ${m.name}${by.length ? ` by ${by[0]}` : ""}`, "timeseries", q, "time_series", { width: 12 })];
  }
  if (m.type === "gauge") {
    const q: CompiledQuery = { ...base, kind: "value", per: null, quantile: null, expr: valueExpr(m.name, serviceFilter, "max", by, false) };
    return [
      mk(
        "value",
        m.help,
        `${m.name}${by.length ? `, the largest per ${by[0]}` : ", the largest series"}`,
        m.labels.length ? "timeseries" : "stat",
        q,
        "time_series",
        {
          width: 12,
        },
      ),
    ];
  }
  // A native histogram's heatmap is the summed native histogram itself: Grafana draws its buckets
  // (grafana.com/docs/mimir/latest/visualize/native-histograms/, "heatmap"); a classic one's is
  // its bucket rates by `le`.
  const read = histogramRead(m);
  const heatExpr =
    read === "native"
      ? aggregate("sum", [], `rate(${selector(m.name, serviceFilter)}[$__rate_interval])`)
      : aggregate("sum", ["le"], `rate(${selector(`${m.name}_bucket`, serviceFilter)}[$__rate_interval])`);
  const heat: CompiledQuery = { ...base, by: [], kind: "expr", per: null, quantile: null, expr: heatExpr };
  const quantiles = [0.5, 0.95, 0.99].map((qv) => quantileExpr(m.name, qv, "$__rate_interval", serviceFilter, [], read));
  const qLine: CompiledQuery = { ...base, by: [], kind: "quantile", per: null, quantile: 0.99, expr: quantiles[2]! };
  const lines = mk("quantiles", `${m.help}: p50 / p95 / p99`, `quantiles of ${m.name} over $__rate_interval`, "timeseries", qLine, "time_series", {
    width: 12,
  });
  return [
    mk("heatmap", `${m.help}: distribution`, `buckets of ${m.name} per $__rate_interval`, "heatmap", heat, "heatmap", { width: 12 }),
    {
      ...lines,
      targets: quantiles.map((expr, i) => ({
        refId: REF_IDS[i]!,
        expr,
        legend: ["p50", "p95", "p99"][i]!,
        instant: false,
        format: "time_series" as const,
        metrics: [m.name],
      })),
    },
  ];
}

function serviceDashboard(
  s: ResolvedService,
  metrics: readonly ResolvedMetric[],
  alerts: readonly ResolvedAlert[],
  prefix: string,
  folder: string,
): DashboardDraft {
  const own = metrics.filter((m) => m.service === s.name);
  const shared = metrics.filter((m) => m.service === null && m.exposedBy.includes(s.name));
  const rows: { title: string; panels: PanelDraft[] }[] = [];
  for (const type of ["histogram", "counter", "gauge"] as const) {
    const ms = own.filter((m) => m.type === type);
    if (ms.length)
      rows.push({
        title: { histogram: "Latency", counter: "Throughput and errors", gauge: "State" }[type],
        panels: ms.flatMap((m) => metricPanels(m, alerts, [])),
      });
  }
  if (shared.length) {
    // Shared metrics carry the `service` label; this dashboard shows the service's own series.
    const filter: Matcher[] = [{ label: "service", values: [s.label] }];
    rows.push({ title: "Resources", panels: shared.flatMap((m) => metricPanels(m, alerts, m.labels.some((l) => l.name === "service") ? filter : [])) });
  }
  return {
    uid: serviceDashboardUid(prefix, s.name),
    title: `${s.name}: ${s.description}`,
    description: `Every metric of ${s.name}, generated from the catalog (${s.path}).`,
    refresh: "30s",
    tags: ["generated", "service"],
    from: "now-1h",
    source: "service",
    variables: [],
    rows: layout(rows),
    path: s.path,
    silence: [],
    folder,
  };
}

/** The service whose generated dashboard shows an SLO's indicator: its own, or its metric's owner. */
function sloService(slo: ResolvedSlo, metrics: ReadonlyMap<string, ResolvedMetric>): string | null {
  if (slo.kind === "availability") return slo.service;
  if (slo.kind === "manual") return null;
  return metrics.get(slo.metric)?.service ?? null;
}

function sloDashboard(
  slos: readonly ResolvedSlo[],
  metrics: ReadonlyMap<string, ResolvedMetric>,
  prefix: string,
  folder: string,
  serviceDashboards: boolean,
  period: string,
): DashboardDraft | undefined {
  const panels: PanelDraft[] = [];
  // Each SLO panel links to the dashboard of the service its indicator's metric belongs to.
  const serviceLink = (slo: ResolvedSlo): ResolvedPanelLink[] => {
    const service = serviceDashboards ? sloService(slo, metrics) : null;
    return service === null ? [] : [{ title: `${service} dashboard`, dashboard: serviceDashboardUid(prefix, service) }];
  };
  const mk = (
    slo: ResolvedSlo,
    role: SloPanelRole,
    title: string,
    description: string,
    expr: string,
    unit: string,
    thresholds: { value: number | null; color: string }[],
    type: PanelDraft["type"] = "stat",
    legend = "{{job}}",
  ): PanelDraft => ({
    key: sloPanelKey(slo.name, role),
    type,
    title,
    description,
    unit,
    targets: [{ refId: "A", expr, legend, instant: false, format: "time_series", metrics: [] }],
    stacked: false,
    min: null,
    max: null,
    thresholds,
    alerts: [],
    links: serviceLink(slo),
    path: slo.path,
    height: 6,
    width: 8,
  });
  const rows: { title: string; panels: PanelDraft[] }[] = [];
  const avail = slos.filter((s) => s.kind === "availability");
  // The panels read the SLO's recorded series (slo-rules.ts, names from Sloth), so no objective,
  // budget or period is typed into a query: changing an objective changes the rules only.
  const fast = BURN_POLICY[0]!;
  const slow = BURN_POLICY[1]!;
  for (const s of avail) {
    const sel = (record: string) => `${record}{slo="${s.name}"}`;
    const budget = subExact(1, mulExact(s.objective, 0.01));
    panels.push(
      mk(
        s,
        "availability",
        `${s.service}: availability (${period})`,
        `${s.description}; objective ${formatNumber(s.objective)}%`,
        `1 - ${sel(sliErrorRecord(period))}`,
        "percentunit",
        [
          { value: null, color: "red" },
          { value: mulExact(s.objective, 0.01), color: "green" },
        ],
        "stat",
        "{{slo}}",
      ),
      mk(
        s,
        "error-budget",
        `${s.service}: error budget remaining`,
        `Share of the ${period} error budget (${formatNumber(mulExact(budget, 100))}% of the time) not yet spent`,
        sel(SLO_SERIES.periodBudgetRemaining),
        "percentunit",
        [
          { value: null, color: "red" },
          { value: 0.25, color: "orange" },
          { value: 0.5, color: "green" },
        ],
        "stat",
        "{{slo}}",
      ),
      mk(
        s,
        "burn-rate",
        `${s.service}: burn rate (1h)`,
        `How fast the budget burns: 1 spends it exactly in ${period}; ${formatNumber(burnFactor(period, fast))} exhausts ${formatNumber(mulExact(fast.budgetShare, 100))}% of it in ${fast.long}`,
        `${sel(sliErrorRecord("1h"))} / on (slo) ${sel(SLO_SERIES.errorBudget)}`,
        "short",
        [
          { value: null, color: "green" },
          { value: burnFactor(period, slow), color: "orange" },
          { value: burnFactor(period, fast), color: "red" },
        ],
        "stat",
        "{{slo}}",
      ),
    );
  }
  if (panels.length) rows.push({ title: "Availability", panels: panels.splice(0) });
  for (const s of slos) {
    if (s.kind === "latency") {
      const rec = sloRecordName(s.name, `p${Math.round(s.quantile * 1000) / 10}_rate${s.window}`.replace(".", "_"));
      panels.push(
        mk(
          s,
          "indicator",
          s.name,
          `${s.description}`,
          rec,
          GRAFANA_UNIT[metrics.get(s.metric)?.unit ?? "none"] ?? "short",
          [
            { value: null, color: "green" },
            { value: s.threshold, color: "red" },
          ],
          "timeseries",
        ),
      );
    } else if (s.kind === "ratio") {
      panels.push(
        mk(
          s,
          "indicator",
          s.name,
          `${s.description}; objective ${formatNumber(s.objective)}%`,
          sloRecordName(s.name, `ratio_rate${s.window}`),
          "percentunit",
          [
            { value: null, color: "red" },
            ...(s.alertBelow !== null ? [{ value: mulExact(s.alertBelow, 0.01), color: "orange" }] : []),
            { value: mulExact(s.objective, 0.01), color: "green" },
          ],
          "timeseries",
        ),
      );
    } else if (s.kind === "gauge") {
      panels.push(
        mk(
          s,
          "indicator",
          s.name,
          `${s.description}`,
          sloRecordName(s.name, `avg_over_time${s.window}`),
          "percentunit",
          [{ value: null, color: "red" }, ...(s.alertBelow !== null ? [{ value: s.alertBelow, color: "orange" }] : []), { value: s.objective, color: "green" }],
          "timeseries",
        ),
      );
    }
  }
  if (panels.length) rows.push({ title: "Performance and reliability", panels });
  if (rows.length === 0) return undefined;
  return {
    uid: sloDashboardUid(prefix),
    title: "Service level objectives",
    description: "Objectives of the catalog's SLOs: availability with error budget and burn rate, latency and ratio indicators. Generated.",
    refresh: "1m",
    tags: ["generated", "slo"],
    from: "now-24h",
    source: "slo",
    variables: [],
    rows: layout(rows),
    path: "slos",
    silence: [],
    folder,
  };
}

export function resolveDashboards(
  ctx: Ctx,
  catalog: CatalogSpec,
  metrics: ReadonlyMap<string, ResolvedMetric>,
  alerts: readonly ResolvedAlert[],
  services: readonly ResolvedService[],
  slos: readonly ResolvedSlo[],
  prefix: string,
): { dashboards: ResolvedDashboard[]; raw: ResolvedRawDashboard[] } {
  // The folder of generated dashboards and of declared ones naming none: what one catalog's
  // dashboards were provisioned in before folders could be chosen (its name).
  const folder = catalog.grafana.folder ?? catalog.name;
  const drafts: DashboardDraft[] = [];
  const raw: ResolvedRawDashboard[] = [];
  catalog.dashboards.forEach((d, i) => {
    if (d.kind === "raw") {
      const r = resolveRawDashboard(ctx, d, i, folder);
      if (r) raw.push(r);
      return;
    }
    const r = fromSpec(ctx, metrics, alerts, d, i, prefix, folder);
    if (r) drafts.push(r);
  });
  const sortedMetrics = [...metrics.values()].sort((a, b) => compareCodePoints(a.name, b.name));
  if (catalog.generatedDashboards.services) for (const s of services) drafts.push(serviceDashboard(s, sortedMetrics, alerts, prefix, folder));
  if (catalog.generatedDashboards.slo) {
    const d = sloDashboard(slos, metrics, prefix, folder, catalog.generatedDashboards.services, catalog.sloPeriod);
    if (d) drafts.push(d);
  }
  const sloOfPanel = new Map<string, string>();
  for (const s of slos) for (const role of SLO_PANEL_ROLES) sloOfPanel.set(sloPanelKey(s.name, role), s.name);
  const out = drafts.map(
    (d): ResolvedDashboard => ({
      ...d,
      links: dashboardLinks(d, drafts),
      alertAnnotations: alertAnnotations(d, alerts, d.source === "slo" ? sloOfPanel : new Map()),
    }),
  );
  const files = [...out.map((d) => ({ ...d, hint: uidHint(d) })), ...raw.map((d) => ({ ...d, path: `${d.path}.json.uid`, hint: RAW_UID_HINT }))];
  checkFolders(ctx, catalog, files);
  checkDashboardFiles(ctx, files);
  return { dashboards: out, raw };
}

const RAW_UID_HINT = "change the `uid` in the dashboard JSON (links to it by uid change with it)";

/** What the folder and file checks read of a dashboard: the generated, declared and raw ones alike. */
interface DashboardFile {
  readonly uid: string;
  readonly folder: string;
  readonly path: string;
  /** What to change to give it another uid. */
  readonly hint: string;
}

/**
 * Links between the catalog's dashboards, by uid, keeping the time range and variables: a service
 * dashboard links to the SLO dashboard and the declared (overview) dashboards; the SLO dashboard to
 * each service's and the declared ones; a declared dashboard to the SLO dashboard and each service's.
 */
function dashboardLinks(d: DashboardDraft, all: readonly DashboardDraft[]): { title: string; dashboard: string }[] {
  const of = (source: DashboardDraft["source"]) => all.filter((x) => x.source === source && x.uid !== d.uid);
  const order: DashboardDraft["source"][] = d.source === "service" ? ["slo", "catalog"] : d.source === "slo" ? ["service", "catalog"] : ["slo", "service"];
  return order.flatMap(of).map((x) => ({ title: x.title, dashboard: x.uid }));
}

/**
 * The alerts a panel shows: those reading one of its metrics, those it draws thresholds of (a
 * declared panel's `alerts`), and on the SLO dashboard those labelled with the panel's SLO (its
 * burn-rate alerts, labelled `slo`).
 */
function shownAlerts(p: ResolvedPanel, alerts: readonly ResolvedAlert[], slo: string | undefined): ResolvedAlert[] {
  const read = new Set(p.targets.flatMap((t) => t.metrics));
  return alerts.filter((a) => a.metrics.some((m) => read.has(m)) || p.alerts.includes(a.name) || (slo !== undefined && a.labels.slo === slo));
}

/**
 * One annotation query per set of alerts of one priority drawn on the same panels, so each alert's
 * firing periods show on exactly the panels that show it (Grafana's annotation panel filter).
 */
function alertAnnotations(d: DashboardDraft, alerts: readonly ResolvedAlert[], sloOfPanel: ReadonlyMap<string, string>): ResolvedAlertAnnotation[] {
  const panelsOf = new Map<string, number[]>();
  for (const r of d.rows)
    for (const p of r.panels)
      for (const a of shownAlerts(p, alerts, sloOfPanel.get(p.key))) {
        const ids = panelsOf.get(a.name) ?? [];
        ids.push(p.id);
        panelsOf.set(a.name, ids);
      }
  const groups = new Map<string, ResolvedAlert[]>();
  for (const a of alerts) {
    const ids = panelsOf.get(a.name);
    if (!ids) continue;
    const key = `${a.priority} ${[...new Set(ids)].sort((x, y) => x - y).join(",")}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const out = [...groups.values()].map((group): ResolvedAlertAnnotation & { priority: string } => {
    const names = group.map((a) => a.name).sort(compareCodePoints);
    const priority = group[0]!.priority;
    return {
      priority,
      name: `${priority} alerts: ${names.join(", ")}`,
      alerts: names,
      panels: [...new Set(panelsOf.get(names[0]!)!)].sort((x, y) => x - y),
      // ALERTS{alertname, alertstate, <the rule's and the result's labels>}: one series per firing
      // (or pending) alert, the same name and labels on Prometheus 2.x and 3.x (rules/alerting.go).
      expr: selector("ALERTS", [
        { label: "alertname", values: names },
        { label: "alertstate", values: ["firing"] },
      ]),
      tagKeys: [...new Set(group.flatMap((a) => Object.keys(a.labels)))].sort(compareCodePoints),
      color: PRIORITY_COLOR[priority],
    };
  });
  // Worst priority first (P0 sorts before P1), then by name.
  return out.sort((x, y) => compareCodePoints(x.priority, y.priority) || compareCodePoints(x.name, y.name)).map(({ priority: _p, ...a }) => a);
}

/**
 * Folders are directories (`grafana/dashboards/<folder>/`, the sidecar's target directory): two
 * that differ only in case are one directory on macOS and Windows.
 */
function checkFolders(ctx: Ctx, catalog: CatalogSpec, dashboards: readonly DashboardFile[]): void {
  const seen = new Map<string, string>();
  for (const d of dashboards) {
    const key = pathCollisionKey(d.folder);
    const prev = seen.get(key);
    if (prev === undefined) seen.set(key, d.folder);
    else if (prev !== d.folder) {
      const at = catalog.dashboards.findIndex((x, i) => (d.path === `dashboards[${i}]` || d.path.startsWith(`dashboards[${i}].`)) && x.folder !== undefined);
      err(
        ctx,
        "catalog/duplicate-folder",
        at >= 0 ? `dashboards[${at}].folder` : "grafana.folder",
        `Grafana folder "${d.folder}" differs only in case from "${prev}": their directories grafana/dashboards/${d.folder}/ and grafana/dashboards/${prev}/ are one on macOS and Windows`,
        "spell the folder the same way everywhere",
      );
    }
  }
}

/**
 * Dashboard uids are unique, and so are their files (`grafana/dashboards/<folder>/<uid>.json`): uids that differ only
 * in case are one file on macOS and Windows (and one ConfigMap name for Grafana's sidecar), and a
 * uid must be a file name every system accepts (`CON`, `nul` are Windows devices).
 */
function checkDashboardFiles(ctx: Ctx, dashboards: readonly DashboardFile[]): void {
  const seen = new Map<string, { uid: string; path: string; folder: string }>();
  for (const d of dashboards) {
    const file = dashboardFilePath(d.folder, d.uid);
    const problem = fileNameProblem(file.slice(file.lastIndexOf("/") + 1));
    if (problem) {
      err(ctx, "catalog/file-name", d.path, `dashboard uid "${d.uid}" names the file ${file}, whose file name ${problem}`, d.hint);
      continue;
    }
    const key = pathCollisionKey(d.uid);
    const prev = seen.get(key);
    if (!prev) seen.set(key, { uid: d.uid, path: d.path, folder: d.folder });
    else if (prev.uid === d.uid) err(ctx, "catalog/duplicate-dashboard", d.path, `dashboard uid "${d.uid}" is already used by ${prev.path}`, d.hint);
    else {
      err(
        ctx,
        "catalog/duplicate-dashboard",
        d.path,
        `dashboard uid "${d.uid}" differs only in case from "${prev.uid}" of ${prev.path}: their files ${dashboardFilePath(d.folder, d.uid)} and ${dashboardFilePath(prev.folder, prev.uid)} are one file on macOS and Windows`,
        `${d.hint}: uids must differ in more than case`,
      );
    }
  }
}

/** What to change so a dashboard gets another uid: its own `uid`, or for a generated one the prefix its uid starts with. */
function uidHint(d: ResolvedDashboard): string {
  return d.source === "catalog"
    ? "set a distinct `uid` (or title, from which the uid is derived)"
    : "generated uids are `<prefix>-<name>` cut at 40 characters: set a shorter `prometheus.ruleGroupPrefix`";
}
