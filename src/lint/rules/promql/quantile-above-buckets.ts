/**
 * promql/quantile-above-buckets: `histogram_quantile` never returns more than the highest finite
 * bucket edge (a quantile in the +Inf bucket is reported as that edge), so `quantile > top edge`
 * can never hold and the alert can never fire.
 */
import type { Expr } from "../../../promql/ast.js";
import { isComparisonOp } from "../../../promql/ast.js";
import { selectorUses, walk } from "../../../promql/walk.js";
import { formatNumber } from "../../../model/numbers.js";
import { selectorName, seriesInfo } from "../../promql-facts.js";
import type { LintInput } from "../../types.js";
import type { ResolvedMetric } from "../../../model/resolved.js";
import { defineRule } from "../../types.js";

function unparen(e: Expr): Expr {
  return e.type === "ParenExpr" ? unparen(e.expr) : e;
}

/** The catalog histogram a `histogram_quantile(q, …)` call reads, when it reads exactly one. */
export function quantileHistogram(e: Expr, input: LintInput): ResolvedMetric | undefined {
  const call = unparen(e);
  if (call.type !== "FunctionCall" || call.name.name !== "histogram_quantile" || !call.args[1]) return undefined;
  const metrics = new Set<ResolvedMetric>();
  for (const use of selectorUses(call.args[1])) {
    const name = selectorName(use.selector);
    const info = name ? seriesInfo(name, input) : undefined;
    if (info?.kind !== "metric" || info.part !== "bucket") return undefined;
    metrics.add(info.metric);
  }
  return metrics.size === 1 ? [...metrics][0] : undefined;
}

/** Comparisons of a histogram quantile with a number: `histogram_quantile(…) > 5`, either way round. */
export function quantileComparisons(
  ast: Expr,
  input: LintInput,
): { metric: ResolvedMetric; op: string; threshold: number; span: { from: number; to: number } }[] {
  const flip: Record<string, string> = { ">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!=" };
  const out: { metric: ResolvedMetric; op: string; threshold: number; span: { from: number; to: number } }[] = [];
  walk(ast, (n) => {
    if (n.type !== "BinaryExpr" || !isComparisonOp(n.op)) return;
    const l = unparen(n.lhs);
    const r = unparen(n.rhs);
    const lm = quantileHistogram(l, input);
    const rm = quantileHistogram(r, input);
    if (lm && r.type === "NumberLiteral") out.push({ metric: lm, op: n.op, threshold: r.value, span: { from: r.from, to: r.to } });
    else if (rm && l.type === "NumberLiteral") out.push({ metric: rm, op: flip[n.op]!, threshold: l.value, span: { from: l.from, to: l.to } });
  });
  return out;
}

export default defineRule({
  meta: {
    id: "promql/quantile-above-buckets",
    severity: "error",
    impact: "bug",
    description: "A histogram quantile is not compared above the histogram's highest finite bucket, where it can never be.",
    messages: {
      never:
        "{{metric}}'s highest finite bucket is {{top}}: histogram_quantile() never returns more, so `{{op}} {{threshold}}` can never hold; add a higher bucket, or compare the share of observations above {{top}}",
    },
    needsCatalog: true,
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    for (const c of quantileComparisons(ast, input)) {
      const top = c.metric.buckets![c.metric.buckets!.length - 1]!;
      const never = (c.op === ">" && c.threshold >= top) || (c.op === ">=" && c.threshold > top) || (c.op === "==" && c.threshold > top);
      if (never) {
        report({
          messageId: "never",
          data: { metric: c.metric.name, top: formatNumber(top), op: c.op, threshold: formatNumber(c.threshold) },
          span: c.span,
        });
      }
    }
  },
});
