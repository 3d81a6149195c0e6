/**
 * Typing metrics by their name's convention (`obsgen lint --infer-types`, src/metrics/infer.ts) on
 * the public rule corpus: every finding it adds is judged in test/lint/precision/inference-corpus.json.
 * Exporters name gauges `_total` (a capacity, a current count), so most of them are wrong, and the
 * inference stays off by default: the default output has none of them.
 */
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runInProcess } from "../helpers/cli.js";
import { describeWithShared, SHARED } from "../helpers/shared.js";

const CORPUS = join(SHARED, "corpus", "rules");

interface Judged {
  readonly unit: string;
  readonly file: string;
  readonly line: number;
  readonly ruleId: string;
  readonly message: string;
  readonly verdict: "true" | "false" | "noise";
  readonly reason: string;
}

const JUDGED = (JSON.parse(readFileSync(join(ROOT, "test", "lint", "precision", "inference-corpus.json"), "utf8")) as { findings: Judged[] }).findings;
const key = (f: { file: string; line: number | null; ruleId: string; message: string }) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`;

/** Every finding of a project's lint run, as keys (one per finding: a line can hold two alike). */
async function findings(unit: string, args: string[]): Promise<string[]> {
  const r = await runInProcess(["lint", join(CORPUS, unit), "--format", "json", ...args]);
  const ds = JSON.parse(r.stdout).diagnostics as { file: string; line: number | null; ruleId: string; message: string }[];
  return ds.map((d) => key({ ...d, file: relative(CORPUS, resolve(ROOT, d.file)).replaceAll("\\", "/") }));
}

describe("the judged findings of name inference", () => {
  it("are each judged with a reason: 6 true, 10 noise, 30 false of 46", () => {
    expect(JUDGED.length).toBe(46);
    for (const f of JUDGED) expect(f.reason.trim(), key(f)).not.toBe("");
    const count = (v: string) => JUDGED.filter((f) => f.verdict === v).length;
    expect([count("true"), count("noise"), count("false")]).toEqual([6, 10, 30]);
  });
});

describeWithShared("corpus/rules", "the rule corpus", "name inference on the corpus", () => {
  const units = [...new Set(JUDGED.map((f) => f.unit))].sort();

  it(`adds exactly the judged findings with --infer-types, and none by default (${units.length} projects)`, async () => {
    const added: string[] = [];
    const leaked: string[] = [];
    for (const unit of units) {
      const plain = await findings(unit, []);
      const rest = [...plain];
      for (const k of await findings(unit, ["--infer-types"])) {
        const at = rest.indexOf(k);
        if (at >= 0) rest.splice(at, 1);
        else added.push(k);
      }
      for (const f of JUDGED.filter((x) => x.unit === unit)) if (plain.includes(key(f))) leaked.push(key(f));
    }
    expect(leaked, "judged findings in the default output").toEqual([]);
    expect(added.sort()).toEqual(JUDGED.map(key).sort());
  });
});
