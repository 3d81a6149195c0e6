/**
 * What obsgen knows about the metrics an expression reads, and where each fact comes from: the
 * catalog being linted, metadata files (a saved Prometheus `/api/v1/metadata` or
 * `/api/v1/targets/metadata` response, another project's `catalog.json`, a saved `/metrics`
 * exposition), or the name alone (`_total` is a counter: see ./infer.ts). The lint reads it through
 * `seriesInfo()` (src/lint/promql-facts.ts), whatever the sources; docs/metadata.md says what each
 * source can and cannot tell.
 *
 * Pure: readers turn text into a {@link MetadataSource}; {@link buildKnowledge} merges sources into
 * one {@link MetricKnowledge} and reports where two of them disagree.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ResolvedCatalog, ResolvedMetric } from "../model/resolved.js";
import { formatNumber } from "../model/numbers.js";
import { compareCodePoints } from "../util/order.js";

/** The metric types of Prometheus's metadata (`model.MetricType`, prometheus/common) and of OpenMetrics 1.0. */
export const KNOWN_TYPES = ["counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown"] as const;
export type KnownType = (typeof KNOWN_TYPES)[number];

export function isKnownType(s: string): s is KnownType {
  return (KNOWN_TYPES as readonly string[]).includes(s);
}

/** Which of a family's series a name is: the family itself (""), or the series a suffix names (OpenMetrics 1.0). */
export type SeriesPart = "" | "bucket" | "count" | "sum" | "total" | "created" | "info" | "gcount" | "gsum";

/** How a fact was learnt: declared by the catalog linted, read from a metadata file, or inferred from the name. */
export type FactOrigin = "catalog" | "metadata" | "inferred";

export interface FactSource {
  readonly origin: FactOrigin;
  /** The file it was read from (the catalog's entry file, a metadata file); null for an inferred fact. */
  readonly file: string | null;
  /** 1-based line in `file`, where the fact is written, when known. */
  readonly line?: number;
  /** 1-based column in `line`, when known. */
  readonly column?: number;
  /** For an inferred fact: what in the name it rests on (`its \`_total\` suffix`). */
  readonly reason?: string;
}

export interface KnownLabel {
  readonly name: string;
  /** Values declared (a catalog's closed label) or seen (in an exposition), sorted unless declared. */
  readonly values: readonly string[];
  /** Whether `values` is every value the label can take: only a catalog's closed label. */
  readonly valuesComplete: boolean;
}

/** The facts about one metric family. */
export interface KnownMetric {
  /** The family name: `http_requests_total` or `http_requests` (OpenMetrics names a counter's family without `_total`). */
  readonly name: string;
  /** `unknown` when no source says, or when sources disagree (then a conflict is reported). */
  readonly type: KnownType;
  readonly help: string | null;
  /** The unit as the source spells it (`seconds`; a catalog's unit word); null when none says. */
  readonly unit: string | null;
  /** Labels the exporter sets on the family's series (without `le`, `quantile`, or the target labels). */
  readonly labels: readonly KnownLabel[];
  /**
   * Whether every series of the family carries only `labels` and {@link targetLabels} (and `le` on
   * buckets, `quantile` on a summary's quantiles): a catalog's declaration. Never an exposition's:
   * Prometheus adds target labels at scrape (whatever relabeling writes), and another exporter
   * may expose the same name with other labels.
   */
  readonly labelsComplete: boolean;
  /** Labels Prometheus adds at scrape, when known (a catalog's scrape config: `job`, `instance`, `service`). */
  readonly targetLabels: readonly string[] | null;
  /** A classic histogram's finite bucket upper bounds, ascending; null when unknown or not a histogram. */
  readonly buckets: readonly number[] | null;
  /**
   * A histogram's form, as a catalog declares it: `false` classic only, `true` native only, `"both"`;
   * null when unknown (metadata says `histogram` for either form; a text exposition shows the
   * classic buckets and cannot show native ones).
   */
  readonly native: boolean | "both" | null;
  /** Where each fact came from. */
  readonly from: {
    readonly type: FactSource;
    readonly labels?: FactSource;
    readonly buckets?: FactSource;
    readonly unit?: FactSource;
  };
  /** Facts two sources disagree on, unknown since (a conflict is reported). @default [] */
  readonly disputed?: readonly ("type" | "unit" | "buckets")[];
  /** The linted catalog's declaration, when the family is one of its metrics. */
  readonly declared?: ResolvedMetric;
}

/** What one metadata file says. */
export interface MetadataSource {
  readonly file: string;
  readonly kind: "metadata-api" | "targets-metadata" | "catalog-json" | "exposition";
  /** Families, in the file's order; a name may repeat (the API lists one entry per target that disagrees). */
  readonly metrics: readonly KnownMetric[];
  /** Whether the file lists every metric name a Prometheus server has: a server-wide `/api/v1/metadata`. */
  readonly namesComplete: boolean;
}

