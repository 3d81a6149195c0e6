/**
 * load: catalog/index.ts -> unknown. The catalog is TypeScript; esbuild bundles it (with every
 * file it imports) into one ES module in memory, which is then imported. Types are not checked
 * here (that is `tsc`'s job in the author's editor and CI); the zod schema validates the value.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import { type CatalogSites, catalogSites } from "./declarations.js";
import { stackFrames } from "./stack-frames.js";
import { isPrivateDir, userTempDir } from "../util/private-temp-dir.js";

declare const OBSGEN_VERSION: string | undefined;
/**
 * `import()` lent by dist/cli.js, which runs the bundled CLI as a script (for V8's code cache, see
 * scripts/build.mjs), where `import()` is not available; undefined when running as modules.
 */
declare const __obsgenImport: ((specifier: string) => Promise<unknown>) | undefined;

function importModule(specifier: string): Promise<unknown> {
  return typeof __obsgenImport === "function" ? __obsgenImport(specifier) : import(specifier);
}

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

/**
 * The first stack frame in one of the catalog's own files (those it was bundled from, but obsgen's
 * authoring module and packages), as `file:line:col`.
 */
function catalogFrame(stack: string | undefined, own: ReadonlySet<string>): { file: string; line: number; column: number } | undefined {
  const frame = stackFrames(stack).find((f) => own.has(f.file));
  return frame && { file: display(frame.file), line: frame.line, column: frame.column };
}

/** The catalog's own files among a bundle's inputs: not obsgen's (its sources or dist/), nor a package's. */
function ownFiles(inputs: readonly string[], root: string): Set<string> {
  const obsgen = [`${join(root, "src")}${sep}`, `${join(root, "dist")}${sep}`];
  return new Set(inputs.filter((f) => !f.includes(`${sep}node_modules${sep}`) && !obsgen.some((d) => f.startsWith(d))));
}

/** What a loaded module is, for messages: the catalog, or obsgen.config.ts. */
export interface ModuleKind {
  /** Diagnostic code of load failures. */
  readonly code: string;
  /** "catalog", "config": what the messages call the module. */
  readonly noun: string;
  /** Hint when the file does not exist. */
  readonly missingHint: string;
  /** Hint when the module has no default export. */
  readonly exportHint: string;
  /** A named export accepted in place of the default one. */
  readonly exportName: string;
}

export const CATALOG_MODULE: ModuleKind = {
  code: "catalog/load",
  noun: "catalog",
  missingHint: "pass --catalog <path to the catalog's index.ts>, or run `obsgen init` to scaffold one",
  exportHint: "end the file with `export default defineCatalog({ … })`",
  exportName: "catalog",
};

export interface LoadedCatalog {
  readonly value: unknown;
  /** Path of the entry file as the user should read it. */
  readonly file: string;
  /** Absolute paths of every file the module was built from (itself and what it imports). */
  readonly inputs: readonly string[];
  /** Where the catalog's elements were declared, by catalog path. */
  readonly sites: CatalogSites;
}

/** Loads a catalog entry file (or another TypeScript module, per `kind`) and returns its default export (or its named one). */
export async function loadCatalog(entry: string, kind: ModuleKind = CATALOG_MODULE): Promise<Result<LoadedCatalog>> {
  const file = resolve(entry);
  const shown = display(file);
  if (!existsSync(file)) {
    return fail({
      code: kind.code,
      severity: "error",
      message: `${kind.noun} file ${shown} does not exist`,
      file: shown,
      hint: kind.missingHint,
    });
  }
  const root = packageRoot();
  const bundledOrErrors = await bundleCached(file, authoringModule(root));
  if (Array.isArray(bundledOrErrors)) {
    return {
      value: undefined,
      diagnostics: bundledOrErrors.map((x) => ({
        code: kind.code,
        severity: "error" as const,
        message: `the ${kind.noun} does not compile: ${x.text}`,
        ...(x.location ? { file: display(x.location.file), line: x.location.line, column: x.location.column + 1 } : { file: shown }),
        hint: "fix the TypeScript syntax or import at that location",
      })),
    };
  }
  const { bundle: bundled, inputs } = bundledOrErrors;

  process.setSourceMapsEnabled(true);
  let mod: Record<string, unknown>;
  try {
    mod = (await importModule(pathToFileURL(bundled).href)) as Record<string, unknown>;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const where = catalogFrame(error.stack, ownFiles(inputs, root)) ?? { file: shown };
    return fail({
      code: kind.code,
      severity: "error",
      message: `the ${kind.noun} threw while loading: ${error.message}`,
      ...where,
      hint: `the ${kind.noun}'s modules must evaluate without throwing; fix the code at that location`,
    });
  }
  const value = mod.default ?? mod[kind.exportName];
  if (value === undefined) {
    return fail({
      code: kind.code,
      severity: "error",
      message: `${shown} has no default export`,
      file: shown,
      hint: kind.exportHint,
    });
  }
  const built = new Set(inputs);
  const sites = catalogSites(value, (f) => built.has(f), display);
  return { value: { value, file: shown, inputs, sites }, diagnostics: [] };
}

