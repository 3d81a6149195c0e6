/**
 * A parsed rule file (src/rulefile) as catalog `ruleGroups` declarations, field for field: the
 * data the TypeScript writer of `obsgen import` will print, and what the corpus round trip builds.
 */
import type { AlertRuleDef, RecordRuleDef, RuleGroupDef } from "../model/authoring.js";
import type { LabelEntry, RuleFile } from "../rulefile/index.js";

/** What a rule file holds that kept groups cannot say, by group (1-based, file order). */
export interface KeptGroupGap {
  readonly group: string;
  readonly reason: "group-labels" | "unknown-rule";
}

export interface KeptGroupsOf {
  readonly ruleGroups: RuleGroupDef[];
  readonly gaps: KeptGroupGap[];
}

function record(entries: readonly LabelEntry[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => [e.name.value, e.value.value]));
}

/**
 * The groups of `file` as `ruleGroups`, each in the file `fileStem` (a PrometheusRule's
 * documents: `<fileStem>-<document>`, as each object is its own rule file to the operator).
 */
export function keptRuleGroupsOf(file: RuleFile, fileStem: string): KeptGroupsOf {
  const gaps: KeptGroupGap[] = [];
  const multiDoc = new Set(file.groups.map((g) => g.document)).size > 1;
  const ruleGroups = file.groups.map((g): RuleGroupDef => {
    if (g.labels.length > 0) gaps.push({ group: g.name, reason: "group-labels" });
    const rules = g.rules.flatMap((r): (AlertRuleDef | RecordRuleDef)[] => {
      const expr = r.expr?.value ?? "";
      if (r.kind === "alerting")
        return [
          {
            alert: r.alert!.value,
            expr,
            ...(r.for ? { for: r.for.text } : {}),
            ...(r.keepFiringFor ? { keepFiringFor: r.keepFiringFor.text } : {}),
            ...(r.labels.length > 0 ? { labels: record(r.labels) } : {}),
            ...(r.annotations.length > 0 ? { annotations: record(r.annotations) } : {}),
          },
        ];
      if (r.kind === "recording") return [{ record: r.record!.value, expr, ...(r.labels.length > 0 ? { labels: record(r.labels) } : {}) }];
      gaps.push({ group: g.name, reason: "unknown-rule" });
      return [];
    });
    return {
      name: g.name,
      file: multiDoc ? `${fileStem}-${g.document}` : fileStem,
      ...(g.interval ? { interval: g.interval.text } : {}),
      ...(g.limit ? { limit: g.limit.value } : {}),
      ...(g.queryOffset ? { queryOffset: g.queryOffset.text } : {}),
      rules,
    };
  });
  return { ruleGroups, gaps };
}
