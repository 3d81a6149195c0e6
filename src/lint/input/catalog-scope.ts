/**
 * Which rule files and dashboards a catalog governs: those are judged against its metrics, labels
 * and runbooks; the others (exporters' and mixins' rules kept beside one's own) are linted as
 * third-party files, without the catalog.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";

/** Globs and the folder they are relative to (the working directory, or the config's folder). */
export interface ScopeGlobs {
  readonly patterns: readonly string[];
  readonly base: string;
}

/**
 * A glob as a regular expression over `/`-separated relative paths: `**` any run of folders,
 * `*` and `?` within one name. A pattern also covers everything below a folder it names
 * (`rules/ours` is `rules/ours/**`).
 */
export function globRegExp(pattern: string): RegExp {
  const p = pattern.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "*" && p[i + 1] === "*") {
      // `**/` matches zero or more folders; a trailing `**` anything.
      if (p[i + 2] === "/") {
        re += "(?:.*/)?";
        i += 2;
      } else {
        re += ".*";
        i += 1;
      }
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** Whether a file (as given on the command line or found in a folder) matches one of the globs. */
export function inScopeOf(globs: ScopeGlobs, file: string): boolean {
  const rel = relative(globs.base, resolve(file)).split(sep).join("/");
  // An absolute pattern is taken relative to the base, as the file is.
  return globs.patterns.some((p) => globRegExp(isAbsolute(p) ? relative(globs.base, p).split(sep).join("/") : p).test(rel));
}

/** Whether `file` is `folder` or below it. */
export function isUnder(file: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(file));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
