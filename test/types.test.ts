/**
 * tsc type-checks the whole project: sources, the shipped catalog (so its typed references are
 * compile-checked) and test/types/, whose @ts-expect-error lines prove that wrong label values,
 * unknown labels and wrong metric kinds are compile errors for catalog authors.
 */
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";
import { run } from "./helpers/spawn.js";

it("tsc accepts the project, the shipped catalog and the type-level tests", async () => {
  const r = await run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"], { cwd: ROOT });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
});
