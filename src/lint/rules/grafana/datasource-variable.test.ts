import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./datasource-variable.js";

const fixed = { type: "prometheus", uid: "P1809F7CD0C75ACF3" };

testRule(rule, {
  valid: [
    { name: "panels using ${datasource}", dashboard: grafanaDashboard([grafanaPanel(1, "up")]) },
    { name: "a $datasource string", dashboard: grafanaDashboard([grafanaPanel(1, "up", { datasource: "$datasource" })]) },
  ],
  invalid: [
    {
      name: "no datasource variable",
      dashboard: grafanaDashboard([grafanaPanel(1, "up")], { templating: { list: [] } }),
      errors: [{ messageId: "noVariable" }],
    },
    {
      name: "a panel and its query on a fixed datasource",
      dashboard: grafanaDashboard([grafanaPanel(1, "up", { datasource: fixed, targets: [{ refId: "A", expr: "up", datasource: fixed }] })]),
      errors: [
        { messageId: "hardcoded", message: 'panel "Panel 1"' },
        { messageId: "hardcoded", message: "query A" },
      ],
    },
  ],
});
