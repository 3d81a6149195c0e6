/**
 * Deploy targets: ResolvedCatalog + the config's targets -> EmittedFile[]. Pure, like every
 * emitter; each target's module (./registry.ts) writes its own files. The `prometheus` target
 * reproduces obsgen's default Prometheus output, so a config without it leaves out
 * `out/prometheus/` (the emitters `enabledWhen: "without-targets"` in ../registry.ts).
 */
import type { RuleGroupSettingsResolved } from "../../config/schema.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import type { EmittedFile } from "../serialize.js";
import { DEPLOY_TARGETS, deployTarget, type TargetRegistry } from "./registry.js";
import type { TargetConfig } from "./target.js";

export interface TargetOptions {
  readonly targets: readonly TargetConfig[];
  readonly rules: RuleGroupSettingsResolved;
}

export function emitTargets(model: ResolvedCatalog, options: TargetOptions, registry: TargetRegistry = DEPLOY_TARGETS): EmittedFile[] {
  return options.targets.flatMap((t) => deployTarget(t, registry).emit(model, t, options.rules));
}

/** Some target writes the plain rule files that obsgen writes without a config. */
export function writesPlainRules(options: TargetOptions, registry: TargetRegistry = DEPLOY_TARGETS): boolean {
  return options.targets.some((t) => deployTarget(t, registry).writesPlainRules);
}
