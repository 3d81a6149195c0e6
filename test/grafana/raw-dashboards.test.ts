/**
 * Grafana dashboards kept as exported (`rawDashboard`): written unchanged beside the catalog's,
 * provisioned and put in sidecar ConfigMaps the same way, listed in catalog.json, linted as a
 * dashboard file is, and an export "for sharing externally" made loadable by provisioning.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { catalogJson } from "../../src/emit/catalog-json.js";
import { emitAll } from "../../src/emit/index.js";
import { checkTargets } from "../../src/emit/targets/check.js";
import { applyConfigToCatalog } from "../../src/config/apply.js";
import { loadConfig } from "../../src/config/load-config.js";
import { lintCatalog } from "../../src/lint/catalog-lint.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { rawDashboard } from "../../src/model/authoring.js";
import { catalogDocSchema } from "../../src/model/catalog-doc-schema.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { runBinary, tempDir } from "../helpers/cli.js";
import { ALL_TARGETS_CONFIG } from "../targets/helpers.js";

const shipped = (await loadCatalog("catalog/index.ts")).value!.value as Record<string, unknown> & { dashboards: unknown[] };
const FIXTURES = "test/import/fixtures/dashboards";
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));

/** A plain Grafana model, as "Export" without sharing externally writes it. */
const plain = {
  uid: "node-overview",
  title: "Node overview",
  schemaVersion: 39,
  version: 7,
  id: 12,
  templating: { list: [{ name: "datasource", type: "datasource", query: "prometheus", options: [] }] },
  panels: [
    {
      id: 1,
      type: "timeseries",
      title: "Load",
      description: "Load average",
      datasource: { type: "prometheus", uid: "${datasource}" },
      gridPos: { x: 0, y: 0, w: 24, h: 8 },
      fieldConfig: { defaults: { unit: "short" }, overrides: [{ matcher: { id: "byName", options: "x" }, properties: [] }] },
      transformations: [{ id: "reduce", options: {} }],
      targets: [{ refId: "A", datasource: { type: "prometheus", uid: "${datasource}" }, expr: "node_load1" }],
    },
  ],
};

function resolved(dashboards: unknown[]) {
  return resolveCatalog({ ...shipped, dashboards: [...shipped.dashboards, ...dashboards] });
}
const rawIndex = shipped.dashboards.length;

describe("raw dashboards in the catalog", () => {
  it("writes a raw dashboard's model unchanged at grafana/dashboards/<folder>/<uid>.json, beside the catalog's, and provisions it", () => {
    const r = resolved([rawDashboard({ json: plain, folder: "Imported" }), rawDashboard({ json: { ...plain, uid: "node-two" } })]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const files = emitAll(r.value!);
    const at = (p: string) => files.find((f) => f.path === p);
    expect(JSON.parse(at("grafana/dashboards/Imported/node-overview.json")!.contents)).toEqual(plain);
    // Without a folder of its own: the catalog's folder, as a declared dashboard.
    expect(JSON.parse(at("grafana/dashboards/py_rt/node-two.json")!.contents)).toEqual({ ...plain, uid: "node-two" });
    // The one provider reads the whole tree, so both are provisioned without a change to it.
    expect(at("grafana/provisioning/dashboards.yml")).toBeDefined();
    const catalogBoards = files.filter((f) => f.path.startsWith("grafana/dashboards/")).length;
    expect(catalogBoards).toBe(r.value!.dashboards.length + 2);
  });

  it("puts a raw dashboard in a sidecar ConfigMap with its folder, holding the same JSON as its file", async () => {
    const loaded = await loadConfig(ALL_TARGETS_CONFIG);
    const config = loaded.value!.config;
    const raw = { ...shipped, dashboards: [...shipped.dashboards, rawDashboard({ json: plain, folder: "Imported" })] };
    const model = resolveCatalog(applyConfigToCatalog(raw, config)).value!;
    expect(checkTargets(model, config, loaded.value!.file).filter((d) => d.severity === "error")).toEqual([]);
    const files = emitAll(model, { targets: config.targets, rules: config.rules });
    const cm = files.find((f) => f.path === "kubernetes/dashboards/grafana-dashboard-node-overview.yaml");
    expect(cm).toBeDefined();
    const doc = yaml.load(cm!.contents) as { metadata: { annotations: Record<string, string>; labels: Record<string, string> }; data: Record<string, string> };
    expect(doc.metadata.annotations.grafana_folder).toBe("Imported");
    expect(doc.data["node-overview.json"]).toBe(files.find((f) => f.path === "grafana/dashboards/Imported/node-overview.json")!.contents);
    expect(JSON.parse(doc.data["node-overview.json"]!)).toEqual(plain);
  });

  it("lists raw dashboards in catalog.json, and leaves the field out when there are none", () => {
    const doc = JSON.parse(JSON.stringify(catalogJson(resolved([rawDashboard({ json: plain, folder: "Imported" })]).value!)));
    expect(catalogDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.rawDashboards).toEqual([
      {
        uid: "node-overview",
        title: "Node overview",
        folder: "Imported",
        file: "grafana/dashboards/Imported/node-overview.json",
        path: `dashboards[${rawIndex}]`,
      },
    ]);
    expect(JSON.parse(JSON.stringify(catalogJson(resolved([]).value!))).rawDashboards).toBeUndefined();
  });

  it.each([
    ["missing", undefined, "has no `uid`"],
    ["empty", "", "has no `uid`"],
    ["not a string", 42, "not a string"],
    ["too long", "x".repeat(41), "not 1 to 40"],
    ["with a slash", "a/b", "not 1 to 40"],
    ["a Windows device", "nul", "device name"],
  ])("refuses a raw dashboard whose uid is %s, at its uid, saying what to do", (_what, uid, says) => {
    const { uid: _u, ...rest } = plain;
    const r = resolved([rawDashboard({ json: uid === undefined ? rest : { ...rest, uid } })]);
    const e = r.diagnostics.filter((d) => d.code === "catalog/raw-dashboard-uid");
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ severity: "error", path: `dashboards[${rawIndex}].json.uid` });
    expect(e[0]!.message).toContain(says);
    expect(e[0]!.hint).toMatch(/set the dashboard JSON's `uid`/);
  });

  it("refuses a raw dashboard whose uid another dashboard has, ignoring case, generated ones included", () => {
    const taken = (JSON.parse(JSON.stringify(resolved([]).value!.dashboards)) as { uid: string }[]).find((d) => d.uid.includes("svc"))!.uid;
    const r = resolved([rawDashboard({ json: { ...plain, uid: taken.toUpperCase() } }), rawDashboard({ json: plain }), rawDashboard({ json: plain })]);
    const dup = r.diagnostics.filter((d) => d.code === "catalog/duplicate-dashboard");
    expect(dup.map((d) => d.path)).toEqual([`dashboards[${rawIndex}].json.uid`, `dashboards[${rawIndex + 2}].json.uid`]);
    expect(dup[0]!.message).toContain("differs only in case");
    expect(dup[1]!.message).toContain(`already used by dashboards[${rawIndex + 1}].json.uid`);
    expect(dup[1]!.hint).toContain("change the `uid` in the dashboard JSON");
  });

  it("refuses a raw dashboard that is not an object, or with fields beside `json` and `folder`", () => {
    for (const bad of [{ json: [] }, { json: plain, title: "x" }, { json: plain, folder: "a/b" }]) {
      const r = resolved([bad]);
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.some((d) => d.code === "catalog/schema" && d.path?.startsWith(`dashboards[${rawIndex}]`))).toBe(true);
    }
  });
});

