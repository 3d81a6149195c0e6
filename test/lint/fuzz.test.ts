/**
 * Reliability: `obsgen lint` on thousands of seeded mutants of the real-world rule corpus
 * (../shared/corpus/rules) never throws, keeps its output proportional to its input, and holds
 * memory; with promtool installed, a sample of mutants gets promtool's verdict. The mutations
 * (test/helpers/lint-fuzz.ts) delete, repeat, swap and re-indent lines, insert tabs, control
 * characters, line breaks, quotes and YAML indicators, unbalance or deepen brackets in expressions
 * and templates, nest YAML deeply, add aliases and aliases of aliases, truncate, and flip bytes.
 *
 * One mutant in five is also linted against the shipped catalog, for the catalog-aware rules. Mutants
 * run in process (a hang would be a loop in obsgen; the test's time-out is only a backstop).
 * `node bench/fuzz.mjs` runs a larger number and prints the figures.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { promqlDialect } from "../../src/compat/prometheus.js";
import { analyze } from "../../src/promql/check.js";
import { loadRuleFile } from "../../src/rulefile/index.js";
import { ROOT } from "../helpers/cli.js";
import { corpusFiles, lintBytesAgainst, mutate, random, shippedCatalog } from "../helpers/lint-fuzz.js";
import { promtoolVerdicts } from "../helpers/promtool-verdicts.js";
import { run } from "../helpers/spawn.js";
import { hasTool, toolsRequired } from "../helpers/tools.js";

const CORPUS = join(ROOT, "..", "shared", "corpus", "rules");
/** Mutants of the committed run: 13 s on this 2-core machine, 29 s with both cores busy elsewhere. */
const MUTANTS = 3000;
/** One mutant in this many is also linted against the shipped catalog (`--catalog`). */
const WITH_CATALOG_EVERY = 5;
/** Files up to this size are mutated (all but a dozen of the corpus; the largest is 1.1 MB). */
const MAX_FILE_BYTES = 20_000;

const corpusPresent = existsSync(join(CORPUS, "promtool-verdicts.tsv"));
if (!corpusPresent && toolsRequired) {
  it("needs the rule corpus", () => {
    throw new Error(`rule corpus not found at ${CORPUS}`);
  });
} else if (!corpusPresent) console.warn(`[skipped] lint fuzzing: rule corpus ${CORPUS} not found`);

