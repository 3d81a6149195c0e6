/**
 * Prometheus rule files: one file per rule group (alerting groups by priority, a recording group
 * for SLO indicators), in the `groups:` format `promtool check rules` reads.
 */
import { generatedHeader, ruleFilePath } from "../model/conventions.js";
import type { ResolvedAlert, ResolvedCatalog, ResolvedRecordingRule, ResolvedRuleGroup } from "../model/resolved.js";
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

export function emitPrometheusRules(model: ResolvedCatalog): EmittedFile[] {
  return model.ruleGroups.map((group) => ({
    path: ruleFilePath(group.name),
    contents: toYaml({ groups: [{ name: group.name, interval: group.interval, rules: groupRulesYaml(model, group) }] }, generatedHeader(model.name)),
  }));
}

export const prometheusRulesEmitter: Emitter = {
  id: "prometheus-rules",
  description: "one Prometheus rule file per rule group (prometheus/rules/)",
  enabledWhen: "without-targets",
  emit: emitPrometheusRules,
};
