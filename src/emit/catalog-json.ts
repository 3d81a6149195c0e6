/**
 * `catalog.json`: the resolved catalog, machine-readable, in the versioned shape documented in
 * docs/catalog-json.md (`"schema": "obsgen.catalog/v1"`). It is what `obsgen diff` compares, so
 * fields are mapped explicitly here rather than dumping the internal model: the model may change,
 * this shape only changes with a new schema version.
 */
import { CATALOG_JSON_PATH, CATALOG_JSON_SCHEMA, generatedHeader } from "../model/conventions.js";
import type { ResolvedCatalog, ResolvedThreshold } from "../model/resolved.js";
import type { Matcher } from "../model/promql-builder.js";
import { type EmittedFile, toJson } from "./serialize.js";
import type { Emitter } from "./emitter.js";

const matchers = (ms: readonly Matcher[]) => Object.fromEntries(ms.map((m) => [m.label, [...m.values]]));
const threshold = (t: ResolvedThreshold | null) =>
  t === null ? null : { value: t.value, ...(t.param ? { parameter: t.param.name, factor: t.param.factor } : {}) };

export function catalogJson(model: ResolvedCatalog): unknown {
  return {
    schema: CATALOG_JSON_SCHEMA,
    generatedBy: generatedHeader(model.name),
    catalog: { name: model.name, version: model.version, description: model.description },
    teams: model.teams,
    parameters: model.parameters.map((p) => ({ name: p.name, default: p.default, unit: p.unit, description: p.description })),
    services: model.services.map((s) => ({
      name: s.name,
      description: s.description,
      label: s.label,
      host: s.host,
      metricsPort: s.metricsPort,
      processPort: s.processPort,
      availability: s.availability,
      metrics: s.metrics,
    })),
    metrics: model.metrics.map((m) => ({
      name: m.name,
      type: m.type,
      help: m.help,
      unit: m.unit,
      buckets: m.buckets,
      labels: m.labels.map((l) => ({
        name: l.name,
        kind: l.kind,
        ...(l.kind === "closed" ? { values: l.values } : { maxValues: l.maxValues, examples: l.examples }),
        description: l.description,
      })),
      service: m.service,
      group: m.group,
      exposedBy: m.exposedBy,
      path: m.path,
      // Only while a rename is declared, so catalogs without one keep their catalog.json.
      ...(m.renamedFrom ? { renamedFrom: { name: m.renamedFrom.name, until: m.renamedFrom.until } } : {}),
    })),
    alerts: model.alerts.map((a) => {
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
          ...("window" in c ? { window: c.window } : {}),
          ...(c.kind === "quantile" ? { quantile: c.quantile, method: c.method } : {}),
          ...(c.kind === "rate" ? { per: c.per } : {}),
          ...("where" in c ? { where: matchers(c.where) } : {}),
          ...(c.kind === "ratio" ? { numerator: matchers(c.numerator), denominator: matchers(c.denominator) } : {}),
          ...("by" in c ? { by: c.by } : {}),
          op: c.op,
          threshold: threshold(c.threshold),
        },
        service: a.service,
        path: a.path,
      };
    }),
    recordingRules: model.recordingRules.map((r) => ({ record: r.record, group: r.ruleGroup, expr: r.expr, labels: r.labels, source: r.source })),
    slos: model.slos.map((s) => {
      const { path, ...rest } = s;
      return {
        ...rest,
        ...("where" in s ? { where: matchers(s.where) } : {}),
        ...(s.kind === "ratio" ? { good: matchers(s.good), total: matchers(s.total) } : {}),
        path,
      };
    }),
    dashboards: model.dashboards.map((d) => ({
      uid: d.uid,
      title: d.title,
      source: d.source,
      refresh: d.refresh,
      panels: d.rows.flatMap((r) =>
        r.panels.map((p) => ({
          id: p.id,
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
    })),
    prometheus: model.prometheus,
    alertmanager: model.alertmanager,
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
