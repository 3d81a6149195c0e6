/**
 * Grafana dashboards imported into the catalog (src/import/dashboards.ts): a dashboard whose
 * panels the catalog can say becomes a catalog dashboard that builds back to the same panels;
 * any other stays raw, with the reason, and passes through the build as data.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardJson } from "../../src/emit/grafana.js";
import { emitGrafana } from "../../src/emit/grafana.js";
import { DASHBOARD_IMPORT, type ImportedDashboard, importDashboards } from "../../src/import/dashboards.js";
import { rawDashboard } from "../../src/model/authoring.js";
import { resolveCatalog } from "../../src/model/resolve.js";

const FIXTURES = "test/import/fixtures/dashboards";
const text = (file: string) => readFileSync(file, "utf8");
const fixture = (name: string) => ({ file: join(FIXTURES, name), text: text(join(FIXTURES, name)) });
const one = (name: string): ImportedDashboard => {
  const r = importDashboards([fixture(name)]);
  expect(r.diagnostics).toEqual([]);
  return r.dashboards[0]!;
};
type Json = Record<string, any>;

/** A catalog holding only these dashboards (and the service every catalog needs). */
function catalogOf(dashboards: unknown[]) {
  return resolveCatalog({
    name: "imported",
    teams: ["web"],
    services: [{ name: "web", description: "web", metricsPort: 9100, metrics: {} }],
    generatedDashboards: { services: false, slo: false },
    dashboards,
  });
}

/** What the brief calls the same panels, read from emitted and input JSON alike: rows and panels in layout order. */
function panelsOf(json: Json): unknown[] {
  const out: unknown[] = [];
  let row: Json[] = [];
  const flush = () => {
    row.sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
    for (const p of row)
      out.push({
        type: p.type,
        title: p.title,
        gridPos: [p.gridPos.x, p.gridPos.y, p.gridPos.w, p.gridPos.h],
        unit: p.fieldConfig?.defaults?.unit || "none",
        min: p.fieldConfig?.defaults?.min,
        max: p.fieldConfig?.defaults?.max,
        targets: p.targets.map((t: Json) => [t.expr, t.legendFormat ?? "", t.instant === true, t.format ?? "time_series"]),
      });
    row = [];
  };
  for (const p of json.panels) {
    if (p.type === "row") {
      flush();
      out.push({ row: p.title, y: p.gridPos.y });
    } else row.push(p);
  }
  flush();
  return out;
}

