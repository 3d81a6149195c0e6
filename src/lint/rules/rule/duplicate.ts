/**
 * rule/duplicate: the same rule twice in one file (a copy: same name, labels and expression), and
 * recording rules in different groups of one file that write one name and labels from different
 * expressions.
 *
 * promtool's duplicate-rules lint (`rulefile/duplicate-rule`, a convention: opt-in) compares rules
 * of one file by name and labels only, which also flags alerts that share a name on purpose (one
 * alert, several conditions); this rule reports what is certain, a copy, by default. A conflict (two
 * expressions writing one series: groups evaluate at different moments, so the series interleaves
 * samples of both) is opt-in: partitioned rules (`code=~"2.."`, `code=~"3.."`) write disjoint
 * series under one name, and obsgen cannot tell. Pairs in different files are left alone: only the
 * groups of one file are certainly loaded by one Prometheus (`loaded-together.ts`); two projects'
 * copies of one mixin, or exporters' example files side by side, are never loaded together.
 */
import type { PromqlDialect } from "../../../compat/prometheus.js";
import { parsePromql } from "../../../promql/parse.js";
import { lintTarget, targetDialects } from "../../prometheus-target.js";
import type { LintGroupNode, LintRuleNode } from "../../types.js";
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
function canonical(expr: string, dialect: PromqlDialect): string {
  const { ast, errors } = parsePromql(expr, dialect);
  if (!ast || errors.length > 0) return `text:${expr.trim()}`;
  return JSON.stringify(ast, function (this: { type?: string }, key, value: unknown) {
    if (POSITION_KEYS.has(key)) return undefined;
    // An aggregation's `param` and `expr` are also its `args`: serialising both doubled the text at
    // every level (`sum(sum(sum(…)))` fifty deep never finished).
    if ((key === "param" || key === "expr") && this.type === "AggregateExpr") return undefined;
    if (UNORDERED_KEYS.has(key) && Array.isArray(value)) {
      return [...(value as { name?: string }[])].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    }
    // Non-finite numbers (`Inf`, `NaN`) would all serialise as null.
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    return value;
  });
}

/**
 * Rules are compared only with rules of groups loaded together with theirs: the groups of one file
 * (`loadedTogether`), so the file is part of the key.
 */
const fileKey = (group: LintGroupNode): string => group.file;

const labelKey = (labels: Readonly<Record<string, string>>): string => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export default defineRule({
  meta: {
    id: "rule/duplicate",
    severity: "warning",
    impact: "risk",
    // Two recording rules of one name and labels with different expressions often write disjoint
    // series on purpose (one per class of `code`, say); obsgen cannot tell, so it is opt-in.
    messageImpacts: { conflict: "convention" },
    description: "A rule is not repeated in its file, and no two recording rules in different groups of a file write one name and labels.",
    messages: {
      duplicate: "{{kind}} {{name}} repeats rule {{index}} of group {{group}} in this file (same labels, same expression): Prometheus evaluates both; keep one",
      conflict:
        "recording rule {{name}} writes the same name and labels as rule {{index}} of group {{group}} in this file, from a different expression: unless the two write disjoint series, the series mixes the results of both; rename one or tell them apart with a label",
    },
  },
  all({ input, report }) {
    // Per name and labels: the first rule and the first of another group than the first's, and
    // (once the name and labels repeat) the same per expression. Expressions are parsed only for
    // rules whose name and labels repeat; lookups stay constant-time (a list of earlier rules made
    // 50,000 copies of one rule take a minute).
    const seen = new Map<string, FirstTwo & { byExpr?: Map<string, FirstTwo> }>();
    const canon = new Map<LintRuleNode, string>();
    const dialect = targetDialects(lintTarget(input))[0]!;
    const exprOf = (r: LintRuleNode): string => {
      let c = canon.get(r);
      if (c === undefined) canon.set(r, (c = canonical(r.expr, dialect)));
      return c;
    };
    for (const group of input.groups) {
      if (group.kind === "dashboard") continue;
      for (const rule of group.rules) {
        // Keyed by file too: rules of different files are not compared (see loaded-together.ts).
        const key = JSON.stringify([fileKey(group), rule.kind, rule.name, labelKey(rule.labels)]);
        const earlier = seen.get(key);
        if (earlier === undefined) {
          seen.set(key, { first: rule });
          continue;
        }
        const other = firstInAnotherGroup(earlier, group);
        add(earlier, rule);
        if (earlier.byExpr === undefined) {
          earlier.byExpr = new Map();
          indexByExpr(earlier.byExpr, exprOf(earlier.first), earlier.first);
        }
        const same = earlier.byExpr.get(exprOf(rule));
        indexByExpr(earlier.byExpr, exprOf(rule), rule);
        const first = same?.first ?? (rule.kind === "record" ? other : undefined);
        if (!first) continue;
        report(rule, {
          messageId: same ? "duplicate" : "conflict",
          data: {
            kind: rule.kind === "alert" ? "alert" : "recording rule",
            name: rule.name,
            index: first.index,
            group: first.group.name,
          },
        });
      }
    }
  },
});

/** The first of some rules, and the first of them in another group than the first's. */
interface FirstTwo {
  readonly first: LintRuleNode;
  second?: LintRuleNode;
}

function indexByExpr(byExpr: Map<string, FirstTwo>, expr: string, rule: LintRuleNode): void {
  const rules = byExpr.get(expr);
  if (rules === undefined) byExpr.set(expr, { first: rule });
  else add(rules, rule);
}

function add(rules: FirstTwo, rule: LintRuleNode): void {
  if (rules.second === undefined && rule.group !== rules.first.group) rules.second = rule;
}

/** The first of the rules outside `group`. */
function firstInAnotherGroup(rules: FirstTwo, group: LintRuleNode["group"]): LintRuleNode | undefined {
  return rules.first.group !== group ? rules.first : rules.second;
}
