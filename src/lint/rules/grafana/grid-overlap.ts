/** grafana/grid-overlap: panels do not overlap on the dashboard grid (Grafana then pushes them around unpredictably on load). */
import type { LintPanel } from "../../types.js";
import { defineRule } from "../../types.js";

function overlaps(a: NonNullable<LintPanel["gridPos"]>, b: NonNullable<LintPanel["gridPos"]>): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export default defineRule({
  meta: {
    id: "grafana/grid-overlap",
    severity: "warning",
    impact: "convention",
    description: "Panels do not overlap, and fit in the 24-column grid.",
    messages: {
      overlap: 'panel "{{title}}" overlaps "{{other}}" on the grid: Grafana moves one of them on load',
      width: 'panel "{{title}}" spans columns {{from}} to {{to}}, beyond the grid\'s 24',
    },
  },
  dashboard({ dashboard, report }) {
    const placed: LintPanel[] = [];
    for (const p of dashboard.panels) {
      const g = p.gridPos;
      if (!g) continue;
      if (g.x + g.w > 24) report(p, { messageId: "width", data: { title: p.title, from: g.x, to: g.x + g.w }, field: "gridPos" });
      const other = placed.find((q) => overlaps(q.gridPos!, g));
      if (other) report(p, { messageId: "overlap", data: { title: p.title, other: other.title }, field: "gridPos" });
      placed.push(p);
    }
  },
});
