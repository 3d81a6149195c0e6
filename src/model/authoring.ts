/**
 * The authoring API: what a catalog author writes in `catalog/*.ts`.
 *
 * Everything here is plain data plus types. Helpers only add literal types (so an alert's
 * `where: { order_type: "market" }` is checked against the metric's declared label values at
 * compile time) and never validate: validation is the zod schema's job (`schema.ts`), and
 * cross-references are checked by `resolve.ts`, so a catalog written without these helpers
 * (plain objects, or JSON) gets the same errors. They also record where each element was declared
 * (declaration-sites.ts), out of band, for diagnostics to name the file and line.
 */

import type { PrometheusVersionSetting } from "../compat/prometheus.js";
import { declared } from "./declaration-sites.js";

/** Prometheus metric types a catalog can declare. */
export type MetricType = "counter" | "gauge" | "histogram";

/**
 * Units a metric can declare. They drive dashboard units, runbook wording and the naming lint.
 * `none` is for dimensionless counts of events (messages, orders).
 */
export const UNITS = ["seconds", "milliseconds", "microseconds", "bytes", "megabytes", "dollars", "basis_points", "percent", "ratio", "count", "none"] as const;
export type Unit = (typeof UNITS)[number];

/** A label whose values are not known in advance (a symbol, an id), with the most values it may take. */
export interface OpenLabel {
  readonly open: true;
  /** Upper bound on distinct values; it feeds the series-count estimate. */
  readonly maxValues: number;
  /** Example values, for docs and generated tests. @default [] */
  readonly examples?: readonly string[];
  readonly description?: string;
}

/** A label with a closed set of values, written as `["market", "limit"]` or `closed([...], { description })`. */
export interface ClosedLabel<V extends string = string> {
  readonly values: readonly V[];
  readonly description?: string;
}

export type LabelSpec = readonly string[] | ClosedLabel | OpenLabel;
export type LabelSpecs = { readonly [name: string]: LabelSpec };

/** The value type a label accepts: the literal union for a closed label, `string` for an open one. */
export type LabelValueOf<S> = S extends readonly (infer V extends string)[] ? V : S extends ClosedLabel<infer V> ? V : string;

/** Label matchers on a metric: one value or a list of values (matched as an alternation). */
export type Where<L extends LabelSpecs> = {
  readonly [K in keyof L]?: LabelValueOf<L[K]> | readonly LabelValueOf<L[K]>[];
};

/** A silence of a lint rule on one catalog element, with the reason it is deliberate. */
export interface Silence {
  /** Lint rule id, e.g. `naming/base-unit`. */
  readonly rule: string;
  /** Why the finding is deliberate; shown in reports. */
  readonly reason: string;
  /** ISO date (YYYY-MM-DD) after which the rule applies again. */
  readonly until?: string;
}

interface MetricCommon<T extends MetricType, L extends LabelSpecs> {
  readonly type: T;
  /** Full Prometheus metric name, e.g. `execution_engine_orders_submitted_total`. */
  readonly name: string;
  /** HELP text. */
  readonly help: string;
  /** @default "none" */
  readonly unit?: Unit;
  /** Labels and their values. @default {} */
  readonly labels?: L;
  /** Lint silences for this metric. @default [] */
  readonly silence?: readonly Silence[];
  /** Free-form notes shown in docs and runbooks. */
  readonly notes?: string;
  /**
   * The metric's previous name, during a managed rename. While it is declared, the build emits
   * recording rules (group `<prefix>_renames`) that keep the old name queryable
   * (`record: <old> expr: <new>`, one per `_bucket`/`_count`/`_sum` series of a histogram), and
   * `obsgen diff` reports the rename as `metric/renamed` instead of a removal. Remove it after
   * `until`, once nothing reads the old name.
   * @default undefined (not renamed)
   */
  readonly renamedFrom?: RenamedFrom;
}

/** A metric's previous name and the last day it stays queryable. */
export interface RenamedFrom {
  /** The old full metric name, e.g. `checkout_latency_ms`. */
  readonly name: string;
  /**
   * Last day (YYYY-MM-DD) consumers may read the old name. Documentation for the migration: the
   * build does not read the clock, and keeps emitting the rules until `renamedFrom` is removed.
   */
  readonly until: string;
}

export interface CounterDef<L extends LabelSpecs = LabelSpecs> extends MetricCommon<"counter", L> {}
export interface GaugeDef<L extends LabelSpecs = LabelSpecs> extends MetricCommon<"gauge", L> {}
export interface HistogramDef<L extends LabelSpecs = LabelSpecs> extends MetricCommon<"histogram", L> {
  /**
   * Upper bounds of the buckets, strictly increasing; `+Inf` is implicit. Required whatever
   * `native` says: the generated stubs expose these classic buckets (prom-client 15 and the Rust
   * `prometheus` crate 0.13 have no native histograms), and a classic or `"both"` histogram's
   * quantile thresholds are read at these edges.
   */
  readonly buckets: readonly number[];
  /**
   * Whether the histogram is a Prometheus native histogram (docs/prometheus-versions.md, "Native
   * histograms"):
   * - `false`: classic only. Queries read `<name>_bucket{le}`, `<name>_count`, `<name>_sum`.
   * - `true`: native only. Prometheus stores one series `<name>` per label set, with no `_bucket`,
   *   `_count`, `_sum` nor `le`; queries read it with `histogram_quantile(q, sum(rate(<name>[w])))`,
   *   `histogram_fraction`, `histogram_count`. Needs Prometheus 3 (`prometheus.version: "3"`);
   *   a catalog targeting 2.42 is refused. Thresholds need not be bucket edges (results are
   *   estimates). The scrape job gets `scrape_native_histograms` (3.8 and later).
   * - `"both"`: the service exposes both forms; queries read the classic one (right on every
   *   version), and a Prometheus 3 target keeps scraping it (`always_scrape_classic_histograms`).
   * @default false
   */
  readonly native?: boolean | "both";
}
export type MetricDef<L extends LabelSpecs = LabelSpecs> = CounterDef<L> | GaugeDef<L> | HistogramDef<L>;

