/**
 * Rule tests for the targeted Prometheus versions: input series carry `le` as each targeted
 * version stores it (one pair of cases per spelling when they differ), every expected result is
 * what both 2.42's and 3's arithmetic compute (re-evaluated here from the emitted input, not taken
 * from the generator), the files use only keys promtool 2.42 reads and always an explicit test
 * group `interval`; and promtool 2.42 passes them for every setting of `prometheus.version`,
 * the 3-spelled input included.
 */
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { formatOpenMetricsFloat, type PrometheusVersion, RULE_TEST_FILE_KEYS } from "../../src/compat/prometheus.js";
import { planRuleTests } from "../../src/emit/rule-tests/index.js";
import { conditionTests } from "../../src/emit/rule-tests/generate.js";
import { parseDuration } from "../../src/compat/go/duration.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { describeWithTool } from "../helpers/tools.js";
import { promtoolTest, resolved, ruleFiles, ruleTestCatalog } from "./fixture.js";
import { disagreements, parseSeries } from "./reevaluate.js";

const SETTINGS: readonly (readonly PrometheusVersion[])[] = [["2.42"], ["3"], ["2.42", "3"]];

function fixtureFor(versions: readonly PrometheusVersion[]): ResolvedCatalog {
  const raw = ruleTestCatalog();
  raw.prometheus = { ...raw.prometheus, version: versions };
  return resolved(raw);
}

describe("rule tests for each targeted version", () => {
  it("feed `le` as each targeted version stores it, with one pair of cases per spelling where they differ", () => {
    for (const versions of SETTINGS) {
      const model = fixtureFor(versions);
      const r = conditionTests.generate(model.alerts.find((a) => a.name === "CheckoutTailAboveTop")!, model);
      if (r?.kind !== "cases") throw new Error(`no cases for ${versions.join(", ")}`);
      const le = r.cases.map((c) => c.inputSeries.map((s) => parseSeries(s.series).le).filter((x) => x !== undefined));
      const spelled = versions.map((v) => (v === "3" ? formatOpenMetricsFloat(500) : "500"));
      // Fires and quiet, per spelling.
      expect(le, versions.join(", ")).toEqual(spelled.flatMap((s) => [[s], [s]]));
      if (versions.length > 1)
        expect(r.cases.map((c) => c.name.replace(/^.*\((input as [^)]*)\)$/, "$1"))).toEqual([
          "input as Prometheus 2.42 stores it",
          "input as Prometheus 2.42 stores it",
          "input as Prometheus 3 stores it",
          "input as Prometheus 3 stores it",
        ]);
      else expect(r.cases.every((c) => !c.name.includes("input as"))).toBe(true);
    }
  });

  it("write 3's spellings of every bucket a quantile reads for a 3 target, 2.x's for 2.42", () => {
    const lesOf = (versions: readonly PrometheusVersion[]) => {
      const model = fixtureFor(versions);
      const r = conditionTests.generate(model.alerts.find((a) => a.name === "CheckoutSlow")!, model);
      if (r?.kind !== "cases") throw new Error("no cases");
      return [...new Set(r.cases.flatMap((c) => c.inputSeries.map((s) => parseSeries(s.series).le)))];
    };
    expect(lesOf(["2.42"])).toEqual(["10", "50", "100", "250", "500", "+Inf"]);
    expect(lesOf(["3"])).toEqual(["10.0", "50.0", "100.0", "250.0", "500.0", "+Inf"]);
  });

  it("expect at every check exactly what 2.42 and 3 both compute from the emitted input", () => {
    let checked = 0;
    for (const versions of SETTINGS) {
      const model = fixtureFor(versions);
      const found = disagreements(model, planRuleTests(model).files);
      expect(found.differences, versions.join(", ")).toEqual([]);
      checked += found.checked;
    }
    expect(checked).toBeGreaterThan(60);
  });

  it("use only keys promtool 2.42 reads, and give every test group its `interval`", () => {
    for (const versions of SETTINGS) {
      for (const f of planRuleTests(fixtureFor(versions)).files) {
        const doc = yaml.load(f.contents) as { tests: Record<string, unknown>[] } & Record<string, unknown>;
        expect(
          Object.keys(doc).filter((k) => !RULE_TEST_FILE_KEYS["2.42"].file.includes(k)),
          f.path,
        ).toEqual([]);
        for (const group of doc.tests) {
          expect(
            Object.keys(group).filter((k) => !RULE_TEST_FILE_KEYS["2.42"].testGroup.includes(k)),
            f.path,
          ).toEqual([]);
          expect(parseDuration(String(group.interval)), `${f.path}: ${String(group.name)}`).toBeGreaterThan(0);
        }
      }
    }
  });
});

describeWithTool("promtool", "promtool 2.42 on the rule tests of each targeted version", () => {
  it.each(SETTINGS.map((v) => [v.join(" and ")]))("passes every case for %s", async (name) => {
    const model = fixtureFor(name.split(" and ") as PrometheusVersion[]);
    const plan = planRuleTests(model);
    expect(plan.coverage.uncovered).toEqual([]);
    const r = await promtoolTest(
      [...ruleFiles(model), ...plan.files],
      plan.files.map((f) => f.path),
    );
    expect(r.status, r.output).toBe(0);
  });

  it("fails the 3-spelled cases against rules that match only 2.x's `le` (the spelling is what is tested)", async () => {
    const model = fixtureFor(["3"]);
    const plain = ruleFiles(model).map((f) => ({ ...f, contents: f.contents.replace(/le=~"500\|500\\\\\.0"/g, 'le="500"') }));
    expect(plain.some((f) => f.contents.includes('le="500"'))).toBe(true);
    const plan = planRuleTests(model);
    const r = await promtoolTest(
      [...plain, ...plan.files],
      plan.files.map((f) => f.path),
    );
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/alertname: CheckoutTailAboveTop/);
  });
});