/** Everything known, by family name. */
export interface MetricKnowledge {
  readonly metrics: ReadonlyMap<string, KnownMetric>;
  /** Sources that list every metric name (the catalog; a Prometheus-wide `/api/v1/metadata`): a name none knows never has data. */
  readonly completeNames: readonly FactSource[];
}

export const EMPTY_KNOWLEDGE: MetricKnowledge = { metrics: new Map(), completeNames: [] };

/** Labels every series of a catalog metric carries from its target: obsgen's scrape config sets `service`. */
export const CATALOG_TARGET_LABELS: readonly string[] = ["job", "instance", "service"];

/** A catalog's metric as knowledge: every fact declared, labels and closed values complete. */
export function knownFromDeclared(m: ResolvedMetric, file: string): KnownMetric {
  const src: FactSource = { origin: "catalog", file };
  return {
    name: m.name,
    type: m.type,
    help: m.help,
    unit: m.unit,
    labels: m.labels.map((l) => ({ name: l.name, values: l.values, valuesComplete: l.kind === "closed" })),
    labelsComplete: true,
    targetLabels: CATALOG_TARGET_LABELS,
    buckets: m.buckets,
    native: m.type === "histogram" ? m.native : false,
    from: { type: src, labels: src, ...(m.buckets ? { buckets: src } : {}), unit: src },
    declared: m,
  };
}

/** The knowledge a catalog gives: its metrics, and every metric name (rules in its scope read only those). */
export function catalogKnowledge(catalog: ResolvedCatalog, file: string | null): MetricKnowledge {
  const shown = file ?? "the catalog";
  return {
    metrics: new Map(catalog.metrics.map((m) => [m.name, knownFromDeclared(m, shown)])),
    completeNames: [{ origin: "catalog", file: shown }],
  };
}

/** Where two sources disagree about a family. */
export interface KnowledgeConflict {
  readonly metric: string;
  readonly fact: "type" | "unit" | "buckets";
  readonly a: { readonly value: string; readonly source: FactSource };
  readonly b: { readonly value: string; readonly source: FactSource };
  /** Which value the lint goes on with: a declaration's, or neither. */
  readonly kept: "declared" | "neither";
}

/** `file:line:col` of a fact, as far as known. */
export function factWhere(s: FactSource): string {
  if (s.file === null) return "its name";
  if (s.line === undefined) return s.file;
  return s.column !== undefined ? `${s.file}:${s.line}:${s.column}` : `${s.file}:${s.line}`;
}

/** A conflict as a finding on the second source, naming both. */
export function conflictDiagnostic(c: KnowledgeConflict): Diagnostic {
  const what = c.fact === "buckets" ? "bucket edges" : c.fact;
  return {
    code: "metadata/conflict",
    severity: "warning",
    message: `${c.metric} has ${what} ${c.b.value} here but ${c.a.value} in ${factWhere(c.a.source)}: ${
      c.kept === "declared" ? "the lint goes by the catalog's" : "the lint relies on neither"
    }`,
    ...(c.b.source.file ? { file: c.b.source.file } : {}),
    ...(c.b.source.line !== undefined ? { line: c.b.source.line } : {}),
    ...(c.b.source.line !== undefined && c.b.source.column !== undefined ? { column: c.b.source.column } : {}),
    data: { metric: c.metric, fact: c.fact, value: c.b.value, other: c.a.value, otherFile: factWhere(c.a.source) },
    hint:
      c.kept === "declared"
        ? "the service exposes the metric otherwise than the catalog declares it: fix one of them, or leave out the stale metadata"
        : "the files describe different versions or different exporters of this name: pass the metadata of the servers the rules run on",
  };
}

const bucketsText = (b: readonly number[]): string => `[${b.map(formatNumber).join(", ")}]`;