/** A full collection, for measuring what stays allocated. */
function collect(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe.skipIf(!corpusPresent)("obsgen lint on mutants of the rule corpus", () => {
  it(`lints ${MUTANTS} mutants without an exception, with output proportional to input and bounded memory`, async () => {
    const catalog = await shippedCatalog();
    const files = corpusFiles(CORPUS, MAX_FILE_BYTES);
    expect(files.length).toBeGreaterThan(200);
    const rnd = random(20_260_101);
    collect();
    const heapBefore = process.memoryUsage().heapUsed;
    const failures: string[] = [];
    let inputBytes = 0;
    let findings = 0;
    let withErrors = 0;
    let largestOutputRatio = 0;
    for (let i = 0; i < MUTANTS; i++) {
      const { path, bytes: original } = files[Math.floor(rnd() * files.length)]!;
      const bytes = mutate(original, rnd);
      inputBytes += bytes.length;
      try {
        const against = i % WITH_CATALOG_EVERY === 0 ? [null, catalog] : [null];
        for (const [k, outcome] of lintBytesAgainst(path, bytes, against).entries()) {
          findings += outcome.findings;
          if (outcome.errors && against[k] === null) withErrors++;
          largestOutputRatio = Math.max(largestOutputRatio, outcome.output / (bytes.length + 1000));
        }
      } catch (e) {
        failures.push(`mutant ${i} of ${path}: ${(e as Error).stack?.split("\n").slice(0, 4).join(" | ")}`);
      }
    }
    collect();
    const retained = process.memoryUsage().heapUsed - heapBefore;
    console.log(
      `fuzz: ${MUTANTS} mutants, ${(inputBytes / 1e6).toFixed(1)} MB, ${withErrors} with errors, ${findings} findings, ` +
        `largest output ${largestOutputRatio.toFixed(1)}x its input, ${(retained / 1e6).toFixed(1)} MB retained, ` +
        `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
    // Every mutant is linted to findings; most are broken somewhere.
    expect(withErrors).toBeGreaterThan(MUTANTS / 4);
    // Output grows with input, not with input squared (a finding repeating a huge expression did).
    expect(largestOutputRatio).toBeLessThan(200);
    // Nothing accumulates across files (caches are bounded), and the process stays small.
    expect(retained).toBeLessThan(64 * 1024 * 1024);
    expect(process.resourceUsage().maxRSS).toBeLessThan(1536 * 1024);
  });
});

const promtoolDescribe = corpusPresent && (hasTool("promtool") || toolsRequired) ? describe : describe.skip;
if (corpusPresent && !hasTool("promtool") && !toolsRequired) console.warn("[skipped] lint fuzzing against promtool: promtool not found");

promtoolDescribe("obsgen lint --prometheus 2.42 on mutants of the rule corpus, against promtool 2.42", () => {
  it("never accepts a mutant promtool refuses, and agrees on nearly all", async () => {
    if (!hasTool("promtool")) throw new Error("promtool not found (OBSGEN_REQUIRE_TOOLS=1 turns this skip into a failure)");
    // Plain rule files only: promtool cannot read PrometheusRule objects, which obsgen judges on their spec.
    const files = corpusFiles(CORPUS, MAX_FILE_BYTES).filter(({ bytes }) => !new TextDecoder().decode(bytes).includes("kind: PrometheusRule"));
    const rnd = random(7);
    const dir = mkdtempSync(join(tmpdir(), "obsgen-fuzz-"));
    const mutants: { path: string; file: string; bytes: Uint8Array; i: number }[] = [];
    for (let i = 0; mutants.length < 300; i++) {
      const { path, bytes: original } = files[Math.floor(rnd() * files.length)]!;
      const bytes = mutate(original, rnd);
      const text = new TextDecoder().decode(bytes);
      // Known difference: yaml.v3 keeps LS and PS in plain and block scalars' text, obsgen reads them as LF.
      if (/[\u2028\u2029]/.test(text)) continue;
      const file = join(dir, `mutant-${i}.yml`);
      writeFileSync(file, bytes);
      mutants.push({ path, file, bytes, i });
    }
    const verdicts = await promtoolVerdicts(mutants.map((m) => m.file));
    const weAccept: string[] = [];
    const weRefuse: string[] = [];
    for (const { path, file, bytes, i } of mutants) {
      // promtool's checks: the rule file and PromQL syntax (not obsgen's own lint rules).
      const ours = loadRuleFile(file, bytes, { checkExpr: (e, v) => analyze(e, promqlDialect(v)).errors, prometheus: ["2.42"] }).diagnostics.filter(
        (d) => d.severity === "error",
      );
      const accepted = verdicts.get(file)!;
      if (accepted && ours.length > 0) weRefuse.push(`${path} (mutant ${i}): ${ours[0]!.message}`);
      if (!accepted && ours.length === 0) {
        const alone = await run("promtool", ["check", "rules", file]);
        weAccept.push(`${path} (mutant ${i}): ${`${alone.stdout}${alone.stderr}`.trim().split("\n").pop()}`);
      }
    }
    const compared = mutants.length;
    const agree = compared - weAccept.length - weRefuse.length;
    console.log(
      `fuzz against promtool: ${agree}/${compared} verdicts agree${weRefuse.length ? `; obsgen refuses what promtool accepts:\n  ${weRefuse.join("\n  ")}` : ""}`,
    );
    expect(weAccept).toEqual([]);
    expect(agree).toBeGreaterThanOrEqual(compared * 0.95);
  });
});
