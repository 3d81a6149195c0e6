/**
 * The authoring API: what a catalog author writes in `catalog/*.ts`.
 *
 * Everything here is plain data plus types. Helpers only add literal types (so an alert's
 * `where: { order_type: "market" }` is checked against the metric's declared label values at
 * compile time) and never validate: validation is the zod schema's job (`schema.ts`), and
 * cross-references are checked by `resolve.ts`, so a catalog written without these helpers
 * (plain objects, or JSON) gets the same errors.
 */

/** Prometheus metric types a catalog can declare. */
export type MetricType = "counter" | "gauge" | "histogram";

/**
 * Units a metric can declare. They drive dashboard units, runbook wording and the naming lint.
 * `none` is for dimensionless counts of events (messages, orders).
 */
export const UNITS = [
  "seconds",
  "milliseconds",
  "microseconds",
  "bytes",
  "megabytes",
  "dollars",
  "basis_points",
  "percent",
  "ratio",
  "count",
  "none",
] as const;
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
export type LabelValueOf<S> = S extends readonly (infer V extends string)[]
  ? V
  : S extends ClosedLabel<infer V>
    ? V
    : string;

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
}

export interface CounterDef<L extends LabelSpecs = LabelSpecs> extends MetricCommon<"counter", L> {}
export interface GaugeDef<L extends LabelSpecs = LabelSpecs> extends MetricCommon<"gauge", L> {}
export interface HistogramDef<L extends LabelSpecs = LabelSpecs> extends MetricCommon<"histogram", L> {
  /** Upper bounds of the buckets, strictly increasing; `+Inf` is implicit. */
  readonly buckets: readonly number[];
}
export type MetricDef<L extends LabelSpecs = LabelSpecs> = CounterDef<L> | GaugeDef<L> | HistogramDef<L>;

type MetricInput<D> = Omit<D, "type">;

