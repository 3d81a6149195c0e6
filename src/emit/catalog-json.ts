/**
 * `catalog.json`: the resolved catalog, machine-readable, in the versioned shape documented in
 * docs/catalog-json.md (`"schema": "obsgen.catalog/v1"`). It is what `obsgen diff` compares, so
 * fields are mapped explicitly here rather than dumping the internal model: the model may change,
 * this shape only changes with a new schema version.
 */
import { CATALOG_JSON_SCHEMA, type CatalogJson } from "../model/catalog-doc-schema.js";
import { CATALOG_JSON_PATH, dashboardFilePath, generatedHeader } from "../model/conventions.js";
import type { ResolvedCatalog, ResolvedSlo, ResolvedThreshold } from "../model/resolved.js";
import type { Matcher } from "../model/promql-builder.js";
import { type EmittedFile, toJson } from "./serialize.js";
import type { Emitter } from "./emitter.js";

type Json = CatalogJson;
/** One element of a list field of catalog.json. */
type Item<K extends keyof Json> = Json[K] extends readonly (infer E)[] ? E : never;
type Condition = Item<"alerts">["condition"];
// tsc checks an object literal for fields its type lacks, but not the fields spread into it: each
// optional part spread below says `satisfies` the type it is spread into, so a field the schema
// lacks fails tsc there too.

const matchers = (ms: readonly Matcher[]) => Object.fromEntries(ms.map((m) => [m.label, [...m.values]]));
const threshold = (t: ResolvedThreshold | null): Condition["threshold"] =>
  t === null
    ? null
    : { value: t.value, ...(t.param ? ({ parameter: t.param.name, factor: t.param.factor } satisfies Partial<NonNullable<Condition["threshold"]>>) : {}) };

// Each kind's fields written out, in the resolved model's order: a field the model gains is not
// in catalog.json until it is added here and to the schema.
function slo(s: ResolvedSlo): Item<"slos"> {
  const { name, description, path } = s;
  switch (s.kind) {
    case "availability":
      return { kind: s.kind, name, description, service: s.service, objective: s.objective, period: s.period, path };
    case "latency":
      return {
        kind: s.kind,
        name,
        description,
        metric: s.metric,
        quantile: s.quantile,
        threshold: s.threshold,
        window: s.window,
        for: s.for,
        where: matchers(s.where),
        path,
      };
    case "ratio":
      return {
        kind: s.kind,
        name,
        description,
        metric: s.metric,
        good: matchers(s.good),
        total: matchers(s.total),
        objective: s.objective,
        window: s.window,
        alertBelow: s.alertBelow,
        for: s.for,
        path,
      };
    case "gauge":
      return {
        kind: s.kind,
        name,
        description,
        metric: s.metric,
        where: matchers(s.where),
        objective: s.objective,
        window: s.window,
        alertBelow: s.alertBelow,
        path,
      };
    case "manual":
      return { kind: s.kind, name, description, objective: s.objective, reason: s.reason, path };
  }
}

