/**
 * The metric inventory of rule files and dashboards: every metric their selectors read, as a
 * catalog would declare it (type, labels and the values seen, buckets, help, unit), with where
 * each fact came from, so the catalog writer of `obsgen import` can cite it. Pure: parsed rule
 * files, dashboard JSON values and metadata sources in; the inventory and diagnostics out.
 *
 * - Recorded series are not metrics: a name a rule of the input records, or a name with a colon
 *   (`level:metric:operations`, the recording-rule naming convention), is listed apart with the
 *   rules producing it. Series Prometheus itself writes (`up`, `ALERTS`) are listed apart too.
 * - A classic histogram's series (`x_bucket`, `x_count`, `x_sum`) fold into one histogram `x`
 *   when a metadata source says `x` is a histogram, or when the expressions read the bucket's
 *   `le` label (a matcher, `by`/`on (le)`, or `histogram_quantile` over it): a `_bucket` suffix
 *   alone may be an exporter's own name, and a `_count`/`_sum` may be a summary's or a gauge.
 * - Types come from metadata first, else from a naming convention (src/metrics/infer.ts, named
 *   in `inferredFrom`), else they are `unknown` with the reason, for the writer's TODO.
 * - A label's values are closed when the knowledge shows the full set: a catalog's closed label,
 *   or an exposition's series that show every value the expressions match on. An exposition is a
 *   snapshot of one exporter, so the lint never trusts it as complete (docs/metadata.md); here it
 *   is a proposal a person reviews in the written catalog, so it is taken as the set.
 */
