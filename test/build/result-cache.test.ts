/**
 * The built CLI keeps the resolved model and the results of lint, rule tests and emit in the OS temp folder
 * (src/io/result-cache.ts): `obsgen build` and `obsgen lint` say and write the same with the cache
 * cold, warm, and overwritten with garbage, which they replace; `obsgen test` keeps and reads the
 * model, the lint and the rule-test plan there too.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, tempDir, treeHash } from "../helpers/cli.js";
import { writeCatalog } from "../helpers/catalogs.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";
import { ruleTestCatalog } from "../rule-tests/fixture.js";

/** One run of the built CLI with its own temp folder (so its own caches). */
async function obsgen(tmp: string, args: string[]) {
  const r = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The cache's entries, by the run that owns the temp folder. */
function entries(tmp: string): string[] {
  const dir = readdirSync(tmp).find((d) => d.startsWith("obsgen-results"));
  return dir === undefined ? [] : readdirSync(join(tmp, dir)).map((f) => join(tmp, dir, f));
}

describe("the built CLI's cache of pipeline results", () => {
  it("builds and lints the shipped catalog the same cold, warm, and with every entry overwritten with garbage", async () => {
    const tmp = tempDir();
    const runs = async (tag: string) => {
      const out = join(tempDir(), `out-${tag}`);
      const built = await obsgen(tmp, ["build", "--out", out]);
      const linted = await obsgen(tmp, ["lint", "--format", "json"]);
      expect(built.status).toBe(0);
      expect(linted.status).toBe(0);
      return { build: built.stderr + built.stdout.replace(out, "<out>"), lint: linted.stdout, tree: treeHash(out) };
    };
    const cold = await runs("cold");
    const stored = entries(tmp);
    // The model (one for both commands), lint as the build runs it, rule tests and its alerts' plans, emit, and `obsgen lint`'s own lint.
    expect(stored.length).toBe(6);
    expect(await runs("warm")).toEqual(cold);
    expect(entries(tmp)).toEqual(stored);

    for (const f of stored) writeFileSync(f, "garbage");
    expect(await runs("garbage")).toEqual(cold);
    for (const f of entries(tmp)) expect(readFileSync(f, "latin1")).toMatch(/^obsgen-results 1 /);
  });
});

describeWithTool("promtool", "obsgen test with the built CLI's cache", () => {
  it("stores the model, the lint and the rule-test plan, and tests and reports the same cold and warm", async () => {
    const tmp = tempDir();
    const { entry } = writeCatalog(ruleTestCatalog());
    const cold = await obsgen(tmp, ["test", "--catalog", entry]);
    expect(cold.status, cold.stderr).toBe(0);
    expect(cold.stdout).toContain("SUCCESS");
    const stored = entries(tmp);
    // The model, the lint, the rule-test plan and its alerts' plans.
    expect(stored.length).toBe(4);
    expect(await obsgen(tmp, ["test", "--catalog", entry])).toEqual(cold);
    expect(entries(tmp)).toEqual(stored);
  });
});
