import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./duplicate-panel-id.js";

testRule(rule, {
  valid: [{ dashboard: grafanaDashboard([grafanaPanel(1, "up"), grafanaPanel(2, "up")]) }],
  invalid: [
    {
      name: "two panels with id 1",
      dashboard: grafanaDashboard([grafanaPanel(1, "up"), grafanaPanel(1, "up", { gridPos: { x: 12, y: 0, w: 12, h: 8 }, title: "B" })]),
      errors: [{ messageId: "duplicate" }],
    },
    {
      name: "a panel inside a row reusing an id",
      dashboard: grafanaDashboard([{ id: 1, type: "row", title: "R", panels: [grafanaPanel(1, "up")] }]),
      errors: [{ messageId: "duplicate" }],
    },
  ],
});
