/**
 * rule/duplicate: the same rule twice across groups or files, and recording rules in different
 * groups that write the same series from different expressions.
 *
 * promtool's duplicate-rules lint (`rulefile/duplicate-rule`) compares rules inside one file by
 * name and labels only; this rule looks across every group of the input, and tells a harmless
 * copy (same expression) from a conflict (two expressions writing one series: groups evaluate at
 * different moments, so the series interleaves samples of both, and where timestamps collide
 * Prometheus drops one and logs it).
 * Pairs inside one group are left to promtool.
 */
import { parsePromql } from "../../../promql/parse.js";
import type { LintRuleNode } from "../../types.js";
import { defineRule } from "../../types.js";

/** Keys of syntax-tree nodes that locate rather than mean: dropped when comparing expressions. */
const POSITION_KEYS: ReadonlySet<string> = new Set(["from", "to", "nameSpan", "valueSpan", "opSpan", "rangeSpan", "stepSpan", "func"]);

/** Matchers (`{a="1", b="2"}`) and label lists (`by (a, b)`, `on (a, b)`) mean the same in any order. */
const UNORDERED_KEYS: ReadonlySet<string> = new Set(["matchers", "labels"]);

const sortKey = (x: { name?: string; op?: string; value?: string }): string => `${x.name ?? ""}\u0000${x.op ?? ""}\u0000${x.value ?? ""}`;

/**
 * An expression's meaning as a string: its syntax tree without positions, so spacing, quoting,
 * keyword case, number or duration spelling (`5m` / `300s`) and the order of matchers and label
 * lists do not tell two copies apart. Falls back to the trimmed text when it does not parse.
 */
function canonical(expr: string): string {
  const { ast, errors } = parsePromql(expr);
  if (!ast || errors.length > 0) return `text:${expr.trim()}`;
  return JSON.stringify(ast, (key, value: unknown) => {
    if (POSITION_KEYS.has(key)) return undefined;
    if (UNORDERED_KEYS.has(key) && Array.isArray(value)) {
      return [...(value as { name?: string }[])].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    }
    // Non-finite numbers (`Inf`, `NaN`) would all serialise as null.
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    return value;
  });
}

const labelKey = (labels: Readonly<Record<string, string>>): string => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export default defineRule({
  meta: {
    id: "rule/duplicate",
    severity: "warning",
    description: "A rule is not repeated in another group or file, and no two recording rules write one series.",
    messages: {
      duplicate:
        "{{kind}} {{name}} repeats rule {{index}} of group {{group}} in {{file}} (same labels, same expression): Prometheus evaluates both; keep one",
      conflict:
        "recording rule {{name}} writes the same series as rule {{index}} of group {{group}} in {{file}}, from a different expression: the series mixes the results of both; rename one or tell them apart with a label",
    },
  },
  all({ input, report }) {
    const canon = new Map<LintRuleNode, string>();
    const exprOf = (r: LintRuleNode): string => {
      let c = canon.get(r);
      if (c === undefined) canon.set(r, (c = canonical(r.expr)));
      return c;
    };
    const seen = new Map<string, LintRuleNode[]>();
    for (const group of input.groups) {
      if (group.kind === "dashboard") continue;
      for (const rule of group.rules) {
        const key = JSON.stringify([rule.kind, rule.name, labelKey(rule.labels)]);
        const earlier = seen.get(key) ?? [];
        seen.set(key, [...earlier, rule]);
        // Across groups of one file promtool's lint (`rulefile/duplicate-rule`) reports the pair
        // too, by name and labels only; this finding adds whether it is a copy or a conflict.
        const others = earlier.filter((e) => e.group !== group);
        if (others.length === 0) continue;
        const same = others.find((e) => exprOf(e) === exprOf(rule));
        const first = same ?? (rule.kind === "record" ? others[0] : undefined);
        if (!first) continue;
        report(rule, {
          messageId: same ? "duplicate" : "conflict",
          data: {
            kind: rule.kind === "alert" ? "alert" : "recording rule",
            name: rule.name,
            index: first.index,
            group: first.group.name,
            file: first.group.file,
          },
        });
      }
    }
  },
});
