/**
 * validate + resolve: raw catalog value -> ResolvedCatalog, collecting every problem with its
 * catalog path instead of stopping at the first.
 */
import type { z } from "zod";
import type { Priority } from "./authoring.js";
import { type Diagnostic, hasErrors, type Result } from "../diagnostics/diagnostic.js";
import {
  alertGroupName,
  defaultRulePrefix,
  ruleFilePath,
  ruleTestFilePath,
  RUNBOOK_INDEX_PATH,
  runbookFilePath,
  runbookUrl,
  serviceLabelValue,
  sloGroupName,
  sloRecordName,
  exposedSeries,
  renameRuleSource,
  renamesGroupName,
} from "./conventions.js";
import { parseDuration } from "../compat/go/duration.js";
import { SEMANTICS } from "../compat/prometheus.js";
import { burnRateAlertDefs, eventSlos, noDataAlertDef, orderRules, sloErrorRatioRules, sloMetadataRules } from "./slo-rules.js";
import { resolveDashboards } from "./resolve-dashboards.js";
import { checkDiscoveryEnvironments, checkPorts, chooseEnvironment, type EnvironmentRequest, resolveDiscovery, resolveScrape } from "./resolve-discovery.js";
import { type Ctx, err, lookupMetric, resolveMatchers } from "./resolve-context.js";
import { resolveKeptRuleGroups } from "./resolve-kept-rules.js";
import { checkInhibits, checkRunbookPanels, resolveAlerting, resolveLogQueries } from "./resolve-alerting.js";
import { compare, quantileExpr, histogramRead, ratioExpr, selector, aggregate } from "./promql-builder.js";
import { resolveCondition } from "./resolve-condition.js";
import type {
  ResolvedAlert,
  ResolvedCatalog,
  ResolvedLabel,
  ResolvedMetric,
  ResolvedRecordingRule,
  ResolvedRuleGroup,
  ResolvedService,
  ResolvedSlo,
} from "./resolved.js";
import { type AlertSpec, alertingSchema, type CatalogSpec, catalogSchema, type MetricSpec } from "./schema.js";
import { compareCodePoints } from "../util/order.js";
import { checkAlertTemplate } from "../rulefile/alert-template.js";
import { fileNameProblem, pathCollisionKey } from "./file-names.js";
import { checkText, withoutRepeatedCredentials } from "./text-checks.js";

/**
 * Formats a zod issue path as a catalog path, naming array elements by their `name` field:
 * `["services", 3, "metrics", "x", "buckets", 2]` -> `services.execution-engine.metrics.x.buckets[2]`.
 */
export function formatPath(raw: unknown, path: readonly PropertyKey[]): string {
  let out = "";
  let node: unknown = raw;
  for (const seg of path) {
    const next = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[seg as never] : undefined;
    if (typeof seg === "number") {
      const name = next && typeof next === "object" ? (next as { name?: unknown }).name : undefined;
      out += typeof name === "string" && name !== "" ? `.${name}` : `[${seg}]`;
    } else {
      const s = String(seg);
      out += out === "" ? s : `.${s}`;
    }
    node = next;
  }
  return out;
}

function zodDiagnostics(raw: unknown, error: z.ZodError): Diagnostic[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === "unrecognized_keys") {
      message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
    } else if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
      message = `is required (${issue.message.replace(/^Invalid input: /, "")})`;
    } else if (issue.code === "invalid_union" && "errors" in issue) {
      message = "does not match any accepted form";
    }
    // Checks written with `refineWith` (schema.ts) carry what to do in the issue's params.
    let hint = issue.code === "custom" && typeof issue.params?.hint === "string" ? issue.params.hint : undefined;
    // `alertmanager` holds only where Alertmanager listens; its routing lives under `alerting`, and
    // the two names are easy to swap.
    if (issue.code === "unrecognized_keys" && issue.path.length === 1 && issue.path[0] === "alertmanager") {
      const routing = issue.keys.filter((k) => k in alertingSchema.shape);
      if (routing.length)
        hint = `did you mean \`alerting\`? \`alertmanager\` takes only \`host\` and \`port\`; ${routing.map((k) => `\`${k}\``).join(", ")} go under \`alerting\``;
    }
    return {
      code: "catalog/schema",
      severity: "error" as const,
      message,
      path: formatPath(raw, issue.path) || "(catalog)",
      ...(hint ? { hint } : {}),
    };
  });
}