import { isTemplated, substituteGrafana } from "../compat/grafana-macros.js";
import type { PromqlDialect } from "../compat/prometheus.js";
import { type Diagnostic, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { jsonDashboard } from "../lint/input/dashboards.js";
import { PER_SCRAPE_SERIES, RULE_SERIES, selectorName } from "../lint/promql-facts.js";
import { inferFromName } from "../metrics/infer.js";
import { buildKnowledge, conflictDiagnostic, type FactSource, type KnownMetric, type KnownType, type MetadataSource } from "../metrics/knowledge.js";
import type { Expr, VectorSelector } from "../promql/ast.js";
import { parsePromql } from "../promql/parse.js";
import { walk } from "../promql/walk.js";
import { type LoadedRuleFile, scalarOffset } from "../rulefile/index.js";
import { compareCodePoints } from "../util/order.js";

/** Where a fact was seen: file:line:col in a rule file; file, JSON path and offset in the query for a dashboard. */
export type Where =
  | { readonly file: string; readonly line: number; readonly column: number }
  | { readonly file: string; readonly path: string; readonly offset: number };

/** How an expression uses a label. */
export type LabelRole =
  | "matcher"
  | "by"
  | "without"
  | "on"
  | "ignoring"
  | "group_left"
  | "group_right"
  | "label_replace-source"
  | "label_replace-target"
  | "label_join-source"
  | "label_join-target";

export interface InventoryLabel {
  readonly name: string;
  /** Values seen in `=` and simple `=~"a|b"` matchers, and those the knowledge shows; sorted. */
  readonly values: readonly string[];
  /** Whether `values` is the full set, and the source that shows it. */
  readonly closed: boolean;
  readonly closedBy?: FactSource;
  /** How the expressions use it, sorted; empty when only the knowledge names it. */
  readonly roles: readonly LabelRole[];
  readonly uses: readonly Where[];
}

/** Where the type came from. */
export type TypeOrigin =
  | { readonly origin: "metadata"; readonly source: FactSource }
  | { readonly origin: "convention"; readonly inferredFrom: string; readonly where?: Where }
  | { readonly origin: "unknown"; readonly reason: string };

export interface InventoryMetric {
  /** The name a catalog declares: the series name, or a histogram's family name (`x` for `x_bucket`). */
  readonly name: string;
  readonly type: KnownType;
  readonly typeFrom: TypeOrigin;
  /** The series names read, sorted (`x_bucket`, `x_count`, `x_sum` for a histogram). */
  readonly series: readonly string[];
  readonly labels: readonly InventoryLabel[];
  /** A classic histogram's finite bucket edges, where an exposition (or a catalog) shows them. */
  readonly buckets: readonly number[] | null;
  readonly bucketsFrom?: FactSource;
  readonly help: string | null;
  readonly unit: string | null;
  readonly helpFrom?: FactSource;
  /** Every selector reading it, in input order. */
  readonly uses: readonly Where[];
}

/** A rule recording a series. */
export interface ProducingRule {
  readonly file: string;
  readonly group: string;
  readonly line: number;
  readonly column: number;
}

export interface InventoryRecorded {
  readonly name: string;
  /** The input's rules recording it; empty when only its colon says it is recorded (by rules elsewhere). */
  readonly producedBy: readonly ProducingRule[];
  readonly uses: readonly Where[];
}

export interface Inventory {
  readonly metrics: readonly InventoryMetric[];
  readonly recorded: readonly InventoryRecorded[];
  /** Series Prometheus writes itself (`up`, `scrape_*`, `ALERTS`), with their uses. */
  readonly builtin: readonly { readonly name: string; readonly uses: readonly Where[] }[];
  /** Selectors naming no metric (`{job="x"}`, `{__name__=~"x.*"}`): nothing to declare, listed to be seen. */
  readonly unnamedSelectors: readonly Where[];
}

export interface InventoryInput {
  /** Rule files as `loadRuleFile` read them, with the path to show. */
  readonly ruleFiles?: readonly { readonly file: string; readonly loaded: LoadedRuleFile }[];
  /** Grafana dashboard JSON values (as exported, or as the HTTP API wraps them), with the path to show. */
  readonly dashboards?: readonly { readonly file: string; readonly value: unknown }[];
  /** Metadata files (`/api/v1/metadata` responses, expositions, `catalog.json`), in the order given. */
  readonly metadata?: readonly MetadataSource[];
  readonly dialect?: PromqlDialect;
}

/** One expression to read, and how to place an offset in it. */
interface Query {
  readonly text: string;
  /** Where Grafana variables and macros stood before their stand-ins replaced them (dashboard queries). */
  readonly templated?: readonly { readonly from: number; readonly to: number }[];
  readonly where: (offset: number) => Where;
  readonly diagnosticAt: Pick<Diagnostic, "file" | "line" | "column" | "path">;
}

/** What the expressions say about one series name. */
interface SeriesFacts {
  readonly uses: Where[];
  readonly labels: Map<string, { values: Set<string>; roles: Set<LabelRole>; uses: Where[] }>;
  /** A use that reads `le`, when one does (a histogram's bucket). */
  leAt?: Where;
  /** A native-histogram function reading it, when one does (`histogram_count(rate(x[5m]))`). */
  nativeAt?: { readonly fn: string; readonly at: Where };
}

/** Functions that read histograms: the histogram is their last argument (Prometheus 3 `promql/functions.go`). */
const HISTOGRAM_FUNCTIONS: ReadonlySet<string> = new Set([
  "histogram_quantile",
  "histogram_fraction",
  "histogram_count",
  "histogram_sum",
  "histogram_avg",
  "histogram_stddev",
  "histogram_stdvar",
]);

/** A `=~` value that is plain alternatives (`a|b`), with no other regex syntax: its values; else undefined. */
function simpleAlternatives(value: string): string[] | undefined {
  // Letters, digits and `_-:/ ` are literal in a regex; `\.` is a literal dot (a bare `.` matches anything).
  const alternatives = value.split("|");
  if (!alternatives.every((a) => /^(?:[A-Za-z0-9_\-:/ ]|\\\.)+$/.test(a))) return undefined;
  return alternatives.map((a) => a.replaceAll("\\.", "."));
}

/**
 * The selectors under `e` whose series can carry `label` from the metric: not those under a call
 * that writes the label itself (`label_replace(x, "svc", …)`, `label_join`, `count_values("svc", …)`),
 * since `sum by (svc) (label_replace(x, "svc", …))` reads the label the call made, not one of `x`'s.
 */
function selectorsUnder(e: Expr | undefined, label?: string): VectorSelector[] {
  const out: VectorSelector[] = [];
  if (!e) return out;
  walk(e, (n) => {
    if (n.type === "VectorSelector") out.push(n);
    if (label === undefined) return;
    const written =
      n.type === "FunctionCall" && (n.name.name === "label_replace" || n.name.name === "label_join")
        ? n.args[1]
        : n.type === "AggregateExpr" && n.op === "count_values"
          ? n.param
          : undefined;
    if (written?.type === "StringLiteral" && written.value === label) return false;
  });
  return out;
}

/**
 * The selectors whose sample values reach the result of `e`, as far as plain to see: through
 * functions (their first vector argument), aggregations, and binary operations, except the side
 * a `group_left`/`group_right` join takes only labels from, the right side of `and`/`unless`, and
 * numbers. In `rate(x[5m]) * on(instance) group_left(node) node_name`, `x` only.
 */
function valueSelectors(e: Expr | undefined): VectorSelector[] {
  if (!e) return [];
  switch (e.type) {
    case "VectorSelector":
      return [e];
    case "MatrixSelector":
      return [e.vector];
    case "ParenExpr":
    case "UnaryExpr":
    case "SubqueryExpr":
      return valueSelectors(e.expr);
    case "AggregateExpr":
      return valueSelectors(e.expr);
    case "FunctionCall":
      return valueSelectors(e.args.find((a) => a.type !== "NumberLiteral" && a.type !== "StringLiteral"));
    case "BinaryExpr": {
      const side = e.matching?.group?.side;
      if (side === "left" || e.op === "and" || e.op === "unless") return valueSelectors(e.lhs);
      if (side === "right") return valueSelectors(e.rhs);
      return [...valueSelectors(e.lhs), ...valueSelectors(e.rhs)];
    }
    default:
      return [];
  }
}

function collectQueries(input: InventoryInput, diagnostics: Diagnostic[], records: Map<string, ProducingRule[]>): Query[] {
  const queries: Query[] = [];
  for (const { file, loaded } of input.ruleFiles ?? []) {
    const { text, positionAt } = loaded.source;
    for (const g of loaded.value.groups) {
      for (const r of g.rules) {
        if (r.kind === "recording" && r.record) {
          const list = records.get(r.record.value) ?? [];
          list.push({ file, group: g.name, line: r.position.line, column: r.position.column });
          records.set(r.record.value, list);
        }
        const expr = r.expr;
        if (r.kind === "unknown" || !expr) continue;
        const where = (offset: number): Where => {
          const p = positionAt(scalarOffset(text, expr, offset));
          return { file, line: p.line, column: p.column };
        };
        const at = where(0) as { line: number; column: number };
        queries.push({ text: expr.value, where, diagnosticAt: { file, line: at.line, column: at.column } });
      }
    }
  }
  for (const { file, value } of input.dashboards ?? []) {
    const read = jsonDashboard(value, file);
    if (!read) {
      diagnostics.push({
        code: "import/dashboard",
        severity: "error",
        message: "not a Grafana dashboard: no `panels` list at the top or under `dashboard`",
        file,
        hint: "pass dashboard JSON as Grafana exports it",
      });
      continue;
    }
    diagnostics.push(...read.diagnostics);
    for (const q of read.group.rules) {
      const path = "catalogPath" in q.location ? (q.location.catalogPath ?? "") : "";
      // The group's expressions have Grafana's macros replaced by stand-ins of the same length, so offsets hold.
      queries.push({ text: q.expr, templated: q.templated ?? [], where: (offset) => ({ file, path, offset }), diagnosticAt: { file, path } });
    }
  }
  return queries;
}

function factsOf(all: Map<string, SeriesFacts>, name: string): SeriesFacts {
  let f = all.get(name);
  if (!f) all.set(name, (f = { uses: [], labels: new Map() }));
  return f;
}

function addLabel(f: SeriesFacts, label: string, role: LabelRole, where: Where, values: readonly string[] = []): void {
  let l = f.labels.get(label);
  if (!l) f.labels.set(label, (l = { values: new Set(), roles: new Set(), uses: [] }));
  l.roles.add(role);
  l.uses.push(where);
  for (const v of values) l.values.add(v);
  if (label === "le" && f.leAt === undefined) f.leAt = where;
}

/** Reads one expression's selectors, matchers and label-using operators into `all`. */
function readQuery(q: Query, dialect: PromqlDialect | undefined, all: Map<string, SeriesFacts>, unnamed: Where[], diagnostics: Diagnostic[]): void {
  const substituted = substituteGrafana(q.text);
  const parsed = parsePromql(substituted.text, dialect);
  if (!parsed.ast || parsed.errors.length > 0) {
    const e = parsed.errors[0];
    diagnostics.push({
      code: "import/promql",
      severity: "warning",
      message: `the expression does not parse${e ? `: ${e.message}` : ""}; its metrics are not in the inventory`,
      ...q.diagnosticAt,
      ...(e ? { source: q.text, span: { from: e.from, to: e.to } } : {}),
      hint: "fix the expression (obsgen lint shows every error), then import again",
    });
    return;
  }
  const named = (s: VectorSelector): string | undefined => selectorName(s);
  // Labels a node uses on the selectors under it: `sum by (a) (x)` uses `a` of `x`.
  const onSelectors = (e: Expr | undefined, label: { name: string; from: number }, role: LabelRole): void => {
    for (const s of selectorsUnder(e, label.name)) {
      const name = named(s);
      if (name) addLabel(factsOf(all, name), label.name, role, q.where(label.from));
    }
  };
  walk(parsed.ast, (n) => {
    switch (n.type) {
      case "VectorSelector": {
        const name = named(n);
        if (!name) {
          unnamed.push(q.where(n.from));
          return;
        }
        const f = factsOf(all, name);
        f.uses.push(q.where(n.name?.from ?? n.from));
        for (const m of n.matchers) {
          if (m.name === "__name__") continue;
          // A value holding a Grafana variable is chosen at view time: its stand-in is no value of the label.
          const literal = !isTemplated([...(q.templated ?? []), ...substituted.templated], m.valueSpan);
          const values = !literal ? [] : m.op === "=" ? [m.value] : m.op === "=~" ? (simpleAlternatives(m.value) ?? []) : [];
          addLabel(f, m.name, "matcher", q.where(m.from), values);
        }
        return;
      }
      case "AggregateExpr":
        for (const l of n.grouping?.labels ?? []) onSelectors(n.expr, l, n.grouping!.kind);
        return;
      case "BinaryExpr": {
        const m = n.matching;
        if (!m) return;
        for (const l of m.labels) {
          onSelectors(n.lhs, l, m.kind);
          onSelectors(n.rhs, l, m.kind);
        }
        // group_left copies the listed labels from the right-hand ("one") side, group_right from the left.
        for (const l of m.group?.labels ?? [])
          onSelectors(m.group!.side === "left" ? n.rhs : n.lhs, l, m.group!.side === "left" ? "group_left" : "group_right");
        return;
      }
      case "FunctionCall": {
        const fn = n.name.name;
        if (HISTOGRAM_FUNCTIONS.has(fn)) {
          // histogram_quantile reads the `le` of the classic buckets it is given; any of these
          // functions given a series that is no `_bucket` reads a native histogram.
          for (const s of valueSelectors(n.args[n.args.length - 1])) {
            const name = named(s);
            const f = name ? factsOf(all, name) : undefined;
            if (!f) continue;
            if (name!.endsWith("_bucket")) {
              if (fn === "histogram_quantile" && f.leAt === undefined) f.leAt = q.where(n.name.from);
            } else f.nativeAt ??= { fn, at: q.where(n.name.from) };
          }
          return;
        }
        if (fn !== "label_replace" && fn !== "label_join") return;
        const strings = n.args.map((a) => (a.type === "StringLiteral" ? a : undefined));
        const dst = strings[1];
        const sources = fn === "label_replace" ? [strings[3]] : strings.slice(3);
        if (dst) onSelectors(n.args[0], { name: dst.value, from: dst.from }, `${fn}-target`);
        for (const s of sources) if (s && s.value !== "") onSelectors(n.args[0], { name: s.value, from: s.from }, `${fn}-source`);
        return;
      }
      default:
        return;
    }
  });
}

const HISTOGRAM_PARTS = ["_bucket", "_count", "_sum"] as const;

/** The family a series belongs to by the knowledge, and its known facts. */
function knownFamily(metrics: ReadonlyMap<string, KnownMetric>, series: string): KnownMetric | undefined {
  for (const suffix of HISTOGRAM_PARTS) {
    if (!series.endsWith(suffix)) continue;
    const family = metrics.get(series.slice(0, -suffix.length));
    if (family && (family.type === "histogram" || family.type === "gaugehistogram" || (suffix !== "_bucket" && family.type === "summary"))) return family;
  }
  return undefined;
}

/**
 * The knowledge of a series read under its own name; OpenMetrics names a counter's family without
 * `_total` and an info metric's without `_info` (OpenMetrics 1.0, "Metric types").
 */
function knownDirect(metrics: ReadonlyMap<string, KnownMetric>, series: string): KnownMetric | undefined {
  const direct = metrics.get(series);
  if (direct) return direct;
  for (const [suffix, type] of [
    ["_total", "counter"],
    ["_info", "info"],
  ] as const) {
    const family = series.endsWith(suffix) ? metrics.get(series.slice(0, -suffix.length)) : undefined;
    if (family?.type === type) return family;
  }
  return undefined;
}

/** The inventory of the rule files and dashboards given, with the metadata's facts. */
export function buildInventory(input: InventoryInput): { inventory: Inventory; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { knowledge, conflicts } = buildKnowledge(input.metadata ?? []);
  diagnostics.push(...conflicts.map(conflictDiagnostic));
  const expositionFiles = new Set((input.metadata ?? []).filter((s) => s.kind === "exposition").map((s) => s.file));

  const records = new Map<string, ProducingRule[]>();
  const queries = collectQueries(input, diagnostics, records);
  const all = new Map<string, SeriesFacts>();
  const unnamed: Where[] = [];
  for (const q of queries) readQuery(q, input.dialect, all, unnamed, diagnostics);

  const recorded: InventoryRecorded[] = [];
  const builtin: { name: string; uses: Where[] }[] = [];
  const metricSeries = new Map<string, SeriesFacts>();
  for (const [name, f] of all) {
    if (records.has(name) || name.includes(":")) recorded.push({ name, producedBy: records.get(name) ?? [], uses: f.uses });
    else if (PER_SCRAPE_SERIES.has(name) || RULE_SERIES.has(name)) builtin.push({ name, uses: f.uses });
    else metricSeries.set(name, f);
  }
  // Recorded series no expression reads are still the input's outputs.
  for (const [name, producedBy] of records) if (!all.has(name)) recorded.push({ name, producedBy, uses: [] });

  // Histogram families: from the knowledge, or from a `_bucket` series whose `le` is read.
  const families = new Map<string, { known?: KnownMetric; byLe?: { series: string; at: Where } }>();
  for (const [name, f] of metricSeries) {
    const known = knownFamily(knowledge.metrics, name);
    if (known) families.set(known.name, { known });
    else if (name.endsWith("_bucket") && f.leAt) families.set(name.slice(0, -"_bucket".length), { byLe: { series: name, at: f.leAt } });
  }
  const familyOf = (series: string): string | undefined => {
    for (const suffix of HISTOGRAM_PARTS) {
      if (!series.endsWith(suffix)) continue;
      const stem = series.slice(0, -suffix.length);
      const fam = families.get(stem);
      // A family the knowledge types takes only the parts knownFamily accepted (a summary has no `_bucket`).
      if (fam && (!fam.known || knownFamily(knowledge.metrics, series) === fam.known)) return stem;
    }
    return undefined;
  };

  const grouped = new Map<string, string[]>();
  for (const name of metricSeries.keys()) {
    const key = familyOf(name) ?? name;
    grouped.set(key, [...(grouped.get(key) ?? []), name]);
  }

  const metrics: InventoryMetric[] = [];
  for (const [name, seriesNames] of grouped) {
    const fam = families.get(name);
    const known = fam?.known ?? knownDirect(knowledge.metrics, name);
    seriesNames.sort(compareCodePoints);
    const facts = seriesNames.map((s) => metricSeries.get(s)!);
    metrics.push(describe(name, seriesNames, facts, fam, known, expositionFiles));
  }

  const byName = <T extends { name: string }>(a: T, b: T) => compareCodePoints(a.name, b.name);
  return {
    inventory: {
      metrics: metrics.sort(byName),
      recorded: recorded.sort(byName),
      builtin: builtin.sort(byName),
      unnamedSelectors: unnamed,
    },
    diagnostics: sortDiagnostics(diagnostics),
  };
}

function typeOrigin(
  name: string,
  family: { known?: KnownMetric; byLe?: { series: string; at: Where } } | undefined,
  known: KnownMetric | undefined,
  native: SeriesFacts["nativeAt"],
): { type: KnownType; typeFrom: TypeOrigin } {
  if (known && known.type !== "unknown") return { type: known.type, typeFrom: { origin: "metadata", source: known.from.type } };
  if (family?.byLe) {
    return {
      type: "histogram",
      typeFrom: {
        origin: "convention",
        inferredFrom: `a classic histogram: its \`${family.byLe.series}\` series is read by its \`le\` label`,
        where: family.byLe.at,
      },
    };
  }
  if (native && !family) {
    return {
      type: "histogram",
      typeFrom: { origin: "convention", inferredFrom: `a native histogram: \`${native.fn}\` reads it, and it has no \`_bucket\` suffix`, where: native.at },
    };
  }
  const inferred = inferFromName(name);
  if (inferred && inferred.metric.type !== "unknown" && inferred.metric.type !== "histogram") {
    return { type: inferred.metric.type, typeFrom: { origin: "convention", inferredFrom: inferred.metric.from.type.reason ?? "its name" } };
  }
  const why = known ? `${known.from.type.file ?? "the metadata"} gives no type` : "no metadata describes it";
  const reason = inferred
    ? `${why}, and its name says only that it may be ${inferred.metric.from.type.reason}: no metadata or \`le\` use tells which`
    : `${why}, and its name follows no type convention`;
  return { type: "unknown", typeFrom: { origin: "unknown", reason } };
}

function describe(
  name: string,
  series: readonly string[],
  facts: readonly SeriesFacts[],
  family: { known?: KnownMetric; byLe?: { series: string; at: Where } } | undefined,
  known: KnownMetric | undefined,
  expositionFiles: ReadonlySet<string>,
): InventoryMetric {
  const { type, typeFrom } = typeOrigin(name, family, known, facts[series.indexOf(name)]?.nativeAt);
  const seen = new Map<string, { values: Set<string>; roles: Set<LabelRole>; uses: Where[] }>();
  for (const [i, f] of facts.entries()) {
    for (const [label, l] of f.labels) {
      // `le` is a bucket's own label: a histogram declares it as its buckets.
      if (label === "le" && family && series[i]!.endsWith("_bucket")) continue;
      let into = seen.get(label);
      if (!into) seen.set(label, (into = { values: new Set(), roles: new Set(), uses: [] }));
      for (const v of l.values) into.values.add(v);
      for (const r of l.roles) into.roles.add(r);
      into.uses.push(...l.uses);
    }
  }
  const labels: InventoryLabel[] = [];
  const knownLabels = new Map((known?.labels ?? []).map((l) => [l.name, l]));
  for (const label of new Set([...seen.keys(), ...knownLabels.keys()])) {
    const s = seen.get(label);
    const k = knownLabels.get(label);
    const values = new Set([...(s?.values ?? []), ...(k?.values ?? [])]);
    const labelsFrom = known?.from.labels;
    // Closed when the knowledge lists every value, and none the expressions match on is missing from it.
    const fromExposition = labelsFrom?.file !== null && labelsFrom?.file !== undefined && expositionFiles.has(labelsFrom.file);
    const closed = k !== undefined && (k.valuesComplete || fromExposition) && k.values.length > 0 && [...(s?.values ?? [])].every((v) => k.values.includes(v));
    labels.push({
      name: label,
      values: [...values].sort(compareCodePoints),
      closed,
      ...(closed && labelsFrom ? { closedBy: labelsFrom } : {}),
      roles: [...(s?.roles ?? [])].sort(compareCodePoints),
      uses: s?.uses ?? [],
    });
  }
  labels.sort((a, b) => compareCodePoints(a.name, b.name));
  const histogram = type === "histogram" || type === "gaugehistogram";
  return {
    name,
    type,
    typeFrom,
    series,
    labels,
    buckets: histogram ? (known?.buckets ?? null) : null,
    ...(histogram && known?.buckets && known.from.buckets ? { bucketsFrom: known.from.buckets } : {}),
    help: known?.help ?? null,
    unit: known?.unit ?? null,
    ...(known?.help ? { helpFrom: known.from.type } : {}),
    uses: facts.flatMap((f) => f.uses),
  };
}

/** The figures of an inventory: metrics by where their type came from, histograms, labels, recorded series. */
export interface InventoryFigures {
  readonly metrics: number;
  readonly typedByMetadata: number;
  readonly typedByConvention: number;
  readonly unknown: number;
  readonly histograms: number;
  readonly labels: number;
  readonly closedLabels: number;
  readonly recorded: number;
  readonly builtin: number;
  readonly unnamedSelectors: number;
}

export function inventoryFigures(inv: Inventory): InventoryFigures {
  const origin = (o: TypeOrigin["origin"]) => inv.metrics.filter((m) => m.typeFrom.origin === o).length;
  return {
    metrics: inv.metrics.length,
    typedByMetadata: origin("metadata"),
    typedByConvention: origin("convention"),
    unknown: origin("unknown"),
    histograms: inv.metrics.filter((m) => m.type === "histogram").length,
    labels: inv.metrics.reduce((n, m) => n + m.labels.length, 0),
    closedLabels: inv.metrics.reduce((n, m) => n + m.labels.filter((l) => l.closed).length, 0),
    recorded: inv.recorded.length,
    builtin: inv.builtin.length,
    unnamedSelectors: inv.unnamedSelectors.length,
  };
}