/** Builds an imported catalog dashboard alone and returns its emitted JSON. */
function build(d: ImportedDashboard): Json {
  if (d.kind !== "catalog") throw new Error(`expected a catalog dashboard, got raw: ${d.reason}`);
  const r = catalogOf([d.def]);
  expect(r.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
  return dashboardJson(r.value!.dashboards[0]!, "imported", "15s") as unknown as Json;
}

describe("dashboards that map to the catalog", () => {
  it("maps a hand-written export whose panels the catalog can say, and building it gives the same panels", () => {
    const d = one("maps.json");
    expect(d.kind).toBe("catalog");
    if (d.kind !== "catalog") return;
    expect(d.def).toMatchObject({ title: "Checkout", uid: "checkout-overview", refresh: "1m", from: "now-6h", tags: ["checkout", "web"] });
    expect(d.def.rows.map((r) => [r.title, r.panels.map((p) => [p.type, p.title, p.unit, p.width, p.height])])).toEqual([
      [
        "Traffic",
        [
          ["timeseries", "Requests", "reqps", 16, 8],
          ["gauge", "Error ratio", "percentunit", 8, 8],
        ],
      ],
      [
        "Latency",
        [
          ["timeseries", "Latency quantiles", "s", 12, 9],
          ["heatmap", "Latency distribution", "s", 12, 9],
          ["table", "Targets", "none", 24, 6],
        ],
      ],
    ]);
    expect(d.def.rows[0]!.panels[0]!.stacked).toBe(true);
    expect(d.def.rows[0]!.panels[1]).toMatchObject({ min: 0, max: 1 });
    expect(panelsOf(build(d))).toEqual(panelsOf(JSON.parse(fixture("maps.json").text)));
  });

  it("reads the HTTP API's `{ dashboard, meta }`, taking the folder from `meta.folderTitle`, and a stat with UP/DOWN mappings as a status panel", () => {
    const d = one("api-wrapper.json");
    expect(d.kind).toBe("catalog");
    if (d.kind !== "catalog") return;
    expect(d.def.folder).toBe("Payments");
    expect(d.def.rows[0]!.panels.map((p) => p.type)).toEqual(["stat", "status"]);
    expect(panelsOf(build(d))).toEqual(panelsOf(JSON.parse(fixture("api-wrapper.json").text).dashboard));
  });
});

describe("an export for sharing externally", () => {
  it("maps one whose panels the catalog can say: its Prometheus input is the catalog's data source, its constants their values", () => {
    const json = JSON.parse(fixture("inputs-export.json").text);
    json.panels[0].gridPos.y = 1;
    json.panels.unshift({ type: "row", title: "CPU", collapsed: false, gridPos: { x: 0, y: 0, w: 24, h: 1 }, id: 1, panels: [] });
    const r = importDashboards([{ file: "export.json", text: JSON.stringify(json) }]);
    expect(r.dashboards[0]!.kind).toBe("catalog");
    const d = r.dashboards[0]!;
    if (d.kind !== "catalog") return;
    expect(d.def.rows[0]!.panels[0]!.targets[0]!.query.expr).toContain('job="node"');
    const built = build(d);
    expect(JSON.stringify(built)).not.toContain("DS_PROMETHEUS");
    expect(built.panels[1].datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
  });
});

describe("dashboards that stay raw, with the reason", () => {
  it.each([
    ["transformations.json", "panels[1]: transformations"],
    ["overrides.json", "panels[1]: field overrides"],
    ["library-panel.json", "panels[2]: a library panel"],
    ["templating.json", 'templating: the variable "instance"'],
    ["loki-panel.json", 'panels[1]: the panel type "logs"'],
    ["inputs-export.json", "panels[0]: a panel outside rows"],
  ])("keeps %s raw: %s", (name, reason) => {
    const d = one(name);
    expect(d.kind).toBe("raw");
    if (d.kind !== "raw") return;
    expect(d.reason).toContain(reason);
    expect(d.json).toEqual(JSON.parse(fixture(name).text));
  });

  const maps = (): Json => JSON.parse(fixture("maps.json").text);
  it.each<[string, (d: Json) => void, string]>([
    ["a collapsed row", (d) => Object.assign(d.panels[0], { collapsed: true, panels: [d.panels.splice(1, 1)[0]] }), "a collapsed row"],
    ["panel links", (d) => (d.panels[1].links = [{ title: "Docs", url: "https://example.com" }]), "panel links"],
    [
      "thresholds",
      (d) =>
        (d.panels[2].fieldConfig.defaults.thresholds = {
          mode: "absolute",
          steps: [
            { color: "green", value: null },
            { color: "red", value: 0.05 },
          ],
        }),
      "thresholds",
    ],
    ["value mappings", (d) => (d.panels[2].fieldConfig.defaults.mappings = [{ type: "value", options: { "0": { text: "none" } } }]), "value mappings"],
    ["a non-Prometheus target", (d) => (d.panels[1].targets[0].datasource = { type: "influxdb", uid: "x" }), "non-Prometheus data source"],
    ["a hidden query", (d) => (d.panels[1].targets[0].hide = true), "a hidden query"],
    ["a query's min interval", (d) => (d.panels[1].targets[0].interval = "1m"), "min interval"],
    ["decimals", (d) => (d.panels[1].fieldConfig.defaults.decimals = 2), "field settings the catalog cannot say (decimals)"],
    ["a repeated panel", (d) => (d.panels[1].repeat = "instance"), "a repeated panel"],
    [
      "an annotation of its own",
      (d) => d.annotations.list.push({ name: "Deploys", datasource: { type: "loki" }, expr: '{app="ci"}' }),
      'the annotation "Deploys"',
    ],
    ["a relative time range ending in the past", (d) => (d.time = { from: "now-2d", to: "now-1d" }), "the time range"],
  ])("keeps a dashboard with %s raw", (_what, mutate, reason) => {
    const json = maps();
    mutate(json);
    const r = importDashboards([{ file: "x.json", text: JSON.stringify(json) }]);
    expect(r.dashboards[0]).toMatchObject({ kind: "raw" });
    expect((r.dashboards[0] as { reason: string }).reason).toContain(reason);
  });

  it("keeps raw a dashboard whose layout the catalog's left-to-right rows cannot reproduce, found by building it", () => {
    const json = maps();
    // Latency row: two panels of height 9 and 4 side by side, and one tucked under the short one,
    // where Grafana's gravity puts it; the catalog starts a new line under the taller one.
    json.panels[5].gridPos = { h: 4, w: 12, x: 12, y: 10 };
    json.panels[6].gridPos = { h: 5, w: 12, x: 12, y: 14 };
    const r = importDashboards([{ file: "x.json", text: JSON.stringify(json) }]);
    expect(r.dashboards[0]).toMatchObject({ kind: "raw" });
    expect((r.dashboards[0] as { reason: string }).reason).toMatch(
      /^building it as a catalog dashboard changes panels\[\d\] \("Targets"\): laid out at 0,19,12,5 instead of 12,14,12,5/,
    );
  });
});

describe("an export the build would refuse", () => {
  it("warns of an input of another data source, which the build refuses, saying what to do", () => {
    const json = JSON.parse(fixture("inputs-export.json").text);
    json.__inputs.push({ name: "DS_LOKI", label: "Loki", type: "datasource", pluginId: "loki", pluginName: "Loki" });
    const r = importDashboards([{ file: "export.json", text: JSON.stringify(json) }]);
    expect(r.dashboards[0]!.kind).toBe("raw");
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: DASHBOARD_IMPORT.input, severity: "warning", file: "export.json", path: "__inputs[2]" })]);
    expect(r.diagnostics[0]!.hint).toContain("replace ${DS_LOKI}");
  });
});

