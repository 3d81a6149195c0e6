/**
 * The config as commands see it: found (`--config <path>`, else `./obsgen.config.ts` when
 * present), loaded, validated, and merged under the command-line flags (flags win over the
 * config, the config over the defaults). An invalid config stops the command with exit code 2.
 */
import { existsSync } from "node:fs";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { configRelative, DEFAULT_CATALOG, findConfig } from "../config/find-config.js";
import type { LoadedConfig } from "../config/load-config.js";
import { diskResultStore, runningBuildId } from "../io/result-cache.js";
import type { StageCache } from "../pipeline/stage-cache.js";
import { type GlobalFlags, type Io, Timings } from "./output.js";
import { count, renderDiagnostic } from "./render.js";

export interface CommandContext {
  /** The config in use, or null when there is none. */
  readonly config: LoadedConfig | null;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
  readonly timings: Timings;
  /** Results of earlier runs (src/pipeline/stage-cache.ts), when running as built; see {@link stageCache}. */
  readonly cache?: StageCache;
}

/** Loads the config for a command; a number is the exit code when it cannot be used. */
export async function commandContext(flags: GlobalFlags, io: Io, color: boolean): Promise<CommandContext | number> {
  const timings = new Timings(io, Boolean(flags.verbose));
  const cache = stageCache();
  const common = { quiet: Boolean(flags.quiet), verbose: Boolean(flags.verbose), color, timings, ...(cache ? { cache } : {}) };
  const path = findConfig(flags.config);
  if (path === null) return { config: null, ...common };
  // The config's loader and schema are loaded only when there is a config.
  const { loadConfig } = await import("../config/load-config.js");
  const loaded = await timings.time("config", () => loadConfig(path));
  if (!loaded.value) {
    for (const d of sortDiagnostics(loaded.diagnostics)) io.err(renderDiagnostic(d, { color }));
    io.err(`obsgen: ${count(loaded.diagnostics.length, "error")} in the config; nothing was done`);
    return 2;
  }
  if (flags.verbose) io.err(`obsgen: using the config ${loaded.value.file}`);
  return { config: loaded.value, ...common };
}

/**
 * The cache of the pipeline's results in the OS temp folder (src/io/result-cache.ts), when obsgen
 * runs as built (dist/, whose build identity keys it); none from the sources, whose code changes
 * without a new identity.
 */
export function stageCache(): StageCache | undefined {
  const buildId = runningBuildId();
  if (buildId === undefined) return undefined;
  const store = diskResultStore();
  return store === undefined ? undefined : { store, buildId };
}

/**
 * The catalog entry: the flag, else the config's `catalog`, else `catalog/index.ts` beside the
 * config when it exists (paths in and beside the config are relative to the config file), else
 * none (the command's own default).
 */
export function catalogOption(flag: string | undefined, config: LoadedConfig | null): string | undefined {
  if (flag) return flag;
  if (!config) return undefined;
  if (config.config.catalog !== undefined) return configRelative(config, config.config.catalog);
  const beside = configRelative(config, DEFAULT_CATALOG);
  return existsSync(beside) ? beside : undefined;
}

/** The output folder: the flag, else the config's `out`, else `out` (beside the config when there is one). */
export function outOption(flag: string | undefined, config: LoadedConfig | null): string {
  if (flag) return flag;
  return config ? configRelative(config, config.config.out ?? "out") : "out";
}
