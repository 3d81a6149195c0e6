import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./panel-unit.js";

testRule(rule, {
  valid: [
    { dashboard: grafanaDashboard([grafanaPanel(1, "up")]) },
    { name: "a table", dashboard: grafanaDashboard([grafanaPanel(1, "up", { type: "table", fieldConfig: {} })]) },
  ],
  invalid: [
    {
      name: "a time series without unit",
      dashboard: grafanaDashboard([grafanaPanel(1, "up", { fieldConfig: { defaults: {} } })]),
      errors: [{ messageId: "missing" }],
    },
  ],
});
