/**
 * The resolved catalog: readonly, fully defaulted, cross-linked and sorted. Lint rules, emitters
 * and diff read only this shape.
 */
import type { PrometheusVersion } from "../compat/prometheus.js";
import type { Comparator, MetricType, Priority, Unit } from "./authoring.js";
import type { Matcher } from "./promql-builder.js";

export interface ResolvedSilence {
  readonly rule: string;
  readonly reason: string;
  readonly until: string | null;
}

export interface ResolvedLabel {
  readonly name: string;
  readonly kind: "closed" | "open";
  /** The allowed values of a closed label, in declared order; empty for an open label. */
  readonly values: readonly string[];
  /** Distinct values at most: the number of values of a closed label, the bound of an open one. */
  readonly maxValues: number;
  readonly examples: readonly string[];
  readonly description: string | null;
}

export interface ResolvedMetric {
  /** Short id, unique within its service or group. */
  readonly key: string;
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: Unit;
  /** Histogram bucket upper bounds (without +Inf); null for counters and gauges. */
  readonly buckets: readonly number[] | null;
  /**
   * A histogram's form: `false` classic only, `true` native only (queries read the native series,
   * never `_bucket`/`le`), `"both"` exposed both ways and read classic. `false` for counters and gauges.
   */
  readonly native: boolean | "both";
  /** Labels in declared order (the order generated stubs take them in). */
  readonly labels: readonly ResolvedLabel[];
  /** The owning service, or null for a metric of a shared group. */
  readonly service: string | null;
  /** The shared group declaring it, or null. */
  readonly group: string | null;
  /** Services whose `/metrics` endpoint exposes it. */
  readonly exposedBy: readonly string[];
  /** Catalog path of the declaration. */
  readonly path: string;
  readonly silence: readonly ResolvedSilence[];
  readonly notes: string | null;
  /** The previous name kept queryable by recording rules during a managed rename, or null. */
  readonly renamedFrom: { readonly name: string; readonly until: string } | null;
}

export interface ResolvedThreshold {
  /** The value compared against, with parameters substituted. */
  readonly value: number;
  /** The parameter it derives from, if any. */
  readonly param: { readonly name: string; readonly factor: number } | null;
}

export type ResolvedCondition =
  | {
      readonly kind: "quantile";
      readonly metric: string;
      readonly quantile: number;
      readonly window: string;
      readonly where: readonly Matcher[];
      readonly by: readonly string[];
      readonly op: Comparator;
      readonly threshold: ResolvedThreshold;
      /**
       * How the comparison is computed: `histogram_quantile`, or `share_above` (share of
       * observations above the threshold edge) where histogram_quantile could never exceed it.
       */
      readonly method: "histogram_quantile" | "share_above";
    }
  | {
      readonly kind: "rate";
      readonly metric: string;
      readonly window: string;
      readonly per: "second" | "minute";
      readonly where: readonly Matcher[];
      readonly by: readonly string[];
      readonly op: Comparator;
      readonly threshold: ResolvedThreshold;
    }
  | {
      readonly kind: "increase";
      readonly metric: string;
      readonly window: string;
      readonly where: readonly Matcher[];
      readonly by: readonly string[];
      readonly op: Comparator;
      readonly threshold: ResolvedThreshold;
    }
  | {
      readonly kind: "value";
      readonly metric: string;
      readonly where: readonly Matcher[];
      readonly aggregate: "sum" | "max" | "min" | "avg" | null;
      readonly by: readonly string[];
      readonly abs: boolean;
      readonly op: Comparator;
      readonly threshold: ResolvedThreshold;
    }
  | {
      readonly kind: "ratio";
      readonly metric: string;
      readonly window: string;
      readonly numerator: readonly Matcher[];
      readonly denominator: readonly Matcher[];
      readonly by: readonly string[];
      readonly op: Comparator;
      readonly threshold: ResolvedThreshold;
    }
  | {
      readonly kind: "expr";
      readonly metrics: readonly string[];
      readonly op: Comparator | null;
      readonly threshold: ResolvedThreshold | null;
    };

/**
 * A condition lowered to PromQL, once: the rule's expression is `<lhs> <op> <threshold>`, and
 * whatever explains or tests the rule reads these fields instead of parsing the expression back.
 * Null on an alert written as raw PromQL (`expr`), whose comparison obsgen does not know.
 */
