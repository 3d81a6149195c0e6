/**
 * metric/rename-expired: a metric's `renamedFrom` window has ended. The build keeps emitting the
 * recording rules that serve the old name for as long as `renamedFrom` is declared (it never reads
 * the clock), so the end of the window is enforced here, against today's date.
 */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "metric/rename-expired",
    severity: "warning",
    impact: "convention",
    description: "A metric's `renamedFrom` window has not ended: past `until`, the old name's recording rules should go.",
    messages: {
      expired:
        "{{name}} was renamed from {{old}} until {{until}}, which has passed: remove `renamedFrom` so the build stops recording {{old}} (check `obsgen diff` for readers still on the old name)",
    },
    needsCatalog: true,
  },
  metric({ metric, input, report }) {
    const r = metric.renamedFrom;
    if (r && r.until < input.today) report({ messageId: "expired", data: { name: metric.name, old: r.name, until: r.until }, field: "renamedFrom" });
  },
});
