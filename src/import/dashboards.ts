/**
 * Grafana dashboards read back into the catalog (docs/import.md, "Dashboards"): each becomes a
 * catalog `dashboard({...})` when every panel maps cleanly, else a `rawDashboard({ json })` the
 * build passes through, with the reason. Pure: text in, data and diagnostics out.
 *
 * "Cleanly" means: building the catalog dashboard gives the same panels. It is not trusted to the
 * mapping: each candidate is resolved and emitted through the catalog's own compiler
 * (`resolveCatalog`, `dashboardJson`) and compared with the input panel by panel (rows and their
 * order, each panel's type, title, unit, min, max, stacking, grid position, and each query's
 * expression equal after normalising, legend, instant and format). A difference keeps the
 * dashboard raw, naming it. Before that, anything the catalog cannot say keeps it raw without
 * trying: transformations, field overrides, value mappings, thresholds, panel links, library
 * panels, repeated or collapsed rows, panels outside rows, other data sources, template
 * variables other than the data source, annotations other than Grafana's built-in one and the
 * alert annotations the catalog generates, and fields of panels and queries it has no word for.
 *
 * Shapes read, as Grafana writes them (grafana/grafana public/app/features/dashboard/components/
 * DashExportModal/DashboardExporter.ts, pkg/api/dashboard.go `GetDashboard`): the plain model
 * ("Export"), the HTTP API's `{ dashboard, meta }` (its `meta.folderTitle` becomes the folder),
 * and an export for sharing externally, whose `__inputs` name its data sources and constants.
 */
import { substituteGrafana } from "../compat/grafana-macros.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { dashboardJson } from "../emit/grafana.js";
import { fileNameProblem } from "../model/file-names.js";
import { resolveCatalog } from "../model/resolve.js";
import { rawUidProblem } from "../model/resolve-raw-dashboards.js";
import { isValidDuration } from "../compat/go/duration.js";
import { normalisedEqual } from "../promql/print.js";
import { jsonSyntaxError, lineColumn } from "../util/json-error.js";

export const DASHBOARD_IMPORT = {
  json: "import/dashboard-json",
  notDashboard: "import/dashboard-not-dashboard",
  uid: "import/dashboard-uid",
  duplicate: "import/dashboard-duplicate",
  input: "import/dashboard-input",
} as const;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A panel query as the catalog declares it: raw PromQL, with how to show it. */
export interface ImportedTarget {
  readonly query: { readonly kind: "expr"; readonly expr: string; readonly metrics: readonly string[] };
  readonly legend: string;
  readonly instant: boolean;
  readonly format: "time_series" | "table" | "heatmap";
}