export interface CompiledComparison {
  /** The compared PromQL, e.g. `sum(rate(orders_total[5m]))`. */
  readonly lhs: string;
  /** The operator as written in the rule (a share_above rule always compares with `>`). */
  readonly op: Comparator;
  /** The number as written in the rule (a share_above rule compares with `1 - quantile`). */
  readonly threshold: number;
  /**
   * `direct`: the left-hand side is the condition's value, compared with its threshold.
   * `share_above`: a quantile above the top finite bucket, which histogram_quantile never exceeds,
   * computed as the share of observations above that edge compared with `1 - quantile`.
   */
  readonly method: "direct" | "share_above";
}

export interface ResolvedAlert {
  readonly name: string;
  readonly priority: Priority;
  readonly severity: string;
  readonly team: string;
  readonly for: string;
  readonly summary: string;
  readonly description: string;
  readonly action: string;
  /** The PromQL expression of the rule. */
  readonly expr: string;
  readonly condition: ResolvedCondition;
  /** How `expr` was built from the condition; null for raw PromQL. */
  readonly compiled: CompiledComparison | null;
  /** Metrics the expression reads. */
  readonly metrics: readonly string[];
  /** Rule labels, sorted by name: severity, priority, team, service (when owned by one) and extras. */
  readonly labels: Readonly<Record<string, string>>;
  /** Rule annotations, sorted by name. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Owning service, or null for an alert of a shared group. */
  readonly service: string | null;
  readonly group: string | null;
  /** Name of the rule group it is emitted in. */
  readonly ruleGroup: string;
  readonly path: string;
  readonly runbook: {
    readonly steps: readonly string[];
    readonly notes: string | null;
    readonly escalation: string | null;
    /** Titles of extra dashboard panels the runbook links to (each names an existing panel). */
    readonly panels: readonly string[];
  };
  /** Lower-priority alerts held back (Alertmanager inhibition) while this one fires; names sorted. */
  readonly inhibits: { readonly alerts: readonly string[]; readonly equal: readonly string[]; readonly reason: string } | null;
  readonly silence: readonly ResolvedSilence[];
  readonly source: string | null;
  /** Hand-written promtool test cases (generated ones are added by the rule-test emitter); [] when none. */
  readonly tests: readonly ResolvedAlertTest[];
}

/** A hand-written promtool test case of one alert. */
export interface ResolvedAlertTest {
  readonly name: string | null;
  /** Time between input samples. */
  readonly interval: string;
  readonly inputSeries: readonly { readonly series: string; readonly values: string }[];
  readonly checks: readonly {
    readonly evalTime: string;
    /** The alert's firing instances then; empty: it must not fire. */
    readonly firing: readonly {
      /** Labels of the expression's result series; the rule's labels are added. */
      readonly labels: Readonly<Record<string, string>>;
      /** `$value`, to expand the templates; null when none uses it. */
      readonly value: number | null;
      /** Expected annotations as given, instead of expanding the alert's templates. */
      readonly annotations: Readonly<Record<string, string>> | null;
    }[];
  }[];
  /** Other rule groups whose files the case loads (recording rules the expression reads). */
  readonly ruleGroups: readonly string[];
}

export interface ResolvedRecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ruleGroup: string;
  /** What it serves, e.g. `slo:order-success-rate`. */
  readonly source: string;
}

export interface ResolvedService {
  readonly name: string;
  readonly description: string;
  /** Value of the `service` target label. */
  readonly label: string;
  readonly host: string;
  readonly metricsPort: number;
  readonly processPort: { readonly port: number; readonly protocol: string } | null;
  /** How it is scraped, every field defaulted. */
  readonly scrape: ResolvedScrape;
  /** How its targets are found, in the build's environment. */
  readonly discovery: ResolvedDiscovery;
  readonly availability: number | null;
  /** Names of the metrics it exposes (its own and shared groups'), sorted. */
  readonly metrics: readonly string[];
  readonly path: string;
}

export interface ResolvedScrape {
  readonly interval: string;
  /** At most `interval`. */
  readonly timeout: string;
  readonly path: string;
  readonly scheme: "http" | "https";
}

export interface ResolvedLabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly {
    readonly key: string;
    readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    readonly values: readonly string[];
  }[];
}

export type ResolvedDiscovery =
  | { readonly kind: "static"; readonly targets: readonly string[] }
  | { readonly kind: "file"; readonly files: readonly string[]; readonly refreshInterval: string | null }
  | {
      readonly kind: "kubernetes";
      // The roles of `KUBERNETES_ROLES` (discovery.ts), spelled out: this module is part of the authoring API's types, which must not reach node:net.
      readonly role: "endpoints" | "endpointslice" | "pod" | "service";
      /** Empty: every namespace. */
      readonly namespaces: readonly string[];
      readonly selector: ResolvedLabelSelector;
      readonly port: string;
    };

