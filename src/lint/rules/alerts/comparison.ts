/**
 * alerts/comparison: an alert fires once for every series its expression returns. It reports an
 * expression that certainly returns every series of what it reads, whatever their values — a
 * counter or gauge selected only by who exports it (`job`, `instance`, `namespace`…), passed
 * through functions and aggregations that keep a result per input, with no comparison, `and`,
 * `unless` or `absent()` on the way — because that alert fires all the time.
 *
 * Everything else is a condition and stays silent: a comparison; `absent()`/`absent_over_time()`;
 * the set operators `and` and `unless`; a selector whose matchers name something other than the
 * exporter (`kube_pod_status_phase{phase="Failed"}`, `x_info{ready!="True"}`: the matchers are the
 * condition); `ALERTS` (it exists only while alerts are active); and a literal (`vector(1)`, `1`:
 * the dead-man's switch that is meant to fire all the time).
 */
import type { Expr, VectorSelector } from "../../../promql/ast.js";
import { isComparisonOp } from "../../../promql/ast.js";
import { selectorName } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

/**
 * Labels that say which target, process or Kubernetes object exported a series, not anything
 * about its state. A selector matching on these alone returns all the metric's series there.
 */
const IDENTITY_LABELS: ReadonlySet<string> = new Set([
  "__name__",
  "job",
  "instance",
  "service",
  "namespace",
  "cluster",
  "pod",
  "container",
  "node",
  "endpoint",
  "prometheus",
  "prometheus_replica",
]);

/** Series Prometheus writes only while an alert is pending or firing. */
const ALERT_SERIES: ReadonlySet<string> = new Set(["ALERTS", "ALERTS_FOR_STATE"]);

/**
 * Functions whose result has one series per series of their vector or range-vector argument,
 * whatever its value (`Function` entries in promql/functions.go that do not drop series):
 * rates, `*_over_time` (except `absent_over_time`), `changes`, `resets`, math and label functions.
 */
const PER_SERIES_FUNCTIONS: ReadonlySet<string> = new Set([
  "rate",
  "irate",
  "increase",
  "delta",
  "idelta",
  "deriv",
  "predict_linear",
  "changes",
  "resets",
  "avg_over_time",
  "min_over_time",
  "max_over_time",
  "sum_over_time",
  "count_over_time",
  "last_over_time",
  "quantile_over_time",
  "stddev_over_time",
  "stdvar_over_time",
  "present_over_time",
  "abs",
  "ceil",
  "floor",
  "round",
  "sqrt",
  "exp",
  "ln",
  "log2",
  "log10",
  "clamp",
  "clamp_min",
  "clamp_max",
  "sgn",
  "timestamp",
  "label_replace",
  "label_join",
  "sort",
  "sort_desc",
]);

function selectsEverySeries(s: VectorSelector): boolean {
  const name = selectorName(s);
  if (name !== undefined && ALERT_SERIES.has(name)) return false;
  return s.matchers.every((m) => IDENTITY_LABELS.has(m.name));
}

/**
 * Whether `e` certainly returns a series for every series it reads, whatever their values (and
 * so is never empty while they exist). False wherever a filter may apply or it cannot be told.
 */
function returnsEverything(e: Expr): boolean {
  switch (e.type) {
    case "VectorSelector":
      return selectsEverySeries(e);
    case "MatrixSelector":
      return selectsEverySeries(e.vector);
    case "ParenExpr":
    case "UnaryExpr":
      return returnsEverything(e.expr);
    case "FunctionCall":
      return PER_SERIES_FUNCTIONS.has(e.name.name) && e.func !== undefined && e.args.some((a) => returnsEverything(a));
    case "AggregateExpr":
      return e.expr !== undefined && returnsEverything(e.expr);
    case "BinaryExpr": {
      if (isComparisonOp(e.op) && !e.bool) return false;
      if (e.op === "and" || e.op === "unless") return false;
      if (e.op === "or") return returnsEverything(e.lhs) || returnsEverything(e.rhs);
      // Arithmetic (or a `bool` comparison): a number on one side keeps the other side's series;
      // between two vectors, both must return everything.
      const lhsNumber = isNumber(e.lhs);
      const rhsNumber = isNumber(e.rhs);
      if (lhsNumber && rhsNumber) return false;
      if (lhsNumber) return returnsEverything(e.rhs);
      if (rhsNumber) return returnsEverything(e.lhs);
      return returnsEverything(e.lhs) && returnsEverything(e.rhs);
    }
    default:
      return false;
  }
}

function isNumber(e: Expr): boolean {
  while (e.type === "ParenExpr" || e.type === "UnaryExpr") e = e.expr;
  return e.type === "NumberLiteral";
}

export default defineRule({
  meta: {
    id: "alerts/comparison",
    severity: "warning",
    impact: "bug",
    description: "Alert expressions do not return every series they read whatever its value (they need a condition).",
    messages: {
      none: "alert {{name}} has no condition: its expression returns every series it reads whatever the value, so it fires all the time; compare it with a threshold (`> 0`)",
    },
  },
  rule({ ast, rule, report }) {
    if (!ast || rule.kind !== "alert") return;
    if (returnsEverything(ast)) report({ messageId: "none", data: { name: rule.name }, span: { from: ast.from, to: ast.to } });
  },
});
