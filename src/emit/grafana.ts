/**
 * Grafana dashboards: one JSON file per dashboard, in a directory per Grafana folder
 * (`out/grafana/dashboards/<folder>/<uid>.json`), importable as-is through Grafana's import or
 * file provisioning, typed with @grafana/schema; plus the file provisioning config reading that
 * tree with `foldersFromFilesStructure`. Every panel, target and annotation query uses the
 * `datasource` variable.
 */
import type { AnnotationQuery, Dashboard, DashboardLink, Panel, RowPanel, VariableModel } from "@grafana/schema";
import {
  DASHBOARD_DATASOURCE,
  DASHBOARD_DATASOURCE_VARIABLE,
  dashboardFilePath,
  dashboardPath,
  defaultDashboardsFolder,
  generatedHeader,
  GRAFANA_PROVISIONING_PATH,
  GRAFANA_SCHEMA_VERSION,
} from "../model/conventions.js";
import type { ResolvedAlertAnnotation, ResolvedCatalog, ResolvedDashboard, ResolvedPanel, ResolvedPanelLink } from "../model/resolved.js";
import { type EmittedFile, toJson, toYaml } from "./serialize.js";
import type { Emitter } from "./emitter.js";

function fieldConfig(p: ResolvedPanel): Panel["fieldConfig"] {
  const custom: Record<string, unknown> = {};
  if (p.type === "timeseries") {
    custom.drawStyle = "line";
    custom.lineWidth = 1;
    custom.fillOpacity = p.stacked ? 60 : 10;
    custom.stacking = { mode: p.stacked ? "normal" : "none", group: "A" };
    custom.thresholdsStyle = { mode: p.thresholds.length > 1 ? "line" : "off" };
  }
  return {
    defaults: {
      unit: p.unit,
      ...(p.min !== null ? { min: p.min } : {}),
      ...(p.max !== null ? { max: p.max } : {}),
      thresholds: { mode: "absolute" as never, steps: p.thresholds.map((t) => ({ value: t.value, color: t.color })) },
      color: { mode: (p.type === "timeseries" ? "palette-classic" : "thresholds") as never },
      ...(p.type === "status"
        ? {
            mappings: [{ type: "value" as never, options: { "0": { text: "DOWN", color: "red", index: 0 }, "1": { text: "UP", color: "green", index: 1 } } }],
          }
        : {}),
      ...(Object.keys(custom).length ? { custom } : {}),
      links: [],
    },
    overrides: [],
  };
}

function options(p: ResolvedPanel): Record<string, unknown> {
  switch (p.type) {
    case "stat":
    case "status":
      return {
        reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
        colorMode: p.type === "status" ? "background" : "value",
        graphMode: p.type === "status" ? "none" : "area",
        textMode: "auto",
        orientation: "auto",
      };
    case "gauge":
      return { reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false }, showThresholdMarkers: true, showThresholdLabels: false };
    case "timeseries":
      return { legend: { displayMode: "list", placement: "bottom", showLegend: true }, tooltip: { mode: "multi", sort: "desc" } };
    case "heatmap":
      return {
        calculate: false,
        yAxis: { unit: p.unit, axisPlacement: "left" },
        color: { mode: "scheme", scheme: "Spectral", steps: 64 },
        cellGap: 1,
        tooltip: { mode: "single", yHistogram: true },
        legend: { show: true },
      };
    case "table":
      return { showHeader: true, cellHeight: "sm", footer: { show: false, reducer: ["sum"], fields: "" } };
  }
}

function panelJson(p: ResolvedPanel): Panel {
  return {
    id: p.id,
    type: p.type === "status" ? "stat" : p.type,
    title: p.title,
    description: p.description,
    datasource: DASHBOARD_DATASOURCE,
    gridPos: { ...p.gridPos },
    targets: p.targets.map((t) => ({
      refId: t.refId,
      datasource: DASHBOARD_DATASOURCE,
      expr: t.expr,
      legendFormat: t.legend,
      instant: t.instant,
      range: !t.instant,
      format: t.format,
      editorMode: "code",
    })),
    fieldConfig: fieldConfig(p),
    options: options(p),
    links: p.links.map(panelLink),
    transparent: false,
  };
}

