/**
 * The lint input of a catalog: the rule groups `obsgen build` emits (alerting rules with their
 * catalog alert, SLO recording rules, the groups kept as written) and its dashboards, located by
 * catalog path.
 */
import type { PrometheusTarget } from "../../compat/prometheus.js";
import { parseDuration } from "../../compat/go/duration.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import type { LintGroupNode, LintInput, LintRuleNode } from "../types.js";
import { catalogDashboards, jsonDashboard } from "./dashboards.js";

export function catalogLintInput(model: ResolvedCatalog, file: string, today: string): LintInput {
  const groups: LintGroupNode[] = model.ruleGroups.map((g) => {
    const group: LintGroupNode = { name: g.name, interval: g.interval, rules: [], file };
    if (g.kind === "alerting") {
      for (const a of model.alerts.filter((x) => x.ruleGroup === g.name)) {
        const rule: LintRuleNode = {
          kind: "alert",
          name: a.name,
          expr: a.expr,
          for: a.for,
          keepFiringFor: null,
          labels: a.labels,
          annotations: a.annotations,
          index: group.rules.length + 1,
          group,
          location: { file, catalogPath: a.path },
          silences: a.silence,
          alert: a,
        };
        group.rules.push(rule);
      }
    } else {
      for (const r of model.recordingRules.filter((x) => x.ruleGroup === g.name)) {
        const sloPath = model.slos.find((s) => `slo:${s.name}` === r.source)?.path;
        group.rules.push({
          kind: "record",
          name: r.record,
          expr: r.expr,
          for: null,
          keepFiringFor: null,
          labels: r.labels,
          annotations: {},
          index: group.rules.length + 1,
          group,
          location: { file, catalogPath: sloPath ?? `recordingRules.${r.record}` },
          silences: [],
          alert: null,
        });
      }
    }
    return group;
  });
  const kept: LintGroupNode[] = model.keptRuleGroups.map((g) => {
    const group: LintGroupNode = { name: g.name, interval: g.interval, rules: [], file };
    for (const r of g.rules) {
      group.rules.push({
        kind: r.kind === "alerting" ? "alert" : "record",
        name: r.kind === "alerting" ? r.alert : r.record,
        expr: r.expr,
        for: r.kind === "alerting" ? r.for : null,
        keepFiringFor: r.kind === "alerting" ? r.keepFiringFor : null,
        labels: r.labels,
        annotations: r.kind === "alerting" ? r.annotations : {},
        index: group.rules.length + 1,
        group,
        location: { file, catalogPath: r.path },
        silences: [],
        alert: null,
        kept: true,
      });
    }
    return group;
  });
  const dash = catalogDashboards(model.dashboards, file);
  // Raw dashboards are read as `obsgen lint <dashboard.json>` reads a file, at their catalog path;
  // like kept rules, they may read metrics the catalog does not declare.
  const raw = model.rawDashboards.flatMap((d) => {
    const read = jsonDashboard(d.json, file, { pathPrefix: `${d.path}.json.`, kept: true, promqlOnly: true });
    return read ? [read] : [];
  });
  return {
    groups: [...groups, ...kept, ...dash.groups, ...raw.map((r) => r.group)],
    dashboards: [...dash.dashboards, ...raw.map((r) => r.dashboard)],
    catalog: model,
    catalogFile: file,
    scrapeIntervalMs: parseDuration(model.prometheus.scrapeInterval) ?? 60_000,
    evaluationIntervalMs: parseDuration(model.prometheus.evaluationInterval) ?? 60_000,
    today,
    prometheus: catalogPrometheusTarget(model),
  };
}

/**
 * The Prometheus versions a catalog is linted against: those its output targets
 * (`prometheus.version` of the catalog or obsgen.config.ts, default every modelled version), each
 * without experimental PromQL flags, since the generated rules must load on a server run with none.
 */
export function catalogPrometheusTarget(model: ResolvedCatalog): PrometheusTarget {
  return { versions: model.prometheus.versions, features: [] };
}
