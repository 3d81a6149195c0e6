/**
 * The catalog `obsgen import` makes, as plain data: what src/import/import.ts reads out of rule
 * files, dashboards, SLO documents and metadata, and what src/import/write-catalog.ts prints as
 * TypeScript. Nothing here is TypeScript source yet: metric references are metric names, and the
 * writer turns them into the consts it declares.
 */
import type { PrometheusVersion } from "../compat/prometheus.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { IncreaseCondition, Priority, QuantileCondition, RateCondition, RatioCondition, Silence, Unit, ValueCondition } from "../model/authoring.js";
import type { ImportedDashboard } from "./dashboards.js";
import type { ConsumedGroup } from "./generated-slos.js";
import type { Where } from "./inventory.js";
import type { ImportedService } from "./services.js";
import type { ImportedSlo } from "./slos.js";

export type { Where } from "./inventory.js";

/** The severity words and the priority each maps to (`--severity critical=P0,warning=P1`). */
export type SeverityTable = Readonly<Record<string, Priority>>;

/** The default table: the words rule files in the wild use most. */
export const DEFAULT_SEVERITY_TABLE: SeverityTable = {
  critical: "P0",
  page: "P0",
  warning: "P1",
  error: "P1",
  high: "P1",
  info: "P2",
  low: "P2",
  none: "P2",
  notice: "P2",
};

export interface ImportedSeverities {
  /** The table used. */
  readonly table: SeverityTable;
  /** The catalog's `severities`, where the words seen allow (a priority no word seen maps to keeps obsgen's default). */
  readonly catalog: Partial<Record<Priority, string>>;
  /** Every `severity` label value seen on an alert, with how many alerts carry it; code-point order. */
  readonly seen: readonly { readonly word: string; readonly alerts: number; readonly priority: Priority | undefined }[];
}

/** A label of a declared metric: closed (its values are the full set) or open with a bound. */
export type ImportedLabel =
  | { readonly name: string; readonly kind: "closed"; readonly values: readonly string[]; readonly closedBy: string }
  | { readonly name: string; readonly kind: "open"; readonly maxValues: number; readonly examples: readonly string[] };

/** Where a declared metric goes: a service that exposes it, or a metric group (one per input file stem). */
export interface MetricHome {
  readonly kind: "service" | "group";
  /** The service's or the group's name. */
  readonly name: string;
}

export interface ImportedMetric {
  /** The Prometheus metric name (a histogram's family name). */
  readonly name: string;
  readonly type: "counter" | "gauge" | "histogram";
  /** Where the type came from, for the report and a comment: `metadata (file)` or `convention (_total)`. */
  readonly typeFrom: string;
  readonly help: string;
  readonly unit?: Unit;
  readonly labels: readonly ImportedLabel[];
  /** A histogram's bucket edges (the catalog requires some: the report says when they are a placeholder). */
  readonly buckets?: readonly number[];
  /** Whether `buckets` came from the input (an exposition or a catalog.json) rather than a placeholder. */
  readonly bucketsKnown?: boolean;
  /** A native histogram (read by a histogram function without `_bucket`). */
  readonly native?: boolean;
  readonly home: MetricHome;
  /** The key in its service's or group's `metrics` (snake_case, unique there). */
  readonly key: string;
  /** The TypeScript const it is declared as (unique in its file). */
  readonly ident: string;
  /** Lint rules silenced on it, each with the reason a reader can check. */
  readonly silence: readonly Silence[];
  /** Labels the expressions use that the catalog does not let a metric declare, and why. */
  readonly leftOut: readonly { readonly label: string; readonly reason: string }[];
}

/** A metric the input reads whose type nobody knows: listed in the report and as a TODO, never declared. */
export interface UnknownMetric {
  readonly name: string;
  readonly reason: string;
  readonly uses: readonly Where[];
}

/** A service, as src/import/services.ts gives them: written as `defineService`. */
export type { ImportedService } from "./services.js";

/** A metric group: the metrics one input file (by stem) reads that no service claims. */
export interface ImportedMetricGroup {
  readonly name: string;
  readonly description: string;
  readonly exposedBy: readonly string[];
}

type NamedMetric<C> = Omit<C, "metric"> & { readonly metric: string };

/** A typed condition the catalog's compiler prints as the input's expression, `metric` by name. */
export type TypedConditionData =
  | NamedMetric<QuantileCondition>
  | NamedMetric<RateCondition>
  | NamedMetric<IncreaseCondition>
  | NamedMetric<ValueCondition>
  | NamedMetric<RatioCondition>;

