/**
 * The stubs' static code lives in real files (./runtime/), which the stubs carry verbatim under
 * the generated header: the package tsc checks and the crate cargo builds in test/stubs/ are
 * these files as written, not a template's rendering of them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseCatalog } from "../../../test/helpers/catalogs.js";
import { generatedHeader } from "../../model/conventions.js";
import { resolveCatalog } from "../../model/resolve.js";
import { metricStubsEmitter } from "./index.js";

const model = resolveCatalog(baseCatalog()).value!;
const files = new Map(metricStubsEmitter.emit(model).map((f) => [f.path, f.contents]));
const runtime = (name: string) => readFileSync(join(import.meta.dirname, "runtime", name), "utf8");

describe("the stubs' runtime files", () => {
  it.each([
    ["server.rs", "rust/src/server.rs"],
    ["registry.ts", "typescript/src/registry.ts"],
    ["runtime.ts", "typescript/src/runtime.ts"],
    ["server.ts", "typescript/src/server.ts"],
  ])("are emitted as %s is written, after the generated header, at %s", (name, path) => {
    expect(files.get(path)).toBe(`// ${generatedHeader(model.name)}\n\n${runtime(name)}`);
  });
});
