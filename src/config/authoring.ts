/**
 * The authoring API of `obsgen.config.ts`: how a team deploys what the catalog compiles to (deploy
 * targets and their options), where the catalog and the output live, and the settings that
 * override the catalog's own (`prometheus.version`, `runbooks.baseUrl`, `lint`). Command-line flags override the config.
 * The zod schema in `./schema.ts` validates the same shape; a type test keeps the two in step.
 */

import type { PromqlFeature, PrometheusVersionSetting } from "../compat/prometheus.js";

/** Level of a lint rule: `"off"` disables it, a severity overrides its default. */
export type LintLevel = "error" | "warning" | "info" | "off";

/** What Thanos Ruler does when a StoreAPI fails to answer: fail the evaluation, or go on with partial data. */
export type PartialResponseStrategy = "abort" | "warn";

/**
 * Optional settings added to every generated rule group, where the target's engine supports them.
 * A target whose engine does not support one omits it and `obsgen build` warns
 * (`target/unsupported-labels`, `target/unsupported-query-offset`, `target/unsupported-source-tenants`).
 */
export interface RuleGroupSettings {
  /**
   * Group `labels`, added to every series a group's rules record and every alert they fire (rule
   * labels win). Prometheus 3.0 or later, Mimir 3.0 or later; Thanos Ruler ignores them.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Group `query_offset`: evaluate each group this far in the past, for data that arrives late
   * (remote write). Prometheus 2.53 or later, Mimir 2.13 or later; not Thanos Ruler.
   * @default none (the engine's global setting)
   */
  readonly queryOffset?: string;
  /**
   * Group `source_tenants`: Mimir's federated rule groups, which query the listed tenants (the
   * ruler needs `-ruler.tenant-federation.enabled=true`). Mimir only.
   * @default none
   */
  readonly sourceTenants?: readonly string[];
}

/** Plain Prometheus rule files and `prometheus.yml` in `out/prometheus/`: what obsgen emits without a config. */
export interface PrometheusTargetDef {
  readonly kind: "prometheus";
  /**
   * The Prometheus release that loads the files, such as `"2.53"` or `"3.2"`: group fields it does
   * not know are left out (Prometheus refuses a rule file with an unknown field). `"3.0"` enables
   * group `labels`. It must be a version `prometheus.version` targets (a 3.x needs `"3"`).
   * @default the oldest targeted: "2.42" when `prometheus.version` includes "2.42", else "3.0"
   */
  readonly version?: string;
}

/** Grafana dashboards as ConfigMaps that Grafana's dashboard sidecar picks up. */
export interface DashboardConfigMapsDef {
  /** Labels the sidecar selects ConfigMaps by (its `label` and `labelValue`). @default { grafana_dashboard: "1" } */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of every dashboard ConfigMap. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Namespace of the ConfigMaps, when it differs from the PrometheusRules'. @default the target's `namespace` */
  readonly namespace?: string;
  /**
   * The annotation naming each ConfigMap's Grafana folder (the dashboard's `folder`): what the
   * sidecar's `FOLDER_ANNOTATION` (the Grafana chart's `sidecar.dashboards.folderAnnotation`)
   * names; `false` leaves it out. It takes precedence over the same key in `annotations`.
   * @default "k8s-sidecar-target-directory" (the sidecar's own default)
   */
  readonly folderAnnotation?: string | false;
}

/**
 * prometheus-operator resources in `out/kubernetes/`: one `PrometheusRule` (monitoring.coreos.com/v1)
 * per service, one more for the alerts of shared metric groups, and one ConfigMap per dashboard.
 */
export interface PrometheusOperatorTargetDef {
  readonly kind: "prometheus-operator";
  /** `metadata.namespace` of every resource. @default none (the namespace `kubectl apply` targets) */
  readonly namespace?: string;
  /**
   * `metadata.labels` of the PrometheusRules, so the Prometheus resource's `ruleSelector` picks
   * them (kube-prometheus-stack selects `release: <its release name>` by default).
   * @default {} (besides `app.kubernetes.io/managed-by` and `app.kubernetes.io/part-of`)
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** `metadata.annotations` of the PrometheusRules. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Which ruler the operator feeds the resources to: a `Prometheus` or a `ThanosRuler`. @default "prometheus" */
  readonly ruler?: "prometheus" | "thanos";
  /** Version of the Prometheus the operator runs (with `ruler: "prometheus"`), as for the `prometheus` target. @default the oldest targeted by `prometheus.version` */
  readonly version?: string;
  /** `partial_response_strategy` of the groups (with `ruler: "thanos"`), as for the `thanos` target. @default none */
  readonly partialResponseStrategy?: PartialResponseStrategy | Readonly<Record<string, PartialResponseStrategy>>;
  /** Name of the resource holding the rules no service owns: `<prefix>-<shared>`. @default "shared" */
  readonly shared?: string;
  /** Dashboard ConfigMaps for Grafana's sidecar; `false` leaves dashboards out. @default {} (labelled `grafana_dashboard: "1"`) */
  readonly dashboards?: false | DashboardConfigMapsDef;
}

