/**
 * The lint input of dashboards: the catalog's resolved dashboards, or Grafana dashboard JSON files
 * (as exported, or wrapped in `{ "dashboard": … }` as the HTTP API returns them). Each panel
 * query, and each PromQL annotation query, becomes an expression node in a group of kind
 * "dashboard", so every PromQL rule checks dashboard queries too.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { DASHBOARD_DATASOURCE } from "../../model/conventions.js";
import type { ResolvedDashboard } from "../../model/resolved.js";
import { INPUT_LIMITS, nestedTooDeep } from "../../util/input-limits.js";
import type { LintDashboard, LintGroupNode, LintPanel } from "../types.js";
import { substituteGrafana } from "../../compat/grafana-macros.js";

/**
 * Whether a target's query is PromQL as far as its data source says: a reference naming another
 * plugin type (`{ "type": "loki" }`) is not; a variable, a name or none may be Prometheus. The
 * target's own data source wins over its panel's (a `-- Mixed --` panel's targets name theirs).
 */
export function maybePromql(target: unknown, panel: unknown): boolean {
  const typeOf = (ds: unknown) => (isObj(ds) && typeof ds.type === "string" ? ds.type : undefined);
  const own = typeOf(target);
  // `-- Mixed --` and `-- Dashboard --` are of type "datasource": they defer to another choice.
  const type = own !== undefined && own !== "datasource" ? own : typeOf(panel);
  return type === undefined || type === "prometheus" || type === "datasource";
}

interface QueryGroupOptions {
  readonly catalogPaths: boolean;
  readonly kept?: boolean;
  readonly promqlOnly?: boolean;
}

function queryGroup(d: LintDashboard, opts: QueryGroupOptions): LintGroupNode {
  const catalogPaths = opts.catalogPaths;
  const group: LintGroupNode = { kind: "dashboard", name: d.uid ?? d.title, interval: null, rules: [], file: d.file };
  const queries = [
    ...d.panels.flatMap((p) =>
      p.targets.flatMap((t, i) =>
        t.expr && (!opts.promqlOnly || maybePromql(t.datasource, p.datasource))
          ? [{ name: p.title || `panel ${p.id ?? "?"}`, expr: t.expr, where: `${p.path}.targets[${i}]` }]
          : [],
      ),
    ),
    ...d.annotationQueries.map((a) => ({ name: a.name, expr: a.expr, where: a.path })),
  ];
  for (const q of queries) {
    const sub = substituteGrafana(q.expr);
    const where = q.where;
    group.rules.push({
      kind: "query",
      name: q.name,
      expr: sub.text,
      for: null,
      keepFiringFor: null,
      labels: {},
      annotations: {},
      index: group.rules.length + 1,
      group,
      location: catalogPaths ? { file: d.file, catalogPath: where } : { file: d.file, catalogPath: `${where}.expr` },
      silences: d.silences,
      alert: null,
      templated: sub.templated,
      ...(opts.kept ? { kept: true } : {}),
    });
  }
  return group;
}