function resolveLabels(spec: MetricSpec): ResolvedLabel[] {
  return Object.entries(spec.labels).map(([name, l]) =>
    l.kind === "closed"
      ? { name, kind: "closed", values: l.values, maxValues: l.values.length, examples: [], description: l.description ?? null }
      : { name, kind: "open", values: [], maxValues: l.maxValues, examples: l.examples, description: l.description ?? null },
  );
}

function sortRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => compareCodePoints(a, b)));
}

/**
 * The team owning a service: its own `team`, else the one team that owns every alert declared on
 * it. A service whose alerts name several teams (or none) has no owner until it sets `team`:
 * alerts generated for it are never handed to a team picked by position.
 */
function serviceOwner(catalog: CatalogSpec, name: string): string | undefined {
  const svc = catalog.services.find((s) => s.name === name);
  if (!svc) return undefined;
  if (svc.team) return svc.team;
  const teams = new Set(svc.alerts.map((a) => a.team));
  return teams.size === 1 ? [...teams][0] : undefined;
}

function ownersText(catalog: CatalogSpec, name: string): string {
  const teams = [...new Set(catalog.services.find((s) => s.name === name)?.alerts.map((a) => a.team) ?? [])].sort();
  return teams.length === 0 ? "no team" : `several teams (${teams.join(", ")})`;
}

function resolveAlert(
  ctx: Ctx,
  catalog: CatalogSpec,
  metrics: ReadonlyMap<string, ResolvedMetric>,
  a: AlertSpec,
  owner: { service: string | null; group: string | null; serviceLabel: string | null },
  path: string,
  prefix: string,
): ResolvedAlert | undefined {
  if (!catalog.teams.includes(a.team)) {
    err(ctx, "catalog/unknown-team", `${path}.team`, `team "${a.team}" is not declared`, `declare it in \`teams\` or use one of: ${catalog.teams.join(", ")}`);
  }
  const compiled = resolveCondition(ctx, catalog, metrics, a.condition, `${path}.condition`);
  if (!compiled) return undefined;
  // The expression is written from the compiled comparison; only raw PromQL is taken as written.
  const c = compiled.compiled;
  const expr = a.condition.kind === "expr" ? a.condition.expr.trim() : compare(c!.lhs, c!.op, c!.threshold);
  const severity = a.severity ?? catalog.severities[a.priority];
  const labels: Record<string, string> = {
    ...(owner.serviceLabel ? { service: owner.serviceLabel } : {}),
    ...a.labels,
    severity,
    priority: a.priority,
    team: a.team,
  };
  for (const reserved of ["severity", "priority", "team"]) {
    if (reserved in a.labels) {
      err(
        ctx,
        "catalog/reserved-label",
        `${path}.labels.${reserved}`,
        `label "${reserved}" is set from the alert's own field`,
        `set \`${reserved}\` on the alert instead`,
      );
    }
  }
  const annotations: Record<string, string> = {
    ...(catalog.runbooks ? { runbook_url: runbookUrl(catalog.runbooks.baseUrl, a.name) } : {}),
    ...a.annotations,
    summary: a.summary,
    description: a.description,
    action: a.action,
  };
  checkTemplates(ctx, a, labels, annotations, path);
  return {
    name: a.name,
    priority: a.priority,
    severity,
    team: a.team,
    for: a.for,
    summary: a.summary,
    description: a.description,
    action: a.action,
    expr,
    condition: compiled.condition,
    compiled: compiled.compiled,
    metrics: compiled.metrics,
    labels: sortRecord(labels),
    annotations: sortRecord(annotations),
    service: owner.service,
    group: owner.group,
    ruleGroup: alertGroupName(prefix, a.priority),
    path,
    runbook: {
      steps: a.runbook.steps,
      notes: a.runbook.notes ?? null,
      escalation: a.runbook.escalation ?? null,
      panels: a.runbook.panels,
    },
    inhibits: a.inhibits ? { alerts: [...new Set(a.inhibits.alerts)].sort(), equal: a.inhibits.equal, reason: a.inhibits.reason } : null,
    silence: a.silence.map((s) => ({ rule: s.rule, reason: s.reason, until: s.until ?? null })),
    source: a.source ?? null,
    tests: a.tests.map((t) => ({
      name: t.name ?? null,
      interval: t.interval,
      inputSeries: t.inputSeries.map((s) => ({ series: s.series, values: s.values })),
      checks: t.checks.map((c) => ({
        evalTime: c.evalTime,
        firing: c.firing.map((f) => ({ labels: sortRecord(f.labels), value: f.value ?? null, annotations: f.annotations ? sortRecord(f.annotations) : null })),
      })),
      ruleGroups: t.ruleGroups,
    })),
  };
}

