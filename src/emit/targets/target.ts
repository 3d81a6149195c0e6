/**
 * What a deploy target is: a module with a `kind` (the config's `targets[].kind`), a description,
 * what it writes and what it asks of the checks. Each target declares itself in its own file
 * (`thanosTarget` in thanos.ts, …) and takes one line in `DEPLOY_TARGETS` (./registry.ts);
 * `emitTargets` and `checkTargets` look a target's module up by kind there and nowhere else.
 * Its config shape lives with the config's (`targetSchema` in config/schema.ts).
 */
import type { PartialResponseStrategy } from "../../config/authoring.js";
import type { RuleGroupSettingsResolved } from "../../config/schema.js";
import type { PrometheusVersion } from "../../compat/prometheus.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import type { EmittedFile } from "../serialize.js";
import type { Engine } from "./engines.js";
import type { UnitBy } from "./partition.js";

/** A target as the config gives it: its kind and its own (defaulted) fields. */
export interface TargetConfig {
  readonly kind: string;
}

/** How a target splits the rules into units (./partition.ts), one of them shared. */
export interface TargetUnits {
  readonly by: UnitBy;
  /** The shared unit's name, which no service or team may have. */
  readonly shared: string;
  /** What a unit is, for messages: "namespace", "PrometheusRule". */
  readonly noun: string;
}

export interface DeployTarget<T extends TargetConfig = TargetConfig> {
  readonly kind: T["kind"];
  /** What it writes, in one line. */
  readonly description: string;
  /**
   * It writes the plain rule files (`out/prometheus/rules/`) that obsgen writes without a config,
   * which the promtool rule tests load: a build with such a target keeps the rule tests.
   */
  readonly writesPlainRules: boolean;
  /** The rule engine that evaluates its groups, which decides the optional group fields it writes. */
  engine(target: T, targeted: readonly PrometheusVersion[]): Engine;
  /** Pure, like every emitter: the files of this target, paths relative to the output folder. */
  emit(model: ResolvedCatalog, target: T, settings: RuleGroupSettingsResolved): EmittedFile[];
  /** The Prometheus release the target says its rules run on (its own `version`), if any. */
  prometheusVersion?(target: T): string | undefined;
  /** The `partial_response_strategy` it asks for, if it has the field. */
  partialResponseStrategy?(target: T): PartialResponseStrategy | Readonly<Record<string, PartialResponseStrategy>> | undefined;
  /** How it splits the rules into units, if it does. */
  units?(target: T): TargetUnits;
  /** Checks of its own, beyond those `checkTargets` makes of every target; `at` is `targets[i]`. */
  check?(model: ResolvedCatalog, target: T, at: string): Omit<Diagnostic, "file">[];
}
