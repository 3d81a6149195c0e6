/**
 * Sloth `prometheus/v1` specs and OpenSLO v1 documents, read back into the catalog's SLO
 * declarations: the reverse of src/emit/slo-export/. Pure: text in, SLO specs and diagnostics out
 * (docs/import.md, "SLOs from Sloth and OpenSLO").
 *
 * An indicator becomes a catalog SLO when its queries have the shapes the exporter writes
 * (src/emit/slo-export/mapping.ts):
 *
 *   ratio          sum(rate(m{total}[w])) - sum(rate(m{good}[w]))  /  sum(rate(m{total}[w]))
 *   latency        sum(rate(m_count{where}[w])) - sum(rate(m_bucket{where, le="t"}[w]))  /  sum(rate(m_count{where}[w]))
 *   native latency 1 - histogram_fraction(-Inf, t, sum(rate(m{where}[w])))
 *   availability   1 - avg(avg_over_time(up{job="x"}[w]))   (an objective on service x)
 *
 * and OpenSLO's `good` queries are read as the good events they are (`sum(rate(m{good}[w]))`,
 * `sum(rate(m_bucket{le="t"}[w]))`). Anything else is kept as a raw indicator with a warning naming
 * the SLO and why the catalog cannot express it; nothing is dropped without a diagnostic.
 *
 * Formats: Sloth's fields from pkg/prometheus/api/v1/v1.go (slok/sloth, commit 0e395d8), its window
 * placeholder `{{ *\.window *}}` from pkg/common/conventions; OpenSLO v1 from the specification's
 * README.md (OpenSLO/OpenSLO, commit aa5cb78). Positions come from the `yaml` package's node ranges.
 */
import { isCollection, isMap, isScalar, LineCounter, type Document, type Node, parseAllDocuments } from "yaml";
import { parseDuration } from "../compat/go/duration.js";
import { WIDEST_PROMQL } from "../compat/prometheus.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { mulExact } from "../model/numbers.js";
import type { SloSpec } from "../model/schema.js";
import type { AggregateExpr, Expr, FunctionCall, LabelMatcher, MatrixSelector, VectorSelector } from "../promql/ast.js";
import { parsePromql } from "../promql/parse.js";

export const SLO_IMPORT = {
  yaml: "import/slo-yaml",
  malformed: "import/slo-malformed",
  notExpressible: "import/slo-not-expressible",
  period: "import/slo-period",
  name: "import/slo-name",
  duplicate: "import/slo-duplicate",
} as const;

/** One file to read: its name for diagnostics and its text. */
export interface SloSourceFile {
  readonly file: string;
  readonly text: string;
}

/** Where an SLO was read from: a Sloth spec, an OpenSLO document, or the rules Sloth or Pyrra generated (src/import/generated-slos.ts). */
export type SloFormat = "sloth" | "openslo" | "pyrra";

