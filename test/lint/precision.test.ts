/**
 * The precision of `obsgen lint`'s default output on other people's rule files, held by judged
 * samples (test/lint/precision/): findings drawn at random with a fixed seed from the default
 * output on ../shared/corpus/rules, one lint run per project as a team would make it
 * (scripts/lint-precision-sample.mjs), every rule id of the output in the sample, each judged by
 * hand with the reason:
 *
 * - `true`: the finding is right and worth acting on;
 * - `false`: the finding is wrong;
 * - `noise`: right, but not worth a user's attention by default (a house preference, a deliberate
 *   pattern).
 *
 * `sample.json` is drawn from the default output as shipped: at least 95% of it is judged true.
 * `development-sample.json` was drawn from an earlier default output and directed the fixes after
 * it. Re-linting the sampled projects now, in both, every finding judged true is still reported
 * (under `now`'s rule id when it moved to another rule) unless it is marked `retired` (given up on
 * purpose, with why), and every finding judged false or noise is gone.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runInProcess } from "../helpers/cli.js";

const CORPUS = join(ROOT, "..", "shared", "corpus", "rules");
const DIR = join(ROOT, "test", "lint", "precision");

interface Judged {
  readonly unit: string;
  readonly file: string;
  readonly line: number | null;
  readonly ruleId: string;
  readonly message: string;
  readonly verdict: "true" | "false" | "noise";
  readonly reason: string;
  /** The rule id that reports the same finding now, when it moved. */
  readonly now?: string;
  /** Why a finding judged true is no longer reported, when it was given up on purpose. */
  readonly retired?: string;
}

interface Sample {
  readonly drawnAt: string;
  readonly seed: number;
  readonly population: number;
  readonly byRule: Readonly<Record<string, number>>;
  readonly sample: readonly Judged[];
}

const load = (name: string): Sample => JSON.parse(readFileSync(join(DIR, name), "utf8")) as Sample;
const SAMPLES = { "sample.json": load("sample.json"), "development-sample.json": load("development-sample.json") };
const key = (f: { file: string; line: number | null; ruleId: string }) => `${f.file}:${f.line ?? "-"} ${f.ruleId}`;
const share = (n: number, of: number) => `${n}/${of} (${((100 * n) / of).toFixed(1)}%)`;

describe.each(Object.entries(SAMPLES))("the judged sample %s", (_name, s) => {
  it("has at least 150 findings, every one judged with a reason, every rule id of its population in it", () => {
    expect(s.sample.length).toBeGreaterThanOrEqual(150);
    for (const f of s.sample) {
      expect(["true", "false", "noise"], key(f)).toContain(f.verdict);
      expect(f.reason.trim(), key(f)).not.toBe("");
      if (f.retired !== undefined) expect(f.verdict, key(f)).toBe("true");
    }
    expect(new Set(s.sample.map((f) => f.ruleId))).toEqual(new Set(Object.keys(s.byRule)));
  });
});

describe("precision", () => {
  it("is at least 95% on the sample of the default output as shipped", () => {
    const s = SAMPLES["sample.json"];
    const right = s.sample.filter((f) => f.verdict === "true").length;
    const dev = SAMPLES["development-sample.json"];
    const devRight = dev.sample.filter((f) => f.verdict === "true").length;
    console.log(
      `lint precision: ${share(right, s.sample.length)} true (drawn at ${s.drawnAt}); development sample: ${share(devRight, dev.sample.length)} (drawn at ${dev.drawnAt})`,
    );
    expect(right / s.sample.length).toBeGreaterThanOrEqual(0.95);
  });
});

if (!existsSync(CORPUS) && process.env.OBSGEN_REQUIRE_TOOLS === "1") {
  it("needs the rule corpus", () => {
    throw new Error(`rule corpus not found at ${CORPUS}`);
  });
} else if (!existsSync(CORPUS)) console.warn(`[skipped] lint precision re-check: rule corpus not found at ${CORPUS}`);

describe.skipIf(!existsSync(CORPUS))("the sampled projects linted now", () => {
  const all = Object.values(SAMPLES).flatMap((s) => s.sample);
  const units = [...new Set(all.map((f) => f.unit))].sort();
  it(`still report every finding judged true and none judged false or noise (${units.length} projects)`, async () => {
    const found = new Set<string>();
    for (const unit of units) {
      const r = await runInProcess(["lint", join(CORPUS, unit), "--format", "json"]);
      for (const d of JSON.parse(r.stdout).diagnostics as { file: string; line?: number; ruleId: string }[]) {
        found.add(key({ file: relative(CORPUS, resolve(ROOT, d.file)).replaceAll("\\", "/"), line: d.line ?? null, ruleId: d.ruleId }));
      }
    }
    const lost: string[] = [];
    const kept: string[] = [];
    for (const f of all) {
      const now = key({ ...f, ruleId: f.now ?? f.ruleId });
      if (f.verdict === "true" && f.retired === undefined && !found.has(now)) lost.push(`${now}: ${f.message}`);
      if (f.verdict !== "true" && found.has(key(f))) kept.push(`${key(f)} (${f.verdict}: ${f.reason})`);
    }
    expect(lost, "findings judged true that are no longer reported").toEqual([]);
    expect(kept, "findings judged false or noise that are still reported").toEqual([]);
  });
});
