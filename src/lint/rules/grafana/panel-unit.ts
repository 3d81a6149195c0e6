/**
 * grafana/panel-unit: panels that show numbers say in what unit (grafana/dashboard-linter's
 * panel-units rule): 250 means nothing without "ms" or "µs".
 */
import { defineRule } from "../../types.js";

const NUMERIC = new Set(["timeseries", "graph", "stat", "gauge", "bargauge", "heatmap"]);

export default defineRule({
  meta: {
    id: "grafana/panel-unit",
    severity: "warning",
    impact: "convention",
    description: "Numeric panels set a unit.",
    messages: { missing: 'panel "{{title}}" shows numbers but sets no unit (fieldConfig.defaults.unit)' },
  },
  dashboard({ dashboard, report }) {
    for (const p of dashboard.panels) {
      if (NUMERIC.has(p.type) && (p.unit === null || p.unit.trim() === ""))
        report(p, { messageId: "missing", data: { title: p.title }, field: "fieldConfig.defaults.unit" });
    }
  },
});
