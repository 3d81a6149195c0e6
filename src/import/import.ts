/**
 * `obsgen import`'s pure core: rule files, dashboards, SLO documents, metadata and a
 * prometheus.yml (all as text) in, the catalog to write (src/import/model.ts) and diagnostics
 * out. Every rule group is kept as written (src/import/kept-rule-groups.ts); metrics come from the
 * inventory (src/import/inventory.ts) and are declared only when their type is known; SLOs come
 * from src/import/slos.ts, or from the Sloth- and Pyrra-generated rules (src/import/generated-slos.ts);
 * alerts are typed where src/import/conditions.ts accepts them; services come from a prometheus.yml
 * or the rules' `job` values (src/import/services.ts); dashboards from src/import/dashboards.ts.
 */
import { basename } from "node:path";
import { DEFAULT_CATALOG_TARGET, PROMETHEUS_VERSIONS, type PrometheusVersion, promqlDialect, SEMANTICS } from "../compat/prometheus.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { selectorName } from "../lint/promql-facts.js";
import type { MetadataSource } from "../metrics/knowledge.js";
import { readMetadataText } from "../metrics/read-metadata.js";
import { type Priority, UNITS, type Unit } from "../model/authoring.js";
import { LABEL_NAME_RE, RESERVED_LABELS } from "../model/schema.js";
import { substituteGrafana } from "../compat/grafana-macros.js";
import { parsePromql } from "../promql/parse.js";
import { walk } from "../promql/walk.js";
import { type LoadedRuleFile, loadRuleFile } from "../rulefile/index.js";
import { compareCodePoints } from "../util/order.js";
import { type ConditionContext, reasonNotTyped, typedConditionOf } from "./conditions.js";
import { importDashboards } from "./dashboards.js";
import { slosFromGeneratedRules } from "./generated-slos.js";
import { type InventoryMetric, buildInventory } from "./inventory.js";
import { keptRuleGroupsOf } from "./kept-rule-groups.js";
import {
  DEFAULT_SEVERITY_TABLE,
  type ImportedCatalog,
  type ImportedDashboard,
  type ImportedExpr,
  type ImportedLabel,
  type ImportedMetric,
  type ImportedMetricGroup,
  type ImportedRule,
  type ImportedRuleFile,
  type ImportedService,
  type ImportedSeverities,
  type ReportEntry,
  type SeverityTable,
  type TypedConditionData,
  type UnknownMetric,
  type Where,
} from "./model.js";
import { importServices, serviceOfMetric } from "./services.js";
import { type ImportedSlo, importSlos, type SloSourceFile } from "./slos.js";

export const IMPORT_CODES = {
  groupLabels: "import/group-labels",
  unknownRule: "import/unknown-rule",
  duplicateGroup: "import/duplicate-group",
  severity: "import/severity",
  unknownMetric: "import/unknown-metric",
  placeholderService: "import/placeholder-service",
  availabilityName: "import/availability-name",
  nativeVersion: "import/native-version",
} as const;

export interface TextFile {
  readonly file: string;
  readonly text: string;
}

export interface ImportInput {
  /** Rule files (plain or PrometheusRule), as shown to the user, with their text or bytes. */
  readonly rules?: readonly { readonly file: string; readonly text: string | Uint8Array }[];
  /** Grafana dashboard JSON files. */
  readonly dashboards?: readonly TextFile[];
  /** Sloth prometheus/v1 and OpenSLO v1 files. */
  readonly slos?: readonly SloSourceFile[];
  /** Metadata files: saved /api/v1/metadata responses, /metrics expositions, catalog.json. */
  readonly metadata?: readonly TextFile[];
  readonly prometheusConfig?: TextFile;
}

export interface ImportOptions {
  /** The catalog's name. @default "imported" */
  readonly name?: string;
  /** @default DEFAULT_SEVERITY_TABLE */
  readonly severityTable?: SeverityTable;
  /** The Prometheus versions the catalog targets. @default both */
  readonly versions?: readonly PrometheusVersion[];
}

export interface ImportResult {
  readonly catalog: ImportedCatalog;
  /** Every finding, as diagnostics (the report holds them too). */
  readonly diagnostics: readonly Diagnostic[];
}

type Matchers = Readonly<Record<string, string | readonly string[]>>;