/** A panel, as `panel.<type>({...})` declares it. */
export interface ImportedPanel {
  readonly type: "stat" | "gauge" | "timeseries" | "heatmap" | "table" | "status";
  readonly title: string;
  readonly description: string;
  readonly targets: readonly ImportedTarget[];
  readonly unit: string;
  readonly width: number;
  readonly height: number;
  readonly stacked?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** A dashboard, as `dashboard({...})` declares it (DashboardDef's shape). */
export interface ImportedDashboardDef {
  readonly title: string;
  readonly uid?: string;
  readonly description: string;
  readonly refresh?: string;
  readonly tags: readonly string[];
  readonly from?: string;
  readonly folder?: string;
  readonly rows: readonly { readonly title: string; readonly panels: readonly ImportedPanel[] }[];
}

export type ImportedDashboard =
  | { readonly kind: "catalog"; readonly def: ImportedDashboardDef; readonly file: string }
  | { readonly kind: "raw"; readonly json: Json; readonly folder?: string; readonly file: string; readonly reason: string };

export interface DashboardFileText {
  readonly file: string;
  readonly text: string;
}

/** Why a mapping is refused: the first thing the catalog cannot say, per panel or dashboard. */
class CannotSay {
  constructor(readonly reason: string) {}
}
const cannot = (reason: string): never => {
  throw new CannotSay(reason);
};

const PANEL_TYPES = new Set(["stat", "gauge", "timeseries", "heatmap", "table"]);
/** Panel fields the catalog either says or writes itself (`options` is the catalog's per type). */
const PANEL_KEYS = new Set([
  "id",
  "type",
  "title",
  "description",
  "datasource",
  "gridPos",
  "targets",
  "fieldConfig",
  "options",
  "pluginVersion",
  "transparent",
  "links",
  "transformations",
]);
const TARGET_KEYS = new Set([
  "refId",
  "expr",
  "legendFormat",
  "instant",
  "range",
  "format",
  "editorMode",
  "datasource",
  "exemplar",
  "interval",
  "hide",
  "intervalFactor",
  "step",
]);
const DEFAULTS_KEYS = new Set(["unit", "min", "max", "thresholds", "color", "custom", "links", "mappings"]);
/** The custom field settings the catalog writes for a time series (emit/grafana.ts), stacking aside. */
const CUSTOM_KEYS = new Set(["drawStyle", "lineWidth", "fillOpacity", "stacking", "thresholdsStyle"]);
const STATUS_MAPPINGS = [{ type: "value", options: { "0": { text: "DOWN", color: "red", index: 0 }, "1": { text: "UP", color: "green", index: 1 } } }];

/** A data source reference that is Prometheus, or may be (a variable, an input, a name). */
function prometheusSource(ds: unknown): boolean {
  if (ds === undefined || ds === null || typeof ds === "string") return true;
  if (!isObj(ds)) return false;
  return ds.type === undefined || ds.type === "prometheus" || ds.type === "datasource";
}

function readTarget(t: unknown, panelDs: unknown, at: string): ImportedTarget {
  if (!isObj(t)) return cannot(`${at}: a query that is not an object`);
  const extra = Object.keys(t).filter((k) => !TARGET_KEYS.has(k));
  if (extra.length) cannot(`${at}: query fields the catalog cannot say (${extra.join(", ")})`);
  if (!prometheusSource(t.datasource ?? panelDs)) cannot(`${at}: a query of a non-Prometheus data source`);
  if (t.hide === true) cannot(`${at}: a hidden query`);
  if (t.exemplar === true) cannot(`${at}: exemplars`);
  if (t.interval !== undefined && t.interval !== "") cannot(`${at}: a query's min interval`);
  if (t.intervalFactor !== undefined && t.intervalFactor !== 1) cannot(`${at}: a query's resolution`);
  if (t.step !== undefined) cannot(`${at}: a query's step`);
  if (typeof t.expr !== "string" || t.expr.trim() === "") return cannot(`${at}: a query without an expression`);
  if (t.expr !== t.expr.trim()) cannot(`${at}: an expression with surrounding blanks, which the catalog trims`);
  const instant = t.instant === true;
  if (instant && t.range === true) cannot(`${at}: a query both instant and range`);
  const format = t.format ?? "time_series";
  if (format !== "time_series" && format !== "table" && format !== "heatmap") return cannot(`${at}: the query format ${JSON.stringify(format)}`);
  if (t.legendFormat !== undefined && typeof t.legendFormat !== "string") cannot(`${at}: a legend that is not text`);
  return { query: { kind: "expr", expr: t.expr, metrics: [] }, legend: (t.legendFormat as string | undefined) ?? "", instant, format };
}

/** Whether `x` is JSON-equal to `y`, ignoring key order. */
function same(x: unknown, y: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : isObj(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon(v[k])]),
          )
        : v;
  return JSON.stringify(canon(x)) === JSON.stringify(canon(y));
}

