// Builds dist/: the CLI and the public authoring API bundled by esbuild (fast, one file each),
// plus type declarations for catalog authors when TypeScript is installed (it is a dev dependency).
// The build goes to a temporary folder swapped in at the end, so a running obsgen (or a parallel
// test run) never sees a half-written dist/.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = join(root, `.dist-tmp-${process.pid}`);
const old = join(root, `.dist-old-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });

try {
  await build({
    absWorkingDir: root,
    entryPoints: { cli: "src/cli/main.ts", index: "src/index.ts" },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Dependencies are bundled too: loading commander, zod, yaml and lezer from node_modules is
    // hundreds of small modules to resolve, read and compile on every start. esbuild stays
    // external (it finds its native binary beside its own package); prefer ESM entry points.
    external: ["esbuild"],
    mainFields: ["module", "main"],
    // Bundled CommonJS (commander) requires Node built-ins: give ESM chunks a `require`.
    banner: { js: 'import { createRequire as __obsgenCreateRequire } from "node:module";\nconst require = __obsgenCreateRequire(import.meta.url);' },
    sourcemap: true,
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
    define: { OBSGEN_VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version) },
  });

  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  if (existsSync(tsc)) {
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.dist.json", "--outDir", tmp], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) throw new Error("type declarations failed");
  }
  const dist = join(root, "dist");
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
} catch (e) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