/**
 * Every label value and annotation of an alert parses as the Go template promtool 2.42 checks
 * (`rulefmt.go`, `testTemplateParsing`: parsed, not executed), whatever rule tests the alert has:
 * the rule-test planner renders templates only for the alerts it generates cases for, and a rule
 * file promtool refuses must fail the build, not Prometheus's reload. A runbook URL derived from
 * `runbooks.baseUrl` is checked once, with the base URL (`checkBaseUrlTemplate`).
 */
function checkTemplates(ctx: Ctx, a: AlertSpec, labels: Record<string, string>, annotations: Record<string, string>, path: string): void {
  const fieldOf = (kind: "label" | "annotation", key: string): string | undefined => {
    if (kind === "annotation") {
      if (key === "summary" || key === "description" || key === "action") return `${path}.${key}`;
      if (key === "runbook_url" && !("runbook_url" in a.annotations)) return undefined;
      return `${path}.annotations.${key}`;
    }
    if (key in a.labels) return `${path}.labels.${key}`;
    return key === "severity" || key === "team" || key === "priority" ? `${path}.${key}` : path;
  };
  for (const [kind, record] of [
    ["label", labels],
    ["annotation", annotations],
  ] as const) {
    for (const [key, text] of Object.entries(record)) {
      const field = fieldOf(kind, key);
      if (field === undefined) continue;
      const error = checkAlertTemplate(a.name, text);
      if (error) err(ctx, "catalog/template", field, `${kind} "${key}" is not a template Prometheus can parse: ${error.message}`, TEMPLATE_HINT);
    }
  }
}

const TEMPLATE_HINT =
  'fix the template (Go text/template as Prometheus runs it: `{{ $value }}`, `{{ $labels.instance }}`, `{{ $value | humanize }}`); write a literal `{{` as `{{ "{{" }}`';

/** `runbooks.baseUrl` starts every alert's `runbook_url`, a template too: checked once rather than per alert. */
function checkBaseUrlTemplate(ctx: Ctx, catalog: CatalogSpec): void {
  if (!catalog.runbooks) return;
  const error = checkAlertTemplate("runbook", catalog.runbooks.baseUrl);
  if (error)
    err(
      ctx,
      "catalog/template",
      "runbooks.baseUrl",
      `starts every alert's runbook_url annotation, which Prometheus parses as a template: ${error.message}`,
      TEMPLATE_HINT,
    );
}

/**
 * Each alert's runbook page (`runbooks/<slug>.md`, served at `<runbooks.baseUrl>/<slug>`) is a
 * file name every system accepts, and no two alerts share a page, exactly or but for case (the
 * page of `HighLatency` and of `High_Latency` is `high-latency.md`), nor the index's
 * (`runbooks/README.md`).
 */
function checkRunbookFiles(ctx: Ctx, alerts: readonly ResolvedAlert[]): void {
  const taken = new Map<string, { what: string; file: string; name: string | null }>([
    [pathCollisionKey(RUNBOOK_INDEX_PATH), { what: "the runbooks' index", file: RUNBOOK_INDEX_PATH, name: null }],
  ]);
  for (const a of [...alerts].sort((x, y) => compareCodePoints(x.path, y.path))) {
    const file = runbookFilePath(a.name);
    const problem = fileNameProblem(file.slice(file.lastIndexOf("/") + 1));
    if (problem) {
      err(ctx, "catalog/file-name", `${a.path}.name`, `alert "${a.name}" names its runbook page ${file}, whose file name ${problem}`, "rename the alert");
      continue;
    }
    const key = pathCollisionKey(file);
    const prev = taken.get(key);
    // Two alerts of one name are reported as `catalog/duplicate-alert`.
    if (prev?.name === a.name) continue;
    if (prev) {
      const same = prev.file === file ? `both have the runbook page ${file}` : `have the runbook pages ${prev.file} and ${file}, one file on macOS and Windows`;
      err(
        ctx,
        "catalog/file-collision",
        `${a.path}.name`,
        `${prev.what} and alert "${a.name}" ${same}`,
        "rename one of them: a runbook page is named after its alert (kebab case, `_` read as `-`)",
      );
    } else taken.set(key, { what: `alert "${a.name}" (${a.path})`, file, name: a.name });
  }
}

