/**
 * A kept group's alerting rule may take a typed condition as its `expr`: it compiles with the
 * compiler of service alerts' conditions (src/model/resolve-condition.ts), on the catalog's
 * Prometheus versions, and everything else of the rule stays as written.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { catalogJson } from "../../src/emit/catalog-json.js";
import { emitPrometheusRules } from "../../src/emit/prometheus-rules.js";
import { lintCatalog } from "../../src/lint/catalog-lint.js";
import { alertRule, counter, gauge, histogram, increase, paramRef, quantile, rate, ratio, value } from "../../src/model/authoring.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { runInProcess, tempDir } from "../helpers/cli.js";
import { baseCatalog } from "../helpers/catalogs.js";

const requests = counter({ name: "app_requests_total", help: "Requests", labels: { code: ["200", "500"], route: { open: true, maxValues: 10 } } });
const latency = histogram({
  name: "app_latency_seconds",
  help: "Latency",
  unit: "seconds",
  buckets: [0.1, 0.5, 1],
  labels: { route: { open: true, maxValues: 10 } },
});
const queue = gauge({ name: "app_queue_depth", help: "Queue depth" });

function catalogWith(rules: readonly unknown[], extra: Record<string, unknown> = {}): unknown {
  const base = baseCatalog();
  return {
    ...base,
    groups: [{ name: "app", description: "App metrics", exposedBy: ["checkout"], metrics: { requests, latency, queue } }],
    ruleGroups: [{ name: "kept", rules }],
    ...extra,
  };
}

function keptRules(rules: readonly unknown[], extra: Record<string, unknown> = {}) {
  const r = resolveCatalog(catalogWith(rules, extra));
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.value!.keptRuleGroups[0]!.rules;
}

describe("typed conditions in kept alerting rules", () => {
  it("compiles each kind of condition to the expression a service alert with it fires on", () => {
    const rules = keptRules([
      alertRule({ alert: "Rate", expr: rate(requests, { window: "5m", by: ["job"], where: { code: "500" } }).above(5) }),
      alertRule({ alert: "PerMinute", expr: rate(requests, { window: "5m", per: "minute" }).atLeast(60) }),
      alertRule({ alert: "Increase", expr: increase(requests, { window: "1h" }).above(0) }),
      alertRule({ alert: "Quantile", expr: quantile(latency, 0.99, { window: "5m", by: ["route"] }).above(0.5) }),
      alertRule({ alert: "Value", expr: value(queue, { aggregate: "max", by: ["job"] }).above(100) }),
      alertRule({ alert: "Ratio", expr: ratio(requests, { window: "10m", numerator: { code: "500" } }).above(0.05) }),
    ]);
    expect(rules.map((r) => r.expr)).toEqual([
      'sum by (job) (rate(app_requests_total{code="500"}[5m])) > 5',
      "sum(rate(app_requests_total[5m])) * 60 >= 60",
      "sum(increase(app_requests_total[1h])) > 0",
      "histogram_quantile(0.99, sum by (le, route) (rate(app_latency_seconds_bucket[5m]))) > 0.5",
      "max by (job) (app_queue_depth) > 100",
      'sum(rate(app_requests_total{code="500"}[10m])) / sum(rate(app_requests_total[10m])) > 0.05',
    ]);
    expect(rules.map((r) => (r.kind === "alerting" ? r.condition?.kind : null))).toEqual(["rate", "rate", "increase", "quantile", "value", "ratio"]);
    expect(rules.map((r) => r.metrics)).toEqual([
      ["app_requests_total"],
      ["app_requests_total"],
      ["app_requests_total"],
      ["app_latency_seconds"],
      ["app_queue_depth"],
      ["app_requests_total"],
    ]);
  });

  it("keeps the rule's name, for, labels and annotations as written and writes the compiled text as its expr", () => {
    const r = resolveCatalog(
      catalogWith([
        alertRule({
          alert: "TooManyErrors",
          expr: rate(requests, { window: "5m", where: { code: "500" } }).above(1),
          for: "10m",
          labels: { severity: "page", zone: "b" },
          annotations: { summary: "{{ $value }} errors/s" },
        }),
      ]),
    );
    const file = emitPrometheusRules(r.value!).find((f) => f.path === "prometheus/rules/kept.yml")!;
    expect(yaml.load(file.contents)).toEqual({
      groups: [
        {
          name: "kept",
          rules: [
            {
              alert: "TooManyErrors",
              expr: 'sum(rate(app_requests_total{code="500"}[5m])) > 1',
              for: "10m",
              labels: { severity: "page", zone: "b" },
              annotations: { summary: "{{ $value }} errors/s" },
            },
          ],
        },
      ],
    });
    const doc = JSON.parse(JSON.stringify(catalogJson(r.value!)));
    expect(doc.ruleGroups[0].rules[0]).toMatchObject({
      name: "TooManyErrors",
      expr: 'sum(rate(app_requests_total{code="500"}[5m])) > 1',
      metrics: ["app_requests_total"],
    });
  });

  it("takes a parameter as the threshold, as alerts do", () => {
    const [rule] = keptRules([alertRule({ alert: "Slow", expr: quantile(latency, 0.9, { window: "5m" }).above(paramRef("max_latency").times(0.001)) })]);
    expect(rule!.expr).toBe("histogram_quantile(0.9, sum by (le) (rate(app_latency_seconds_bucket[5m]))) > 0.25");
  });

  it("compiles on the catalog's Prometheus versions: a quantile above the top bucket is a share, with each version's bucket spelling", () => {
    const cond = quantile(latency, 0.99, { window: "5m" }).above(1);
    const [both] = keptRules([alertRule({ alert: "Slow", expr: cond })], { prometheus: { port: 9090, version: ["2.42", "3"] } });
    const [old] = keptRules([alertRule({ alert: "Slow", expr: cond })], { prometheus: { port: 9090, version: "2.42" } });
    expect(both!.expr).toBe('(1 - sum(rate(app_latency_seconds_bucket{le=~"1|1\\\\.0"}[5m])) / sum(rate(app_latency_seconds_count[5m]))) > 0.01');
    expect(old!.expr).toBe('(1 - sum(rate(app_latency_seconds_bucket{le="1"}[5m])) / sum(rate(app_latency_seconds_count[5m]))) > 0.01');
  });

  it("refuses a condition on a metric the catalog does not declare, at the condition's catalog path", () => {
    const stranger = counter({ name: "other_requests_total", help: "Not declared" });
    const r = resolveCatalog(catalogWith([alertRule({ alert: "X", expr: rate(stranger, { window: "5m" }).above(1) })]));
    expect(r.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["catalog/unknown-metric", "ruleGroups.kept.rules[0].expr.metric"]);
  });

  it("refuses, in a catalog written without the helpers, a condition kind the metric's type does not take, and unknown fields", () => {
    const r = resolveCatalog(
      catalogWith([
        { alert: "RateOfGauge", expr: { kind: "rate", metric: "app_queue_depth", window: "5m", op: ">", threshold: 1 } },
        { alert: "Misspelt", expr: { kind: "rate", metric: "app_requests_total", window: "5m", op: ">", threshold: 1, windw: "1m" } },
        { alert: "NoKind", expr: { kind: "average", metric: "app_requests_total" } },
      ]),
    );
    const found = r.diagnostics.map((d) => [d.code, d.path, d.message]);
    expect(found).toContainEqual(["catalog/schema", "ruleGroups.kept.rules[1].expr", "unknown field `windw`"]);
    expect(found.some(([code, path]) => code === "catalog/schema" && path === "ruleGroups.kept.rules[2].expr")).toBe(true);
    // The schema stops the build before resolving; alone, the gauge is refused by the resolver as an alert's would be.
    const alone = resolveCatalog(
      catalogWith([{ alert: "RateOfGauge", expr: { kind: "rate", metric: "app_queue_depth", window: "5m", op: ">", threshold: 1 } }]),
    );
    expect(alone.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["catalog/metric-type", "ruleGroups.kept.rules[0].expr.metric"]);
  });

  it("does not take a typed condition in a recording rule, whose expression has no comparison", () => {
    const r = resolveCatalog(
      catalogWith([{ record: "job:x:rate5m", expr: { kind: "rate", metric: "app_requests_total", window: "5m", op: ">", threshold: 1 } }]),
    );
    expect(r.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["catalog/schema", "ruleGroups.kept.rules[0].expr"]);
  });

  it("lints the compiled expression", () => {
    const r = resolveCatalog(catalogWith([alertRule({ alert: "RawCounter", expr: value(requests).above(1000) })]));
    const found = lintCatalog(r.value!, "catalog/index.ts", { today: "2026-01-01" }).diagnostics.filter((d) => d.path?.startsWith("ruleGroups.kept"));
    expect(found.map((d) => [d.code, d.path])).toContainEqual(["promql/bare-counter", "ruleGroups.kept.rules[0]"]);
  });

  it("names the file, line and column of the alertRule call in an error about its condition", async () => {
    const dir = tempDir("obsgen-kept-typed-");
    mkdirSync(join(dir, "catalog"));
    const entry = join(dir, "catalog", "index.ts");
    writeFileSync(
      join(dir, "catalog", "rules.ts"),
      `import { alertRule, counter, rate, ruleGroup } from "obsgen";

const stranger = counter({ name: "stranger_total", help: "Not declared" });

export const kept = ruleGroup({
  name: "kept",
  rules: [
    alertRule({ alert: "Unknown", expr: rate(stranger, { window: "5m" }).above(1) }),
  ],
});
`,
    );
    writeFileSync(
      entry,
      `import { defineCatalog } from "obsgen";
import { kept } from "./rules.js";

export default defineCatalog({ ...${JSON.stringify(baseCatalog())}, ruleGroups: [kept] });
`,
    );
    const r = await runInProcess(["lint", "--catalog", entry]);
    expect(r.stdout + r.stderr).toContain(`${join(dir, "catalog", "rules.ts")}:8:5: ruleGroups.kept.rules[0].expr.metric`);
    expect(r.code).toBe(1);
  });
});