function readPanel(p: Json, at: string): ImportedPanel {
  if (p.libraryPanel !== undefined) cannot(`${at}: a library panel`);
  if (p.repeat !== undefined && p.repeat !== "") cannot(`${at}: a repeated panel`);
  if (typeof p.type !== "string" || !PANEL_TYPES.has(p.type)) return cannot(`${at}: the panel type ${JSON.stringify(p.type)}`);
  const extra = Object.keys(p).filter((k) => !PANEL_KEYS.has(k));
  if (extra.length) cannot(`${at}: panel fields the catalog cannot say (${extra.join(", ")})`);
  if (Array.isArray(p.transformations) && p.transformations.length > 0) cannot(`${at}: transformations`);
  if (Array.isArray(p.links) && p.links.length > 0) cannot(`${at}: panel links`);
  if (p.transparent === true) cannot(`${at}: a transparent panel`);
  if (!prometheusSource(p.datasource)) cannot(`${at}: a non-Prometheus data source`);
  if (typeof p.title !== "string" || p.title.trim() === "") return cannot(`${at}: a panel without a title`);
  const fc = isObj(p.fieldConfig) ? p.fieldConfig : {};
  if (Array.isArray(fc.overrides) && fc.overrides.length > 0) cannot(`${at}: field overrides`);
  const d = isObj(fc.defaults) ? fc.defaults : {};
  const extraDefaults = Object.keys(d).filter((k) => !DEFAULTS_KEYS.has(k));
  if (extraDefaults.length) cannot(`${at}: field settings the catalog cannot say (${extraDefaults.join(", ")})`);
  if (Array.isArray(d.links) && d.links.length > 0) cannot(`${at}: data links`);
  const steps = isObj(d.thresholds) && Array.isArray(d.thresholds.steps) ? d.thresholds.steps : [];
  if (steps.length > 1) cannot(`${at}: thresholds (the catalog colours a panel by the alerts on its metrics)`);
  if (isObj(d.thresholds) && d.thresholds.mode === "percentage") cannot(`${at}: percentage thresholds`);
  let type = p.type as ImportedPanel["type"];
  const mappings = Array.isArray(d.mappings) ? d.mappings : [];
  if (mappings.length > 0) {
    if (type === "stat" && same(mappings, STATUS_MAPPINGS)) type = "status";
    else cannot(`${at}: value mappings`);
  }
  const custom = isObj(d.custom) ? d.custom : {};
  const extraCustom = Object.keys(custom).filter((k) => !CUSTOM_KEYS.has(k));
  if (extraCustom.length) cannot(`${at}: display settings the catalog cannot say (${extraCustom.join(", ")})`);
  const stackMode = isObj(custom.stacking) ? custom.stacking.mode : undefined;
  if (stackMode !== undefined && stackMode !== "none" && stackMode !== "normal") cannot(`${at}: ${String(stackMode)} stacking`);
  const g = isObj(p.gridPos) ? p.gridPos : {};
  const w = g.w;
  const h = g.h;
  if (typeof w !== "number" || !Number.isInteger(w) || w < 1 || w > 24) return cannot(`${at}: a width the catalog cannot say (${String(w)})`);
  if (typeof h !== "number" || !Number.isInteger(h) || h < 1 || h > 64) return cannot(`${at}: a height the catalog cannot say (${String(h)})`);
  const targets = Array.isArray(p.targets) ? p.targets : [];
  if (targets.length === 0) cannot(`${at}: a panel without queries`);
  const unit = typeof d.unit === "string" && d.unit !== "" ? d.unit : "none";
  return {
    type,
    title: p.title,
    description: typeof p.description === "string" && p.description.trim() !== "" ? p.description : p.title,
    targets: targets.map((t, i) => readTarget(t, p.datasource, `${at}.targets[${i}]`)),
    unit,
    width: w,
    height: h,
    ...(stackMode === "normal" ? { stacked: true } : {}),
    ...(typeof d.min === "number" ? { min: d.min } : {}),
    ...(typeof d.max === "number" ? { max: d.max } : {}),
  };
}

