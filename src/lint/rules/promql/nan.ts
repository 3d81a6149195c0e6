/**
 * promql/nan: a division or modulo inside `sum`, `avg`, `stddev` or `stdvar` whose divisor can be
 * zero. In PromQL `0/0` is NaN, `x/0` is ±Inf and `x%0` is NaN, and these aggregations fold every
 * input value into one: `sum(errors / total)` is NaN as soon as one series has `total` 0.
 *
 * Only paths that carry the quotient's value up to the aggregation are followed: arithmetic, `or`,
 * the left side of `and` / `unless`, and functions that keep NaN (`abs`, `round`, `clamp`…).
 * Comparisons stop the search (`> 0` drops NaN and may be the guard), so do other aggregations
 * (`max` ignores NaN) and range functions. A divisor counts as guarded when it provably cannot be
 * zero: a comparison filter (`x > 0`, `x != 0`), `clamp_min(x, 1)`, `clamp_max(x, -1)`, `count`,
 * `group`, a non-zero number, or a product of guarded factors.
 *
 * And a divisor is only reported when it is zero in practice, not just in theory: when it is made
 * of the rate of something that can stand still (`rate`, `irate`, `increase`, `delta`, `idelta`,
 * `deriv`, `changes`, `resets` — zero over any window where a counter is idle, which a service
 * with no traffic has for hours), alone, summed or aggregated. A gauge divisor (a capacity, a
 * limit, `used + free`) is zero only if the exporter is broken, so it is left alone.
 */
import type { AggregateExpr, AggregateOp, BinaryExpr, Expr } from "../../../promql/ast.js";
import { isComparisonOp, selectsSeries } from "../../../promql/ast.js";
import { typeOf } from "../../../promql/check.js";
import { walk } from "../../../promql/walk.js";
import { defineRule } from "../../types.js";

const FOLDING: ReadonlySet<AggregateOp> = new Set<AggregateOp>(["sum", "avg", "stddev", "stdvar"]);

/** Functions whose result is NaN when their (first, vector) argument is NaN. */
const KEEPS_NAN: ReadonlySet<string> = new Set([
  ..."abs ceil floor round exp sqrt ln log2 log10 sgn clamp clamp_min clamp_max deg rad".split(" "),
  ..."acos acosh asin asinh atan atanh cos cosh sin sinh tan tanh label_replace label_join".split(" "),
]);

const unparen = (e: Expr): Expr => (e.type === "ParenExpr" ? unparen(e.expr) : e);

/** The value of a number literal (signs folded in by the parser, parentheses allowed). */
function literal(e: Expr): number | undefined {
  const u = unparen(e);
  if (u.type === "NumberLiteral") return u.value;
  if (u.type === "UnaryExpr") {
    const v = literal(u.expr);
    return v === undefined ? undefined : u.op === "-" ? -v : v;
  }
  return undefined;
}

/** Whether the filter `x op c` keeps only values that are not zero. */
function comparisonExcludesZero(op: string, c: number): boolean {
  switch (op) {
    case ">":
      return c >= 0;
    case ">=":
      return c > 0;
    case "<":
      return c <= 0;
    case "<=":
      return c < 0;
    case "!=":
      return c === 0;
    case "==":
      return c !== 0;
    default:
      return false;
  }
}

const MIRRORED: Readonly<Record<string, string>> = { ">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!=" };

/** A comparison filter `x op c` / `c op x` without `bool`: the compared expression and what it proves. */
function filterOf(e: Expr): { subject: Expr; op: string; c: number } | undefined {
  const u = unparen(e);
  if (u.type !== "BinaryExpr" || !isComparisonOp(u.op) || u.bool) return undefined;
  const rc = literal(u.rhs);
  if (rc !== undefined) return { subject: u.lhs, op: u.op, c: rc };
  const lc = literal(u.lhs);
  // `0 < x` keeps x's value (a scalar on the left of a comparison filter keeps the vector's value).
  if (lc !== undefined) return { subject: u.rhs, op: MIRRORED[u.op]!, c: lc };
  return undefined;
}

/**
 * Whether every value of `e` is provably non-zero (NaN aside: a division passes NaN on but does
 * not create it). `text` is the expression source, to recognise `x and x > 0`.
 */
function nonZero(e: Expr, text: string): boolean {
  const n = literal(e);
  if (n !== undefined) return n !== 0 && Number.isFinite(n);
  const same = (a: Expr, b: Expr): boolean => {
    const src = (x: Expr) => text.slice(unparen(x).from, unparen(x).to).replace(/\s+/g, "");
    return src(a) === src(b);
  };
  const u = unparen(e);
  switch (u.type) {
    case "UnaryExpr":
      return nonZero(u.expr, text);
    case "AggregateExpr":
      // A group's count is at least 1 and `group` is 1; the others return some input value.
      if (u.op === "count" || u.op === "count_values" || u.op === "group") return true;
      if ((selectsSeries(u.op) || u.op === "min" || u.op === "max") && u.expr) return nonZero(u.expr, text);
      return false;
    case "FunctionCall": {
      const [x, a, b] = u.args;
      if (!x) return false;
      const lo = a ? literal(a) : undefined;
      const hi = b ? literal(b) : undefined;
      switch (u.name.name) {
        case "clamp_min":
          return lo !== undefined && lo > 0;
        case "clamp_max":
          return lo !== undefined && lo < 0;
        case "clamp":
          return (lo !== undefined && lo > 0) || (hi !== undefined && hi < 0);
        case "vector":
        case "abs":
        case "sort":
        case "sort_desc":
        case "label_replace":
        case "label_join":
          return nonZero(x, text);
        default:
          return false;
      }
    }
    case "BinaryExpr": {
      const filter = filterOf(u);
      if (filter) return comparisonExcludesZero(filter.op, filter.c) || nonZero(filter.subject, text);
      if (isComparisonOp(u.op) && !u.bool) return nonZero(u.lhs, text);
      if (u.op === "*" || u.op === "or") return nonZero(u.lhs, text) && nonZero(u.rhs, text);
      if (u.op === "and" || u.op === "unless") {
        if (nonZero(u.lhs, text)) return true;
        // `x and x > 0` keeps the series of x where x > 0; `x unless x == 0` drops its zeros.
        const f = filterOf(u.rhs);
        if (!f || !same(f.subject, u.lhs) || u.matching?.kind === "on" || (u.matching?.labels.length ?? 0) > 0) return false;
        return u.op === "and" ? comparisonExcludesZero(f.op, f.c) : f.op === "==" && f.c === 0;
      }
      return false;
    }
    default:
      return false;
  }
}

