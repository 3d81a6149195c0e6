/**
 * Grafana dashboards: one JSON file per dashboard (`out/grafana/<uid>.json`), importable as-is
 * through Grafana's import or file provisioning, typed with @grafana/schema; plus the file
 * provisioning config pointing at them. Every panel and target uses the `datasource` variable.
 */
import type { Dashboard, Panel, RowPanel, VariableModel } from "@grafana/schema";
import {
  DASHBOARD_DATASOURCE,
  DASHBOARD_DATASOURCE_VARIABLE,
  dashboardFilePath,
  defaultDashboardsFolder,
  generatedHeader,
  GRAFANA_PROVISIONING_PATH,
  GRAFANA_SCHEMA_VERSION,
} from "../model/conventions.js";
import type { ResolvedCatalog, ResolvedDashboard, ResolvedPanel } from "../model/resolved.js";
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
    links: p.links.map((l) => ({
      title: l.title,
      url: l.url,
      type: "link",
      icon: "doc",
      tooltip: "",
      asDropdown: false,
      includeVars: false,
      keepTime: false,
      tags: [],
      targetBlank: true,
    })),
    transparent: false,
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

export function dashboardJson(d: ResolvedDashboard, catalogName: string): Dashboard {
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
    links: [],
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
      ],
    },
    templating: { list: variables(d) },
    panels,
  };
}

export function emitGrafana(model: ResolvedCatalog): EmittedFile[] {
  const files: EmittedFile[] = model.dashboards.map((d) => ({
    path: dashboardFilePath(d.uid),
    contents: toJson(dashboardJson(d, model.name)),
  }));
  if (files.length === 0) return [];
  const provisioning = {
    apiVersion: 1,
    providers: [
      {
        name: `obsgen-${model.name}`,
        orgId: 1,
        folder: model.name,
        type: "file",
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        // Mount or copy out/grafana/*.json here (see the README).
        options: { path: defaultDashboardsFolder(model.name), foldersFromFilesStructure: false },
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
