/**
 * The one shape of `catalog.json` (docs/catalog-json.md): the writer (`src/emit/catalog-json.ts`)
 * returns {@link CatalogJson}, held to this schema by `tsc`, and the reader
 * (`src/diff/catalog-doc.ts`) parses with it.
 *
 * Within `obsgen.catalog/v1` fields are only added, so the schema reads every v1 document obsgen
 * has written, and no more loosely than that:
 * - `dashboards` arrived after the first v1 build (which wrote none): read as `[]` when absent;
 * - `prometheus.versions` arrived later still: optional;
 * - `renamedFrom` is written only while a rename is declared: optional;
 * - a panel's `key` arrived when panel ids began to be derived from it: optional.
 * Unknown fields are dropped, not refused, so a document from a newer obsgen that added fields to
 * v1 still reads. Anything else missing or of another type is not a v1 document.
 */
import { z } from "zod";
import { PROMETHEUS_VERSIONS } from "../compat/prometheus.js";
import { UNITS } from "./authoring.js";

/** The `schema` field of every catalog.json this obsgen writes and the only one it reads. */
export const CATALOG_JSON_SCHEMA = "obsgen.catalog/v1";

const str = z.string();
const strs = z.array(str);
const strMap = z.record(str, str);
/** Label matchers of a condition or SLO: label to the values it may take. */
const matchers = z.record(str, strs);
const comparator = z.enum([">", ">=", "<", "<=", "==", "!="]);

const parameter = z.object({ name: str, default: z.number(), unit: z.enum(UNITS), description: str });

const service = z.object({
  name: str,
  description: str,
  label: str,
  host: str,
  metricsPort: z.number(),
  processPort: z.object({ port: z.number(), protocol: str }).nullable(),
  availability: z.number().nullable(),
  metrics: strs,
});

const label = z.discriminatedUnion("kind", [
  z.object({ name: str, kind: z.literal("closed"), values: strs, description: str.nullable() }),
  z.object({ name: str, kind: z.literal("open"), maxValues: z.number(), examples: strs, description: str.nullable() }),
]);

const metric = z.object({
  name: str,
  type: z.enum(["counter", "gauge", "histogram"]),
  help: str,
  unit: z.enum(UNITS),
  buckets: z.array(z.number()).nullable(),
  labels: z.array(label),
  service: str.nullable(),
  group: str.nullable(),
  exposedBy: strs,
  path: str,
  renamedFrom: z.object({ name: str, until: str }).optional(),
});

/** A threshold; `parameter` and `factor` when it is a parameter's default times a factor. */
const threshold = z.object({ value: z.number(), parameter: str.optional(), factor: z.number().optional() });

/** One object for every condition kind: the fields a kind does not have are left out. */
const condition = z.object({
  kind: z.enum(["quantile", "rate", "increase", "value", "ratio", "expr"]),
  metrics: strs,
  window: str.optional(),
  quantile: z.number().optional(),
  method: z.enum(["histogram_quantile", "share_above"]).optional(),
  per: z.enum(["second", "minute"]).optional(),
  where: matchers.optional(),
  numerator: matchers.optional(),
  denominator: matchers.optional(),
  by: strs.optional(),
  op: comparator.nullable(),
  threshold: threshold.nullable(),
});

const alert = z.object({
  name: str,
  group: str,
  priority: z.enum(["P0", "P1", "P2"]),
  expr: str,
  for: str,
  labels: strMap,
  annotations: strMap,
  condition,
  service: str.nullable(),
  path: str,
});

const recordingRule = z.object({ record: str, group: str, expr: str, labels: strMap, source: str });

/** A rule of a group kept as written: as declared, with the catalog metrics its `expr` names. */
const keptRule = z.object({
  kind: z.enum(["alerting", "recording"]),
  name: str,
  expr: str,
  metrics: strs,
  for: str.nullable(),
  keepFiringFor: str.nullable(),
  labels: strMap,
  annotations: strMap,
  path: str,
});
const keptRuleGroup = z.object({
  name: str,
  file: str,
  interval: str.nullable(),
  limit: z.number().nullable(),
  queryOffset: str.nullable(),
  rules: z.array(keptRule),
  path: str,
});

const slo = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("availability"), name: str, description: str, service: str, objective: z.number(), period: str, path: str }),
  z.object({
    kind: z.literal("latency"),
    name: str,
    description: str,
    metric: str,
    quantile: z.number(),
    threshold: z.number(),
    window: str,
    for: str.nullable(),
    where: matchers,
    path: str,
  }),
  z.object({
    kind: z.literal("ratio"),
    name: str,
    description: str,
    metric: str,
    good: matchers,
    total: matchers,
    objective: z.number(),
    window: str,
    alertBelow: z.number().nullable(),
    for: str.nullable(),
    path: str,
  }),
  z.object({
    kind: z.literal("gauge"),
    name: str,
    description: str,
    metric: str,
    where: matchers,
    objective: z.number(),
    window: str,
    alertBelow: z.number().nullable(),
    path: str,
  }),
  z.object({ kind: z.literal("manual"), name: str, description: str, objective: str, reason: str, path: str }),
]);

const panel = z.object({
  id: z.number(),
  key: str.optional(),
  row: str,
  title: str,
  type: z.enum(["stat", "gauge", "timeseries", "heatmap", "table", "status"]),
  unit: str,
  exprs: strs,
  metrics: strs,
  alerts: strs,
});

const dashboard = z.object({
  uid: str,
  title: str,
  source: z.enum(["catalog", "service", "slo"]),
  refresh: str,
  panels: z.array(panel),
  path: str,
});

/** A Grafana dashboard kept as exported (`rawDashboard`): where it is provisioned. */
const rawDashboard = z.object({ uid: str, title: str, folder: str, file: str, path: str });

export const catalogDocSchema = z.object({
  schema: z.literal(CATALOG_JSON_SCHEMA),
  generatedBy: str,
  catalog: z.object({ name: str, version: str.nullable(), description: str.nullable() }),
  teams: strs,
  parameters: z.array(parameter),
  services: z.array(service),
  metrics: z.array(metric),
  alerts: z.array(alert),
  recordingRules: z.array(recordingRule),
  /** Rule groups kept as written; absent when the catalog declares none (so such catalogs' documents stay as they were). */
  ruleGroups: z.array(keptRuleGroup).optional(),
  slos: z.array(slo),
  dashboards: z.array(dashboard).default([]),
  /** Grafana dashboards kept as exported; absent when the catalog declares none (so such catalogs' documents stay as they were). */
  rawDashboards: z.array(rawDashboard).optional(),
  prometheus: z.object({
    scrapeInterval: str,
    evaluationInterval: str,
    port: z.number(),
    ruleGroupPrefix: str,
    versions: z.array(z.enum(PROMETHEUS_VERSIONS)).optional(),
  }),
  alertmanager: z.object({ host: str, port: z.number() }),
});

type DeepReadonly<T> = T extends readonly (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/**
 * A catalog.json document as this obsgen writes it: every field present (the schema's output, so
 * `dashboards` is required here though an older document may lack it). Readonly, so the writer
 * can hand over the model's arrays.
 */
export type CatalogJson = DeepReadonly<z.output<typeof catalogDocSchema>>;