describe("an export for sharing externally (`__inputs`)", () => {
  it("replaces the Prometheus input by a `datasource` variable and a constant by its value, so provisioning loads it", () => {
    const json = fixture("inputs-export.json");
    const r = resolved([rawDashboard({ json })]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const d = r.value!.rawDashboards[0]!;
    expect(d.inputs).toEqual(["DS_PROMETHEUS", "VAR_JOB"]);
    const text = JSON.stringify(d.json);
    expect(text).not.toContain("DS_PROMETHEUS");
    expect(text).not.toContain("${VAR_JOB}");
    expect(d.json.__inputs).toBeUndefined();
    const panel = (d.json.panels as { datasource: unknown; targets: { datasource: unknown; expr: string }[] }[])[0]!;
    expect(panel.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
    expect(panel.targets[0]!.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
    expect(panel.targets[0]!.expr).toContain('job="node"');
    const vars = (d.json.templating as { list: { name: string; type: string; query: string }[] }).list;
    expect(vars[0]).toMatchObject({ name: "datasource", type: "datasource", query: "prometheus" });
    // Everything else is as exported.
    const { __inputs: _i, templating: _t, panels: _p, ...rest } = json;
    const { templating: _t2, panels: _p2, ...restOut } = d.json;
    expect(restOut).toEqual(rest);
  });

  it("uses the dashboard's own Prometheus data source variable when it has one", () => {
    const json = { ...fixture("inputs-export.json"), templating: { list: [{ name: "ds", type: "datasource", query: "prometheus" }] } };
    const d = resolved([rawDashboard({ json })]).value!.rawDashboards[0]!;
    expect((d.json.panels as { datasource: unknown }[])[0]!.datasource).toEqual({ type: "prometheus", uid: "${ds}" });
    expect((d.json.templating as { list: unknown[] }).list).toHaveLength(1);
  });

  it("refuses an input of another data source, naming it and what to do", () => {
    const json = fixture("inputs-export.json");
    (json.__inputs as unknown[]).push({ name: "DS_LOKI", label: "Loki", type: "datasource", pluginId: "loki", pluginName: "Loki" });
    const r = resolved([rawDashboard({ json })]);
    const e = r.diagnostics.filter((d) => d.code === "catalog/raw-dashboard-input");
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ severity: "error", path: `dashboards[${rawIndex}].json.__inputs[2]` });
    expect(e[0]!.message).toContain("DS_LOKI is a loki data source");
    expect(e[0]!.hint).toContain("replace ${DS_LOKI}");
  });

  it("refuses to add the `datasource` variable over a variable of that name of another kind", () => {
    const json = { ...fixture("inputs-export.json"), templating: { list: [{ name: "datasource", type: "custom", query: "a,b" }] } };
    const e = resolved([rawDashboard({ json })]).diagnostics.filter((d) => d.code === "catalog/raw-dashboard-input");
    expect(e.map((d) => d.path)).toEqual([`dashboards[${rawIndex}].json.templating`]);
  });
});

describe("the lint of raw dashboards", () => {
  const lint = (json: unknown) => {
    const r = resolved([rawDashboard({ json: json as Record<string, unknown> })]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return lintCatalog(r.value!, "catalog/index.ts", { today: "2026-01-01" }).diagnostics.filter((d) => d.path?.startsWith(`dashboards[${rawIndex}]`));
  };

  it("reports a syntax error in a raw dashboard's query as an error at the query, which stops the build", () => {
    const json = JSON.parse(JSON.stringify(plain));
    json.panels[0].targets[0].expr = "sum(rate(node_load1[5m])";
    const found = lint(json);
    expect(found.filter((d) => d.severity === "error").map((d) => [d.code, d.path])).toEqual([
      ["promql/syntax", `dashboards[${rawIndex}].json.panels[0].targets[0].expr`],
    ]);
    expect(found[0]!.hint).toContain("dashboard's JSON");
  });

  it("does not call a raw dashboard's metrics unknown, nor read another data source's queries as PromQL", () => {
    const found = lint(fixture("loki-panel.json"));
    expect(found.map((d) => d.code)).not.toContain("promql/unknown-metric");
    expect(found.map((d) => d.code)).not.toContain("promql/syntax");
  });

  it("reports what `obsgen lint <dashboard.json>` reports, not the conventions the catalog's own dashboards follow", () => {
    const json = JSON.parse(JSON.stringify(plain));
    // No description: a convention (grafana/panel-title); a range not from $__rate_interval: a risk.
    delete json.panels[0].description;
    json.panels[0].targets[0].expr = "rate(node_network_receive_bytes_total[1m])";
    const codes = lint(json).map((d) => d.code);
    expect(codes).toContain("grafana/rate-interval");
    expect(codes.filter((c) => ["grafana/panel-title", "grafana/panel-unit", "grafana/datasource-variable"].includes(c))).toEqual([]);
  });
});

describe("obsgen build with a raw dashboard", () => {
  const catalog = () => `import { counter, defineCatalog, defineService, rawDashboard } from "obsgen";
import exported from "./exported.json";

const requests = counter({ name: "shop_requests_total", help: "Requests" });
export default defineCatalog({
  name: "shop",
  teams: ["web"],
  services: [defineService({ name: "shop", description: "The shop", metricsPort: 8080, metrics: { requests } })],
  dashboards: [
    rawDashboard({ json: exported, folder: "Imported" }),
  ],
});
`;

  function project(json: unknown): string {
    const dir = tempDir("obsgen-raw-");
    mkdirSync(join(dir, "catalog"));
    writeFileSync(join(dir, "catalog", "index.ts"), catalog());
    writeFileSync(join(dir, "catalog", "exported.json"), `${JSON.stringify(json, null, 1)}\n`);
    return dir;
  }

  it("writes the dashboard as data equal to the export and provisions it, and `--check` agrees", async () => {
    const json = fixture("loki-panel.json");
    const dir = project(json);
    const built = runBinary(["build", "--catalog", "catalog/index.ts", "--out", "out"], dir);
    expect(built.stderr).not.toContain("error");
    expect(built.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "out/grafana/dashboards/Imported/checkout-logs.json"), "utf8"))).toEqual(json);
    const provisioning = yaml.load(readFileSync(join(dir, "out/grafana/provisioning/dashboards.yml"), "utf8")) as {
      providers: { options: { path: string; foldersFromFilesStructure: boolean } }[];
    };
    expect(provisioning.providers[0]!.options).toEqual({ path: "/var/lib/grafana/dashboards/shop", foldersFromFilesStructure: true });
    expect(runBinary(["build", "--catalog", "catalog/index.ts", "--out", "out", "--check"], dir).code).toBe(0);
  });

  it("stops at a syntax error in a query, naming the declaring file and line and the path to the query", () => {
    const json = fixture("loki-panel.json") as { panels: { targets: { expr: string }[] }[] };
    json.panels[0]!.targets[0]!.expr = "sum(rate(checkout_errors_total[$__rate_interval])";
    const dir = project(json);
    const built = runBinary(["build", "--catalog", "catalog/index.ts", "--out", "out"], dir);
    expect(built.code).toBe(1);
    const line =
      catalog()
        .split("\n")
        .findIndex((l) => l.includes("rawDashboard({")) + 1;
    expect(built.stderr).toContain(`catalog/index.ts:${line}:`);
    expect(built.stderr).toContain("dashboards[0].json.panels[0].targets[0].expr");
    expect(built.stderr).toContain("promql/syntax");
    expect(built.stderr).not.toMatch(/\n\s+at /);
  });
});
