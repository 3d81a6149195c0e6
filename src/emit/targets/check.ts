/**
 * check: the config's targets against the catalog and against what each target's engine supports.
 * Pure (ResolvedCatalog + ResolvedConfig -> Diagnostic[]); `obsgen build` and `obsgen lint` print
 * the findings. Unsupported fields are warnings (the target leaves the field out and the rest
 * deploys); what would produce broken output is an error. What a target asks for (its Prometheus
 * version, strategy, units) comes from its module (./target.ts), never from matching its kind.
 *
 * Codes: `target/version-not-targeted` (a Prometheus target runs a version `prometheus.version`
 * leaves out: an error for a 3.x, whose bucket spellings 2.42-only output misses; a warning for a
 * 2.x), `target/unsupported-labels`, `target/unsupported-query-offset`,
 * `target/unsupported-source-tenants`, `target/unsupported-partial-response` (warnings: a field
 * the engine does not support), `target/unknown-rule-group` (warning: a per-group setting names no
 * group), `target/unit-clash` (error: the shared unit's name is a service's or team's); a target's
 * own checks (`target/name-clash`, `target/configmap-size` in prometheus-operator.ts).
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { RuleGroupSettingsResolved } from "../../config/schema.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { modelledVersionOf } from "../../compat/prometheus.js";
import { engineLabel, type GroupField, support, UNSUPPORTED_CODE } from "./engines.js";
import { DEPLOY_TARGETS, deployTarget, type TargetRegistry } from "./registry.js";
import type { TargetConfig } from "./target.js";

const FIELD_OF_SETTING: readonly { readonly setting: "labels" | "queryOffset" | "sourceTenants"; readonly field: GroupField; readonly what: string }[] = [
  { setting: "labels", field: "labels", what: "group `labels`" },
  { setting: "queryOffset", field: "query_offset", what: "group `query_offset`" },
  { setting: "sourceTenants", field: "source_tenants", what: "group `source_tenants`" },
];

function targetName(t: TargetConfig, i: number): string {
  return `targets[${i}] (${t.kind})`;
}

/** The parts of the config the checks read (a `ResolvedConfig` is one). */
export interface TargetsConfig {
  readonly targets: readonly TargetConfig[];
  readonly rules: RuleGroupSettingsResolved;
}

export function checkTargets(model: ResolvedCatalog, config: TargetsConfig, file: string, registry: TargetRegistry = DEPLOY_TARGETS): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (d: Omit<Diagnostic, "file">): void => void out.push({ ...d, file });
  const groups = model.ruleGroups.map((g) => g.name);

  config.targets.forEach((t, i) => {
    const m = deployTarget(t, registry);
    const engine = m.engine(t, model.prometheus.versions);
    const version = m.prometheusVersion?.(t);
    if (version !== undefined) {
      const runs = modelledVersionOf(version);
      if (!model.prometheus.versions.includes(runs)) {
        const targeted = model.prometheus.versions.map((v) => `"${v}"`).join(", ");
        // On 3.x, 2.x-only output silently misses every bucket; on 2.x, 3-only output is
        // right (its matchers accept both spellings) but linted as 3.x PromQL, which 2.x may refuse.
        at({
          code: "target/version-not-targeted",
          severity: runs === "3" ? "error" : "warning",
          path: `targets[${i}].version`,
          message: `${targetName(t, i)} runs Prometheus ${version}, but \`prometheus.version\` targets only ${targeted}: ${
            runs === "3"
              ? 'its rules match buckets as 2.x spells them (le="5000"), never as 3.x stores them (le="5000.0")'
              : "expressions are checked as 3.x PromQL, some of which 2.x refuses to load"
          }`,
          hint: `add "${runs}" to \`prometheus.version\` (in the catalog or obsgen.config.ts), or set the target's \`version\` to the release it runs`,
        });
      }
    }
    for (const { setting, field, what } of FIELD_OF_SETTING) {
      const value = config.rules[setting];
      if (value === undefined || (setting === "labels" && Object.keys(value).length === 0)) continue;
      const s = support(engine, field);
      if (s.supported) continue;
      at({
        code: UNSUPPORTED_CODE[field],
        severity: "warning",
        path: `rules.${setting}`,
        message: `${what} ${s.reason}: ${targetName(t, i)} for ${engineLabel(engine)} leaves it out`,
        hint: s.hint,
      });
    }

    const strategy = m.partialResponseStrategy?.(t);
    if (strategy !== undefined) {
      const s = support(engine, "partial_response_strategy");
      if (!s.supported) {
        at({
          code: UNSUPPORTED_CODE.partial_response_strategy,
          severity: "warning",
          path: `targets[${i}].partialResponseStrategy`,
          message: `\`partial_response_strategy\` ${s.reason}: ${targetName(t, i)} for ${engineLabel(engine)} leaves it out`,
          hint: s.hint,
        });
      }
      if (typeof strategy !== "string") {
        for (const name of Object.keys(strategy)) {
          if (groups.includes(name)) continue;
          at({
            code: "target/unknown-rule-group",
            severity: "warning",
            path: `targets[${i}].partialResponseStrategy.${name}`,
            message: `no rule group is named "${name}"`,
            hint: `use one of: ${groups.join(", ")}`,
          });
        }
      }
    }

    const units = m.units?.(t);
    if (units) {
      const { by, shared, noun } = units;
      const owners = by === "service" ? model.services.map((s) => s.name) : model.teams;
      if (owners.includes(shared)) {
        at({
          code: "target/unit-clash",
          severity: "error",
          path: `targets[${i}].shared`,
          message: `the shared ${noun} "${shared}" has the name of a ${by}: their rules would mix`,
          hint: `set \`shared\` on the target to a name no ${by} has, such as "common"`,
        });
      }
    }

    for (const d of m.check?.(model, t, `targets[${i}]`) ?? []) at(d);
  });
  return out;
}
