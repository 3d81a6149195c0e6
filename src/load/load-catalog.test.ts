/**
 * The transpiled-catalog cache: a catalog is bundled again whenever a file it is built from
 * changes, however small the change, and a warm load gives the same value as a cold one. Its
 * source map leads back to the catalog's files from wherever the catalog and the working
 * directory are.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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

/** Runs `fn` with `dir` as the working directory. */
async function inDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

describe("the catalog's source map", () => {
  it("names the file, line and column of a throw while loading, at any depth and whatever the working directory", async () => {
    const base = mkdtempSync(join(tmpdir(), "obsgen-load-depth-"));
    const cwd = join(base, "w", "a", "b", "c");
    mkdirSync(cwd, { recursive: true });
    for (const where of [join(base, "p", "catalog"), join(base, "p", "q", "r", "s", "t", "catalog")]) {
      mkdirSync(where, { recursive: true });
      writeFileSync(join(where, "index.ts"), 'import { budget } from "./orders.js";\nexport default { name: "x", budget };\n');
      writeFileSync(join(where, "orders.ts"), '// Orders\n\nexport const budget: number = (() => {\n  throw new Error("budget file missing");\n})();\n');
      const r = await inDir(cwd, () => loadCatalog(join(where, "index.ts")));
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({
        code: "catalog/load",
        message: "the catalog threw while loading: budget file missing",
        file: join(where, "orders.ts"),
        line: 4,
        column: 9,
      });
    }
  });

  it("names each source by the absolute path of an existing file, whatever the working directory", async () => {
    const base = mkdtempSync(join(tmpdir(), "obsgen-load-sources-"));
    const cwd = join(base, "elsewhere", "deeper");
    mkdirSync(cwd, { recursive: true });
    mkdirSync(join(base, "catalog"));
    writeFileSync(join(base, "catalog", "index.ts"), 'import { n } from "./n.js";\nexport default { n, bundle: import.meta.url };\n');
    writeFileSync(join(base, "catalog", "n.ts"), "export const n = 1;\n");
    const r = await inDir(cwd, () => loadCatalog(join(base, "catalog", "index.ts")));
    expect(r.diagnostics).toEqual([]);
    const bundle = fileURLToPath((r.value!.value as { bundle: string }).bundle);
    const inline = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(readFileSync(bundle, "utf8"));
    expect(inline).not.toBeNull();
    const sources = (JSON.parse(Buffer.from(inline![1]!, "base64").toString("utf8")) as { sources: string[] }).sources;
    expect(sources).toContain(join(base, "catalog", "index.ts"));
    expect(sources).toContain(join(base, "catalog", "n.ts"));
    for (const s of sources) {
      expect(s).toBe(resolve(s));
      expect(existsSync(s)).toBe(true);
    }
  });
});
