/**
 * Where the config is, and paths relative to it: apart from loading it (load-config.ts, with the
 * config's schema and esbuild's loader), so a command run without a config, such as `obsgen lint <files>`,
 * loads neither.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { DEFAULT_CONFIG_FILE } from "../model/conventions.js";
import type { ResolvedConfig } from "./schema.js";

/** A loaded config (`loadConfig` in load-config.ts). */
export interface LoadedConfig {
  readonly config: ResolvedConfig;
  /** The config file as the user should read it (relative to the working directory where possible). */
  readonly file: string;
  /** Absolute folder of the config file: its relative paths are relative to it. */
  readonly dir: string;
  /** Absolute paths of the config file and every file it imports (`obsgen build` never replaces their folders). */
  readonly inputs: readonly string[];
}

/** The catalog entry a command reads when none is named (beside the config, or in the working directory). */
export const DEFAULT_CATALOG = "catalog/index.ts";

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
