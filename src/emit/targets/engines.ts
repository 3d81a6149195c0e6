/**
 * The rule engines that evaluate the targets' rule groups (each target's module says which:
 * `DeployTarget.engine`), and which optional group fields each engine supports. One table, read by the emitters (to emit a field or leave it out) and by
 * `checkTargets` (to warn about the fields left out), so the two always agree.
 *
 * Sources: Prometheus's releases in compat/prometheus.ts (`RULE_GROUP_FIELD_SINCE`: a rule file
 * with an unknown field fails to load); prometheus-operator's RuleGroup type (`labels` and
 * `query_offset` are not supported by ThanosRuler, `partial_response_strategy` is ignored by
 * Prometheus); Mimir's ruler (`source_tenants` for federated rule groups, `query_offset` since
 * 2.13, group `labels` kept since 3.0, accepted and dropped before); Thanos Ruler's
 * `partial_response_strategy` (`abort` by default).
 */
import { compareVersions, OLDEST_RELEASE, PROMETHEUS_VERSIONS, type PrometheusVersion, RULE_GROUP_FIELD_SINCE } from "../../compat/prometheus.js";

export type Engine =
  | { readonly name: "prometheus"; readonly version: string }
  | { readonly name: "thanos" }
  | { readonly name: "mimir"; readonly version: string };

/** Optional rule group fields obsgen can emit, by their YAML name. */
export type GroupField = "labels" | "query_offset" | "source_tenants" | "partial_response_strategy";

export const GROUP_FIELDS: readonly GroupField[] = ["query_offset", "labels", "partial_response_strategy", "source_tenants"];

/** The stable diagnostic code warning that a target leaves a field out. */
export const UNSUPPORTED_CODE: Readonly<Record<GroupField, string>> = {
  labels: "target/unsupported-labels",
  query_offset: "target/unsupported-query-offset",
  source_tenants: "target/unsupported-source-tenants",
  partial_response_strategy: "target/unsupported-partial-response",
};

/**
 * The release a Prometheus target runs: its own `version`, else the oldest the catalog targets
 * (`prometheus.version`): output for ["2.42", "3"] must load on 2.42, output for ["3"] on 3.0.
 */
export function prometheusRelease(version: string | undefined, targeted: readonly PrometheusVersion[]): string {
  return version ?? OLDEST_RELEASE[targeted[0] ?? PROMETHEUS_VERSIONS[0]];
}

export function engineLabel(e: Engine): string {
  return e.name === "prometheus" ? `Prometheus ${e.version}` : e.name === "mimir" ? `Mimir ${e.version}` : "Thanos Ruler";
}

// Dotted-version comparison lives with the versions it compares (src/compat/prometheus.ts).
export { compareVersions };

export interface Support {
  readonly supported: boolean;
  /** Why not, in a clause: "needs Prometheus 3.0 or later". */
  readonly reason: string;
  /** What to do about it. */
  readonly hint: string;
}

const YES: Support = { supported: true, reason: "", hint: "" };

function since(e: Engine & { version: string }, min: string, product: string, hint: string): Support {
  // A Prometheus target without a `version` of its own follows the catalog's `prometheus.version`.
  const which = e.name === "prometheus" ? "the target's `version` (or `prometheus.version`, which a target without one follows)" : "the target's `version`";
  return compareVersions(e.version, min) >= 0
    ? YES
    : { supported: false, reason: `needs ${product} ${min} or later`, hint: `set ${which} to the ${product} you run if it is ${min} or later; ${hint}` };
}

export function support(e: Engine, field: GroupField): Support {
  switch (field) {
    case "labels":
      if (e.name === "prometheus") return since(e, RULE_GROUP_FIELD_SINCE.labels, "Prometheus", "else put the labels on the alerts (`labels`) instead");
      if (e.name === "mimir") return since(e, "3.0", "Mimir", "older Mimir rulers accept group labels and silently drop them");
      return {
        supported: false,
        reason: "is ignored by Thanos Ruler",
        hint: "put the labels on the alerts (`labels`), or use Thanos Ruler's `--label` flag for labels of every rule",
      };
    case "query_offset":
      if (e.name === "prometheus") return since(e, RULE_GROUP_FIELD_SINCE.query_offset, "Prometheus", "else set the global `rule_query_offset` instead");
      if (e.name === "mimir") return since(e, "2.13", "Mimir", "else set the ruler's `-ruler.evaluation-delay-duration` instead");
      return {
        supported: false,
        reason: "is not supported by Thanos Ruler",
        hint: "leave `rules.queryOffset` to the other targets; Thanos Ruler evaluates at the current time",
      };
    case "source_tenants":
      return e.name === "mimir"
        ? YES
        : {
            supported: false,
            reason: "exists only in Mimir (federated rule groups)",
            hint: "add a `mimir` target for the federated groups, or leave `rules.sourceTenants` out",
          };
    case "partial_response_strategy":
      return e.name === "thanos"
        ? YES
        : {
            supported: false,
            reason: "exists only in Thanos Ruler",
            hint: e.name === "prometheus" ? 'set `ruler: "thanos"` if a ThanosRuler selects these resources, or leave it out' : "leave it out",
          };
  }
}
