/** grafana/panel-targets: a data panel has at least one query (grafana/dashboard-linter's panel-no-targets rule). */
import { defineRule } from "../../types.js";

const NO_QUERY = new Set(["row", "text", "news", "dashlist", "alertlist", "annolist", "welcome"]);

export default defineRule({
  meta: {
    id: "grafana/panel-targets",
    severity: "warning",
    impact: "bug",
    description: "Data panels have at least one query.",
    messages: { none: 'panel "{{title}}" has no query: it shows "No data"' },
  },
  dashboard({ dashboard, report }) {
    for (const p of dashboard.panels) {
      if (NO_QUERY.has(p.type)) continue;
      if (!p.targets.some((t) => t.expr !== null && t.expr.trim() !== "")) report(p, { messageId: "none", data: { title: p.title }, field: "targets" });
    }
  },
});