/**
 * The rule group prefix starts every rule file's name (`<prefix>_medium_priority.yml`, its
 * test file `<prefix>_medium_priority.test.yml`): each of those is a file name every system accepts.
 */
function checkRuleFiles(ctx: Ctx, catalog: CatalogSpec, groups: readonly ResolvedRuleGroup[]): void {
  const path = catalog.prometheus.ruleGroupPrefix !== undefined ? "prometheus.ruleGroupPrefix" : "name";
  for (const g of groups) {
    for (const file of [ruleFilePath(g.name), ruleTestFilePath(g.name)]) {
      const problem = fileNameProblem(file.slice(file.lastIndexOf("/") + 1));
      if (problem) {
        err(
          ctx,
          "catalog/file-name",
          path,
          `the rule group ${g.name} is written to ${file}, whose file name ${problem}`,
          "set a shorter `prometheus.ruleGroupPrefix`",
        );
        return;
      }
    }
  }
}

/**
 * A native-only histogram (`native: true`) has no classic series to fall back on, so every
 * targeted version must have native histograms without a feature flag (`SEMANTICS[v].nativeHistograms`):
 * with 2.42 targeted its queries would read nothing. Refused, never dropped; `"both"` stays right
 * on 2.42, which scrapes the classic form.
 */
function checkNativeHistogramVersions(ctx: Ctx, catalog: CatalogSpec, metrics: ReadonlyMap<string, ResolvedMetric>): void {
  const lacking = catalog.prometheus.version.filter((v) => !SEMANTICS[v].nativeHistograms);
  if (lacking.length === 0) return;
  for (const m of metrics.values()) {
    if (m.type !== "histogram" || m.native !== true) continue;
    err(
      ctx,
      "catalog/native-histogram-version",
      `${m.path}.native`,
      `${m.name} is a native-only histogram (native: true), but prometheus.version targets ${lacking.map((v) => SEMANTICS[v].release).join(" and ")}, which has no native histograms without --enable-feature=native-histograms: its queries would read nothing there`,
      'target Prometheus 3 alone (prometheus.version: "3", in the catalog or obsgen.config.ts), or declare it native: "both" (queries read the classic series) or native: false',
    );
  }
}

function indexMetrics(ctx: Ctx, catalog: CatalogSpec): Map<string, ResolvedMetric> {
  const metrics = new Map<string, ResolvedMetric>();
  // Histograms expose <name>_bucket, _count and _sum: those names are taken too.
  const taken = new Map<string, string>();
  const add = (key: string, spec: MetricSpec, service: string | null, group: string | null, exposedBy: string[], path: string) => {
    const names = spec.type === "histogram" ? [spec.name, `${spec.name}_bucket`, `${spec.name}_count`, `${spec.name}_sum`] : [spec.name];
    const clash = names.map((n) => taken.get(n)).find((p) => p !== undefined);
    if (clash) {
      err(
        ctx,
        "catalog/duplicate-metric",
        `${path}.name`,
        `metric name "${spec.name}" is already declared at ${clash}`,
        "metric names must be unique across the catalog; rename one",
      );
      return;
    }
    for (const n of names) taken.set(n, path);
    metrics.set(spec.name, {
      key,
      name: spec.name,
      type: spec.type,
      help: spec.help,
      unit: spec.unit,
      buckets: spec.type === "histogram" ? spec.buckets : null,
      native: spec.type === "histogram" ? spec.native : false,
      labels: resolveLabels(spec),
      service,
      group,
      exposedBy,
      path,
      silence: spec.silence.map((s) => ({ rule: s.rule, reason: s.reason, until: s.until ?? null })),
      notes: spec.notes ?? null,
      renamedFrom: spec.renamedFrom ?? null,
    });
  };
  for (const s of catalog.services) {
    for (const [key, m] of Object.entries(s.metrics)) add(key, m, s.name, null, [s.name], `services.${s.name}.metrics.${key}`);
  }
  const serviceNames = new Set(catalog.services.map((s) => s.name));
  for (const g of catalog.groups) {
    g.exposedBy.forEach((name, i) => {
      if (!serviceNames.has(name)) {
        err(
          ctx,
          "catalog/unknown-service",
          `groups.${g.name}.exposedBy[${i}]`,
          `service "${name}" is not declared`,
          `use one of: ${[...serviceNames].join(", ")}`,
        );
      }
    });
    const exposedBy = [...g.exposedBy].sort();
    for (const [key, m] of Object.entries(g.metrics)) add(key, m, null, g.name, exposedBy, `groups.${g.name}.metrics.${key}`);
  }
  return metrics;
}

