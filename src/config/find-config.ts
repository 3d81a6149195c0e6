/**
 * Where the config is, and paths relative to it: apart from loading it (load-config.ts, with the
 * config's schema), so a command run without a config never loads the schema.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { DEFAULT_CONFIG_FILE } from "../model/conventions.js";

/** The config to use: the one given, else `./obsgen.config.ts` when it exists, else none. */
export function findConfig(given: string | undefined, cwd: string = process.cwd()): string | null {
  if (given) return given;
  const fallback = join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : null;
}

/** A path written in the config (`loaded`: the loaded config, its folder), as a path usable from the working directory. */
export function configRelative(loaded: { readonly dir: string }, p: string): string {
  return isAbsolute(p) ? p : join(loaded.dir, p);
}
