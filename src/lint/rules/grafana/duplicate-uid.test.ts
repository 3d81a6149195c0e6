import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./duplicate-uid.js";

testRule(rule, {
  valid: [{ name: "two uids", dashboard: grafanaDashboard([grafanaPanel(1, "up")]), more: [grafanaDashboard([grafanaPanel(1, "up")], { uid: "other" })] }],
  invalid: [
    {
      name: "one uid twice",
      dashboard: grafanaDashboard([grafanaPanel(1, "up")]),
      more: [grafanaDashboard([grafanaPanel(1, "up")], { title: "Copy" })],
      errors: [{ messageId: "duplicate", message: "dashboard-1.json" }],
    },
  ],
});
