/**
 * `importCatalog` (src/import/import.ts) and `writeCatalog` (src/import/write-catalog.ts) on small
 * inputs: severities, gaps reported at file:line:col, metrics declared only when typed, SLOs that
 * build, safe identifiers, typed conditions and raw dashboards printed through the hooks, and the
 * same bytes on every run.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EmittedFile } from "../../src/emit/serialize.js";
import { importCatalog } from "../../src/import/import.js";
import { identifier, writeCatalog } from "../../src/import/write-catalog.js";
import { compile } from "../../src/pipeline/compile.js";
import { ROOT, tempDir } from "../helpers/cli.js";

const RULES = `groups:
  - name: app
    rules:
      - alert: ErrorsHigh
        expr: sum by (job) (rate(http_errors_total{code="500"}[5m])) > 1
        labels:
          severity: page
      - alert: QueueFull
        expr: queue_depth > 100
        labels:
          severity: sev1
      - alert: Slow
        expr: histogram_quantile(0.99, sum by (le) (rate(req_seconds_bucket[5m]))) > 0.5
        labels:
          severity: warning
`;

const rulesOf = (text: string, file = "app.yml") => [{ file, text }];
const file = (files: EmittedFile[], path: string) => files.find((f) => f.path === path)?.contents ?? "";

async function built(files: EmittedFile[]) {
  const dir = tempDir();
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents);
  }
  return compile({ entry: join(dir, "index.ts"), until: "files", today: "2026-01-01" });
}

describe("importCatalog", () => {
  it("maps severity words by the table, sets the catalog's severities from the words seen, and reports words it does not map", () => {
    const { catalog, diagnostics } = importCatalog({ rules: rulesOf(RULES) });
    expect(catalog.severities.seen.map((s) => [s.word, s.alerts, s.priority ?? null])).toEqual([
      ["page", 1, "P0"],
      ["sev1", 1, null],
      ["warning", 1, "P1"],
    ]);
    expect(catalog.severities.catalog).toEqual({ P0: "page" });
    expect(diagnostics.find((d) => d.code === "import/severity")?.message).toMatch(/sev1 \(1 alerts\)/);
    const mapped = importCatalog({ rules: rulesOf(RULES) }, { severityTable: { sev1: "P0", warning: "P1", page: "P2" } });
    expect(mapped.catalog.severities.catalog).toEqual({ P0: "sev1", P2: "page" });
    expect(mapped.diagnostics.some((d) => d.code === "import/severity")).toBe(false);
  });

  it("declares the metrics whose type a convention gives, lists the others with why, and leaves out the labels a metric cannot declare", () => {
    const { catalog } = importCatalog({ rules: rulesOf(RULES) });
    expect(catalog.metrics.map((m) => [m.name, m.type])).toEqual([
      ["http_errors_total", "counter"],
      ["req_seconds", "histogram"],
    ]);
    expect(catalog.unknownMetrics.map((u) => u.name)).toEqual(["queue_depth"]);
    const req = catalog.metrics.find((m) => m.name === "req_seconds")!;
    expect(req.labels.map((l) => l.name)).not.toContain("le");
    const errors = catalog.metrics.find((m) => m.name === "http_errors_total")!;
    expect(errors.labels).toEqual([{ name: "code", kind: "open", maxValues: 10, examples: ["500"] }]);
    expect(errors.leftOut.map((l) => l.label)).toEqual(["job"]);
  });

  it("reports a group's labels and a group name used twice as errors at file:line:col that say what to do", () => {
    const labelled = "groups:\n  - name: g\n    labels:\n      team: a\n    rules:\n      - record: x:y\n        expr: up\n";
    const { diagnostics } = importCatalog({ rules: [...rulesOf(labelled, "a.yml"), ...rulesOf(labelled, "b.yml")] });
    const gap = diagnostics.find((d) => d.code === "import/group-labels")!;
    expect([gap.severity, gap.file, gap.line, gap.column]).toEqual(["error", "a.yml", 2, 5]);
    expect(gap.hint).toMatch(/copy the group's labels onto each of its rules/);
    const dup = diagnostics.find((d) => d.code === "import/duplicate-group")!;
    expect([dup.severity, dup.file, dup.line]).toEqual(["error", "b.yml", 2]);
  });

  it("files each SLO under the service its document names, sets an availability objective on its job's service, and builds", async () => {
    const sloth = `version: prometheus/v1
service: shop
slos:
  - name: orders-success
    objective: 99.5
    sli:
      events:
        error_query: sum(rate(shop_orders_total[{{.window}}])) - sum(rate(shop_orders_total{outcome="ok"}[{{.window}}]))
        total_query: sum(rate(shop_orders_total[{{.window}}]))
    alerting: { page_alert: { disable: true }, ticket_alert: { disable: true } }
  - name: shop-up
    objective: 99.9
    sli:
      raw:
        error_ratio_query: 1 - avg(avg_over_time(up{job="shop"}[{{.window}}]))
    alerting: { page_alert: { disable: true }, ticket_alert: { disable: true } }
`;
    const { catalog, diagnostics } = importCatalog({ slos: [{ file: "shop.yml", text: sloth }] });
    expect(catalog.placeholderService).toBe(false);
    expect(catalog.services.map((s) => [s.name, s.availability ?? null])).toEqual([["shop", 99.9]]);
    expect(catalog.metrics.map((m) => [m.name, m.home])).toEqual([["shop_orders_total", { kind: "service", name: "shop" }]]);
    expect(diagnostics.find((d) => d.code === "import/availability-name")).toMatchObject({ file: "shop.yml", line: 11 });
    const files = writeCatalog(catalog);
    expect(file(files, "slos.ts")).not.toMatch(/TODO: shop-up/);
    const result = await built(files);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.model?.slos.map((s) => [s.name, s.kind]).sort()).toEqual([
      ["orders-success", "ratio"],
      ["shop-availability", "availability"],
    ]);
  });

  it("targets Prometheus 3 when it declares a native histogram, giving it buckets, unless the versions were chosen", async () => {
    const openslo = `apiVersion: openslo/v1
kind: SLO
metadata: { name: pay-latency }
spec:
  service: payments
  budgetingMethod: Occurrences
  timeWindow: [{ duration: 28d, isRolling: true }]
  indicator:
    metadata: { name: pay-latency-sli }
    spec:
      ratioMetric:
        counter: false
        rawType: failure
        raw:
          metricSource:
            type: Prometheus
            spec:
              query: 1 - histogram_fraction(-Inf, 0.25, sum(rate(pay_seconds[5m])))
  objectives: [{ target: 0.99 }]
`;
    const { catalog, diagnostics } = importCatalog({ slos: [{ file: "pay.yaml", text: openslo }] });
    expect(catalog.versions).toEqual(["3"]);
    expect(catalog.metrics.map((m) => [m.name, m.native ?? false, (m.buckets ?? []).includes(0.25)])).toEqual([["pay_seconds", true, true]]);
    expect(diagnostics.some((d) => d.code === "import/native-version")).toBe(true);
    const result = await built(writeCatalog(catalog));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(importCatalog({ slos: [{ file: "pay.yaml", text: openslo }] }, { versions: ["2.42", "3"] }).catalog.versions).toEqual(["2.42", "3"]);
  });
});

describe("writeCatalog", () => {
  it("writes the same bytes on every run", () => {
    const once = writeCatalog(importCatalog({ rules: rulesOf(RULES) }).catalog);
    expect(writeCatalog(importCatalog({ rules: rulesOf(RULES) }).catalog)).toEqual(once);
    expect(once.map((f) => f.path)).toEqual([".obsgen-import", "IMPORT.md", "index.ts", "metrics/app.ts", "rules/app.ts", "services/imported-targets.ts"]);
  });

  it("names metric consts safely: reserved words and builders' names get a suffix, colliding names a number", () => {
    const rules = "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: delete_total + rate_total + foo_bar_total + foo__bar_total\n";
    const files = writeCatalog(importCatalog({ rules: rulesOf(rules, "9lives.yml") }).catalog);
    const metrics = file(files, "metrics/lives.ts");
    expect(metrics).toContain("export const deleteTotal = counter(");
    expect(metrics).toContain("export const fooBarTotal = counter(");
    expect(metrics).toContain("export const fooBarTotal2 = counter(");
    expect(file(files, "rules/9lives.ts")).toContain('import * as lives from "../metrics/lives.js";');
    expect(identifier("9lives", new Set())).toBe("_9lives");
    expect(identifier("rate", new Set())).toBe("rateMetric");
    expect(identifier("class", new Set(["classMetric"]))).toBe("classMetric2");
  });

  it("types the alerts the condition importer accepts, printed as the catalog's builder calls with the declared consts", () => {
    const { catalog } = importCatalog({ rules: rulesOf(RULES) });
    const files = writeCatalog(catalog);
    const rules = file(files, "rules/app.ts");
    expect(rules).toContain('expr: rate(app.httpErrorsTotal, { window: "5m", where: { code: "500" }, by: ["job"] }).above(1),');
    expect(rules).toContain('expr: quantile(app.reqSeconds, 0.99, { window: "5m" }).above(0.5),');
    expect(rules).toMatch(/^import \{ alertRule, quantile, rate, ruleGroup \} from "obsgen";$/m);
    const report = file(files, "IMPORT.md");
    expect(report).toMatch(/\| alerts as typed conditions \| 2 \|/);
    expect(report).toMatch(/## Alerts as typed conditions[\s\S]*\| ErrorsHigh \| app \| app\.yml \|\n\| Slow \| app \| app\.yml \|/);
  });

  it("lists in the report every alert kept as expr, grouped by why with counts, most common first", () => {
    const more = `${RULES}      - alert: Either
        expr: queue_depth > 1 or queue_depth < 0
      - alert: Both
        expr: queue_depth > 1 and up == 0
      - alert: Absent
        expr: absent(up)
`;
    const { catalog } = importCatalog({ rules: rulesOf(more) });
    const alerts = catalog.ruleFiles[0]!.groups[0]!.rules;
    expect(alerts.map((r) => (r.expr.kind === "text" ? r.expr.untyped : "typed"))).toEqual([
      "typed",
      "metric type unknown",
      "typed",
      "`and`/`or`/`unless` of expressions",
      "`and`/`or`/`unless` of expressions",
      "`absent`",
    ]);
    const report = file(writeCatalog(catalog), "IMPORT.md");
    expect(report).toContain(
      "| why | alerts | which |\n| --- | ---: | --- |\n| `and`/`or`/`unless` of expressions | 2 | Either, Both |\n| `absent` | 1 | Absent |\n| metric type unknown | 1 | QueueFull |\n",
    );
  });

  it("prints a raw dashboard as rawDashboard({ folder, json })", () => {
    const json = { uid: "d-1", title: "D", panels: [{ type: "text", title: "Notes", gridPos: { x: 0, y: 0, w: 24, h: 4 } }] };
    const { catalog } = importCatalog({ dashboards: [{ file: "d.json", text: JSON.stringify({ dashboard: json, meta: { folderTitle: "ops" } }) }] });
    const files = writeCatalog(catalog);
    const d = files.find((f) => f.path.startsWith("dashboards/"))!;
    expect(d.contents).toMatch(/^export const \w+ = rawDashboard\(\{\n  folder: "ops",\n  json: \{\n    uid: "d-1",/m);
    expect(file(files, "index.ts")).toMatch(/dashboards: \[\w+\]/);
  });

  it("writes imported Sloth and OpenSLO SLOs into a catalog that builds without error", async () => {
    const fixtures = join(ROOT, "test", "fixtures", "import", "slos");
    const slos = ["sloth-checkout.yml", "openslo-payments.yaml"].map((f) => ({ file: f, text: readFileSync(join(fixtures, f), "utf8") }));
    const { catalog } = importCatalog({ slos });
    const c = await built(writeCatalog(catalog));
    expect(c.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
    // Every ratio and latency SLO, and each availability objective as its service's `<service>-availability`.
    const want = catalog.slos.flatMap((s) =>
      s.kind === "slo" ? [s.spec.name] : s.kind === "availability" ? [`${catalog.services.find((x) => x.job === s.service)!.name}-availability`] : [],
    );
    expect(c.model!.slos.map((s) => s.name).sort()).toEqual(want.sort());
  });
});