/** Where a declaration was read from. */
export interface SloOrigin {
  readonly format: SloFormat;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A metric an imported SLO reads, with the type (and histogram kind) the catalog must declare it with. */
export interface SloMetricUse {
  readonly name: string;
  readonly type: "counter" | "histogram";
  /** For histograms: `true` for a native histogram (read by `histogram_fraction`), `false` for a classic one. */
  readonly native?: boolean;
}

/** A ratio or latency SLO of the catalog. */
export type ImportedSloSpec = Extract<SloSpec, { kind: "ratio" | "latency" }>;

export type ImportedSlo =
  | {
      readonly kind: "slo";
      readonly spec: ImportedSloSpec;
      /** The service the document filed it under. */
      readonly service: string;
      readonly metrics: readonly SloMetricUse[];
      readonly origin: SloOrigin;
    }
  | {
      /** An availability objective, which the catalog holds on the service (`availability: 99.9`). */
      readonly kind: "availability";
      readonly name: string;
      readonly service: string;
      readonly objective: number;
      readonly origin: SloOrigin;
    }
  | {
      /** An indicator the catalog cannot express yet, kept as written (a warning says why). */
      readonly kind: "raw";
      readonly name: string;
      readonly description: string | undefined;
      readonly service: string;
      readonly objective: number;
      readonly queries: Readonly<Record<string, string>>;
      readonly reason: string;
      readonly origin: SloOrigin;
    };

export interface SloImport {
  readonly slos: readonly ImportedSlo[];
  /** The SLO period OpenSLO time windows name (the first one met, when they differ); undefined from Sloth alone. */
  readonly period: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Sloth's window placeholder, as its validation matches it (pkg/common/conventions `TplSLIQueryWindowVarRegex`). */
const SLOTH_WINDOW = /\{\{ *\.window *\}\}/g;

/**
 * The window put in place of Sloth's placeholder before parsing; the imported SLO's `window` too,
 * the window obsgen's own shortest error ratio is recorded over. Neither format carries the
 * catalog's `window`, so every imported SLO gets this one.
 */
const IMPORT_WINDOW = "5m";

const CATALOG_SLO_NAME = /^[a-z][a-z0-9-]*$/;

/** How many alias expansions a document may take: far more than a hand-written spec uses. */
const MAX_ALIAS_COUNT = 1000;

type Path = readonly (string | number)[];

function position(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** One YAML document with what is needed to name file:line:col for any path in it. */
class Located {
  constructor(
    readonly file: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Line and column of the node at `path`, else of its nearest ancestor that exists. */
  at(path: Path): { line: number; column: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as Node | undefined;
      const offset = node && (isScalar(node) || isCollection(node)) ? node.range?.[0] : undefined;
      if (offset !== undefined) return position(this.lines, offset);
    }
    return { line: 1, column: 1 };
  }

  origin(format: SloFormat, path: Path): SloOrigin {
    return { format, file: this.file, ...this.at(path) };
  }
}

class Collector {
  readonly slos: ImportedSlo[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly periods: { period: string; slo: string; where: string; at: { file: string; line: number; column: number } }[] = [];

  report(severity: Diagnostic["severity"], code: string, src: Located, path: Path, message: string, hint: string): void {
    this.diagnostics.push({ code, severity, message, hint, file: src.file, ...src.at(path) });
  }
}

/** Reads Sloth and OpenSLO files (any mix, any number of YAML documents each) into catalog SLOs. */
export function importSlos(files: readonly SloSourceFile[]): SloImport {
  const c = new Collector();
  const openSlo: { src: Located; value: Record<string, unknown> }[] = [];
  for (const f of files) {
    const lines = new LineCounter();
    const docs = parseAllDocuments(f.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      const src = new Located(f.file, doc, lines);
      if (doc.errors.length > 0) {
        for (const e of doc.errors) {
          const { line, column } = position(lines, e.pos[0]);
          c.diagnostics.push({
            code: SLO_IMPORT.yaml,
            severity: "error",
            message: `not valid YAML: ${e.message.split("\n")[0]}`,
            hint: "fix the YAML syntax",
            file: f.file,
            line,
            column,
          });
        }
        continue;
      }
      if (doc.contents === null) continue;
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        // `yaml` refuses to expand aliases past the count (its guard against "billion laughs").
        c.report(
          "error",
          SLO_IMPORT.yaml,
          src,
          [],
          `the document expands aliases more than ${MAX_ALIAS_COUNT} times`,
          "write the document without so many nested aliases",
        );
        continue;
      }
      if (!isRecord(value) || !isMap(doc.contents)) {
        c.report(
          "error",
          SLO_IMPORT.malformed,
          src,
          [],
          "a document that is not a mapping: neither a Sloth spec nor an OpenSLO document",
          "remove it, or write a Sloth `version: prometheus/v1` spec or an OpenSLO `apiVersion: openslo/v1` document",
        );
        continue;
      }
      if (value.version === "prometheus/v1") readSloth(c, src, value);
      else if (value.apiVersion === "openslo/v1") openSlo.push({ src, value });
      else
        c.report(
          "error",
          SLO_IMPORT.malformed,
          src,
          "version" in value ? ["version"] : "apiVersion" in value ? ["apiVersion"] : [],
          `neither a Sloth spec (version: prometheus/v1) nor an OpenSLO v1 document (apiVersion: openslo/v1)${typeof value.version === "string" ? `: version ${value.version}` : typeof value.apiVersion === "string" ? `: apiVersion ${value.apiVersion}` : ""}`,
          "import Sloth prometheus/v1 specs and OpenSLO v1 documents only (Sloth's Kubernetes CRD and OpenSLO v2alpha are not read)",
        );
    }
  }
  readOpenSlo(c, openSlo);
  reportDuplicates(c);
  const period = c.periods[0]?.period;
  const differing = c.periods.filter((p) => parseDuration(p.period) !== parseDuration(period ?? ""));
  if (period && differing[0]) {
    c.diagnostics.push({
      ...differing[0].at,
      code: SLO_IMPORT.period,
      severity: "warning",
      message: `the catalog has one SLO period and ${period} is taken (SLO ${c.periods[0]!.slo}); ${differing.map((d) => `SLO ${d.slo} has ${d.period} (${d.where})`).join(", ")}`,
      hint: "check that the one sloPeriod suits every SLO, or keep those SLOs in a catalog of their own",
    });
  }
  return { slos: c.slos, period, diagnostics: c.diagnostics };
}

/**
 * The catalog names each SLO once (`catalog/duplicate-slo`): an SLO read twice (the same SLO in a
 * Sloth spec and an OpenSLO document, or two specs) is reported at its second reading.
 */
function reportDuplicates(c: Collector): void {
  const seen = new Map<string, SloOrigin>();
  for (const s of c.slos) {
    const name = s.kind === "slo" ? s.spec.name : s.name;
    const first = seen.get(name);
    if (!first) {
      seen.set(name, s.origin);
      continue;
    }
    c.diagnostics.push({
      code: SLO_IMPORT.duplicate,
      severity: "warning",
      message: `SLO ${name} is read twice: here and at ${first.file}:${first.line}:${first.column}; the catalog names each SLO once`,
      hint: "import one of the two (or rename one in its source)",
      file: s.origin.file,
      line: s.origin.line,
      column: s.origin.column,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Sloth

function readSloth(c: Collector, src: Located, spec: Record<string, unknown>): void {
  const service = spec.service;
  if (typeof service !== "string" || service === "") {
    c.report("error", SLO_IMPORT.malformed, src, ["service"], "a Sloth spec without `service`", "name the service the SLOs belong to: `service: checkout`");
    return;
  }
  if (!Array.isArray(spec.slos) || spec.slos.length === 0) {
    c.report(
      "error",
      SLO_IMPORT.malformed,
      src,
      ["slos"],
      `Sloth spec of service ${service} has no \`slos\` list`,
      "list the SLOs under `slos:` (Sloth requires at least one)",
    );
    return;
  }
  spec.slos.forEach((raw, i) => {
    const path = ["slos", i];
    if (!isRecord(raw)) {
      c.report(
        "error",
        SLO_IMPORT.malformed,
        src,
        path,
        `slos[${i}] of Sloth service ${service} is not a mapping`,
        "write each SLO as a mapping with name, objective and sli",
      );
      return;
    }
    const name = raw.name;
    if (typeof name !== "string" || name === "") {
      c.report("error", SLO_IMPORT.malformed, src, path, `slos[${i}] of Sloth service ${service} has no \`name\``, "name the SLO: `name: checkout-success`");
      return;
    }
    const objective = raw.objective;
    if (typeof objective !== "number" || !(objective > 0 && objective <= 100)) {
      c.report(
        "error",
        SLO_IMPORT.malformed,
        src,
        [...path, "objective"],
        `SLO ${name}: \`objective\` must be a number above 0 and at most 100 (a percentage), not ${JSON.stringify(objective)}`,
        "write the objective in percent: `objective: 99.9`",
      );
      return;
    }
    const sli = raw.sli;
    const kinds = isRecord(sli) ? (["events", "raw", "plugin"] as const).filter((k) => k in sli) : [];
    if (!isRecord(sli) || kinds.length !== 1) {
      c.report(
        "error",
        SLO_IMPORT.malformed,
        src,
        isRecord(sli) ? [...path, "sli"] : path,
        `SLO ${name}: \`sli\` must hold exactly one of events, raw or plugin`,
        "write `sli.events` (error_query, total_query) or `sli.raw` (error_ratio_query)",
      );
      return;
    }
    const alerting = isRecord(raw.alerting) ? raw.alerting : {};
    const team = labelOf(alerting.labels, "team") ?? labelOf(isRecord(alerting.page_alert) ? alerting.page_alert.labels : undefined, "team");
    const base: Base = {
      name,
      description: typeof raw.description === "string" && raw.description !== "" ? raw.description : undefined,
      service,
      objective,
      team,
      origin: src.origin("sloth", path),
    };
    const kind = kinds[0]!;
    if (kind === "plugin") {
      keepRaw(c, src, [...path, "sli", "plugin"], base, {}, "a Sloth SLI plugin computes its own query, which obsgen cannot read");
      return;
    }
    const fields = kind === "events" ? (["error_query", "total_query"] as const) : (["error_ratio_query"] as const);
    const queries: Record<string, string> = {};
    const parsed: Record<string, Expr> = {};
    for (const field of fields) {
      const qPath = [...path, "sli", kind, field];
      const q = (sli[kind] as Record<string, unknown> | undefined)?.[field];
      if (typeof q !== "string" || q.trim() === "") {
        c.report(
          "error",
          SLO_IMPORT.malformed,
          src,
          isRecord(sli[kind]) ? qPath : [...path, "sli", kind],
          `SLO ${name}: \`sli.${kind}.${field}\` is missing`,
          `write the PromQL query with Sloth's window placeholder: \`sum(rate(m[{{.window}}]))\``,
        );
        return;
      }
      queries[field] = q;
      if (!q.match(SLOTH_WINDOW)) {
        c.report(
          "error",
          SLO_IMPORT.malformed,
          src,
          qPath,
          `SLO ${name}: \`sli.${kind}.${field}\` has no \`{{.window}}\`, which Sloth requires in every SLI query`,
          "write the range of each rate as `[{{.window}}]`",
        );
        return;
      }
      const expr = parseQuery(c, src, qPath, name, field, q.replace(SLOTH_WINDOW, IMPORT_WINDOW));
      if (!expr) return;
      parsed[field] = expr;
    }
    const read = kind === "events" ? readEvents(parsed.error_query!, parsed.total_query!) : readErrorRatio(parsed.error_ratio_query!);
    settle(c, src, [...path, "sli", kind], base, queries, read);
  });
}

// ---------------------------------------------------------------------------------------------
// OpenSLO

function readOpenSlo(c: Collector, docs: readonly { src: Located; value: Record<string, unknown> }[]): void {
  const slis = new Map<string, { src: Located; value: Record<string, unknown> }>();
  for (const d of docs) {
    const name = isRecord(d.value.metadata) ? d.value.metadata.name : undefined;
    if (typeof name !== "string" || name === "") {
      c.report(
        "error",
        SLO_IMPORT.malformed,
        d.src,
        isRecord(d.value.metadata) ? ["metadata"] : [],
        `an OpenSLO ${String(d.value.kind)} document without \`metadata.name\``,
        "name every document: `metadata: { name: checkout-success }`",
      );
      continue;
    }
    if (d.value.kind === "SLI") slis.set(name, d);
  }
  for (const d of docs) {
    if (d.value.kind !== "SLO") continue;
    const name = (d.value.metadata as Record<string, unknown>).name;
    if (typeof name !== "string" || name === "") continue;
    readOpenSloSlo(c, d.src, name, d.value, slis);
  }
}

function readOpenSloSlo(
  c: Collector,
  src: Located,
  name: string,
  doc: Record<string, unknown>,
  slis: ReadonlyMap<string, { src: Located; value: Record<string, unknown> }>,
): void {
  const spec = doc.spec;
  if (!isRecord(spec)) {
    c.report(
      "error",
      SLO_IMPORT.malformed,
      src,
      [],
      `OpenSLO SLO ${name} has no \`spec\``,
      "write the SLO's spec: service, indicator, objectives, budgetingMethod",
    );
    return;
  }
  const service = spec.service;
  if (typeof service !== "string" || service === "") {
    c.report(
      "error",
      SLO_IMPORT.malformed,
      src,
      ["spec"],
      `OpenSLO SLO ${name} has no \`spec.service\``,
      "name the service the SLO belongs to: `service: checkout`",
    );
    return;
  }
  const objectives = spec.objectives;
  if (!Array.isArray(objectives) || objectives.length === 0 || !isRecord(objectives[0])) {
    c.report(
      "error",
      SLO_IMPORT.malformed,
      src,
      ["spec", "objectives"],
      `OpenSLO SLO ${name} has no objective`,
      "write one objective: `objectives: [{ target: 0.999 }]`",
    );
    return;
  }
  const first = objectives[0];
  const objective =
    typeof first.target === "number" && first.target > 0 && first.target < 1
      ? mulExact(first.target, 100)
      : typeof first.targetPercent === "number" && first.targetPercent > 0 && first.targetPercent < 100
        ? first.targetPercent
        : undefined;
  if (objective === undefined) {
    c.report(
      "error",
      SLO_IMPORT.malformed,
      src,
      ["spec", "objectives", 0],
      `OpenSLO SLO ${name}: the objective needs \`target\` in (0, 1) or \`targetPercent\` in (0, 100)`,
      "write `target: 0.999` or `targetPercent: 99.9`",
    );
    return;
  }
  if (objectives.length > 1) {
    c.report(
      "warning",
      SLO_IMPORT.notExpressible,
      src,
      ["spec", "objectives", 1],
      `OpenSLO SLO ${name} has ${objectives.length} objectives; a catalog SLO has one, and only the first (${objective}%) is imported`,
      "declare one catalog SLO per objective you keep",
    );
  }
  const team = labelOf((doc.metadata as Record<string, unknown>).labels, "team");
  const base: Base = {
    name,
    description: typeof spec.description === "string" && spec.description !== "" ? spec.description : undefined,
    service,
    objective,
    team,
    origin: src.origin("openslo", []),
  };
  readTimeWindow(c, src, name, spec.timeWindow);
  // The indicator: inline or by reference, on the SLO or on its objective.
  let indicator: { src: Located; path: Path; spec: unknown } | undefined;
  const ref = first.indicatorRef ?? spec.indicatorRef;
  if (isRecord(first.indicator)) indicator = { src, path: ["spec", "objectives", 0, "indicator", "spec"], spec: first.indicator.spec };
  else if (isRecord(spec.indicator)) indicator = { src, path: ["spec", "indicator", "spec"], spec: spec.indicator.spec };
  else if (typeof ref === "string") {
    const sli = slis.get(ref);
    if (!sli) {
      c.report(
        "error",
        SLO_IMPORT.malformed,
        src,
        first.indicatorRef !== undefined ? ["spec", "objectives", 0, "indicatorRef"] : ["spec", "indicatorRef"],
        `OpenSLO SLO ${name} refers to SLI ${ref}, which no document read defines`,
        "import the file holding that SLI document with this one",
      );
      return;
    }
    indicator = { src: sli.src, path: ["spec"], spec: sli.value.spec };
  }
  if (!indicator || !isRecord(indicator.spec)) {
    c.report(
      "error",
      SLO_IMPORT.malformed,
      src,
      ["spec"],
      `OpenSLO SLO ${name} has no indicator`,
      "write `indicator` (inline, with metadata and spec) or `indicatorRef` naming an SLI document",
    );
    return;
  }
  const isrc = indicator.src;
  const ratio = indicator.spec.ratioMetric;
  if (!isRecord(ratio)) {
    keepRaw(
      c,
      isrc,
      indicator.path,
      base,
      {},
      "its indicator is a thresholdMetric (a value held to a threshold), and only ratios of events become catalog SLOs",
    );
    return;
  }
  const sides = (["good", "bad", "total", "raw"] as const).filter((k) => k in ratio);
  const queries: Record<string, string> = {};
  const parsed: Record<string, Expr> = {};
  let foreign: string | undefined;
  for (const side of sides) {
    const sPath = [...indicator.path, "ratioMetric", side];
    const ms = ratio[side];
    const source = isRecord(ms) && isRecord(ms.metricSource) ? ms.metricSource : undefined;
    if (!source) {
      c.report(
        "error",
        SLO_IMPORT.malformed,
        isrc,
        sPath,
        `OpenSLO SLO ${name}: \`ratioMetric.${side}\` has no \`metricSource\``,
        "write `metricSource: { type: Prometheus, spec: { query: … } }`",
      );
      return;
    }
    const query = isRecord(source.spec) ? source.spec.query : undefined;
    if (typeof source.type !== "string" || source.type.toLowerCase() !== "prometheus" || typeof query !== "string") {
      foreign ??= `its ${side} metric is not a Prometheus query (metricSource type ${String(source.type ?? source.metricSourceRef)})`;
      continue;
    }
    queries[side] = query;
    const expr = parseQuery(c, isrc, [...sPath, "metricSource", "spec", "query"], name, side, query);
    if (!expr) return;
    parsed[side] = expr;
  }
  const path = [...indicator.path, "ratioMetric"];
  if (foreign) {
    keepRaw(c, isrc, path, base, queries, foreign);
    return;
  }
  let read: Read;
  if (parsed.raw) {
    read =
      ratio.rawType === "failure"
        ? readErrorRatio(parsed.raw)
        : { reason: `a raw ratio of rawType ${String(ratio.rawType)}: only failure ratios (rawType: failure) have the shapes obsgen exports` };
  } else if (parsed.total && parsed.bad && !parsed.good) read = readEvents(parsed.bad, parsed.total);
  else if (parsed.total && parsed.good && !parsed.bad) read = readGoodEvents(parsed.good, parsed.total);
  else {
    c.report(
      "error",
      SLO_IMPORT.malformed,
      isrc,
      path,
      `OpenSLO SLO ${name}: \`ratioMetric\` needs \`total\` with one of \`good\` and \`bad\`, or \`raw\` with \`rawType\``,
      "write good (or bad) and total queries, or a raw ratio",
    );
    return;
  }
  if (ratio.counter === true && !("reason" in read))
    read = { reason: "`counter: true` asks the tool to take increases of the queries itself, and the catalog's SLOs are written over rates" };
  settle(c, isrc, path, base, queries, read);
}

/** An OpenSLO time window as a catalog period; calendar windows and month units have none. */
function readTimeWindow(c: Collector, src: Located, slo: string, timeWindow: unknown): void {
  const w = Array.isArray(timeWindow) && isRecord(timeWindow[0]) ? timeWindow[0] : undefined;
  if (!w) return;
  const path = ["spec", "timeWindow", 0, "duration"];
  const duration = typeof w.duration === "string" ? w.duration : "";
  // OpenSLO's shorthand units (README "duration-shorthand"): m, h, d, w are Prometheus durations; M, Q, Y are calendar-dependent.
  if (!/^[1-9][0-9]*[mhdw]$/.test(duration)) {
    c.report(
      "warning",
      SLO_IMPORT.period,
      src,
      path,
      `OpenSLO SLO ${slo}: the time window ${JSON.stringify(w.duration)} has no catalog SLO period (minutes, hours, days or weeks)`,
      "set the catalog's sloPeriod by hand (30d by default)",
    );
    return;
  }
  if (w.isRolling === false || "calendar" in w) {
    c.report(
      "warning",
      SLO_IMPORT.period,
      src,
      ["spec", "timeWindow", 0],
      `OpenSLO SLO ${slo}: a calendar-aligned time window; the catalog's SLO period is rolling, and ${duration} rolling is taken`,
      "check that a rolling window suits the SLO",
    );
  }
  const { line, column } = src.at(path);
  c.periods.push({ period: duration, slo, where: `${src.file}:${line}:${column}`, at: { file: src.file, line, column } });
}

// ---------------------------------------------------------------------------------------------
// Shapes of queries

interface Base {
  readonly name: string;
  readonly description: string | undefined;
  readonly service: string;
  readonly objective: number;
  readonly team: string | undefined;
  readonly origin: SloOrigin;
}

/** What an indicator reads as, or why it is none of the catalog's kinds. */
type Read =
  | { readonly kind: "ratio"; readonly metric: string; readonly good: Matchers; readonly total: Matchers }
  | { readonly kind: "latency"; readonly metric: string; readonly native: boolean; readonly threshold: number; readonly where: Matchers }
  | { readonly kind: "availability"; readonly job: string }
  | { readonly reason: string };

type Matchers = Record<string, string | string[]>;

/** Records what was read: a catalog SLO, an availability objective, or a raw indicator with its reason. */
function settle(c: Collector, src: Located, path: Path, base: Base, queries: Record<string, string>, read: Read): void {
  if ("reason" in read) {
    keepRaw(c, src, path, base, queries, read.reason);
    return;
  }
  if (base.objective >= 100) {
    keepRaw(c, src, path, base, queries, "an objective of 100% leaves no error budget, and the catalog's objectives are below 100");
    return;
  }
  if (read.kind === "availability") {
    c.slos.push({ kind: "availability", name: base.name, service: read.job, objective: base.objective, origin: base.origin });
    return;
  }
  const name = catalogName(c, base);
  const description = base.description ?? `${base.name} (imported from ${base.origin.file})`;
  const team = base.team !== undefined ? { team: base.team } : {};
  const spec: ImportedSloSpec =
    read.kind === "ratio"
      ? { kind: "ratio", name, description, ...team, metric: read.metric, good: read.good, total: read.total, objective: base.objective, window: IMPORT_WINDOW }
      : {
          kind: "latency",
          name,
          description,
          ...team,
          metric: read.metric,
          quantile: mulExact(base.objective, 0.01),
          threshold: read.threshold,
          window: IMPORT_WINDOW,
          where: read.where,
        };
  const metrics: SloMetricUse[] =
    read.kind === "ratio" ? [{ name: read.metric, type: "counter" }] : [{ name: read.metric, type: "histogram", native: read.native }];
  c.slos.push({ kind: "slo", spec, service: base.service, metrics, origin: base.origin });
}

function keepRaw(c: Collector, src: Located, path: Path, base: Base, queries: Record<string, string>, reason: string): void {
  c.slos.push({
    kind: "raw",
    name: base.name,
    description: base.description,
    service: base.service,
    objective: base.objective,
    queries,
    reason,
    origin: base.origin,
  });
  c.report(
    "warning",
    SLO_IMPORT.notExpressible,
    src,
    path,
    `SLO ${base.name} is kept as a raw indicator the catalog cannot express: ${reason}`,
    "declare it by hand as a ratio or latency SLO over counters or a histogram, or leave it in your SLO tool",
  );
}

/** The SLO's name as a catalog SLO name (kebab-case), with a warning when it had to change. */
function catalogName(c: Collector, base: Base): string {
  if (CATALOG_SLO_NAME.test(base.name)) return base.name;
  const kebab = base.name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "");
  const name = kebab === "" ? "imported-slo" : kebab;
  c.diagnostics.push({
    code: SLO_IMPORT.name,
    severity: "warning",
    message: `SLO ${base.name} is imported as ${name}: catalog SLO names are kebab-case (lowercase letters, digits and '-', starting with a letter)`,
    hint: "keep the new name, or rename the SLO in its source",
    file: base.origin.file,
    line: base.origin.line,
    column: base.origin.column,
  });
  return name;
}

function parseQuery(c: Collector, src: Located, path: Path, slo: string, field: string, query: string): Expr | undefined {
  const { ast, errors } = parsePromql(query, WIDEST_PROMQL);
  if (errors.length > 0 || !ast) {
    const e = errors[0];
    c.report(
      "error",
      SLO_IMPORT.malformed,
      src,
      path,
      `SLO ${slo}: the ${field} query is not valid PromQL${e ? `: ${e.message} (at character ${e.from + 1} of the query)` : ""}`,
      "fix the query; it must parse as a Prometheus expression",
    );
    return undefined;
  }
  return ast;
}

/** Bad and total events: `total - good` over `total`, a ratio or a classic-histogram latency SLO. */
function readEvents(error: Expr, total: Expr): Read {
  const t = sumOfRate(total);
  const e = strip(error);
  if (!t) return { reason: `the total query is not \`sum(rate(metric{…}[window]))\`${noteOf(total)}` };
  if (e.type !== "BinaryExpr" || e.op !== "-" || e.matching || e.bool)
    return { reason: "the error query is not the total less the good events (`sum(rate(m[w])) - sum(rate(m{good}[w]))`)" };
  const all = sumOfRate(e.lhs);
  const good = sumOfRate(e.rhs);
  if (!all || !good || !sameSelector(all, t)) return { reason: "the error query is not the total query less a query of good events" };
  return goodOverTotal(good, t);
}

/** OpenSLO's good events over total: the same reading, with the good query given directly. */
function readGoodEvents(good: Expr, total: Expr): Read {
  const t = sumOfRate(total);
  const g = sumOfRate(good);
  if (!t) return { reason: `the total query is not \`sum(rate(metric{…}[window]))\`${noteOf(total)}` };
  if (!g) return { reason: `the good query is not \`sum(rate(metric{…}[window]))\`${noteOf(good)}` };
  return goodOverTotal(g, t);
}

function goodOverTotal(good: Rate, total: Rate): Read {
  if (good.range !== total.range) return { reason: "the good and total queries have different ranges" };
  const totalRead = literalMatchers(total.selector.matchers);
  if ("reason" in totalRead) return totalRead;
  const totalMatchers = totalRead.matchers;
  const bucket = /^(.+)_bucket$/.exec(good.name);
  if (bucket && total.name === `${bucket[1]}_count`) {
    // A classic histogram: the good events are the bucket at the threshold, `le` besides the count's matchers.
    const le = good.selector.matchers.filter((m) => m.name === "le");
    const rest = literalMatchers(good.selector.matchers.filter((m) => m.name !== "le"));
    if ("reason" in rest) return rest;
    if (!sameMatchers(rest.matchers, totalMatchers)) return { reason: "the bucket and count selectors differ in more than `le`" };
    const threshold = le.length === 1 ? leValue(le[0]!) : undefined;
    if (threshold === undefined) return { reason: "the bucket selector has no single `le` matcher naming one bucket edge" };
    return { kind: "latency", metric: bucket[1]!, native: false, threshold, where: totalMatchers };
  }
  if (good.name !== total.name)
    return { reason: `the good and total queries read different metrics (${good.name}, ${total.name}); a ratio SLO counts both on one counter` };
  const goodRead = literalMatchers(good.selector.matchers);
  if ("reason" in goodRead) return goodRead;
  const goodMatchers = goodRead.matchers;
  if (Object.keys(goodMatchers).length === 0) return { reason: "the good events select the same series as the total (no matcher tells them apart)" };
  return { kind: "ratio", metric: total.name, good: goodMatchers, total: totalMatchers };
}

/** A raw error ratio: availability (`1 - avg(avg_over_time(up{job}[w]))`) or a native-histogram latency. */
function readErrorRatio(query: Expr): Read {
  const e = strip(query);
  const oneMinus =
    e.type === "BinaryExpr" && e.op === "-" && !e.matching && strip(e.lhs).type === "NumberLiteral" && (strip(e.lhs) as { value: number }).value === 1
      ? strip(e.rhs)
      : undefined;
  if (!oneMinus)
    return {
      reason:
        'a raw error ratio that is neither the availability of a job (`1 - avg(avg_over_time(up{job="x"}[w]))`) nor a native-histogram latency (`1 - histogram_fraction(-Inf, t, …)`)',
    };
  // 1 - avg(avg_over_time(up{job="x"}[w]))
  if (oneMinus.type === "AggregateExpr" && oneMinus.op === "avg" && !oneMinus.grouping && oneMinus.expr) {
    const inner = strip(oneMinus.expr);
    const m = inner.type === "FunctionCall" && inner.name.name === "avg_over_time" && inner.args.length === 1 ? matrix(inner.args[0]!) : undefined;
    const job =
      m?.vector.matchers.length === 1 && m.vector.matchers[0]!.name === "job" && m.vector.matchers[0]!.op === "=" ? m.vector.matchers[0]!.value : undefined;
    if (m && m.vector.name?.name === "up" && job !== undefined && !m.vector.offset && !m.vector.at) return { kind: "availability", job };
    return { reason: 'an average that is not the share of scrapes of one job that were up (`avg(avg_over_time(up{job="x"}[w]))`)' };
  }
  // 1 - histogram_fraction(-Inf, t, sum(rate(m{…}[w])))
  if (oneMinus.type === "FunctionCall" && oneMinus.name.name === "histogram_fraction" && oneMinus.args.length === 3) {
    const [lower, upper, inner] = oneMinus.args.map(strip) as [Expr, Expr, Expr];
    const rate = sumOfRate(inner);
    if (
      lower.type === "NumberLiteral" &&
      lower.value === Number.NEGATIVE_INFINITY &&
      upper.type === "NumberLiteral" &&
      upper.value > 0 &&
      Number.isFinite(upper.value) &&
      rate
    ) {
      const where = literalMatchers(rate.selector.matchers);
      if ("reason" in where) return where;
      return { kind: "latency", metric: rate.name, native: true, threshold: upper.value, where: where.matchers };
    }
  }
  return { reason: "a raw error ratio of a shape obsgen does not export (only the availability of a job and a native-histogram latency are read)" };
}

interface Rate {
  readonly name: string;
  readonly selector: VectorSelector;
  readonly range: number | undefined;
}

/** `sum(rate(m{…}[w]))`, with no grouping, offset or `@`. */
function sumOfRate(e: Expr): Rate | undefined {
  const s = strip(e);
  if (s.type !== "AggregateExpr" || (s as AggregateExpr).op !== "sum" || s.grouping || !s.expr) return undefined;
  const inner = strip(s.expr);
  if (inner.type !== "FunctionCall" || (inner as FunctionCall).name.name !== "rate" || inner.args.length !== 1) return undefined;
  const m = matrix(inner.args[0]!);
  if (!m?.vector.name || m.vector.offset || m.vector.at || m.offset || m.at) return undefined;
  return { name: m.vector.name.name, selector: m.vector, range: m.rangeMs };
}

function matrix(e: Expr): MatrixSelector | undefined {
  const s = strip(e);
  return s.type === "MatrixSelector" ? s : undefined;
}

function strip(e: Expr): Expr {
  return e.type === "ParenExpr" ? strip(e.expr) : e;
}

function noteOf(e: Expr): string {
  const s = strip(e);
  return s.type === "AggregateExpr" && s.op === "sum" && s.expr && strip(s.expr).type === "VectorSelector"
    ? " (a sum of counter values; write the rate of the counter)"
    : "";
}

function sameSelector(a: Rate, b: Rate): boolean {
  if (a.name !== b.name || a.range !== b.range) return false;
  const ma = literalMatchers(a.selector.matchers);
  const mb = literalMatchers(b.selector.matchers);
  return "matchers" in ma && "matchers" in mb && sameMatchers(ma.matchers, mb.matchers);
}

function sameMatchers(a: Matchers, b: Matchers): boolean {
  const norm = (m: Matchers) =>
    JSON.stringify(
      Object.entries(m)
        .map(([k, v]) => [k, typeof v === "string" ? [v] : [...v].sort()])
        .sort(([x], [y]) => ((x as string) < (y as string) ? -1 : 1)),
    );
  return norm(a) === norm(b);
}

/**
 * Matchers as the catalog writes them: `label="v"`, or `label=~"a|b"` over literal alternatives
 * (each escaped as obsgen's `regexEscape` escapes it). Negative or pattern matchers have no catalog form.
 */
function literalMatchers(ms: readonly LabelMatcher[]): { matchers: Matchers } | { reason: string } {
  const out: Matchers = {};
  for (const m of ms) {
    if (m.name === "__name__") return { reason: "a `__name__` matcher inside the braces" };
    if (m.name in out) return { reason: `two matchers on label ${m.name}` };
    if (m.op === "=") {
      out[m.name] = m.value;
      continue;
    }
    const values = m.op === "=~" ? literalAlternatives(m.value) : undefined;
    if (!values)
      return { reason: `the matcher ${m.name}${m.op}"${m.value}" is not one the catalog can write (only \`=\` and \`=~\` over literal alternatives)` };
    out[m.name] = values.length === 1 ? values[0]! : values;
  }
  return { matchers: out };
}

/** `a|b\.c` as ["a", "b.c"]; undefined when a part is a pattern rather than an escaped literal. */
function literalAlternatives(re: string): string[] | undefined {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < re.length; i++) {
    const ch = re[i]!;
    if (ch === "\\") {
      const next = re[i + 1];
      if (next === undefined || !/[\\.^$|?*+()[\]{}]/.test(next)) return undefined;
      cur += next;
      i++;
    } else if (ch === "|") {
      parts.push(cur);
      cur = "";
    } else if (/[.^$?*+()[\]{}]/.test(ch)) return undefined;
    else cur += ch;
  }
  parts.push(cur);
  return parts.includes("") ? undefined : parts;
}

/** The bucket edge an `le` matcher names: `le="0.25"`, or every spelling of one edge (`le=~"100|100\\.0"`). */
function leValue(m: LabelMatcher): number | undefined {
  const values = m.op === "=" ? [m.value] : m.op === "=~" ? literalAlternatives(m.value) : undefined;
  if (!values) return undefined;
  const numbers = new Set(values.map((v) => (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : Number.NaN)));
  const [edge] = [...numbers];
  return numbers.size === 1 && edge !== undefined && Number.isFinite(edge) && edge > 0 ? edge : undefined;
}

function labelOf(labels: unknown, name: string): string | undefined {
  return isRecord(labels) && typeof labels[name] === "string" ? labels[name] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
