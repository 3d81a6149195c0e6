/**
 * The `prometheus` target: plain rule files, one per group, and `prometheus.yml` pointing at them
 * (`out/prometheus/`). Without group settings it is byte for byte what obsgen emits without a
 * config; with them, each group gets the fields the configured Prometheus version loads.
 */
import type { PrometheusTarget, RuleGroupSettingsResolved } from "../../config/schema.js";
import { generatedHeader, ruleFilePath } from "../../model/conventions.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { emitPrometheusConfig } from "../prometheus-config.js";
import { groupRulesYaml } from "../prometheus-rules.js";
import { type EmittedFile, toYaml } from "../serialize.js";
import { engineOf } from "./engines.js";
import { groupYaml } from "./rule-groups.js";

export function emitPrometheusTarget(model: ResolvedCatalog, target: PrometheusTarget, settings: RuleGroupSettingsResolved): EmittedFile[] {
  const engine = engineOf(target, model.prometheus.versions);
  const rules = model.ruleGroups.map((group) => ({
    path: ruleFilePath(group.name),
    contents: toYaml({ groups: [groupYaml(group, groupRulesYaml(model, group), { engine, settings })] }, generatedHeader(model.name)),
  }));
    // A target naming its release gets only the scrape fields that release loads.
  return [...rules, ...emitPrometheusConfig(model, target.version)];
}
