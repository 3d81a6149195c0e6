/**
 * promql/impossible: queries that group, join or filter on labels that cannot be there.
 *
 * - `sum by (cluster) (sum(x))`: the inner `sum` removed every label, so `cluster` is empty on
 *   every series and groups nothing.
 * - `sum(a) / on (cluster) count(b)`: neither side has `cluster`, so the join key is empty.
 * - `x{job="a"} unless sum(x)`: Prometheus matches `and` / `unless` on the whole label set (less
 *   the metric name), and `{job="a"}` never equals `{}`: `unless` removes nothing, `and` keeps
 *   nothing. The same holds for arithmetic and comparisons without `on` (`x{job="a"} / sum(y)`),
 *   and for any side that cannot have a label the other always has.
 * - `x{job="a"} / y{job="b"}`: both sides pin a matched label to different values.
 *
 * "Cannot be there" is decided by {@link labelBound}, a sound upper bound (labels outside it are
 * certainly absent); where it cannot know (label_replace, group_left/right joins, series the
 * catalog does not declare) it answers "any" and the rule stays silent. "Always there" is
 * decided by {@link presentLabels} below, a sound lower bound read from matchers.
 */
import { type AggregateExpr, type BinaryExpr, type Expr, selectsSeries } from "../../../promql/ast.js";
import { typeOf } from "../../../promql/check.js";
import { compileMatcherRegex } from "../../../promql/regex.js";
import { walk } from "../../../promql/walk.js";
import { absentLabels, labelBound, type LabelBound } from "../../promql-facts.js";
import type { LintInput, Report } from "../../types.js";
import { defineRule } from "../../types.js";

/**
 * Functions whose result series keep every label of their vector or range argument (only the
 * metric name goes). `histogram_quantile` also drops `le`; anything else (label_replace can
 * blank a label, absent and vector invent series) proves nothing.
 */
const KEEPS_LABELS: ReadonlySet<string> = new Set([
  ..."abs ceil floor round exp sqrt ln log2 log10 sgn clamp clamp_min clamp_max deg rad timestamp sort sort_desc".split(" "),
  ..."acos acosh asin asinh atan atanh cos cosh sin sinh tan tanh".split(" "),
  ..."rate irate increase delta idelta deriv predict_linear holt_winters changes resets".split(" "),
  ..."avg_over_time min_over_time max_over_time sum_over_time count_over_time quantile_over_time".split(" "),
  ..."stddev_over_time stdvar_over_time last_over_time present_over_time histogram_quantile".split(" "),
]);

const intersect = (a: ReadonlySet<string>, b: Iterable<string>): Set<string> => new Set([...b].filter((l) => a.has(l)));
const minus = (a: ReadonlySet<string>, b: readonly string[]): Set<string> => new Set([...a].filter((l) => !b.includes(l)));

/**
 * Labels every result series certainly carries with a non-empty value (a lower bound; the metric
 * name is left out, as `and` / `unless` ignore it). Only matchers prove a label: `x{job="a"}` has
 * `job`, `x{job!=""}` too; a label a metric merely declares may still be missing on a series.
 */
