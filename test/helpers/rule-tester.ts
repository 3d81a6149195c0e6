/**
 * A table-driven tester for lint rules, in the manner of ESLint's RuleTester: valid cases must
 * produce no finding of the rule, invalid cases exactly the listed message ids (and spans).
 * Cases are a PromQL expression (an alert or recording rule in a one-rule group, linted against
 * the fixture catalog), a rule file (YAML), or metric declarations added to the fixture catalog.
 */
import { describe, expect, it } from "vitest";
import type { PrometheusVersion, PromqlFeature } from "../../src/compat/prometheus.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { runLint } from "../../src/lint/engine.js";
import { LINT_FIXTURE_CATALOG } from "../../src/lint/fixture-catalog.js";
import { catalogLintInput } from "../../src/lint/input/catalog.js";
import { jsonDashboard } from "../../src/lint/input/dashboards.js";
import { ruleFileGroups } from "../../src/lint/input/rulefile.js";
import type { LintGroupNode, LintInput, LintRule } from "../../src/lint/types.js";
import { buildKnowledge, type KnownMetric, type KnownType, type MetadataSource, type MetricKnowledge } from "../../src/metrics/knowledge.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { loadRuleFile } from "../../src/rulefile/index.js";

/** The Prometheus a case is judged by; without it, the lint default (rule files) or the catalog's. */
export interface TargetCase {
  readonly prometheus?: readonly PrometheusVersion[];
  readonly features?: readonly PromqlFeature[];
}

function target(c: TargetCase): Pick<LintInput, "prometheus"> {
  return c.prometheus ? { prometheus: { versions: c.prometheus, features: c.features ?? [] } } : {};
}

export interface ExprCase extends TargetCase {
  readonly name?: string;
  readonly expr: string;
  readonly kind?: "alert" | "record";
  readonly for?: string | null;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** Record name for recording rules; alert name otherwise. */
  readonly ruleName?: string;
  readonly interval?: string | null;
  /** Lint without the catalog. */
  readonly noCatalog?: boolean;
  /** Metric facts from metadata files, as `--metadata` gives them (see {@link metadataKnowledge}). */
  readonly metadata?: MetricKnowledge;
  /** Type series no source knows by their name's convention, as `--infer-types` does. */
  readonly inferTypes?: boolean;
}
export interface MetricCase extends TargetCase {
  readonly name?: string;
  /** Metrics (plain catalog data) added to the fixture service, keyed by short id. */
  readonly metrics: Record<string, unknown>;
  readonly lint?: Record<string, unknown>;
}
export interface DashboardCase extends TargetCase {
  readonly name?: string;
  /** Grafana dashboard JSON (one, or several linted together). */
  readonly dashboard: unknown;
  readonly more?: readonly unknown[];
}
export type Case = ExprCase | MetricCase | DashboardCase;
export interface Expected {
  readonly messageId?: string;
  /** Substring of the rendered message. */
  readonly message?: string;
  readonly span?: readonly [number, number];
}
export type InvalidCase = Case & { readonly errors: readonly Expected[] };

function fixture(extraMetrics: Record<string, unknown> = {}, lint?: Record<string, unknown>) {
  const raw = structuredClone(LINT_FIXTURE_CATALOG) as any;
  Object.assign(raw.services[0].metrics, extraMetrics);
  if (lint) raw.lint = lint;
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(`fixture catalog invalid: ${JSON.stringify(r.diagnostics)}`);
  return r.value;
}