type MetricInput<D> = Omit<D, "type">;

/** Declares a counter. */
export function counter<const L extends LabelSpecs = {}>(def: MetricInput<CounterDef<L>>): CounterDef<L> {
  return declared({ type: "counter", ...def }, "metric", counter);
}
/** Declares a gauge. */
export function gauge<const L extends LabelSpecs = {}>(def: MetricInput<GaugeDef<L>>): GaugeDef<L> {
  return declared({ type: "gauge", ...def }, "metric", gauge);
}
/** Declares a histogram with explicit buckets. */
export function histogram<const L extends LabelSpecs = {}>(def: MetricInput<HistogramDef<L>>): HistogramDef<L> {
  return declared({ type: "histogram", ...def }, "metric", histogram);
}

/** An open label: values unknown in advance, at most `maxValues` of them. */
export function open(maxValues: number, opts: { examples?: readonly string[]; description?: string } = {}): OpenLabel {
  return { open: true, maxValues, ...opts };
}
/** A closed label with a description. A bare array `["a", "b"]` is the short form. */
export function closed<const V extends string>(values: readonly V[], opts: { description?: string } = {}): ClosedLabel<V> {
  return { values, ...opts };
}

// ---------------------------------------------------------------------------------------------
// Parameters and thresholds

/** A named parameter with a default, e.g. `max_daily_loss = 5000`. */
export interface ParameterDef {
  readonly default: number;
  /** @default "none" */
  readonly unit?: Unit;
  readonly description: string;
}

/** A reference to a parameter, optionally scaled: `params.initial_capital.times(0.95)`. */
export interface ParamRef {
  readonly param: string;
  /** Multiplier applied to the parameter's value. @default 1 */
  readonly factor?: number;
}
export interface ParamHandle extends ParamRef {
  times(factor: number): ParamRef;
  negated(): ParamRef;
}

/** A threshold: a number, or a parameter (possibly scaled). */
export type Threshold = number | ParamRef;

/** Declares parameters and returns typed references to them, keyed by name. */
export function defineParameters<const P extends Record<string, ParameterDef>>(
  defs: P,
): { readonly definitions: P } & { readonly [K in keyof P]: ParamHandle } {
  const refs: Record<string, ParamHandle> = {};
  for (const name of Object.keys(defs)) refs[name] = paramRef(name);
  return declared(Object.assign(refs, { definitions: defs }), "parameters", defineParameters) as never;
}