/** The template variables the catalog writes: the Prometheus data source, and `service` when a query reads `$service`. */
function checkTemplating(root: Json): void {
  const list = isObj(root.templating) && Array.isArray(root.templating.list) ? root.templating.list : [];
  for (const v of list) {
    if (!isObj(v)) continue;
    if (v.type === "datasource" && v.query === "prometheus") continue;
    const q = isObj(v.query) ? v.query.query : v.query;
    if (v.name === "service" && v.type === "query" && q === "label_values(up, service)") continue;
    cannot(`templating: the variable ${JSON.stringify(v.name)} (${String(v.type)})`);
  }
}

/** Grafana's built-in annotation, and the alert annotations over `ALERTS` the catalog writes from its alerts. */
function checkAnnotations(root: Json): void {
  const list = isObj(root.annotations) && Array.isArray(root.annotations.list) ? root.annotations.list : [];
  list.forEach((a, i) => {
    if (!isObj(a)) return;
    if (a.builtIn === 1) return;
    const expr = typeof a.expr === "string" ? a.expr : isObj(a.target) && typeof a.target.expr === "string" ? a.target.expr : "";
    if (/^ALERTS\{/.test(expr)) return;
    cannot(`annotations.list[${i}]: the annotation ${JSON.stringify(a.name)}`);
  });
}

/** Dashboard links to other dashboards by uid (`/d/<uid>`), which the catalog writes between its own. */
function checkLinks(root: Json): void {
  const links = Array.isArray(root.links) ? root.links : [];
  links.forEach((l, i) => {
    if (isObj(l) && l.type === "link" && typeof l.url === "string" && l.url.startsWith("/d/")) return;
    cannot(`links[${i}]: a dashboard link the catalog cannot say`);
  });
}

/** Runs each check, collecting what the catalog cannot say; throws them all together. */
function collect(checks: readonly (() => void)[]): void {
  const reasons: string[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (e) {
      if (!(e instanceof CannotSay)) throw e;
      reasons.push(e.reason);
    }
  }
  const shown = 3;
  if (reasons.length > 0) cannot(reasons.length > shown ? `${reasons.slice(0, shown).join("; ")}; and ${reasons.length - shown} more` : reasons.join("; "));
}

function readDef(root: Json, folder: string | undefined): ImportedDashboardDef {
  const panels = Array.isArray(root.panels) ? root.panels : [];
  // Everything the dashboard holds that the catalog cannot say, not only the first.
  collect([
    () => checkTemplating(root),
    () => checkAnnotations(root),
    () => checkLinks(root),
    ...panels.map((p, i) => () => {
      if (isObj(p) && p.type !== "row") readPanel(p, `panels[${i}]`);
    }),
  ]);
  const rows: { title: string; y: number; panels: { p: Json; at: string }[] }[] = [];
  panels.forEach((p, i) => {
    const at = `panels[${i}]`;
    if (!isObj(p)) return cannot(`${at}: a panel that is not an object`);
    if (p.type === "row") {
      if (p.collapsed === true || (Array.isArray(p.panels) && p.panels.length > 0)) cannot(`${at}: a collapsed row`);
      if (p.repeat !== undefined && p.repeat !== "") cannot(`${at}: a repeated row`);
      if (typeof p.title !== "string" || p.title.trim() === "") cannot(`${at}: a row without a title`);
      rows.push({ title: p.title as string, y: isObj(p.gridPos) ? Number(p.gridPos.y) : 0, panels: [] });
      return;
    }
    const row = rows[rows.length - 1];
    if (!row) return cannot(`${at}: a panel outside rows (the catalog lays every panel out in a titled row)`);
    row.panels.push({ p, at });
  });
  if (panels.length === 0) cannot("no panels (a catalog dashboard has at least one row)");
  const out = rows.map((r) => {
    if (r.panels.length === 0) cannot(`row "${r.title}": an empty row`);
    // The catalog lays a row's panels out left to right, line by line: read them in that order.
    const ordered = [...r.panels].sort((a, b) => {
      const ga = isObj(a.p.gridPos) ? a.p.gridPos : {};
      const gb = isObj(b.p.gridPos) ? b.p.gridPos : {};
      return Number(ga.y) - Number(gb.y) || Number(ga.x) - Number(gb.x);
    });
    return { title: r.title, panels: ordered.map(({ p, at }) => readPanel(p, at)) };
  });
  const uid = typeof root.uid === "string" && rawUidProblem(root.uid) === undefined ? root.uid : undefined;
  const title = typeof root.title === "string" && root.title.trim() !== "" ? root.title : cannot("a dashboard without a title");
  const time = isObj(root.time) ? root.time : {};
  const from = typeof time.from === "string" && /^now-\S+$/.test(time.from) && (time.to === undefined || time.to === "now") ? time.from : undefined;
  if (from === undefined && time.from !== undefined) cannot(`the time range ${JSON.stringify(time)}`);
  const refresh = typeof root.refresh === "string" && isValidDuration(root.refresh) ? root.refresh : undefined;
  const tags = Array.isArray(root.tags) ? root.tags.filter((t): t is string => typeof t === "string") : [];
  return {
    title,
    ...(uid ? { uid } : {}),
    description: typeof root.description === "string" && root.description.trim() !== "" ? root.description : title,
    ...(refresh ? { refresh } : {}),
    tags,
    ...(from ? { from } : {}),
    ...(folder ? { folder } : {}),
    rows: out,
  };
}

/** A catalog to build one candidate dashboard in: nothing else, so nothing else is generated. */
function buildAlone(def: ImportedDashboardDef): { panels: Json[]; problem?: string } {
  const r = resolveCatalog({
    name: "import",
    teams: ["import"],
    // A catalog needs a service; it has no metrics, so it adds nothing to the dashboard.
    services: [{ name: "import", description: "The dashboard being imported", metricsPort: 9100, metrics: {} }],
    generatedDashboards: { services: false, slo: false },
    dashboards: [def],
  });
  if (!r.value) return { panels: [], problem: r.diagnostics.find((d) => d.severity === "error")?.message ?? "it does not build" };
  const d = r.value.dashboards[0]!;
  return { panels: dashboardJson(d, "import", r.value.prometheus.evaluationInterval).panels as unknown as Json[] };
}

/** The first difference between the input's panels and the built ones, or undefined when they are the same panels. */
function difference(input: readonly Json[], built: readonly Json[]): string | undefined {
  if (input.length !== built.length) return `${built.length} panels instead of ${input.length}`;
  const unit = (p: Json) => {
    const d = isObj(p.fieldConfig) && isObj(p.fieldConfig.defaults) ? p.fieldConfig.defaults : {};
    return typeof d.unit === "string" && d.unit !== "" ? d.unit : "none";
  };
  const field = (p: Json, k: string) => (isObj(p.fieldConfig) && isObj(p.fieldConfig.defaults) ? p.fieldConfig.defaults[k] : undefined);
  const stacking = (p: Json) => {
    const c = field(p, "custom");
    const mode = isObj(c) && isObj(c.stacking) ? c.stacking.mode : undefined;
    return mode === "normal";
  };
  const grid = (p: Json) => {
    const g = isObj(p.gridPos) ? p.gridPos : {};
    return [g.x, g.y, g.w, g.h].map(Number).join(",");
  };
  const normal = (expr: string) => substituteGrafana(expr).text;
  for (let i = 0; i < input.length; i++) {
    const a = input[i]!;
    const b = built[i]!;
    const at = `panels[${i}] (${JSON.stringify(a.title)})`;
    if (a.type !== b.type) return `${at}: type ${String(b.type)} instead of ${String(a.type)}`;
    if (a.title !== b.title) return `${at}: title ${JSON.stringify(b.title)}`;
    if (grid(a) !== grid(b)) return `${at}: laid out at ${grid(b)} instead of ${grid(a)} (x,y,w,h)`;
    if (a.type === "row") continue;
    if (unit(a) !== unit(b)) return `${at}: unit ${unit(b)} instead of ${unit(a)}`;
    if (field(a, "min") !== field(b, "min") || field(a, "max") !== field(b, "max")) return `${at}: min or max`;
    if (a.type === "timeseries" && stacking(a) !== stacking(b)) return `${at}: stacking`;
    const ta = (Array.isArray(a.targets) ? a.targets : []) as Json[];
    const tb = (Array.isArray(b.targets) ? b.targets : []) as Json[];
    if (ta.length !== tb.length) return `${at}: ${tb.length} queries instead of ${ta.length}`;
    for (let j = 0; j < ta.length; j++) {
      const x = ta[j]!;
      const y = tb[j]!;
      if (!normalisedEqual(normal(String(x.expr)), normal(String(y.expr)))) return `${at}: query ${j} is ${JSON.stringify(y.expr)}`;
      if ((x.legendFormat ?? "") !== y.legendFormat) return `${at}: query ${j}'s legend`;
      if ((x.instant === true) !== y.instant) return `${at}: query ${j}'s instant`;
      if ((x.format ?? "time_series") !== y.format) return `${at}: query ${j}'s format`;
    }
  }
  return undefined;
}

/** The input's panels in the order the catalog writes them: each row, then its panels by position. */
function inputOrder(panels: readonly Json[]): Json[] {
  const out: Json[] = [];
  let row: Json[] = [];
  const flush = () => {
    row.sort((a, b) => {
      const ga = isObj(a.gridPos) ? a.gridPos : {};
      const gb = isObj(b.gridPos) ? b.gridPos : {};
      return Number(ga.y) - Number(gb.y) || Number(ga.x) - Number(gb.x);
    });
    out.push(...row);
    row = [];
  };
  for (const p of panels) {
    if (p.type === "row") {
      flush();
      out.push(p);
    } else row.push(p);
  }
  flush();
  return out;
}

/** Every `${NAME}` of a constant input replaced by its value, as Grafana's import dialog does. */
function withConstants(root: Json): Json {
  const inputs = Array.isArray(root.__inputs) ? root.__inputs : [];
  const constants = new Map<string, string>();
  for (const i of inputs) if (isObj(i) && i.type === "constant" && typeof i.name === "string" && typeof i.value === "string") constants.set(i.name, i.value);
  if (constants.size === 0) return root;
  const sub = (v: unknown): unknown =>
    typeof v === "string"
      ? v.replace(/\$\{([^}]+)\}/g, (whole, n: string) => constants.get(n) ?? whole)
      : Array.isArray(v)
        ? v.map(sub)
        : isObj(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sub(x)]))
          : v;
  return sub(root) as Json;
}