export function catalogDashboards(dashboards: readonly ResolvedDashboard[], file: string): { dashboards: LintDashboard[]; groups: LintGroupNode[] } {
  const out: LintDashboard[] = dashboards.map((d) => ({
    uid: d.uid,
    title: d.title,
    file,
    path: d.path,
    datasourceVariables: ["datasource"],
    silences: d.silence,
    annotationQueries: d.alertAnnotations.map((a, i) => ({ name: a.name, expr: a.expr, path: `${d.path}.alertAnnotations[${i}]` })),
    panels: d.rows.flatMap((r) => [
      {
        id: r.id,
        type: "row",
        title: r.title,
        description: "",
        unit: null,
        datasource: null,
        gridPos: { x: 0, y: r.y, w: 24, h: 1 },
        targets: [],
        path: `${d.path}.rows.${r.title}`,
      },
      ...r.panels.map(
        (p): LintPanel => ({
          id: p.id,
          type: p.type === "status" ? "stat" : p.type,
          title: p.title,
          description: p.description,
          unit: p.unit,
          datasource: DASHBOARD_DATASOURCE,
          gridPos: p.gridPos,
          targets: p.targets.map((t) => ({ refId: t.refId, expr: t.expr, datasource: DASHBOARD_DATASOURCE })),
          path: p.path,
        }),
      ),
    ]),
  }));
  return { dashboards: out, groups: out.map((d) => queryGroup(d, { catalogPaths: true })) };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * Reads a Grafana dashboard JSON file; undefined when the value is not a dashboard. Panels nested in
 * panels (rows hold panels) are read in document order, iteratively, down to
 * {@link INPUT_LIMITS.dashboardPanelDepth} and up to {@link INPUT_LIMITS.dashboardPanels}; the
 * others get a finding and are not read.
 */
export interface JsonDashboardOptions {
  /**
   * Prefix of every path: a raw dashboard of a catalog (`rawDashboard`) is read with
   * `dashboards[2].json.`, so its findings are placed at its declaration. @default ""
   */
  readonly pathPrefix?: string;
  /** Its queries read metrics the catalog need not declare, as a kept rule's do. @default false */
  readonly kept?: boolean;
  /** Leave out the queries whose data source is another plugin's (Loki, Tempo…). @default false */
  readonly promqlOnly?: boolean;
  /** Silences of the dashboard. @default [] */
  readonly silences?: LintDashboard["silences"];
}

export function jsonDashboard(
  value: unknown,
  file: string,
  opts: JsonDashboardOptions = {},
): { dashboard: LintDashboard; group: LintGroupNode; diagnostics: Diagnostic[] } | undefined {
  const root = isObj(value) && isObj(value.dashboard) ? value.dashboard : value;
  if (!isObj(root) || !Array.isArray(root.panels)) return undefined;
  const pre = opts.pathPrefix ?? "";
  const panels: LintPanel[] = [];
  const diagnostics: Diagnostic[] = [];
  // Lists of panels being read, innermost last: where each is, its path and its depth.
  const open: Array<{ list: readonly unknown[]; next: number; prefix: string; depth: number }> = [
    { list: root.panels, next: 0, prefix: `${pre}panels`, depth: 1 },
  ];
  while (open.length > 0) {
    const top = open[open.length - 1]!;
    if (top.next >= top.list.length) {
      open.pop();
      continue;
    }
    const i = top.next++;
    const p = top.list[i];
    if (!isObj(p)) continue;
    if (panels.length === INPUT_LIMITS.dashboardPanels) {
      diagnostics.push({
        code: "grafana/json",
        severity: "error",
        message: `more than ${INPUT_LIMITS.dashboardPanels} panels: the panels from ${top.prefix}[${i}] on are not read`,
        file,
        path: `${top.prefix}[${i}]`,
        hint: "split the dashboard",
      });
      break;
    }
    const path = `${top.prefix}[${i}]`;
    const fc = isObj(p.fieldConfig) && isObj(p.fieldConfig.defaults) ? p.fieldConfig.defaults : {};
    const g = isObj(p.gridPos) ? p.gridPos : null;
    panels.push({
      id: typeof p.id === "number" ? p.id : null,
      type: str(p.type),
      title: str(p.title),
      description: str(p.description),
      unit: typeof fc.unit === "string" ? fc.unit : null,
      datasource: p.datasource ?? null,
      gridPos: g ? { x: Number(g.x ?? 0), y: Number(g.y ?? 0), w: Number(g.w ?? 0), h: Number(g.h ?? 0) } : null,
      targets: (Array.isArray(p.targets) ? p.targets : []).filter(isObj).map((t) => ({
        refId: str(t.refId),
        expr: typeof t.expr === "string" ? t.expr : null,
        datasource: t.datasource ?? null,
      })),
      path,
    });
    if (!Array.isArray(p.panels) || p.panels.length === 0) continue;
    if (top.depth >= INPUT_LIMITS.dashboardPanelDepth) {
      diagnostics.push({
        code: "grafana/json",
        severity: "error",
        message: `panels ${nestedTooDeep(INPUT_LIMITS.dashboardPanelDepth)}: the panels of ${path} are not read`,
        file,
        path: `${path}.panels`,
        hint: "Grafana nests panels only in rows; export the dashboard again, or flatten the panels",
      });
      continue;
    }
    open.push({ list: p.panels, next: 0, prefix: `${path}.panels`, depth: top.depth + 1 });
  }
  const vars = isObj(root.templating) && Array.isArray(root.templating.list) ? root.templating.list.filter(isObj) : [];
  // Prometheus annotation queries keep their PromQL in `expr` (older JSON) or `target.expr`.
  const annotations = isObj(root.annotations) && Array.isArray(root.annotations.list) ? root.annotations.list : [];
  const annotationQueries = annotations.flatMap((a, i) => {
    if (!isObj(a) || !isObj(a.datasource) || a.datasource.type !== "prometheus") return [];
    const inTarget = isObj(a.target) && typeof a.target.expr === "string" && a.target.expr !== "";
    const expr = inTarget ? str((a.target as Json).expr) : str(a.expr);
    return expr ? [{ name: str(a.name) || `annotation ${i}`, expr, path: `${pre}annotations.list[${i}]${inTarget ? ".target" : ""}` }] : [];
  });
  const dashboard: LintDashboard = {
    uid: typeof root.uid === "string" ? root.uid : null,
    title: str(root.title),
    file,
    path: pre === "" ? "dashboard" : pre.replace(/\.$/, ""),
    datasourceVariables: vars.filter((v) => v.type === "datasource").map((v) => str(v.name)),
    panels,
    annotationQueries,
    silences: opts.silences ?? [],
  };
  return {
    dashboard,
    group: queryGroup(dashboard, { catalogPaths: false, ...(opts.kept ? { kept: true } : {}), ...(opts.promqlOnly ? { promqlOnly: true } : {}) }),
    diagnostics,
  };
}
