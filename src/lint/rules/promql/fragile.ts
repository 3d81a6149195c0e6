/**
 * promql/fragile: alerting rules whose result depends on which series happen to be there.
 *
 * - Sampling: `topk(3, x) > 100` alerts on the top three series of each evaluation, a set that
 *   changes between evaluations, so alerts (one per series) resolve and fire again as the ranking
 *   shifts. Only a `topk` / `bottomk` whose chosen series become the alert's series counts: below
 *   an aggregation (`sum(topk(…))`), on the matching-only side of a join, in a scalar or inside a
 *   range function it does not.
 * - Partial data: `sum(a) / sum(b) > 0.1` without `for`. After a restart Prometheus spreads its
 *   first scrapes over a scrape interval, so for a while each aggregation sums a different subset
 *   of targets and the ratio can be anything; with no `for`, one such evaluation fires the alert.
 *   Only when the two sides read different series: `sum(x) / count(x)` sees one set of targets.
 */
import type { AggregateExpr, BinaryExpr, Expr } from "../../../promql/ast.js";
import { isComparisonOp, isSetOp, selectsSeries } from "../../../promql/ast.js";
import { typeOf } from "../../../promql/check.js";
import { walk } from "../../../promql/walk.js";
import { labelBound } from "../../promql-facts.js";
import type { LintInput } from "../../types.js";
import { defineRule } from "../../types.js";

/**
 * Functions whose output series are their vector argument's series, one for one (values change,
 * the set does not). Range functions are left out: `max_over_time(topk(…)[5m:])` returns every
 * series that was in the top at some step, a different question.
 */
const SAME_SERIES: ReadonlySet<string> = new Set([
  ..."abs ceil floor round exp sqrt ln log2 log10 sgn clamp clamp_min clamp_max deg rad timestamp sort sort_desc".split(" "),
  ..."acos acosh asin asinh atan atanh cos cosh sin sinh tan tanh label_replace label_join".split(" "),
]);

/**
 * Whether `topk` / `bottomk` really chooses among series: `topk by (job) (3, x)` does not when x
 * carries no label but `job`, as every group then holds a single series.
 */
function choosesAmongSeries(agg: AggregateExpr, input: LintInput): boolean {
  if (!agg.expr) return false;
  // `topk by (cluster, namespace) (1, x)` keeps one series per group: a deduplication idiom whose
  // result set (one series per group) is stable, even if it cannot be proved which one is kept.
  if (agg.grouping?.kind === "by" && agg.grouping.labels.length > 0 && agg.param?.type === "NumberLiteral" && agg.param.value === 1) return false;
  const bound = labelBound(agg.expr, input);
  if (bound === "any") return true;
  const listed = agg.grouping?.labels.map((l) => l.name) ?? [];
  const grouped = !agg.grouping ? [] : agg.grouping.kind === "by" ? listed : [...bound].filter((l) => !listed.includes(l));
  return [...bound].some((l) => l !== "__name__" && !grouped.includes(l));
}

/**
 * `topk` / `bottomk` whose chosen series reach the alert's labels. Labels flow from the left side
 * of a binary operation (the right side with `group_right`, or when the left is a scalar; both
 * sides of `or`), through functions that keep series and parentheses. The other side of a join
 * only decides which series match (`x * on (node) group_left topk by (node) (1, info)` picks one
 * info series per node, a common way to deduplicate), and an aggregation above hides the choice.
 */
function samplers(e: Expr, input: LintInput, out: AggregateExpr[]): void {
  switch (e.type) {
    case "ParenExpr":
    case "UnaryExpr":
      samplers(e.expr, input, out);
      return;
    case "AggregateExpr":
      if (selectsSeries(e.op) && choosesAmongSeries(e, input)) out.push(e);
      return;
    case "FunctionCall": {
      if (!SAME_SERIES.has(e.name.name) || !e.func) return;
      const i = e.func.argTypes.indexOf("vector");
      const arg = i >= 0 ? e.args[i] : undefined;
      if (arg) samplers(arg, input, out);
      return;
    }
    case "BinaryExpr": {
      const lhsVector = typeOf(e.lhs) === "vector";
      const rhsVector = typeOf(e.rhs) === "vector";
      if (e.op === "or") {
        samplers(e.lhs, input, out);
        samplers(e.rhs, input, out);
      } else if (!lhsVector || e.matching?.group?.side === "right") {
        if (rhsVector) samplers(e.rhs, input, out);
      } else {
        samplers(e.lhs, input, out);
      }
      return;
    }
    default:
      return;
  }
}

const unparen = (e: Expr): Expr => (e.type === "ParenExpr" ? unparen(e.expr) : e);