/** One dashboard, as the catalog can say it, or raw with the reason. */
export function importDashboard(root: Json, file: string, folder: string | undefined): ImportedDashboard {
  const raw = (reason: string): ImportedDashboard => ({ kind: "raw", json: root, ...(folder ? { folder } : {}), file, reason });
  // Compared with the constants filled in, as the catalog dashboard has them.
  const filled = withConstants(root);
  let def: ImportedDashboardDef;
  try {
    def = readDef(filled, folder);
  } catch (e) {
    if (e instanceof CannotSay) return raw(e.reason);
    throw e;
  }
  const built = buildAlone(def);
  if (built.problem) return raw(`the catalog refuses it: ${built.problem}`);
  const diff = difference(inputOrder((filled.panels as Json[]).filter(isObj)), built.panels);
  return diff ? raw(`building it as a catalog dashboard changes ${diff}`) : { kind: "catalog", def, file };
}

/**
 * An export's inputs of data sources other than Prometheus: provisioning fills in no input, and the
 * catalog has no such data source to put there, so the build refuses them (resolve-raw-dashboards.ts).
 * Said here too, where the file is at hand.
 */
function foreignInputs(root: Json, file: string): Diagnostic[] {
  const inputs = Array.isArray(root.__inputs) ? root.__inputs : [];
  return inputs.flatMap((input, i) =>
    isObj(input) && input.type === "datasource" && input.pluginId !== "prometheus" && typeof input.name === "string"
      ? [
          {
            code: DASHBOARD_IMPORT.input,
            severity: "warning" as const,
            message: `input ${input.name} is a ${String(input.pluginId)} data source, which only Grafana's import dialog fills in: the build refuses the dashboard until it names a data source`,
            file,
            path: `__inputs[${i}]`,
            hint: `replace \${${input.name}} in the dashboard with the uid of the data source your Grafana provisions and remove the input, or export the dashboard without "Export for sharing externally"`,
          },
        ]
      : [],
  );
}