/** A kept rule's expression: the text with the declared metrics it reads, or a typed condition. */
export type ImportedExpr =
  | {
      readonly kind: "text";
      readonly text: string;
      readonly metrics: readonly string[];
      /** Why an alert's expression is not a typed condition (src/import/conditions.ts `untypedReason`); recording rules have none. */
      readonly untyped?: string;
    }
  | { readonly kind: "typed"; readonly condition: TypedConditionData };

export type ImportedRule =
  | {
      readonly kind: "alert";
      readonly alert: string;
      readonly expr: ImportedExpr;
      readonly for?: string;
      readonly keepFiringFor?: string;
      /** In input order. */
      readonly labels: readonly (readonly [string, string])[];
      readonly annotations: readonly (readonly [string, string])[];
    }
  | {
      readonly kind: "record";
      readonly record: string;
      readonly expr: ImportedExpr;
      readonly labels: readonly (readonly [string, string])[];
    };

export interface ImportedRuleGroup {
  readonly name: string;
  /** The kept group's `file` (prometheus/rules/<file>.yml). */
  readonly file: string;
  readonly interval?: string;
  readonly limit?: number;
  readonly queryOffset?: string;
  readonly rules: readonly ImportedRule[];
}

/** One input rule file: written as `rules/<stem>.ts`, exporting its groups. */
export interface ImportedRuleFile {
  /** The input path as shown. */
  readonly source: string;
  /** Unique among the rule files: the TypeScript file's and the emitted rule file's name. */
  readonly stem: string;
  readonly groups: readonly ImportedRuleGroup[];
}

/** A dashboard, as src/import/dashboards.ts gives them: a catalog dashboard or raw JSON with the reason. */
export type { ImportedDashboard } from "./dashboards.js";

/** One line of IMPORT.md's gaps: what could not be typed or kept, why, and where. */
export interface ReportEntry {
  readonly severity: Diagnostic["severity"];
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface ImportedCatalog {
  readonly name: string;
  readonly versions: readonly PrometheusVersion[];
  /** The one team imported alerts and SLOs are filed under until someone names the owners. */
  readonly team: string;
  readonly severities: ImportedSeverities;
  readonly services: readonly ImportedService[];
  /** True when no service was given and the writer declares a placeholder (the catalog requires one). */
  readonly placeholderService: boolean;
  readonly groups: readonly ImportedMetricGroup[];
  /** Declared metrics, by name. */
  readonly metrics: readonly ImportedMetric[];
  readonly unknownMetrics: readonly UnknownMetric[];
  readonly ruleFiles: readonly ImportedRuleFile[];
  readonly slos: readonly ImportedSlo[];
  readonly sloPeriod?: string;
  /** Sloth- or Pyrra-generated groups not kept, because a catalog SLO generates their rules. */
  readonly consumedGroups: readonly ConsumedGroup[];
  /** prometheus.yml's `global.scrape_interval`, for the catalog's `prometheus.scrapeInterval`. */
  readonly scrapeInterval?: string;
  readonly dashboards: readonly ImportedDashboard[];
  readonly report: readonly ReportEntry[];
}

/** How many alerts are typed and how many stay `expr`, and other figures of the report. */
export interface ImportFigures {
  readonly ruleFiles: number;
  readonly groups: number;
  readonly alerts: number;
  readonly alertsTyped: number;
  readonly records: number;
  readonly metricsDeclared: number;
  readonly metricsUnknown: number;
  readonly dashboardsCatalog: number;
  readonly dashboardsRaw: number;
  readonly slos: number;
  readonly errors: number;
  readonly warnings: number;
}

export function importFigures(c: ImportedCatalog): ImportFigures {
  const rules = c.ruleFiles.flatMap((f) => f.groups.flatMap((g) => g.rules));
  const alerts = rules.filter((r) => r.kind === "alert");
  return {
    ruleFiles: c.ruleFiles.length,
    groups: c.ruleFiles.reduce((n, f) => n + f.groups.length, 0),
    alerts: alerts.length,
    alertsTyped: alerts.filter((r) => r.expr.kind === "typed").length,
    records: rules.length - alerts.length,
    metricsDeclared: c.metrics.length,
    metricsUnknown: c.unknownMetrics.length,
    dashboardsCatalog: c.dashboards.filter((d) => d.kind === "catalog").length,
    dashboardsRaw: c.dashboards.filter((d) => d.kind === "raw").length,
    slos: c.slos.length,
    errors: c.report.filter((r) => r.severity === "error").length,
    warnings: c.report.filter((r) => r.severity === "warning").length,
  };
}