const isArithmetic = (e: BinaryExpr): boolean => !isComparisonOp(e.op) && !isSetOp(e.op) && !e.matching?.group;

/**
 * The aggregations an expression is computed from, when it is nothing but aggregations and
 * numbers combined by arithmetic (`sum(a)`, `sum(a) + sum(b)`, `100 * sum(a)`); undefined otherwise.
 */
function aggregationsOf(e: Expr): AggregateExpr[] | undefined {
  const u = unparen(e);
  if (u.type === "AggregateExpr") return [u];
  if (u.type === "NumberLiteral") return [];
  if (u.type !== "BinaryExpr" || !isArithmetic(u)) return undefined;
  const lhs = aggregationsOf(u.lhs);
  const rhs = aggregationsOf(u.rhs);
  return lhs && rhs ? [...lhs, ...rhs] : undefined;
}

/** Whether an aggregation keeps `instance`, so each of its series sums one target's samples. */
function perTarget(agg: AggregateExpr): boolean {
  if (selectsSeries(agg.op)) return true;
  const listed = agg.grouping?.labels.map((l) => l.name) ?? [];
  return agg.grouping?.kind === "by" ? listed.includes("instance") : agg.grouping?.kind === "without" && !listed.includes("instance");
}

/**
 * Arithmetic between aggregations on both sides: `sum(a) / sum(b)`, `sum(a) / (sum(a) + sum(b))`.
 * Left out: joins with `group_left` / `group_right` (they copy labels from an info-style series,
 * they do not mix two partial sums), and aggregations that all keep `instance` (each result then
 * comes from one target, scraped at once).
 */
function isAggregateArithmetic(e: BinaryExpr): boolean {
  if (!isArithmetic(e)) return false;
  const lhs = aggregationsOf(e.lhs);
  const rhs = aggregationsOf(e.rhs);
  if (!lhs?.length || !rhs?.length) return false;
  if ([...lhs, ...rhs].every(perTarget)) return false;
  // Both sides reading the same series (`sum(x) / count(x)`, `count(x == 0) / count(x)`) see the
  // same targets at every evaluation: no subset can differ.
  return selectorsOf(lhs) !== selectorsOf(rhs);
}

/** The series some aggregations read, as one comparable string: each selector's name and matchers. */
function selectorsOf(aggs: readonly AggregateExpr[]): string {
  const seen = new Set<string>();
  for (const agg of aggs) {
    walk(agg, (node) => {
      if (node.type !== "VectorSelector") return;
      const matchers = node.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).sort();
      seen.add(`${node.name?.name ?? ""}{${matchers.join(",")}}`);
    });
  }
  return [...seen].sort().join(" ");
}

export default defineRule({
  meta: {
    id: "promql/fragile",
    severity: "warning",
    impact: "risk",
    description: "Alerts do not sample series with topk/bottomk, and hold ratios of aggregations with `for`.",
    messages: {
      sampling:
        "`{{op}}` decides which series this alert returns, and that set changes between evaluations: alerts resolve and fire again as the ranking shifts; alert on every series over the threshold instead",
      partial:
        "alert {{name}} has no `for` and computes {{expr}} from two aggregations: right after a restart each side aggregates a different subset of targets, and one such evaluation fires the alert; add a `for` of at least one scrape interval",
    },
  },
  rule({ ast, rule, input, report }) {
    if (!ast || rule.kind !== "alert") return;
    const found: AggregateExpr[] = [];
    samplers(ast, input, found);
    for (const s of found) report({ messageId: "sampling", data: { op: s.op }, span: { from: s.from, to: s.to } });

    // Any `for`, an explicit `0s` included, is the author's choice (and an unreadable one is
    // reported elsewhere): only an alert without the field is judged.
    if (rule.for !== null) return;
    // Without a comparison the alert fires on every series anyway (alerts/comparison's finding):
    // partial data changes nothing a `for` would fix.
    let compares = false;
    walk(ast, (node) => {
      if (node.type === "BinaryExpr" && isComparisonOp(node.op) && !node.bool) compares = true;
      return compares ? false : undefined;
    });
    if (!compares) return;
    // One finding per alert, on the outermost such operation: the fix (a `for`) is the same.
    let reported = false;
    walk(ast, (node) => {
      if (reported) return false;
      if (node.type !== "BinaryExpr" || !isAggregateArithmetic(node)) return;
      report({ messageId: "partial", data: { name: rule.name, expr: rule.expr.slice(node.from, node.to) }, span: { from: node.from, to: node.to } });
      reported = true;
      return false;
    });
  },
});
