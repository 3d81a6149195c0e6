/**
 * promtool unit tests of the alerting rules: one file per rule group,
 * `prometheus/tests/<group>.test.yml`, loading `../rules/<group>.yml` (promtool resolves
 * `rule_files` against the test file's folder) and evaluating at the group's own interval.
 * Each alert contributes the cases its generator makes (generate.ts: fires past `for`, pending
 * before, quiet at the threshold) followed by the hand-written cases of its `tests` field.
 *
 * One file per group rather than per alert: promtool loads and evaluates the group once per test
 * group either way, and the file mirrors the rule file it tests.
 *
 * Generators are tried in `RULE_TEST_GENERATORS` order; the first that answers for an alert
 * decides. Another source of generated cases (an SLO burn-rate generator) is one import and one
 * entry there.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { exposedSeries, generatedHeader, ruleFileFromTest, ruleFilePath, ruleTestFilePath } from "../../model/conventions.js";
import type { ResolvedAlert, ResolvedCatalog } from "../../model/resolved.js";
import { type EmittedFile, toYaml } from "../serialize.js";
import { conditionTests, expectedAlert, expectedLabels, sortKeys } from "./generate.js";
import { TemplateUnsupportedError } from "./go-template.js";
import { withoutName } from "./promql-model.js";
import { sloBurnTests } from "./slo-burn.js";
import { sloNoDataTests } from "./slo-no-data.js";
import type { RuleTestCoverage } from "./coverage.js";
import type { RuleTestAlert, RuleTestCase, RuleTestGenerator } from "./types.js";
import type { Emitter } from "../emitter.js";

export { coverageLine, coverageReport, type RuleTestCoverage } from "./coverage.js";
export type { GeneratorResult, RuleTestAlert, RuleTestCase, RuleTestCheck, RuleTestGenerator, RuleTestSeries } from "./types.js";

/** Sources of generated cases, asked in order. */
export const RULE_TEST_GENERATORS: readonly RuleTestGenerator[] = [conditionTests, sloBurnTests, sloNoDataTests];

export interface RuleTestPlan {
  readonly files: readonly EmittedFile[];
  readonly coverage: RuleTestCoverage;
  /** Errors the catalog must fix (a template generation cannot render, a hand-written case that cannot be expanded). */
  readonly diagnostics: readonly Diagnostic[];
}

/** The hand-written cases of an alert, expanded; a case that cannot be expanded is reported and left out. */
function handWritten(alert: ResolvedAlert, diagnostics: Diagnostic[]): RuleTestCase[] {
  const out: RuleTestCase[] = [];
  alert.tests.forEach((t, i) => {
    let ok = true;
    const checks = t.checks.map((check, j) => ({
      evalTime: check.evalTime,
      alerts: check.firing.flatMap((f, k): RuleTestAlert[] => {
        try {
          return [
            f.annotations
              ? { labels: expectedLabels(alert, f.labels, f.value), annotations: sortKeys(f.annotations) }
              : expectedAlert(alert, f.labels, f.value),
          ];
        } catch (e) {
          if (!(e instanceof TemplateUnsupportedError)) throw e;
          ok = false;
          diagnostics.push({
            code: "rule-tests/unrenderable-template",
            severity: "error",
            message: `alert ${alert.name}: cannot expand the expected alert of this case: its templates use ${e.message}`,
            path: `${alert.path}.tests[${i}].checks[${j}].firing[${k}]`,
            hint:
              f.value === null && /\$value/.test(e.message)
                ? "give the alert's `value` at that time, exactly as Prometheus computes it"
                : "give the expected `annotations` (and only templated labels obsgen renders)",
          });
          return [];
        }
      }),
    }));
    if (!ok) return;
    out.push({
      name: t.name ?? `${alert.name}: hand-written case ${i + 1}`,
      interval: t.interval,
      inputSeries: t.inputSeries,
      checks,
      ruleGroups: t.ruleGroups,
    });
  });
  return out;
}

