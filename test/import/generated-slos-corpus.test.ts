/**
 * The public rule corpus (../shared/corpus/rules) holds no Sloth- or Pyrra-generated groups, but
 * it holds near misses: the Kubernetes mixin records `apiserver_request:burnrate<w>` series, in
 * Pyrra's naming, for burn-rate alerts of its own. Reading every file must take none of its groups
 * for generated ones, and say nothing about them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { slosFromGeneratedRules } from "../../src/import/generated-slos.js";
import { loadRuleFile } from "../../src/rulefile/index.js";
import { describeWithShared, SHARED } from "../helpers/shared.js";

const CORPUS = join(SHARED, "corpus", "rules");

describeWithShared("corpus/rules", "the rule corpus", "SLOs from generated rules over the rule corpus", () => {
  it("takes no hand-written group for a generated one, the mixin's burn-rate recordings included", () => {
    const files = readdirSync(CORPUS, { recursive: true })
      .map(String)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    const ruleFiles = files.map((f) => ({ file: f, loaded: loadRuleFile(f, readFileSync(join(CORPUS, f))) }));
    // The near misses are there to be missed.
    const burnrateRecords = ruleFiles.flatMap((f) => f.loaded.value.groups.flatMap((g) => g.rules.filter((r) => /:burnrate/.test(r.record?.value ?? ""))));
    expect(burnrateRecords.length).toBeGreaterThan(0);
    const r = slosFromGeneratedRules(ruleFiles);
    expect(r.slos).toEqual([]);
    expect(r.consumedGroups).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });
});