/** Functions of a range whose result is 0 over a window where the series does not move. */
const STILL_IS_ZERO: ReadonlySet<string> = new Set(["rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets"]);

/**
 * Whether `e` is zero whenever what it measures stands still: a rate-like function, or sums,
 * aggregations and products built from them (`rate(a[5m]) + rate(b[5m])` is 0 when both idle).
 */
function zeroWhenIdle(e: Expr): boolean {
  const u = unparen(e);
  switch (u.type) {
    case "UnaryExpr":
      return zeroWhenIdle(u.expr);
    case "FunctionCall":
      if (STILL_IS_ZERO.has(u.name.name)) return true;
      // A clamp that keeps zero out is a guard, seen by nonZero before this is asked.
      return KEEPS_NAN.has(u.name.name) && u.args[0] !== undefined && zeroWhenIdle(u.args[0]);
    case "AggregateExpr":
      return u.expr !== undefined && u.op !== "count" && u.op !== "count_values" && u.op !== "group" && zeroWhenIdle(u.expr);
    case "BinaryExpr":
      // A `bool` comparison is 0 whenever it is false.
      if (isComparisonOp(u.op)) return u.bool || zeroWhenIdle(u.lhs);
      if (u.op === "+" || u.op === "-" || u.op === "or") return zeroWhenIdle(u.lhs) && zeroWhenIdle(u.rhs);
      if (u.op === "*") return zeroWhenIdle(u.lhs) || zeroWhenIdle(u.rhs);
      if (u.op === "/" || u.op === "and" || u.op === "unless") return zeroWhenIdle(u.lhs);
      return false;
    default:
      return false;
  }
}

/** Divisions and modulos whose value reaches the aggregation's fold, and whose divisor is zero when idle. */
function unguarded(e: Expr, text: string, out: BinaryExpr[]): void {
  switch (e.type) {
    case "ParenExpr":
    case "UnaryExpr":
      unguarded(e.expr, text, out);
      return;
    case "FunctionCall": {
      const first = e.args[0];
      if (KEEPS_NAN.has(e.name.name) && first) unguarded(first, text, out);
      return;
    }
    case "BinaryExpr": {
      if (isComparisonOp(e.op)) return;
      if (e.op === "and" || e.op === "unless") {
        unguarded(e.lhs, text, out);
        return;
      }
      if ((e.op === "/" || e.op === "%") && typeOf(e.rhs) === "vector" && !nonZero(e.rhs, text) && zeroWhenIdle(e.rhs)) out.push(e);
      unguarded(e.lhs, text, out);
      unguarded(e.rhs, text, out);
      return;
    }
    default:
      return;
  }
}

/** Whether an aggregation's groups keep the `instance` label. */
function keepsInstance(agg: AggregateExpr): boolean {
  const listed = agg.grouping?.labels.map((l) => l.name) ?? [];
  return agg.grouping?.kind === "by" ? listed.includes("instance") : agg.grouping?.kind === "without" && !listed.includes("instance");
}

export default defineRule({
  meta: {
    id: "promql/nan",
    severity: "warning",
    impact: "risk",
    description: "Divisions inside sum, avg, stddev and stdvar guard a rate divisor against zero.",
    messages: {
      divide:
        "{{op}} by `{{divisor}}` inside `{{agg}}` divides by zero whenever that rate is idle, and one NaN or ±Inf input makes the whole {{agg}} NaN or ±Inf: filter the divisor (`(…) > 0`) or clamp it",
    },
  },
  rule({ ast, rule, report }) {
    if (!ast) return;
    walk(ast, (e) => {
      if (e.type !== "AggregateExpr" || !FOLDING.has(e.op) || !e.expr) return;
      // An aggregation that keeps `instance` folds one target's series per group, often a single
      // series (`avg by (datname, instance) (hits / (hits + reads))`): its NaN is that series'
      // own, an idle target not alerting. Whether a group holds several is in the metrics, which
      // rule files do not say: stay silent.
      if (keepsInstance(e)) return;
      const found: BinaryExpr[] = [];
      unguarded(e.expr, rule.expr, found);
      for (const d of found) {
        report({
          messageId: "divide",
          data: { op: d.op === "/" ? "division" : "modulo", divisor: rule.expr.slice(d.rhs.from, d.rhs.to), agg: e.op },
          span: { from: d.from, to: d.to },
        });
      }
    });
  },
});
