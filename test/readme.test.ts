/** The catalog example in the README builds, so the documentation cannot drift from the API. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { writeCatalog } from "./helpers/catalogs.js";
import { ROOT, runInProcess } from "./helpers/cli.js";

it("the README's catalog example builds without a lint warning", async () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const example = /```ts\n(\/\/ catalog\/index\.ts\n[\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const { dir, entry } = writeCatalog(example!);
  const r = await runInProcess(["build", "--catalog", entry, "--out", join(dir, "out")]);
  // The example is what a reader copies: it must be lint-clean, not only valid.
  expect(r.stderr).not.toMatch(/^(error|warning)/m);
  expect(r.code).toBe(0);
  const rules = readFileSync(join(dir, "out", "prometheus", "rules", "shop_high_priority.yml"), "utf8");
  expect(rules).toContain('histogram_quantile(0.99, sum by (le) (rate(checkout_request_duration_seconds_bucket{method="POST"}[5m]))) > 0.25');
});
