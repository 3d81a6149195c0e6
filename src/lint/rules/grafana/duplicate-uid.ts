/**
 * grafana/duplicate-uid: dashboard uids are unique across everything linted together; Grafana
 * keeps one dashboard per uid and provisioning the second overwrites the first.
 */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "grafana/duplicate-uid",
    severity: "error",
    impact: "bug",
    description: "Dashboard uids are unique.",
    messages: { duplicate: 'dashboard uid "{{uid}}" is also used by "{{other}}" ({{file}}): Grafana keeps only one of them' },
  },
  allDashboards({ input, report }) {
    const seen = new Map<string, { title: string; file: string }>();
    for (const d of input.dashboards ?? []) {
      if (!d.uid) continue;
      const prev = seen.get(d.uid);
      if (prev) report(d, null, { messageId: "duplicate", data: { uid: d.uid, other: prev.title, file: prev.file }, field: "uid" });
      else seen.set(d.uid, { title: d.title, file: d.file });
    }
  },
});
