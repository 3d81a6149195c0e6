/**
 * The lint of a catalog, as both `obsgen build` and `obsgen lint` run it: one definition of what
 * is wrong with a catalog. The build refuses a catalog with error findings, and prints its
 * warnings; `obsgen lint` reports the same findings (with its own profile and Prometheus when
 * asked).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { PrometheusTarget } from "../compat/prometheus.js";
import { formatNumber } from "../model/numbers.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import { latencySloCountable } from "../model/slo-rules.js";
import { lintFindings, type RuleLevel } from "./engine.js";
import { catalogLintInput } from "./input/catalog.js";
import { DEFAULT_CATALOG_PROFILE, DEFAULT_FILE_PROFILE, type LintProfile, PROFILE_IMPACTS } from "./profile.js";

export interface CatalogLintOptions {
  /** The date silences expire against (`YYYY-MM-DD`). */
  readonly today: string;
  /** @default the catalog's `lint.profile`, else {@link DEFAULT_CATALOG_PROFILE} */
  readonly profile?: LintProfile;
  /** @default the catalog's `lint.rules` */
  readonly levels?: Readonly<Record<string, RuleLevel>>;
  /** @default the catalog's Prometheus versions, without feature flags */
  readonly prometheus?: PrometheusTarget;
  readonly maxFindings?: number;
}

export const BURN_RATE_RULE_ID = "slo/threshold-bucket-edge";

export interface CatalogLintResult {
  readonly diagnostics: Diagnostic[];
  readonly omitted: { error: number; warning: number; info: number };
}

export function lintCatalog(model: ResolvedCatalog, file: string, opts: CatalogLintOptions): CatalogLintResult {
  const base = catalogLintInput(model, file, opts.today);
  const input = opts.prometheus ? { ...base, prometheus: opts.prometheus } : base;
  const linted = lintFindings(input, {
    levels: opts.levels ?? model.lint.rules,
    profile: opts.profile ?? model.lint.profile ?? DEFAULT_CATALOG_PROFILE,
    ...(opts.maxFindings !== undefined ? { maxFindings: opts.maxFindings } : {}),
  });
  const diagnostics = rawDashboardFindings(model, linted.diagnostics, opts.levels ?? model.lint.rules);
  return { diagnostics: [...diagnostics, ...droppedBurnRateAlerts(model, file, linted.diagnostics)], omitted: linted.omitted };
}

/**
 * Findings on raw dashboards (`rawDashboard`) as `obsgen lint <dashboard.json>` makes them: at most
 * the file profile's kinds, since a dashboard exported from Grafana follows its authors' conventions,
 * not the ones obsgen generates by (a rule the catalog sets a level for is kept, as everywhere). A
 * raw dashboard takes no silences, so its findings say how to turn the rule off instead.
 */
function rawDashboardFindings(model: ResolvedCatalog, found: readonly Diagnostic[], levels: Readonly<Record<string, RuleLevel>>): Diagnostic[] {
  if (model.rawDashboards.length === 0) return [...found];
  const prefixes = model.rawDashboards.map((d) => `${d.path}.json`);
  const fileImpacts = PROFILE_IMPACTS[DEFAULT_FILE_PROFILE];
  return found.flatMap((d) => {
    const raw = d.path !== undefined && prefixes.some((p) => d.path === p || d.path!.startsWith(`${p}.`) || d.path!.startsWith(`${p} `));
    if (!raw) return [d];
    if (d.impact !== undefined && !fileImpacts.has(d.impact) && levels[d.code] === undefined) return [];
    const { hint: _hint, ...rest } = d;
    const hint =
      d.code === "promql/syntax"
        ? "fix the query in the dashboard's JSON: Prometheus refuses it, so the panel shows an error"
        : `fix the dashboard's JSON, or set \`lint.rules: { "${d.code}": "off" }\` (a raw dashboard takes no silences)`;
    return [{ ...rest, hint }];
  });
}

/**
 * A latency SLO whose bad events cannot be counted gets no burn-rate alerts. The rule
 * slo/threshold-bucket-edge says so as an error; when it is off, silenced or lowered to a warning,
 * the alerts are still missing, so the finding stays an error: nothing is left out silently.
 */
function droppedBurnRateAlerts(model: ResolvedCatalog, file: string, found: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const slo of model.slos) {
    if (slo.kind !== "latency") continue;
    const m = model.metrics.find((x) => x.name === slo.metric);
    if (!m || latencySloCountable(slo.threshold, m)) continue;
    if (found.some((d) => d.code === BURN_RATE_RULE_ID && d.severity === "error" && (d.path === slo.path || d.path?.startsWith(`${slo.path}.`)))) continue;
    const edges = m.buckets?.length ? `its bucket edges are ${m.buckets.map(formatNumber).join(", ")}` : "it has no bucket edges";
    out.push({
      code: BURN_RATE_RULE_ID,
      severity: "error",
      impact: "bug",
      message: `SLO ${slo.name}: ${formatNumber(slo.threshold)} is not a bucket edge of ${m.name} (${edges}), so its error budget cannot be counted and its burn-rate alerts cannot be generated; turning the rule off or silencing it does not make them`,
      file,
      path: `${slo.path}.threshold`,
      hint: `add ${formatNumber(slo.threshold)} to the buckets of ${m.name}, or move the threshold to one of its edges`,
    });
  }
  return out;
}
