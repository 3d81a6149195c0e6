/**
 * tsc over catalogs a test wrote (`obsgen import`'s output, a walk-through's edits), with `import …
 * from "obsgen"` resolved to this checkout's authoring API: the check a user's editor and CI make.
 * Asynchronous (test/helpers/spawn.ts): tsc takes seconds.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./cli.js";
import { type Ran, run } from "./spawn.js";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** Writes `root`/tsconfig.json (and a module package.json) including `include` (globs), and runs tsc on it. */
export function typeCheckCatalogs(root: string, include: readonly string[]): Promise<Ran> {
  writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({
      extends: join(ROOT, "tsconfig.json"),
      compilerOptions: { noEmit: true, rootDir: "/", types: [], paths: { obsgen: [join(ROOT, "src", "index.ts")] } },
      include,
      exclude: [],
    }),
  );
  return run(process.execPath, [TSC, "-p", join(root, "tsconfig.json"), "--pretty", "false"]);
}
