/**
 * The `mimir` target: one ruler namespace file per service (or per team) plus one for shared
 * rules, in the format `mimirtool rules load` and `mimirtool rules sync --rule-dirs` read (also
 * cortextool's): a `namespace:` and its `groups:`. `out/mimir/rules/<namespace>.yml`.
 */
import type { MimirTarget, RuleGroupSettingsResolved } from "../../config/schema.js";
import { generatedHeader, mimirNamespaceFilePath, ruleUnitName } from "../../model/conventions.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { type EmittedFile, toYaml } from "../serialize.js";
import { partitionRules } from "./partition.js";
import { groupYaml } from "./rule-groups.js";
import type { DeployTarget } from "./target.js";

export function emitMimirTarget(model: ResolvedCatalog, target: MimirTarget, settings: RuleGroupSettingsResolved): EmittedFile[] {
  const engine = mimirTarget.engine(target, model.prometheus.versions);
  return partitionRules(model, target.namespaceBy, target.shared).map((u) => {
    const namespace = ruleUnitName(model.prometheus.ruleGroupPrefix, u.unit);
    return {
      path: mimirNamespaceFilePath(namespace),
      contents: toYaml(
        { namespace, groups: [...u.groups.map((g) => groupYaml(g.group, g.rules, { engine, settings })), ...u.kept] },
        generatedHeader(model.name),
      ),
    };
  });
}

export const mimirTarget: DeployTarget<MimirTarget> = {
  kind: "mimir",
  description: "Mimir ruler namespace files, one per service or team and one shared (mimir/rules/)",
  writesPlainRules: false,
  engine: (target) => ({ name: "mimir", version: target.version }),
  emit: emitMimirTarget,
  units: (target) => ({ by: target.namespaceBy, shared: target.shared, noun: "namespace" }),
};
