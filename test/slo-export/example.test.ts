/**
 * docs/examples/slo/: the committed Sloth and OpenSLO files are what the example catalog builds
 * (its schemas and promtool checks are in export.test.ts and equivalence.test.ts). After an
 * intended change: `npx obsgen build -c docs/examples/slo/catalog/index.ts -o <tmp>` and copy
 * <tmp>/slo/sloth/ and <tmp>/slo/openslo/ over the example's folders.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { EXAMPLE_DIR, resolved } from "./helpers.js";

const files = emitAll(await resolved(join(EXAMPLE_DIR, "catalog", "index.ts"))).filter((f) => f.path.startsWith("slo/"));

describe("the SLO export example in docs/examples/slo/", () => {
  it("holds exactly the files the example catalog exports", () => {
    const committed = ["sloth", "openslo"].flatMap((d) => readdirSync(join(EXAMPLE_DIR, d)).map((n) => `slo/${d}/${n}`)).sort();
    expect(committed).toEqual(files.map((f) => f.path).sort());
  });

  for (const f of files) {
    it(`matches docs/examples/${f.path}`, () => {
      expect(readFileSync(join(EXAMPLE_DIR, f.path.slice("slo/".length)), "utf8")).toBe(f.contents);
    });
  }
});
