import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./panel-targets.js";

testRule(rule, {
  valid: [{ dashboard: grafanaDashboard([grafanaPanel(1, "up"), { id: 2, type: "text", title: "Notes" }]) }],
  invalid: [
    { name: "no targets", dashboard: grafanaDashboard([grafanaPanel(1, "up", { targets: [] })]), errors: [{ messageId: "none" }] },
    { name: "an empty query", dashboard: grafanaDashboard([grafanaPanel(1, "up", { targets: [{ refId: "A", expr: " " }] })]), errors: [{ messageId: "none" }] },
  ],
});