/** A reference to a parameter by name (checked against the catalog's parameters when it resolves). */
export function paramRef(name: string, factor = 1): ParamHandle {
  const ref: ParamHandle = {
    param: name,
    factor,
    times: (k: number) => paramRef(name, factor * k),
    negated: () => paramRef(name, -factor),
  };
  // Functions are authoring sugar only: they are not part of the data the schema reads.
  Object.defineProperty(ref, "times", { enumerable: false });
  Object.defineProperty(ref, "negated", { enumerable: false });
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Conditions: declarative thresholds compiled to PromQL

export type Comparator = ">" | ">=" | "<" | "<=" | "==" | "!=";

/** A metric reference: the metric's definition (preferred, typed) or its full name. */
export type MetricRef<D extends MetricDef = MetricDef> = D | string;

type LabelsOf<D> = D extends MetricCommon<MetricType, infer L> ? L : LabelSpecs;
type LabelNames<D> = Extract<keyof LabelsOf<D>, string>;

interface Compared {
  readonly op: Comparator;
  readonly threshold: Threshold;
}

/** `histogram_quantile(q, …)` of a histogram over a window. */
export interface QuantileCondition extends Compared {
  readonly kind: "quantile";
  readonly metric: MetricRef;
  readonly quantile: number;
  readonly window: string;
  readonly where?: Record<string, string | readonly string[]>;
  readonly by?: readonly string[];
}
/** `rate()` of a counter (or a histogram's count) per second or per minute. */
export interface RateCondition extends Compared {
  readonly kind: "rate";
  readonly metric: MetricRef;
  readonly window: string;
  /** @default "second" */
  readonly per?: "second" | "minute";
  readonly where?: Record<string, string | readonly string[]>;
  readonly by?: readonly string[];
}
/** `increase()` of a counter (or a histogram's count) over a window. */
export interface IncreaseCondition extends Compared {
  readonly kind: "increase";
  readonly metric: MetricRef;
  readonly window: string;
  readonly where?: Record<string, string | readonly string[]>;
  readonly by?: readonly string[];
}
/** A gauge (or a counter's raw value) compared to a value or parameter. */
export interface ValueCondition extends Compared {
  readonly kind: "value";
  readonly metric: MetricRef;
  readonly where?: Record<string, string | readonly string[]>;
  /** Aggregate the series first (`sum`, `max`, …) keeping `by`; none compares each series. */
  readonly aggregate?: "sum" | "max" | "min" | "avg";
  readonly by?: readonly string[];
  /** Compare `abs(value)`, e.g. short positions carry negative values. @default false */
  readonly abs?: boolean;
}
/** Ratio of two label subsets of one counter, e.g. success / total, over a window. */
export interface RatioCondition extends Compared {
  readonly kind: "ratio";
  readonly metric: MetricRef;
  readonly window: string;
  readonly numerator: Record<string, string | readonly string[]>;
  /** Matchers of the denominator. @default {} (all series) */
  readonly denominator?: Record<string, string | readonly string[]>;
  readonly by?: readonly string[];
}
/** The escape hatch: raw PromQL, with the metrics it reads declared for lint and docs. */
export interface ExprCondition {
  readonly kind: "expr";
  readonly expr: string;
  /** Metrics the expression reads. @default [] */
  readonly metrics?: readonly MetricRef[];
  /** The threshold shown in docs and runbooks, if the expression has one. */
  readonly threshold?: Threshold;
  readonly op?: Comparator;
}
export type Condition = QuantileCondition | RateCondition | IncreaseCondition | ValueCondition | RatioCondition | ExprCondition;

/** Builder result's comparison methods: `rate(…).above(3)` makes an alert condition. */
export interface Comparable<C> {
  above(threshold: Threshold): C;
  atLeast(threshold: Threshold): C;
  below(threshold: Threshold): C;
  atMost(threshold: Threshold): C;
  equals(threshold: Threshold): C;
  compare(op: Comparator, threshold: Threshold): C;
}

/** A condition without its comparison: what a dashboard panel plots. */
export type QueryOf<C> = Omit<C, "op" | "threshold">;

/**
 * A builder's result: the query itself (plain data, usable as a dashboard query) with
 * non-enumerable comparison methods that turn it into an alert condition.
 */
export type Queryable<C> = QueryOf<C> & Comparable<C>;

function comparable<C>(base: QueryOf<C>): Queryable<C> {
  const compare = (op: Comparator, threshold: Threshold) => ({ ...base, op, threshold }) as C;
  const methods: Comparable<C> = {
    compare,
    above: (t) => compare(">", t),
    atLeast: (t) => compare(">=", t),
    below: (t) => compare("<", t),
    atMost: (t) => compare("<=", t),
    equals: (t) => compare("==", t),
  };
  const out = { ...base } as Queryable<C>;
  // Methods are authoring sugar, not data: the schema (and JSON) only see the query's fields.
  for (const [k, f] of Object.entries(methods)) Object.defineProperty(out, k, { value: f, enumerable: false });
  return out;
}

/** Labels Prometheus attaches to every scraped series (target labels): a condition may keep them in `by` whatever the metric declares. */
export type TargetLabel = "job" | "instance" | "service";

interface Selecting<D> {
  readonly where?: Where<LabelsOf<D>>;
  /** The metric's labels, or a target label (`job`, `instance`, `service`), as the resolver accepts them. */
  readonly by?: readonly (LabelNames<D> | TargetLabel)[];
}

/** `histogram_quantile(q, sum by (le, …by) (rate(<metric>_bucket{where}[window]))) <op> threshold`. */
export function quantile<D extends HistogramDef<any>>(metric: D, q: number, opts: { window: string } & Selecting<D>): Queryable<QuantileCondition> {
  return comparable<QuantileCondition>({ kind: "quantile", metric, quantile: q, ...(opts as object), window: opts.window });
}

/** `sum by (…by) (rate(<metric>{where}[window]))` (× 60 with `per: "minute"`) `<op> threshold`. */
export function rate<D extends CounterDef<any> | HistogramDef<any>>(
  metric: D,
  opts: { window: string; per?: "second" | "minute" } & Selecting<D>,
): Queryable<RateCondition> {
  return comparable<RateCondition>({ kind: "rate", metric, ...(opts as object), window: opts.window });
}

/** `sum by (…by) (increase(<metric>{where}[window])) <op> threshold`. */
export function increase<D extends CounterDef<any> | HistogramDef<any>>(metric: D, opts: { window: string } & Selecting<D>): Queryable<IncreaseCondition> {
  return comparable<IncreaseCondition>({ kind: "increase", metric, ...(opts as object), window: opts.window });
}

/** A gauge's value (or a counter's raw total), optionally aggregated or absolute. */
export function value<D extends MetricDef<any>>(
  metric: D,
  opts: Selecting<D> & { aggregate?: ValueCondition["aggregate"]; abs?: boolean } = {},
): Queryable<ValueCondition> {
  return comparable<ValueCondition>({ kind: "value", metric, ...(opts as object) });
}

/** `sum(rate(<metric>{numerator}[w])) / sum(rate(<metric>{denominator}[w])) <op> threshold`. */
export function ratio<D extends CounterDef<any>>(
  metric: D,
  opts: {
    window: string;
    numerator: Where<LabelsOf<D>>;
    denominator?: Where<LabelsOf<D>>;
    by?: readonly LabelNames<D>[];
  },
): Queryable<RatioCondition> {
  return comparable<RatioCondition>({ kind: "ratio", metric, ...(opts as object) } as never);
}

/** Raw PromQL. Declare the metrics it reads so lint and docs can follow it. */
export function expr(promql: string, opts: { metrics?: readonly MetricRef[]; threshold?: Threshold; op?: Comparator } = {}): ExprCondition {
  return { kind: "expr", expr: promql, ...opts };
}

// ---------------------------------------------------------------------------------------------
// Alerts, services, groups, SLOs, the catalog

export type Priority = "P0" | "P1" | "P2";

/** Hand-written runbook content; the generated parts (condition, links) come from the model. */
export interface RunbookDef {
  /**
   * Step-by-step response, in order, each step Markdown (several lines allowed: a code block, a
   * sub-list). Without steps the runbook page lists steps built from the catalog: the alert's
   * query, the service's related metrics with their queries, its log queries. @default []
   */
  readonly steps?: readonly string[];
  /** Free Markdown shown under the steps. */
  readonly notes?: string;
  /** Markdown: how to escalate beyond the owning team (who, after how long). Shown under the generated escalation. */
  readonly escalation?: string;
  /**
   * Titles of dashboard panels the runbook links to besides those showing the alert's metrics,
   * e.g. `["Current Positions"]` (spec 9.1). Each must name a panel of some dashboard. @default []
   */
  readonly panels?: readonly string[];
}

/**
 * Alerts this one explains while it fires: Alertmanager inhibits (holds back) their
 * notifications. Only lower-priority alerts may be inhibited, so a page is never hidden by a
 * lesser alert.
 */
export interface InhibitDef {
  /** Names of the alerts held back while this alert fires. */
  readonly alerts: readonly string[];
  /** Labels that must be equal on this alert and the held-back one. @default [] (any) */
  readonly equal?: readonly string[];
  /** Why this alert explains them; shown in both alerts' runbooks. */
  readonly reason: string;
}

export interface AlertDef {
  /**
   * Alert name (PascalCase, as Prometheus shows it), unique in the catalog; its runbook page is
   * `runbooks/<kebab-name>.md`, which no other alert may share (`HighLatency`, `High_Latency`).
   */
  readonly name: string;
  readonly priority: Priority;
  /** Severity label; the catalog's word for the priority (`severities`) when absent. */
  readonly severity?: string;
  /** Team label: who owns the response. */
  readonly team: string;
  /** How long the condition must hold before the alert fires. @default "0s" */
  readonly for?: string;
  readonly summary: string;
  readonly description: string;
  /** What the responder does first (the alert tables' "Action" column). */
  readonly action: string;
  readonly condition: Condition;
  /** Extra labels on the alert; values are Prometheus templates. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra annotations on the alert: names are label names, values Prometheus templates. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly runbook?: RunbookDef;
  /** Lower-priority alerts this one explains, inhibited in Alertmanager while it fires. */
  readonly inhibits?: InhibitDef;
  /** Lint silences for this alert. @default [] */
  readonly silence?: readonly Silence[];
  /** Where in the source document this alert comes from, for traceability. */
  readonly source?: string;
  /**
   * Hand-written promtool test cases, emitted into `prometheus/tests/<group>.test.yml` with the
   * generated ones. Generation covers every condition but raw `expr`; write cases for those (and
   * for whatever else you want proven). @default []
   */
  readonly tests?: readonly AlertTestDef[];
}

/**
 * One promtool test case of an alert: input series, then checks of which instances of the alert
 * fire at given times. The expected labels and annotations are completed from the alert: give
 * the result series' labels and `$value`, and obsgen adds the rule's labels and expands the
 * annotations' templates.
 *
 * ```ts
 * tests: [{
 *   name: "a symbol under 100 messages/s fires after 10m",
 *   inputSeries: [{ series: 'market_data_messages_processed_total{symbol="AAPL"}', values: "0+3000x20" }],
 *   checks: [
 *     { evalTime: "5m", firing: [] },
 *     { evalTime: "15m", firing: [{ labels: { symbol: "AAPL" }, value: 50 }] },
 *   ],
 * }]
 * ```
 */
export interface AlertTestDef {
  /** What the case shows; promtool prints it when the case fails. @default "<alert>: hand-written case <n>" */
  readonly name?: string;
  /** Time between input samples. @default "1m" */
  readonly interval?: string;
  /** Series and their samples from time 0, in promtool's notation (`0+60x20`: 21 samples, each 60 more). */
  readonly inputSeries: readonly { readonly series: string; readonly values: string }[];
  readonly checks: readonly AlertTestCheckDef[];
  /**
   * Other rule groups whose rule files the case loads, for an expression reading recording
   * rules, e.g. `["trading_slo"]`. @default []
   */
  readonly ruleGroups?: readonly string[];
}

/** The instances of the alert firing at one evaluation time; `firing: []` asserts it does not fire. */
export interface AlertTestCheckDef {
  /** Time since the first sample, as a Prometheus duration: `15m`. */
  readonly evalTime: string;
  readonly firing: readonly {
    /** Labels of the expression's result series (the rule's labels are added). @default {} */
    readonly labels?: Readonly<Record<string, string>>;
    /** `$value` at that time, exactly as Prometheus computes it; needed when a template uses it. */
    readonly value?: number;
    /**
     * Expected annotations, replacing the expansion of the alert's templates (for templates obsgen
     * does not render). @default the alert's annotations, expanded with `labels` and `value`
     */
    readonly annotations?: Readonly<Record<string, string>>;
  }[];
}

/** Declares an alert. Identity function that keeps literal types. */
export function alert(def: AlertDef): AlertDef {
  return declared(def, "alert", alert);
}

export interface ServiceDef<M extends Record<string, MetricDef<any>> = Record<string, MetricDef<any>>> {
  /** Service name (kebab-case); it is the scrape job name. */
  readonly name: string;
  readonly description: string;
  /**
   * Value of the `service` label attached to this service's series by the scrape configuration.
   * @default the name with `-` replaced by `_`
   */
  readonly label?: string;
  /**
   * Host the metrics endpoint is scraped on: a host name, an IPv4 address or an IPv6 address in
   * brackets (`[::1]`), without scheme, port or path. @default "localhost"
   */
  readonly host?: string;
  /** Port of the `/metrics` endpoint. */
  readonly metricsPort: number;
  /** Port the service's own process listens on (e.g. ZMQ). */
  readonly processPort?: { readonly port: number; readonly protocol: string };
  /** How Prometheus scrapes it (docs/discovery.md). @default every field's own default */
  readonly scrape?: ScrapeDef;
  /**
   * How Prometheus finds its targets (docs/discovery.md): one discovery for every environment, or
   * one per environment named in the catalog's `environments` (`{ production: { kubernetes: … },
   * staging: { static: […] } }`). @default `{ static: ["<host>:<metricsPort>"] }`
   */
  readonly discovery?: DiscoveryDef | { readonly [environment: string]: DiscoveryDef };
  /** Availability objective in percent, e.g. 99.95. */
  readonly availability?: number;
  /**
   * Team owning the service: its availability SLO's burn-rate alerts, and those of SLOs on its
   * metrics that name no team. @default the one team that owns all of the service's alerts; a
   * service whose alerts name several teams, or that has none, must set it when such an SLO exists
   */
  readonly team?: string;
  /** Metrics this service exposes, keyed by a short id used in catalog paths. @default {} */
  readonly metrics?: M;
  /** Alerts owned by this service. @default [] */
  readonly alerts?: readonly AlertDef[];
}

/** How Prometheus scrapes a service (`scrape_interval`, `scrape_timeout`, `metrics_path`, `scheme`). */
export interface ScrapeDef {
  /** @default the catalog's `prometheus.scrapeInterval` */
  readonly interval?: string;
  /** At most `interval`. @default Prometheus's: 10s, or the interval when that is shorter */
  readonly timeout?: string;
  /** @default "/metrics" */
  readonly path?: string;
  /** @default "http" */
  readonly scheme?: "http" | "https";
}

/** A Kubernetes label selector, as a ServiceMonitor's `selector` (at least one requirement). */
export interface LabelSelectorDef {
  /** @default {} */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    /** For `In` and `NotIn` only. */
    readonly values?: readonly string[];
  }[];
}