/** Mimir (or Cortex) ruler namespace files in `out/mimir/rules/`, in the `mimirtool rules load` format. */
export interface MimirTargetDef {
  readonly kind: "mimir";
  /** One namespace per service (and one for shared rules), or per owning team. @default "service" */
  readonly namespaceBy?: "service" | "team";
  /** The Mimir version: `"3.0"` keeps group `labels` (older rulers accept and drop them). @default "2.13" */
  readonly version?: string;
  /** Name of the namespace holding the rules no service or team owns: `<prefix>-<shared>`. @default "shared" */
  readonly shared?: string;
}

/** Thanos Ruler rule files in `out/thanos/rules/`, with `partial_response_strategy` where asked. */
export interface ThanosTargetDef {
  readonly kind: "thanos";
  /**
   * `partial_response_strategy` of every group (one value), or of the named rule groups
   * (`{ trading_medium_priority: "warn" }`). Groups not named keep Thanos's default, `abort`.
   * @default none
   */
  readonly partialResponseStrategy?: PartialResponseStrategy | Readonly<Record<string, PartialResponseStrategy>>;
}

export type DeployTargetDef = PrometheusTargetDef | PrometheusOperatorTargetDef | MimirTargetDef | ThanosTargetDef;

/** `obsgen.config.ts`: `export default defineConfig({ … })`. Relative paths are relative to this file. */
export interface ObsgenConfig {
  /** The catalog's entry file. @default "catalog/index.ts" */
  readonly catalog?: string;
  /** The output folder. @default "out" */
  readonly out?: string;
  /**
   * The environment of the catalog's `environments` this build is for: each service is
   * discovered as its `discovery` says for it. `obsgen build --env` overrides it.
   * @default the catalog's first environment
   */
  readonly environment?: string;
  /** Where the rules and dashboards are deployed; several at once, each kind at most once. @default [{ kind: "prometheus" }] */
  readonly targets?: readonly DeployTargetDef[];
  /** Settings added to every rule group where the target's engine supports them. @default {} */
  readonly rules?: RuleGroupSettings;
  /** Overrides of the catalog's `prometheus` settings. */
  readonly prometheus?: {
    /**
     * The Prometheus versions the output must be right on, in place of the catalog's
     * `prometheus.version`: `"2.42"`, `"3"`, or both (`["2.42", "3"]`).
     * @default the catalog's (itself `["2.42", "3"]` by default)
     */
    readonly version?: PrometheusVersionSetting;
    /**
     * The experimental PromQL flags the Prometheus servers run with (`--enable-feature` names, such
     * as `"promql-experimental-functions"`): `obsgen lint` accepts the syntax they turn on, in the
     * catalog and in rule files, as `obsgen lint --enable-feature` does. @default []
     */
    readonly features?: readonly PromqlFeature[];
  };
  /**
   * Where runbook pages are served: overrides the catalog's `runbooks.baseUrl` (an http(s) URL or
   * an absolute path, without query, fragment or credentials). @default the catalog's
   */
  readonly runbooks?: { readonly baseUrl: string };
  /** Overrides of the catalog's `lint` settings. */
  readonly lint?: {
    /**
     * Per-rule levels, merged over the catalog's `lint.rules`. They apply to the catalog and to every
     * rule file and dashboard `obsgen lint` reads; a rule given a severity is on whatever the profile.
     * @default {}
     */
    readonly rules?: Readonly<Record<string, LintLevel>>;
    /**
     * Which findings `obsgen lint` prints, by impact: `"bugs"` (what does not work as written),
     * `"recommended"` (bugs and risks) or `"all"` (conventions too: annotations, naming, style).
     * Replaces the catalog's `lint.profile`; `--profile` overrides it.
     * @default "all" for the catalog, "recommended" for rule files and dashboards
     */
    readonly profile?: "bugs" | "recommended" | "all";
    /**
     * The rule files and dashboards the catalog governs, as globs relative to this file
     * (`["rules/ours/**"]`; a folder covers what is below it): `obsgen lint <paths>` judges them
     * against the catalog's metrics, labels and runbooks, and lints the others as third-party
     * files, without it. `--catalog-scope` overrides it.
     * @default the output folder (`out`) only; every file with `--catalog`
     */
    readonly catalogScope?: readonly string[];
    /**
     * Metric metadata files and folders, relative to this file, that `obsgen lint <paths>` checks
     * rule files and dashboards against, without a catalog or beside it: saved Prometheus
     * `/api/v1/metadata` or `/api/v1/targets/metadata` responses, other projects' `catalog.json`,
     * saved `/metrics` expositions (docs/metadata.md). `--metadata` replaces them. @default []
     */
    readonly metadata?: readonly string[];
    /**
     * Whether `obsgen lint <paths>` types a metric no catalog or metadata knows by its name's
     * convention (`x_total` is a counter), for `promql/bare-counter`. Off by default: exporters name
     * gauges `_total` too (`ceph_pg_total`, `container_fs_inodes_total`), see docs/metadata.md.
     * `--infer-types` turns it on for one run. @default false
     */
    readonly inferTypes?: boolean;
    /** Replaces the catalog's `lint.seriesBudget`. @default the catalog's */
    readonly seriesBudget?: number;
  };
}

/** Declares obsgen's configuration. The default export of `obsgen.config.ts`. */
export function defineConfig<const C extends ObsgenConfig>(config: C): C {
  return config;
}
