/**
 * The rule corpus (../shared/corpus/rules) as the corpus tests read it: the files promtool 2.42
 * accepts, and a rule group as plain data to compare what a build emits with its input.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RuleGroup } from "../../src/rulefile/index.js";
import { SHARED } from "./shared.js";

export const CORPUS = join(SHARED, "corpus", "rules");

/** The corpus files promtool 2.42 accepts (promtool-verdicts.tsv, exit code 0), relative to {@link CORPUS}. */
export function acceptedCorpusFiles(): string[] {
  return readFileSync(join(CORPUS, "promtool-verdicts.tsv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"))
    .filter((cols) => cols[1] === "0")
    .map((cols) => cols[0]!);
}

/**
 * A group as data: what a rule file says, without where it says it. `expr: false` leaves the
 * expressions out, for callers that compare them after normalising.
 */
export function ruleGroupData(g: RuleGroup, opts: { expr: boolean; groupLabels: boolean }) {
  return {
    name: g.name,
    interval: g.interval?.text ?? null,
    limit: g.limit?.value ?? null,
    queryOffset: g.queryOffset?.text ?? null,
    ...(opts.groupLabels ? { labels: g.labels.map((l) => [l.name.value, l.value.value]) } : {}),
    rules: g.rules.map((r) => ({
      kind: r.kind,
      name: r.name,
      ...(opts.expr ? { expr: r.expr?.value ?? null } : {}),
      for: r.for?.text ?? null,
      keepFiringFor: r.keepFiringFor?.text ?? null,
      labels: r.labels.map((l) => [l.name.value, l.value.value]),
      annotations: r.annotations.map((l) => [l.name.value, l.value.value]),
    })),
  };
}
