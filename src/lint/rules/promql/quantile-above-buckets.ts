/**
 * promql/quantile-above-buckets: `histogram_quantile` never returns more than the highest finite
 * bucket edge (a quantile in the +Inf bucket is reported as that edge), so `quantile > top edge`
 * can never hold and the alert can never fire. The bucket edges are the catalog's, or those a
 * metadata file shows (an exposition's `le` values, a catalog.json's buckets).
 */
import type { Expr } from "../../../promql/ast.js";
import { isComparisonOp } from "../../../promql/ast.js";
import { selectorUses, walk } from "../../../promql/walk.js";
import { formatNumber } from "../../../model/numbers.js";
import type { KnownMetric } from "../../../metrics/knowledge.js";
import { factBasis, selectorName, seriesInfo } from "../../promql-facts.js";
import type { LintInput } from "../../types.js";
import { defineRule } from "../../types.js";

/** A histogram whose bucket edges are known, and where they come from (for the finding's data). */
export interface QuantileHistogram {
  readonly metric: KnownMetric;
  readonly buckets: readonly number[];
  readonly basis: Record<string, string>;
}

function unparen(e: Expr): Expr {
  return e.type === "ParenExpr" ? unparen(e.expr) : e;
}

/** The histogram a `histogram_quantile(q, …)` call reads, when it reads the buckets of exactly one whose edges are known. */
export function quantileHistogram(e: Expr, input: LintInput): QuantileHistogram | undefined {
  const call = unparen(e);
  if (call.type !== "FunctionCall" || call.name.name !== "histogram_quantile" || !call.args[1]) return undefined;
  let found: QuantileHistogram | undefined;
  for (const use of selectorUses(call.args[1])) {
    const name = selectorName(use.selector);
    const info = name ? seriesInfo(name, input) : undefined;
    if (info?.kind !== "metric" || info.part !== "bucket" || info.metric.type !== "histogram" || !info.metric.buckets?.length) return undefined;
    if (found && found.metric !== info.metric) return undefined;
    found ??= { metric: info.metric, buckets: info.metric.buckets, basis: factBasis(info, "buckets") };
  }
  return found;
}

/** Comparisons of a histogram quantile with a number: `histogram_quantile(…) > 5`, either way round. */
export function quantileComparisons(
  ast: Expr,
  input: LintInput,
): { histogram: QuantileHistogram; op: string; threshold: number; span: { from: number; to: number } }[] {
  const flip: Record<string, string> = { ">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!=" };
  const out: { histogram: QuantileHistogram; op: string; threshold: number; span: { from: number; to: number } }[] = [];
  walk(ast, (n) => {
    if (n.type !== "BinaryExpr" || !isComparisonOp(n.op)) return;
    const l = unparen(n.lhs);
    const r = unparen(n.rhs);
    const lm = quantileHistogram(l, input);
    const rm = quantileHistogram(r, input);
    if (lm && r.type === "NumberLiteral") out.push({ histogram: lm, op: n.op, threshold: r.value, span: { from: r.from, to: r.to } });
    else if (rm && l.type === "NumberLiteral") out.push({ histogram: rm, op: flip[n.op]!, threshold: l.value, span: { from: l.from, to: l.to } });
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
    needsMetricFacts: true,
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    for (const c of quantileComparisons(ast, input)) {
      const top = c.histogram.buckets[c.histogram.buckets.length - 1]!;
      const never = (c.op === ">" && c.threshold >= top) || (c.op === ">=" && c.threshold > top) || (c.op === "==" && c.threshold > top);
      if (never) {
        report({
          messageId: "never",
          data: { metric: c.histogram.metric.name, top: formatNumber(top), op: c.op, threshold: formatNumber(c.threshold), ...c.histogram.basis },
          span: c.span,
        });
      }
    }
  },
});