/**
 * A runbook opens in a new tab; a dashboard of the catalog in the same one, at the same time range
 * and data source (`${__url_time_range}` and `${datasource:queryparam}`, which Grafana expands in
 * panel links to `from=…&to=…` and `var-datasource=…`).
 */
function panelLink(l: ResolvedPanelLink): DashboardLink {
  const inGrafana = !("url" in l);
  return {
    title: l.title,
    url: inGrafana ? `${dashboardPath(l.dashboard)}?\${__url_time_range}&\${${DASHBOARD_DATASOURCE_VARIABLE}:queryparam}` : l.url,
    type: "link",
    icon: inGrafana ? "dashboard" : "doc",
    tooltip: "",
    asDropdown: false,
    includeVars: false,
    keepTime: false,
    tags: [],
    targetBlank: !inGrafana,
  };
}

/** A link to another dashboard of the catalog by uid, keeping the time range and the variables' values. */
function dashboardLink(l: ResolvedDashboard["links"][number]): DashboardLink {
  return {
    title: l.title,
    type: "link",
    url: dashboardPath(l.dashboard),
    icon: "dashboard",
    tooltip: "",
    asDropdown: false,
    includeVars: true,
    keepTime: true,
    tags: [],
    targetBlank: false,
  };
}

/**
 * A Prometheus annotation query as dashboard JSON stores it: the query (`expr`, `step`) and how
 * its series become events (`titleFormat`, `textFormat` and `tagKeys` from the series' labels)
 * beside the common fields. Grafana's Prometheus data source reads these (grafana-prometheus
 * src/annotations.ts: `prepareAnnotation` moves `expr` and `step` into its query, `processEvents`
 * renders the formats and joins samples at most one step apart into a region); @grafana/schema's
 * AnnotationQuery leaves data-source fields out, so they are declared here.
 */
export type PrometheusAnnotationQuery = AnnotationQuery & {
  readonly expr: string;
  readonly step: string;
  readonly titleFormat: string;
  readonly textFormat: string;
  readonly tagKeys: string;
  readonly useValueForTime: boolean;
};

/**
 * An alert annotation: the firing periods of its alerts from their `ALERTS` series, drawn only on
 * the panels showing those alerts' metrics (`filter`). ALERTS carries the alert's labels, never its
 * annotations, so the text is made of labels (a summary would need Alertmanager or the rule file).
 */
function alertAnnotation(a: ResolvedAlertAnnotation, step: string): PrometheusAnnotationQuery {
  return {
    name: a.name,
    datasource: DASHBOARD_DATASOURCE,
    enable: true,
    // Always on, without a toggle each: a service dashboard has a dozen of them.
    hide: true,
    iconColor: a.color,
    expr: a.expr,
    step,
    titleFormat: "{{alertname}}",
    textFormat: a.tagKeys.map((k) => `${k}: {{${k}}}`).join(", "),
    tagKeys: a.tagKeys.join(","),
    useValueForTime: false,
    filter: { exclude: false, ids: [...a.panels] },
  };
}

function variables(d: ResolvedDashboard): VariableModel[] {
  const ds: VariableModel = {
    name: DASHBOARD_DATASOURCE_VARIABLE,
    label: "Data source",
    type: "datasource",
    query: "prometheus",
    hide: 0 as never,
    refresh: 1 as never,
    includeAll: false,
    multi: false,
    options: [],
  };
  const vars = d.variables.map(
    (v): VariableModel => ({
      name: v.name,
      label: v.label,
      type: "query",
      datasource: DASHBOARD_DATASOURCE,
      query: { query: v.query, refId: "PrometheusVariableQueryEditor-VariableQuery" },
      refresh: 1 as never,
      includeAll: true,
      multi: true,
      allValue: ".*",
      sort: 1 as never,
      hide: 0 as never,
      options: [],
    }),
  );
  return [ds, ...vars];
}

