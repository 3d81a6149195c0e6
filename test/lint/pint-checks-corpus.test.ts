/**
 * The pint-class checks on other people's rule files: every finding they make on
 * ../shared/corpus/rules (one lint run per project, as scripts/lint-precision-sample.mjs runs
 * them), judged by hand in test/lint/precision/pint-checks-corpus.json. Re-linting the corpus, each
 * finding judged true is still reported, none judged false or noise is, and no finding of these
 * checks is left unjudged.
 */
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runInProcess } from "../helpers/cli.js";
import { describeWithShared, SHARED } from "../helpers/shared.js";
// @ts-expect-error: a plain .mjs module shared with scripts/lint-precision-sample.mjs, without types
import { corpusUnits } from "./precision/units.mjs";

const CORPUS = join(SHARED, "corpus", "rules");

interface Judged {
  readonly unit: string;
  readonly file: string;
  readonly line: number | null;
  readonly ruleId: string;
  readonly messageId: string;
  readonly message: string;
  readonly verdict: "true" | "false" | "noise";
  readonly reason: string;
}

const FIXTURE = JSON.parse(readFileSync(join(ROOT, "test", "lint", "precision", "pint-checks-corpus.json"), "utf8")) as { findings: Judged[] };

/**
 * The findings of the checks this fixture judges: the new rules, promql/impossible, the absent()
 * findings of alerts/template and promql/bare-counter's gauge-function and threshold messages
 * (its plain raw-read message is older, and is judged with the type knowledge that makes it run).
 */
function tracked(d: { ruleId: string; messageId: string; message: string }): boolean {
  if (["alerts/absent", "promql/impossible", "promql/rate-over-aggregation", "cardinality/identifier-grouping"].includes(d.ruleId)) return true;
  if (d.ruleId === "promql/bare-counter") return d.messageId === "gaugeFunction" || d.messageId === "compared";
  return d.ruleId === "alerts/template" && d.message.includes("(absent() returns only");
}

const key = (f: { file: string; line: number | null; ruleId: string; message: string }) => `${f.file}:${f.line ?? "-"} ${f.ruleId} ${f.message}`;

describe("the pint-class checks' judged corpus findings", () => {
  it("are each judged with a reason", () => {
    expect(FIXTURE.findings.length).toBeGreaterThan(0);
    for (const f of FIXTURE.findings) {
      expect(["true", "false", "noise"], key(f)).toContain(f.verdict);
      expect(f.reason.trim(), key(f)).not.toBe("");
      expect(tracked(f), key(f)).toBe(true);
    }
  });
});

describeWithShared("corpus/rules", "the rule corpus", "the pint-class checks on the corpus linted now", () => {
  it("reports every finding judged true, none judged false or noise, and none unjudged", async () => {
    const found: string[] = [];
    for (const unit of corpusUnits(CORPUS) as { name: string; path: string }[]) {
      const r = await runInProcess(["lint", unit.path, "--format", "json"]);
      for (const d of JSON.parse(r.stdout).diagnostics as { file: string; line?: number; ruleId: string; messageId: string; message: string }[]) {
        const f = { file: relative(CORPUS, resolve(ROOT, d.file)).replaceAll("\\", "/"), line: d.line ?? null, ruleId: d.ruleId, message: d.message };
        if (tracked(d)) found.push(key(f));
      }
    }
    const judged = new Map(FIXTURE.findings.map((f) => [key(f), f]));
    const foundSet = new Set(found);
    expect(FIXTURE.findings.filter((f) => f.verdict === "true" && !foundSet.has(key(f))).map(key), "findings judged true that are no longer reported").toEqual(
      [],
    );
    expect(
      FIXTURE.findings.filter((f) => f.verdict !== "true" && foundSet.has(key(f))).map(key),
      "findings judged false or noise that are still reported",
    ).toEqual([]);
    expect(
      found.filter((k) => !judged.has(k)),
      "findings of these checks not judged in pint-checks-corpus.json",
    ).toEqual([]);
  });
});
