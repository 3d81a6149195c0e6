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

describe("file-level disable comments", () => {
  const header = (lines: string) => `${lines}\n${BARE_ALERT}`;

  it("silence the rules they name for every rule of the file, with a reason", async () => {
    const { file } = rulesFile(
      header("# Vendored from upstream.\n# obsgen-disable-file alerts/for, alerts/annotations: upstream's alerts, kept as released"),
    );
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