/**
 * Where a service's targets come from: a list of `host:port` (`static_configs`), files Prometheus
 * watches (`file_sd_configs`), or the Kubernetes API (`kubernetes_sd_configs`; with the
 * prometheus-operator target, a ServiceMonitor or PodMonitor).
 */
export type DiscoveryDef =
  | { readonly static: readonly string[] }
  | {
      readonly file: {
        /** Paths or globs (`*` in the last segment) of `.json`, `.yml` or `.yaml` files, relative to prometheus.yml's folder. */
        readonly files: readonly string[];
        /** @default Prometheus's, 5m */
        readonly refreshInterval?: string;
      };
    }
  | {
      readonly kubernetes: {
        /** `pod` gives a PodMonitor; the others a ServiceMonitor. */
        readonly role: "endpoints" | "endpointslice" | "pod" | "service";
        /** @default every namespace */
        readonly namespaces?: readonly string[];
        /** Labels of the Service (roles endpoints, endpointslice, service) or the pod (role pod) that are this service's. */
        readonly selector: LabelSelectorDef;
        /** The name of the Service or container port serving the metrics. */
        readonly port: string;
      };
    };

/** Declares a service. */
export function defineService<const M extends Record<string, MetricDef<any>>>(def: ServiceDef<M>): ServiceDef<M> {
  return declared(def, "service", defineService);
}

