/**
 * The resolved catalog: readonly, fully defaulted, cross-linked and sorted. Lint rules, emitters
 * and diff read only this shape.
 */
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
  readonly runbook: { readonly steps: readonly string[]; readonly notes: string | null };
  readonly silence: readonly ResolvedSilence[];
  readonly source: string | null;
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
  readonly availability: number | null;
  /** Names of the metrics it exposes (its own and shared groups'), sorted. */
  readonly metrics: readonly string[];
  readonly path: string;
}

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

export interface ResolvedCatalog {
  readonly name: string;
  readonly description: string | null;
  readonly version: string | null;
  readonly teams: readonly string[];
  readonly parameters: readonly ResolvedParameter[];
  readonly services: readonly ResolvedService[];
  /** All metrics, sorted by name. */
  readonly metrics: readonly ResolvedMetric[];
  /** All alerts, sorted by rule group then name. */
  readonly alerts: readonly ResolvedAlert[];
  readonly recordingRules: readonly ResolvedRecordingRule[];
  readonly ruleGroups: readonly ResolvedRuleGroup[];
  readonly slos: readonly ResolvedSlo[];
  readonly prometheus: {
    readonly scrapeInterval: string;
    readonly evaluationInterval: string;
    readonly port: number;
    readonly ruleGroupPrefix: string;
  };
  readonly alertmanager: { readonly host: string; readonly port: number };
  readonly lint: {
    readonly seriesBudget: number;
    readonly rules: Readonly<Record<string, "error" | "warning" | "info" | "off">>;
  };
}
