/**
 * Deploy targets: ResolvedCatalog + the config's targets -> EmittedFile[]. Pure, like every
 * emitter. The `prometheus` target reproduces obsgen's default Prometheus output, so a config
 * without it leaves out `out/prometheus/` (the emitters `enabledWhen: "without-targets"` in ../registry.ts).
 */
import type { RuleGroupSettingsResolved, Target } from "../../config/schema.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import type { EmittedFile } from "../serialize.js";
import { emitMimirTarget } from "./mimir.js";
import { emitPrometheusTarget } from "./prometheus.js";
import { emitPrometheusOperatorTarget } from "./prometheus-operator.js";
import { emitThanosTarget } from "./thanos.js";

export interface TargetOptions {
  readonly targets: readonly Target[];
  readonly rules: RuleGroupSettingsResolved;
}

export function emitTarget(model: ResolvedCatalog, target: Target, rules: RuleGroupSettingsResolved): EmittedFile[] {
  switch (target.kind) {
    case "prometheus":
      return emitPrometheusTarget(model, target, rules);
    case "prometheus-operator":
      return emitPrometheusOperatorTarget(model, target, rules);
    case "mimir":
      return emitMimirTarget(model, target, rules);
    case "thanos":
      return emitThanosTarget(model, target, rules);
  }
}

export function emitTargets(model: ResolvedCatalog, options: TargetOptions): EmittedFile[] {
  return options.targets.flatMap((t) => emitTarget(model, t, options.rules));
}