/** Metrics exposed by several services (system metrics, shared messaging metrics). */
export interface MetricGroupDef<M extends Record<string, MetricDef<any>> = Record<string, MetricDef<any>>> {
  readonly name: string;
  readonly description: string;
  /** Names of the services that expose these metrics. */
  readonly exposedBy: readonly string[];
  readonly metrics: M;
  /** @default [] */
  readonly alerts?: readonly AlertDef[];
}

export function defineMetricGroup<const M extends Record<string, MetricDef<any>>>(def: MetricGroupDef<M>): MetricGroupDef<M> {
  return declared(def, "group", defineMetricGroup);
}

/** SLO kinds. Availability SLOs come from each service's `availability`. */
export type SloDef =
  | {
      readonly kind: "latency";
      readonly name: string;
      readonly description: string;
      /** Team owning the SLO's burn-rate alerts. @default the owner of the service exposing its metric (the service's `team`) */
      readonly team?: string;
      readonly metric: MetricRef;
      readonly quantile: number;
      /** The quantile must stay below this value (the metric's unit). */
      readonly threshold: number;
      /** Measurement window. */
      readonly window: string;
      /** How long a breach must last before it is enforced (alerted). */
      readonly for?: string;
      readonly where?: Record<string, string | readonly string[]>;
    }
  | {
      readonly kind: "ratio";
      readonly name: string;
      readonly description: string;
      /** Team owning the SLO's burn-rate alerts. @default the owner of the service exposing its metric (the service's `team`) */
      readonly team?: string;
      readonly metric: MetricRef;
      /** Matchers of the good events. */
      readonly good: Record<string, string | readonly string[]>;
      /** Matchers of all events. @default {} */
      readonly total?: Record<string, string | readonly string[]>;
      /** Objective in percent. */
      readonly objective: number;
      readonly window: string;
      /** Enforcement threshold in percent (alert below it). */
      readonly alertBelow?: number;
      readonly for?: string;
    }
  | {
      readonly kind: "gauge";
      readonly name: string;
      readonly description: string;
      readonly metric: MetricRef;
      readonly where?: Record<string, string | readonly string[]>;
      /** Objective: the gauge's value (in its unit) stays at or above this. */
      readonly objective: number;
      readonly window: string;
      /** Enforcement: alert when the value goes below this. */
      readonly alertBelow?: number;
    }
  | {
      /** An objective the metrics cannot express; recorded for documentation and review. */
      readonly kind: "manual";
      readonly name: string;
      readonly description: string;
      readonly objective: string;
      readonly reason: string;
    };

export function slo<const S extends SloDef>(def: S): S {
  return declared(def, "slo", slo);
}

// ---------------------------------------------------------------------------------------------
// Dashboards

/** A query a panel plots: a builder's result without comparison (`rate(m, { window: "$__rate_interval" })`) or raw PromQL. */
export type DashboardQuery =
  | QueryOf<QuantileCondition>
  | QueryOf<RateCondition>
  | QueryOf<IncreaseCondition>
  | QueryOf<ValueCondition>
  | QueryOf<RatioCondition>
  | ExprCondition;

/** One query of a panel, with how to show it. */
export interface TargetDef {
  readonly query: DashboardQuery;
  /** Legend, with `{{label}}` placeholders. @default derived from the query's `by` labels */
  readonly legend?: string;
  /** Query the latest value only (tables, stats of current values). @default false */
  readonly instant?: boolean;
  /** Shape of the result: `heatmap` for histogram buckets, `table` for tables. @default "time_series" */
  readonly format?: "time_series" | "table" | "heatmap";
}

export type PanelType = "stat" | "gauge" | "timeseries" | "heatmap" | "table" | "status";

