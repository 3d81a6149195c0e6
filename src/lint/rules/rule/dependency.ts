/**
 * rule/dependency: rules that read what other recording rules write.
 *
 * - A series named like a recording rule's output (`level:metric:operations`, the `:` reserved
 *   for recording rules) that no recording rule of the input records and the catalog does not
 *   declare never has data: usually a renamed or deleted rule, or a typo.
 * - A recording rule reading a series another group records sees it up to one evaluation
 *   interval late: groups run independently, at their own offsets, while the rules of one group
 *   run in order and each sees what the rules before it just wrote (`rules/manager.go`, `Group.Eval`).
 *   Alerting rules are left alone: a few seconds of lag rarely matters to them.
 */
import { selectorUses } from "../../../promql/walk.js";
import { selectorName, seriesInfo } from "../../promql-facts.js";
import type { LintGroupNode, LintInput } from "../../types.js";
import { defineRule } from "../../types.js";

/**
 * The recording rule naming convention, `level:metric:operations`: a colon after a non-empty
 * level. Exporters that break the rule "colons are reserved for recording rules" tend to put the
 * colon first (TensorFlow Serving's `:tensorflow:serving:request_count`), so those are left alone.
 */
const RECORDED_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_:]/;

interface Producers {
  /** Groups that record each series name, in input order (a set: rules ask whether theirs is one). */
  readonly groups: ReadonlyMap<string, ReadonlySet<LintGroupNode>>;
  /** Names the catalog's own recording rules write (SLO rules), when linting rule files against it. */
  readonly catalogRecords: ReadonlySet<string>;
}

const cache = new WeakMap<LintInput, Producers>();

function producers(input: LintInput): Producers {
  let p = cache.get(input);
  if (!p) {
    // Sets, in constant time per rule: with lists, many groups recording one name made lint quadratic.
    const groups = new Map<string, Set<LintGroupNode>>();
    for (const g of input.groups) {
      for (const r of g.rules) {
        if (r.kind !== "record") continue;
        const set = groups.get(r.name) ?? new Set<LintGroupNode>();
        set.add(g);
        groups.set(r.name, set);
      }
    }
    p = { groups, catalogRecords: new Set((input.catalog?.recordingRules ?? []).map((r) => r.record)) };
    cache.set(input, p);
  }
  return p;
}

export default defineRule({
  meta: {
    id: "rule/dependency",
    severity: "warning",
    impact: "bug",
    messageImpacts: { otherGroup: "risk" },
    description: "Recorded series that rules read are recorded, and recorded in the reading rule's group.",
    messages: {
      missing:
        "{{name}} is named like a recording rule's output, but no recording rule in the linted files records it and the catalog does not declare it: this selector never returns data",
      otherGroup:
        "{{name}} is recorded in group {{group}} ({{file}}), not in this rule's group {{own}}: groups run independently, so this rule reads a value up to one evaluation interval old; record both in one group, the dependency first",
    },
  },
  rule({ ast, rule, input, report }) {
    if (!ast) return;
    const { groups, catalogRecords } = producers(input);
    const done = new Set<string>();
    for (const use of selectorUses(ast)) {
      const name = selectorName(use.selector);
      if (name === undefined || done.has(name)) continue;
      const span = { from: use.selector.from, to: use.selector.to };
      const recordedIn = groups.get(name);
      if (recordedIn === undefined) {
        if (!RECORDED_NAME.test(name) || catalogRecords.has(name) || seriesInfo(name, input).kind !== "unknown") continue;
        done.add(name);
        report({ messageId: "missing", data: { name }, span });
        continue;
      }
      if (rule.kind !== "record" || recordedIn.has(rule.group)) continue;
      const other = recordedIn.values().next().value!;
      done.add(name);
      report({ messageId: "otherGroup", data: { name, group: other.name, file: other.file, own: rule.group.name }, span });
    }
  },
});
