/**
 * Every derived name in one place: rule group names and files, recording rule names, alert
 * labels derived from priorities, output paths and file headers.
 */
import type { DataSourceRef } from "@grafana/schema";
import type { Priority } from "./authoring.js";
// Windows device names: a file `con.rs` or `nul.ts` (any extension) cannot be created or checked
// out on Windows; file-names.ts holds the rule and its source.
import { WINDOWS_DEVICE_NAMES } from "./file-names.js";
import { compareCodePoints } from "../util/order.js";

/**
 * Severity label of each priority when the catalog's `severities` does not name one: the words of
 * kube-prometheus's own rules and most Alertmanager configurations (critical, warning, info), so
 * routes and inhibit rules written for those stacks treat obsgen's alerts like their own. An
 * alert's own `severity` overrides its priority's word.
 */
export const DEFAULT_SEVERITIES: Readonly<Record<Priority, string>> = { P0: "critical", P1: "warning", P2: "info" };

/** Rule group suffix per priority: `trading_critical`, `trading_high_priority`, `trading_medium_priority`. */
const GROUP_SUFFIX: Record<Priority, string> = { P0: "critical", P1: "high_priority", P2: "medium_priority" };

export function alertGroupName(prefix: string, priority: Priority): string {
  return `${prefix}_${GROUP_SUFFIX[priority]}`;
}
export function sloGroupName(prefix: string): string {
  return `${prefix}_slo`;
}
/** Recording rule group keeping renamed metrics' old names queryable: `trading_renames`. */
export function renamesGroupName(prefix: string): string {
  return `${prefix}_renames`;
}
/** `source` of a rename's recording rules: `rename:<new metric name>`. */
export function renameRuleSource(metricName: string): string {
  return `rename:${metricName}`;
}
export function isRenameRuleSource(source: string): boolean {
  return source.startsWith("rename:");
}
/** Series a metric is read through: its name, or a histogram's `_bucket`, `_count` and `_sum`. */
export function exposedSeries(name: string, type: "counter" | "gauge" | "histogram"): string[] {
  return type === "histogram" ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name];
}
export function ruleFilePath(groupName: string): string {
  return `prometheus/rules/${groupName}.yml`;
}
/**
 * The file stem of a kept rule group that names none (`ruleGroups[].file`): its name, with every
 * character a file name may not hold (anything but letters, digits, `_`, `-`, `.`) as `_`.
 */
export function keptRuleFileStem(groupName: string): string {
  const stem = groupName.replace(/[^A-Za-z0-9_.-]/g, "_").replace(/^\.+|\.+$/g, "_");
  return stem === "" ? "_" : stem;
}
export const PROMETHEUS_CONFIG_PATH = "prometheus/prometheus.yml";
export const CATALOG_JSON_PATH = "catalog.json";

/** Rule file paths as `prometheus.yml` refers to them (relative to the config file's folder). */
export function ruleFileFromConfig(groupName: string): string {
  return `rules/${groupName}.yml`;
}

/** The target label each service's scrape job attaches to its series, with the service's `label` as value. */
export const SERVICE_TARGET_LABEL = "service";

/** Default value of a service's `service` label: `execution-engine` → `execution_engine`. */
export function serviceLabelValue(serviceName: string): string {
  return serviceName.replace(/-/g, "_");
}

/**
 * Default rule group prefix: the catalog name in snake case (`Py-RT.v2` → `py_rt_v2`), which is
 * what `prometheus.ruleGroupPrefix` accepts (`[a-z][a-z0-9_]*`): a name starting with a digit gets
 * `catalog_` in front, as the Rust crate name does (`2024-ops` → `catalog_2024_ops`). The schema
 * requires a letter or digit in the name, so the prefix is never empty.
 */
export function defaultRulePrefix(catalogName: string): string {
  const snake = catalogName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(snake) ? `catalog_${snake}` : snake;
}

