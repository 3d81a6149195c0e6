/**
 * The real-world corpus (../shared/corpus/rules: 241 public rule files, with promtool 2.42's
 * verdict on each): `obsgen lint --prometheus 2.42` reads every file without crashing and agrees
 * with promtool's pass/fail verdict, except where obsgen is deliberately stricter (listed below,
 * with the reason). Judged as Prometheus 3, the verdicts that change are listed with the reason.
 * The count of findings per rule id is printed for review.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { PrometheusVersion } from "../../src/compat/prometheus.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { runLint } from "../../src/lint/engine.js";
import { ruleFileGroups } from "../../src/lint/input/rulefile.js";
import { loadRuleFile } from "../../src/rulefile/index.js";
import { describeWithShared, SHARED } from "../helpers/shared.js";

const CORPUS = join(SHARED, "corpus", "rules");

/** Files promtool 2.42 accepts and obsgen rejects on purpose. */
const STRICTER: Record<string, string> = {
  // `histogram_quantile(0.99, sum by (job) (rate(…_bucket[5m]))) > 20`: the aggregation drops `le`,
  // so histogram_quantile gets no buckets, returns nothing, and the alert can never fire.
  "monitoring-mixins-website/assets/thanos/alerts.yaml": "promql/histogram-quantile-le: `sum by (job)` drops `le` (ThanosBucketReplicateRunLatency)",
  "thanos/examples/alerts/alerts.yaml": "promql/histogram-quantile-le: `sum by (job)` drops `le` (ThanosBucketReplicateRunLatency)",
};

/**
 * Files whose verdict under Prometheus 3 differs from 2.42's, and why. All three come from
 * Prometheus's own rulefmt tests of UTF-8 names: 3.x's promtool validates names as UTF-8
 * (`cmd/promtool/main.go` line 395, v3.14.0), so the dashes in them are fine.
 */
const CHANGED_UNDER_3: Record<string, string> = {
  "prometheus/model/rulefmt/testdata/legacy_validation_annotation.bad.yaml":
    "annotation name `ins-tance` is a valid UTF-8 name (bad only under legacy validation)",
  "prometheus/model/rulefmt/testdata/utf-8_annotation.good.yaml": "annotation name `ins-tance` is a valid UTF-8 name",
  "prometheus/model/rulefmt/testdata/utf-8_lname.good.yaml": "label name `ins-tance` is a valid UTF-8 name",
};

/** Every finding `obsgen lint` gives a corpus file, judged as the versions given. */
function lintFile(file: string, versions: readonly PrometheusVersion[]): Diagnostic[] {
  const loaded = loadRuleFile(file, readFileSync(join(CORPUS, file)), { prometheus: versions });
  const lint = runLint({
    groups: ruleFileGroups(loaded, file),
    catalog: null,
    catalogFile: null,
    scrapeIntervalMs: 60_000,
    evaluationIntervalMs: 60_000,
    today: "2026-01-01",
    prometheus: { versions, features: [] },
  });
  return [...loaded.diagnostics, ...lint];
}

interface Verdict {
  file: string;
  exit: number;
}

function verdicts(): Verdict[] {
  const tsv = readFileSync(join(CORPUS, "promtool-verdicts.tsv"), "utf8").trim().split("\n").slice(1);
  return tsv.map((line) => {
    const [file, exit] = line.split("\t");
    return { file: file!, exit: Number(exit) };
  });
}

describeWithShared("corpus/rules", "the rule corpus", "the real-world rule corpus", () => {
  const all = existsSync(CORPUS) ? verdicts() : [];
  const counts = new Map<string, number>();
  const disagreements: string[] = [];
  let agree = 0;

  it(`lints all ${all.length} files without crashing and agrees with promtool's verdicts, as Prometheus 2.42`, () => {
    expect(all.length).toBe(241);
    for (const v of all) {
      const diagnostics = lintFile(v.file, ["2.42"]);
      for (const d of diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
      const fails = diagnostics.some((d) => d.severity === "error");
      const promtoolFails = v.exit !== 0;
      if (fails === promtoolFails) agree++;
      else if (!(fails && STRICTER[v.file])) {
        const first = diagnostics.find((d) => d.severity === "error");
        disagreements.push(`${v.file}: promtool exit ${v.exit}, obsgen ${fails ? `fails (${first?.code}: ${first?.message})` : "passes"}`);
      }
    }
    const report = [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${String(n).padStart(6)} ${k}`);
    const summary = `corpus: ${agree}/${all.length} verdicts agree with promtool; ${Object.keys(STRICTER).length} stricter by design\n${report.join("\n")}`;
    console.log(summary);
    if (process.env.OBSGEN_CORPUS_REPORT) writeFileSync(process.env.OBSGEN_CORPUS_REPORT, `${summary}\n`);
    expect(disagreements).toEqual([]);
  });

  it("changes only the listed verdicts when judging as Prometheus 3", () => {
    const changed: string[] = [];
    const counts3 = new Map<string, number>();
    for (const v of all) {
      const under242 = lintFile(v.file, ["2.42"]);
      const under3 = lintFile(v.file, ["3"]);
      for (const d of under3) counts3.set(d.code, (counts3.get(d.code) ?? 0) + 1);
      const fails = (ds: Diagnostic[]) => ds.some((d) => d.severity === "error");
      if (fails(under242) !== fails(under3)) changed.push(v.file);
    }
    const codes = new Set([...counts.keys(), ...counts3.keys()]);
    const delta = [...codes]
      .sort()
      .flatMap((c) => ((counts3.get(c) ?? 0) !== (counts.get(c) ?? 0) ? [`  ${c}: ${counts.get(c) ?? 0} -> ${counts3.get(c) ?? 0}`] : []));
    const lines = [`corpus as Prometheus 3: ${changed.length} verdicts change`, ...changed.map((f) => `  ${f}: ${CHANGED_UNDER_3[f] ?? "(not listed)"}`)];
    console.log([...lines, "findings that change in number:", ...delta].join("\n"));
    expect(changed.sort()).toEqual(Object.keys(CHANGED_UNDER_3).sort());
  });
});
