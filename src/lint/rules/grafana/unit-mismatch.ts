/**
 * grafana/unit-mismatch: a panel that plots one catalog metric's own values (a gauge, or a
 * histogram's quantiles) uses the Grafana unit of the metric's catalog unit. A microsecond
 * histogram on a panel set to milliseconds shows every latency 1000 times too large.
 */
import { GRAFANA_UNIT } from "../../../model/conventions.js";
import type { ResolvedMetric } from "../../../model/resolved.js";
import type { Expr } from "../../../promql/ast.js";
import { analyzeForTarget, lintTarget } from "../../prometheus-target.js";
import { substituteGrafana } from "../../../compat/grafana-macros.js";
import { selectorName, seriesInfo } from "../../promql-facts.js";
import type { LintInput } from "../../types.js";
import { defineRule } from "../../types.js";

const AGGREGATIONS_KEEPING_UNIT = new Set(["sum", "max", "min", "avg", "topk", "bottomk", "quantile"]);

/** The catalog metric whose unit the expression's values are in, when that is certain. */
export function valueMetric(e: Expr, input: LintInput): ResolvedMetric | undefined {
  switch (e.type) {
    case "ParenExpr":
      return valueMetric(e.expr, input);
    case "VectorSelector": {
      const name = selectorName(e);
      const info = name ? seriesInfo(name, input) : undefined;
      return info?.kind === "metric" && info.metric.type === "gauge" ? info.metric.declared : undefined;
    }
    case "AggregateExpr":
      return AGGREGATIONS_KEEPING_UNIT.has(e.op) && e.expr ? valueMetric(e.expr, input) : undefined;
    case "FunctionCall": {
      if (e.name.name === "histogram_quantile" && e.args[1]) {
        let metric: ResolvedMetric | undefined;
        const visit = (x: Expr): boolean => {
          if (x.type === "VectorSelector") {
            const name = selectorName(x);
            const info = name ? seriesInfo(name, input) : undefined;
            const declared = info?.kind === "metric" && info.part === "bucket" ? info.metric.declared : undefined;
            if (!declared || (metric && metric !== declared)) return false;
            metric = declared;
            return true;
          }
          const kids = x.type === "MatrixSelector" ? [x.vector] : "args" in x ? x.args : "expr" in x && x.expr ? [x.expr] : [];
          return (kids as Expr[]).every(visit);
        };
        return visit(e.args[1]) ? metric : undefined;
      }
      if (["abs", "max_over_time", "min_over_time", "avg_over_time", "last_over_time", "quantile_over_time"].includes(e.name.name)) {
        const arg = e.args[e.name.name === "quantile_over_time" ? 1 : 0];
        if (arg?.type === "MatrixSelector") return valueMetric(arg.vector, input);
        return arg ? valueMetric(arg, input) : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    id: "grafana/unit-mismatch",
    severity: "warning",
    impact: "bug",
    description: "A panel plotting a metric's own values uses the Grafana unit of the metric's catalog unit.",
    messages: {
      mismatch: 'panel "{{title}}" shows {{metric}}, measured in {{catalogUnit}}, with the unit "{{unit}}"; use "{{expected}}"',
    },
    needsCatalog: true,
  },
  dashboard({ dashboard, input, report }) {
    for (const p of dashboard.panels) {
      if (!p.unit || p.targets.length === 0) continue;
      const metrics = p.targets.map((t) => {
        if (!t.expr) return undefined;
        const { ast, errors } = analyzeForTarget(substituteGrafana(t.expr).text, lintTarget(input));
        return ast && errors.length === 0 ? valueMetric(ast, input) : undefined;
      });
      const first = metrics[0];
      if (!first || metrics.some((m) => m?.unit !== first.unit)) continue;
      if (first.unit === "none" || first.unit === "count") continue;
      const expected = GRAFANA_UNIT[first.unit];
      if (expected && p.unit !== expected) {
        report(p, {
          messageId: "mismatch",
          data: { title: p.title, metric: first.name, catalogUnit: first.unit, unit: p.unit, expected },
          field: "fieldConfig.defaults.unit",
        });
      }
    }
  },
});
