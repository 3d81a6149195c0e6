/**
 * The real-world corpus (../shared/corpus/rules: 241 public rule files, with promtool 2.42's
 * verdict on each): `obsgen lint` reads every file without crashing and agrees with promtool's
 * pass/fail verdict, except where obsgen is deliberately stricter (listed below, with the reason).
 * The count of findings per rule id is printed for review.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLint } from "../../src/lint/engine.js";
import { ruleFileGroups } from "../../src/lint/input/rulefile.js";
import { loadRuleFile } from "../../src/rulefile/index.js";
import { ROOT } from "../helpers/cli.js";

const CORPUS = join(ROOT, "..", "shared", "corpus", "rules");

/** Files promtool 2.42 accepts and obsgen rejects on purpose. */
const STRICTER: Record<string, string> = {
  // `histogram_quantile(0.99, sum by (job) (rate(…_bucket[5m]))) > 20`: the aggregation drops `le`,
  // so histogram_quantile gets no buckets, returns nothing, and the alert can never fire.
  "monitoring-mixins-website/assets/thanos/alerts.yaml": "promql/histogram-quantile-le: `sum by (job)` drops `le` (ThanosBucketReplicateRunLatency)",
  "thanos/examples/alerts/alerts.yaml": "promql/histogram-quantile-le: `sum by (job)` drops `le` (ThanosBucketReplicateRunLatency)",
};

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

if (!existsSync(CORPUS) && process.env.OBSGEN_REQUIRE_TOOLS === "1") {
  // CI lays shared/ beside the clone: a missing corpus there is a failure, not a skip.
  it("needs the rule corpus", () => {
    throw new Error(`rule corpus not found at ${CORPUS}`);
  });
}

describe.skipIf(!existsSync(CORPUS))("the real-world rule corpus", () => {
  const all = existsSync(CORPUS) ? verdicts() : [];
  const counts = new Map<string, number>();
  const disagreements: string[] = [];
  let agree = 0;

  it(`lints all ${all.length} files without crashing and agrees with promtool's verdicts`, () => {
    expect(all.length).toBe(241);
    for (const v of all) {
      const loaded = loadRuleFile(v.file, readFileSync(join(CORPUS, v.file)));
      const lint = runLint({
        groups: ruleFileGroups(loaded, v.file),
        catalog: null,
        catalogFile: null,
        scrapeIntervalMs: 60_000,
        evaluationIntervalMs: 60_000,
        today: "2026-01-01",
      });
      const diagnostics = [...loaded.diagnostics, ...lint];
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
  }, 120_000);
});
