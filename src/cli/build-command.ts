/**
 * `obsgen build` as the command line runs it: the config and the global flags merged under the
 * command's flags, then one build (`runBuild`) or, with `--watch`, a build on every change.
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { findConfig } from "../config/find-config.js";
import { DEFAULT_CONFIG_FILE } from "../model/conventions.js";
import { pickCatalog, runBuild } from "./commands/build.js";
import { catalogOption, commandContext, outOption } from "./config-cli.js";
import { type GlobalFlags, type Io, SILENT_IO } from "./output.js";
import { watchBuild } from "./watch.js";

export interface BuildFlags {
  readonly catalog?: string;
  readonly out?: string;
  readonly check?: boolean;
  readonly watch?: boolean;
  readonly env?: string;
}

export async function runBuildCommand(flags: BuildFlags, globals: GlobalFlags, io: Io, color: boolean): Promise<number> {
  if (flags.watch && flags.check) {
    io.err("obsgen build: --watch and --check do not go together (--check writes nothing to watch)");
    return 2;
  }
  /** One build; `read`, when given, is told the files it read (the config's and the catalog's). */
  const once = async (read?: (files: readonly string[], complete: boolean) => void): Promise<number> => {
    // The config is read again on every build, so a watched config change takes effect.
    const ctx = await commandContext(globals, io, color);
    if (typeof ctx === "number") {
      // The config did not load: what it and the catalog import is unknown this time.
      read?.([], false);
      return ctx;
    }
    return runBuild(
      {
        ...(catalogOption(flags.catalog, ctx.config) !== undefined ? { catalog: catalogOption(flags.catalog, ctx.config)! } : {}),
        out: outOption(flags.out, ctx.config),
        ...(flags.check ? { check: true } : {}),
        ...(flags.env !== undefined ? { env: flags.env } : {}),
        config: ctx.config,
        quiet: ctx.quiet,
        color,
        timings: ctx.timings,
        ...(ctx.cache ? { cache: ctx.cache } : {}),
        ...(read ? { onLoaded: (entry: string, inputs: readonly string[]) => read([...(ctx.config?.inputs ?? []), entry, ...inputs], inputs.length > 0) } : {}),
      },
      io,
    );
  };
  if (!flags.watch) return once();

  // What to watch first: the catalog's entry and the config (or where `./obsgen.config.ts` would be,
  // so writing one takes effect); each build then says which files it read.
  const ctx = await commandContext(globals, SILENT_IO, false);
  const config = typeof ctx === "number" ? null : ctx.config;
  const entry = pickCatalog(catalogOption(flags.catalog, config), SILENT_IO);
  const configFile = resolve(findConfig(globals.config) ?? DEFAULT_CONFIG_FILE);
  return watchBuild(
    {
      files: [resolve(entry), configFile, ...(config?.inputs ?? [])],
      ignore: realAndGiven(outOption(flags.out, config)),
      build: async () => {
        let files: readonly string[] = [];
        let complete = false;
        const code = await once((read, all) => {
          files = read;
          complete = all;
        });
        // The config file is watched whether or not it exists or loads, so writing or fixing it rebuilds.
        return { code, files: [configFile, ...files], complete };
      },
      quiet: Boolean(globals.quiet),
    },
    io,
  );
}

/** A folder as given and, when it exists, with symlinks resolved: events may name either. */
function realAndGiven(dir: string): string[] {
  const given = resolve(dir);
  try {
    const real = realpathSync(given);
    return real === given ? [given] : [given, real];
  } catch {
    return [given];
  }
}
