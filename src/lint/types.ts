/**
 * The lint engine's shapes: the neutral input both catalogs and rule files are turned into, the
 * rule definition (meta + hooks), and the contexts hooks receive.
 */
import type { PrometheusTarget } from "../compat/prometheus.js";
import type { Impact, Severity } from "../diagnostics/diagnostic.js";
import type { MetricKnowledge } from "../metrics/knowledge.js";
import type { ResolvedAlert, ResolvedCatalog, ResolvedMetric, ResolvedSilence } from "../model/resolved.js";

/** A position in a source file, 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where findings about one Prometheus rule point. */
export interface RuleLocation {
  /** File shown to the user (relative to the working directory where possible). */
  readonly file: string;
  /** Catalog path of the element that generated the rule, for catalog input. */
  readonly catalogPath?: string;
  /** Position of the rule in the file (rule files). */
  readonly position?: Position;
  /** File position of a 0-based offset inside the expression (rule files). */
  exprPosition?(offset: number): Position;
  /** File position of a field's value: `for`, `labels.severity`, `annotations.summary`… */
  fieldPosition?(field: string): Position | undefined;
}

export interface LintRuleNode {
  /** An alerting or recording rule, or a dashboard panel's query. */
  readonly kind: "alert" | "record" | "query";
  /** Alert name or recorded metric name. */
  readonly name: string;
  readonly expr: string;
  readonly for: string | null;
  readonly keepFiringFor: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** 1-based index in its group, as promtool counts. */
  readonly index: number;
  readonly group: LintGroupNode;
  readonly location: RuleLocation;
  /** Silences that apply to this rule (catalog silences, or file comments). */
  readonly silences: readonly ResolvedSilence[];
  /** The catalog alert the rule was generated from. */
  readonly alert: ResolvedAlert | null;
  /**
   * A rule of a group kept as written (`ruleGroups`): the catalog makes no claim to declare the
   * metrics it reads, so a name it does not declare is not known to be wrong.
   */
  readonly kept?: boolean;
  /**
   * Spans of the expression where Grafana macros or variables stood, replaced by same-length
   * stand-ins before parsing (`$__rate_interval` → a duration, `$service` → `xxxxxxxx`), with the
   * original text. Rules judging values skip what falls inside them.
   */
  readonly templated?: readonly { readonly from: number; readonly to: number; readonly text: string }[];
}

/** A file-level silence (`# obsgen-disable-file`), with where its comment is. */
export interface FileSilence extends ResolvedSilence {
  readonly file: string;
  readonly position: Position;
}

export interface LintGroupNode {
  /** A Prometheus rule group, or the queries of one dashboard. @default "rules" */
  readonly kind?: "rules" | "dashboard";
  readonly name: string;
  /** The group's `interval`, or null to use the global evaluation interval. */
  readonly interval: string | null;
  readonly rules: LintRuleNode[];
  readonly file: string;
  readonly position?: Position;
  /** The file's `# obsgen-disable-file` silences (the same list for every group of a file). @default [] */
  readonly fileSilences?: readonly FileSilence[];
}

/** A dashboard panel as the dashboard rules see it, from the catalog or a dashboard JSON file. */
export interface LintPanel {
  readonly id: number | null;
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly unit: string | null;
  /** The panel's datasource reference as written (`{ uid: "${datasource}" }`, a name, or null). */
  readonly datasource: unknown;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number } | null;
  readonly targets: readonly { readonly refId: string; readonly expr: string | null; readonly datasource: unknown }[];
  /** Catalog path or JSON path of the panel. */
  readonly path: string;
}

export interface LintDashboard {
  readonly uid: string | null;
  readonly title: string;
  readonly file: string;
  /** Catalog path (catalog input) or JSON path prefix. */
  readonly path: string;
  /** Names of the dashboard's datasource-type template variables. */
  readonly datasourceVariables: readonly string[];
  readonly panels: readonly LintPanel[];
  /** PromQL annotation queries (Prometheus data source): name, expression and path. */
  readonly annotationQueries: readonly { readonly name: string; readonly expr: string; readonly path: string }[];
  readonly silences: readonly ResolvedSilence[];
}

export interface LintInput {
  readonly groups: readonly LintGroupNode[];
  /** Dashboards (their queries are also in `groups`, as groups of kind "dashboard"). @default [] */
  readonly dashboards?: readonly LintDashboard[];
  /** The catalog whose metrics the expressions are checked against, if any. */
  readonly catalog: ResolvedCatalog | null;
  /**
   * Metric facts from metadata files (`obsgen lint --metadata`, `lint.metadata`), beside the
   * catalog's: see src/metrics/knowledge.ts and docs/metadata.md. @default none
   */
  readonly metadata?: MetricKnowledge;
  /**
   * Type series no source knows by their name's convention (`_total` is a counter), for the checks
   * the inferred type makes near-certain (src/metrics/infer.ts, docs/metadata.md). @default false
   */
  readonly inferTypes?: boolean;
  /** File the catalog was loaded from, for catalog-level findings. */
  readonly catalogFile: string | null;
  /** Scrape interval in ms (the catalog's, else Prometheus's default of 1m). */
  readonly scrapeIntervalMs: number;
  /** Evaluation interval in ms used when a group sets none. */
  readonly evaluationIntervalMs: number;
  /** Today, as YYYY-MM-DD, for silence expiry. Passed in so lint stays pure and testable. */
  readonly today: string;
  /**
   * The Prometheus versions (and PromQL feature flags) to judge by: an expression must be valid for
   * each. `--prometheus` and `--enable-feature` for rule files, the catalog's setting for a catalog.
   * @default DEFAULT_LINT_TARGET (version 3, no flags; see src/compat/prometheus.ts)
   */
  readonly prometheus?: PrometheusTarget;
}