describe("what is not a dashboard", () => {
  it("reports malformed JSON at file:line:col, saying what to do", () => {
    const r = importDashboards([fixture("malformed.json")]);
    expect(r.dashboards).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: DASHBOARD_IMPORT.json, severity: "error", file: join(FIXTURES, "malformed.json"), line: 4, column: 32 }),
    ]);
    expect(r.diagnostics[0]!.hint).toContain("export the dashboard");
  });

  it("reports JSON that is no dashboard, a raw dashboard without a uid, and two dashboards with one uid", () => {
    const { uid: _u, ...noUid } = JSON.parse(fixture("transformations.json").text);
    const r = importDashboards([
      { file: "a.json", text: '{ "groups": [] }' },
      { file: "b.json", text: JSON.stringify(noUid) },
      fixture("maps.json"),
      { file: "c.json", text: JSON.stringify({ ...JSON.parse(fixture("maps.json").text), uid: "Checkout-Overview" }) },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.file])).toEqual([
      [DASHBOARD_IMPORT.notDashboard, "a.json"],
      [DASHBOARD_IMPORT.uid, "b.json"],
      [DASHBOARD_IMPORT.duplicate, "c.json"],
    ]);
    expect(r.dashboards.map((d) => d.kind)).toEqual(["raw", "catalog", "catalog"]);
  });
});

describe("the shipped dashboards and the documented examples", () => {
  const files = ["out/grafana/dashboards", "docs/examples/grafana/out/grafana/dashboards"].flatMap((root) =>
    readdirSync(root).flatMap((folder) => readdirSync(join(root, folder)).map((f) => ({ file: join(root, folder, f), text: text(join(root, folder, f)) }))),
  );

  it("imports every one: all raw, since their thresholds and runbook links come from the catalog's alerts, which the catalog cannot say on a panel", () => {
    const r = importDashboards(files);
    expect(r.diagnostics).toEqual([]);
    expect(r.dashboards).toHaveLength(11);
    // The first of each dashboard's reasons, without where it is.
    const reasons = r.dashboards.map((d) => (d.kind === "raw" ? d.reason.split("; ")[0]!.replace(/^panels\[\d+\]: /, "") : "catalog"));
    // The empty dashboard of a service without metrics has no row to say.
    expect(reasons.sort()).toEqual(
      [
        ...Array(9).fill("panel links"),
        "no panels (a catalog dashboard has at least one row)",
        "thresholds (the catalog colours a panel by the alerts on its metrics)",
      ].sort(),
    );
  });

  it("maps each of them, with the alert thresholds and runbook links taken out, to a catalog dashboard that builds back to the same panels", () => {
    const stripped = files.map((f) => {
      const json = JSON.parse(f.text);
      for (const p of json.panels) {
        p.links = [];
        if (p.fieldConfig) p.fieldConfig.defaults.thresholds.steps = p.fieldConfig.defaults.thresholds.steps.slice(0, 1);
      }
      return { file: f.file, json };
    });
    const r = importDashboards(stripped.map((s) => ({ file: s.file, text: JSON.stringify(s.json) })));
    const mapped = r.dashboards.filter((d) => d.kind === "catalog");
    expect(mapped).toHaveLength(10);
    for (const d of mapped) expect(panelsOf(build(d)), d.file).toEqual(panelsOf(stripped.find((s) => s.file === d.file)!.json));
  });

  it("passes every raw one through a catalog's build as data: the file written parses equal to the dashboard", () => {
    const raw = importDashboards(files).dashboards.filter((d) => d.kind === "raw");
    const r = catalogOf(raw.map((d) => rawDashboard({ json: d.json, ...(d.folder ? { folder: d.folder } : {}) })));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const out = emitGrafana(r.value!);
    for (const d of raw) {
      const file = out.find((f) => f.path === `grafana/dashboards/imported/${d.json.uid}.json`);
      expect(JSON.parse(file!.contents), d.file).toEqual(d.json);
    }
  });
});
