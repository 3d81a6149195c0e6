/**
 * The generated dashboards: the spec's two with the panels section 5.1 lists, one per service and
 * the SLO dashboard; Grafana conventions (datasource variable, unique uids and panel ids, grid
 * without overlap, refIds, schema version); every query parses and reads catalog metrics; and the
 * emitted JSON type-checks against @grafana/schema's Dashboard with tsc.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { substituteGrafana } from "../../src/compat/grafana-macros.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { analyze } from "../../src/promql/analyze.js";
import { selectorUses } from "../../src/promql/walk.js";
import { ROOT, runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";

const loaded = await loadCatalog("catalog/index.ts");
const model = resolveCatalog(loaded.value!.value).value!;
const files = emitAll(model).filter((f) => f.path.startsWith("grafana/dashboards/") && f.path.endsWith(".json"));
const dashboards = files.map((f) => JSON.parse(f.contents));
const byTitle = (t: string) => dashboards.find((d) => d.title === t);
const titles = (d: any) => d.panels.filter((p: any) => p.type !== "row").map((p: any) => p.title);

describe("the spec's dashboards", () => {
  it("Real-Time Trading Operations refreshes every 5s and has the panels of spec 5.1", () => {
    const d = byTitle("Real-Time Trading Operations");
    expect(d.refresh).toBe("5s");
    expect(titles(d)).toEqual(
      expect.arrayContaining([
        "Open P&L",
        "Realized P&L",
        "Open Positions",
        "Order Fill Rate",
        "Order Submission Latency",
        "Order Submission Latency (p50/p95/p99)",
        "Orders/sec",
        "Signals/sec",
        "Error Rate",
        "Recent Errors",
        "Current Positions",
        "Portfolio Value",
        "Order Success Rate",
      ]),
    );
    const heat = d.panels.find((p: any) => p.title === "Order Submission Latency");
    expect(heat.type).toBe("heatmap");
    expect(heat.targets[0].format).toBe("heatmap");
    const errors = d.panels.find((p: any) => p.title === "Error Rate");
    expect(errors.fieldConfig.defaults.custom.stacking.mode).toBe("normal");
    expect(d.panels.find((p: any) => p.title === "Recent Errors").type).toBe("table");
  });

  it("System Health & Performance refreshes every 30s with status per service, CPU, memory, ZMQ and WebSocket panels", () => {
    const d = byTitle("System Health & Performance");
    expect(d.refresh).toBe("30s");
    const status = d.panels.filter((p: any) => p.targets?.[0]?.expr?.startsWith("up{job="));
    expect(status.map((p: any) => p.targets[0].expr).sort()).toEqual([
      'up{job="execution-engine"}',
      'up{job="market-data"}',
      'up{job="risk-manager"}',
      'up{job="signal-bridge"}',
    ]);
    expect(d.panels.find((p: any) => p.title === "CPU Usage (%)").type).toBe("gauge");
    expect(d.panels.find((p: any) => p.title === "Memory Usage (MB)").fieldConfig.defaults.custom.stacking.mode).toBe("normal");
    expect(titles(d)).toEqual(expect.arrayContaining(["ZMQ Queue Depth", "WebSocket Status"]));
  });

  it("carry the example queries of spec 5.2", () => {
    const all = dashboards.flatMap((d) => d.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr)));
    expect(all).toContain("histogram_quantile(0.99, sum by (le) (rate(execution_engine_order_submission_latency_us_bucket[$__rate_interval])))");
    expect(all).toContain("sum(trading_position_value_usd)");
    expect(all).toContain("sum(rate(execution_engine_api_failures_total[$__rate_interval])) by (service)");
    expect(all).toContain('system_zmq_queue_depth{service=~"market_data|signal_bridge"}');
    expect(all.some((e: string) => e.startsWith('100 * sum(rate(execution_engine_orders_submitted_total{status="success"}'))).toBe(true);
  });

  it("draw alert thresholds on panels and link the alerts' runbooks", () => {
    const d = byTitle("System Health & Performance");
    const mem = d.panels.find((p: any) => p.title === "Memory Usage (MB)");
    expect(mem.fieldConfig.defaults.thresholds.steps).toEqual([
      { value: null, color: "green" },
      { value: 500, color: "yellow" },
      { value: 1024, color: "red" },
    ]);
    expect(mem.links.map((l: any) => l.url)).toContain("https://runbooks.example.com/py_rt/memory-leak");
    const lat = byTitle("Real-Time Trading Operations").panels.find((p: any) => p.title === "Order Submission Latency (p50/p95/p99)");
    expect(lat.fieldConfig.defaults.thresholds.steps.map((s: any) => s.value)).toEqual([null, 1000, 5000]);
    expect(lat.fieldConfig.defaults.unit).toBe("µs");
  });
});

describe("generated dashboards", () => {
  it("one per service and an SLO dashboard", () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual([
      "trading-real-time-trading-operations",
      "trading-slo",
      "trading-svc-execution-engine",
      "trading-svc-market-data",
      "trading-svc-risk-manager",
      "trading-svc-signal-bridge",
      "trading-system-health-and-performance",
    ]);
    const slo = dashboards.find((d) => d.uid === "trading-slo");
    expect(titles(slo)).toEqual(
      expect.arrayContaining(["market-data: availability (30d)", "market-data: error budget remaining", "market-data: burn rate (1h)"]),
    );
    const svc = dashboards.find((d) => d.uid === "trading-svc-execution-engine");
    const heat = svc.panels.filter((p: any) => p.type === "heatmap");
    expect(heat.length).toBe(model.metrics.filter((m) => m.service === "execution-engine" && m.type === "histogram").length);
  });

  it("map catalog units to Grafana units", () => {
    const units = new Set(dashboards.flatMap((d) => d.panels.filter((p: any) => p.fieldConfig).map((p: any) => p.fieldConfig.defaults.unit)));
    for (const u of ["µs", "ms", "currencyUSD", "percent", "percentunit", "decmbytes", "suffix: bps"]) expect(units, u).toContain(u);
  });
});

describe("Grafana conventions", () => {
  for (const d of dashboards) {
    describe(d.uid, () => {
      it("uses the datasource variable everywhere, has unique panel ids, refIds and no overlap", () => {
        expect(d.schemaVersion).toBe(42);
        expect(d.uid.length).toBeLessThanOrEqual(40);
        expect(d.templating.list[0]).toMatchObject({ name: "datasource", type: "datasource" });
        const ids = d.panels.map((p: any) => p.id);
        expect(new Set(ids).size).toBe(ids.length);
        const boxes = d.panels.map((p: any) => p.gridPos);
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i];
            const b = boxes[j];
            expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h, `${ids[i]} overlaps ${ids[j]}`).toBe(false);
          }
        for (const p of d.panels.filter((x: any) => x.type !== "row")) {
          expect(p.datasource.uid).toBe("${datasource}");
          expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
          expect(p.targets.length).toBeGreaterThan(0);
          p.targets.forEach((t: any, i: number) => {
            expect(t.refId).toBe("ABCDEFGHIJ"[i]);
            expect(t.datasource.uid).toBe("${datasource}");
          });
        }
      });

      it("every query parses and every selector reads a catalog metric, a recorded SLO series or `up`", () => {
        const known = new Set([
          ...model.metrics.flatMap((m) => (m.type === "histogram" ? [`${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`] : [m.name])),
          ...model.recordingRules.map((r) => r.record),
          "up",
        ]);
        for (const p of d.panels.filter((x: any) => x.type !== "row")) {
          for (const t of p.targets) {
            const a = analyze(substituteGrafana(t.expr).text);
            expect(a.errors, t.expr).toEqual([]);
            for (const use of selectorUses(a.ast!)) expect(known.has(use.selector.name!.name), `${use.selector.name!.name} in ${t.expr}`).toBe(true);
          }
        }
      });
    });
  }
});

describe("the emitted JSON satisfies @grafana/schema's Dashboard type (its annotation queries Prometheus ones)", () => {
  let dir: string;
  beforeAll(() => {
    dir = join(ROOT, "test", ".tmp", "grafana-types");
    mkdirSync(dir, { recursive: true });
    // JSON holds an enum's value ("absolute"), which TypeScript's nominal enums do not accept as
    // a literal: JsonOf maps every enum in Dashboard to the union of its values, nothing else.
    const jsonOf =
      "type JsonOf<T> = T extends string ? `${T}` : T extends number ? number : T extends boolean ? boolean : " +
      "T extends null | undefined ? T : T extends readonly (infer U)[] ? JsonOf<U>[] : T extends object ? { [K in keyof T]: JsonOf<T[K]> } : T;";
    // @grafana/schema's AnnotationQuery has no data-source fields; a Prometheus annotation query
    // adds its own (grafana-prometheus src/annotations.ts), and nothing else may be there.
    const promAnnotation =
      "type PrometheusAnnotationQuery = AnnotationQuery & { expr: string; step: string; titleFormat: string; textFormat: string; tagKeys: string; useValueForTime: boolean };\n" +
      "type DashboardJson = Omit<Dashboard, 'annotations'> & { annotations: { list: (AnnotationQuery | PrometheusAnnotationQuery)[] } };";
    files.forEach((f, i) =>
      writeFileSync(
        join(dir, `d${i}.ts`),
        `import type { AnnotationQuery, Dashboard } from "@grafana/schema";\n${jsonOf}\n${promAnnotation}\nexport const d: JsonOf<DashboardJson> = ${f.contents};\n`,
      ),
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true, types: [] },
        include: ["*.ts"],
      }),
    );
  });
  it("tsc accepts every dashboard typed as Dashboard", async () => {
    const r = await run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.json")], { cwd: ROOT });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("obsgen lint on dashboard JSON files", () => {
  it("lints the generated dashboards clean, and reports a duplicate uid, a fixed datasource, a bad query and an unknown metric", async () => {
    const out = tempDir();
    expect((await runInProcess(["build", "--out", out])).code).toBe(0);
    const clean = await runInProcess(["lint", join(out, "grafana"), "--catalog", "catalog/index.ts", "--format", "json"]);
    expect(JSON.parse(clean.stdout).diagnostics).toEqual([]);

    const bad = JSON.parse(files[0]!.contents);
    const panel = bad.panels.find((p: any) => p.type !== "row");
    panel.datasource = { type: "prometheus", uid: "P1809F7CD0C75ACF3" };
    panel.targets[0].expr = "sum(rate(trading_unknown_total[$__rate_interval]))";
    panel.targets.push({ refId: "Z", expr: "sum(rate(execution_engine_orders_submitted_total[$__rate_interval])", datasource: panel.datasource });
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), JSON.stringify(bad));
    writeFileSync(join(dir, "b.json"), JSON.stringify({ dashboard: bad }));
    // --profile all: a fixed datasource is a convention, which dashboards do not get by default.
    const r = await runInProcess(["lint", dir, "--catalog", "catalog/index.ts", "--profile", "all", "--format", "json"]);
    const ids = JSON.parse(r.stdout).diagnostics.map((d: any) => d.ruleId);
    expect(ids).toEqual(expect.arrayContaining(["grafana/duplicate-uid", "grafana/datasource-variable", "promql/syntax", "promql/unknown-metric"]));
    expect(r.code).toBe(1);
  });
});
