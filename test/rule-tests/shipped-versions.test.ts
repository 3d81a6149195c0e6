/**
 * The shipped catalog built for each setting of `prometheus.version` (2.42, 3, both): its rule
 * tests cover every alert with a firing case, feed `le` as the targeted versions store it, and
 * promtool passes them all (promtool 2.42: the 3.x arithmetic agrees by construction, see
 * versions.test.ts); and for 3 alone, no generated file names a bucket by its whole-number
 * spelling only (`le="5000"`, which 3 never stores).
 */
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { formatOpenMetricsFloat, type PrometheusVersion } from "../../src/compat/prometheus.js";
import { emitAll } from "../../src/emit/index.js";
import { planRuleTests } from "../../src/emit/rule-tests/index.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { describeWithTool } from "../helpers/tools.js";
import { promtoolTest, resolved, ruleFiles } from "./fixture.js";
import { disagreements, parseSeries } from "./reevaluate.js";

const shipped = (await loadCatalog("catalog/index.ts")).value!.value as { prometheus: Record<string, unknown> };
const SETTINGS: readonly (readonly PrometheusVersion[])[] = [["2.42"], ["3"], ["2.42", "3"]];
const name = (versions: readonly PrometheusVersion[]) => versions.join(" and ");

function shippedFor(versions: readonly PrometheusVersion[]): ResolvedCatalog {
  return resolved({ ...shipped, prometheus: { ...shipped.prometheus, version: versions } });
}

/** `le="5000"` as grep -E 'le="[0-9]+"' finds it, also inside JSON strings (`le=\"5000\"`). */
const WHOLE_NUMBER_LE = /le=\\*"[0-9]+\\*"/;

describe.each(SETTINGS.map((v) => [name(v), v] as const))("the shipped catalog for %s", (_n, versions) => {
  const model = shippedFor(versions);
  const plan = planRuleTests(model);

  it("covers every alert, each with a case where it fires", () => {
    expect(plan.diagnostics).toEqual([]);
    expect(plan.coverage.uncovered).toEqual([]);
    const firing = new Set<string>();
    for (const f of plan.files) {
      const doc = yaml.load(f.contents) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] };
      for (const t of doc.tests) for (const c of t.alert_rule_test) if (c.exp_alerts.length > 0) firing.add(c.alertname);
    }
    expect(model.alerts.map((a) => a.name).filter((a) => !firing.has(a))).toEqual([]);
  });

  it("feeds `le` as the targeted versions store it, and nothing else", () => {
    const les = new Set(
      plan.files.flatMap((f) =>
        [...f.contents.matchAll(/series: (\S+\{[^\n]*\})/g)].map((m) => parseSeries(m[1]!).le).filter((x) => x !== undefined && x !== "+Inf"),
      ),
    );
    const edges = model.metrics.flatMap((m) => m.buckets ?? []);
    const stored = new Set(versions.flatMap((v) => edges.map((e) => (v === "3" ? formatOpenMetricsFloat(e) : String(e)))));
    expect([...les].filter((le) => !stored.has(le!))).toEqual([]);
    for (const v of versions)
      expect(
        [...les].some((le) => le === (v === "3" ? "5000.0" : "5000")),
        v,
      ).toBe(true);
  });

  it("records the targeted versions in catalog.json", () => {
    const json = JSON.parse(emitAll(model).find((f) => f.path === "catalog.json")!.contents);
    expect(json.prometheus.versions).toEqual(versions);
  });

  it("expects only results 2.42 and 3 both compute", () => {
    expect(disagreements(model, plan.files).differences).toEqual([]);
  });
});

describe("whole-number `le` matchers in the output", () => {
  it("are nowhere for 3 (rules, tests, dashboards, runbooks, stubs, catalog.json)", () => {
    const files = emitAll(shippedFor(["3"]));
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => WHOLE_NUMBER_LE.test(f.contents)).map((f) => `${f.path}: ${WHOLE_NUMBER_LE.exec(f.contents)![0]}`)).toEqual([]);
  });

  it("are what 2.42 alone gets (the search finds them when they are there)", () => {
    const hits = emitAll(shippedFor(["2.42"]))
      .filter((f) => WHOLE_NUMBER_LE.test(f.contents))
      .map((f) => f.path);
    expect(hits).toEqual(
      expect.arrayContaining([
        "prometheus/rules/trading_high_priority.yml",
        "prometheus/tests/trading_high_priority.test.yml",
        "runbooks/high-order-latency.md",
        "catalog.json",
      ]),
    );
  });
});

describeWithTool("promtool", "promtool test rules on the shipped catalog for each targeted version", () => {
  it.each(SETTINGS.map((v) => [name(v), v] as const))("passes every test file for %s", async (_n, versions) => {
    const model = shippedFor(versions);
    const plan = planRuleTests(model);
    const r = await promtoolTest(
      [...ruleFiles(model), ...plan.files],
      plan.files.map((f) => f.path),
    );
    expect(r.status, r.output).toBe(0);
    expect(r.output.match(/SUCCESS/g)).toHaveLength(plan.files.length);
  });
});