/** The name a catalog without `--name` gets. */
export const DEFAULT_IMPORT_NAME = "imported";
/** The team every imported alert and SLO is filed under until the owners are named. */
export const IMPORT_TEAM = "imported";
/** The service declared when none is imported: the catalog declares at least one. */
export const PLACEHOLDER_SERVICE = "imported-targets";
/**
 * The bound an open label gets when nothing says how many values it takes: the catalog needs one
 * (the series estimate), and a person should check it. Ten times the values seen, at least 10.
 */
function openBound(seen: number): number {
  return Math.max(10, seen * 10);
}

/** Labels Prometheus's scrape attaches to every series: a metric does not declare them. */
const TARGET_LABELS = new Set(["job", "instance"]);

/** The file name without folders and extension, as a rule file's kept `file` and TypeScript file name. */
function stemOf(file: string): string {
  const base = basename(file).replace(/\.(?:ya?ml|json|rules)(?:\.[a-z]+)?$/i, "");
  const clean = base.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^[_-]+/, "");
  return clean === "" ? "rules" : clean;
}

/** `node-exporter.yml` -> `node-exporter`: a kebab-case name for a metric group. */
export function kebab(s: string): string {
  const k = s
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "");
  return k === "" ? "imported" : k;
}

/** A metric key: snake_case, starting with a letter. */
function metricKey(name: string): string {
  const k = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^[^a-z]+/, "");
  return k === "" ? "metric" : k;
}

/** Makes `want` unique among `taken` (case-insensitively, for file systems that fold case), adding `-2`, `-3`. */
function unique(want: string, taken: Set<string>, sep = "-"): string {
  let name = want;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${want}${sep}${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function whereOf(d: Diagnostic): Pick<ReportEntry, "file" | "line" | "column"> {
  return { ...(d.file ? { file: d.file } : {}), ...(d.line ? { line: d.line } : {}), ...(d.column ? { column: d.column } : {}) };
}

function entryOf(d: Diagnostic): ReportEntry {
  return { severity: d.severity, code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}), ...whereOf(d) };
}

/** `P0`, `P1`, `P2` from `critical=P0,warning=P1`; a usage problem as a string. */
export function parseSeverityTable(text: string): SeverityTable | string {
  const table: Record<string, Priority> = {};
  for (const part of text.split(",")) {
    const m = /^\s*([^=\s]+)\s*=\s*(P[012])\s*$/.exec(part);
    if (!m) return `"${part.trim()}" is not word=P0, word=P1 or word=P2`;
    table[m[1]!] = m[2] as Priority;
  }
  return table;
}

const PRIORITIES: readonly Priority[] = ["P0", "P1", "P2"];
const DEFAULT_WORDS: Record<Priority, string> = { P0: "critical", P1: "warning", P2: "info" };

function severitiesOf(table: SeverityTable, counts: Map<string, number>): ImportedSeverities {
  const seen = [...counts].sort(([a], [b]) => compareCodePoints(a, b)).map(([word, alerts]) => ({ word, alerts, priority: table[word] }));
  // Each priority takes the word most alerts carry among those mapped to it (ties: code-point order),
  // when it is a lower-case word and the three stay distinct, as the catalog requires.
  const chosen: Partial<Record<Priority, string>> = {};
  for (const p of PRIORITIES) {
    const best = seen.filter((s) => s.priority === p && /^[a-z][a-z0-9_-]*$/.test(s.word)).sort((a, b) => b.alerts - a.alerts)[0];
    if (best) chosen[p] = best.word;
  }
  const catalog: Partial<Record<Priority, string>> = {};
  for (const p of PRIORITIES) {
    const word = chosen[p];
    if (word === undefined || word === DEFAULT_WORDS[p]) continue;
    const others = PRIORITIES.filter((q) => q !== p).map((q) => chosen[q] ?? DEFAULT_WORDS[q]);
    if (!others.includes(word)) catalog[p] = word;
  }
  return { table, catalog, seen };
}

function unitOf(u: string | null): Unit | undefined {
  return u && (UNITS as readonly string[]).includes(u) && u !== "none" ? (u as Unit) : undefined;
}

function whereText(w: Where): string {
  return "line" in w ? `${w.file}:${w.line}:${w.column}` : `${w.file} ${w.path}`;
}

function typeFromText(m: InventoryMetric): string {
  const t = m.typeFrom;
  if (t.origin === "metadata") return `metadata (${t.source.file}${t.source.line ? `:${t.source.line}` : ""})`;
  if (t.origin === "convention") return `naming convention (${t.inferredFrom})`;
  return "unknown";
}

