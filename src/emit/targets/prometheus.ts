/**
 * The `prometheus` target: plain rule files, one per group, and `prometheus.yml` pointing at them
 * (`out/prometheus/`). Without group settings it is byte for byte what obsgen emits without a
 * config; with them, each group gets the fields the configured Prometheus version loads.
 */
import type { PrometheusTarget, RuleGroupSettingsResolved } from "../../config/schema.js";
import { generatedHeader, ruleFilePath } from "../../model/conventions.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { emitPrometheusConfig } from "../prometheus-config.js";
import { groupRulesYaml, keptRuleFiles } from "../prometheus-rules.js";
import { type EmittedFile, toYaml } from "../serialize.js";
import { prometheusRelease } from "./engines.js";
import { groupYaml } from "./rule-groups.js";
import type { DeployTarget } from "./target.js";

export function emitPrometheusTarget(model: ResolvedCatalog, target: PrometheusTarget, settings: RuleGroupSettingsResolved): EmittedFile[] {
  const engine = prometheusTarget.engine(target, model.prometheus.versions);
  const rules = model.ruleGroups.map((group) => ({
    path: ruleFilePath(group.name),
    contents: toYaml({ groups: [groupYaml(group, groupRulesYaml(model, group), { engine, settings })] }, generatedHeader(model.name)),
  }));
  // A target naming its release gets only the scrape fields that release loads.
  return [...rules, ...keptRuleFiles(model, ruleFilePath), ...emitPrometheusConfig(model, target.version)];
}

export const prometheusTarget: DeployTarget<PrometheusTarget> = {
  kind: "prometheus",
  description: "plain rule files and prometheus.yml, as obsgen writes without a config (prometheus/)",
  writesPlainRules: true,
  engine: (target, targeted) => ({ name: "prometheus", version: prometheusRelease(target.version, targeted) }),
  emit: emitPrometheusTarget,
  prometheusVersion: (target) => target.version,
};