export function importDashboards(files: readonly DashboardFileText[]): { dashboards: ImportedDashboard[]; diagnostics: Diagnostic[] } {
  const dashboards: ImportedDashboard[] = [];
  const diagnostics: Diagnostic[] = [];
  const uids = new Map<string, string>();
  for (const { file, text } of files) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const e = jsonSyntaxError(text);
      const at = lineColumn(text, e?.offset ?? 0);
      diagnostics.push({
        code: DASHBOARD_IMPORT.json,
        severity: "error",
        message: `not valid JSON: ${e?.message ?? "cannot be parsed"}`,
        file,
        line: at.line,
        column: at.column,
        hint: "export the dashboard from Grafana again (Share › Export › Save to file), or fix the file",
      });
      continue;
    }
    // The HTTP API's answer (`GET /api/dashboards/uid/<uid>`) wraps the model with its `meta`.
    const wrapped = isObj(value) && isObj(value.dashboard);
    const root = wrapped ? ((value as Json).dashboard as Json) : value;
    if (!isObj(root) || !Array.isArray(root.panels)) {
      diagnostics.push({
        code: DASHBOARD_IMPORT.notDashboard,
        severity: "error",
        message: "not a Grafana dashboard: no `panels` list (nor a `dashboard` holding one)",
        file,
        line: 1,
        column: 1,
        hint: "pass a dashboard as Grafana exports it, or as its HTTP API returns it",
      });
      continue;
    }
    const meta = wrapped && isObj((value as Json).meta) ? ((value as Json).meta as Json) : {};
    const folderTitle = typeof meta.folderTitle === "string" && meta.folderTitle !== "" && meta.folderTitle !== "General" ? meta.folderTitle : undefined;
    const folder = folderTitle !== undefined && fileNameProblem(folderTitle) === undefined ? folderTitle : undefined;
    const imported = importDashboard(root, file, folder);
    if (imported.kind === "raw") {
      const problem = rawUidProblem(root.uid);
      if (problem)
        diagnostics.push({
          code: DASHBOARD_IMPORT.uid,
          severity: "error",
          message: `the dashboard ${problem}, and it is kept raw (${imported.reason})`,
          file,
          path: "uid",
          hint: "give the dashboard a uid in Grafana (Settings › JSON Model) and export it again",
        });
    }
    if (imported.kind === "raw") diagnostics.push(...foreignInputs(root, file));
    const uid = imported.kind === "raw" ? root.uid : imported.def.uid;
    if (typeof uid === "string") {
      const key = uid.toLowerCase();
      const prev = uids.get(key);
      if (prev !== undefined)
        diagnostics.push({
          code: DASHBOARD_IMPORT.duplicate,
          severity: "error",
          message: `the dashboard uid "${uid}" is also the uid of ${prev} (ignoring case)`,
          file,
          path: "uid",
          hint: "import one of the two, or give one another uid in Grafana and export it again",
        });
      else uids.set(key, file);
    }
    dashboards.push(imported);
  }
  return { dashboards, diagnostics };
}
