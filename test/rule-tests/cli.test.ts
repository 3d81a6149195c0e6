/** `obsgen test` and the coverage `obsgen build` reports. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeCatalog } from "../helpers/catalogs.js";
import { BIN, ROOT, runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";
import { ruleTestCatalog } from "./fixture.js";

describe("obsgen build reports rule-test coverage", () => {
  it("prints how many alerts have rule tests", async () => {
    const { entry } = writeCatalog(ruleTestCatalog());
    const out = tempDir();
    const r = await runInProcess(["build", "--catalog", entry, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rule tests: 12\/12 alerts covered \(100%\)$/m);
  });

  it("lists the alerts without cases and why", async () => {
    const raw = ruleTestCatalog();
    raw.services[0].alerts = raw.services[0].alerts.map((a: { tests?: unknown }) => ({ ...a, tests: undefined }));
    const { entry } = writeCatalog(raw);
    const r = await runInProcess(["build", "--catalog", entry, "--out", tempDir()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rule tests: 11\/12 alerts covered \(91%\)$/m);
    expect(r.stdout).toContain("  not covered (raw PromQL `expr` condition; write the cases in the alert's `tests`): CheckoutAnyError");
  });

  it("fails, naming the alert, when generation meets a template it cannot render", async () => {
    const raw = ruleTestCatalog();
    raw.services[0].alerts[0].summary = "{{ range $labels }}x{{ end }}";
    const { entry } = writeCatalog(raw);
    const out = tempDir();
    const r = await runInProcess(["build", "--catalog", entry, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "services.checkout.alerts.CheckoutSlow.summary: alert CheckoutSlow: cannot generate its rule test: the annotation `summary` uses {{ range }}",
    );
    expect(r.stderr).toMatch(/nothing was written/);
  });
});

describe("obsgen test without promtool", () => {
  it("says how to install promtool and exits 2", async () => {
    const r = await run(process.execPath, [BIN, "test"], {
      cwd: ROOT,
      env: { ...process.env, OBSGEN_PROMTOOL: join(tempDir(), "no-promtool"), NO_COLOR: "1" },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("obsgen test: promtool not found");
    expect(r.stderr).toContain("apt-get install prometheus");
  });
});

describeWithTool("promtool", "obsgen test", () => {
  it("builds the catalog in memory and passes, printing promtool's result", async () => {
    const { entry } = writeCatalog(ruleTestCatalog());
    const r = await runInProcess(["test", "--catalog", entry]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("rule tests: 12/12 alerts covered (100%)");
    expect(r.stdout).toContain("Unit Testing:  prometheus/tests/shop_critical.test.yml");
    expect(r.stdout).toMatch(/SUCCESS/);
    expect(r.stdout).toMatch(/obsgen test: 3 test files passed$/m);
  });

  it("tests an output folder already built with --out", async () => {
    const { entry } = writeCatalog(ruleTestCatalog());
    const out = tempDir();
    expect((await runInProcess(["build", "--catalog", entry, "--out", out])).code).toBe(0);
    const r = await runInProcess(["test", "--out", out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/obsgen test: 3 test files passed$/m);
  });

  it("refuses, as the build does, a catalog with a lint error and tests nothing", async () => {
    const raw = ruleTestCatalog();
    raw.services[0].alerts[0].condition = { kind: "expr", expr: "sum(rate(checkout_requsts_total[5m])) > 1", metrics: [] };
    const { entry } = writeCatalog(raw);
    const r = await runInProcess(["test", "--catalog", entry]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error .*promql\/unknown-metric/m);
    expect(r.stderr).toMatch(/nothing was tested/);
    expect(r.stdout).not.toMatch(/Unit Testing/);
  });

  it("prints the catalog's lint warnings and still tests", async () => {
    const raw = ruleTestCatalog();
    raw.lint = { rules: { "promql/unknown-metric": "warning" } };
    raw.services[0].alerts[0].condition = { kind: "expr", expr: "sum(rate(checkout_requsts_total[5m])) > 1", metrics: [] };
    const { entry } = writeCatalog(raw);
    const r = await runInProcess(["test", "--catalog", entry]);
    expect(r.stderr).toMatch(/^warning .*promql\/unknown-metric/m);
    expect(r.stdout).toMatch(/Unit Testing/);
  });

  it("exits 1 when --out holds no rule tests", async () => {
    const r = await runInProcess(["test", "--out", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no rule tests in .*prometheus\/tests\/; run `obsgen build/);
  });

  it("runs extra promtool test files too, and exits 1 when one fails", async () => {
    const { entry } = writeCatalog(ruleTestCatalog());
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "rules.yml"), "groups:\n  - name: g\n    rules:\n      - alert: Always\n        expr: vector(1)\n");
    writeFileSync(
      join(dir, "wrong.test.yml"),
      "rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    input_series: []\n    alert_rule_test:\n      - eval_time: 1m\n        alertname: Always\n        exp_alerts: []\n",
    );
    const r = await runInProcess(["test", "--catalog", entry, join(dir, "wrong.test.yml")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/alertname: Always/);
    expect(r.stderr).toMatch(/obsgen test: promtool test rules failed \(exit 1\) on 4 test files/);
  });
});
