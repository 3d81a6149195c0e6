/**
 * promql/rate-over-aggregation: `rate`, `irate` and `increase` read a counter, one series at a
 * time, and take a drop as that counter's reset. An aggregation of counters is not one:
 *
 * - `rate(sum(x)[5m:])`: when one of the summed counters resets (its process restarts) or its
 *   series goes away, the sum drops; rate() reads the drop as a reset of the whole sum and adds
 *   the entire new total, a spike as large as everything counted so far. The same happens to
 *   `rate(job:x:sum[5m])` when a recording rule records `sum(x)`: pint calls it a "chained rate"
 *   (promql/rate, v0.87.0, `promql_rate.go`), which obsgen finds offline because it sees every
 *   recording rule of the run and the catalog's.
 * - `rate(rate(x[5m])[5m:])`, or `rate()` of a recorded `sum(rate(x[5m]))`: a rate is a gauge
 *   already; its rate measures how fast the rate grows and reads every fall as a reset.
 *
 * "Always take a `rate()` first, then aggregate. Otherwise `rate()` cannot detect counter resets
 * when your target restarts" (Prometheus docs/querying/functions.md, v2.42.0 and v3.14.0) holds for
 * any aggregation that adds or averages series: `sum`, `avg`, `count`, `group`, `stddev`,
 * `stdvar`, `quantile`, `count_values`. `max` and `min` are left alone: `max` over replicas that
 * export the same counter (an HA pair) is the usual way to deduplicate them, and a reset of one
 * replica does not lower it. `topk`, `bottomk`, `limitk` and `limit_ratio` pass series through
 * unchanged. Functions of gauges over a subquery (`max_over_time(sum(x)[1h:])`, `deriv`) are fine.
 */
import type { AggregateExpr, Expr } from "../../../promql/ast.js";
import { walk } from "../../../promql/walk.js";
import { analyzeForTarget, lintTarget } from "../../prometheus-target.js";
import { selectorName } from "../../promql-facts.js";
import type { LintInput } from "../../types.js";
import { defineRule } from "../../types.js";

const COUNTER_RATES: ReadonlySet<string> = new Set(["rate", "irate", "increase"]);

/** Aggregations whose result changes when one input series resets or goes away, as a sum does. */
const MIXING: ReadonlySet<string> = new Set(["sum", "avg", "count", "group", "stddev", "stdvar", "quantile", "count_values"]);

function unparen(e: Expr): Expr {
  while (e.type === "ParenExpr") e = e.expr;
  return e;
}

/** What an expression is that makes a counter rate of it wrong: an aggregation mixing series, or a rate. */
type Kind = { readonly kind: "aggregation"; readonly op: string } | { readonly kind: "rate"; readonly fn: string };

function kindOf(e: Expr): Kind | undefined {
  e = unparen(e);
  if (e.type === "FunctionCall" && COUNTER_RATES.has(e.name.name)) return { kind: "rate", fn: e.name.name };
  if (e.type !== "AggregateExpr" || !MIXING.has(e.op) || !e.expr) return undefined;
  // `sum without () (x)` only drops the metric name: each series stays on its own.
  if (e.grouping?.kind === "without" && e.grouping.labels.length === 0) return undefined;
  // An aggregation of rates is a rate: its rate is a rate of a rate.
  const inner = innerRate(e);
  return inner ? { kind: "rate", fn: inner } : { kind: "aggregation", op: e.op };
}

/** The counter rate function an aggregation aggregates directly (`sum(rate(x[5m]))`), if any. */
function innerRate(e: AggregateExpr): string | undefined {
  const inner = e.expr ? unparen(e.expr) : undefined;
  if (inner?.type === "FunctionCall" && COUNTER_RATES.has(inner.name.name)) return inner.name.name;
  if (inner?.type === "AggregateExpr") return innerRate(inner);
  return undefined;
}

interface Recorded {
  readonly kind: Kind;
  /** Where it is recorded: `group <name> (<file>)`, or the catalog. */
  readonly where: string;
}

const recordsCache = new WeakMap<LintInput, Map<string, Recorded>>();

/**
 * Every recorded name of the run and of the catalog whose expression a counter rate must not
 * read, with the first such recording rule. Names recorded only by other expressions are left out.
 */
function wrongRecords(input: LintInput): Map<string, Recorded> {
  let out = recordsCache.get(input);
  if (out) return out;
  out = new Map();
  const target = lintTarget(input);
  const add = (name: string, expr: string, where: string) => {
    if (out!.has(name)) return;
    const ast = analyzeForTarget(expr, target).ast;
    const kind = ast ? kindOf(ast) : undefined;
    if (kind) out!.set(name, { kind, where });
  };
  for (const g of input.groups) {
    if (g.kind === "dashboard") continue;
    for (const r of g.rules) if (r.kind === "record") add(r.name, r.expr, `group ${g.name} (${g.file})`);
  }
  for (const r of input.catalog?.recordingRules ?? []) add(r.record, r.expr, "the catalog");
  recordsCache.set(input, out);
  return out;
}

export default defineRule({
  meta: {
    id: "promql/rate-over-aggregation",
    severity: "warning",
    impact: "bug",
    description: "`rate`, `irate` and `increase` read counters, not sums of counters (`rate(sum(x)[5m:])`, a recorded `sum`) or rates.",
    messages: {
      subquery:
        "{{fn}}() of a subquery over {{op}}(…): when one of the series in the {{op}} resets or goes away, the {{op}} drops, and {{fn}}() reads that as a reset of the whole and adds its entire value; take {{fn}}() of the series first and aggregate the result ({{op}}({{fn}}(x[5m])))",
      recorded:
        "{{fn}}() of {{name}}, which {{where}} records as {{op}}(…): when one of the series in the {{op}} resets or goes away, the {{op}} drops, and {{fn}}() reads that as a reset of the whole and adds its entire value; record the {{op}} of {{fn}}() of the series instead",
      rateOfRate:
        "{{fn}}() of {{what}}, which is already a {{inner}}() (a gauge): {{fn}}() of it measures how fast that grows and reads every fall as a counter reset; use it as it is, or deriv() for its trend",
    },
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    walk(ast, (node) => {
      if (node.type !== "FunctionCall" || !COUNTER_RATES.has(node.name.name) || !node.args[0]) return;
      const fn = node.name.name;
      const arg = unparen(node.args[0]);
      const span = { from: node.from, to: node.to };
      if (arg.type === "SubqueryExpr") {
        const kind = kindOf(arg.expr);
        if (kind?.kind === "aggregation") report({ messageId: "subquery", data: { fn, op: kind.op }, span });
        else if (kind?.kind === "rate") report({ messageId: "rateOfRate", data: { fn, what: "a subquery", inner: kind.fn }, span });
      } else if (arg.type === "MatrixSelector") {
        const name = selectorName(arg.vector);
        const recorded = name === undefined ? undefined : wrongRecords(input).get(name);
        if (!recorded || name === undefined) return;
        if (recorded.kind.kind === "aggregation") report({ messageId: "recorded", data: { fn, name, where: recorded.where, op: recorded.kind.op }, span });
        else report({ messageId: "rateOfRate", data: { fn, what: `${name} (recorded by ${recorded.where})`, inner: recorded.kind.fn }, span });
      }
    });
  },
});