export interface PanelDef {
  readonly type: PanelType;
  /**
   * The panel's name within its row, which with the row's title is its identity: its Grafana id
   * (and every `viewPanel=<id>` link to it) is derived from the two, never from its position. Set
   * it to the old title to keep the id when renaming a panel, or to tell apart two panels of one
   * row with one title. Unique within the row.
   * @default the panel's title
   */
  readonly key?: string;
  readonly title: string;
  readonly description: string;
  readonly targets: readonly (TargetDef | DashboardQuery)[];
  /** Grafana unit id; derived from the metric's catalog unit when absent. */
  readonly unit?: string;
  /** Width in grid columns (of 24). @default an even share of the row */
  readonly width?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
  /** Stack series (time series). @default false */
  readonly stacked?: boolean;
  readonly min?: number;
  readonly max?: number;
  /**
   * Alerts whose thresholds colour the panel and whose runbooks it links to.
   * @default the alerts on the panel's metrics with a comparable condition
   */
  readonly alerts?: readonly string[];
}

export interface RowDef {
  readonly title: string;
  readonly panels: readonly PanelDef[];
}

export interface DashboardDef {
  readonly title: string;
  /**
   * Stable uid (Grafana's rules: 1 to 40 letters, digits, `-`, `_`; not a Windows device name;
   * unique ignoring case); derived from the catalog and title when absent.
   */
  readonly uid?: string;
  readonly description: string;
  /** Auto-refresh interval. @default "30s" */
  readonly refresh?: string;
  /** @default [] */
  readonly tags?: readonly string[];
  /** Default time range, as `now-<duration>`. @default "now-1h" */
  readonly from?: string;
  readonly rows: readonly RowDef[];
  /** Lint silences for this dashboard. @default [] */
  readonly silence?: readonly Silence[];
  /**
   * Grafana folder the dashboard is provisioned in: one folder name (no `/`), as the directory
   * `grafana/dashboards/<folder>/` and the sidecar's folder annotation name it.
   * @default the catalog's `grafana.folder`
   */
  readonly folder?: string;
}

type PanelInput = Omit<PanelDef, "type">;

function panelOf(type: PanelType): (p: PanelInput) => PanelDef {
  const make = (p: PanelInput): PanelDef => declared({ type, ...p }, "panel", make);
  return make;
}

/** Panel builders: `panel.stat({ title, description, targets })`. */
export const panel = {
  stat: panelOf("stat"),
  gauge: panelOf("gauge"),
  timeseries: panelOf("timeseries"),
  heatmap: panelOf("heatmap"),
  table: panelOf("table"),
  /** A stat coloured green/red with UP/DOWN mappings, for `up`-style 0/1 series. */
  status: panelOf("status"),
};

export function row(title: string, panels: readonly PanelDef[]): RowDef {
  return declared({ title, panels }, "row", row);
}

export function dashboard(def: DashboardDef): DashboardDef {
  return declared(def, "dashboard", dashboard);
}

/**
 * A Grafana dashboard kept as Grafana exports it (docs/grafana.md, "Raw dashboards"): written
 * unchanged to `grafana/dashboards/<folder>/<uid>.json` and provisioned with the catalog's own.
 */
export interface RawDashboardDef {
  /**
   * The dashboard model, as Grafana's "Export" or its HTTP API's `dashboard` field gives it. Its
   * `uid` names the file (Grafana's rules: 1 to 40 letters, digits, `-`, `_`; unique ignoring case).
   * An export "for sharing externally" (`__inputs`) has its Prometheus data source input replaced
   * by a `datasource` variable, its constants by their values.
   */
  readonly json: Readonly<Record<string, unknown>>;
  /**
   * Grafana folder the dashboard is provisioned in: one folder name (no `/`).
   * @default the catalog's `grafana.folder`
   */
  readonly folder?: string;
}

/** A Grafana dashboard kept as exported: `rawDashboard({ json: JSON.parse(…), folder: "Imported" })`. */
export function rawDashboard(def: RawDashboardDef): RawDashboardDef {
  return declared(def, "dashboard", rawDashboard);
}

// ---------------------------------------------------------------------------------------------
// Runbooks: log queries; Alertmanager: receivers, routes, inhibitions

/** A saved log search that helps answer alerts (spec 3.5), shown in the runbooks of the services it concerns. */
export interface LogQueryDef {
  /** Short title, e.g. `Circuit breaker triggers`. */
  readonly name: string;
  /** The query, as pasted into the log tool. */
  readonly query: string;
  /** Query language (the runbook's code block is tagged with it). @default "lucene" */
  readonly language?: string;
  /** Names of the services whose alerts' runbooks show it. @default every service */
  readonly services?: readonly string[];
  readonly description?: string;
}

/**
 * A PagerDuty integration (Events API v2). Secrets never enter the catalog or the output: the
 * routing key is read by Alertmanager from a file at send time.
 */
export interface PagerDutyDef {
  /**
   * Path of the file holding the integration's routing key, as Alertmanager sees it: segments of
   * letters, digits, `.`, `_`, `-`, `@` separated by `/`. The key itself is refused.
   */
  readonly routingKeyFile: string;
}

/** A Slack incoming webhook. Its URL is a secret: Alertmanager reads it from a file at send time. */
export interface SlackDef {
  /** Path of the file holding the webhook URL, as Alertmanager sees it (the URL itself is refused). */
  readonly apiUrlFile: string;
  /** Channel posted to: `#trading-alerts`, `@user` or a channel id such as `C024BE91L`. */
  readonly channel: string;
}

/** An Alertmanager receiver: where notifications go. It needs at least one integration. */
export interface ReceiverDef {
  readonly description?: string;
  /** @default [] */
  readonly pagerduty?: readonly PagerDutyDef[];
  /** @default [] */
  readonly slack?: readonly SlackDef[];
}

