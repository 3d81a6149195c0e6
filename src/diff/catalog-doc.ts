/**
 * What `obsgen diff` compares: a `catalog.json` value (schema `obsgen.catalog/v1`, see
 * docs/catalog-json.md), parsed with the schema its writer is typed by
 * (`src/model/catalog-doc-schema.ts`, which says what an older or newer v1 document may lack or
 * add), then reduced to the fields the comparison reads. A catalog built at a git revision, a
 * catalog folder and a `catalog.json` file from an earlier build all reduce to this shape, so
 * there is one comparison.
 */
import { CATALOG_JSON_SCHEMA, catalogDocSchema } from "../model/catalog-doc-schema.js";

export interface DocLabel {
  readonly name: string;
  readonly kind: "closed" | "open";
  /** Values of a closed label, in declared order; empty for an open label. */
  readonly values: readonly string[];
  /** The bound of an open label; null for a closed one. */
  readonly maxValues: number | null;
}

export interface DocMetric {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly unit: string;
  readonly buckets: readonly number[] | null;
  readonly labels: readonly DocLabel[];
  readonly exposedBy: readonly string[];
  readonly path: string;
  readonly renamedFrom: { readonly name: string; readonly until: string } | null;
}

export interface DocThreshold {
  readonly value: number;
  readonly parameter: string | null;
  readonly factor: number | null;
}

export interface DocCondition {
  readonly kind: string;
  readonly metrics: readonly string[];
  readonly op: string | null;
  readonly threshold: DocThreshold | null;
  /** Every other field of the condition (window, where, by, quantile, …), as written in catalog.json. */
  readonly rest: Readonly<Record<string, unknown>>;
}

export interface DocAlert {
  readonly name: string;
  readonly group: string;
  readonly priority: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly condition: DocCondition;
  readonly path: string;
}

export interface DocRecordingRule {
  readonly record: string;
  readonly group: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly source: string;
}

/** A rule of a group kept as written, as declared: labels and annotations in declared order. */
export interface DocKeptRule {
  readonly kind: "alerting" | "recording";
  /** The alert's name, or the series a recording rule records. */
  readonly name: string;
  readonly expr: string;
  readonly for: string | null;
  readonly keepFiringFor: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly path: string;
}

/** A rule group kept as written (`ruleGroups`, docs/import.md). */
export interface DocKeptGroup {
  readonly name: string;
  /** The rule file's stem: `prometheus/rules/<file>.yml`. */
  readonly file: string;
  readonly interval: string | null;
  readonly limit: number | null;
  readonly queryOffset: string | null;
  readonly rules: readonly DocKeptRule[];
  readonly path: string;
}

export interface DocSlo {
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  /** The SLO's metric, for the kinds that have one. */
  readonly metric: string | null;
  /** Every field as written in catalog.json. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface DocPanel {
  readonly id: string;
  /** The panel's identity within its dashboard, which its id derives from; null in a catalog.json written before panels had one. */
  readonly key: string | null;
  readonly title: string;
  readonly exprs: readonly string[];
  /** Alerts the panel shows (thresholds, runbook links), when catalog.json says. */
  readonly alerts: readonly string[];
}

export interface DocDashboard {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly DocPanel[];
}

export interface CatalogDoc {
  readonly catalog: { readonly name: string; readonly version: string | null };
  readonly metrics: readonly DocMetric[];
  readonly alerts: readonly DocAlert[];
  readonly recordingRules: readonly DocRecordingRule[];
  /** Rule groups kept as written; none in a catalog.json of a catalog that declares none, or written before kept groups were. */
  readonly ruleGroups: readonly DocKeptGroup[];
  readonly slos: readonly DocSlo[];
  readonly dashboards: readonly DocDashboard[];
}

/** A catalog.json value that cannot be compared, with what is wrong and where. */
export class CatalogDocError extends Error {}

function where(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("") || "(top level)";
}

/** Reads a catalog.json value; throws {@link CatalogDocError} when it is not one `obsgen diff` can read. */
export function readCatalogDoc(value: unknown): CatalogDoc {
  const schema = value && typeof value === "object" ? (value as { schema?: unknown }).schema : undefined;
  if (typeof schema !== "string" || !schema.startsWith("obsgen.catalog/")) {
    throw new CatalogDocError('is not an obsgen catalog.json (no `"schema": "obsgen.catalog/v1"` field)');
  }
  if (schema !== CATALOG_JSON_SCHEMA) {
    throw new CatalogDocError(`has schema ${schema}; this obsgen reads ${CATALOG_JSON_SCHEMA} (upgrade obsgen, or rebuild it with this one)`);
  }
  const parsed = catalogDocSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogDocError(`${where(issue.path)}: ${issue.message}`);
  }
  const d = parsed.data;
  return {
    catalog: { name: d.catalog.name, version: d.catalog.version },
    metrics: d.metrics.map((m) => ({
      name: m.name,
      type: m.type,
      help: m.help,
      unit: m.unit,
      buckets: m.buckets,
      labels: m.labels.map((l) => ({
        name: l.name,
        kind: l.kind,
        values: l.kind === "closed" ? l.values : [],
        maxValues: l.kind === "open" ? l.maxValues : null,
      })),
      exposedBy: m.exposedBy,
      path: m.path,
      renamedFrom: m.renamedFrom ?? null,
    })),
    alerts: d.alerts.map((a) => {
      const { kind, metrics, op, threshold, ...rest } = a.condition;
      return {
        name: a.name,
        group: a.group,
        priority: a.priority,
        expr: a.expr,
        for: a.for,
        labels: a.labels,
        annotations: a.annotations,
        condition: {
          kind,
          metrics,
          op,
          threshold: threshold ? { value: threshold.value, parameter: threshold.parameter ?? null, factor: threshold.factor ?? null } : null,
          rest,
        },
        path: a.path,
      };
    }),
    recordingRules: d.recordingRules.map((r) => ({ record: r.record, group: r.group, expr: r.expr, labels: r.labels, source: r.source })),
    ruleGroups: (d.ruleGroups ?? []).map((g) => ({
      name: g.name,
      file: g.file,
      interval: g.interval,
      limit: g.limit,
      queryOffset: g.queryOffset,
      rules: g.rules.map((r) => ({
        kind: r.kind,
        name: r.name,
        expr: r.expr,
        for: r.for,
        keepFiringFor: r.keepFiringFor,
        labels: r.labels,
        annotations: r.annotations,
        path: r.path,
      })),
      path: g.path,
    })),
    slos: d.slos.map((s) => ({ kind: s.kind, name: s.name, path: s.path, metric: "metric" in s ? s.metric : null, fields: s })),
    dashboards: d.dashboards.map((db) => ({
      uid: db.uid,
      title: db.title,
      panels: db.panels.map((p) => ({ id: String(p.id), key: p.key ?? null, title: p.title, exprs: p.exprs, alerts: p.alerts })),
    })),
  };
}