export function presentLabels(e: Expr): ReadonlySet<string> {
  switch (e.type) {
    case "NumberLiteral":
    case "StringLiteral":
      return new Set();
    case "VectorSelector": {
      const out = new Set<string>();
      for (const m of e.matchers) {
        if (m.name === "__name__") continue;
        const empty =
          m.op === "="
            ? m.value === ""
            : m.op === "!="
              ? m.value !== ""
              : m.op === "=~"
                ? compileMatcherRegex(m.value).matchesEmpty
                : !compileMatcherRegex(m.value).matchesEmpty;
        if (!empty) out.add(m.name);
      }
      return out;
    }
    case "MatrixSelector":
      return presentLabels(e.vector);
    case "SubqueryExpr":
    case "ParenExpr":
    case "UnaryExpr":
      return presentLabels(e.expr);
    case "FunctionCall": {
      const name = e.name.name;
      // absent(x{job="a"}) returns one series, labelled job="a".
      if (name === "absent" || name === "absent_over_time") return new Set(absentLabels(e.args[0]).keys());
      if (!KEEPS_LABELS.has(name) || !e.func) return new Set();
      const i = e.func.argTypes.findIndex((t) => t === "vector" || t === "matrix");
      const arg = i >= 0 ? e.args[i] : undefined;
      if (!arg) return new Set();
      const inner = presentLabels(arg);
      return name === "histogram_quantile" ? minus(inner, ["le"]) : inner;
    }
    case "AggregateExpr": {
      if (!e.expr) return new Set();
      const inner = presentLabels(e.expr);
      if (selectsSeries(e.op)) return inner;
      const listed = e.grouping?.labels.map((l) => l.name) ?? [];
      const out = e.grouping?.kind === "without" ? minus(inner, listed) : intersect(inner, listed);
      // count_values("v", x) sets `v` to the sample value, never empty.
      if (e.op === "count_values" && e.param?.type === "StringLiteral") out.add(e.param.value);
      return out;
    }
    case "BinaryExpr": {
      if (e.op === "and" || e.op === "unless") return presentLabels(e.lhs);
      if (e.op === "or") return intersect(presentLabels(e.lhs), presentLabels(e.rhs));
      if (e.matching?.group) return new Set();
      if (typeOf(e.lhs) === "scalar") return presentLabels(e.rhs);
      const lhs = presentLabels(e.lhs);
      if (typeOf(e.rhs) === "scalar") return lhs;
      if (e.matching?.kind === "on")
        return intersect(
          lhs,
          e.matching.labels.map((l) => l.name),
        );
      if (e.matching?.kind === "ignoring")
        return minus(
          lhs,
          e.matching.labels.map((l) => l.name),
        );
      return lhs;
    }
  }
}

/** The labels of a bound as shown in messages, without the metric name. */
function shown(bound: ReadonlySet<string>): string {
  const labels = [...bound].filter((l) => l !== "__name__").sort();
  return labels.length === 0 ? "no labels" : `at most ${labels.join(", ")}`;
}

function checkAggregation(e: AggregateExpr, input: LintInput, report: (r: Report) => void): void {
  if (e.grouping?.kind !== "by" || !e.expr) return;
  const bound = labelBound(e.expr, input);
  if (bound === "any") return;
  for (const l of e.grouping.labels) {
    if (bound.has(l.name)) continue;
    report({ messageId: "by", data: { label: l.name, op: e.op, input: shown(bound) }, span: { from: l.from, to: l.to } });
  }
}

function checkJoin(e: BinaryExpr, expr: string, input: LintInput, report: (r: Report) => void): void {
  // `a or on (x) b` adds b's series whose key a lacks; an empty key there is a choice, not a dead end.
  if (e.op === "or" || e.matching?.kind !== "on") return;
  const sides: [string, LabelBound][] = [
    ["left", labelBound(e.lhs, input)],
    ["right", labelBound(e.rhs, input)],
  ];
  for (const l of e.matching.labels) {
    const missing = sides.filter(([, b]) => b !== "any" && !b.has(l.name)).map(([side]) => side);
    const span = { from: l.from, to: l.to };
    if (missing.length === 2) {
      report({ messageId: "onNeither", data: { label: l.name, op: e.op }, span });
    } else if (missing.length === 1) {
      const side = missing[0]!;
      const lacking = side === "left" ? e.lhs : e.rhs;
      report({ messageId: "onOneSide", data: { label: l.name, op: e.op, side, expr: expr.slice(lacking.from, lacking.to) }, span });
    }
  }
}

/**
 * Whether a binary operation matches series of its two sides by their labels: between two vectors,
 * not `or` (which adds what does not match), without `fill` modifiers (which give what does not
 * match a value).
 */
