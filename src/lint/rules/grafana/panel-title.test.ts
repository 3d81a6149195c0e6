import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./panel-title.js";

testRule(rule, {
  valid: [
    { dashboard: grafanaDashboard([grafanaPanel(1, "up")]) },
    { name: "a row without description", dashboard: grafanaDashboard([{ id: 1, type: "row", title: "R" }]) },
  ],
  invalid: [
    { name: "no title", dashboard: grafanaDashboard([grafanaPanel(1, "up", { title: "" })]), errors: [{ messageId: "title" }] },
    { name: "no description", dashboard: grafanaDashboard([grafanaPanel(1, "up", { description: "" })]), errors: [{ messageId: "description" }] },
  ],
});
