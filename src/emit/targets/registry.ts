/**
 * Every deploy target, one line each. Adding one is a module in this folder exporting a
 * `DeployTarget` (./target.ts), its config shape in config/schema.ts (`targetSchema`) and
 * config/authoring.ts, and one line here; the build and the checks find it by its kind.
 */
import type { TargetKind } from "../../config/schema.js";
import { mimirTarget } from "./mimir.js";
import { prometheusOperatorTarget } from "./prometheus-operator.js";
import { prometheusTarget } from "./prometheus.js";
import type { DeployTarget, TargetConfig } from "./target.js";
import { thanosTarget } from "./thanos.js";

export const DEPLOY_TARGETS = [prometheusTarget, prometheusOperatorTarget, mimirTarget, thanosTarget] as const;

// The compiler holds the registry to the config's kinds: one module per kind, no module without one.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const EVERY_KIND_REGISTERED: Same<(typeof DEPLOY_TARGETS)[number]["kind"], TargetKind> = true;
void EVERY_KIND_REGISTERED;

/** The targets a build knows; tests pass their own to show that adding one is one entry. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds targets of every kind's config shape
export type TargetRegistry = readonly DeployTarget<any>[];

/** The module of a target's kind (the one place a kind is matched). */
// biome-ignore lint/suspicious/noExplicitAny: the module matching the config's kind, of that kind's shape
export function deployTarget(target: TargetConfig, registry: TargetRegistry = DEPLOY_TARGETS): DeployTarget<any> {
  const found = registry.find((m) => m.kind === target.kind);
  // The config schema accepts only registered kinds.
  if (!found) throw new Error(`obsgen bug: no deploy target of kind "${target.kind}" is registered`);
  return found;
}