interface Declaring {
  type: "counter" | "gauge" | "histogram";
  typeFrom: string;
  native?: boolean;
}

/** The catalog type of an inventory metric, or why it has none. */
function declaringOf(m: InventoryMetric): Declaring | { reason: string } {
  switch (m.type) {
    case "counter":
    case "gauge":
      return { type: m.type, typeFrom: typeFromText(m) };
    case "histogram":
      return { type: "histogram", typeFrom: typeFromText(m), ...(m.series.includes(`${m.name}_bucket`) || m.buckets ? {} : { native: true }) };
    // An info metric and a state set are gauges of value 1 or 0 (OpenMetrics 1.0).
    case "info":
    case "stateset":
      return { type: "gauge", typeFrom: `${typeFromText(m)}: ${m.type}, a gauge` };
    case "summary":
      return { reason: `a summary (${typeFromText(m)}): the catalog declares counters, gauges and histograms` };
    case "gaugehistogram":
      return { reason: `a gauge histogram (${typeFromText(m)}): the catalog declares counters, gauges and histograms` };
    default:
      return { reason: m.typeFrom.origin === "unknown" ? m.typeFrom.reason : "its type is unknown" };
  }
}

/**
 * Placeholder edges for a classic histogram whose buckets nothing shows (the catalog requires
 * some): powers of ten over a range wide enough that no threshold of the input sits above the top
 * edge, so the lint does not report a bug the guess made (`promql/quantile-above-buckets`).
 */
const PLACEHOLDER_BUCKETS = [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000, 100000, 1000000];