function checkUnique(ctx: Ctx, items: readonly { name: string; path: string }[], code: string, what: string): void {
  const seen = new Map<string, string>();
  for (const it of items) {
    const prev = seen.get(it.name);
    if (prev !== undefined) err(ctx, code, it.path, `${what} "${it.name}" is already declared at ${prev}`, `${what} names must be unique; rename one`);
    else seen.set(it.name, it.path);
  }
}

function resolveSlos(ctx: Ctx, catalog: CatalogSpec, metrics: ReadonlyMap<string, ResolvedMetric>): ResolvedSlo[] {
  const out: ResolvedSlo[] = [];
  for (const s of catalog.services) {
    if (s.availability !== undefined) {
      out.push({
        kind: "availability",
        name: `${s.name}-availability`,
        description: `${s.name} is up and scraped`,
        service: s.name,
        objective: s.availability,
        period: catalog.sloPeriod,
        path: `services.${s.name}.availability`,
      });
    }
  }
  catalog.slos.forEach((slo) => {
    const path = `slos.${slo.name}`;
    switch (slo.kind) {
      case "latency": {
        const m = lookupMetric(ctx, metrics, slo.metric, `${path}.metric`, ["histogram"], "a latency SLO");
        if (!m) return;
        out.push({
          kind: "latency",
          name: slo.name,
          description: slo.description,
          metric: m.name,
          quantile: slo.quantile,
          threshold: slo.threshold,
          window: slo.window,
          for: slo.for ?? null,
          where: resolveMatchers(ctx, m, slo.where, `${path}.where`),
          path,
        });
        return;
      }
      case "ratio": {
        const m = lookupMetric(ctx, metrics, slo.metric, `${path}.metric`, ["counter"], "a ratio SLO");
        if (!m) return;
        out.push({
          kind: "ratio",
          name: slo.name,
          description: slo.description,
          metric: m.name,
          good: resolveMatchers(ctx, m, slo.good, `${path}.good`),
          total: resolveMatchers(ctx, m, slo.total, `${path}.total`),
          objective: slo.objective,
          window: slo.window,
          alertBelow: slo.alertBelow ?? null,
          for: slo.for ?? null,
          path,
        });
        return;
      }
      case "gauge": {
        const m = lookupMetric(ctx, metrics, slo.metric, `${path}.metric`, ["gauge"], "a gauge SLO");
        if (!m) return;
        out.push({
          kind: "gauge",
          name: slo.name,
          description: slo.description,
          metric: m.name,
          where: resolveMatchers(ctx, m, slo.where, `${path}.where`),
          objective: slo.objective,
          window: slo.window,
          alertBelow: slo.alertBelow ?? null,
          path,
        });
        return;
      }
      case "manual":
        out.push({ kind: "manual", name: slo.name, description: slo.description, objective: slo.objective, reason: slo.reason, path });
        return;
    }
  });
  checkUnique(ctx, out, "catalog/duplicate-slo", "SLO");
  return out.sort((a, b) => compareCodePoints(a.name, b.name));
}

/** Recording rules of the SLO indicators: one series per SLO over its measurement window. */
function sloRecordingRules(
  slos: readonly ResolvedSlo[],
  services: readonly ResolvedService[],
  metrics: ReadonlyMap<string, ResolvedMetric>,
  ruleGroup: string,
): ResolvedRecordingRule[] {
  const rules: ResolvedRecordingRule[] = [];
  for (const slo of slos) {
    const labels = { slo: slo.name };
    switch (slo.kind) {
      case "availability": {
        const svc = services.find((s) => s.name === slo.service)!;
        rules.push({
          record: sloRecordName(slo.name, "up_avg5m"),
          expr: aggregate("avg", ["job"], `avg_over_time(${selector("up", [{ label: "job", values: [svc.name] }])}[5m])`),
          labels: { ...labels, service: svc.label },
          ruleGroup,
          source: `slo:${slo.name}`,
        });
        break;
      }
      case "latency":
        rules.push({
          record: sloRecordName(slo.name, `p${Math.round(slo.quantile * 1000) / 10}_rate${slo.window}`.replace(".", "_")),
          expr: quantileExpr(slo.metric, slo.quantile, slo.window, slo.where, ["job"], histogramRead(metrics.get(slo.metric)!)),
          labels,
          ruleGroup,
          source: `slo:${slo.name}`,
        });
        break;
      case "ratio":
        rules.push({
          record: sloRecordName(slo.name, `ratio_rate${slo.window}`),
          expr: ratioExpr(slo.metric, slo.window, slo.good, slo.total, ["job"]),
          labels,
          ruleGroup,
          source: `slo:${slo.name}`,
        });
        break;
      case "gauge":
        rules.push({
          record: sloRecordName(slo.name, `avg_over_time${slo.window}`),
          expr: aggregate("avg", ["job"], `avg_over_time(${selector(slo.metric, slo.where)}[${slo.window}])`),
          labels,
          ruleGroup,
          source: `slo:${slo.name}`,
        });
        break;
      case "manual":
        break;
    }
  }
  return rules.sort((a, b) => compareCodePoints(a.record, b.record));
}

