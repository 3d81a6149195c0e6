/**
 * Writes the folder `obsgen import` makes, atomically: the files go to a sibling folder first,
 * which then takes the target's place. A non-empty folder is replaced only when an earlier import
 * wrote it (its marker file is there) and `force` is given; any other folder is never touched.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export type ImportDirResult = { readonly status: "written" } | { readonly status: "refused"; readonly reason: "not-import" | "earlier-import" };

export function writeImportDir(dir: string, files: readonly { path: string; contents: string }[], marker: string, force: boolean): ImportDirResult {
  const present = existsSync(dir) ? readdirSync(dir) : [];
  if (present.length > 0 && !present.includes(marker)) return { status: "refused", reason: "not-import" };
  if (present.length > 0 && !force) return { status: "refused", reason: "earlier-import" };
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(dir)}.obsgen-import-`));
  try {
    for (const f of files) {
      const p = join(staging, f.path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.contents);
    }
    if (existsSync(dir)) {
      const old = `${staging}-old`;
      renameSync(dir, old);
      renameSync(staging, dir);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { status: "written" };
}
