/**
 * Grafana as deployed: the provisioning tree (a directory per folder, read by one provider with
 * `foldersFromFilesStructure`), the sidecar ConfigMaps' folder annotation, links between the
 * catalog's dashboards, and alert annotations: each alert's firing periods on exactly the panels
 * showing its metrics, computed here from the catalog and the panels' parsed queries, each query
 * parsed and linted. The docs example (two folders) is rebuilt and compared with the committed files.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { substituteGrafana } from "../../src/compat/grafana-macros.js";
import { emitAll } from "../../src/emit/index.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { analyze } from "../../src/promql/analyze.js";
import { selectorUses } from "../../src/promql/walk.js";
import { ROOT, runInProcess, tempDir } from "../helpers/cli.js";

async function modelOf(entry: string): Promise<ResolvedCatalog> {
  const loaded = await loadCatalog(entry);
  return resolveCatalog(loaded.value!.value).value!;
}

const model = await modelOf("catalog/index.ts");
const files = emitAll(model);
const dashboardFiles = files.filter((f) => f.path.startsWith("grafana/dashboards/"));
const dashboards = dashboardFiles.map((f) => ({ path: f.path, json: JSON.parse(f.contents) }));
const panelsOf = (d: any) => d.panels.filter((p: any) => p.type !== "row");

/** The catalog metrics and SLOs a panel's queries read: selectors parsed, histogram series and SLO records mapped back. */
function readBy(p: any, m: ResolvedCatalog): { metrics: Set<string>; slos: Set<string> } {
  const metrics = new Set<string>();
  const slos = new Set<string>();
  for (const t of p.targets) {
    const a = analyze(substituteGrafana(t.expr).text);
    for (const use of selectorUses(a.ast!)) {
      const name = use.selector.name!.name;
      const metric = m.metrics.find(
        (x) => x.name === name || (x.type === "histogram" && [`${x.name}_bucket`, `${x.name}_count`, `${x.name}_sum`].includes(name)),
      );
      if (metric) metrics.add(metric.name);
      // A record written once per SLO (slo:sli_error:ratio_rate30d) shows the SLOs its `slo` matcher selects.
      const sloMatcher = use.selector.matchers.find((x) => x.name === "slo" && x.op === "=");
      for (const r of m.recordingRules)
        if (r.record === name && r.labels.slo && (sloMatcher === undefined || sloMatcher.value === r.labels.slo)) slos.add(r.labels.slo);
    }
  }
  return { metrics, slos };
}

/** Alert name → the ids of the panels showing it: reading its metric, drawing its threshold, or showing its SLO. */
function expectedPanels(d: any, m: ResolvedCatalog): Map<string, number[]> {
  const md = m.dashboards.find((x) => x.uid === d.uid)!;
  const thresholds = new Map(md.rows.flatMap((r) => r.panels.map((p) => [p.id, p.alerts] as const)));
  const out = new Map<string, number[]>();
  for (const p of panelsOf(d)) {
    const read = readBy(p, m);
    for (const a of m.alerts) {
      if (a.metrics.some((x) => read.metrics.has(x)) || thresholds.get(p.id)!.includes(a.name) || (a.labels.slo !== undefined && read.slos.has(a.labels.slo)))
        out.set(a.name, [...(out.get(a.name) ?? []), p.id]);
    }
  }
  return out;
}

/** Alert names of an annotation query, from its `alertname` matcher. */
function alertNames(expr: string): string[] {
  const a = analyze(expr);
  expect(a.errors, expr).toEqual([]);
  const [use] = selectorUses(a.ast!);
  expect(use!.selector.name!.name).toBe("ALERTS");
  const byName = Object.fromEntries(use!.selector.matchers.map((x) => [x.name, x]));
  expect(byName.alertstate).toMatchObject({ op: "=", value: "firing" });
  const names = byName.alertname!;
  return names.op === "=" ? [names.value] : names.value.split("|");
}

