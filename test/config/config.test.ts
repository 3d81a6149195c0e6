/**
 * obsgen.config.ts: validated with its errors' paths, loaded like the catalog, applied under the
 * command-line flags (flags > config > defaults), and overriding the catalog's runbook URL and lint
 * settings.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { applyConfigToCatalog } from "../../src/config/apply.js";
import type { ObsgenConfig } from "../../src/config/authoring.js";
import { loadConfig, validateConfig } from "../../src/config/load-config.js";
import { configSchema } from "../../src/config/schema.js";
import { defineConfig } from "../../src/index.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { ROOT, runInProcess, tempDir } from "../helpers/cli.js";

const errorsOf = (raw: unknown) => validateConfig(raw, "obsgen.config.ts").diagnostics.map((d) => `${d.path}: ${d.message}`);

function writeConfig(dir: string, body: string, name = "obsgen.config.ts"): string {
  const file = join(dir, name);
  writeFileSync(file, `import { defineConfig } from "obsgen";\nexport default defineConfig(${body});\n`);
  return file;
}

describe("validation", () => {
  it("fills the defaults: the prometheus target on the catalog's Prometheus versions, no group settings", () => {
    expect(validateConfig({}, "c.ts").value).toEqual({ targets: [{ kind: "prometheus" }], rules: {} });
    expect(validateConfig({ targets: [{ kind: "prometheus-operator" }] }, "c.ts").value!.targets[0]).toEqual({
      kind: "prometheus-operator",
      labels: {},
      annotations: {},
      ruler: "prometheus",
      shared: "shared",
      dashboards: { labels: { grafana_dashboard: "1" }, annotations: {}, folderAnnotation: "k8s-sidecar-target-directory" },
    });
  });

  it("reports every error with its path in the config and the config file", () => {
    const r = validateConfig(
      {
        outDir: "x",
        targets: [{ kind: "mimir", namespaceBy: "tenant" }, { kind: "helm" }, { kind: "mimir" }, { kind: "prometheus", version: "three" }],
        rules: { queryOffset: "30 seconds", labels: { "bad-name": "x" } },
        runbooks: { baseUrl: "runbooks.example.com" },
        lint: { rules: { "not a rule": "off" }, seriesBudget: -1 },
      },
      "obsgen.config.ts",
    );
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.every((d) => d.code === "config/schema" && d.file === "obsgen.config.ts" && d.severity === "error")).toBe(true);
    expect(r.diagnostics.map((d) => d.path).sort()).toEqual(
      [
        "(config)",
        "targets[0].namespaceBy",
        "targets[1].kind",
        "targets[3].version",
        "rules.queryOffset",
        "rules.labels.bad-name",
        "runbooks.baseUrl",
        "lint.rules.not a rule",
        "lint.seriesBudget",
      ].sort(),
    );
    expect(r.diagnostics.find((d) => d.path === "(config)")!.message).toBe("unknown field `outDir`");
    expect(r.diagnostics.find((d) => d.path === "targets[1].kind")!.message).toMatch(
      /unknown target kind; use one of "prometheus", "prometheus-operator", "mimir", "thanos"/,
    );
  });

  it("takes `prometheus.version` as the catalog does: 2.42, 3, or a list of them", () => {
    expect(validateConfig({ prometheus: { version: "3" } }, "c.ts").value!.prometheus).toEqual({ version: ["3"] });
    expect(validateConfig({ prometheus: { version: ["3", "2.42"] } }, "c.ts").value!.prometheus).toEqual({ version: ["2.42", "3"] });
    const r = validateConfig({ prometheus: { version: "3.14", scrapeInterval: "1m" } }, "obsgen.config.ts");
    expect(r.diagnostics.map((d) => [d.path, d.message]).sort()).toEqual([
      ["prometheus", "unknown field `scrapeInterval`"],
      ["prometheus.version", 'must be "2.42", "3" or a list of them such as ["2.42","3"]'],
    ]);
    expect(r.diagnostics.find((d) => d.path === "prometheus.version")!.hint).toMatch(/"3" is every Prometheus 3\.x/);
  });

  it("refuses two targets of one kind, which would write the same files", () => {
    expect(errorsOf({ targets: [{ kind: "thanos" }, { kind: "thanos" }] })).toEqual([
      'targets[1].kind: a second "thanos" target: each kind at most once (they would write the same files)',
    ]);
  });

  it("checks Kubernetes names and labels of the prometheus-operator target", () => {
    expect(
      errorsOf({
        targets: [
          { kind: "prometheus-operator", namespace: "Monitoring", labels: { "release!": "x" }, dashboards: { labels: { grafana_dashboard: "not ok" } } },
        ],
      }),
    ).toEqual([
      "targets[0].namespace: must be a Kubernetes namespace name (lowercase letters, digits, `-`)",
      "targets[0].labels.release!: must be a Kubernetes label key such as `release` or `example.com/team`",
      "targets[0].dashboards.labels.grafana_dashboard: must be a Kubernetes label value: at most 63 of letters, digits, `-`, `_`, `.`",
    ]);
  });

  it("keeps the authoring types and the schema in step (a type test)", () => {
    type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
    type SchemaInput = DeepReadonly<z.input<typeof configSchema>>;
    expectTypeOf<ObsgenConfig>().toExtend<SchemaInput>();
    expectTypeOf<SchemaInput>().toExtend<ObsgenConfig>();
    expect(defineConfig({ targets: [{ kind: "thanos" }] })).toEqual({ targets: [{ kind: "thanos" }] });
  });
});

describe("loading obsgen.config.ts", () => {
  it("loads a TypeScript config that imports defineConfig from obsgen", async () => {
    const file = writeConfig(tempDir(), `{ out: "build", targets: [{ kind: "mimir", namespaceBy: "team" }] }`);
    const r = await loadConfig(file);
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.config.targets).toEqual([{ kind: "mimir", namespaceBy: "team", version: "2.13", shared: "shared" }]);
    expect(r.value!.config.out).toBe("build");
  });

  it("says what is wrong with a config that does not exist, has no default export, or does not compile", async () => {
    const dir = tempDir();
    const missing = await loadConfig(join(dir, "nope.config.ts"));
    expect(missing.diagnostics[0]).toMatchObject({ code: "config/load", message: expect.stringMatching(/config file .*nope\.config\.ts does not exist/) });
    writeFileSync(join(dir, "a.config.ts"), "export const x = 1;\n");
    expect((await loadConfig(join(dir, "a.config.ts"))).diagnostics[0]).toMatchObject({
      code: "config/load",
      hint: expect.stringMatching(/export default defineConfig/),
    });
    writeFileSync(join(dir, "b.config.ts"), "export default {\n");
    expect((await loadConfig(join(dir, "b.config.ts"))).diagnostics[0]!.message).toMatch(/^the config does not compile/);
  });
});

describe("overrides of the catalog", () => {
  const config = (raw: unknown) => validateConfig(raw, "c.ts").value!;

  it("sets every alert's runbook_url from the config's runbooks.baseUrl", () => {
    const model = resolveCatalog(applyConfigToCatalog(baseCatalog(), config({ runbooks: { baseUrl: "https://wiki.example.com/rb/" } }))).value!;
    expect(model.alerts[0]!.annotations.runbook_url).toBe("https://wiki.example.com/rb/checkout-slow");
  });

  it("merges lint levels over the catalog's and replaces its series budget", () => {
    const raw = { ...baseCatalog(), lint: { seriesBudget: 500, rules: { "naming/base-unit": "off", "alerts/for": "error" } } };
    const model = resolveCatalog(applyConfigToCatalog(raw, config({ lint: { rules: { "alerts/for": "info" }, seriesBudget: 20 } }))).value!;
    expect(model.lint).toEqual({ seriesBudget: 20, rules: { "naming/base-unit": "off", "alerts/for": "info" } });
  });

  it("replaces the catalog's prometheus.version with the config's", () => {
    const raw = { ...baseCatalog(), prometheus: { port: 9090, version: "3" } };
    expect(resolveCatalog(raw).value!.prometheus.versions).toEqual(["3"]);
    expect(resolveCatalog(applyConfigToCatalog(raw, config({ prometheus: { version: ["2.42", "3"] } }))).value!.prometheus.versions).toEqual(["2.42", "3"]);
    expect(resolveCatalog(applyConfigToCatalog(raw, config({ prometheus: {} }))).value!.prometheus).toMatchObject({ versions: ["3"], port: 9090 });
    expect(resolveCatalog(applyConfigToCatalog(baseCatalog(), config({ prometheus: { version: "2.42" } }))).value!.prometheus.versions).toEqual(["2.42"]);
  });

  it("leaves the catalog as it is without a config, or with a config that overrides nothing", () => {
    const raw = baseCatalog();
    expect(applyConfigToCatalog(raw, null)).toBe(raw);
    expect(applyConfigToCatalog(raw, config({ targets: [{ kind: "thanos" }] }))).toBe(raw);
  });
});

describe("the command line with a config", () => {
  it("builds the config's catalog into the config's out folder, paths relative to the config file", async () => {
    const { dir } = writeCatalog(baseCatalog());
    const file = writeConfig(dir, `{ catalog: "catalog/index.ts", out: "deploy", targets: [{ kind: "thanos" }] }`);
    const r = await runInProcess(["build", "--config", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, "deploy", "thanos", "rules", "shop_high_priority.yml"))).toBe(true);
    expect(existsSync(join(dir, "deploy", "prometheus"))).toBe(false);
  });

  it("lets flags win over the config (--out, --catalog), global flags before or after the command", async () => {
    const { dir, entry } = writeCatalog(baseCatalog());
    const file = writeConfig(dir, `{ catalog: "missing/index.ts", out: "deploy" }`);
    const out = join(tempDir(), "elsewhere");
    const r = await runInProcess(["build", "--catalog", entry, "--out", out, "--config", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, "prometheus", "rules", "shop_high_priority.yml"))).toBe(true);
    expect(existsSync(join(dir, "deploy"))).toBe(false);
    expect((await runInProcess(["--config", file, "build", "--catalog", entry, "--out", out, "--check"])).code).toBe(0);
  });

  it("reads ./obsgen.config.ts from the working directory when --config is not given", async () => {
    const { dir } = writeCatalog(baseCatalog());
    writeConfig(dir, `{ out: "from-config", runbooks: { baseUrl: "https://rb.example.com" } }`);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await runInProcess(["build"]);
      expect(r.code, r.stderr).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    const rules = readFileSync(join(dir, "from-config", "prometheus", "rules", "shop_high_priority.yml"), "utf8");
    expect(rules).toContain("runbook_url: https://rb.example.com/checkout-slow");
  });

  it("stops with exit code 2 and the error's path when the config is invalid", async () => {
    const dir = tempDir();
    const file = writeConfig(dir, `{ targets: [{ kind: "mimir", namespaceBy: "cluster" }] } as never`);
    for (const cmd of [["build"], ["lint"]]) {
      const r = await runInProcess([...cmd, "--config", file, "--catalog", join(ROOT, "catalog", "index.ts")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error .*obsgen\.config\.ts: targets\[0\]\.namespaceBy: .* \[config\/schema\]/);
      expect(r.stderr).toMatch(/1 error in the config; nothing was done/);
    }
  });

  it("applies the config's lint levels and series budget to `obsgen lint`", async () => {
    const { dir, entry } = writeCatalog(baseCatalog());
    const before = await runInProcess(["lint", "--catalog", entry, "--format", "json"]);
    const found = (r: { stdout: string }) => (JSON.parse(r.stdout).diagnostics as { ruleId: string }[]).map((d) => d.ruleId);
    expect(found(before)).not.toContain("cardinality/series-budget");
    const file = writeConfig(dir, `{ lint: { seriesBudget: 2, rules: { "alerts/annotations": "off" } } }`);
    const after = await runInProcess(["lint", "--config", file, "--catalog", entry, "--format", "json"]);
    expect(found(after)).toContain("cardinality/series-budget");
    expect(found(after)).not.toContain("alerts/annotations");
  });

  it("applies the config's PromQL feature flags to `obsgen lint` of rule files, and refuses an unknown flag", async () => {
    const dir = tempDir();
    const rules = join(dir, "rules.yml");
    writeFileSync(rules, "groups:\n  - name: g\n    rules:\n      - record: job:up:top\n        expr: limitk(3, up)\n");
    const without = await runInProcess(["lint", rules, "--format", "json"]);
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/needs --enable-feature=promql-experimental-functions/);
    const file = writeConfig(dir, `{ prometheus: { features: ["promql-experimental-functions"] } }`);
    const withFlag = await runInProcess(["lint", "--config", file, rules, "--format", "json"]);
    expect(JSON.parse(withFlag.stdout).diagnostics).toEqual([]);
    expect(withFlag.code).toBe(0);
    expect(errorsOf({ prometheus: { features: ["promql-experimental"] } })).toEqual([expect.stringMatching(/^prometheus\.features\[0\]: /)]);
  });

  it("prints the targets' engine warnings in build and lint, without failing", async () => {
    const { dir, entry } = writeCatalog(baseCatalog());
    const file = writeConfig(dir, `{ targets: [{ kind: "thanos" }], rules: { queryOffset: "1m" } }`);
    const build = await runInProcess(["build", "--config", file, "--catalog", entry, "--out", join(dir, "out")]);
    expect(build.code).toBe(0);
    expect(build.stderr).toMatch(
      /^warning .*obsgen\.config\.ts: rules\.queryOffset: group `query_offset` is not supported by Thanos Ruler.*\[target\/unsupported-query-offset\]$/m,
    );
    const lint = await runInProcess(["lint", "--config", file, "--catalog", entry]);
    expect(lint.stdout).toContain("target/unsupported-query-offset");
  });
});
