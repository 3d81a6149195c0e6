/**
 * The two sides of a diff, each named by the user as a git revision, a folder holding a catalog,
 * a catalog entry file or a `catalog.json` from an earlier build, reduced to one shape: the
 * catalog.json value, built in memory with the pure `catalogJson()` where it is a catalog.
 *
 * A git revision is built without touching the working tree: the catalog's folder is read at
 * that revision (`git cat-file --batch`) into a temporary folder, then every relative import
 * the catalog makes within the repository (found by bundling it with esbuild) is read the same
 * way (into a scratch folder of src/io), and the result is compiled with the running obsgen.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { catalogJson } from "../emit/catalog-json.js";
import type { LoadedConfig } from "../config/load-config.js";
import { withScratchDir } from "../io/scratch-dir.js";
import { compile } from "../pipeline/compile.js";
import { type CatalogDoc, CatalogDocError, readCatalogDoc } from "./catalog-doc.js";
import type { DiffSide } from "./format.js";

export interface LoadedSide {
  readonly doc: CatalogDoc;
  readonly side: DiffSide;
}

/** A side, or why it could not be built. */
export type SideResult = { readonly ok: true; readonly value: LoadedSide } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

const fail = (d: Diagnostic): SideResult => ({ ok: false, diagnostics: [d] });
const toPosix = (p: string) => p.split(sep).join("/");

function sideOf(doc: CatalogDoc, ref: string): SideResult {
  return { ok: true, value: { doc, side: { ref, catalog: doc.catalog.name, version: doc.catalog.version } } };
}

/**
 * Builds a catalog entry file (`catalog/index.ts`) as `obsgen build` does, the config's overrides
 * applied, and serialises it.
 */
export async function sideFromCatalog(
  entry: string,
  ref: string,
  config: LoadedConfig | null,
  rewrite: (d: Diagnostic) => Diagnostic = (d) => d,
): Promise<SideResult> {
  const compiled = await compile({ entry, config, until: "model" });
  const diagnostics = compiled.diagnostics.map(rewrite);
  if (!compiled.model || hasErrors(diagnostics)) return { ok: false, diagnostics };
  return sideOf(readCatalogDoc(catalogJson(compiled.model)), ref);
}