function matchesSides(e: BinaryExpr): boolean {
  return e.op !== "or" && e.fill === undefined && typeOf(e.lhs) === "vector" && typeOf(e.rhs) === "vector";
}

/** What a binary operation that never matches returns, for messages. */
function neverResult(op: string): string {
  return op === "unless" ? "it removes nothing" : "the result is always empty";
}

/**
 * Without `on`, series are matched on all their labels but the metric name and the `ignoring`
 * ones (and `and` / `unless` too): a label one side always has and the other cannot have makes
 * every pair differ. pint's promql/impossible (`canJoin` in internal/parser/source, v0.87.0)
 * reports the same.
 */
function checkSetMatch(e: BinaryExpr, expr: string, input: LintInput, report: (r: Report) => void): void {
  if (!matchesSides(e) || e.matching?.kind === "on") return;
  const ignored = e.matching?.labels.map((l) => l.name) ?? [];
  // Labels that take part in matching: all but the metric name and the ignored ones.
  const matched = (b: LabelBound): ReadonlySet<string> | "any" => (b === "any" ? "any" : minus(b, ["__name__", ...ignored]));
  const pairs: [Expr, Expr, string][] = [
    [e.lhs, e.rhs, "left"],
    [e.rhs, e.lhs, "right"],
  ];
  for (const [labelled, other, side] of pairs) {
    const otherLabels = matched(labelBound(other, input));
    if (otherLabels === "any") continue;
    const present = [...minus(presentLabels(labelled), ignored)].filter((l) => !otherLabels.has(l)).sort();
    if (present.length === 0) continue;
    const data = { bare: expr.slice(other.from, other.to), label: present[0]! };
    if (otherLabels.size === 0 && (e.op === "and" || e.op === "unless")) {
      report({ messageId: e.op === "and" ? "andNever" : "unlessNever", data, span: { from: other.from, to: other.to } });
    } else {
      report({ messageId: "labelOneSide", data: { ...data, op: e.op, side, result: neverResult(e.op) }, span: { from: other.from, to: other.to } });
    }
    return;
  }
}

/**
 * Label values every result series certainly has (a lower bound): `x{job="a"}` has `job="a"`.
 * Followed through functions and aggregations that keep the label, `absent()` (its `=` matchers)
 * and binary operations, as {@link presentLabels}.
 */
export function pinnedLabels(e: Expr): ReadonlyMap<string, string> {
  switch (e.type) {
    case "NumberLiteral":
    case "StringLiteral":
      return new Map();
    case "VectorSelector": {
      const out = new Map<string, string>();
      const conflicting = new Set<string>();
      for (const m of e.matchers) {
        if (m.name === "__name__" || m.op !== "=" || m.value === "") continue;
        // `{job="a", job="b"}` selects nothing: proves nothing either.
        if (out.has(m.name) && out.get(m.name) !== m.value) conflicting.add(m.name);
        out.set(m.name, m.value);
      }
      for (const l of conflicting) out.delete(l);
      return out;
    }
    case "MatrixSelector":
      return pinnedLabels(e.vector);
    case "SubqueryExpr":
    case "ParenExpr":
    case "UnaryExpr":
      return pinnedLabels(e.expr);
    case "FunctionCall": {
      const name = e.name.name;
      if (name === "absent" || name === "absent_over_time") return absentLabels(e.args[0]);
      if (!KEEPS_LABELS.has(name) || !e.func) return new Map();
      const i = e.func.argTypes.findIndex((t) => t === "vector" || t === "matrix");
      const arg = i >= 0 ? e.args[i] : undefined;
      if (!arg) return new Map();
      return keep(pinnedLabels(arg), (l) => name !== "histogram_quantile" || l !== "le");
    }
    case "AggregateExpr": {
      if (!e.expr) return new Map();
      const inner = pinnedLabels(e.expr);
      if (selectsSeries(e.op)) return inner;
      const listed = e.grouping?.labels.map((l) => l.name) ?? [];
      // count_values("v", x) overwrites `v` with the sample value.
      const added = e.op === "count_values" && e.param?.type === "StringLiteral" ? e.param.value : undefined;
      return keep(inner, (l) => l !== added && (e.grouping?.kind === "without" ? !listed.includes(l) : listed.includes(l)));
    }
    case "BinaryExpr": {
      if (e.op === "and" || e.op === "unless") return pinnedLabels(e.lhs);
      if (e.op === "or") {
        const rhs = pinnedLabels(e.rhs);
        return keep(pinnedLabels(e.lhs), (l, v) => rhs.get(l) === v);
      }
      // group_left / group_right copy labels from the other side, which may overwrite these.
      if (e.matching?.group) return new Map();
      if (typeOf(e.lhs) === "scalar") return pinnedLabels(e.rhs);
      const lhs = pinnedLabels(e.lhs);
      const listed = e.matching?.labels.map((l) => l.name) ?? [];
      if (e.matching?.kind === "on") return keep(lhs, (l) => listed.includes(l));
      return keep(lhs, (l) => !listed.includes(l));
    }
  }
}