/** Alertmanager's notification timing of one priority's route. */
export interface NotificationTimingDef {
  /** Wait before the first notification of a new group, to batch alerts firing together. */
  readonly groupWait?: string;
  /** Wait before notifying about alerts added to a group already notified. */
  readonly groupInterval?: string;
  /** Wait before notifying again about a group still firing. */
  readonly repeatInterval?: string;
}

/** Receivers of one team's alerts by priority (routed on the severity each priority sets). */
export interface TeamRoutingDef {
  readonly P0: string;
  readonly P1: string;
  readonly P2: string;
  /** Receiver of the team's alerts with another severity (an alert's own `severity`). @default the P1 receiver */
  readonly other?: string;
}

/** An Alertmanager inhibit rule: while an alert matching `source` fires, alerts matching `target` are held back. */
export interface InhibitRuleDef {
  /** Label values of the firing (inhibiting) alert. */
  readonly source: Readonly<Record<string, string>>;
  /** Label values of the held-back alerts. */
  readonly target: Readonly<Record<string, string>>;
  /** Labels that must be equal on both. @default [] */
  readonly equal?: readonly string[];
  readonly reason: string;
}

/** Alertmanager configuration: who receives which alert, how often, and what holds back what. */
export interface AlertingDef {
  /** Receivers by name (kebab-case). */
  readonly receivers: Readonly<Record<string, ReceiverDef>>;
  /** Routing of each team's alerts. A team without an entry falls to `defaultReceiver`. */
  readonly teams: Readonly<Record<string, TeamRoutingDef>>;
  /** Receiver of alerts no team route matches (e.g. rules written outside the catalog). */
  readonly defaultReceiver: string;
  /** Labels that put alerts into one notification. @default ["alertname", "service"] */
  readonly groupBy?: readonly string[];
  /**
   * Notification timing per priority.
   * @default P0 { groupWait: "10s", groupInterval: "1m", repeatInterval: "30m" }, P1 { "30s", "5m", "15m" }, P2 { "5m", "1h", "24h" }
   */
  readonly timing?: Partial<Record<Priority, NotificationTimingDef>>;
  /** How long Alertmanager waits for an alert that stopped being sent before resolving it. @default "5m" */
  readonly resolveTimeout?: string;
  /**
   * Catalog-wide inhibit rules (alert-level ones come from each alert's `inhibits`).
   * @default a P0 alert holds back the P1 and P2 alerts of the same service and team:
   * `[{ source: { priority: "P0" }, target: { priority: "P1" }, equal: ["service", "team"], reason: "…" }, { …, target: { priority: "P2" } }]`
   */
  readonly inhibitRules?: readonly InhibitRuleDef[];
  /**
   * What the build writes: `config`, a whole `alertmanager/alertmanager.yml` for an Alertmanager
   * the catalog owns; `fragment`, `alertmanager/routes.yml` (its routes, receivers and inhibit
   * rules, scoped to the catalog's teams), for an Alertmanager shared with others, merged into
   * their configuration with `obsgen alertmanager merge` (docs/alertmanager.md).
   * @default "config"
   */
  readonly output?: "config" | "fragment";
}

// ---------------------------------------------------------------------------------------------
// Rule groups kept as written

/** A kept rule's PromQL: the text, or `expr("…", { metrics })` naming the catalog metrics it reads (a threshold has no place here). */
export type RuleExpr = string | Pick<ExprCondition, "kind" | "expr" | "metrics">;

/** A typed alert condition, as the builders make it: `rate(m.requests, { window: "5m", by: ["job"] }).above(5)`. */
export type TypedCondition = QuantileCondition | RateCondition | IncreaseCondition | ValueCondition | RatioCondition;

/**
 * An alerting rule kept exactly as a rule file has it: obsgen adds no label, annotation or
 * runbook, and routes nothing by it (its `severity` label is the team's own).
 */