export type ResolvedSlo =
  | {
      readonly kind: "availability";
      readonly name: string;
      readonly description: string;
      readonly service: string;
      readonly objective: number;
      readonly period: string;
      readonly path: string;
    }
  | {
      readonly kind: "latency";
      readonly name: string;
      readonly description: string;
      readonly metric: string;
      readonly quantile: number;
      readonly threshold: number;
      readonly window: string;
      readonly for: string | null;
      readonly where: readonly Matcher[];
      readonly path: string;
    }
  | {
      readonly kind: "ratio";
      readonly name: string;
      readonly description: string;
      readonly metric: string;
      readonly good: readonly Matcher[];
      readonly total: readonly Matcher[];
      readonly objective: number;
      readonly window: string;
      readonly alertBelow: number | null;
      readonly for: string | null;
      readonly path: string;
    }
  | {
      readonly kind: "gauge";
      readonly name: string;
      readonly description: string;
      readonly metric: string;
      readonly where: readonly Matcher[];
      readonly objective: number;
      readonly window: string;
      readonly alertBelow: number | null;
      readonly path: string;
    }
  | {
      readonly kind: "manual";
      readonly name: string;
      readonly description: string;
      readonly objective: string;
      readonly reason: string;
      readonly path: string;
    };

export interface ResolvedParameter {
  readonly name: string;
  readonly default: number;
  readonly unit: Unit;
  readonly description: string;
}

export interface ResolvedRuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly kind: "alerting" | "recording";
  readonly priority: Priority | null;
}

/** A rule of a group kept as written: every field as declared, nothing added. */
export type ResolvedKeptRule =
  | {
      readonly kind: "alerting";
      readonly alert: string;
      /** As written, or a typed condition's compiled comparison. */
      readonly expr: string;
      /** Catalog metrics the expression names (`expr("…", { metrics })`, or a typed condition's metric). */
      readonly metrics: readonly string[];
      /** The typed condition the expression was compiled from, or null for PromQL kept as written. */
      readonly condition: ResolvedCondition | null;
      readonly for: string | null;
      readonly keepFiringFor: string | null;
      /** In declared order. */
      readonly labels: Readonly<Record<string, string>>;
      /** In declared order. */
      readonly annotations: Readonly<Record<string, string>>;
      /** Catalog path, `ruleGroups[0].rules[3]`. */
      readonly path: string;
    }
  | {
      readonly kind: "recording";
      readonly record: string;
      readonly expr: string;
      readonly metrics: readonly string[];
      readonly labels: Readonly<Record<string, string>>;
      readonly path: string;
    };

/** A rule group kept as written (`ruleGroups`), in declared order. */
export interface ResolvedKeptRuleGroup {
  readonly name: string;
  /** The file stem: `prometheus/rules/<file>.yml`, `thanos/rules/<file>.yml`. */
  readonly file: string;
  readonly interval: string | null;
  readonly limit: number | null;
  readonly queryOffset: string | null;
  readonly rules: readonly ResolvedKeptRule[];
  /** Catalog path, `ruleGroups[0]`. */
  readonly path: string;
}