/** A finding a rule reports; the engine adds the rule id, severity and location. */
export interface Report {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** 0-based span inside the rule's expression. */
  readonly span?: { readonly from: number; readonly to: number };
  /** Field of the rule the finding is about, when not the expression (`for`, `annotations.summary`). */
  readonly field?: string;
  /** A position in the rule's file the finding points at instead of the rule (a comment). */
  readonly at?: Position;
}

export interface RuleMeta {
  /** `<group>/<kebab-name>`, equal to the rule's file path under src/lint/rules/. */
  readonly id: string;
  readonly severity: Severity;
  /**
   * What kind of finding the rule makes: `bug` (the rule, alert, query or panel does not work as
   * written), `risk` (it misbehaves in some conditions) or `convention` (a convention or house
   * policy is not followed). Lint profiles select findings on it; see ./impact.ts.
   */
  readonly impact: Impact;
  /** Messages whose findings are of another kind than the rule's `impact` (a rule checking several things). @default {} */
  readonly messageImpacts?: Readonly<Record<string, Impact>>;
  /** Messages whose findings have another severity than the rule's. @default {} */
  readonly messageSeverities?: Readonly<Record<string, Severity>>;
  /** One line: what the rule checks. */
  readonly description: string;
  /** Message templates by id; `{{name}}` placeholders are filled from the report's data. */
  readonly messages: Readonly<Record<string, string>>;
  /** Runs only when a catalog is known (catalog lint, or `obsgen lint --catalog`). */
  readonly needsCatalog?: boolean;
  /**
   * Runs only when metric facts can be known: a catalog, metadata files, or type inference. The
   * rule reads them through `seriesInfo()` (promql-facts.ts) and acts only on what is known.
   */
  readonly needsMetricFacts?: boolean;
  /** False for findings that are always bugs (an invalid expression): silences do not apply. @default true */
  readonly silenceable?: boolean;
}

export interface BaseContext {
  readonly input: LintInput;
  readonly catalog: ResolvedCatalog | null;
  /**
   * The id of every lint rule, for checks about rules (a silence naming one). Given by the engine,
   * so that no rule imports the registry that imports it.
   */
  readonly ruleIds: ReadonlySet<string>;
}

export interface RuleContext extends BaseContext {
  readonly rule: LintRuleNode;
  report(r: Report): void;
}

export interface GroupContext extends BaseContext {
  readonly group: LintGroupNode;
  /** Reports on one rule of the group. */
  report(rule: LintRuleNode, r: Report): void;
}

export interface InputContext extends BaseContext {
  report(rule: LintRuleNode, r: Report): void;
}

export interface MetricContext extends BaseContext {
  readonly metric: ResolvedMetric;
  report(r: Omit<Report, "span">): void;
}

export interface CatalogContext extends BaseContext {
  readonly catalog: ResolvedCatalog;
  /** Reports at a catalog path. */
  report(path: string, r: Omit<Report, "span">): void;
}

/** A lint rule: metadata plus one or more hooks, each called for every element of its kind. */
export interface LintRule {
  readonly meta: RuleMeta;
  /** Called for every rule whose expression parsed without errors. */
  readonly rule?: (ctx: RuleContext & ExprFacts) => void;
  readonly group?: (ctx: GroupContext) => void;
  /** Called once with the whole input (cross-group checks). */
  readonly all?: (ctx: InputContext) => void;
  /** Called for every catalog metric (catalog input only). */
  readonly metric?: (ctx: MetricContext) => void;
  /** Called once for the catalog (catalog input only). */
  readonly catalogCheck?: (ctx: CatalogContext) => void;
  /** Called for every dashboard. */
  readonly dashboard?: (ctx: DashboardContext) => void;
  /** Called once with every dashboard (cross-dashboard checks). */
  readonly allDashboards?: (ctx: AllDashboardsContext) => void;
}

export interface DashboardContext extends BaseContext {
  readonly dashboard: LintDashboard;
  /** Reports on the dashboard, or on one of its panels. */
  report(panel: LintPanel | null, r: Omit<Report, "span">): void;
}

export interface AllDashboardsContext extends BaseContext {
  report(dashboard: LintDashboard, panel: LintPanel | null, r: Omit<Report, "span">): void;
}

/** Facts about a rule's parsed expression, shared by every rule hook. */
export interface ExprFacts {
  readonly ast: import("../promql/ast.js").Expr | undefined;
  readonly valueType: import("../promql/types.js").ValueType | undefined;
}

export function defineRule(rule: LintRule): LintRule {
  return rule;
}
