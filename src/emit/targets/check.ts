/**
 * check: the config's targets against the catalog and against what each target's engine supports.
 * Pure (ResolvedCatalog + ResolvedConfig -> Diagnostic[]); `obsgen build` and `obsgen lint` print
 * the findings. Unsupported fields are warnings (the target leaves the field out and the rest
 * deploys); what would produce broken output is an error.
 *
 * Codes: `target/version-not-targeted` (a Prometheus target runs a version `prometheus.version`
 * leaves out: an error for a 3.x, whose bucket spellings 2.42-only output misses; a warning for a
 * 2.x), `target/unsupported-labels`, `target/unsupported-query-offset`,
 * `target/unsupported-source-tenants`, `target/unsupported-partial-response` (warnings: a field
 * the engine does not support), `target/unknown-rule-group` (warning: a per-group setting names no
 * group), `target/unit-clash` (error: the shared unit's name is a service's or team's),
 * `target/name-clash` (error: two dashboards map to one ConfigMap name), `target/configmap-size`
 * (a dashboard ConfigMap over what `kubectl apply` (256 KiB) or the API server (1 MiB) accepts).
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { ResolvedConfig, Target } from "../../config/schema.js";
import { dashboardConfigMapName } from "../../model/conventions.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { dashboardJson } from "../grafana.js";
import { toJson } from "../serialize.js";
import { modelledVersionOf } from "../../compat/prometheus.js";
import { engineLabel, engineOf, type GroupField, support, UNSUPPORTED_CODE } from "./engines.js";

/** `kubectl apply` (client-side) keeps the whole object in an annotation, limited to 256 KiB. */
export const KUBECTL_APPLY_LIMIT = 262_144;
/** The API server refuses objects over 1 MiB (etcd's request limit). */
export const CONFIGMAP_LIMIT = 1_048_576;

const FIELD_OF_SETTING: readonly { readonly setting: "labels" | "queryOffset" | "sourceTenants"; readonly field: GroupField; readonly what: string }[] = [
  { setting: "labels", field: "labels", what: "group `labels`" },
  { setting: "queryOffset", field: "query_offset", what: "group `query_offset`" },
  { setting: "sourceTenants", field: "source_tenants", what: "group `source_tenants`" },
];

function targetName(t: Target, i: number): string {
  return `targets[${i}] (${t.kind})`;
}

export function checkTargets(model: ResolvedCatalog, config: ResolvedConfig, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (d: Omit<Diagnostic, "file">): void => void out.push({ ...d, file });
  const groups = model.ruleGroups.map((g) => g.name);

  config.targets.forEach((t, i) => {
    const engine = engineOf(t, model.prometheus.versions);
    if ((t.kind === "prometheus" || (t.kind === "prometheus-operator" && t.ruler === "prometheus")) && t.version !== undefined) {
      const runs = modelledVersionOf(t.version);
      if (!model.prometheus.versions.includes(runs)) {
        const targeted = model.prometheus.versions.map((v) => `"${v}"`).join(", ");
        // On 3.x, 2.x-only output silently misses every bucket; on 2.x, 3-only output is
        // right (its matchers accept both spellings) but linted as 3.x PromQL, which 2.x may refuse.
        at({
          code: "target/version-not-targeted",
          severity: runs === "3" ? "error" : "warning",
          path: `targets[${i}].version`,
          message: `${targetName(t, i)} runs Prometheus ${t.version}, but \`prometheus.version\` targets only ${targeted}: ${
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

    if ((t.kind === "thanos" || t.kind === "prometheus-operator") && t.partialResponseStrategy !== undefined) {
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
      if (typeof t.partialResponseStrategy !== "string") {
        for (const name of Object.keys(t.partialResponseStrategy)) {
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

    if (t.kind === "prometheus-operator" || t.kind === "mimir") {
      const by = t.kind === "mimir" ? t.namespaceBy : "service";
      const owners = by === "service" ? model.services.map((s) => s.name) : model.teams;
      if (owners.includes(t.shared)) {
        at({
          code: "target/unit-clash",
          severity: "error",
          path: `targets[${i}].shared`,
          message: `the shared ${t.kind === "mimir" ? "namespace" : "PrometheusRule"} "${t.shared}" has the name of a ${by}: their rules would mix`,
          hint: `set \`shared\` on the target to a name no ${by} has, such as "common"`,
        });
      }
    }

    if (t.kind === "prometheus-operator" && t.dashboards !== false) {
      const byName = new Map<string, string>();
      for (const d of model.dashboards) {
        const name = dashboardConfigMapName(d.uid);
        const other = byName.get(name);
        if (other !== undefined) {
          at({
            code: "target/name-clash",
            severity: "error",
            path: d.path,
            message: `dashboards "${other}" and "${d.uid}" would both be the ConfigMap ${name}`,
            hint: "give one of the dashboards another `uid` (ConfigMap names are lowercase, `_` becomes `-`)",
          });
        }
        byName.set(name, d.uid);
        const bytes = new TextEncoder().encode(toJson(dashboardJson(d, model.name))).length;
        if (bytes > KUBECTL_APPLY_LIMIT) {
          const refused = bytes > CONFIGMAP_LIMIT;
          at({
            code: "target/configmap-size",
            severity: refused ? "error" : "warning",
            path: d.path,
            message: refused
              ? `dashboard "${d.uid}" is ${bytes} bytes: over the 1 MiB the Kubernetes API accepts in a ConfigMap`
              : `dashboard "${d.uid}" is ${bytes} bytes: over the 256 KiB client-side \`kubectl apply\` can record`,
            hint: refused ? "split the dashboard" : "apply it with `kubectl apply --server-side` (or `kubectl create`/`replace`)",
          });
        }
      }
    }
  });
  return out;
}
