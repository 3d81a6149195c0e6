/**
 * grafana/panel-title: every panel has a title and a description (grafana/dashboard-linter's
 * panel-title-description rule): the description is the panel's hover help.
 */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "grafana/panel-title",
    severity: "warning",
    impact: "convention",
    description: "Panels have a title and a description.",
    messages: {
      title: "panel {{id}} has no title",
      description: 'panel "{{title}}" has no description: say what it shows and how to read it',
    },
  },
  dashboard({ dashboard, report }) {
    for (const p of dashboard.panels) {
      if (p.type === "row" || p.type === "text") continue;
      if (p.title.trim() === "") report(p, { messageId: "title", data: { id: p.id ?? "?" }, field: "title" });
      else if (p.description.trim() === "") report(p, { messageId: "description", data: { title: p.title }, field: "description" });
    }
  },
});
