/** grafana/duplicate-panel-id: panel ids are unique within a dashboard; Grafana links (`viewPanel=`) and edits address panels by id. */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "grafana/duplicate-panel-id",
    severity: "error",
    impact: "bug",
    description: "Panel ids are unique within a dashboard.",
    messages: { duplicate: 'panel id {{id}} of "{{title}}" is also the id of "{{other}}": links and edits reach only one of them' },
  },
  dashboard({ dashboard, report }) {
    const seen = new Map<number, string>();
    for (const p of dashboard.panels) {
      if (p.id === null) continue;
      const prev = seen.get(p.id);
      if (prev !== undefined) report(p, { messageId: "duplicate", data: { id: p.id, title: p.title, other: prev }, field: "id" });
      else seen.set(p.id, p.title);
    }
  },
});