/** Declares a counter. */
export function counter<const L extends LabelSpecs = {}>(def: MetricInput<CounterDef<L>>): CounterDef<L> {
  return { type: "counter", ...def };
}
/** Declares a gauge. */
export function gauge<const L extends LabelSpecs = {}>(def: MetricInput<GaugeDef<L>>): GaugeDef<L> {
  return { type: "gauge", ...def };
}
/** Declares a histogram with explicit buckets. */
export function histogram<const L extends LabelSpecs = {}>(def: MetricInput<HistogramDef<L>>): HistogramDef<L> {
  return { type: "histogram", ...def };
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
  return Object.assign(refs, { definitions: defs }) as never;
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
export type Condition =
  | QuantileCondition
  | RateCondition
  | IncreaseCondition
  | ValueCondition
  | RatioCondition
  | ExprCondition;

/** Builder result: a query that still needs a comparison. */
export interface Comparable<C> {
  above(threshold: Threshold): C;
  atLeast(threshold: Threshold): C;
  below(threshold: Threshold): C;
  atMost(threshold: Threshold): C;
  equals(threshold: Threshold): C;
  compare(op: Comparator, threshold: Threshold): C;
}

function comparable<C>(base: Omit<C, "op" | "threshold">): Comparable<C> {
  const compare = (op: Comparator, threshold: Threshold) => ({ ...base, op, threshold }) as C;
  return {
    compare,
    above: (t) => compare(">", t),
    atLeast: (t) => compare(">=", t),
    below: (t) => compare("<", t),
    atMost: (t) => compare("<=", t),
    equals: (t) => compare("==", t),
  };
}

interface Selecting<D> {
  readonly where?: Where<LabelsOf<D>>;
  readonly by?: readonly LabelNames<D>[];
}

/** `histogram_quantile(q, sum by (le, …by) (rate(<metric>_bucket{where}[window]))) <op> threshold`. */
export function quantile<D extends HistogramDef<any>>(
  metric: D,
  q: number,
  opts: { window: string } & Selecting<D>,
): Comparable<QuantileCondition> {
  return comparable<QuantileCondition>({ kind: "quantile", metric, quantile: q, ...(opts as object), window: opts.window });
}

/** `sum by (…by) (rate(<metric>{where}[window]))` (× 60 with `per: "minute"`) `<op> threshold`. */
export function rate<D extends CounterDef<any> | HistogramDef<any>>(
  metric: D,
  opts: { window: string; per?: "second" | "minute" } & Selecting<D>,
): Comparable<RateCondition> {
  return comparable<RateCondition>({ kind: "rate", metric, ...(opts as object), window: opts.window });
}

/** `sum by (…by) (increase(<metric>{where}[window])) <op> threshold`. */
export function increase<D extends CounterDef<any> | HistogramDef<any>>(
  metric: D,
  opts: { window: string } & Selecting<D>,
): Comparable<IncreaseCondition> {
  return comparable<IncreaseCondition>({ kind: "increase", metric, ...(opts as object), window: opts.window });
}

/** A gauge's value (or a counter's raw total), optionally aggregated or absolute. */
export function value<D extends MetricDef<any>>(
  metric: D,
  opts: Selecting<D> & { aggregate?: ValueCondition["aggregate"]; abs?: boolean } = {},
): Comparable<ValueCondition> {
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
): Comparable<RatioCondition> {
  return comparable<RatioCondition>({ kind: "ratio", metric, ...(opts as object) } as never);
}

/** Raw PromQL. Declare the metrics it reads so lint and docs can follow it. */
export function expr(
  promql: string,
  opts: { metrics?: readonly MetricRef[]; threshold?: Threshold; op?: Comparator } = {},
): ExprCondition {
  return { kind: "expr", expr: promql, ...opts };
}

// ---------------------------------------------------------------------------------------------
// Alerts, services, groups, SLOs, the catalog

export type Priority = "P0" | "P1" | "P2";

/** Hand-written runbook content; the generated parts (condition, links) come from the model. */
export interface RunbookDef {
  /** Step-by-step response, in order. @default [] */
  readonly steps?: readonly string[];
  /** Free Markdown shown under the steps. */
  readonly notes?: string;
}

export interface AlertDef {
  /** Alert name (PascalCase, as Prometheus shows it), unique in the catalog. */
  readonly name: string;
  readonly priority: Priority;
  /** Severity label; derived from the priority (P0 critical, P1 high, P2 medium) when absent. */
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
  /** Extra labels on the alert. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra annotations on the alert. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly runbook?: RunbookDef;
  /** Lint silences for this alert. @default [] */
  readonly silence?: readonly Silence[];
  /** Where in the source document this alert comes from, for traceability. */
  readonly source?: string;
}

/** Declares an alert. Identity function that keeps literal types. */
export function alert(def: AlertDef): AlertDef {
  return def;
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
  /** Host the metrics endpoint is scraped on. @default "localhost" */
  readonly host?: string;
  /** Port of the `/metrics` endpoint. */
  readonly metricsPort: number;
  /** Port the service's own process listens on (e.g. ZMQ). */
  readonly processPort?: { readonly port: number; readonly protocol: string };
  /** Availability objective in percent, e.g. 99.95. */
  readonly availability?: number;
  /** Metrics this service exposes, keyed by a short id used in catalog paths. @default {} */
  readonly metrics?: M;
  /** Alerts owned by this service. @default [] */
  readonly alerts?: readonly AlertDef[];
}

/** Declares a service. */
export function defineService<const M extends Record<string, MetricDef<any>>>(def: ServiceDef<M>): ServiceDef<M> {
  return def;
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

export function defineMetricGroup<const M extends Record<string, MetricDef<any>>>(
  def: MetricGroupDef<M>,
): MetricGroupDef<M> {
  return def;
}

/** SLO kinds. Availability SLOs come from each service's `availability`. */
export type SloDef =
  | {
      readonly kind: "latency";
      readonly name: string;
      readonly description: string;
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
  return def;
}

export interface CatalogDef {
  /** Catalog name, used in generated file headers. */
  readonly name: string;
  readonly description?: string;
  /** Version of this catalog (free-form, e.g. a semver). */
  readonly version?: string;
  readonly services: readonly ServiceDef<any>[];
  /** Metrics exposed by several services. @default [] */
  readonly groups?: readonly MetricGroupDef<any>[];
  /** Named parameters that thresholds refer to. @default {} */
  readonly parameters?: Readonly<Record<string, ParameterDef>> | { readonly definitions: Readonly<Record<string, ParameterDef>> };
  /** Teams that own alerts. Alerts naming another team are an error. */
  readonly teams: readonly string[];
  readonly slos?: readonly SloDef[];
  readonly prometheus?: {
    /** @default "15s" */
    readonly scrapeInterval?: string;
    /** @default "15s" */
    readonly evaluationInterval?: string;
    /** Port the Prometheus server listens on (checked against the services' ports). @default 9090 */
    readonly port?: number;
    /** Prefix of the generated rule groups: `<prefix>_critical`, … @default the catalog name in snake case */
    readonly ruleGroupPrefix?: string;
  };
  readonly alertmanager?: {
    /** @default "localhost" */
    readonly host?: string;
    /** @default 9093 */
    readonly port?: number;
  };
  /** Evaluation interval of each priority's rule group. @default P0 "10s", P1 "30s", P2 "1m" */
  readonly groupIntervals?: Partial<Record<Priority, string>>;
  /** Reserved for dashboards (declared in a later version of the catalog format). */
  readonly dashboards?: readonly unknown[];
  /** Where the generated runbook pages are served; each alert's `runbook_url` is `<baseUrl>/<slug>`. */
  readonly runbooks?: { readonly baseUrl: string };
  readonly lint?: {
    /** Most series one metric may produce (estimated from its labels' value counts and buckets). @default 10000 */
    readonly seriesBudget?: number;
    /** Per-rule levels: `"off"` disables a rule, a severity overrides its default. @default {} */
    readonly rules?: Readonly<Record<string, "error" | "warning" | "info" | "off">>;
  };
}

/** Declares the catalog. The default export of `catalog/index.ts`. */
export function defineCatalog<const C extends CatalogDef>(def: C): C {
  return def;
}
