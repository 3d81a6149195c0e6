/**
 * The `thanos` target: Thanos Ruler rule files (`out/thanos/rules/<group>.yml`, for its
 * `--rule-file` flag), the catalog's groups with `partial_response_strategy` where the config
 * asks for it. Groups without it keep Thanos's default, `abort`.
 */
import type { RuleGroupSettingsResolved, ThanosTarget } from "../../config/schema.js";
import { generatedHeader, thanosRuleFilePath } from "../../model/conventions.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { groupRulesYaml, keptRuleFiles } from "../prometheus-rules.js";
import { type EmittedFile, toYaml } from "../serialize.js";
import { groupYaml } from "./rule-groups.js";
import type { DeployTarget } from "./target.js";

export function emitThanosTarget(model: ResolvedCatalog, target: ThanosTarget, settings: RuleGroupSettingsResolved): EmittedFile[] {
  const engine = thanosTarget.engine(target, model.prometheus.versions);
  const derived = model.ruleGroups.map((group) => ({
    path: thanosRuleFilePath(group.name),
    contents: toYaml(
      { groups: [groupYaml(group, groupRulesYaml(model, group), { engine, settings, partialResponseStrategy: target.partialResponseStrategy })] },
      generatedHeader(model.name),
    ),
  }));
  return [...derived, ...keptRuleFiles(model, thanosRuleFilePath)];
}

export const thanosTarget: DeployTarget<ThanosTarget> = {
  kind: "thanos",
  description: "Thanos Ruler rule files, one per rule group (thanos/rules/)",
  writesPlainRules: false,
  engine: () => ({ name: "thanos" }),
  emit: emitThanosTarget,
  partialResponseStrategy: (target) => target.partialResponseStrategy,
};
