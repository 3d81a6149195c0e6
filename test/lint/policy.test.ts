/**
 * What `obsgen lint` prints by policy: impacts and profiles (`--profile`, `lint.profile`),
 * `lint.rules` levels on rule files, file-level disable comments, and which files a catalog governs.
 */
import { writeFileSync } from "node:fs";
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