/** Dashboard JSON: @grafana/schema's Dashboard, whose annotation queries are Prometheus ones. */
export type DashboardJson = Omit<Dashboard, "annotations"> & { annotations: { list: (AnnotationQuery | PrometheusAnnotationQuery)[] } };

/** `step`: the annotation queries' resolution, the catalog's rule evaluation interval (how often ALERTS is written). */
export function dashboardJson(d: ResolvedDashboard, catalogName: string, step: string): DashboardJson {
  const panels: (Panel | RowPanel)[] = [];
  for (const r of d.rows) {
    panels.push({ id: r.id, type: "row", title: r.title, collapsed: false, gridPos: { x: 0, y: r.y, w: 24, h: 1 }, panels: [] });
    for (const p of r.panels) panels.push(panelJson(p));
  }
  return {
    uid: d.uid,
    title: d.title,
    description: `${d.description} (${generatedHeader(catalogName)})`,
    tags: [...d.tags],
    timezone: "utc",
    editable: false,
    graphTooltip: 1 as never,
    refresh: d.refresh,
    time: { from: d.from, to: "now" },
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
    fiscalYearStartMonth: 0,
    liveNow: false,
    links: d.links.map(dashboardLink),
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: "grafana", uid: "-- Grafana --" },
          enable: true,
          hide: true,
          iconColor: "rgba(0, 211, 255, 1)",
          name: "Annotations & Alerts",
          type: "dashboard",
        },
        ...d.alertAnnotations.map((a) => alertAnnotation(a, step)),
      ],
    },
    templating: { list: variables(d) },
    panels,
  };
}

/**
 * Every dashboard the catalog provisions, as the text of its JSON file: the catalog's (declared and
 * generated) and the raw ones (`rawDashboard`), whose model is written as resolved, unchanged. The
 * file provisioning and the sidecar ConfigMaps both write these.
 */
export function provisionedDashboards(model: ResolvedCatalog): { uid: string; folder: string; json: string; path: string }[] {
  return [
    ...model.dashboards.map((d) => ({
      uid: d.uid,
      folder: d.folder,
      json: toJson(dashboardJson(d, model.name, model.prometheus.evaluationInterval)),
      path: d.path,
    })),
    ...model.rawDashboards.map((d) => ({ uid: d.uid, folder: d.folder, json: toJson(d.json), path: d.path })),
  ];
}

export function emitGrafana(model: ResolvedCatalog): EmittedFile[] {
  const files: EmittedFile[] = provisionedDashboards(model).map((d) => ({ path: dashboardFilePath(d.folder, d.uid), contents: d.json }));
  if (files.length === 0) return [];
  // One provider reading the whole tree, each directory a folder (Grafana's
  // `foldersFromFilesStructure`, which needs `folder` and `folderUid` unset): moving a dashboard
  // to another folder moves its file within what one provider owns, and a new folder needs no
  // change here. The Grafana Helm chart's sidecar provider works the same way.
  const provisioning = {
    apiVersion: 1,
    providers: [
      {
        name: `obsgen-${model.name}`,
        orgId: 1,
        type: "file",
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        // Mount or copy out/grafana/dashboards/ here (see docs/grafana.md).
        options: { path: defaultDashboardsFolder(model.name), foldersFromFilesStructure: true },
      },
    ],
  };
  files.push({ path: GRAFANA_PROVISIONING_PATH, contents: toYaml(provisioning, generatedHeader(model.name)) });
  return files;
}

export const grafanaEmitter: Emitter = {
  id: "grafana",
  description: "one Grafana dashboard per catalog dashboard and their file provisioning config (grafana/)",
  enabledWhen: "always",
  emit: emitGrafana,
};
