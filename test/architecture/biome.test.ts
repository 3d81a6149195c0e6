/**
 * Biome lints obsgen's own code in CI (.ci/run, configured by biome.jsonc); this runs the same
 * check so a finding fails the test suite too, where it is seen before a push.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const BIOME = join(ROOT, "node_modules", ".bin", "biome");
const CI_ARGS = ["ci"];

describe("Biome", () => {
  it("finds no error in the code, checked as CI checks it", () => {
    const r = spawnSync(BIOME, [...CI_ARGS, "--reporter=summary", "--colors=off"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    // The configuration reaches the code: src, tests, catalog, scripts (about 400 files).
    const checked = Number(/Checked (\d+) files/.exec(`${r.stdout}${r.stderr}`)?.[1]);
    expect(checked).toBeGreaterThan(300);
  });

  it("is a step of CI whose failure fails the run", () => {
    const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");
    expect(ci).toContain(`npx biome ${CI_ARGS.join(" ")}\nbiome_status=$?`);
    expect(ci).toMatch(/\[ "\$biome_status" -eq 0 \]\s*$/);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.check).toBe(`biome ${CI_ARGS.join(" ")}`);
  });
});