/** Plans of models already planned with the default generators: the build asks twice (coverage, emit). */
const planCache = new WeakMap<ResolvedCatalog, RuleTestPlan>();

/**
 * The plan of `model` with the default generators, computed elsewhere: the pipeline's cache of an
 * earlier run's (src/pipeline/stage-cache.ts), which the rule-test emitter then takes.
 */
export function rememberPlan(model: ResolvedCatalog, plan: RuleTestPlan): void {
  if (!planCache.has(model)) planCache.set(model, plan);
}

/** What planning gives for one alert: its cases (generated, then hand-written), why it has none, what the catalog must fix. */
export interface AlertPlan {
  readonly cases: readonly RuleTestCase[];
  readonly reason: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Plans of single alerts kept between runs (src/pipeline/stage-cache.ts): `plan(context, alert,
 * compute)` gives what `compute()` gives for that alert in that context, from an earlier run's
 * result when one was kept. An alert's plan depends on the alert and the context (the model
 * without its alerts and dashboards), which is all its generators are shown.
 */
export interface AlertPlanCache {
  plan(context: ResolvedCatalog, alert: ResolvedAlert, compute: () => AlertPlan): AlertPlan;
}

export function planRuleTests(
  model: ResolvedCatalog,
  generators: readonly RuleTestGenerator[] = RULE_TEST_GENERATORS,
  alertPlans?: AlertPlanCache,
): RuleTestPlan {
  if (generators !== RULE_TEST_GENERATORS) return plan(model, generators);
  let p = planCache.get(model);
  if (!p) planCache.set(model, (p = plan(model, generators, alertPlans)));
  return p;
}

/**
 * The model a generator plans one alert in: its alert alone, no dashboards (which name alerts).
 * Generators read the alert's metric, rule group, services, SLOs and target versions, never
 * another alert or a dashboard; showing them only this makes an alert's plan a function of what
 * {@link AlertPlanCache} keys it by, with or without a cache.
 */
export function planContext(model: ResolvedCatalog): ResolvedCatalog {
  return { ...model, alerts: [], dashboards: [], rawDashboards: [] };
}

function planAlert(alert: ResolvedAlert, view: ResolvedCatalog, generators: readonly RuleTestGenerator[]): AlertPlan {
  const diagnostics: Diagnostic[] = [];
  let generated: readonly RuleTestCase[] = [];
  let reason: string | null = null;
  for (const g of generators) {
    const r = g.generate(alert, view);
    if (!r) continue;
    if (r.kind === "cases") generated = r.cases;
    else {
      reason = r.reason;
      if (r.diagnostic) diagnostics.push(r.diagnostic);
    }
    break;
  }
  if (generated.length === 0 && reason === null) {
    reason =
      alert.condition.kind === "expr"
        ? "raw PromQL `expr` condition; write the cases in the alert's `tests`"
        : "no generator for it; write the cases in the alert's `tests`";
  }
  return { cases: [...generated, ...handWritten(alert, diagnostics)], reason, diagnostics };
}