describe("the provisioning layout", () => {
  it("writes each dashboard under grafana/dashboards/<its folder>/, which the one provider reads with foldersFromFilesStructure", () => {
    const prov = yaml.load(files.find((f) => f.path === "grafana/provisioning/dashboards.yml")!.contents) as any;
    expect(prov.providers).toHaveLength(1);
    const [p] = prov.providers;
    // Grafana names each folder after the directory holding the file only without `folder`/`folderUid`.
    expect(p).toMatchObject({ type: "file", options: { path: "/var/lib/grafana/dashboards/py_rt", foldersFromFilesStructure: true } });
    expect(p.folder).toBeUndefined();
    expect(p.folderUid).toBeUndefined();
    expect(dashboardFiles.length).toBe(model.dashboards.length);
    for (const d of model.dashboards) expect(files.some((f) => f.path === `grafana/dashboards/${d.folder}/${d.uid}.json`)).toBe(true);
    // The shipped catalog sets no folder: everything is in the catalog's, as before folders existed.
    expect(new Set(model.dashboards.map((d) => d.folder))).toEqual(new Set(["py_rt"]));
  });

  it("refuses folders that differ only in case, naming where each is set", async () => {
    const { writeCatalog, baseCatalog } = await import("../helpers/catalogs.js");
    const c = baseCatalog();
    c.grafana = { folder: "Shop" };
    c.dashboards = [
      {
        title: "Overview",
        description: "d",
        folder: "shop",
        rows: [
          {
            title: "r",
            panels: [{ type: "stat", title: "p", description: "d", targets: [{ kind: "rate", metric: "checkout_requests_total", window: "5m" }] }],
          },
        ],
      },
    ];
    const { entry } = writeCatalog(c);
    const r = await runInProcess(["build", "--catalog", entry, "--out", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("catalog/duplicate-folder");
    expect(r.stderr).toContain('"Shop"');
  });

  it("refuses a folder that is no directory name", async () => {
    const { writeCatalog, baseCatalog } = await import("../helpers/catalogs.js");
    const c = baseCatalog();
    c.grafana = { folder: "Shop/Checkout" };
    const { entry } = writeCatalog(c);
    const r = await runInProcess(["build", "--catalog", entry, "--out", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("grafana.folder");
    expect(r.stderr).toContain("path separator");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("links between dashboards", () => {
  const uids = new Set(dashboards.map((d) => d.json.uid));
  const target = (url: string) => /^\/d\/([^?]+)/.exec(url)?.[1];

  it("point at dashboards that exist, by uid, keeping the time range and variables", () => {
    let n = 0;
    for (const { json: d } of dashboards) {
      for (const l of d.links) {
        expect(uids.has(target(l.url)!), `${d.uid} → ${l.url}`).toBe(true);
        expect(target(l.url)).not.toBe(d.uid);
        expect(l).toMatchObject({ type: "link", keepTime: true, includeVars: true });
        n++;
      }
      for (const p of panelsOf(d))
        for (const l of p.links.filter((x: any) => x.url.startsWith("/d/"))) {
          expect(uids.has(target(l.url)!), `${d.uid} panel ${p.id} → ${l.url}`).toBe(true);
          expect(l.url).toContain("${__url_time_range}");
          n++;
        }
    }
    expect(n).toBeGreaterThan(0);
  });

  it("link each service dashboard to the SLO and overview dashboards, and the SLO dashboard to each service's", () => {
    const by = (uid: string) => dashboards.find((d) => d.json.uid === uid)!.json;
    const overview = model.dashboards.filter((d) => d.source === "catalog").map((d) => d.uid);
    const services = model.dashboards.filter((d) => d.source === "service").map((d) => d.uid);
    for (const s of services) expect(by(s).links.map((l: any) => target(l.url))).toEqual(["trading-slo", ...overview]);
    expect(by("trading-slo").links.map((l: any) => target(l.url))).toEqual([...services, ...overview]);
  });

  it("link each SLO panel to the dashboard of the service its indicator's metric belongs to", () => {
    const slo = dashboards.find((d) => d.json.uid === "trading-slo")!.json;
    const p = panelsOf(slo).find((x: any) => x.title === "order-execution-latency");
    expect(p.links.map((l: any) => target(l.url))).toEqual(["trading-svc-execution-engine"]);
    const avail = panelsOf(slo).find((x: any) => x.title === "market-data: availability (30d)");
    expect(avail.links.map((l: any) => target(l.url))).toEqual(["trading-svc-market-data"]);
  });
});

describe("alert annotations", () => {
  for (const { json: d } of dashboards) {
    it(`${d.uid}: each alert's firing periods show on exactly the panels showing its metrics, SLO or threshold`, () => {
      const expected = expectedPanels(d, model);
      const actual = new Map<string, number[]>();
      const queries = d.annotations.list.filter((a: any) => a.datasource?.type === "prometheus");
      for (const a of queries) {
        expect(a).toMatchObject({ enable: true, titleFormat: "{{alertname}}", useValueForTime: false, step: model.prometheus.evaluationInterval });
        expect(a.filter.exclude).toBe(false);
        for (const name of alertNames(a.expr)) {
          expect(actual.has(name), `${name} in two annotations`).toBe(false);
          actual.set(name, a.filter.ids);
        }
      }
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, ids] of expected) expect(actual.get(name), name).toEqual([...new Set(ids)].sort((x, y) => x - y));
    });
  }

  it("take their tags and text from labels the alerts' ALERTS series carry", () => {
    const d = dashboards.find((x) => x.json.uid === "trading-svc-risk-manager")!.json;
    const a = d.annotations.list.find((x: any) => x.expr?.includes('"CircuitBreakerTriggered"'));
    const alert = model.alerts.find((x) => x.name === "CircuitBreakerTriggered")!;
    expect(a.tagKeys.split(",")).toEqual(Object.keys(alert.labels).sort());
    expect(a.textFormat).toContain("{{severity}}");
    expect(a.iconColor).toBe("red");
  });

  it("are read and linted by obsgen lint: the generated ones clean, a broken one reported where it is", async () => {
    const out = tempDir();
    expect((await runInProcess(["build", "--out", out])).code).toBe(0);
    const clean = await runInProcess(["lint", join(out, "grafana"), "--catalog", "catalog/index.ts", "--format", "json"]);
    expect(JSON.parse(clean.stdout).diagnostics).toEqual([]);

    const bad = JSON.parse(dashboardFiles[0]!.contents);
    bad.annotations.list.push({ ...bad.annotations.list[1], name: "broken", expr: 'ALERTS{alertname="X"' });
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), JSON.stringify(bad));
    const r = await runInProcess(["lint", dir, "--catalog", "catalog/index.ts", "--format", "json"]);
    const found = JSON.parse(r.stdout).diagnostics.filter((x: any) => x.ruleId === "promql/syntax");
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found[0])).toContain(`annotations.list[${bad.annotations.list.length - 1}]`);
  });
});

describe("the docs example: two folders, file provisioning and sidecar ConfigMaps", () => {
  const dir = join(ROOT, "docs", "examples", "grafana");
  const list = (root: string): string[] => readdirSync(root).flatMap((n) => (statSync(join(root, n)).isDirectory() ? list(join(root, n)) : [join(root, n)]));

  it("rebuilds to the committed files", async () => {
    const out = tempDir();
    const r = await runInProcess(["build", "--catalog", join(dir, "catalog.ts"), "--config", join(dir, "obsgen.config.ts"), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const committed = list(join(dir, "out"))
      .map((f) => relative(join(dir, "out"), f))
      .sort();
    const built = [...list(join(out, "grafana")), ...list(join(out, "kubernetes", "dashboards"))].map((f) => relative(out, f)).sort();
    expect(committed).toEqual(built);
    for (const f of committed) expect(readFileSync(join(dir, "out", f), "utf8"), f).toBe(readFileSync(join(out, f), "utf8"));
  });

  it("puts each dashboard in its catalog folder in both layouts: the file's directory and the ConfigMap's folder annotation", async () => {
    const m = await modelOf(join(dir, "catalog.ts"));
    expect(new Set(m.dashboards.map((d) => d.folder))).toEqual(new Set(["Shop", "Shop overview"]));
    expect(m.dashboards.find((d) => d.title === "Shop overview")!.folder).toBe("Shop overview");
    const prov = yaml.load(readFileSync(join(dir, "out", "grafana", "provisioning", "dashboards.yml"), "utf8")) as any;
    expect(prov.providers[0].options.foldersFromFilesStructure).toBe(true);
    for (const d of m.dashboards) {
      const file = join(dir, "out", "grafana", "dashboards", d.folder, `${d.uid}.json`);
      expect(JSON.parse(readFileSync(file, "utf8")).uid).toBe(d.uid);
      const cm = yaml.load(readFileSync(join(dir, "out", "kubernetes", "dashboards", `grafana-dashboard-${d.uid}.yaml`), "utf8")) as any;
      // kiwigrid's k8s-sidecar writes the file to <its FOLDER>/<annotation value>/<key>.
      expect(cm.metadata.annotations["k8s-sidecar-target-directory"]).toBe(d.folder);
      expect(Object.keys(cm.data)).toEqual([`${d.uid}.json`]);
    }
  });
});