function keep(m: ReadonlyMap<string, string>, pred: (label: string, value: string) => boolean): Map<string, string> {
  return new Map([...m].filter(([l, v]) => pred(l, v)));
}

/**
 * Both sides pinning a label that takes part in matching to two different values
 * (`x{job="a"} / y{job="b"}`): no pair of series can match. pint's promql/vector_matching
 * (v0.87.0) reports this for two plain selectors once a live query came back empty; it needs no data.
 */
function checkPinnedConflict(e: BinaryExpr, report: (r: Report) => void): void {
  if (!matchesSides(e)) return;
  const listed = e.matching?.labels.map((l) => l.name) ?? [];
  const compared = (l: string) => (e.matching?.kind === "on" ? listed.includes(l) : !listed.includes(l));
  const rhs = pinnedLabels(e.rhs);
  for (const [label, left] of [...pinnedLabels(e.lhs)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const right = rhs.get(label);
    if (right === undefined || right === left || !compared(label)) continue;
    report({
      messageId: "pinnedConflict",
      data: { op: e.op, label, left, right, result: neverResult(e.op) },
      span: { from: e.opSpan.from, to: e.opSpan.to },
    });
    return;
  }
}

export default defineRule({
  meta: {
    id: "promql/impossible",
    severity: "warning",
    impact: "bug",
    description: "Queries do not group, join or match on labels that cannot be there.",
    messages: {
      by: "`{{op}} by ({{label}})`: no series reaching it can have the label {{label}} (its input has {{input}}), so the label is always empty and splits nothing",
      onNeither: "`{{op}} on ({{label}})`: neither side can have the label {{label}}, so it is empty on both and joins nothing",
      onOneSide:
        "`{{op}} on ({{label}})`: the {{side}} side ({{expr}}) cannot have the label {{label}}, so it only matches series of the other side where {{label}} is empty",
      andNever: "`and` never matches: one side always has the label {{label}}, the other ({{bare}}) has no labels, so the result is always empty",
      unlessNever: "`unless` never matches: one side always has the label {{label}}, the other ({{bare}}) has no labels, so it removes nothing",
      labelOneSide:
        "`{{op}}` never matches: the {{side}} side always has the label {{label}}, which the other side ({{bare}}) cannot have, and series are matched on all their labels (no `on`, and `ignoring` does not name it): {{result}}",
      pinnedConflict:
        '`{{op}}` never matches: the left side always has {{label}}="{{left}}" and the right side {{label}}="{{right}}", and series are matched on {{label}}: {{result}}',
    },
  },
  rule({ ast, input, rule, report }) {
    if (!ast) return;
    walk(ast, (node) => {
      if (node.type === "AggregateExpr") checkAggregation(node, input, report);
      if (node.type === "BinaryExpr") {
        checkJoin(node, rule.expr, input, report);
        checkSetMatch(node, rule.expr, input, report);
        checkPinnedConflict(node, report);
      }
    });
  },
});