export function lintCase(c: Case, only?: readonly string[]): Diagnostic[] {
  if ("dashboard" in c) {
    const parsed = [c.dashboard, ...(c.more ?? [])].map((d, i) => jsonDashboard(d, `dashboard-${i + 1}.json`)!);
    const input: LintInput = {
      groups: parsed.map((p) => p.group),
      dashboards: parsed.map((p) => p.dashboard),
      catalog: fixture(),
      catalogFile: null,
      scrapeIntervalMs: 30_000,
      evaluationIntervalMs: 30_000,
      today: "2026-01-01",
      ...target(c),
    };
    return runLint(input, only ? { only } : {});
  }
  if ("metrics" in c) {
    const model = fixture(c.metrics, c.lint);
    return runLint({ ...catalogLintInput(model, "catalog/index.ts", "2026-01-01"), ...target(c) }, only ? { only } : {});
  }
  const model = fixture();
  const group: LintGroupNode = { name: "test", interval: c.interval ?? null, rules: [], file: "rules.yml" };
  group.rules.push({
    kind: c.kind ?? "alert",
    name: c.ruleName ?? (c.kind === "record" ? "job:test:sum" : "TestAlert"),
    expr: c.expr,
    for: c.for === undefined ? (c.kind === "record" ? null : "5m") : c.for,
    keepFiringFor: null,
    labels: c.labels ?? {},
    annotations: c.annotations ?? (c.kind === "record" ? {} : { summary: "s", description: "d", runbook_url: "https://runbooks.example/test" }),
    index: 1,
    group,
    location: { file: "rules.yml" },
    silences: [],
    alert: null,
  });
  const input: LintInput = {
    groups: [group],
    catalog: c.noCatalog ? null : model,
    catalogFile: null,
    ...(c.metadata ? { metadata: c.metadata } : {}),
    ...(c.inferTypes ? { inferTypes: true } : {}),
    // The fixture catalog scrapes every 30s; without a catalog, Prometheus's default of 1m applies.
    scrapeIntervalMs: c.noCatalog ? 60_000 : 30_000,
    evaluationIntervalMs: c.noCatalog ? 60_000 : 30_000,
    today: "2026-01-01",
    ...target(c),
  };
  return runLint(input, only ? { only } : {});
}

function label(c: Case, i: number): string {
  return c.name ?? ("expr" in c ? c.expr : `case ${i + 1}`);
}

