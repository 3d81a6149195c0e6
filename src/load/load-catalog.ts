/**
 * load: catalog/index.ts -> unknown. The catalog is TypeScript; esbuild bundles it (with every
 * file it imports) into one ES module in memory, which is then imported. Types are not checked
 * here (that is `tsc`'s job in the author's editor and CI); the zod schema validates the value.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";

/** The package's root folder (holding package.json), from this module's location in src/ or dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "catalog"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("obsgen: cannot find its own package root");
    dir = up;
  }
}

/** The module a catalog's `import … from "obsgen"` resolves to: this running copy of obsgen. */
function authoringModule(root: string): string {
  const dist = join(root, "dist", "index.js");
  // Running from the TypeScript sources (tests, development) the sources are the authoring module.
  return existsSync(dist) && !import.meta.url.endsWith(".ts") ? dist : join(root, "src", "index.ts");
}

/** The catalog shipped with obsgen (the py_rt trading system), used when no catalog is given or found. */
export function shippedCatalogPath(): string {
  return join(packageRoot(), "catalog", "index.ts");
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

/** Finds the first stack frame inside the catalog's own files, as `file:line:col`. */
function catalogFrame(stack: string | undefined, catalogDir: string): { file: string; line: number; column: number } | undefined {
  if (!stack) return undefined;
  for (const m of stack.matchAll(/\(?((?:file:\/\/)?\/[^():\s]+):(\d+):(\d+)\)?/g)) {
    const file = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
    if (file.startsWith(catalogDir) && !file.includes("node_modules")) {
      return { file: display(file), line: Number(m[2]), column: Number(m[3]) };
    }
  }
  return undefined;
}

export interface LoadedCatalog {
  readonly value: unknown;
  /** Path of the entry file as the user should read it. */
  readonly file: string;
}

/** Loads a catalog entry file and returns its default export (or its `catalog` export). */
export async function loadCatalog(entry: string): Promise<Result<LoadedCatalog>> {
  const file = resolve(entry);
  const shown = display(file);
  if (!existsSync(file)) {
    return fail({
      code: "catalog/load",
      severity: "error",
      message: `catalog file ${shown} does not exist`,
      file: shown,
      hint: "pass --catalog <path to the catalog's index.ts>, or run `obsgen init` to scaffold one",
    });
  }
  const { build } = await import("esbuild");
  const root = packageRoot();
  let code: string;
  try {
    const out = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "inline",
      sourcesContent: false,
      alias: { obsgen: authoringModule(root) },
      logLevel: "silent",
    });
    code = out.outputFiles[0]!.text;
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors ?? [];
    if (errors.length === 0) throw e;
    return {
      value: undefined,
      diagnostics: errors.map((x) => ({
        code: "catalog/load",
        severity: "error" as const,
        message: `the catalog does not compile: ${x.text}`,
        ...(x.location ? { file: display(resolve(x.location.file)), line: x.location.line, column: x.location.column + 1 } : { file: shown }),
        hint: "fix the TypeScript syntax or import at that location",
      })),
    };
  }

  // Each distinct bundle is written once to a content-addressed file and imported from there,
  // so stack traces map back to the catalog sources through the inline source map.
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), "obsgen-catalogs");
  mkdirSync(dir, { recursive: true });
  const bundled = join(dir, `catalog-${hash}.mjs`);
  if (!existsSync(bundled)) writeFileSync(bundled, code);

  process.setSourceMapsEnabled(true);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(bundled).href)) as Record<string, unknown>;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const where = catalogFrame(error.stack, dirname(file)) ?? { file: shown };
    return fail({
      code: "catalog/load",
      severity: "error",
      message: `the catalog threw while loading: ${error.message}`,
      ...where,
      hint: "the catalog's modules must evaluate without throwing; fix the code at that location",
    });
  }
  const value = mod.default ?? mod.catalog;
  if (value === undefined) {
    return fail({
      code: "catalog/load",
      severity: "error",
      message: `${shown} has no default export`,
      file: shown,
      hint: "end the file with `export default defineCatalog({ … })`",
    });
  }
  return { value: { value, file: shown }, diagnostics: [] };
}

function fail(d: Diagnostic): Result<LoadedCatalog> {
  return { value: undefined, diagnostics: [d] };
}
