/**
 * Lints the shared corpus of real-world rule files (shared/corpus/rules) and compares with the verdicts
 * Debian's promtool 2.42 gave (promtool-verdicts.tsv), judging as Prometheus 2.42 (`--prometheus 2.42`).
 * PrometheusRule objects are judged on their spec, as the tsv's `format` column says.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type PromqlDialect, promqlDialect } from "../compat/prometheus.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { ExprChecker, ExprError } from "./check.js";
import { loadRuleFile, type LoadedRuleFile } from "./load-rule-file.js";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/rules/", import.meta.url));
const VERDICTS = join(CORPUS, "promtool-verdicts.tsv");

interface Verdict {
  readonly file: string;
  readonly exitCode: number;
  readonly rules: number | undefined;
  readonly firstError: string;
  readonly format: string;
}

/**
 * The PromQL checker of src/promql when it is there (it is developed alongside this module), adapted to
 * the hook; undefined otherwise, and then expressions are only checked for presence.
 */
async function promqlChecker(): Promise<ExprChecker | undefined> {
  const path = fileURLToPath(new URL("../promql/analyze.ts", import.meta.url));
  if (!existsSync(path)) return undefined;
  const mod = (await import(/* @vite-ignore */ path)) as { analyze?: (text: string, dialect: PromqlDialect) => { errors: readonly ExprError[] } };
  const analyze = mod.analyze;
  return analyze === undefined ? undefined : (expr, version) => analyze(expr, promqlDialect(version)).errors;
}

/** Files whose verdict needs the PromQL checker: promtool fails them on the expression alone. */
const NEEDS_PROMQL: Record<string, string> = {
  "prometheus/cmd/promtool/testdata/bad-rules-syntax.yml": "expr `test +` is incomplete PromQL",
  "prometheus/model/rulefmt/testdata/bad_expr.bad.yaml": "rate() of an instant vector is a PromQL type error",
};

/** Files where our first error is on another line than promtool's, on purpose. */
const FIRST_LINE_DIFFERS: Record<string, string> = {
  // promtool points every recording-rule field error at the record name; we point at the offending field.
  "prometheus/model/rulefmt/testdata/record_and_for.bad.yaml": "we point at `for:` (line 6), promtool at the record name",
  "prometheus/model/rulefmt/testdata/record_and_keep_firing_for.bad.yaml": "we point at `keep_firing_for:`, promtool at the record name",
  // promtool prints a rule's expression error before its name error; our findings are in file order,
  // so the invalid record name (line 5) comes before the expression error (line 6).
  "prometheus/cmd/promtool/testdata/features.yml": "the record-name error on the line above comes first in file order",
};

const corpusPresent = existsSync(VERDICTS);
if (!corpusPresent && process.env.OBSGEN_REQUIRE_TOOLS === "1") {
  // CI lays shared/ beside the clone: a missing corpus there is a failure, not a skip.
  it("needs the rule corpus", () => {
    throw new Error(`rule corpus not found at ${VERDICTS}`);
  });
} else if (!corpusPresent) console.warn(`[skipped] rule corpus: ${VERDICTS} not found`);

describe.skipIf(!corpusPresent)("rule corpus (shared/corpus/rules) against promtool 2.42", () => {
  let verdicts: Verdict[] = [];
  let checkExpr: ExprChecker | undefined;
  const results = new Map<string, LoadedRuleFile>();

  beforeAll(async () => {
    verdicts = readFileSync(VERDICTS, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => {
        const [file = "", exitCode = "", rules = "", firstError = "", format = ""] = line.split("\t");
        return { file, exitCode: Number(exitCode), rules: rules === "-" ? undefined : Number(rules), firstError, format };
      });
    checkExpr = await promqlChecker();
    console.log(`PromQL checker: ${checkExpr === undefined ? "not available (expressions checked for presence only)" : "src/promql analyze()"}`);
  });

  it("lints every file without crashing and summarises the findings", () => {
    expect(verdicts.length).toBe(241);
    for (const v of verdicts) {
      results.set(v.file, loadRuleFile(v.file, readFileSync(join(CORPUS, v.file)), { checkExpr, prometheus: ["2.42"] }));
    }
    const byCode = new Map<string, number>();
    for (const r of results.values()) for (const d of r.diagnostics) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
    const failing = [...results.values()].filter((r) => hasErrors(r.diagnostics)).length;
    console.log(
      [
        `corpus: ${results.size} files, ${failing} with errors`,
        ...[...byCode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([c, n]) => `  ${c}: ${n}`),
      ].join("\n"),
    );
    expect(results.size).toBe(241);
  });

  it("gives promtool's pass/fail verdict for every file outside the allow-list", () => {
    const disagree = verdicts
      .filter((v) => hasErrors(results.get(v.file)!.diagnostics) !== (v.exitCode !== 0))
      .map((v) => v.file)
      .filter((f) => !(checkExpr === undefined && f in NEEDS_PROMQL));
    expect(disagree).toEqual([]);
    const agree = verdicts.length - disagree.length - (checkExpr === undefined ? Object.keys(NEEDS_PROMQL).length : 0);
    console.log(`verdicts: ${agree}/${verdicts.length} agree with promtool 2.42`);
  });

  it("finds as many rules as promtool", () => {
    const counts = verdicts
      .filter((v) => v.rules !== undefined)
      .map((v) => [v.file, results.get(v.file)!.value.groups.reduce((n, g) => n + g.rules.length, 0), v.rules]);
    expect(counts.filter(([, ours, theirs]) => ours !== theirs)).toEqual([]);
  });

  it("reports promtool's duplicate rules as warnings", () => {
    for (const v of verdicts.filter((x) => x.exitCode === 0)) {
      const lint = /^lint error (\d+) duplicate rule/.exec(v.firstError);
      const ours = results.get(v.file)!.diagnostics.filter((d) => d.code === "rulefile/duplicate-rule").length;
      expect([v.file, ours]).toEqual([v.file, lint ? Number(lint[1]) : 0]);
    }
  });

  it("puts the first error on promtool's line, where promtool gives one", () => {
    const compared = verdicts
      .filter((v) => v.exitCode !== 0 && v.format === "plain" && !(v.file in FIRST_LINE_DIFFERS))
      .filter((v) => !(checkExpr === undefined && v.file in NEEDS_PROMQL))
      .flatMap((v) => {
        const m = /^\S+: (\d+):\d+: /.exec(v.firstError);
        const line = m ? Number(m[1]) : 0;
        if (line === 0) return []; // promtool gave no position, or 0:0 for a missing field
        const first = results.get(v.file)!.diagnostics.find((d) => d.severity === "error");
        return [[v.file, first?.line, line]];
      });
    expect(compared.length).toBeGreaterThan(0);
    expect(compared.filter(([, ours, theirs]) => ours !== theirs)).toEqual([]);
  });
});
