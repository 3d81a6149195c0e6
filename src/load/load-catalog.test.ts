/**
 * The transpiled-catalog cache: a catalog is bundled again whenever a file it is built from
 * changes, however small the change, and a warm load gives the same value as a cold one.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "./load-catalog.js";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "obsgen-load-test-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function valueOf(entry: string): Promise<unknown> {
  const r = await loadCatalog(entry);
  expect(r.diagnostics).toEqual([]);
  return r.value?.value;
}

describe("the transpiled-catalog cache", () => {
  it("gives the same value when nothing changed", async () => {
    const dir = folder({ "index.ts": 'import { n } from "./n.js";\nexport default { n };\n', "n.ts": "export const n: number = 1;\n" });
    const entry = join(dir, "index.ts");
    expect(await valueOf(entry)).toEqual({ n: 1 });
    expect(await valueOf(entry)).toEqual({ n: 1 });
  });

  it("bundles again when the entry file changes to a file of the same size", async () => {
    const dir = folder({ "index.ts": "export default { n: 1 };\n" });
    const entry = join(dir, "index.ts");
    expect(await valueOf(entry)).toEqual({ n: 1 });
    writeFileSync(entry, "export default { n: 2 };\n");
    expect(await valueOf(entry)).toEqual({ n: 2 });
  });

  it("bundles again when a file the entry imports changes", async () => {
    const dir = folder({ "index.ts": 'import { n } from "./n.js";\nexport default { n };\n', "n.ts": "export const n = 1;\n" });
    const entry = join(dir, "index.ts");
    expect(await valueOf(entry)).toEqual({ n: 1 });
    writeFileSync(join(dir, "n.ts"), "export const n = 3;\n");
    expect(await valueOf(entry)).toEqual({ n: 3 });
  });

  it("bundles again when the tsconfig.json esbuild resolves imports with changes", async () => {
    const dir = folder({ "index.ts": 'import { n } from "@lib/n";\nexport default { n };\n' });
    const entry = join(dir, "index.ts");
    for (const [sub, n] of [
      ["a", 5],
      ["b", 6],
    ] as const) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, "n.ts"), `export const n = ${n};\n`);
    }
    const paths = (sub: string) => JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": [`./${sub}/*`] } } });
    writeFileSync(join(dir, "tsconfig.json"), paths("a"));
    expect(await valueOf(entry)).toEqual({ n: 5 });
    writeFileSync(join(dir, "tsconfig.json"), paths("b"));
    expect(await valueOf(entry)).toEqual({ n: 6 });
  });
});