export interface ResolvedCatalog {
  readonly name: string;
  readonly description: string | null;
  readonly version: string | null;
  readonly teams: readonly string[];
  readonly parameters: readonly ResolvedParameter[];
  /** The catalog's environments, as declared (empty when it declares none). */
  readonly environments: readonly string[];
  /** The environment this build is for (the services' discovery is that environment's); null without environments. */
  readonly environment: string | null;
  readonly services: readonly ResolvedService[];
  /** All metrics, sorted by name. */
  readonly metrics: readonly ResolvedMetric[];
  /** All alerts, sorted by rule group then name. */
  readonly alerts: readonly ResolvedAlert[];
  /** The severity label of each priority's alerts (`severities`): distinct words, routed on by Alertmanager. */
  readonly severities: Readonly<Record<Priority, string>>;
  readonly recordingRules: readonly ResolvedRecordingRule[];
  readonly ruleGroups: readonly ResolvedRuleGroup[];
  /** Rule groups kept as written, in declared order: emitted as declared, after the derived groups. */
  readonly keptRuleGroups: readonly ResolvedKeptRuleGroup[];
  readonly slos: readonly ResolvedSlo[];
  /** The period every SLO's error budget is counted over (`sloPeriod`), e.g. `30d`. */
  readonly sloPeriod: string;
  readonly prometheus: {
    readonly scrapeInterval: string;
    readonly evaluationInterval: string;
    readonly port: number;
    readonly ruleGroupPrefix: string;
    /** The Prometheus versions the output is right on (`prometheus.version`, the config's first), in `PROMETHEUS_VERSIONS` order. */
    readonly versions: readonly PrometheusVersion[];
  };
  readonly alertmanager: { readonly host: string; readonly port: number };
  /** Dashboards: declared ones first, then generated per service, then the SLO dashboard. */
  readonly dashboards: readonly ResolvedDashboard[];
  /** Grafana dashboards kept as exported (`rawDashboard`), in declared order: provisioned beside `dashboards`. */
  readonly rawDashboards: readonly ResolvedRawDashboard[];
  /** Where runbook pages are served, or null when the catalog sets no `runbooks.baseUrl`. */
  readonly runbooks: { readonly baseUrl: string } | null;
  /** Log searches, in declared order. */
  readonly logQueries: readonly ResolvedLogQuery[];
  readonly grafana: { readonly baseUrl: string };
  /** Alertmanager routing, or null when the catalog declares none. */
  readonly alerting: ResolvedAlerting | null;
  readonly lint: {
    readonly seriesBudget: number;
    readonly rules: Readonly<Record<string, "error" | "warning" | "info" | "off">>;
    /** The lint profile of every `obsgen lint` run on this catalog, or on rule files checked against it. */
    readonly profile?: "bugs" | "recommended" | "all";
  };
}

export interface ResolvedTarget {
  /** `A`, `B`, … in panel order. */
  readonly refId: string;
  /** PromQL, with Grafana macros (`$__rate_interval`) and variables as written. */
  readonly expr: string;
  readonly legend: string;
  readonly instant: boolean;
  readonly format: "time_series" | "table" | "heatmap";
  /** Metrics the query reads. */
  readonly metrics: readonly string[];
}

export interface ResolvedPanel {
  /**
   * Identity within its dashboard, from what the panel shows (conventions.ts): `metric <name> rate`
   * on a service dashboard, `slo "<name>" availability` on the SLO dashboard, `panel "<row title>"
   * "<key or title>"` for a declared panel. Unique within its dashboard.
   */
  readonly key: string;
  /** Grafana id, a hash of `key` (panel-ids.ts): unique within its dashboard (rows take ids too), and unmoved by other panels. */
  readonly id: number;
  readonly type: "stat" | "gauge" | "timeseries" | "heatmap" | "table" | "status";
  readonly title: string;
  readonly description: string;
  /** Grafana unit id. */
  readonly unit: string;
  readonly targets: readonly ResolvedTarget[];
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly stacked: boolean;
  readonly min: number | null;
  readonly max: number | null;
  /** Threshold steps, ascending; the first has value null (from -Infinity). */
  readonly thresholds: readonly { readonly value: number | null; readonly color: string }[];
  /** Alerts whose thresholds and runbooks the panel shows. */
  readonly alerts: readonly string[];
  /** Links to the runbooks of the alerts it shows (`url`), and to generated dashboards (`dashboard`, a uid). */
  readonly links: readonly ResolvedPanelLink[];
  /** Catalog path of the panel's declaration. */
  readonly path: string;
}

export interface ResolvedRow {
  /** Identity within its dashboard: `row "<title>"`. */
  readonly key: string;
  /** Grafana id, a hash of `key`, in the id space of the dashboard's panels. */
  readonly id: number;
  readonly title: string;
  readonly y: number;
  readonly panels: readonly ResolvedPanel[];
}

/** A panel link: to a page outside Grafana (`url`), or to another dashboard by uid (`dashboard`). */
export type ResolvedPanelLink = { readonly title: string; readonly url: string } | { readonly title: string; readonly dashboard: string };

/**
 * An annotation query over Prometheus's `ALERTS` series: the firing periods of `alerts`, drawn on
 * the panels `panels` (ids), which are the panels showing those alerts' metrics. Alerts drawn on
 * the same panels share one query.
 */
