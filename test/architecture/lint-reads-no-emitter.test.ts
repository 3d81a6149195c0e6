/**
 * Lint reads the resolved model, never an emitter: what both need (names, the dashboards' data
 * source) lives in model/conventions.ts, so changing an output cannot change what lint sees.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const LINT = join(ROOT, "src", "lint");
const EMIT = join(ROOT, "src", "emit");

/** The relative module specifiers of a file's static and dynamic imports and re-exports. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.[^"']+)["']/g)].map((m) => m[1]!);
}

describe("the lint layer", () => {
  it("imports no module of src/emit", () => {
    const files = readdirSync(LINT, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(50);
    const reaching = files.flatMap((f) =>
      specifiers(readFileSync(join(LINT, f), "utf8"))
        .filter((s) => !relative(EMIT, resolve(LINT, f, "..", s)).startsWith(".."))
        .map((s) => `src/lint/${f} imports ${s}`),
    );
    expect(reaching).toEqual([]);
  });
});