function plan(model: ResolvedCatalog, generators: readonly RuleTestGenerator[], alertPlans?: AlertPlanCache): RuleTestPlan {
  const diagnostics: Diagnostic[] = [];
  const covered: string[] = [];
  const uncovered: { alert: string; reason: string }[] = [];
  const byGroup = new Map<string, { alert: ResolvedAlert; c: RuleTestCase }[]>();
  const context = planContext(model);

  for (const alert of model.alerts) {
    const compute = () => planAlert(alert, { ...context, alerts: [alert] }, generators);
    const { cases, reason, diagnostics: found } = alertPlans ? alertPlans.plan(context, alert, compute) : compute();
    diagnostics.push(...found);
    if (cases.length > 0) covered.push(alert.name);
    else uncovered.push({ alert: alert.name, reason: reason ?? "no cases" });
    const list = byGroup.get(alert.ruleGroup) ?? [];
    for (const c of cases) list.push({ alert, c });
    byGroup.set(alert.ruleGroup, list);
  }

  const files: EmittedFile[] = [];
  for (const group of model.ruleGroups) {
    const entries = byGroup.get(group.name) ?? [];
    if (entries.length === 0) continue;
    const extra = [...new Set(entries.flatMap((e) => e.c.ruleGroups ?? []))].filter((g) => g !== group.name).sort();
    const doc = {
      rule_files: [group.name, ...extra].map(ruleFileFromTest),
      evaluation_interval: group.interval,
      tests: pack(model, entries).map((bin) => ({
        name: bin.map((e) => e.c.name).join(" | "),
        interval: bin[0]!.c.interval,
        input_series: bin.flatMap(({ c }) => c.inputSeries.map((s) => ({ series: s.series, values: s.values }))),
        alert_rule_test: bin.flatMap(({ alert, c }) =>
          c.checks.map((check) => ({
            eval_time: check.evalTime,
            alertname: alert.name,
            exp_alerts: check.alerts.map((a) => ({ exp_labels: sortKeys(withoutName(a.labels)), exp_annotations: sortKeys(a.annotations) })),
          })),
        ),
      })),
    };
    files.push({ path: ruleTestFilePath(group.name), contents: toYaml(doc, generatedHeader(model.name)) });
  }
  const kept = model.keptRuleGroups.flatMap((g) => g.rules.flatMap((r) => (r.kind === "alerting" ? [{ alert: r.alert, file: ruleFilePath(g.file) }] : [])));
  return { files, coverage: { total: model.alerts.length, covered, uncovered, ...(kept.length > 0 ? { kept } : {}) }, diagnostics };
}

/** The metric name of a series selector: `m{a="x"}` → `m`. */
function seriesName(series: string): string {
  return series.replace(/\{[\s\S]*$/, "").trim();
}

/**
 * Cases packed into promtool test groups. promtool evaluates every rule of the file at every step
 * of every test group, so the cost is groups × steps × rules; cases of different alerts share a
 * group when nothing one case feeds in is read by the other's alert (disjoint series names, the
 * alert's own metrics included) and their sample interval is the same. Cases of raw `expr`
 * alerts (whose metrics list may be incomplete) and cases loading other rule groups stay alone.
 * Each check still names its alert, so a failure says which case broke.
 */
function pack(model: ResolvedCatalog, entries: readonly { alert: ResolvedAlert; c: RuleTestCase }[]) {
  const types = new Map(model.metrics.map((m) => [m.name, m.type]));
  const bins: { entries: { alert: ResolvedAlert; c: RuleTestCase }[]; reads: Set<string>; alone: boolean; interval: string }[] = [];
  for (const e of entries) {
    const reads = new Set([
      ...e.c.inputSeries.map((s) => seriesName(s.series)),
      ...e.alert.metrics.flatMap((m) => exposedSeries(m, types.get(m) ?? "counter")),
    ]);
    const alone = e.alert.condition.kind === "expr" || (e.c.ruleGroups ?? []).length > 0;
    const bin = alone ? undefined : bins.find((b) => !b.alone && b.interval === e.c.interval && ![...reads].some((r) => b.reads.has(r)));
    if (bin) {
      bin.entries.push(e);
      for (const r of reads) bin.reads.add(r);
    } else bins.push({ entries: [e], reads, alone, interval: e.c.interval });
  }
  return bins.map((b) => b.entries);
}

/** The emitter: the test files (problems are reported by `planRuleTests`, which the build checks first). */
export function emitRuleTests(model: ResolvedCatalog): EmittedFile[] {
  return [...planRuleTests(model).files];
}

export const ruleTestsEmitter: Emitter = {
  id: "rule-tests",
  description: "promtool unit tests of the alerting rules, one file per rule group (prometheus/tests/)",
  enabledWhen: "with-plain-rules",
  emit: emitRuleTests,
};
