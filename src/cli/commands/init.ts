/**
 * `obsgen init [dir]`: scaffold a catalog (one service, one metric of each type, one alert, one
 * dashboard) and an `obsgen.config.ts` in `dir` (default: the working directory). Refuses to
 * overwrite: when any of the files exists, nothing is written and the command exits 1.
 */
import { basename, join, relative, resolve } from "node:path";
import { scaffoldFiles } from "../../init/scaffold.js";
import { writeNewFiles } from "../../io/new-files.js";
import type { Io } from "../output.js";

export interface InitOptions {
  readonly quiet?: boolean;
}

export function runInit(dir: string | undefined, opts: InitOptions, io: Io): number {
  const target = resolve(dir ?? ".");
  const shown = relative(process.cwd(), target) || ".";
  const files = scaffoldFiles(basename(target));
  const r = writeNewFiles(target, files);
  if ("existing" in r) {
    for (const p of r.existing) io.err(`error ${join(shown, p)}: already exists; obsgen init never overwrites a file [init/exists]`);
    io.err(`obsgen init: nothing was written; move ${r.existing.length === 1 ? "that file" : "those files"} away or run \`obsgen init <another folder>\``);
    return 1;
  }
  if (opts.quiet) return 0;
  for (const p of r.written) io.out(`created ${join(shown, p)}`);
  const cd = shown === "." ? "" : `cd ${shown} && `;
  io.out(`obsgen init: scaffolded a catalog; next: ${cd}obsgen build && obsgen lint`);
  return 0;
}
