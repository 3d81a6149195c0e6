/**
 * emit: ResolvedCatalog -> EmittedFile[]. Every emitter is a pure function of the model; the
 * result is sorted by path so output and `--check` reports are stable.
 */
import type { ResolvedCatalog } from "../model/resolved.js";
import { emitAlertmanager } from "./alertmanager.js";
import { emitCatalogJson } from "./catalog-json.js";
import { emitGrafana } from "./grafana.js";
import { emitPrometheusConfig } from "./prometheus-config.js";
import { emitPrometheusRules } from "./prometheus-rules.js";
import { emitRuleTests } from "./rule-tests/index.js";
import { emitRunbooks } from "./runbooks.js";
import { emitMetricStubs } from "./stubs/index.js";
import type { EmittedFile } from "./serialize.js";
import { emitTargets, type TargetOptions } from "./targets/index.js";

export type { EmittedFile } from "./serialize.js";

const EMITTERS: readonly ((model: ResolvedCatalog) => EmittedFile[])[] = [
  emitAlertmanager,
  emitCatalogJson,
  emitGrafana,
  emitPrometheusConfig,
  emitPrometheusRules,
  emitRuleTests,
  emitRunbooks,
  emitMetricStubs,
];

/** Emitters whose output the config's deploy targets take over (the `prometheus` target reproduces them). */
const TARGET_REPLACED_EMITTERS: readonly ((model: ResolvedCatalog) => EmittedFile[])[] = [emitPrometheusConfig, emitPrometheusRules];
/** Emitters of files that load the plain rule files: left out with them when the config has no `prometheus` target. */
const PLAIN_RULES_DEPENDENT_EMITTERS: readonly ((model: ResolvedCatalog) => EmittedFile[])[] = [emitRuleTests];

/** Every file; with a config's `targets`, the deploy targets' files in place of the default Prometheus ones. */
export function emitAll(model: ResolvedCatalog, targets?: TargetOptions): EmittedFile[] {
  const plain = !targets || targets.targets.some((t) => t.kind === "prometheus");
  const emitters = targets
    ? EMITTERS.filter((e) => !TARGET_REPLACED_EMITTERS.includes(e) && (plain || !PLAIN_RULES_DEPENDENT_EMITTERS.includes(e)))
    : EMITTERS;
  const files = [...emitters.flatMap((emit) => emit(model)), ...(targets ? emitTargets(model, targets) : [])];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`obsgen bug: two emitters wrote ${f.path}`);
    seen.add(f.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
