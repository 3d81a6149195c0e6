/**
 * `obsgen build` as the command line runs it: the config and the global flags merged under the
 * command's flags, then one build (`runBuild`) or, with `--watch`, a build on every change.
 */
import { existsSync, realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { findConfig } from "../config/load-config.js";
import { pickCatalog, runBuild } from "./commands/build.js";
import { catalogOption, commandContext, outOption } from "./config-cli.js";
import { type GlobalFlags, type Io, SILENT_IO } from "./output.js";
import { watchBuild } from "./watch.js";

export interface BuildFlags {
  readonly catalog?: string;
  readonly out?: string;
  readonly check?: boolean;
  readonly watch?: boolean;
}

export async function runBuildCommand(flags: BuildFlags, globals: GlobalFlags, io: Io, color: boolean): Promise<number> {
  if (flags.watch && flags.check) {
    io.err("obsgen build: --watch and --check do not go together (--check writes nothing to watch)");
    return 2;
  }
  const once = async (): Promise<number> => {
    // The config is read again on every build, so a watched config change takes effect.
    const ctx = await commandContext(globals, io, color);
    if (typeof ctx === "number") return ctx;
    return runBuild(
      {
        ...(catalogOption(flags.catalog, ctx.config) !== undefined ? { catalog: catalogOption(flags.catalog, ctx.config)! } : {}),
        out: outOption(flags.out, ctx.config),
        ...(flags.check ? { check: true } : {}),
        config: ctx.config,
        quiet: ctx.quiet,
        color,
        timings: ctx.timings,
      },
      io,
    );
  };
  if (!flags.watch) return once();

  // What to watch: the catalog's folder and the config file, as they are when watching starts.
  const ctx = await commandContext(globals, SILENT_IO, false);
  const config = typeof ctx === "number" ? null : ctx.config;
  const entry = pickCatalog(catalogOption(flags.catalog, config), SILENT_IO);
  // An invalid config is watched too, so fixing it rebuilds.
  const configFile = findConfig(globals.config);
  return watchBuild(
    {
      paths: [dirname(resolve(entry)), ...(configFile && existsSync(configFile) ? [resolve(configFile)] : [])],
      ignore: realAndGiven(outOption(flags.out, config)),
      build: once,
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