/**
 * Recording rules of the managed renames: for each metric declaring `renamedFrom`, its old name
 * recorded from the new one (`record: old_total`, `expr: new_total`; a histogram's `_bucket`,
 * `_count` and `_sum` each), so queries on the old name keep working while `renamedFrom` is
 * declared. The old name must not be in use by any metric, nor claimed by two renames.
 */
function renameRecordingRules(ctx: Ctx, metrics: ReadonlyMap<string, ResolvedMetric>, ruleGroup: string): ResolvedRecordingRule[] {
  const taken = new Map<string, string>();
  for (const m of metrics.values()) for (const n of [m.name, ...exposedSeries(m.name, m.type)]) taken.set(n, m.path);
  const claimed = new Map<string, string>();
  const rules: ResolvedRecordingRule[] = [];
  for (const m of [...metrics.values()].sort((a, b) => compareCodePoints(a.name, b.name))) {
    const from = m.renamedFrom;
    if (!from) continue;
    const path = `${m.path}.renamedFrom.name`;
    const oldSeries = exposedSeries(from.name, m.type);
    const clash = [from.name, ...oldSeries].map((n) => taken.get(n)).find((p) => p !== undefined);
    if (clash !== undefined) {
      err(
        ctx,
        "catalog/rename-clash",
        path,
        clash === m.path ? `renamedFrom names ${m.name} itself` : `renamedFrom "${from.name}" is a name the metric declared at ${clash} still uses`,
        "renamedFrom is the metric's previous name, which no metric may use any more; remove it or rename the other metric",
      );
      continue;
    }
    const prev = claimed.get(from.name);
    if (prev !== undefined) {
      err(
        ctx,
        "catalog/rename-clash",
        path,
        `renamedFrom "${from.name}" is already claimed by the metric declared at ${prev}`,
        "one old name can be kept queryable for one new metric only",
      );
      continue;
    }
    claimed.set(from.name, m.path);
    const newSeries = exposedSeries(m.name, m.type);
    oldSeries.forEach((record, i) => {
      rules.push({ record, expr: newSeries[i]!, labels: {}, ruleGroup, source: renameRuleSource(m.name) });
    });
  }
  return rules;
}

export interface ResolveOptions {
  /** The environment the build is for (`--env`, the config's `environment`); default the catalog's first. */
  readonly environment?: EnvironmentRequest;
}

