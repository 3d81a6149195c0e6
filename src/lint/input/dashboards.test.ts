import { describe, expect, it } from "vitest";
import { jsonDashboard } from "./dashboards.js";

/** A dashboard whose first panel holds a panel, which holds a panel, `depth` deep. */
function nested(depth: number): unknown {
  let panels: unknown[] = [{ id: depth, title: `p${depth}` }];
  for (let i = depth - 1; i >= 1; i--) panels = [{ id: i, title: `p${i}`, panels }];
  return { title: "d", panels };
}

describe("dashboard JSON input", () => {
  it("reads rows and their panels in document order", () => {
    const d = jsonDashboard({ title: "d", panels: [{ id: 1, type: "row", panels: [{ id: 2 }, { id: 3, panels: [{ id: 4 }] }] }, { id: 5 }] }, "d.json")!;
    expect(d.dashboard.panels.map((p) => [p.id, p.path])).toEqual([
      [1, "panels[0]"],
      [2, "panels[0].panels[0]"],
      [3, "panels[0].panels[1]"],
      [4, "panels[0].panels[1].panels[0]"],
      [5, "panels[1]"],
    ]);
    expect(d.diagnostics).toEqual([]);
  });

  it("reads 50,000 nested panels down to the limit and reports the rest, without running out of stack", () => {
    const d = jsonDashboard(nested(50_000), "deep.json")!;
    expect(d.dashboard.panels).toHaveLength(32);
    expect(d.diagnostics).toHaveLength(1);
    expect(d.diagnostics[0]).toMatchObject({
      code: "grafana/json",
      severity: "error",
      file: "deep.json",
      message: `panels nested too deep (limit 32): the panels of ${"panels[0].".repeat(31)}panels[0] are not read`,
      path: `${"panels[0].".repeat(32)}panels`,
    });
  });

  it("reads panels nested up to the limit", () => {
    const d = jsonDashboard(nested(32), "d.json")!;
    expect(d.dashboard.panels).toHaveLength(32);
    expect(d.diagnostics).toEqual([]);
  });

  it("reads at most 10,000 panels and reports the rest, so panel comparisons stay bounded", () => {
    const panels = Array.from({ length: 12_000 }, (_, i) => ({ id: i, title: `p${i}`, gridPos: { x: 0, y: i, w: 1, h: 1 } }));
    const d = jsonDashboard({ title: "d", panels }, "big.json")!;
    expect(d.dashboard.panels).toHaveLength(10_000);
    expect(d.diagnostics.map((x) => [x.path, x.message])).toEqual([["panels[10000]", "more than 10000 panels: the panels from panels[10000] on are not read"]]);
  });
});