/** Imports rule files, dashboards, SLOs and metadata as a catalog to write. */
export function importCatalog(input: ImportInput, options: ImportOptions = {}): ImportResult {
  let versions: readonly PrometheusVersion[] = options.versions ?? DEFAULT_CATALOG_TARGET.versions;
  const newest = [...versions].sort((a, b) => PROMETHEUS_VERSIONS.indexOf(b) - PROMETHEUS_VERSIONS.indexOf(a))[0] ?? "3";
  const dialect = promqlDialect(newest, DEFAULT_CATALOG_TARGET.features);
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);

  // Metadata.
  const metadata: MetadataSource[] = [];
  for (const f of input.metadata ?? []) {
    const r = readMetadataText(f.file, f.text);
    if ("problem" in r) report(r.problem);
    else metadata.push(r.source);
  }

  // Rule files, each with a stem unique among them (the TypeScript file and the emitted rule file).
  const stems = new Set<string>();
  const loaded: { file: string; stem: string; loaded: LoadedRuleFile }[] = [];
  for (const f of input.rules ?? []) {
    const l = loadRuleFile(f.file, f.text);
    for (const d of l.diagnostics) if (d.severity === "error") report(d);
    loaded.push({ file: f.file, stem: unique(stemOf(f.file), stems), loaded: l });
  }

  // Dashboards: read for their metrics here, imported below (the importer reports JSON that does not parse, at line:col).
  const dashboardValues: { file: string; value: unknown }[] = [];
  for (const f of input.dashboards ?? []) {
    try {
      dashboardValues.push({ file: f.file, value: JSON.parse(f.text) });
    } catch {
      // importDashboards reports it.
    }
  }
  const { inventory, diagnostics: inventoryDiagnostics } = buildInventory({
    ruleFiles: loaded.map((l) => ({ file: l.file, loaded: l.loaded })),
    dashboards: dashboardValues,
    metadata,
    dialect,
  });
  diagnostics.push(...inventoryDiagnostics);

  // SLOs, and the types they need their metrics declared with.
  // Without SLO documents, the SLOs Sloth and Pyrra generated rules for: their groups are replaced
  // by the catalog SLO's own rules, so they are not kept.
  const sloImport =
    input.slos && input.slos.length > 0
      ? { ...importSlos(input.slos), consumedGroups: [] }
      : slosFromGeneratedRules(loaded.map((l) => ({ file: l.file, loaded: l.loaded })));
  diagnostics.push(...sloImport.diagnostics);
  const slos: ImportedSlo[] = [...sloImport.slos];
  const sloTypes = new Map<string, Declaring>();
  const sloLabels = new Map<string, Map<string, Set<string>>>();
  for (const s of slos) {
    if (s.kind !== "slo") continue;
    const spec = s.spec as { metric: string; where?: Matchers; good?: Matchers; total?: Matchers };
    const labels = sloLabels.get(spec.metric) ?? new Map<string, Set<string>>();
    sloLabels.set(spec.metric, labels);
    for (const m of [spec.where, spec.good, spec.total])
      for (const [label, v] of Object.entries(m ?? {})) {
        const values = labels.get(label) ?? new Set<string>();
        labels.set(label, values);
        for (const x of typeof v === "string" ? [v] : v) values.add(x);
      }
  }
  for (const s of slos)
    if (s.kind === "slo")
      for (const m of s.metrics)
        sloTypes.set(m.name, {
          type: m.type,
          typeFrom: `the SLO ${s.spec.name} (${s.origin.file}:${s.origin.line}:${s.origin.column})`,
          ...(m.native ? { native: true } : {}),
        });

  // Services, from a prometheus.yml's scrape jobs, else from the jobs the rules match on.
  // The services SLO documents file their SLOs under are jobs too: an SLO is exported under the
  // service exposing its metric, and an availability objective lives on its job's service.
  const jobs = jobsOf(loaded);
  for (const s of slos) {
    if (s.kind === "raw" || jobs.some((j) => j.job === s.service)) continue;
    jobs.push({ job: s.service, uses: [{ file: s.origin.file, line: s.origin.line, column: s.origin.column }] });
  }
  jobs.sort((a, b) => compareCodePoints(a.job, b.job));
  const serviceImport = importServices({ ...(input.prometheusConfig ? { prometheusConfig: input.prometheusConfig } : {}), jobs });
  const services: ImportedService[] = serviceImport.services.map((svc) => {
    const availability = slos.find((s) => s.kind === "availability" && s.service === svc.job);
    return availability?.kind === "availability" ? { ...svc, availability: availability.objective } : svc;
  });
  diagnostics.push(...serviceImport.diagnostics);
  for (const s of slos) {
    if (s.kind !== "availability") continue;
    const svc = services.find((x) => x.job === s.service);
    if (svc && `${svc.name}-availability` !== s.name)
      report({
        code: IMPORT_CODES.availabilityName,
        severity: "warning",
        message: `the availability objective ${s.name} is ${svc.name}'s \`availability\` (${s.objective}%), which the catalog names ${svc.name}-availability`,
        hint: "nothing to do unless dashboards or alerts read the old name: the catalog names a service's availability SLO after the service",
        file: s.origin.file,
        line: s.origin.line,
        column: s.origin.column,
      });
  }
  // Generated groups the catalog's own SLO rules replace: those of each SLO, and those of an
  // availability objective set on its service (one left as a TODO, with no service, keeps its groups).
  const consumedGroups = sloImport.consumedGroups.filter(
    (g) =>
      g.sloKind === "slo" ||
      slos.some((s) => s.kind === "availability" && s.name === g.slo && services.some((x) => x.job === s.service && x.availability === s.objective)),
  );
  const consumed = new Set(consumedGroups.map((g) => `${g.file}\u0000${g.group}`));
  // The service an SLO document files the SLO under, for the metrics the SLO reads.
  const sloService = new Map<string, string>();
  for (const s of slos) {
    if (s.kind !== "slo") continue;
    const svc = services.find((x) => x.job === s.service);
    if (svc) for (const m of s.metrics) if (!sloService.has(m.name)) sloService.set(m.name, svc.name);
  }
  const placeholderService = services.length === 0;
  if (placeholderService && (loaded.length > 0 || slos.length > 0)) {
    report({
      code: IMPORT_CODES.placeholderService,
      severity: "info",
      message: `no service was imported, so the catalog declares one placeholder, ${PLACEHOLDER_SERVICE}, exposing every metric group`,
      hint: "replace it with the services Prometheus scrapes (name, port, discovery), and list them in each group's exposedBy",
    });
  }
  const serviceNames = placeholderService ? [PLACEHOLDER_SERVICE] : services.map((s) => s.name);

  // Metrics: declared when their type is known, in a service that claims them or a group per input file stem.
  const stemOfFile = new Map(loaded.map((l) => [l.file, l.stem]));
  const groupNames = new Set<string>(serviceNames.map((s) => s.toLowerCase()));
  const groupsByStem = new Map<string, ImportedMetricGroup>();
  const groupFor = (stem: string, description: string): ImportedMetricGroup => {
    let g = groupsByStem.get(stem);
    if (!g) {
      g = { name: unique(kebab(stem), groupNames), description, exposedBy: [...serviceNames].sort(compareCodePoints) };
      groupsByStem.set(stem, g);
    }
    return g;
  };
  const metrics: ImportedMetric[] = [];
  const unknownMetrics: UnknownMetric[] = [];
  const keysByHome = new Map<string, Set<string>>();
  const declare = (name: string, d: Declaring, m: InventoryMetric | undefined, firstUse: Where | undefined) => {
    const claimed = placeholderService ? undefined : ((m ? serviceOfMetric(m, services) : undefined) ?? sloService.get(name));
    const fileStem = firstUse ? (stemOfFile.get(firstUse.file) ?? kebab(stemOf(firstUse.file))) : "slos";
    const home = claimed
      ? { kind: "service" as const, name: claimed }
      : {
          kind: "group" as const,
          name: groupFor(fileStem, firstUse ? `Metrics the imported ${firstUse.file} reads` : "Metrics the imported SLOs read").name,
        };
    const homeKey = `${home.kind}:${home.name}`;
    const keys = keysByHome.get(homeKey) ?? new Set<string>();
    keysByHome.set(homeKey, keys);
    const key = unique(metricKey(name), keys, "_");
    const labels: ImportedLabel[] = [];
    const leftOut: { label: string; reason: string }[] = [];
    for (const l of m?.labels ?? []) {
      const reason = RESERVED_LABELS.has(l.name)
        ? "Prometheus adds it (histogram buckets, summary quantiles)"
        : TARGET_LABELS.has(l.name)
          ? "a target label: Prometheus's scrape attaches it"
          : l.name.startsWith("__") || !LABEL_NAME_RE.test(l.name)
            ? "reserved for Prometheus's internal use"
            : undefined;
      if (reason) {
        leftOut.push({ label: l.name, reason });
        continue;
      }
      // An empty value is the label's absence to Prometheus: the catalog takes no such value.
      const values = l.values.filter((v) => v !== "");
      labels.push(
        l.closed && values.length > 0 && values.length === l.values.length
          ? { name: l.name, kind: "closed", values: l.values, closedBy: l.closedBy?.file ?? "the metadata" }
          : { name: l.name, kind: "open", maxValues: openBound(values.length), examples: values },
      );
    }
    // Labels an SLO matches on are declared whatever else says, `job` included: the catalog checks
    // an SLO's matchers against its metric's labels.
    for (const [label, values] of sloLabels.get(name) ?? []) {
      const at = labels.findIndex((l) => l.name === label);
      const had = at >= 0 ? labels[at]! : undefined;
      if (had?.kind === "closed" && [...values].every((v) => had.values.includes(v))) continue;
      const examples = [...new Set([...(had?.kind === "open" ? had.examples : (had?.values ?? [])), ...values])].sort(compareCodePoints);
      const open: ImportedLabel = { name: label, kind: "open", maxValues: openBound(examples.length), examples };
      if (at >= 0) labels[at] = open;
      else labels.push(open);
      const left = leftOut.findIndex((l) => l.label === label);
      if (left >= 0) leftOut.splice(left, 1);
    }
    labels.sort((a, b) => compareCodePoints(a.name, b.name));
    // Placeholder edges take every latency SLO threshold on the metric: the catalog reads an SLO at a bucket edge.
    const thresholds = slos.flatMap((x) => (x.kind === "slo" && x.spec.kind === "latency" && x.spec.metric === name ? [x.spec.threshold] : []));
    const placeholder = [...new Set([...PLACEHOLDER_BUCKETS, ...thresholds])].sort((a, b) => a - b);
    const known = m?.buckets && m.buckets.length > 0 ? m.buckets : undefined;
    // A native histogram declares buckets too: the classic series the stubs expose beside it.
    const buckets = d.type === "histogram" ? (known ?? placeholder) : undefined;
    metrics.push({
      name,
      type: d.type,
      typeFrom: d.typeFrom,
      help: m?.help ?? `Read by the imported ${firstUse ? firstUse.file : "SLOs"}; replace with the exporter's HELP text`,
      ...(unitOf(m?.unit ?? null) ? { unit: unitOf(m?.unit ?? null)! } : {}),
      labels,
      ...(buckets ? { buckets, bucketsKnown: buckets === known } : {}),
      ...(d.native ? { native: true } : {}),
      home,
      key,
      ident: "",
      silence: [],
      leftOut,
    });
  };
  for (const m of inventory.metrics) {
    const d = sloTypes.get(m.name) ?? declaringOf(m);
    if ("reason" in d) {
      unknownMetrics.push({ name: m.name, reason: d.reason, uses: m.uses });
      continue;
    }
    declare(m.name, d, m, m.uses[0]);
  }
  for (const [name, d] of sloTypes) if (!inventory.metrics.some((m) => m.name === name)) declare(name, d, undefined, undefined);
  metrics.sort((a, b) => compareCodePoints(a.name, b.name));
  const declared = new Map(metrics.map((m) => [m.name, m]));
  // Series name -> declared metric (`x_bucket`, `x_count`, `x_sum` -> `x`).
  // Native histograms need a version that has them (SEMANTICS.nativeHistograms; 2.x reads them
  // only behind a feature flag): a catalog declaring one targets only those, unless the user chose.
  const native = metrics.filter((m) => m.native);
  const withNative = versions.filter((v) => SEMANTICS[v].nativeHistograms);
  if (native.length > 0 && options.versions === undefined && withNative.length > 0 && withNative.length < versions.length) {
    versions = withNative;
    report({
      code: IMPORT_CODES.nativeVersion,
      severity: "info",
      message: `the catalog targets ${withNative.map((v) => SEMANTICS[v].release).join(" and ")} only, as it declares native histograms (${native.map((m) => m.name).join(", ")})`,
      hint: "nothing to do unless an older server reads these rules: it reads native histograms only behind --enable-feature=native-histograms, which the catalog does not model",
    });
  }

  const bySeries = new Map<string, string>();
  for (const m of inventory.metrics) if (declared.has(m.name)) for (const s of [m.name, ...m.series]) bySeries.set(s, m.name);
  for (const name of declared.keys()) if (!bySeries.has(name)) bySeries.set(name, name);

  // What the condition importer may use: the declared metrics, histograms with the buckets they are
  // declared with (placeholder ones included: a quantile at the top bucket compiles to another form).
  const conditionContext: ConditionContext = {
    metric: (name) => {
      const m = declared.get(name);
      return m ? { type: m.type, ...(m.native ? { native: true } : {}), ...(m.buckets ? { buckets: m.buckets } : {}) } : undefined;
    },
    versions,
  };

  // A typed condition's `where` (and a ratio's numerator and denominator) must name labels its
  // metric declares. The scrape's `job` and `instance` are left out of a metric's labels unless a
  // condition matches on them: then they are declared (open, with the values matched).
  const targetLabelsMatched = new Map<string, Map<string, Set<string>>>();
  const alertExprOf = (text: string): ImportedExpr => {
    const e = exprOf(text, dialect, bySeries, conditionContext);
    if (e.kind !== "typed") return e;
    const c = e.condition as { metric: string; where?: Matchers; numerator?: Matchers; denominator?: Matchers };
    const metric = declared.get(c.metric)!;
    const wanted = new Map<string, Set<string>>();
    for (const m of [c.where, c.numerator, c.denominator])
      for (const [label, v] of Object.entries(m ?? {})) wanted.set(label, new Set([...(wanted.get(label) ?? []), ...(typeof v === "string" ? [v] : v)]));
    for (const [label, values] of wanted) {
      const has = metric.labels.find((l) => l.name === label);
      const problem = has
        ? has.kind === "closed" && [...values].some((v) => !has.values.includes(v))
          ? `matches a value the closed label ${label} does not list`
          : undefined
        : TARGET_LABELS.has(label)
          ? undefined
          : `matches on ${label}, which the metric cannot declare`;
      if (problem) return { kind: "text", text, metrics: metricsRead(text, dialect, bySeries), untyped: problem };
    }
    for (const [label, values] of wanted) {
      if (metric.labels.some((l) => l.name === label)) continue;
      const byLabel = targetLabelsMatched.get(c.metric) ?? new Map<string, Set<string>>();
      targetLabelsMatched.set(c.metric, byLabel);
      byLabel.set(label, new Set([...(byLabel.get(label) ?? []), ...values]));
    }
    return e;
  };

  // Rules: every group kept as written (but the generated ones an SLO replaces), each alert typed
  // where the condition importer accepts it, each other expression naming the declared metrics it reads.
  const severityCounts = new Map<string, number>();
  const groupSeen = new Map<string, string>();
  const ruleFiles: ImportedRuleFile[] = [];
  for (const l of loaded) {
    const kept = keptRuleGroupsOf(l.loaded.value, l.stem);
    const parsedGroups = l.loaded.value.groups;
    for (const gap of kept.gaps) {
      const g = parsedGroups.find((x) => x.name === gap.group);
      const at = g?.position;
      report({
        code: gap.reason === "group-labels" ? IMPORT_CODES.groupLabels : IMPORT_CODES.unknownRule,
        severity: "error",
        message:
          gap.reason === "group-labels"
            ? `group "${gap.group}" has labels (Prometheus 3), which a kept group cannot hold: its rules would lose them`
            : `group "${gap.group}" has a rule that is neither an alert nor a recording rule: it is not imported`,
        hint:
          gap.reason === "group-labels"
            ? "copy the group's labels onto each of its rules, remove them from the group, and import again"
            : "give the rule an `alert` or a `record` (promtool check rules shows what is wrong), and import again",
        file: l.file,
        ...(at ? { line: at.line, column: at.column } : {}),
      });
    }
    const groups = kept.ruleGroups.flatMap((g, gi) => {
      if (consumed.has(`${l.file}\u0000${g.name}`)) return [];
      const parsed = parsedGroups[gi];
      const previous = groupSeen.get(g.name);
      if (previous !== undefined) {
        report({
          code: IMPORT_CODES.duplicateGroup,
          severity: "error",
          message: `group "${g.name}" is declared in ${previous} too: a catalog names each rule group once`,
          hint: "rename one of the groups, or import the two files into different catalogs",
          file: l.file,
          ...(parsed ? { line: parsed.position.line, column: parsed.position.column } : {}),
        });
      } else groupSeen.set(g.name, l.file);
      const rules = g.rules.map((r): ImportedRule => {
        // keptRuleGroupsOf writes every expression as its text; a typed condition never comes from a rule file.
        const text = typeof r.expr === "string" ? r.expr : "expr" in r.expr ? r.expr.expr : "";
        if ("alert" in r) {
          const labels = Object.entries(r.labels ?? {});
          const severity = labels.find(([k]) => k === "severity")?.[1];
          if (severity !== undefined) severityCounts.set(severity, (severityCounts.get(severity) ?? 0) + 1);
          return {
            kind: "alert",
            alert: r.alert,
            expr: alertExprOf(text),
            ...(r.for !== undefined ? { for: r.for } : {}),
            ...(r.keepFiringFor !== undefined ? { keepFiringFor: r.keepFiringFor } : {}),
            labels,
            annotations: Object.entries(r.annotations ?? {}),
          };
        }
        return {
          kind: "record",
          record: r.record,
          expr: exprOf(text, dialect, bySeries, undefined),
          labels: Object.entries(r.labels ?? {}),
        };
      });
      return [
        {
          name: g.name,
          file: g.file ?? l.stem,
          ...(g.interval !== undefined ? { interval: g.interval } : {}),
          ...(g.limit !== undefined ? { limit: g.limit } : {}),
          ...(g.queryOffset !== undefined ? { queryOffset: g.queryOffset } : {}),
          rules,
        },
      ];
    });
    ruleFiles.push({ source: l.file, stem: l.stem, groups });
  }

  for (const [name, byLabel] of targetLabelsMatched) {
    const at = metrics.findIndex((m) => m.name === name);
    const m = metrics[at]!;
    const added: ImportedLabel[] = [...byLabel].map(([label, values]) => {
      const examples = [...values].sort(compareCodePoints);
      return { name: label, kind: "open", maxValues: openBound(examples.length), examples };
    });
    metrics[at] = {
      ...m,
      labels: [...m.labels, ...added].sort((a, b) => compareCodePoints(a.name, b.name)),
      leftOut: m.leftOut.filter((l) => !byLabel.has(l.label)),
    };
  }

  const severities = severitiesOf(options.severityTable ?? DEFAULT_SEVERITY_TABLE, severityCounts);
  const unmapped = severities.seen.filter((s) => s.priority === undefined);
  if (unmapped.length > 0) {
    report({
      code: IMPORT_CODES.severity,
      severity: "warning",
      message: `severity words the table does not map to a priority: ${unmapped.map((s) => `${s.word} (${s.alerts} alerts)`).join(", ")}`,
      hint: `map them with --severity, e.g. --severity ${unmapped.map((s) => `${s.word}=P1`).join(",")}; the alerts keep their severity label as written`,
    });
  }

  for (const u of unknownMetrics) {
    report({
      code: IMPORT_CODES.unknownMetric,
      severity: "info",
      message: `${u.name} is not declared: ${u.reason}`,
      hint: "pass --metadata (a saved /api/v1/metadata response or the exporter's /metrics) to type it, or declare it by hand",
      ...(u.uses[0] && "line" in u.uses[0] ? { file: u.uses[0].file, line: u.uses[0].line, column: u.uses[0].column } : {}),
    });
  }

  // Dashboards: catalog dashboards where building them gives the same panels, else raw; each
  // catalog query names the declared metrics it reads.
  let dashboards: ImportedDashboard[] = [];
  if ((input.dashboards ?? []).length > 0) {
    const r = importDashboards(input.dashboards ?? []);
    diagnostics.push(...r.diagnostics);
    dashboards = r.dashboards.map((d) => (d.kind === "catalog" ? withPanelMetrics(d, dialect, bySeries) : d));
  }

  const catalog: ImportedCatalog = {
    name: options.name ?? DEFAULT_IMPORT_NAME,
    versions: [...versions],
    team: IMPORT_TEAM,
    severities,
    services,
    placeholderService,
    groups: [...groupsByStem.values()].sort((a, b) => compareCodePoints(a.name, b.name)),
    metrics,
    unknownMetrics: unknownMetrics.sort((a, b) => compareCodePoints(a.name, b.name)),
    ruleFiles,
    slos,
    ...(sloImport.period ? { sloPeriod: sloImport.period } : {}),
    consumedGroups,
    ...(serviceImport.globalScrapeInterval ? { scrapeInterval: serviceImport.globalScrapeInterval } : {}),
    dashboards,
    report: diagnostics.map(entryOf),
  };
  return { catalog, diagnostics };
}

