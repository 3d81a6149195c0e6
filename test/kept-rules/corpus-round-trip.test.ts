/**
 * Round trip of the rule corpus through kept rule groups: every file promtool 2.42 accepts
 * (promtool-verdicts.tsv) is read (src/rulefile), declared as `ruleGroups`
 * (src/import/kept-rule-groups.ts), built, and the emitted rule file is compared with the input
 * as data: groups, names, intervals, limits, rules in order, labels and annotations in order,
 * expression text. A file that does not round-trip must do so for a reason listed here.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, it } from "vitest";
import { emitPrometheusRules } from "../../src/emit/prometheus-rules.js";
import { keptRuleGroupsOf } from "../../src/import/kept-rule-groups.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { loadRuleFile, type RuleGroup } from "../../src/rulefile/index.js";
import { baseCatalog } from "../helpers/catalogs.js";
import { tempDir } from "../helpers/cli.js";
import { acceptedCorpusFiles, CORPUS, ruleGroupData } from "../helpers/corpus.js";
import { describeWithShared } from "../helpers/shared.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

const asData = (g: RuleGroup) => ruleGroupData(g, { expr: true, groupLabels: true });

interface Outcome {
  readonly file: string;
  /** Rules in the input file. */
  readonly rules: number;
  readonly exact: boolean;
  /** Why not, when not: a gap of kept groups, or the codes of the catalog errors. */
  readonly reason?: string;
  readonly emitted: readonly { path: string; contents: string }[];
}

function roundTrip(file: string): Outcome {
  const loaded = loadRuleFile(file, readFileSync(join(CORPUS, file), "utf8"));
  const rules = loaded.value.groups.reduce((n, g) => n + g.rules.length, 0);
  const { ruleGroups, gaps } = keptRuleGroupsOf(loaded.value, "input");
  if (gaps.length > 0) return { file, rules, exact: false, reason: `cannot say: ${[...new Set(gaps.map((g) => g.reason))].join(", ")}`, emitted: [] };
  const r = resolveCatalog({ ...baseCatalog(), prometheus: { port: 9090, version: "3" }, ruleGroups });
  if (!r.value) {
    const codes = [...new Set(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))].join(", ");
    return { file, rules, exact: false, reason: `refused: ${codes}`, emitted: [] };
  }
  const emitted = emitPrometheusRules(r.value).filter((f) => /^prometheus\/rules\/input(-\d+)?\.yml$/.test(f.path));
  const back = emitted.flatMap((f) => loadRuleFile(f.path, f.contents).value.groups);
  const exact = JSON.stringify(back.map(asData)) === JSON.stringify(loaded.value.groups.map(asData));
  return { file, rules, exact, ...(exact ? {} : { reason: "emitted data differs" }), emitted };
}

describeWithShared("corpus/rules/promtool-verdicts.tsv", "the rule corpus", "the rule corpus round-trips through kept rule groups", () => {
  const accepted = acceptedCorpusFiles();
  const outcomes = accepted.map(roundTrip);

  it("round-trips every file promtool accepts, or says why not for a reason it expects", () => {
    const notExact = outcomes.filter((o) => !o.exact);
    const byReason = new Map<string, string[]>();
    for (const o of notExact) byReason.set(o.reason!, [...(byReason.get(o.reason!) ?? []), o.file]);
    // The figure the round trip is judged by, printed for the record.
    console.log(
      `kept rule groups: ${outcomes.length - notExact.length}/${outcomes.length} accepted corpus files ` +
        `(${outcomes.reduce((n, o) => n + (o.exact ? o.rules : 0), 0)} rules) round-trip exactly` +
        [...byReason].map(([reason, files]) => `\n  ${files.length} ${reason}: ${files.join(", ")}`).join(""),
    );
    expect(accepted.length).toBeGreaterThan(200);
    // The comparison covers real rules, not empty files.
    expect(outcomes.reduce((n, o) => n + o.rules, 0)).toBeGreaterThan(1000);
    // Prometheus 3's group labels are the one thing kept groups do not say; nothing else may fail.
    expect([...byReason.keys()].filter((r) => r !== "cannot say: group-labels")).toEqual([]);
  });

  describeWithTool("promtool", "promtool loads what the round trip writes", () => {
    it("promtool check rules passes on every emitted file", async () => {
      const dir = tempDir();
      const paths = outcomes.flatMap((o, i) =>
        o.emitted.map((f) => {
          const p = join(dir, String(i), f.path);
          mkdirSync(dirname(p), { recursive: true });
          writeFileSync(p, f.contents);
          return p;
        }),
      );
      expect(paths.length).toBeGreaterThan(200);
      const r = await run("promtool", ["check", "rules", ...paths]);
      expect(
        r.status,
        (r.stdout + r.stderr)
          .split("\n")
          .filter((l) => /FAILED|error/i.test(l))
          .slice(0, 20)
          .join("\n"),
      ).toBe(0);
    });
  });
});
