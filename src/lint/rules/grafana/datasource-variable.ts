/**
 * grafana/datasource-variable: a dashboard declares a datasource template variable and every panel
 * and query uses it, so the dashboard works in any Grafana whatever its datasources are called
 * (grafana/dashboard-linter's template-datasource and panel-datasource rules).
 */
import { defineRule } from "../../types.js";

function uidOf(ds: unknown): string | null {
  if (ds === null || ds === undefined) return null;
  if (typeof ds === "string") return ds;
  if (typeof ds === "object" && "uid" in ds && typeof (ds as { uid: unknown }).uid === "string") return (ds as { uid: string }).uid;
  return null;
}

export default defineRule({
  meta: {
    id: "grafana/datasource-variable",
    severity: "warning",
    impact: "convention",
    description: "Dashboards declare a datasource variable, and every panel and query uses it instead of a fixed datasource.",
    messages: {
      noVariable: "dashboard {{title}} has no datasource template variable: its panels are tied to one Grafana's datasource names",
      hardcoded: '{{what}} uses the fixed datasource "{{uid}}"; use the dashboard\'s variable (`${{{variable}}}`)',
    },
  },
  dashboard({ dashboard, report }) {
    const vars = dashboard.datasourceVariables;
    if (vars.length === 0) {
      report(null, { messageId: "noVariable", data: { title: dashboard.title || "(untitled)" } });
      return;
    }
    const variable = vars[0]!;
    const isVar = (uid: string) => /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(uid) || uid === "-- Mixed --" || uid === "-- Dashboard --";
    for (const p of dashboard.panels) {
      if (p.type === "row") continue;
      const uid = uidOf(p.datasource);
      if (uid !== null && !isVar(uid)) report(p, { messageId: "hardcoded", data: { what: `panel "${p.title}"`, uid, variable }, field: "datasource" });
      p.targets.forEach((t, i) => {
        const tu = uidOf(t.datasource);
        if (tu !== null && !isVar(tu))
          report(p, {
            messageId: "hardcoded",
            data: { what: `query ${t.refId || i + 1} of "${p.title}"`, uid: tu, variable },
            field: `targets[${i}].datasource`,
          });
      });
    }
  },
});