export interface ResolvedAlertAnnotation {
  readonly name: string;
  /** Alert names, sorted. */
  readonly alerts: readonly string[];
  /** Panel ids, ascending. */
  readonly panels: readonly number[];
  /** `ALERTS{alertstate="firing", alertname=~"…"}`. */
  readonly expr: string;
  /** Label names of the alerts' ALERTS series shown as the annotation's tags (alertname and alertstate excluded), sorted. */
  readonly tagKeys: readonly string[];
  /** Colour of the worst severity among the alerts. */
  readonly color: string;
}

export interface ResolvedDashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly refresh: string;
  readonly tags: readonly string[];
  readonly from: string;
  /** `catalog` (declared), `service` (generated per service) or `slo` (generated). */
  readonly source: "catalog" | "service" | "slo";
  /** Template variables besides the datasource: name and the query listing its values. */
  readonly variables: readonly { readonly name: string; readonly label: string; readonly query: string }[];
  readonly rows: readonly ResolvedRow[];
  readonly path: string;
  readonly silence: readonly ResolvedSilence[];
  /** Grafana folder: the dashboard's `folder`, else the catalog's `grafana.folder`, else the catalog's name. */
  readonly folder: string;
  /** Links to other dashboards of the catalog, by uid, in the order shown. */
  readonly links: readonly { readonly title: string; readonly dashboard: string }[];
  /** Firing periods of the alerts whose metrics the dashboard's panels show. */
  readonly alertAnnotations: readonly ResolvedAlertAnnotation[];
}

/**
 * A Grafana dashboard kept as exported (`rawDashboard`): its JSON is emitted as is, apart from an
 * export's `__inputs`, replaced (resolve-raw-dashboards.ts).
 */
export interface ResolvedRawDashboard {
  readonly uid: string;
  /** Its `title`, or the uid when it has none. */
  readonly title: string;
  /** Grafana folder: the dashboard's `folder`, else the catalog's `grafana.folder`, else the catalog's name. */
  readonly folder: string;
  /** The dashboard model written to `grafana/dashboards/<folder>/<uid>.json`. */
  readonly json: Readonly<Record<string, unknown>>;
  /** Names of the `__inputs` replaced (an export for sharing externally), in the export's order. */
  readonly inputs: readonly string[];
  /** Catalog path: `dashboards[2]`. */
  readonly path: string;
}

export interface ResolvedLogQuery {
  readonly name: string;
  readonly query: string;
  readonly language: string;
  /** Names of the services it concerns, sorted (every service when the catalog names none). */
  readonly services: readonly string[];
  readonly description: string | null;
  readonly path: string;
}

export interface ResolvedReceiver {
  readonly name: string;
  readonly description: string | null;
  /** Files holding PagerDuty routing keys (never the keys). */
  readonly pagerduty: readonly { readonly routingKeyFile: string }[];
  /** Slack channels and the files holding their webhook URLs (never the URLs). */
  readonly slack: readonly { readonly apiUrlFile: string; readonly channel: string }[];
  readonly path: string;
}

export interface ResolvedTiming {
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

export interface ResolvedTeamRoute {
  readonly team: string;
  /** Receiver of each priority's alerts, matched on the priority's severity label. */
  readonly receivers: Readonly<Record<Priority, string>>;
  /** Receiver of the team's alerts with another severity. */
  readonly other: string;
}

export interface ResolvedInhibitRule {
  /** Equality matchers on the firing alert, sorted by label. */
  readonly source: readonly { readonly label: string; readonly value: string }[];
  /** Matchers on the held-back alerts: one value, or several (an alternation), sorted by label. */
  readonly target: readonly { readonly label: string; readonly values: readonly string[] }[];
  readonly equal: readonly string[];
  readonly reason: string;
  /** `catalog` for a catalog-wide rule, else the name of the alert whose `inhibits` it comes from. */
  readonly origin: string;
  readonly path: string;
}

export interface ResolvedAlerting {
  readonly groupBy: readonly string[];
  readonly resolveTimeout: string;
  readonly timing: Readonly<Record<Priority, ResolvedTiming>>;
  /** Receivers, sorted by name. */
  readonly receivers: readonly ResolvedReceiver[];
  /** Team routes, sorted by team. */
  readonly teams: readonly ResolvedTeamRoute[];
  readonly defaultReceiver: string;
  /** Catalog-wide rules first, then the alerts' `inhibits` in alert order. */
  readonly inhibitRules: readonly ResolvedInhibitRule[];
  /** `config`: a whole alertmanager.yml; `fragment`: routes.yml, to merge into a shared Alertmanager's configuration. */
  readonly output: "config" | "fragment";
}