/** A transpiled module and the files it was built from. */
interface Bundled {
  readonly bundle: string;
  readonly inputs: readonly string[];
}

interface BuildError {
  readonly text: string;
  /** `file` is absolute. */
  readonly location?: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/**
 * Where a transpiled module was last written, and what it was built from: every input file's
 * size and content hash, and the config files esbuild reads beside them (tsconfig.json,
 * package.json: present or not). Kept beside the bundles, one per entry file.
 */
interface CacheKey {
  readonly bundle: string;
  /** The files esbuild reported as the bundle's inputs. */
  readonly inputs: readonly string[];
  readonly files: ReadonlyArray<readonly [path: string, size: number, sha: string] | readonly [path: string, absent: -1]>;
}

/** 3: source maps name their sources by absolute location (bundles of version 2 name them relative to the working directory). */
const CACHE_KEY_VERSION = 3;
/** Files esbuild reads while resolving and transpiling, besides the inputs it reports. */
const RESOLUTION_FILES = ["tsconfig.json", "jsconfig.json", "package.json"];

const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

/**
 * Bundles `file` with esbuild into a content-addressed module in the OS temp folder and returns
 * its path (or esbuild's errors). A cache key beside it lists the files the bundle was built from
 * with their sizes and content hashes: when every one still matches, esbuild is not even loaded
 * (its service start is most of a warm `obsgen lint`). Contents are hashed rather than trusting
 * modification times, which file systems with one- or two-second resolution would let a quick
 * same-size edit slip past; hashing a catalog takes well under a millisecond.
 */
async function bundleCached(file: string, authoring: string): Promise<Bundled | BuildError[]> {
  const dir = cacheDir();
  const version = typeof OBSGEN_VERSION === "string" ? OBSGEN_VERSION : "dev";
  const keyFile = join(dir, `key-${sha256(`${CACHE_KEY_VERSION}\0${version}\0${file}\0${authoring}`).slice(0, 24)}.json`);
  const hit = cachedBundle(keyFile);
  if (hit !== undefined) return hit;

  const { build } = await import("esbuild");
  const workDir = dirname(file);
  let code: string;
  let inputs: string[];
  try {
    // The output path is only where esbuild counts the map's sources from: nothing is written.
    const outfile = join(dir, "catalog.mjs");
    const out = await build({
      entryPoints: [file],
      // Paths in the metafile and in errors are relative to this folder. esbuild's service
      // otherwise counts them from the working directory it started in, which need not be the
      // current one (a process that changed it since its first build).
      absWorkingDir: workDir,
      bundle: true,
      write: false,
      outfile,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "external",
      sourcesContent: false,
      alias: { obsgen: authoring },
      logLevel: "silent",
      metafile: true,
    });
    const js = out.outputFiles.find((f) => f.path === outfile)!;
    const map = out.outputFiles.find((f) => f.path === `${outfile}.map`)!;
    code = `${js.text}${inlineSourceMap(map.text, dirname(outfile))}`;
    inputs = Object.keys(out.metafile.inputs).map((p) => resolve(workDir, p));
  } catch (e) {
    const errors = (e as { errors?: BuildError[] }).errors ?? [];
    if (errors.length === 0) throw e;
    return errors.map((x) => (x.location ? { ...x, location: { ...x.location, file: resolve(workDir, x.location.file) } } : x));
  }

  // Each distinct bundle is written once to a content-addressed file and imported from there,
  // so stack traces map back to the catalog sources through the inline source map.
  const bundled = join(dir, `catalog-${sha256(code).slice(0, 16)}.mjs`);
  if (!existsSync(bundled)) writeAtomically(bundled, code);
  const key = keyOf(bundled, inputs);
  if (key !== undefined) writeAtomically(keyFile, JSON.stringify(key));
  return { bundle: bundled, inputs };
}

/**
 * The bundle's source map as its trailing comment, naming each source by absolute location. Node
 * (mapping stack traces, `process.setSourceMapsEnabled`) and Vite (under vitest) resolve `sources`
 * against the bundle's own URL, in the temp folder: a path relative to anything else points
 * nowhere, and one relative to that folder breaks where it is reached through a symlink (macOS's
 * `/var` is `/private/var`, one folder deeper). On POSIX an absolute path, which is a valid URL
 * path and what Vite reads from disk; on Windows a file URL, as a drive letter reads as a scheme.
 */
function inlineSourceMap(json: string, relativeTo: string): string {
  const map = JSON.parse(json) as { sources: string[] };
  map.sources = map.sources.map((s) => {
    const abs = resolve(relativeTo, s);
    return sep === "/" ? pathToFileURL(abs).pathname : pathToFileURL(abs).href;
  });
  return `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
}

/** The bundle a cache key names, when its bundle exists and every file it lists is unchanged. */
function cachedBundle(keyFile: string): Bundled | undefined {
  let key: CacheKey;
  try {
    key = JSON.parse(readFileSync(keyFile, "utf8")) as CacheKey;
  } catch {
    return undefined;
  }
  if (
    typeof key?.bundle !== "string" ||
    dirname(key.bundle) !== dirname(keyFile) ||
    !Array.isArray(key.files) ||
    !Array.isArray(key.inputs) ||
    !existsSync(key.bundle)
  ) {
    return undefined;
  }
  for (const entry of key.files) {
    const [path, size, sha] = entry as readonly [string, number, string?];
    if (size === -1) {
      if (existsSync(path)) return undefined;
      continue;
    }
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      return undefined;
    }
    if (data.length !== size || sha256(data) !== sha) return undefined;
  }
  return { bundle: key.bundle, inputs: key.inputs };
}

/** The cache key of a fresh bundle; undefined when an input cannot be read back (then nothing is cached). */
function keyOf(bundle: string, inputs: readonly string[]): CacheKey | undefined {
  const files: Array<readonly [string, number, string] | readonly [string, -1]> = [];
  const dirs = new Set<string>();
  try {
    for (const path of inputs) {
      const data = readFileSync(path);
      files.push([path, data.length, sha256(data)]);
      for (let d = dirname(path); !dirs.has(d); d = dirname(d)) {
        dirs.add(d);
        if (dirname(d) === d) break;
      }
    }
    for (const d of [...dirs].sort()) {
      for (const name of RESOLUTION_FILES) {
        const path = join(d, name);
        if (!existsSync(path)) files.push([path, -1]);
        else {
          const data = readFileSync(path);
          files.push([path, data.length, sha256(data)]);
        }
      }
    }
  } catch {
    return undefined;
  }
  return { bundle, inputs, files };
}

/**
 * The folder of transpiled catalogs: the user's own in the OS temp folder, as only its owner may
 * write modules this process imports. When it cannot be made private (a shared temp folder where
 * someone else made it), a fresh one for this run.
 */
function cacheDir(): string {
  const dir = userTempDir("obsgen-catalogs");
  return isPrivateDir(dir) ? dir : mkdtempSync(join(tmpdir(), "obsgen-catalogs-run-"));
}

/** Writes through a temporary file and a rename, so a concurrent obsgen never reads half a file. */
function writeAtomically(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function fail(d: Diagnostic): Result<LoadedCatalog> {
  return { value: undefined, diagnostics: [d] };
}
