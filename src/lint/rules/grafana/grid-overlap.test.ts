import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./grid-overlap.js";

const at = (id: number, x: number, y: number, w: number, h: number) => grafanaPanel(id, "up", { gridPos: { x, y, w, h } });

testRule(rule, {
  valid: [{ name: "side by side", dashboard: grafanaDashboard([at(1, 0, 0, 12, 8), at(2, 12, 0, 12, 8), at(3, 0, 8, 24, 8)]) }],
  invalid: [
    { name: "overlapping", dashboard: grafanaDashboard([at(1, 0, 0, 12, 8), at(2, 6, 4, 12, 8)]), errors: [{ messageId: "overlap" }] },
    { name: "wider than the grid", dashboard: grafanaDashboard([at(1, 12, 0, 16, 8)]), errors: [{ messageId: "width" }] },
  ],
});
