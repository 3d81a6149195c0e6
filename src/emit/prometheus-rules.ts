/**
 * Prometheus rule files: one file per rule group (alerting groups by priority, a recording group
 * for SLO indicators), in the `groups:` format `promtool check rules` reads.
 */
import { generatedHeader, ruleFilePath } from "../model/conventions.js";
import type { ResolvedAlert, ResolvedCatalog, ResolvedKeptRule, ResolvedKeptRuleGroup, ResolvedRecordingRule, ResolvedRuleGroup } from "../model/resolved.js";
import { type EmittedFile, toYaml } from "./serialize.js";
import type { Emitter } from "./emitter.js";

/** An alerting rule as rule files write it (the deploy targets in `targets/` share it). */
export function alertingRuleYaml(a: ResolvedAlert): Record<string, unknown> {
  return { alert: a.name, expr: a.expr, for: a.for, labels: a.labels, annotations: a.annotations };
}

/** A recording rule as rule files write it. */
export function recordingRuleYaml(r: ResolvedRecordingRule): Record<string, unknown> {
  return { record: r.record, expr: r.expr, ...(Object.keys(r.labels).length ? { labels: r.labels } : {}) };
}

/** The rules of one group, in the model's order. */
export function groupRulesYaml(model: ResolvedCatalog, group: ResolvedRuleGroup): Record<string, unknown>[] {
  return group.kind === "alerting"
    ? model.alerts.filter((a) => a.ruleGroup === group.name).map(alertingRuleYaml)
    : model.recordingRules.filter((r) => r.ruleGroup === group.name).map(recordingRuleYaml);
}

/**
 * A kept rule as declared: only the fields it sets, in Prometheus's own field order (2.42
 * `model/rulefmt/rulefmt.go`, `RuleNode`), labels and annotations in declared order.
 */
export function keptRuleYaml(r: ResolvedKeptRule): Record<string, unknown> {
  const labels = Object.keys(r.labels).length > 0 ? { labels: r.labels } : {};
  if (r.kind === "recording") return { record: r.record, expr: r.expr, ...labels };
  return {
    alert: r.alert,
    expr: r.expr,
    ...(r.for !== null ? { for: r.for } : {}),
    ...(r.keepFiringFor !== null ? { keep_firing_for: r.keepFiringFor } : {}),
    ...labels,
    ...(Object.keys(r.annotations).length > 0 ? { annotations: r.annotations } : {}),
  };
}

/** A kept group as declared: no field obsgen's group settings add (labels, partial response, tenants). */
export function keptGroupYaml(g: ResolvedKeptRuleGroup): Record<string, unknown> {
  return {
    name: g.name,
    ...(g.interval !== null ? { interval: g.interval } : {}),
    ...(g.queryOffset !== null ? { query_offset: g.queryOffset } : {}),
    ...(g.limit !== null ? { limit: g.limit } : {}),
    rules: g.rules.map(keptRuleYaml),
  };
}

/** The kept groups' rule files, one per `file`, its groups in declared order; files in order of first declaration. */
export function keptRuleFiles(model: ResolvedCatalog, path: (file: string) => string): EmittedFile[] {
  const files = new Map<string, ResolvedKeptRuleGroup[]>();
  for (const g of model.keptRuleGroups) files.set(g.file, [...(files.get(g.file) ?? []), g]);
  return [...files].map(([file, groups]) => ({ path: path(file), contents: toYaml({ groups: groups.map(keptGroupYaml) }, generatedHeader(model.name)) }));
}

export function emitPrometheusRules(model: ResolvedCatalog): EmittedFile[] {
  return [
    ...model.ruleGroups.map((group) => ({
      path: ruleFilePath(group.name),
      contents: toYaml({ groups: [{ name: group.name, interval: group.interval, rules: groupRulesYaml(model, group) }] }, generatedHeader(model.name)),
    })),
    ...keptRuleFiles(model, ruleFilePath),
  ];
}

export const prometheusRulesEmitter: Emitter = {
  id: "prometheus-rules",
  description: "one Prometheus rule file per rule group (prometheus/rules/)",
  enabledWhen: "without-targets",
  emit: emitPrometheusRules,
};
