/**
 * Rule groups kept as written (`ruleGroups`): every deploy target writes them exactly as
 * declared, promtool loads what is written, and the schema and resolver refuse what Prometheus
 * would refuse.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { applyConfigToCatalog } from "../../src/config/apply.js";
import { loadConfig } from "../../src/config/load-config.js";
import { emitAll } from "../../src/emit/index.js";
import { emitPrometheusRules } from "../../src/emit/prometheus-rules.js";
import { catalogJson } from "../../src/emit/catalog-json.js";
import { catalogDocSchema } from "../../src/model/catalog-doc-schema.js";
import { coverageLine, planRuleTests } from "../../src/emit/rule-tests/index.js";
import { checkTargets } from "../../src/emit/targets/check.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { alertRule, expr, recordRule, ruleGroup } from "../../src/model/authoring.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { lintCatalog } from "../../src/lint/catalog-lint.js";
import { tempDir } from "../helpers/cli.js";
import { describeWithTool } from "../helpers/tools.js";
import { ALL_TARGETS_CONFIG } from "../targets/helpers.js";

const shipped = (await loadCatalog("catalog/index.ts")).value!.value as Record<string, unknown>;

const nodeGroup = ruleGroup({
  name: "node-exporter",
  file: "node",
  interval: "30s",
  limit: 100,
  rules: [
    alertRule({
      alert: "NodeDown",
      expr: 'up{job="node"} == 0\n',
      for: "5m",
      keepFiringFor: "1m",
      labels: { severity: "critical", __tier: "x" },
      annotations: { summary: "Node {{ $labels.instance }} down", description: "gone" },
    }),
    recordRule({ record: "job:orders:rate5m", expr: expr("sum by (job) (rate(orders_total[5m]))", { metrics: [] }), labels: { b: "2", a: "1" } }),
    alertRule({ alert: "NodeDown", expr: 'absent(up{job="node"})' }),
  ],
});
const second = ruleGroup({ name: "node second", file: "node", rules: [recordRule({ record: "x:y", expr: "vector(1)" })] });
const own = ruleGroup({ name: "own/file", rules: [recordRule({ record: "z", expr: "vector(2)" })] });
const groups = [nodeGroup, second, own];

function resolved(ruleGroups: unknown, extra: Record<string, unknown> = {}) {
  return resolveCatalog({ ...shipped, ...extra, ruleGroups });
}

const expectedNode = {
  groups: [
    {
      name: "node-exporter",
      interval: "30s",
      limit: 100,
      rules: [
        {
          alert: "NodeDown",
          expr: 'up{job="node"} == 0\n',
          for: "5m",
          keep_firing_for: "1m",
          labels: { severity: "critical", __tier: "x" },
          annotations: { summary: "Node {{ $labels.instance }} down", description: "gone" },
        },
        { record: "job:orders:rate5m", expr: "sum by (job) (rate(orders_total[5m]))", labels: { b: "2", a: "1" } },
        { alert: "NodeDown", expr: 'absent(up{job="node"})' },
      ],
    },
    { name: "node second", rules: [{ record: "x:y", expr: "vector(1)" }] },
  ],
};

describe("rule groups kept as written", () => {
  it("writes each file's groups exactly as declared, in order, with nothing added", () => {
    const r = resolved(groups);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const files = emitPrometheusRules(r.value!);
    const node = files.find((f) => f.path === "prometheus/rules/node.yml")!;
    expect(yaml.load(node.contents)).toEqual(expectedNode);
    // Key order too: labels and annotations as declared, not sorted.
    expect(Object.keys((yaml.load(node.contents) as any).groups[0].rules[0].labels)).toEqual(["severity", "__tier"]);
    expect(files.map((f) => f.path)).toContain("prometheus/rules/own_file.yml");
  });

  it("writes them in every deploy target: rule files, the shared PrometheusRule and Mimir namespace, Thanos rule files", async () => {
    const loaded = await loadConfig(ALL_TARGETS_CONFIG);
    const config = loaded.value!.config;
    const model = resolveCatalog(applyConfigToCatalog({ ...shipped, ruleGroups: groups }, config)).value!;
    expect(checkTargets(model, config, loaded.value!.file).filter((d) => d.severity === "error")).toEqual([]);
    const files = emitAll(model, { targets: config.targets, rules: config.rules });
    const names = (doc: any): string[] => (doc.spec ?? doc).groups.map((g: any) => g.name);
    const withKept = files.filter((f) => /\.ya?ml$/.test(f.path) && /name: node-exporter$/m.test(f.contents));
    const dirs = withKept.map((f) => f.path.split("/")[0]).sort();
    expect(dirs).toEqual(expect.arrayContaining(["kubernetes", "mimir", "prometheus", "thanos"]));
    for (const f of withKept) {
      const doc = yaml.load(f.contents) as any;
      const kept = (doc.spec ?? doc).groups.find((g: any) => g.name === "node-exporter");
      expect(kept, f.path).toEqual(expectedNode.groups[0]);
      if (!f.path.startsWith("prometheus/") && !f.path.startsWith("thanos/"))
        expect(names(doc)).toEqual(expect.arrayContaining(["node-exporter", "node second", "own/file"]));
    }
    const config2 = files.find((f) => f.path === "prometheus/prometheus.yml")!;
    expect((yaml.load(config2.contents) as any).rule_files).toEqual(expect.arrayContaining(["rules/node.yml", "rules/own_file.yml"]));
  });

  it("refuses a group name twice, a record name that is no metric name, a rule that is both kinds, and a query offset 2.42 does not load", () => {
    const twice = resolved([nodeGroup, { ...second, name: "node-exporter" }]);
    expect(twice.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["catalog/duplicate-rule-group", "ruleGroups.node-exporter.name"]);
    const badRecord = resolved([{ name: "g", rules: [{ record: "not-a-metric", expr: "vector(1)" }] }]);
    expect(badRecord.value).toBeUndefined();
    expect(badRecord.diagnostics.some((d) => d.path === "ruleGroups.g.rules[0].record")).toBe(true);
    const both = resolved([{ name: "g", rules: [{ record: "r", alert: "A", expr: "vector(1)" }] }]);
    expect(both.value).toBeUndefined();
    expect(both.diagnostics.some((d) => d.path === "ruleGroups.g.rules[0]" && /both `alert` and `record`/.test(d.message))).toBe(true);
    const prometheus = shipped.prometheus as Record<string, unknown>;
    const offset = resolved([{ name: "g", queryOffset: "1m", rules: [] }], { prometheus: { ...prometheus, version: ["2.42", "3"] } });
    expect(offset.diagnostics.map((d) => d.code)).toContain("catalog/unsupported-query-offset");
    const offset3 = resolved([{ name: "g", queryOffset: "1m", rules: [] }], { prometheus: { ...prometheus, version: "3" } });
    expect(offset3.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const clash = resolved([{ name: "x", file: "trading_critical", rules: [] }]);
    expect(clash.diagnostics.map((d) => d.code)).toContain("catalog/rule-file-clash");
    const derivedName = resolved([{ name: "trading_critical", file: "f", rules: [] }]);
    expect(derivedName.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["catalog/duplicate-rule-group", "ruleGroups.trading_critical.name"]);
    const unknownMetric = resolved([{ name: "g", rules: [{ record: "r", expr: expr("vector(1)", { metrics: ["no_such_metric"] }) }] }]);
    expect(unknownMetric.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["catalog/unknown-metric", "ruleGroups.g.rules[0].expr.metrics[0]"]);
  });

  it("names kept alerts apart in the rule-test coverage and never counts them as covered", () => {
    const model = resolved(groups).value!;
    const plan = planRuleTests(model);
    expect(plan.coverage.total).toBe(model.alerts.length);
    expect(plan.coverage.covered).not.toContain("NodeDown");
    const n = model.alerts.length;
    expect(coverageLine(plan.coverage)).toBe(
      `rule tests: ${n}/${n} catalog alerts covered (100%); 2 kept-as-written alerts not covered: write tests for them in promtool test files that load prometheus/rules/node.yml`,
    );
  });

  it("lints kept expressions, but does not call a metric the catalog never claimed to declare unknown", () => {
    const model = resolved([
      {
        name: "g",
        rules: [
          { alert: "Cpu", expr: "sum(rate(node_cpu_seconds_total[5m])) > 1" },
          { record: "r:broken", expr: "rate(up[5m]" },
        ],
      },
    ]).value!;
    const found = lintCatalog(model, "catalog/index.ts", { today: "2026-01-01" }).diagnostics.filter((d) => d.path?.startsWith("ruleGroups.g"));
    expect(found.map((d) => [d.code, d.path])).toContainEqual(["promql/syntax", "ruleGroups.g.rules[1]"]);
    expect(found.map((d) => d.code)).not.toContain("promql/unknown-metric");
  });

  it("lists kept groups in catalog.json as declared, in a document its schema reads, and leaves them out when there are none", () => {
    const doc = JSON.parse(JSON.stringify(catalogJson(resolved(groups).value!)));
    expect(catalogDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.ruleGroups.map((g: any) => [g.name, g.file, g.interval, g.limit])).toEqual([
      ["node-exporter", "node", "30s", 100],
      ["node second", "node", null, null],
      ["own/file", "own_file", null, null],
    ]);
    expect(doc.ruleGroups[0].rules[0]).toEqual({
      kind: "alerting",
      name: "NodeDown",
      expr: 'up{job="node"} == 0\n',
      metrics: [],
      for: "5m",
      keepFiringFor: "1m",
      labels: { severity: "critical", __tier: "x" },
      annotations: { summary: "Node {{ $labels.instance }} down", description: "gone" },
      path: "ruleGroups.node-exporter.rules[0]",
    });
    expect("ruleGroups" in (catalogJson(resolved([]).value!) as object)).toBe(false);
  });

  it("keeps an alert name that repeats across groups, as Prometheus allows", () => {
    const r = resolved([nodeGroup, { name: "other", rules: [{ alert: "NodeDown", expr: "vector(1)" }] }]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describeWithTool("promtool", "promtool loads the kept groups as written", () => {
  it("promtool check rules passes on every kept rule file", () => {
    const out = tempDir();
    const files = emitPrometheusRules(resolved(groups).value!).filter((f) => /rules\/(node|own_file)\.yml$/.test(f.path));
    expect(files).toHaveLength(2);
    for (const f of files) {
      const p = join(out, f.path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.contents);
      const r = spawnSync("promtool", ["check", "rules", p], { encoding: "utf8" });
      expect(r.status, r.stdout + r.stderr).toBe(0);
    }
  });
});
