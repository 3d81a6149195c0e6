/**
 * What `obsgen lint` prints by policy: impacts and profiles (`--profile`, `lint.profile`),
 * `lint.rules` levels on rule files, file-level disable comments, and which files a catalog governs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { runInProcess, tempDir } from "../helpers/cli.js";

function rulesFile(text: string, name = "rules.yml", dir = tempDir()): { dir: string; file: string } {
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

function configFile(dir: string, body: string): string {
  const file = join(dir, "obsgen.config.ts");
  writeFileSync(file, `import { defineConfig } from "obsgen";\nexport default defineConfig(${body});\n`);
  return file;
}

/** An alert without annotations (a convention), without `for` (a risk). */
const BARE_ALERT = `groups:
  - name: example
    rules:
      - alert: InstanceDown
        expr: up == 0
`;

async function ruleIds(args: string[]): Promise<string[]> {
  const r = await runInProcess(["lint", ...args, "--format", "json"]);
  return [...new Set<string>(JSON.parse(r.stdout).diagnostics.map((d: { ruleId: string }) => d.ruleId))].sort();
}

describe("lint profiles", () => {
  it("print bugs and risks for rule files by default, and conventions with --profile all", async () => {
    const { file } = rulesFile(BARE_ALERT);
    expect(await ruleIds([file])).toEqual(["alerts/for"]);
    expect(await ruleIds([file, "--profile", "all"])).toEqual(["alerts/annotations", "alerts/for"]);
    expect(await ruleIds([file, "--profile", "bugs"])).toEqual([]);
  });

  it("print a regex holding a plain value (a cost) by default, and redundant anchors (a convention) only with --profile all", async () => {
    const { file } = rulesFile(`groups:
  - name: example
    rules:
      - record: job:up:sum
        expr: sum by (job) (up{job=~"api"})
      - record: job:up:max
        expr: max by (job) (up{job=~"^(api|web)$"})
`);
    const found = async (args: string[]) =>
      (
        JSON.parse((await runInProcess(["lint", file, ...args, "--format", "json"])).stdout).diagnostics as { ruleId: string; impact: string; line: number }[]
      ).map((d) => `${d.line} ${d.ruleId} ${d.impact}`);
    expect(await found([])).toEqual(["5 promql/regexp cost"]);
    expect(await found(["--profile", "all"])).toEqual(["5 promql/regexp cost", "7 promql/regexp convention"]);
  });

  it("leave promtool's duplicate-rules lint and a series read from another group to --profile all, and report a copy by default", async () => {
    const { file } = rulesFile(`groups:
  - name: base
    rules:
      - record: job:a:sum
        expr: sum by (job) (a)
      - alert: Errors
        expr: rate(e[5m]) > 1
      - alert: Errors
        expr: rate(f[5m]) > 1
      - record: job:a:sum
        expr: sum by (job) (a)
  - name: reads
    rules:
      - record: job:a:double
        expr: 2 * job:a:sum
`);
    const found = async (args: string[]) =>
      (JSON.parse((await runInProcess(["lint", file, ...args, "--format", "json"])).stdout).diagnostics as { ruleId: string; line: number }[]).map(
        (d) => `${d.line} ${d.ruleId}`,
      );
    expect(await found([])).toEqual(["10 rule/duplicate"]);
    const all = (await found(["--profile", "all"])).filter((f) => !f.endsWith("alerts/annotations")).sort();
    expect(all).toEqual(["10 rule/duplicate", "10 rulefile/duplicate-rule", "15 rule/dependency", "8 rulefile/duplicate-rule"]);
  });

  it("give each JSON finding its impact", async () => {
    const { file } = rulesFile(BARE_ALERT);
    const r = await runInProcess(["lint", file, "--profile", "all", "--format", "json"]);
    const impacts = Object.fromEntries(JSON.parse(r.stdout).diagnostics.map((d: { ruleId: string; impact: string }) => [d.ruleId, d.impact]));
    expect(impacts).toEqual({ "alerts/annotations": "convention", "alerts/for": "risk" });
  });

  it("print conventions for a catalog by default, and leave them out with --profile recommended", async () => {
    const { entry } = writeCatalog(baseCatalog());
    expect(await ruleIds(["--catalog", entry])).toContain("naming/base-unit");
    expect(await ruleIds(["--catalog", entry, "--profile", "recommended"])).not.toContain("naming/base-unit");
  });

  it("refuse an unknown --profile with exit 2", async () => {
    const { file } = rulesFile(BARE_ALERT);
    const r = await runInProcess(["lint", file, "--profile", "pedantic"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown --profile "pedantic"; use one of bugs, recommended, all/);
  });

  it("come from the config's lint.profile for rule files, and --profile overrides it", async () => {
    const { dir, file } = rulesFile(BARE_ALERT);
    const config = configFile(dir, `{ lint: { profile: "all" } }`);
    expect(await ruleIds(["--config", config, file])).toEqual(["alerts/annotations", "alerts/for"]);
    expect(await ruleIds(["--config", config, file, "--profile", "recommended"])).toEqual(["alerts/for"]);
  });

  it("leave a rule the config gives a level on for rule files, at that level, and turn off a rule set off", async () => {
    const { dir, file } = rulesFile(BARE_ALERT);
    const config = configFile(dir, `{ lint: { rules: { "alerts/annotations": "error", "alerts/for": "off" } } }`);
    const r = await runInProcess(["--config", config, "lint", file, "--format", "json"]);
    const found = JSON.parse(r.stdout).diagnostics.map((d: { ruleId: string; severity: string }) => [d.ruleId, d.severity]);
    expect(found).toEqual([
      ["alerts/annotations", "error"],
      ["alerts/annotations", "error"],
      ["alerts/annotations", "error"],
    ]);
    expect(r.code).toBe(1);
  });

  it("refuse an unknown lint.profile in the config", async () => {
    const { dir, file } = rulesFile(BARE_ALERT);
    const config = configFile(dir, `{ lint: { profile: "everything" } }`);
    const r = await runInProcess(["--config", config, "lint", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lint\.profile/);
  });
});

describe("file-level disable comments", () => {
  const header = (lines: string) => `${lines}\n${BARE_ALERT}`;

  it("silence the rules they name for every rule of the file, with a reason", async () => {
    const { file } = rulesFile(header("# Vendored from upstream.\n# obsgen-disable-file alerts/for, alerts/annotations: upstream's alerts, kept as released"));
    const r = await runInProcess(["lint", file, "--profile", "all", "--format", "json"]);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("stop applying after their until date", async () => {
    const { file } = rulesFile(header("# obsgen-disable-file alerts/for until 2000-01-01: until upstream fixes it"));
    expect(await ruleIds([file])).toEqual(["alerts/for"]);
  });

  it("apply only before the first group", async () => {
    const text = BARE_ALERT.replace("      - alert: InstanceDown", "      # obsgen-disable-file alerts/for: too late here\n      - alert: InstanceDown");
    const { file } = rulesFile(text);
    expect(await ruleIds([file])).toEqual(["alerts/for"]);
  });

  it("without a reason, or naming an unknown rule, are errors at the comment", async () => {
    const { file } = rulesFile(header("# obsgen-disable-file alerts/for\n# obsgen-disable-file alerts/fro: typo"));
    const r = await runInProcess(["lint", file, "--format", "json"]);
    const found = JSON.parse(r.stdout).diagnostics.map((d: any) => [d.ruleId, d.severity, d.line, d.column, d.message]);
    expect(found).toEqual([
      ["lint/unknown-silence", "error", 1, 1, expect.stringMatching(/silence of "alerts\/for" gives no reason/)],
      ["lint/unknown-silence", "error", 2, 1, expect.stringMatching(/unknown lint rule "alerts\/fro"/)],
    ]);
    expect(r.code).toBe(1);
  });

  it("that silence nothing are reported as a warning, unless their rule did not run", async () => {
    const { file } = rulesFile(header("# obsgen-disable-file alerts/for, promql/nan: kept as released\n# obsgen-disable-file alerts/annotations: not ours"));
    const r = await runInProcess(["lint", file, "--format", "json"]);
    const found = JSON.parse(r.stdout).diagnostics.map((d: any) => [d.ruleId, d.severity, d.impact, d.line, d.message]);
    // alerts/annotations does not run in the default profile: its silence is not judged.
    expect(found).toEqual([["lint/unknown-silence", "warning", "risk", 1, expect.stringMatching(/`# obsgen-disable-file promql\/nan` silences nothing/)]]);
    expect(r.code).toBe(0);
  });
});

describe("the catalog's scope", () => {
  /** A project: a catalog, a config, an exporter's rules and one of the team's own rule files. */
  function project(configBody: string): { dir: string; config: string; vendor: string; ours: string; built: string } {
    const { dir } = writeCatalog(baseCatalog());
    const config = configFile(dir, configBody);
    const write = (rel: string, text: string) => {
      mkdirSync(join(dir, rel, ".."), { recursive: true });
      writeFileSync(join(dir, rel), text);
      return join(dir, rel);
    };
    const vendor = write(
      "rules/vendor/node.yml",
      "groups:\n  - name: node\n    rules:\n      - record: instance:node_cpu:rate5m\n        expr: rate(node_cpu_seconds_total[5m])\n",
    );
    const ours = write(
      "rules/ours/shop.yml",
      "groups:\n  - name: shop\n    rules:\n      - record: shop:cpu:sum\n        expr: sum(instance:node_cpu:rate5m) + sum(checkout_requestz_total)\n",
    );
    const built = write(
      "out/prometheus/extra.yml",
      "groups:\n  - name: extra\n    rules:\n      - record: shop:x:sum\n        expr: sum(checkout_requestz_total)\n",
    );
    return { dir, config, vendor, ours, built };
  }

  const unknownIn = async (args: string[]) => {
    const r = await runInProcess(["lint", ...args, "--format", "json"]);
    return JSON.parse(r.stdout)
      .diagnostics.filter((d: { ruleId: string }) => d.ruleId === "promql/unknown-metric")
      .map((d: { file: string }) => d.file.split("/").slice(-2).join("/"))
      .sort();
  };

  it("is the output folder when the catalog comes from the config: other files are linted without it", async () => {
    const p = project("{}");
    expect(await unknownIn(["--config", p.config, join(p.dir, "rules"), join(p.dir, "out")])).toEqual(["prometheus/extra.yml"]);
  });

  it("is what lint.catalogScope names, relative to the config, and sees what out-of-scope files record", async () => {
    const p = project(`{ lint: { catalogScope: ["rules/ours/**"] } }`);
    // shop.yml reads instance:node_cpu:rate5m, recorded by the vendor file: not unknown.
    expect(await unknownIn(["--config", p.config, join(p.dir, "rules")])).toEqual(["ours/shop.yml"]);
  });

  it("is every file with --catalog, unless --catalog-scope narrows it", async () => {
    const p = project("{}");
    const entry = join(p.dir, "catalog", "index.ts");
    const files = [p.vendor, p.ours];
    expect(await unknownIn([...files, "--catalog", entry])).toEqual(["ours/shop.yml", "vendor/node.yml"]);
    const scope = join(p.dir, "rules", "ours");
    expect(await unknownIn([...files, "--catalog", entry, "--catalog-scope", scope])).toEqual(["ours/shop.yml"]);
  });
});