/** Reads a `catalog.json` written by an earlier `obsgen build`. */
export function sideFromCatalogJson(file: string, ref: string): SideResult {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    return fail({
      code: "diff/catalog-json",
      severity: "error",
      file: ref,
      message: `is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      hint: "pass the catalog.json an `obsgen build` wrote (out/catalog.json)",
    });
  }
  try {
    return sideOf(readCatalogDoc(value), ref);
  } catch (e) {
    if (!(e instanceof CatalogDocError)) throw e;
    return fail({
      code: "diff/catalog-json",
      severity: "error",
      file: ref,
      message: e.message,
      hint: "pass the catalog.json an `obsgen build` wrote (out/catalog.json)",
    });
  }
}

interface Git {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function git(args: readonly string[], cwd: string, input?: string): Git {
  const r = spawnSync("git", args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) return { status: null, stdout: Buffer.alloc(0), stderr: r.error.message };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

/** Reads blobs `<commit>:<path>` in one `git cat-file --batch`; a path that is not a blob is skipped. */
function readBlobs(top: string, commit: string, paths: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (paths.length === 0) return out;
  const r = git(["cat-file", "--batch"], top, paths.map((p) => `${commit}:${p}\n`).join(""));
  if (r.status !== 0) throw new Error(`git cat-file failed: ${r.stderr.trim()}`);
  let at = 0;
  for (const p of paths) {
    const nl = r.stdout.indexOf(0x0a, at);
    const header = r.stdout.subarray(at, nl).toString("utf8");
    at = nl + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<object> missing"
    const size = Number(m[2]);
    if (m[1] === "blob") out.set(p, r.stdout.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

/** Builds the catalog as it was at a git revision, from the same entry path as the working catalog. */
export async function sideFromRevision(rev: string, entry: string, config: LoadedConfig | null): Promise<SideResult> {
  const entryAbs = resolve(entry);
  const cwd = existsSync(dirname(entryAbs)) ? dirname(entryAbs) : process.cwd();
  const topRun = git(["rev-parse", "--show-toplevel"], cwd);
  const notFound: Diagnostic = {
    code: "diff/ref",
    severity: "error",
    message: `"${rev}" is neither a file, a folder, nor a git revision`,
    hint: "pass a git revision (a tag, branch or commit), a folder holding the catalog's index.ts, or a catalog.json from an earlier build",
  };
  if (topRun.status !== 0) return fail({ ...notFound, hint: `${notFound.hint}; ${cwd} is not inside a git repository` });
  // Never let a reference be read as one of git's options.
  if (rev.startsWith("-")) return fail(notFound);
  const top = realpathSync(topRun.stdout.toString("utf8").trim());
  const commitRun = git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], top);
  if (commitRun.status !== 0) return fail(notFound);
  const commit = commitRun.stdout.toString("utf8").trim();

  const entryReal = existsSync(entryAbs) ? realpathSync(entryAbs) : entryAbs;
  const entryRel = toPosix(relative(top, entryReal));
  if (entryRel.startsWith("../")) {
    return fail({
      code: "diff/ref",
      severity: "error",
      message: `the catalog ${entry} is outside the git repository at ${top}`,
      hint: "run obsgen diff inside the catalog's repository, or pass --catalog",
    });
  }
  const list = git(["ls-tree", "-r", "-z", "--name-only", commit], top);
  if (list.status !== 0) throw new Error(`git ls-tree failed: ${list.stderr.trim()}`);
  const files = new Set(list.stdout.toString("utf8").split("\0").filter(Boolean));
  if (!files.has(entryRel)) {
    return fail({
      code: "diff/ref",
      severity: "error",
      message: `${entryRel} does not exist at ${rev}`,
      hint: "pass --catalog with the entry file the revision has, or a revision that has the catalog",
    });
  }

  return withScratchDir("obsgen-diff-", async (scratch) => {
    const tmp = scratch.path;
    const written = new Set<string>();
    const materialize = (paths: readonly string[]) => {
      const wanted = paths.filter((p) => files.has(p) && !written.has(p));
      for (const [p, data] of readBlobs(top, commit, wanted)) {
        scratch.write(p, data);
        written.add(p);
      }
    };
    // The catalog's own folder, then whatever it imports from elsewhere in the repository.
    const folder = dirname(entryRel);
    materialize(folder === "." ? [entryRel] : [...files].filter((f) => f.startsWith(`${folder}/`) && !f.includes("/node_modules/")));
    if (existsSync(join(top, "node_modules"))) scratch.linkDir("node_modules", join(top, "node_modules"));
    await materializeImports(join(tmp, entryRel), tmp, materialize);

    const shown = (p: string) => `${rev}:${toPosix(relative(tmp, p))}`;
    const rewrite = (d: Diagnostic): Diagnostic => ({
      ...d,
      ...(d.file ? { file: resolve(d.file).startsWith(`${tmp}${sep}`) ? shown(resolve(d.file)) : d.file } : {}),
      message: d.message.split(`${tmp}/`).join(`${rev}:`),
    });
    return sideFromCatalog(join(tmp, entryRel), rev, config, rewrite);
  });
}

/**
 * Bundles the catalog once (output discarded) to learn its relative imports: each import that
 * leads to a file of the revision not yet written is read from git before esbuild resolves it.
 * Errors are left to the real load, which reports them with positions.
 */
async function materializeImports(entry: string, tmp: string, materialize: (paths: readonly string[]) => void): Promise<void> {
  const { build } = await import("esbuild");
  const candidates = (rel: string) => [
    rel,
    rel.replace(/\.js$/, ".ts"),
    rel.replace(/\.mjs$/, ".mts"),
    rel.replace(/\.jsx$/, ".tsx"),
    ...["ts", "tsx", "mts", "js", "mjs", "json"].map((ext) => `${rel}.${ext}`),
    ...["ts", "tsx", "js"].map((ext) => `${rel}/index.${ext}`),
  ];
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      packages: "external",
      logLevel: "silent",
      plugins: [
        {
          name: "obsgen-git-revision",
          setup(b) {
            b.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
              const rel = toPosix(relative(tmp, resolve(args.resolveDir, args.path)));
              if (!rel.startsWith("../")) materialize(candidates(rel));
              return undefined;
            });
          },
        },
      ],
    });
  } catch {
    // Reported by loadCatalog.
  }
}

/**
 * A side named by the user: an existing folder (its `index.ts`, else `catalog/index.ts`, else
 * `catalog.json`), an existing file (`.json`: a catalog.json; otherwise a catalog entry), or a git
 * revision of the repository holding `entry`. A path that exists wins over a revision of the same name.
 * Catalogs are built with the config in use, so a side differs from a build's catalog.json only by
 * the catalog's own changes (the config at a git revision is not read: the working one applies).
 */
export async function loadSide(ref: string, entry: string, config: LoadedConfig | null): Promise<SideResult> {
  if (existsSync(ref)) {
    if (statSync(ref).isDirectory()) {
      for (const name of ["index.ts", join("catalog", "index.ts"), "catalog.json"]) {
        const p = join(ref, name);
        if (existsSync(p)) return name.endsWith(".json") ? sideFromCatalogJson(p, ref) : sideFromCatalog(p, ref, config);
      }
      return fail({
        code: "diff/ref",
        severity: "error",
        file: ref,
        message: "holds no catalog: no index.ts, catalog/index.ts or catalog.json in it",
        hint: "pass the folder of the catalog's index.ts, or a catalog.json",
      });
    }
    return ref.endsWith(".json") ? sideFromCatalogJson(ref, ref) : sideFromCatalog(ref, ref, config);
  }
  return sideFromRevision(ref, entry, config);
}