function sameBuckets(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function mergeLabels(a: readonly KnownLabel[], b: readonly KnownLabel[]): KnownLabel[] {
  const byName = new Map<string, KnownLabel>(a.map((l) => [l.name, l]));
  for (const l of b) {
    const prev = byName.get(l.name);
    if (!prev) {
      byName.set(l.name, l);
      continue;
    }
    // Values are complete only where both sources declare the same closed set.
    const complete = prev.valuesComplete && l.valuesComplete && prev.values.length === l.values.length && prev.values.every((v) => l.values.includes(v));
    const values = complete ? prev.values : [...new Set([...prev.values, ...l.values])].sort(compareCodePoints);
    byName.set(l.name, { name: l.name, values, valuesComplete: complete });
  }
  return [...byName.values()];
}

const declaredBy = (m: KnownMetric): boolean => m.from.type.origin === "catalog";

/**
 * Merges two descriptions of one family. A catalog's declaration (the linted catalog's, or a
 * `catalog.json`'s) wins over metadata: a disagreement is reported and the declared fact kept, as
 * linting against the catalog always did. Between two metadata files, or two catalogs, a
 * disagreement is reported and the fact becomes unknown (`disputed`), so no check rests on it.
 */
function mergeMetric(first: KnownMetric, second: KnownMetric, conflicts: KnowledgeConflict[]): KnownMetric {
  // The declaration first, whatever the order the files came in.
  const [a, b] = declaredBy(second) && !declaredBy(first) ? [second, first] : [first, second];
  // The linted catalog's declaration wins over everything; another catalog's over metadata.
  const aWins = a.declared !== undefined || (declaredBy(a) && !declaredBy(b));
  const disputed = new Set([...(a.disputed ?? []), ...(b.disputed ?? [])]);
  const conflict = (fact: KnowledgeConflict["fact"], av: string, as: FactSource, bv: string, bs: FactSource): void => {
    // Reported on the file read second, naming the other.
    const [x, y] =
      a === first
        ? [
            { value: av, source: as },
            { value: bv, source: bs },
          ]
        : [
            { value: bv, source: bs },
            { value: av, source: as },
          ];
    conflicts.push({ metric: a.name, fact, a: x, b: y, kept: aWins ? "declared" : "neither" });
    if (!aWins) disputed.add(fact);
  };

  let type = a.type === "unknown" ? b.type : a.type;
  const typeFrom = a.type === "unknown" ? b.from.type : a.from.type;
  if (a.type !== "unknown" && b.type !== "unknown" && a.type !== b.type) conflict("type", a.type, a.from.type, b.type, b.from.type);
  if (disputed.has("type")) type = "unknown";

  let unit = a.unit ?? b.unit;
  const unitFrom = a.unit ? a.from.unit : b.from.unit;
  if (a.unit && b.unit && a.unit !== b.unit) conflict("unit", a.unit, a.from.unit ?? a.from.type, b.unit, b.from.unit ?? b.from.type);
  if (disputed.has("unit")) unit = null;

  let buckets = a.buckets ?? b.buckets;
  const bucketsFrom = a.buckets ? a.from.buckets : b.from.buckets;
  if (a.buckets && b.buckets && !sameBuckets(a.buckets, b.buckets)) {
    conflict("buckets", bucketsText(a.buckets), a.from.buckets ?? a.from.type, bucketsText(b.buckets), b.from.buckets ?? b.from.type);
  }
  if (disputed.has("buckets")) buckets = null;

  // A declaration's labels are the declaration's; metadata only widens what is known to be seen.
  const labels = declaredBy(a) ? a.labels : mergeLabels(a.labels, b.labels);
  const labelsFrom = a.from.labels ?? b.from.labels;
  return {
    name: a.name,
    type,
    help: a.help || b.help,
    unit,
    labels,
    labelsComplete: declaredBy(a) && a.labelsComplete,
    targetLabels: declaredBy(a) ? a.targetLabels : null,
    buckets,
    native: a.native ?? b.native,
    from: {
      type: typeFrom,
      ...(labelsFrom ? { labels: labelsFrom } : {}),
      ...(buckets && bucketsFrom ? { buckets: bucketsFrom } : {}),
      ...(unit && unitFrom ? { unit: unitFrom } : {}),
    },
    ...(disputed.size > 0 ? { disputed: [...disputed].sort() } : {}),
    ...(a.declared ? { declared: a.declared } : {}),
  };
}

/** `b`'s facts added to `a`'s, with every disagreement between them. */
export function mergeKnowledge(a: MetricKnowledge, b: MetricKnowledge): { knowledge: MetricKnowledge; conflicts: KnowledgeConflict[] } {
  if (b.metrics.size === 0 && b.completeNames.length === 0) return { knowledge: a, conflicts: [] };
  const metrics = new Map(a.metrics);
  const conflicts: KnowledgeConflict[] = [];
  for (const m of b.metrics.values()) {
    const prev = metrics.get(m.name);
    metrics.set(m.name, prev ? mergeMetric(prev, m, conflicts) : m);
  }
  return { knowledge: { metrics, completeNames: [...a.completeNames, ...b.completeNames] }, conflicts };
}

/** One knowledge from metadata files, in the order given, with every disagreement between them (and inside one). */
export function buildKnowledge(sources: readonly MetadataSource[]): { knowledge: MetricKnowledge; conflicts: KnowledgeConflict[] } {
  const metrics = new Map<string, KnownMetric>();
  const conflicts: KnowledgeConflict[] = [];
  const completeNames: FactSource[] = [];
  for (const s of sources) {
    if (s.namesComplete) completeNames.push({ origin: "metadata", file: s.file });
    for (const m of s.metrics) {
      const prev = metrics.get(m.name);
      metrics.set(m.name, prev ? mergeMetric(prev, m, conflicts) : m);
    }
  }
  return { knowledge: { metrics, completeNames }, conflicts };
}
