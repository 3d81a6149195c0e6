/**
 * Prometheus rule files: one file per rule group (alerting groups by priority, a recording group
 * for SLO indicators), in the `groups:` format `promtool check rules` reads.
 */
import { generatedHeader, ruleFilePath } from "../model/conventions.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import { type EmittedFile, toYaml } from "./serialize.js";

export function emitPrometheusRules(model: ResolvedCatalog): EmittedFile[] {
  return model.ruleGroups.map((group) => {
    const rules =
      group.kind === "alerting"
        ? model.alerts
            .filter((a) => a.ruleGroup === group.name)
            .map((a) => ({ alert: a.name, expr: a.expr, for: a.for, labels: a.labels, annotations: a.annotations }))
        : model.recordingRules
            .filter((r) => r.ruleGroup === group.name)
            .map((r) => ({ record: r.record, expr: r.expr, ...(Object.keys(r.labels).length ? { labels: r.labels } : {}) }));
    return {
      path: ruleFilePath(group.name),
      contents: toYaml({ groups: [{ name: group.name, interval: group.interval, rules }] }, generatedHeader(model.name)),
    };
  });
}