function snake(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Recording rule name of an SLO's indicator, `level:metric:operations` per Prometheus's naming practice. */
export function sloRecordName(sloName: string, operation: string): string {
  return `job:slo_${snake(sloName)}:${operation}`;
}

/**
 * The SLO metadata series, one of each per event SLO, labelled `slo` (and `service`, `team`).
 * The names are Sloth's (slok/sloth `pkg/common/conventions/slo.go`, v0.16.0: `slo:objective:ratio`,
 * `slo:error_budget:ratio`, `slo:time_period:days`, `slo:current_burn_rate:ratio`,
 * `slo:period_burn_rate:ratio`, `slo:period_error_budget_remaining:ratio`), so a query written
 * for Sloth's series reads obsgen's once its `sloth_slo` / `sloth_service` label names become
 * `slo` / `service`. The info series is obsgen's own (`sloth_slo_info` names its generator).
 */
export const SLO_SERIES = {
  objective: "slo:objective:ratio",
  errorBudget: "slo:error_budget:ratio",
  periodDays: "slo:time_period:days",
  currentBurnRate: "slo:current_burn_rate:ratio",
  periodBurnRate: "slo:period_burn_rate:ratio",
  periodBudgetRemaining: "slo:period_error_budget_remaining:ratio",
  info: "obsgen_slo_info",
} as const;

/** The recorded per-second rates of an event SLO's bad events and of all its events over `window`. */
export function sliEventsRecord(which: "error" | "total", window: string): string {
  return `slo:sli_${which}_events:rate${window}`;
}

/** First line of every generated file whose format allows comments. */
export function generatedHeader(catalogName: string): string {
  return `generated by obsgen from the ${catalogName} catalog; do not edit (edit the catalog and run \`obsgen build\`)`;
}

/** Stable slug of an alert's runbook page: `HighOrderLatency` -> `high-order-latency`, `MLInferenceFailure` -> `ml-inference-failure`. */
export function runbookSlug(alertName: string): string {
  return alertName
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
}

export function runbookUrl(baseUrl: string, alertName: string): string {
  return `${baseUrl}/${runbookSlug(alertName)}`;
}

/** The generated runbook page of an alert, `runbooks/<slug>.md`; served at `<runbooks.baseUrl>/<slug>`. */
export function runbookFilePath(alertName: string): string {
  return `${RUNBOOKS_DIR}/${runbookFileName(alertName)}`;
}
/** The page's file name, `<slug>.md`, which is also how runbook pages link to each other. */
export function runbookFileName(alertName: string): string {
  return `${runbookSlug(alertName)}.md`;
}
export const RUNBOOKS_DIR = "runbooks";
/** The runbooks' index, grouped by priority and service. */
export const RUNBOOK_INDEX_PATH = `${RUNBOOKS_DIR}/README.md`;

/** What each priority demands of the responder (spec section 4's table headings). */
export const RESPONSE_OF_PRIORITY: Record<Priority, { readonly title: string; readonly when: string }> = {
  P0: { title: "Critical: immediate action required", when: "immediately" },
  P1: { title: "High priority: respond within 15 minutes", when: "within 15 minutes" },
  P2: { title: "Medium priority: review daily", when: "at the daily review" },
};

/** Link to one panel of a dashboard, opened alone: `<grafanaBaseUrl>/d/<uid>?viewPanel=<id>`. */
export function grafanaPanelUrl(baseUrl: string, uid: string, panelId: number): string {
  return `${baseUrl}/d/${encodeURIComponent(uid)}?viewPanel=${panelId}`;
}

export const ALERTMANAGER_CONFIG_PATH = "alertmanager/alertmanager.yml";
/** The catalog's routes, receivers and inhibit rules alone, for an Alertmanager shared with others. */
export const ALERTMANAGER_FRAGMENT_PATH = "alertmanager/routes.yml";

/** The Sloth `prometheus/v1` spec of a service's SLOs (`sloth generate -i slo/sloth/`). */
export function slothSpecPath(service: string): string {
  return `slo/sloth/${service}.yml`;
}

/** The OpenSLO v1 documents (a Service, its SLOs) of a service's SLOs. */
export function openSloPath(service: string): string {
  return `slo/openslo/${service}.yaml`;
}

/** Grafana unit ids of the catalog's units (Grafana's valueFormats categories). */
export const GRAFANA_UNIT: Record<string, string> = {
  seconds: "s",
  milliseconds: "ms",
  microseconds: "µs",
  bytes: "bytes",
  megabytes: "decmbytes",
  dollars: "currencyUSD",
  basis_points: "suffix: bps",
  percent: "percent",
  ratio: "percentunit",
  count: "short",
  none: "short",
};

/** The dashboard variable that picks the Prometheus data source (a `datasource`-type variable). */
export const DASHBOARD_DATASOURCE_VARIABLE = "datasource";

/**
 * The data source of every generated panel and target: the dashboard's variable, no hard-coded
 * uid. Lint gives the catalog's panels the same one, as the emitted JSON has it.
 */
export const DASHBOARD_DATASOURCE: DataSourceRef = { type: "prometheus", uid: `\${${DASHBOARD_DATASOURCE_VARIABLE}}` };

/** The Grafana dashboard schema version the emitted JSON follows (@grafana/schema 13). */
export const GRAFANA_SCHEMA_VERSION = 42;

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Dashboard uid from the rule-group prefix and a name: at most 40 characters, Grafana's limit. */
export function dashboardUid(prefix: string, name: string): string {
  return `${prefix.replace(/_/g, "-")}-${slug(name)}`.slice(0, 40).replace(/-+$/, "");
}

export function serviceDashboardUid(prefix: string, service: string): string {
  return dashboardUid(prefix, `svc-${service}`);
}

export function sloDashboardUid(prefix: string): string {
  return dashboardUid(prefix, "slo");
}

/*
 * Identities of rows and panels within a dashboard, from what they show; their Grafana ids are
 * hashes of these (panel-ids.ts), so they are also what `obsgen diff` pairs panels by. Free text
 * is JSON-quoted so that no two different identities read the same; metric names need no quotes
 * (and `obsgen diff` can follow a metric rename through them).
 */

/** A row: its title. */
export function rowKey(title: string): string {
  return `row ${JSON.stringify(title)}`;
}
/** A declared panel: its row's title and its `key`, which defaults to its title. */
export function declaredPanelKey(rowTitle: string, key: string): string {
  return `panel ${JSON.stringify(rowTitle)} ${JSON.stringify(key)}`;
}
/** What a generated panel plots of its metric: a counter's rate, a gauge's value, a histogram's heatmap or quantiles. */
export type MetricPanelRole = "rate" | "value" | "heatmap" | "quantiles";
/** A generated panel of a service dashboard: its metric and what it plots of it. */
export function metricPanelKey(metric: string, role: MetricPanelRole): string {
  return `metric ${metric} ${role}`;
}
/** What a panel of the SLO dashboard shows of its SLO. */
export const SLO_PANEL_ROLES = ["availability", "error-budget", "burn-rate", "indicator"] as const;
export type SloPanelRole = (typeof SLO_PANEL_ROLES)[number];
/** A panel of the generated SLO dashboard: its SLO and what it shows of it. */
export function sloPanelKey(slo: string, role: SloPanelRole): string {
  return `slo ${JSON.stringify(slo)} ${role}`;
}

/**
 * The dashboards' tree, one directory per Grafana folder: `grafana/dashboards/<folder>/`. File
 * provisioning with `foldersFromFilesStructure` and the sidecar's folder annotation both name a
 * dashboard's folder after the directory holding its file.
 */
export const GRAFANA_DASHBOARDS_DIR = "grafana/dashboards";

/** One dashboard: `grafana/dashboards/<folder>/<uid>.json`. */
export function dashboardFilePath(folder: string, uid: string): string {
  return `${GRAFANA_DASHBOARDS_DIR}/${folder}/${uid}.json`;
}

export const GRAFANA_PROVISIONING_PATH = "grafana/provisioning/dashboards.yml";

/** Where Grafana's file provisioning reads the dashboards' tree (`out/grafana/dashboards/`) from, by default. */
export function defaultDashboardsFolder(catalogName: string): string {
  return `/var/lib/grafana/dashboards/${catalogName}`;
}

/**
 * A link to a dashboard of the same Grafana, by uid: `/d/<uid>`. Grafana prefixes a link starting
 * with `/` with its sub-path (`root_url`), so the link holds wherever Grafana is served.
 */
export function dashboardPath(uid: string): string {
  return `/d/${encodeURIComponent(uid)}`;
}

/**
 * The annotation kiwigrid's k8s-sidecar reads a ConfigMap's target directory from when its
 * `FOLDER_ANNOTATION` is unset (k8s-sidecar 2.10, src/sidecar.py), as the Grafana Helm chart
 * leaves it unless `sidecar.dashboards.folderAnnotation` is set (chart 10.5, templates/_pod.tpl).
 * A relative value is a directory under the sidecar's `FOLDER` (src/resources.py).
 */
export const DEFAULT_SIDECAR_FOLDER_ANNOTATION = "k8s-sidecar-target-directory";

/** Threshold colours by the priority whose severity word an alert carries. */
export const PRIORITY_COLOR: Readonly<Record<Priority, string>> = { P0: "red", P1: "orange", P2: "yellow" };

// ---------------------------------------------------------------------------------------------
// Metric stubs: the Rust crate in out/rust/ and the TypeScript package in out/typescript/.
// Every file, module and identifier name of the generated code is derived here; the same names
// (label value types, variants) are used in both languages, so a reader of one knows the other.

/** Output folder of the generated Rust crate, relative to out/. */
export const RUST_STUBS_DIR = "rust";
/** Output folder of the generated TypeScript package, relative to out/. */
export const TS_STUBS_DIR = "typescript";

/** The words of a name: runs of letters and digits (`order_type`, `order-type` → order, type). */
function stubWords(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

/** `order_type` → `OrderType`; inner capitals are kept (`GET` → `GET`, `p99Latency` → `P99Latency`). */
export function pascalCase(name: string): string {
  return stubWords(name)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** `order_submission_latency` → `orderSubmissionLatency`. */
export function camelCase(name: string): string {
  const p = pascalCase(name);
  return p.length === 0 ? p : p[0]!.toLowerCase() + p.slice(1);
}

/** Rust crate (and library) name: `py_rt` → `py_rt_metrics`. */
export function rustCrateName(catalogName: string): string {
  const words = stubWords(catalogName.toLowerCase());
  return [...(/^[0-9]/.test(words[0] ?? "") ? ["catalog"] : []), ...words, "metrics"].join("_");
}

/** npm package name of the TypeScript stubs: `py_rt` → `py-rt-metrics`. */
export function npmPackageName(catalogName: string): string {
  return [...stubWords(catalogName.toLowerCase()), "metrics"].join("-");
}

/** A file of the Rust crate, relative to out/: `rust/src/lib.rs`. */
export function rustStubPath(relative: string): string {
  return `${RUST_STUBS_DIR}/${relative}`;
}

/** A file of the TypeScript package, relative to out/: `typescript/src/index.ts`. */
export function tsStubPath(relative: string): string {
  return `${TS_STUBS_DIR}/${relative}`;
}

/**
 * Folder of a stub module in both languages: services in `services/`, shared metric groups in
 * `groups/`. Separate folders mean a service and a group may share a name, and no catalog name
 * can clash with the package's own modules (`registry`, `server`, `runtime`).
 */
export function stubModuleFolder(kind: "service" | "group"): string {
  return kind === "service" ? "services" : "groups";
}

/**
 * Rust keywords: strict and reserved of the 2021 edition, the weak `union`, and `gen`, reserved
 * from the 2024 edition on (a crate of any edition may use the stubs' names).
 */
const RUST_KEYWORDS = new Set(
  (
    "as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut " +
    "pub ref return self Self static struct super trait true type unsafe use where while abstract become box do final " +
    "macro override priv try typeof unsized virtual yield union gen"
  ).split(" "),
);

/** Keywords Rust refuses even as raw identifiers (`r#self` is an error). */
const RUST_NOT_RAW = ["self", "Self", "super", "crate"];

/**
 * A snake_case name as a Rust identifier: keywords become raw identifiers (`type` → `r#type`),
 * except those Rust refuses as raw (`self`, `super`, `crate`), which get a trailing underscore;
 * a leading digit gets a leading underscore. Where names must stay distinct, allocate them in a
 * `StubNameScope` that reserves `RUST_NOT_RAW` first (`rustParams`), so `self` and `self_` do not
 * both become `self_`.
 */
export function rustIdent(name: string): string {
  const id = /^[0-9]/.test(name) ? `_${name}` : name;
  if (RUST_NOT_RAW.includes(id)) return `${id}_`;
  return RUST_KEYWORDS.has(id) ? `r#${id}` : id;
}

/** `orderType`, `HTTPMethod` → `order_type`, `http_method`. */
export function snakeCase(name: string): string {
  return stubWords(name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2"))
    .join("_")
    .toLowerCase();
}

/**
 * Rust parameters of a metric handle's methods: one per label, in the catalog's order, in
 * snake_case (`order_type`, `r#type`), then the value parameters (`value`, `amount`, …), which
 * give way to a label of the same name with a trailing underscore (`value_`).
 */
export function rustParams(labelNames: readonly string[], valueParams: readonly string[]): { labels: string[]; values: string[] } {
  const scope = new StubNameScope(RUST_NOT_RAW);
  const labels = labelNames.map((l) => rustIdent(scope.take(snakeCase(l) || "label", "_")));
  const values = valueParams.map((v) => rustIdent(scope.take(v, "_")));
  return { labels, values };
}

/** Rust module of a service or group: `execution-engine` → `execution_engine`. */
export function rustModuleName(name: string): string {
  return rustIdent(stubWords(name.toLowerCase()).join("_"));
}

/** TypeScript file name (without `.ts`) of a service or group: `execution-engine`. */
export function tsModuleName(name: string): string {
  return stubWords(name.toLowerCase()).join("-");
}

/**
 * Rust modules and TypeScript file names of the services (or the groups) of a catalog, keyed by
 * name, distinct within the folder they share: names that map to one module (`a--b`, `a-b`) are
 * told apart in sorted order (`a_b`, `a_b_`); `mod` is `mod_` (the module `r#mod` would live in
 * `mod.rs`, the folder's own module file), `self` is `self_`, and a Windows device name takes a
 * suffix too (`con` → `con_.rs`, `con-.ts`).
 */
export function stubModuleIdents(names: readonly string[]): ReadonlyMap<string, { readonly rust: string; readonly ts: string }> {
  const rust = new StubNameScope([...RUST_NOT_RAW, "mod", ...WINDOWS_DEVICE_NAMES]);
  const ts = new StubNameScope(WINDOWS_DEVICE_NAMES);
  const out = new Map<string, { rust: string; ts: string }>();
  for (const name of [...names].sort(compareCodePoints)) {
    out.set(name, { rust: rustIdent(rust.take(stubWords(name.toLowerCase()).join("_") || "module", "_")), ts: ts.take(tsModuleName(name) || "module", "-") });
  }
  return out;
}

/**
 * Variant of a closed label value, the same in Rust (`OrderType::Market`) and TypeScript
 * (`OrderType.Market`): the value's words in PascalCase (`mean_reversion` → `MeanReversion`,
 * `GET` → `GET`); a value starting with a digit gets the prefix `V` (`1` → `V1`, `400` → `V400`,
 * `5xx` → `V5xx`), one rule for every number-like value; a value without letters or digits is
 * `Empty`, and `Self` (a Rust keyword) is `SelfValue`. Values whose variants coincide (`a-b` and
 * `a_b`) are told apart by `labelValueVariants`.
 */
export function labelValueVariant(value: string): string {
  const id = pascalCase(value);
  if (id === "") return "Empty";
  if (/^[0-9]/.test(id)) return `V${id}`;
  return id === "Self" ? "SelfValue" : id;
}

/**
 * Variants of a closed label's values, in declared order; a variant already taken gets `2`, `3`,
 * …. `ALL` is the Rust enum's list of every value (`OrderType::ALL`), so a value `ALL` is `ALL2`.
 */
export function labelValueVariants(values: readonly string[]): string[] {
  const scope = new StubNameScope(["ALL"]);
  return values.map((v) => scope.take(labelValueVariant(v), ""));
}

/**
 * Names generated code must not declare as label value types or metric types: Rust's prelude
 * and TypeScript's global types (a `result` label would otherwise shadow `Result`), `Self`, and
 * the types a TypeScript service module imports.
 */
const RESERVED_TYPE_NAMES = [
  "Self",
  "MetricsServer",
  "ServeOptions",
  "AsMut",
  "AsRef",
  "Box",
  "Clone",
  "Copy",
  "Debug",
  "Default",
  "Display",
  "Drop",
  "Eq",
  "Err",
  "Extend",
  "Fn",
  "FnMut",
  "FnOnce",
  "From",
  "FromIterator",
  "Hash",
  "Into",
  "IntoIterator",
  "Iterator",
  "None",
  "Ok",
  "Option",
  "Ord",
  "PartialEq",
  "PartialOrd",
  "Result",
  "Send",
  "Sized",
  "Some",
  "String",
  "Sync",
  "ToOwned",
  "ToString",
  "TryFrom",
  "TryInto",
  "Unpin",
  "Vec",
  "Array",
  "Boolean",
  "Date",
  "Error",
  "Function",
  "Map",
  "Number",
  "Object",
  "Omit",
  "Partial",
  "Pick",
  "Promise",
  "Readonly",
  "Record",
  "RegExp",
  "Required",
  "Set",
  "Symbol",
];

/**
 * JavaScript's reserved words, and the names a module's top level must not declare (`arguments`,
 * `eval`; `require`, `exports`, `module` and the like, which TypeScript reserves in a module
 * compiled to CommonJS): a metric key `delete` becomes the handle `deleteMetric`.
 */
export const JS_RESERVED_WORDS = (
  "await break case catch class const continue debugger default delete do else enum export extends false finally for " +
  "function if implements import in instanceof interface let new null package private protected public return static " +
  "super switch this throw true try typeof var void while with yield arguments eval undefined NaN Infinity " +
  "require exports module __filename __dirname globalThis"
).split(" ");

/** Allocates names in one scope: a taken or reserved name gets `suffix`, then `2`, `3`, …. */
export class StubNameScope {
  readonly #taken: Set<string>;
  constructor(reserved: Iterable<string>) {
    this.#taken = new Set(reserved);
  }
  /** Marks names as taken, as they are. */
  reserve(names: Iterable<string>): void {
    for (const n of names) this.#taken.add(n);
  }
  take(preferred: string, suffix: string): string {
    let name = preferred;
    if (this.#taken.has(name)) name = `${preferred}${suffix}`;
    for (let i = 2; this.#taken.has(name); i++) name = `${preferred}${suffix}${i}`;
    this.#taken.add(name);
    return name;
  }
}

/** The metric and label facts that stub names derive from. */
export interface StubNameInput {
  readonly name: string;
  readonly key: string;
  readonly labels: readonly { readonly name: string; readonly kind: "closed" | "open"; readonly values: readonly string[] }[];
}

/** Names of one stub module's declarations, keyed by metric name (and label name). */
export interface StubModuleNames {
  /** Type of a closed label's values: `OrderType` (Rust enum; TypeScript const object and union type). */
  readonly labelType: ReadonlyMap<string, string>;
  /** Rust struct of a metric handle: `OrderSubmissionLatency`. */
  readonly metricType: ReadonlyMap<string, string>;
  /** TypeScript type of a metric's label set: `OrderSubmissionLatencyLabels`. */
  readonly labelsType: ReadonlyMap<string, string>;
  /** Rust static of a metric handle: `ORDER_SUBMISSION_LATENCY`. */
  readonly rustStatic: ReadonlyMap<string, string>;
  /** TypeScript const of a metric handle: `orderSubmissionLatency`. */
  readonly tsHandle: ReadonlyMap<string, string>;
}

/** Key of a (metric, label) pair in `StubModuleNames.labelType`. */
export function stubLabelKey(metricName: string, labelName: string): string {
  return `${metricName}\u0000${labelName}`;
}

/**
 * Names of a module's declarations. Label value types are named after the label (`order_type` →
 * `OrderType`) and shared by every metric of the module that declares the same values in the
 * same order; where metrics of one module give one label different values (the spec's
 * `check_type` of the risk manager), each gets the metric's key as a prefix
 * (`ChecksPerformedCheckType`, `PretradeCheckLatencyCheckType`). Reserved names get the suffix
 * `Label` (`result` → `ResultLabel`); metric types that meet a taken name get `Metric`. Value
 * names avoid the module's own items (`reservedValues`: `METRICS_PORT`, `serveMetrics`, …).
 * Allocation runs in sorted order, so names are stable for a given catalog.
 */
export function stubModuleNames(metrics: readonly StubNameInput[], reservedValues: readonly string[]): StubModuleNames {
  // Label value types are TypeScript values too, so they keep clear of the module's own items.
  const types = new StubNameScope([...RESERVED_TYPE_NAMES, ...reservedValues]);
  const rustValues = new StubNameScope(reservedValues);
  const tsValues = new StubNameScope([...reservedValues, ...JS_RESERVED_WORDS]);
  const sorted = [...metrics].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const byLabel = new Map<string, { metric: StubNameInput; values: readonly string[] }[]>();
  for (const m of sorted)
    for (const l of m.labels) if (l.kind === "closed") byLabel.set(l.name, [...(byLabel.get(l.name) ?? []), { metric: m, values: l.values }]);

  const labelType = new Map<string, string>();
  for (const label of [...byLabel.keys()].sort()) {
    const uses = byLabel.get(label)!;
    const shared = new Set(uses.map((u) => JSON.stringify(u.values))).size === 1;
    let sharedName: string | null = null;
    for (const u of uses) {
      let name: string;
      if (shared) name = sharedName ??= types.take(labelTypeBase(label), "Label");
      else name = types.take(pascalCase(u.metric.key) + pascalCase(label), "Label");
      labelType.set(stubLabelKey(u.metric.name, label), name);
    }
  }
  // Label value types are values in TypeScript too (`OrderType.Market`).
  for (const name of new Set(labelType.values())) tsValues.take(name, "");

  const metricType = new Map<string, string>();
  const labelsType = new Map<string, string>();
  for (const m of sorted) {
    metricType.set(m.name, types.take(pascalCase(m.key), "Metric"));
    labelsType.set(m.name, types.take(`${pascalCase(m.key)}Labels`, ""));
  }
  // A Rust handle is a `lazy_static`, which declares a struct of the static's name: statics
  // share the type namespace too (metric key `a` → struct `A` and static `A`: `A_METRIC`).
  rustValues.reserve([...labelType.values(), ...metricType.values()]);
  const rustStatic = new Map<string, string>();
  const tsHandle = new Map<string, string>();
  for (const m of sorted) {
    rustStatic.set(m.name, rustValues.take(snakeCase(m.key).toUpperCase(), "_METRIC"));
    tsHandle.set(m.name, tsValues.take(camelCase(m.key), "Metric"));
  }
  return { labelType, metricType, labelsType, rustStatic, tsHandle };
}

/**
 * Base name of a label's value type: the label in PascalCase; `Label` before a leading digit and
 * for a label of underscores only (`_1` → `Label1`, `_` → `Label`).
 */
function labelTypeBase(label: string): string {
  const id = pascalCase(label);
  return id === "" || /^[0-9]/.test(id) ? `Label${id}` : id;
}

// ---------------------------------------------------------------------------------------------
// Deploy targets (obsgen.config.ts `targets`): file layout and resource names of each target.

/** The config file `obsgen` reads from the working directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = "obsgen.config.ts";

/** Unit (PrometheusRule, Mimir namespace) holding the rules no service or team owns. */
export const DEFAULT_SHARED_UNIT = "shared";

/** Labels Grafana's dashboard sidecar selects ConfigMaps by (the Grafana Helm chart's default). */
export const DEFAULT_DASHBOARD_SIDECAR_LABELS: Readonly<Record<string, string>> = { grafana_dashboard: "1" };

/** Thanos Ruler rule file of one group: `thanos/rules/<group>.yml`. */
export function thanosRuleFilePath(groupName: string): string {
  return `thanos/rules/${groupName}.yml`;
}

/** Name of a per-service or per-team rule unit (PrometheusRule, Mimir namespace): `trading-execution-engine`. */
export function ruleUnitName(prefix: string, unit: string): string {
  return k8sName(`${prefix}-${unit}`);
}

/** Mimir ruler namespace file (`mimirtool rules load` format): `mimir/rules/<namespace>.yml`. */
export function mimirNamespaceFilePath(namespace: string): string {
  return `mimir/rules/${namespace}.yml`;
}

/** One PrometheusRule resource: `kubernetes/prometheus-rules/<name>.yaml`. */
export function prometheusRuleFilePath(name: string): string {
  return `kubernetes/prometheus-rules/${name}.yaml`;
}

/** A service's ServiceMonitor (roles endpoints, endpointslice, service): `kubernetes/service-monitors/<name>.yaml`. */
export function serviceMonitorFilePath(name: string): string {
  return `kubernetes/service-monitors/${name}.yaml`;
}

/** A service's PodMonitor (role pod): `kubernetes/pod-monitors/<name>.yaml`. */
export function podMonitorFilePath(name: string): string {
  return `kubernetes/pod-monitors/${name}.yaml`;
}

/** ConfigMap of one dashboard for Grafana's sidecar: `grafana-dashboard-<uid>`. */
export function dashboardConfigMapName(uid: string): string {
  return k8sName(`grafana-dashboard-${uid}`);
}

/** One dashboard ConfigMap: `kubernetes/dashboards/<name>.yaml`. */
export function dashboardConfigMapFilePath(name: string): string {
  return `kubernetes/dashboards/${name}.yaml`;
}

/** Key of the dashboard JSON inside its ConfigMap (the sidecar writes it under this file name). */
export function dashboardConfigMapKey(uid: string): string {
  return `${uid}.json`;
}

/** Labels every generated Kubernetes resource carries (Kubernetes' recommended labels). */
export function managedByLabels(catalogName: string): Record<string, string> {
  return { "app.kubernetes.io/managed-by": "obsgen", "app.kubernetes.io/part-of": k8sLabelValue(catalogName) };
}

/** A DNS-1123 subdomain as Kubernetes object names need: lowercase, `[a-z0-9-.]`, at most 253 characters. */
export function k8sName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "")
    .slice(0, 253);
}

/** A Kubernetes label value: at most 63 of `[A-Za-z0-9_.-]`, starting and ending alphanumeric. */
export function k8sLabelValue(s: string): string {
  return s
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}

// ---------------------------------------------------------------------------------------------
// Rule tests: promtool unit tests of the alerting rules, one file per rule group.

/** `prometheus/tests/trading_critical.test.yml`: the promtool tests of one rule group's alerts. */
export function ruleTestFilePath(groupName: string): string {
  return `prometheus/tests/${groupName}.test.yml`;
}

/** A rule file as a test file's `rule_files` names it (promtool resolves it against the test file's folder). */
export function ruleFileFromTest(groupName: string): string {
  return `../rules/${groupName}.yml`;
}