export function testRule(rule: LintRule, cases: { valid: readonly Case[]; invalid: readonly InvalidCase[] }): void {
  const id = rule.meta.id;
  describe(id, () => {
    cases.valid.forEach((c, i) => {
      it(`accepts ${label(c, i)}`, () => {
        const found = lintCase(c, [id]).filter((d) => d.code === id);
        expect(found.map((d) => d.message)).toEqual([]);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`reports ${label(c, i)}`, () => {
        const found = lintCase(c, [id]).filter((d) => d.code === id);
        expect(found.length, found.map((d) => d.message).join("\n")).toBe(c.errors.length);
        c.errors.forEach((e, k) => {
          const d = found[k]!;
          if (e.messageId) expect(d.message).toBe(messageFor(rule, e.messageId, d.message));
          if (e.message) expect(d.message).toContain(e.message);
          if (e.span) expect(d.span).toEqual({ from: e.span[0], to: e.span[1] });
          expect(d.severity).toBe(rule.meta.severity);
        });
      });
    });
  });
}

/** Whether `message` was rendered from the template of `messageId` (placeholders as wildcards). */
export function fromTemplate(rule: LintRule, messageId: string, message: string): boolean {
  const template = rule.meta.messages[messageId];
  if (template === undefined) throw new Error(`${rule.meta.id} has no message id ${messageId}`);
  const parts = template.split(/\{\{\s*\w+\s*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  // A finding resting on metadata says where its facts come from (engine.ts, factSuffix).
  return new RegExp(`^${parts.join("[\\s\\S]*?")}(?: \\((?:per|inferred:) [^)]*\\))?$`).test(message);
}

function messageFor(rule: LintRule, messageId: string, actual: string): string {
  return fromTemplate(rule, messageId, actual) ? actual : `<message of ${messageId}: ${rule.meta.messages[messageId]}>`;
}

/** Builders of small rule files for multi-file cases. */
export const ruleYaml = {
  file: (...groups: string[]) => `groups:\n${groups.join("")}`,
  group: (name: string, rules: string) => `  - name: ${name}\n    rules:\n${rules}`,
  record: (name: string, expr: string, labels = "") => `      - record: ${name}\n        expr: ${expr}\n${labels ? `        labels: ${labels}\n` : ""}`,
  alert: (name: string, expr: string, labels = "") =>
    `      - alert: ${name}\n        expr: ${expr}\n        for: 5m\n${labels ? `        labels: ${labels}\n` : ""}`,
};

export interface FilesCase {
  readonly name: string;
  /** Rule files, path -> YAML, linted together as `obsgen lint a.yml b.yml` does. */
  readonly files: Readonly<Record<string, string>>;
}
export interface FileExpected {
  readonly messageId: string;
  readonly message?: string;
  readonly file: string;
  readonly group: string;
  readonly rule: number;
  readonly span?: readonly [number, number];
}

/** Lints rule files together (against the fixture catalog unless `withCatalog` is false, or against the catalog given). */
export function lintFiles(rule: LintRule, files: Readonly<Record<string, string>>, withCatalog: boolean | ResolvedCatalog = true): Diagnostic[] {
  const groups = Object.entries(files).flatMap(([path, text]) => ruleFileGroups(loadRuleFile(path, text), path));
  const input: LintInput = {
    groups,
    catalog: withCatalog === true ? fixture() : withCatalog === false ? null : withCatalog,
    catalogFile: null,
    scrapeIntervalMs: 30_000,
    evaluationIntervalMs: 30_000,
    today: "2026-01-01",
  };
  return runLint(input, { only: [rule.meta.id] }).filter((d) => d.code === rule.meta.id);
}

/** Table tests over several rule files: findings located by file, group and rule index. */
export function testRuleFiles(
  rule: LintRule,
  cases: { valid: readonly FilesCase[]; invalid: readonly (FilesCase & { errors: readonly FileExpected[] })[]; withCatalog?: boolean },
): void {
  describe(`${rule.meta.id} across groups and files`, () => {
    for (const c of cases.valid) {
      it(`accepts ${c.name}`, () => {
        expect(lintFiles(rule, c.files, cases.withCatalog).map((d) => d.message)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`reports ${c.name}`, () => {
        const found = lintFiles(rule, c.files, cases.withCatalog);
        expect(found.length, found.map((d) => d.message).join("\n")).toBe(c.errors.length);
        c.errors.forEach((e, i) => {
          const d = found[i]!;
          expect(fromTemplate(rule, e.messageId, d.message), `${d.message} is not a ${e.messageId} message`).toBe(true);
          if (e.message) expect(d.message).toContain(e.message);
          expect({ file: d.file, group: d.group, rule: d.rule, span: d.span }).toEqual({
            file: e.file,
            group: e.group,
            rule: e.rule,
            span: e.span ? { from: e.span[0], to: e.span[1] } : undefined,
          });
          expect(d.severity).toBe(rule.meta.severity);
        });
      });
    }
  });
}

/** A small Grafana dashboard for rule tests: a datasource variable and the given panels. */
export function grafanaDashboard(panels: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uid: "test-dashboard",
    title: "Test",
    schemaVersion: 42,
    templating: { list: [{ name: "datasource", type: "datasource", query: "prometheus" }] },
    panels,
    ...extra,
  };
}

/** A time series panel reading `expr`, with the datasource variable, a title, description and unit. */
export function grafanaPanel(id: number, expr: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ds = { type: "prometheus", uid: "${datasource}" };
  return {
    id,
    type: "timeseries",
    title: `Panel ${id}`,
    description: "A panel",
    datasource: ds,
    gridPos: { x: 0, y: (id - 1) * 8, w: 12, h: 8 },
    fieldConfig: { defaults: { unit: "short" }, overrides: [] },
    targets: [{ refId: "A", expr, datasource: ds }],
    ...extra,
  };
}

/** A family as a metadata file describes it, for {@link metadataKnowledge}. */
export interface MetadataSpec {
  readonly name: string;
  readonly type: KnownType;
  readonly buckets?: readonly number[];
  /** Label names and the values seen (or declared, with `declared`). */
  readonly labels?: Readonly<Record<string, readonly string[]>>;
  /** The family is declared by a catalog (another project's catalog.json): its labels and values are complete. */
  readonly declared?: boolean;
  readonly unit?: string;
}

/**
 * A metadata file's families (a partial source, such as an exposition, unless `namesComplete`, as
 * a Prometheus-wide /api/v1/metadata is), each on its own line from line 2.
 */
export function metadataSource(families: readonly MetadataSpec[], opts: { file?: string; namesComplete?: boolean } = {}): MetadataSource {
  const file = opts.file ?? "metadata.json";
  const metrics = families.map((f, i): KnownMetric => {
    const src = { origin: f.declared ? ("catalog" as const) : ("metadata" as const), file, line: i + 2 };
    return {
      name: f.name,
      type: f.type,
      help: null,
      unit: f.unit ?? null,
      labels: Object.entries(f.labels ?? {}).map(([name, values]) => ({ name, values, valuesComplete: f.declared === true })),
      labelsComplete: f.declared === true,
      targetLabels: f.declared ? ["job", "instance", "service"] : null,
      buckets: f.buckets ?? null,
      native: f.type === "histogram" ? null : false,
      from: { type: src, labels: src, ...(f.buckets ? { buckets: src } : {}), ...(f.unit ? { unit: src } : {}) },
    };
  });
  return { file, kind: "metadata-api", metrics, namesComplete: opts.namesComplete ?? false };
}

/** Metric facts as `--metadata` gives them: the sources merged (see {@link metadataSource}). */
export function metadataKnowledge(families: readonly MetadataSpec[], opts: { file?: string; namesComplete?: boolean } = {}): MetricKnowledge {
  return buildKnowledge([metadataSource(families, opts)]).knowledge;
}