/** The `job` values the rules match on, with where: what the service importer starts from. */
function jobsOf(loaded: readonly { file: string; loaded: LoadedRuleFile }[]): { job: string; uses: Where[] }[] {
  const jobs = new Map<string, Where[]>();
  for (const l of loaded)
    for (const g of l.loaded.value.groups)
      for (const r of g.rules) {
        if (!r.expr) continue;
        const parsed = parsePromql(r.expr.value);
        if (!parsed.ast) continue;
        const at = r.expr.position;
        walk(parsed.ast, (n) => {
          if (n.type !== "VectorSelector") return;
          for (const m of n.matchers)
            if (m.name === "job" && m.op === "=") jobs.set(m.value, [...(jobs.get(m.value) ?? []), { file: l.file, line: at.line, column: at.column }]);
        });
      }
  return [...jobs].sort(([a], [b]) => compareCodePoints(a, b)).map(([job, uses]) => ({ job, uses }));
}

/** A rule's expression: typed where the condition importer accepts it (alerts only), else the text, the declared metrics it reads and why not. */
function exprOf(
  text: string,
  dialect: ReturnType<typeof promqlDialect>,
  bySeries: ReadonlyMap<string, string>,
  conditions: ConditionContext | undefined,
): ImportedExpr {
  const condition = conditions ? typedConditionOf(text, conditions) : undefined;
  if (condition) return { kind: "typed", condition: condition as TypedConditionData };
  const untyped = conditions ? reasonNotTyped(text, conditions) : undefined;
  return { kind: "text", text, metrics: metricsRead(text, dialect, bySeries), ...(untyped ? { untyped } : {}) };
}

