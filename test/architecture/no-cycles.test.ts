/**
 * No circular imports under src/: a module that imports, through any chain, a module that imports
 * it is evaluated half-initialised (whichever is loaded first sees the other's bindings undefined),
 * and reading either needs the other. Type-only imports count too: they tie the files' design
 * together just the same. Imports are read with TypeScript's own pre-processor, which finds
 * `import`, `export … from`, `import type` and `import()` without running the code.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** The graph of relative imports between src/ files, as paths relative to the repository. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const deps = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith("."))
      .map((s) => resolve(dirname(file), s).replace(/\.js$/, ".ts"))
      .filter((p) => known.has(p));
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

/** One cycle through each strongly connected component of more than one file (or a self-import). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (v: string): void => {
    state.set(v, "active");
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      const s = state.get(w);
      if (s === "active") cycles.push([...stack.slice(stack.indexOf(w)), w]);
      else if (s === undefined) visit(w);
    }
    stack.pop();
    state.set(v, "done");
  };
  for (const v of [...graph.keys()].sort()) if (!state.has(v)) visit(v);
  return cycles;
}

describe("src/ imports", () => {
  it("form no cycle", () => {
    const files = sourceFiles(SRC);
    const graph = importGraph(files);
    const shown = findCycles(graph).map((c) => c.map((f) => relative(ROOT, f)).join(" -> "));
    expect(shown).toEqual([]);
  });

  it("are all seen by the check: a graph with a known cycle is reported", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(findCycles(graph)).toEqual([["a", "b", "c", "a"]]);
    // The real graph is not empty: a check that read no imports would pass for nothing.
    const real = importGraph(sourceFiles(SRC));
    expect([...real.values()].reduce((n, d) => n + d.length, 0)).toBeGreaterThan(500);
    expect(real.get(join(SRC, "lint", "engine.ts"))).toContain(join(SRC, "lint", "registry.ts"));
  });
});