/** Validates a loaded catalog value and resolves it. */
export function resolveCatalog(raw: unknown, options: ResolveOptions = {}): Result<ResolvedCatalog> {
  // Text no field may hold (lone surrogates, credentials) is reported with the schema's problems.
  const text: Diagnostic[] = checkText(raw).map((p) => ({
    code: `catalog/${p.kind}`,
    severity: "error",
    message: p.message,
    path: formatPath(raw, p.path) || "(catalog)",
    hint: p.hint,
  }));
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const schema = zodDiagnostics(raw, parsed.error);
    return { value: undefined, diagnostics: [...withoutRepeatedCredentials(text, schema), ...schema] };
  }
  const catalog = parsed.data;
  const ctx: Ctx = { diags: [...text] };

  checkUnique(
    ctx,
    catalog.services.map((s) => ({ name: s.name, path: `services.${s.name}` })),
    "catalog/duplicate-service",
    "service",
  );
  checkUnique(
    ctx,
    catalog.groups.map((g) => ({ name: g.name, path: `groups.${g.name}` })),
    "catalog/duplicate-group",
    "group",
  );
  checkDiscoveryEnvironments(ctx, catalog);
  checkPorts(ctx, catalog);
  const environment = chooseEnvironment(ctx, catalog, options.environment);

  const metrics = indexMetrics(ctx, catalog);
  checkNativeHistogramVersions(ctx, catalog, metrics);
  const prefix = catalog.prometheus.ruleGroupPrefix ?? defaultRulePrefix(catalog.name);

  const services: ResolvedService[] = catalog.services
    .map((s) => ({
      name: s.name,
      description: s.description,
      label: s.label ?? serviceLabelValue(s.name),
      host: s.host,
      metricsPort: s.metricsPort,
      processPort: s.processPort ?? null,
      scrape: resolveScrape(ctx, catalog, s),
      discovery: resolveDiscovery(s, environment),
      availability: s.availability ?? null,
      metrics: [...metrics.values()]
        .filter((m) => m.exposedBy.includes(s.name))
        .map((m) => m.name)
        .sort(),
      path: `services.${s.name}`,
    }))
    .sort((a, b) => compareCodePoints(a.name, b.name));

  const alertSpecs: { spec: AlertSpec; path: string; owner: { service: string | null; group: string | null; serviceLabel: string | null } }[] = [];
  for (const s of catalog.services) {
    for (const a of s.alerts) {
      alertSpecs.push({
        spec: a,
        path: `services.${s.name}.alerts.${a.name}`,
        owner: { service: s.name, group: null, serviceLabel: s.label ?? serviceLabelValue(s.name) },
      });
    }
  }
  for (const g of catalog.groups) {
    for (const a of g.alerts)
      alertSpecs.push({ spec: a, path: `groups.${g.name}.alerts.${a.name}`, owner: { service: null, group: g.name, serviceLabel: null } });
  }
  checkUnique(
    ctx,
    alertSpecs.map((a) => ({ name: a.spec.name, path: a.path })),
    "catalog/duplicate-alert",
    "alert",
  );

  const alerts: ResolvedAlert[] = [];
  for (const a of alertSpecs) {
    const r = resolveAlert(ctx, catalog, metrics, a.spec, a.owner, a.path, prefix);
    if (r) alerts.push(r);
  }
  const priorityOrder: Record<Priority, number> = { P0: 0, P1: 1, P2: 2 };
  alerts.sort((a, b) => priorityOrder[a.priority] - priorityOrder[b.priority] || compareCodePoints(a.name, b.name));

  const slos = resolveSlos(ctx, catalog, metrics);
  // SLOs that count events get error-ratio recording rules and burn-rate alerts, resolved like
  // every catalog alert (schema defaults, labels, runbook URL, lint, tests, routing).
  const events = eventSlos(
    slos,
    services,
    metrics,
    {
      slo: (name) => {
        const slo = catalog.slos.find((x) => x.name === name);
        return slo && "team" in slo ? slo.team : undefined;
      },
      owner: (name) => serviceOwner(catalog, name),
    },
    catalog.prometheus.version,
  );
  const declaredAlerts = new Set(alertSpecs.map((a) => a.spec.name));
  for (const e of events) {
    if (!e.team) {
      const path = e.slo.kind === "availability" ? `services.${e.slo.service}.team` : `${e.slo.path}.team`;
      const where = e.service
        ? `service "${e.service}" sets no \`team\` and its alerts name ${ownersText(catalog, e.service)}`
        : "its metric belongs to no service";
      err(
        ctx,
        "catalog/slo-owner",
        path,
        `no team owns the burn-rate alerts of SLO "${e.slo.name}": ${where}`,
        e.slo.kind === "availability"
          ? `set \`team\` on service "${e.slo.service}"`
          : `set \`team\` on the SLO${e.service ? ` or on service "${e.service}"` : ""}`,
      );
      continue;
    }
    for (const b of [...burnRateAlertDefs(e, catalog.sloPeriod, e.team), noDataAlertDef(e, catalog.sloPeriod, e.team, catalog.prometheus.scrapeInterval)]) {
      if (declaredAlerts.has(b.def.name)) {
        err(ctx, "catalog/duplicate-alert", b.path, `alert "${b.def.name}" is generated for this SLO and also declared`, "rename the declared alert");
        continue;
      }
      const svc = b.service ? catalog.services.find((x) => x.name === b.service) : undefined;
      const r = resolveAlert(
        ctx,
        catalog,
        metrics,
        b.def,
        { service: b.service, group: null, serviceLabel: svc ? (svc.label ?? serviceLabelValue(svc.name)) : null },
        b.path,
        prefix,
      );
      if (r) alerts.push(r);
    }
  }
  alerts.sort((a, b) => priorityOrder[a.priority] - priorityOrder[b.priority] || compareCodePoints(a.name, b.name));
  checkBaseUrlTemplate(ctx, catalog);
  checkRunbookFiles(ctx, alerts);
  const { dashboards, raw: rawDashboards } = resolveDashboards(ctx, catalog, metrics, alerts, services, slos, prefix);
  checkInhibits(ctx, alerts);
  checkRunbookPanels(ctx, alerts, dashboards);
  const logQueries = resolveLogQueries(ctx, catalog, services);
  const alerting = resolveAlerting(ctx, catalog, alerts);
  const sloGroup = sloGroupName(prefix);
  // One group, ordered so that every rule follows the rules whose records it reads (long windows
  // read the 5-minute series, burn rates the ratios and the budget): see orderRules.
  const recordingRules = orderRules([
    ...sloRecordingRules(slos, services, metrics, sloGroup),
    ...sloErrorRatioRules(events, sloGroup, catalog.sloPeriod),
    ...sloMetadataRules(events, sloGroup, catalog.sloPeriod),
  ]);
  const renameGroup = renamesGroupName(prefix);
  const renameRules = renameRecordingRules(ctx, metrics, renameGroup);

  const ruleGroups: ResolvedRuleGroup[] = [];
  for (const p of ["P0", "P1", "P2"] as const) {
    if (alerts.some((a) => a.priority === p)) {
      ruleGroups.push({ name: alertGroupName(prefix, p), interval: catalog.groupIntervals[p], kind: "alerting", priority: p });
    }
  }
  if (recordingRules.length > 0) ruleGroups.push({ name: sloGroup, interval: catalog.prometheus.evaluationInterval, kind: "recording", priority: null });
  if (renameRules.length > 0) ruleGroups.push({ name: renameGroup, interval: catalog.prometheus.evaluationInterval, kind: "recording", priority: null });

  for (const g of ruleGroups) {
    if ((parseDuration(g.interval) ?? 0) === 0) err(ctx, "catalog/schema", "groupIntervals", `rule group ${g.name} needs an evaluation interval above zero`);
  }
  checkRuleFiles(ctx, catalog, ruleGroups);
  const keptRuleGroups = resolveKeptRuleGroups(ctx, catalog, metrics, ruleGroups, catalog.prometheus.version);
  // Hand-written rule tests may load other groups' rule files (recording rules they read).
  for (const a of alerts) {
    a.tests.forEach((t, i) =>
      t.ruleGroups.forEach((g, j) => {
        if (!ruleGroups.some((r) => r.name === g)) {
          err(
            ctx,
            "catalog/unknown-rule-group",
            `${a.path}.tests[${i}].ruleGroups[${j}]`,
            `rule group "${g}" is not generated`,
            `use one of: ${ruleGroups.map((r) => r.name).join(", ")}`,
          );
        }
      }),
    );
  }

  if (hasErrors(ctx.diags)) return { value: undefined, diagnostics: ctx.diags };
  return {
    value: {
      name: catalog.name,
      description: catalog.description ?? null,
      version: catalog.version ?? null,
      teams: [...catalog.teams].sort(),
      parameters: Object.entries(catalog.parameters)
        .map(([name, p]) => ({ name, default: p.default, unit: p.unit, description: p.description }))
        .sort((a, b) => compareCodePoints(a.name, b.name)),
      environments: catalog.environments ?? [],
      environment,
      services,
      metrics: [...metrics.values()].sort((a, b) => compareCodePoints(a.name, b.name)),
      alerts,
      severities: catalog.severities,
      recordingRules: [...recordingRules, ...renameRules],
      ruleGroups,
      keptRuleGroups,
      slos,
      sloPeriod: catalog.sloPeriod,
      prometheus: {
        scrapeInterval: catalog.prometheus.scrapeInterval,
        evaluationInterval: catalog.prometheus.evaluationInterval,
        port: catalog.prometheus.port,
        ruleGroupPrefix: prefix,
        versions: catalog.prometheus.version,
      },
      alertmanager: catalog.alertmanager,
      dashboards,
      rawDashboards,
      runbooks: catalog.runbooks ?? null,
      logQueries,
      grafana: { baseUrl: catalog.grafana.baseUrl },
      alerting,
      lint: catalog.lint,
    },
    diagnostics: ctx.diags,
  };
}