/** The declared metrics an expression's selectors read (`x_bucket` is `x`'s). */
function metricsRead(text: string, dialect: ReturnType<typeof promqlDialect>, bySeries: ReadonlyMap<string, string>): string[] {
  const names = new Set<string>();
  const parsed = parsePromql(text, dialect);
  if (parsed.ast)
    walk(parsed.ast, (n) => {
      if (n.type !== "VectorSelector") return;
      const name = selectorName(n);
      const metric = name === undefined ? undefined : bySeries.get(name);
      if (metric !== undefined) names.add(metric);
    });
  return [...names].sort(compareCodePoints);
}

/** A catalog dashboard whose queries name the declared metrics they read (Grafana's macros read as the linter reads them). */
function withPanelMetrics(
  d: Extract<ImportedDashboard, { kind: "catalog" }>,
  dialect: ReturnType<typeof promqlDialect>,
  bySeries: ReadonlyMap<string, string>,
): ImportedDashboard {
  const rows = d.def.rows.map((r) => ({
    ...r,
    panels: r.panels.map((p) => ({
      ...p,
      targets: p.targets.map((t) => ({ ...t, query: { ...t.query, metrics: metricsRead(substituteGrafana(t.query.expr).text, dialect, bySeries) } })),
    })),
  }));
  return { ...d, def: { ...d.def, rows } };
}
