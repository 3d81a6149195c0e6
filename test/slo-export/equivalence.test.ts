/**
 * The exported Sloth SLIs measure what obsgen measures: promtool evaluates Sloth's 5m error ratio
 * of every exported SLO (its `(error) / (total)` or `(raw)`, composed as Sloth's sli_rules_v1
 * plugin does, internal/plugin/slo/core/sli_rules_v1/plugin.go) beside obsgen's own
 * `slo:sli_error:ratio_rate5m` from the generated rule file, on series with bad events in every
 * SLO, and requires the two equal. SLOs on native histograms are left out: promtool 2.42 cannot
 * write native-histogram input series, and their Sloth query is obsgen's expression itself.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { expect, it } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { type ExportedSlo, sloExports } from "../../src/emit/slo-export/mapping.js";
import { SLOTH_WINDOW } from "../../src/emit/slo-export/sloth.js";
import { ruleFilePath, sloGroupName } from "../../src/model/conventions.js";
import { formatNumber } from "../../src/model/numbers.js";
import type { Matcher } from "../../src/model/promql-builder.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";
import { EXAMPLE_DIR, resolved } from "./helpers.js";

/** Sloth's 5m error-ratio expression of an SLO, rendered as Sloth renders its template. */
function slothErrorRatio(e: ExportedSlo): string {
  const expr = e.sli.kind === "events" ? `(${e.sli.error(SLOTH_WINDOW)})\n/\n(${e.sli.total(SLOTH_WINDOW)})\n` : `(${e.sli.errorRatio(SLOTH_WINDOW)})`;
  return expr.replaceAll(SLOTH_WINDOW, "5m");
}

const labels = (ms: readonly Matcher[], extra: Record<string, string> = {}) => {
  const all = { ...Object.fromEntries(ms.map((m) => [m.label, m.values[0]!])), ...extra };
  return Object.entries(all)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ");
};

/** Input series with good and bad events for every SLO: 10 events a minute, some of them bad. */
function inputSeries(slos: readonly ExportedSlo[]): { series: string; values: string }[] {
  const out = new Map<string, string>();
  const add = (name: string, ls: string, values: string) => out.set(`${name}{${ls}}`, values);
  for (const { slo } of slos) {
    if (slo.kind === "availability") add("up", `job="${slo.service}"`, "1 0 1 1 1 1 0 1 1 1 1 1 1 0 1 1 1 1 1 1 1");
    else if (slo.kind === "ratio") {
      add(slo.metric, labels(slo.total, Object.fromEntries(slo.good.map((m) => [m.label, m.values[0]!]))), "0+9x20");
      add(slo.metric, labels(slo.total, Object.fromEntries(slo.good.map((m) => [m.label, "obsgen-bad"]))), "0+1x20");
    } else if (slo.kind === "latency") {
      add(`${slo.metric}_bucket`, labels(slo.where, { le: formatNumber(slo.threshold) }), "0+7x20");
      add(`${slo.metric}_bucket`, labels(slo.where, { le: "+Inf" }), "0+10x20");
      add(`${slo.metric}_count`, labels(slo.where), "0+10x20");
    }
  }
  return [...out.entries()].map(([series, values]) => ({ series, values }));
}

async function compare(model: ResolvedCatalog): Promise<{ slos: number; ran: Awaited<ReturnType<typeof run>> }> {
  const dir = tempDir("obsgen-slo-export-");
  const group = ruleFilePath(sloGroupName(model.prometheus.ruleGroupPrefix));
  writeFileSync(join(dir, "obsgen.yml"), emitAll(model).find((f) => f.path === group)!.contents);
  const slos = sloExports(model).exported.filter((e) => !(e.slo.kind === "latency" && e.sli.kind === "raw"));
  const rules = slos.map((e) => ({ record: "sloth:sli_error:ratio_rate5m", expr: slothErrorRatio(e), labels: { slo: e.slo.name } }));
  writeFileSync(join(dir, "sloth.yml"), yaml.dump({ groups: [{ name: "sloth", rules }] }));
  const n = slos.length;
  const at = (expr: string) => ({ expr, eval_time: "15m", exp_samples: [{ labels: "{}", value: n }] });
  const test = {
    rule_files: ["obsgen.yml", "sloth.yml"],
    evaluation_interval: "1m",
    tests: [
      {
        interval: "1m",
        input_series: inputSeries(slos),
        promql_expr_test: [
          // Every SLO has a ratio from each side, some bad events, and the two agree.
          at("count(sloth:sli_error:ratio_rate5m > 0)"),
          at("count(slo:sli_error:ratio_rate5m and on (slo) sloth:sli_error:ratio_rate5m)"),
          at("count(abs(sloth:sli_error:ratio_rate5m - on (slo) slo:sli_error:ratio_rate5m) < 1e-12)"),
        ],
      },
    ],
  };
  writeFileSync(join(dir, "equal.test.yml"), yaml.dump(test));
  return { slos: slos.length, ran: await run("promtool", ["test", "rules", "equal.test.yml"], { cwd: dir }) };
}

describeWithTool("promtool", "Sloth's error ratios against obsgen's (promtool)", () => {
  it.each([
    ["the shipped catalog", "catalog/index.ts"],
    ["the docs example", join(EXAMPLE_DIR, "catalog", "index.ts")],
  ])("equal obsgen's slo:sli_error:ratio_rate5m for every exported SLO of %s", async (_, entry) => {
    const { slos, ran } = await compare(await resolved(entry));
    expect(slos).toBeGreaterThan(3);
    expect(ran.stdout + ran.stderr, "promtool test rules").toContain("SUCCESS");
    expect(ran.status).toBe(0);
  });
});
