/**
 * tsc type-checks the whole project: sources, the shipped catalog (so its typed references are
 * compile-checked) and test/types/, whose @ts-expect-error lines prove that wrong label values,
 * unknown labels and wrong metric kinds are compile errors for catalog authors.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

it("tsc accepts the project, the shipped catalog and the type-level tests", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
});
