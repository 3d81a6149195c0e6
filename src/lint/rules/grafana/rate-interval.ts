/**
 * grafana/rate-interval: dashboard queries give `rate()` and its kin the `$__rate_interval` window,
 * which Grafana keeps at least four scrape intervals wide at every zoom level
 * (grafana/dashboard-linter's panel-rate-interval rule).
 */
import { walk } from "../../../promql/walk.js";
import { defineRule } from "../../types.js";

const RATE_FUNCTIONS = new Set(["rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes"]);

export default defineRule({
  meta: {
    id: "grafana/rate-interval",
    severity: "warning",
    impact: "risk",
    description: "Dashboard queries use `$__rate_interval` as the window of `rate()`, `increase()` and their kin.",
    messages: {
      fixed: "{{fn}}() over [{{window}}] in a dashboard: a fixed window is too short when zoomed out and too long when zoomed in; use [$__rate_interval]",
    },
  },
  rule({ ast, rule, report }) {
    if (!ast || rule.kind !== "query") return;
    walk(ast, (n) => {
      if (n.type !== "FunctionCall" || !RATE_FUNCTIONS.has(n.name.name)) return;
      const arg = n.args[0];
      if (arg?.type !== "MatrixSelector") return;
      const macro = (rule.templated ?? []).find((t) => t.from === arg.rangeSpan.from && t.to === arg.rangeSpan.to)?.text;
      // `increase(x[$__range])` deliberately covers the whole time range.
      if (macro === "$__rate_interval" || (macro === "$__range" && n.name.name === "increase")) return;
      report({
        messageId: "fixed",
        data: { fn: n.name.name, window: macro ?? rule.expr.slice(arg.rangeSpan.from, arg.rangeSpan.to) },
        span: { from: arg.rangeSpan.from, to: arg.rangeSpan.to },
      });
    });
  },
});