export interface AlertRuleDef {
  readonly alert: string;
  /**
   * PromQL, emitted as written; `expr("...", { metrics })` names the catalog metrics it reads. Or a
   * typed condition (`rate(m.requests, { window: "5m", by: ["job"] }).above(5)`), compiled as a
   * service alert's condition is, on the catalog's Prometheus versions; its metric must be declared.
   */
  readonly expr: RuleExpr | TypedCondition;
  readonly for?: string;
  readonly keepFiringFor?: string;
  /** In the order given. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** In the order given. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A recording rule kept exactly as a rule file has it. */
export interface RecordRuleDef {
  readonly record: string;
  /** PromQL, emitted as written; `expr("...", { metrics })` names the catalog metrics it reads. */
  readonly expr: RuleExpr;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A rule group kept as written: emitted with this name, these fields and these rules in this
 * order, next to the groups obsgen derives (docs/import.md, "Rule groups kept as written").
 */
export interface RuleGroupDef {
  /** The group name, verbatim. Unique within its file. */
  readonly name: string;
  /**
   * The rule file, `prometheus/rules/<file>.yml`: letters, digits, `_`, `-`, `.`. Groups naming
   * one file share it, in declaration order. @default the group name, with any other character as `_`
   */
  readonly file?: string;
  /** Evaluation interval. @default Prometheus's global `evaluation_interval` (no field written) */
  readonly interval?: string;
  /** Most alerts or series a rule may produce (0: no limit). @default no field written */
  readonly limit?: number;
  /** Evaluate this far in the past (Prometheus 2.53 and later, so only when 2.42 is not targeted). */
  readonly queryOffset?: string;
  readonly rules: readonly (AlertRuleDef | RecordRuleDef)[];
}

/** An alerting rule of a kept group. */
export function alertRule(def: AlertRuleDef): AlertRuleDef {
  return declared(def, "rule", alertRule);
}

/** A recording rule of a kept group. */
export function recordRule(def: RecordRuleDef): RecordRuleDef {
  return declared(def, "rule", recordRule);
}

/** A rule group kept as written. */
export function ruleGroup(def: RuleGroupDef): RuleGroupDef {
  return declared(def, "ruleGroup", ruleGroup);
}

export interface CatalogDef {
  /**
   * Catalog name, used in generated file headers, as the folder of Grafana's provisioning path
   * and for the default rule group prefix: letters, digits, `_`, `-`, `.`, not starting or ending
   * with `.`, not a Windows device name.
   */
  readonly name: string;
  readonly description?: string;
  /** Version of this catalog and of the generated stubs' packages: SemVer 2.0, such as `1.2.0` (not `v1.2.0`). */
  readonly version?: string;
  /**
   * The environments a service's `discovery` may differ by, such as `["production", "staging"]`.
   * A build uses one: `--env`, else obsgen.config.ts's `environment`, else the first listed.
   * @default none: every service has one discovery
   */
  readonly environments?: readonly string[];
  readonly services: readonly ServiceDef<any>[];
  /** Metrics exposed by several services. @default [] */
  readonly groups?: readonly MetricGroupDef<any>[];
  /** Named parameters that thresholds refer to. @default {} */
  readonly parameters?: Readonly<Record<string, ParameterDef>> | { readonly definitions: Readonly<Record<string, ParameterDef>> };
  /** Teams that own alerts. Alerts naming another team are an error. */
  readonly teams: readonly string[];
  readonly slos?: readonly SloDef[];
  /** Period over which SLOs' error budgets are computed (burn-rate factors follow it). @default "30d" */
  readonly sloPeriod?: string;
  /**
   * The `severity` label each priority sets on its alerts (an alert's own `severity` overrides
   * it); Alertmanager routes each priority on its word, so the three words differ. Lower-case words.
   * @default { P0: "critical", P1: "warning", P2: "info" }
   */
  readonly severities?: Partial<Record<Priority, string>>;
  readonly prometheus?: {
    /** @default "15s" */
    readonly scrapeInterval?: string;
    /** @default "15s" */
    readonly evaluationInterval?: string;
    /** Port the Prometheus server listens on (checked against the services' ports). @default 9090 */
    readonly port?: number;
    /**
     * Prefix of the generated rule groups: `<prefix>_critical`, …
     * @default the catalog name in snake case, with `catalog_` before a leading digit
     */
    readonly ruleGroupPrefix?: string;
    /**
     * The Prometheus versions the output must be right on: `"2.42"` (every 2.x), `"3"` (every 3.x,
     * modelled on 3.14), or both. With 3, matchers naming a bucket accept 3's spelling too
     * (`le=~"5000|5000\\.0"`); rule tests load input as each version stores it and expect what
     * each version computes; rule groups carry only fields every targeted version loads.
     * obsgen.config.ts's `prometheus.version` overrides it.
     * @default ["2.42", "3"]: right on both
     */
    readonly version?: PrometheusVersionSetting;
  };
  readonly alertmanager?: {
    /** A host name, an IPv4 address or an IPv6 address in brackets, without port. @default "localhost" */
    readonly host?: string;
    /** @default 9093 */
    readonly port?: number;
  };
  /** Evaluation interval of each priority's rule group. @default P0 "10s", P1 "30s", P2 "1m" */
  readonly groupIntervals?: Partial<Record<Priority, string>>;
  /**
   * Hand-laid dashboards (the per-service and SLO dashboards are generated), and Grafana
   * dashboards kept as exported (`rawDashboard`). @default []
   */
  readonly dashboards?: readonly (DashboardDef | RawDashboardDef)[];
  /** Which dashboards to generate. @default { services: true, slo: true } */
  readonly generatedDashboards?: { readonly services?: boolean; readonly slo?: boolean };
  /**
   * Where the generated runbook pages are served; each alert's `runbook_url` is `<baseUrl>/<slug>`.
   * An http(s) URL or an absolute path, without query, fragment or credentials.
   */
  readonly runbooks?: { readonly baseUrl: string };
  /** Log searches shown in the runbooks of the services they concern. @default [] */
  readonly logQueries?: readonly LogQueryDef[];
  /**
   * Grafana, where runbooks link to panels: `<baseUrl>/d/<uid>?viewPanel=<id>`; an http(s) URL
   * without query, fragment or credentials; and the folder dashboards go to.
   * @default { baseUrl: "http://localhost:3000" }
   */
  readonly grafana?: {
    readonly baseUrl?: string;
    /**
     * Grafana folder of the generated dashboards, and of declared ones that name none: one folder
     * name (no `/`). @default the catalog's `name`
     */
    readonly folder?: string;
  };
  /** Alertmanager routing, receivers and inhibitions; without it no `alertmanager.yml` is generated. */
  readonly alerting?: AlertingDef;
  /**
   * Rule groups kept exactly as written (imported rule files), emitted beside the derived ones;
   * their rules get none of obsgen's labels or annotations. @default []
   */
  readonly ruleGroups?: readonly RuleGroupDef[];
  readonly lint?: {
    /** Most series one metric may produce (estimated from its labels' value counts and buckets). @default 10000 */
    readonly seriesBudget?: number;
    /**
     * Per-rule levels: `"off"` disables a rule, a severity overrides its default and turns the rule
     * on whatever the profile. They apply to the catalog and to rule files linted with it. @default {}
     */
    readonly rules?: Readonly<Record<string, "error" | "warning" | "info" | "off">>;
    /**
     * Which findings `obsgen lint` prints, by impact: `"bugs"`, `"recommended"` (bugs and risks) or
     * `"all"` (conventions too). `--profile` overrides it.
     * @default "all" for the catalog, "recommended" for rule files and dashboards
     */
    readonly profile?: "bugs" | "recommended" | "all";
  };
}

/** Declares the catalog. The default export of `catalog/index.ts`. */
export function defineCatalog<const C extends CatalogDef>(def: C): C {
  return declared(def, "catalog", defineCatalog);
}