export function catalogJson(model: ResolvedCatalog): CatalogJson {
  return {
    schema: CATALOG_JSON_SCHEMA,
    generatedBy: generatedHeader(model.name),
    catalog: { name: model.name, version: model.version, description: model.description },
    teams: model.teams,
    parameters: model.parameters.map((p): Item<"parameters"> => ({ name: p.name, default: p.default, unit: p.unit, description: p.description })),
    services: model.services.map(
      (s): Item<"services"> => ({
        name: s.name,
        description: s.description,
        label: s.label,
        host: s.host,
        metricsPort: s.metricsPort,
        processPort: s.processPort && { port: s.processPort.port, protocol: s.processPort.protocol },
        availability: s.availability,
        metrics: s.metrics,
      }),
    ),
    metrics: model.metrics.map(
      (m): Item<"metrics"> => ({
        name: m.name,
        type: m.type,
        help: m.help,
        unit: m.unit,
        buckets: m.buckets,
        labels: m.labels.map((l): Item<"metrics">["labels"][number] =>
          l.kind === "closed"
            ? { name: l.name, kind: l.kind, values: l.values, description: l.description }
            : { name: l.name, kind: l.kind, maxValues: l.maxValues, examples: l.examples, description: l.description },
        ),
        service: m.service,
        group: m.group,
        exposedBy: m.exposedBy,
        path: m.path,
        // Only while a rename is declared, so catalogs without one keep their catalog.json.
        ...(m.renamedFrom ? ({ renamedFrom: { name: m.renamedFrom.name, until: m.renamedFrom.until } } satisfies Partial<Item<"metrics">>) : {}),
      }),
    ),
    alerts: model.alerts.map((a): Item<"alerts"> => {
      const c = a.condition;
      return {
        name: a.name,
        group: a.ruleGroup,
        priority: a.priority,
        expr: a.expr,
        for: a.for,
        labels: a.labels,
        annotations: a.annotations,
        condition: {
          kind: c.kind,
          metrics: a.metrics,
          ...("window" in c ? ({ window: c.window } satisfies Partial<Condition>) : {}),
          ...(c.kind === "quantile" ? ({ quantile: c.quantile, method: c.method } satisfies Partial<Condition>) : {}),
          ...(c.kind === "rate" ? ({ per: c.per } satisfies Partial<Condition>) : {}),
          ...("where" in c ? ({ where: matchers(c.where) } satisfies Partial<Condition>) : {}),
          ...(c.kind === "ratio" ? ({ numerator: matchers(c.numerator), denominator: matchers(c.denominator) } satisfies Partial<Condition>) : {}),
          ...("by" in c ? ({ by: c.by } satisfies Partial<Condition>) : {}),
          op: c.op,
          threshold: threshold(c.threshold),
        },
        service: a.service,
        path: a.path,
      };
    }),
    recordingRules: model.recordingRules.map(
      (r): Item<"recordingRules"> => ({ record: r.record, group: r.ruleGroup, expr: r.expr, labels: r.labels, source: r.source }),
    ),
    ...(model.keptRuleGroups.length > 0
      ? {
          ruleGroups: model.keptRuleGroups.map((g) => ({
            name: g.name,
            file: g.file,
            interval: g.interval,
            limit: g.limit,
            queryOffset: g.queryOffset,
            rules: g.rules.map((r) =>
              r.kind === "alerting"
                ? {
                    kind: r.kind,
                    name: r.alert,
                    expr: r.expr,
                    metrics: r.metrics,
                    for: r.for,
                    keepFiringFor: r.keepFiringFor,
                    labels: r.labels,
                    annotations: r.annotations,
                    path: r.path,
                  }
                : {
                    kind: r.kind,
                    name: r.record,
                    expr: r.expr,
                    metrics: r.metrics,
                    for: null,
                    keepFiringFor: null,
                    labels: r.labels,
                    annotations: {},
                    path: r.path,
                  },
            ),
            path: g.path,
          })),
        }
      : {}),
    slos: model.slos.map(slo),
    dashboards: model.dashboards.map(
      (d): Item<"dashboards"> => ({
        uid: d.uid,
        title: d.title,
        source: d.source,
        refresh: d.refresh,
        panels: d.rows.flatMap((r) =>
          r.panels.map((p): Item<"dashboards">["panels"][number] => ({
            id: p.id,
            key: p.key,
            row: r.title,
            title: p.title,
            type: p.type,
            unit: p.unit,
            exprs: p.targets.map((t) => t.expr),
            metrics: [...new Set(p.targets.flatMap((t) => t.metrics))].sort(),
            alerts: p.alerts,
          })),
        ),
        path: d.path,
      }),
    ),
    ...(model.rawDashboards.length > 0
      ? {
          rawDashboards: model.rawDashboards.map((d) => ({
            uid: d.uid,
            title: d.title,
            folder: d.folder,
            file: dashboardFilePath(d.folder, d.uid),
            path: d.path,
          })),
        }
      : {}),
    prometheus: {
      scrapeInterval: model.prometheus.scrapeInterval,
      evaluationInterval: model.prometheus.evaluationInterval,
      port: model.prometheus.port,
      ruleGroupPrefix: model.prometheus.ruleGroupPrefix,
      versions: model.prometheus.versions,
    },
    alertmanager: { host: model.alertmanager.host, port: model.alertmanager.port },
  };
}

export function emitCatalogJson(model: ResolvedCatalog): EmittedFile[] {
  return [{ path: CATALOG_JSON_PATH, contents: toJson(catalogJson(model)) }];
}

export const catalogJsonEmitter: Emitter = {
  id: "catalog-json",
  description: "the resolved catalog in the versioned obsgen.catalog/v1 shape that obsgen diff reads (catalog.json)",
  enabledWhen: "always",
  emit: emitCatalogJson,
};
